/**
 * Building the spec again after some pages changed, reusing what the previous build computed.
 *
 * The spec is `assembleSpec` of globals, entries and page diagnostics (below), and each part has
 * inputs that are cheap to compare:
 *
 * - the **globals** are a function of all page footprints: they are reused when no page was added
 *   or removed and every changed page kept its footprint (the usual prose edit), or when the
 *   changed pages leave the outputs of the globals' inner stages as they were (`key-facts.ts`: a
 *   parameter renamed); otherwise their cross-page part is computed again, from the stages the
 *   changed pages reach and the previous build's others (`global-stages.ts`);
 * - an **entry** is a function of its `KeyContext` (from the globals) and the full pages that
 *   document it: it is rebuilt when that context or one of those pages changed, and otherwise kept
 *   as the previous build wrote it (its text in `spec.json`, its hash and its summary);
 * - the **diagnostics** are the pages' own, those of the entries that failed to build and those of
 *   computing the globals: the previous build's list when none of these can have changed.
 *
 * With no previous build everything is computed: a first run and an incremental run are the same
 * function, and a test asserts that they give byte-identical output.
 */
import { compareStrings, type Diagnostic } from '../diagnostics.js';
import type { PageModel } from '../model/page.js';
import type { Api, Spec } from '../model/spec.js';
import { countBySeverity, sharedFactsText, summarizeApi, type ApiSummary, type DiagnosticCounts } from './summary.js';
import { isolatedApiEntry, specInputs, rankedPagesByKey, specDiagnostics, type InputFile, type KeyContext, type SpecGlobals } from './spec.js';
import type { KeyStage, PageFacts } from './key-facts.js';
import { allStages, footprintsHashOf, globalsOf, globalsThatHold, storedFootprint, updatedStages, type GlobalStages } from './global-stages.js';
import { pageFootprint, type Footprint } from './footprint.js';
import { stateHash } from '../hash.js';
import { failpoint } from '../isolate.js';
import type { HeaderLookup } from '../headers/lookup.js';
import { entryText } from './spec-text.js';

/** What a build knows of one docs file. */
export interface PageRecord {
  file: string;
  sha256: string;
  format: string;
  /** Hash of the page's footprint. */
  footprint: string;
  /** The page's own diagnostics (reading and understanding it). */
  diagnostics: Diagnostic[];
}

/** What a build knows of one spec entry. */
export interface EntryRecord {
  key: string;
  /** Hash of the entry's text in `spec.json` (`entryText`). */
  hash: string;
  /** Hash of what the entry was built from: its context and its pages' files and contents. */
  inputs: string;
  /** Hash of the entry's summary (`summaryHash`). */
  summary: string;
  /** Hash of what the files of other headers may read of it (`sharedHash`). */
  shared: string;
}

/** The previous build, as far as it is known; every loader may return undefined (not stored, or damaged). */
export interface PreviousSpec {
  pages: ReadonlyMap<string, PageRecord>;
  entries: ReadonlyMap<string, EntryRecord>;
  /** Hash of the previous footprints (`footprintsHash`), whose globals `globals` returns. */
  footprintsHash: string;
  globals(): SpecGlobals | undefined;
  /** The diagnostics of computing those globals. */
  globalDiagnostics(): Diagnostic[] | undefined;
  /** The previous build's diagnostics (`SpecUpdate.diagnostics`). */
  diagnostics(): Diagnostic[] | undefined;
  /** Their number by severity, when the state recorded it. */
  diagnosticCounts: DiagnosticCounts | undefined;
  /** The previous footprint of each page, by file. */
  footprints(): ReadonlyMap<string, Footprint> | undefined;
  /** The previous footprint of one page (undefined when it is not stored). */
  footprintOf(file: string): Footprint | undefined;
  /** The previous build's stages of its globals (`global-stages.ts`): each page's facts by file, each key's stage by key. */
  pageFacts(): ReadonlyMap<string, PageFacts> | undefined;
  keyStages(): ReadonlyMap<string, KeyStage> | undefined;
  summaries(): ReadonlyMap<string, ApiSummary> | undefined;
}

/** The hash of an API summary, as the build state records it and emitting keys files on it. */
export function summaryHash(summary: ApiSummary): string {
  return stateHash(JSON.stringify(summary));
}

/** The hash of what the generated files of other headers may read of an API (`sharedFactsText`). */
export function sharedHash(summary: ApiSummary): string {
  return stateHash(sharedFactsText(summary));
}

/** The C headers of a build: a key that changes exactly when their contents do, and their lookup, built only when asked for. */
export interface HeaderSource {
  key: string;
  lookup(): HeaderLookup;
}

/** A docs file of this build. */
export interface CurrentPage {
  file: string;
  sha256: string;
  /** The page model when the file changed since the previous build (or there is none). */
  page?: PageModel;
}

export interface SpecUpdate {
  pages: PageRecord[];
  footprintsHash: string;
  globals: SpecGlobals;
  /**
   * The footprints for the next build to store, when some changed: all of them when the globals
   * were computed, else the changed ones (`complete` false; the others are as stored).
   */
  footprints?: { of: Map<string, Footprint>; complete: boolean };
  /** When the globals were computed (for the next build to store): the diagnostics of computing them. */
  globalDiagnostics?: Diagnostic[];
  /** The outputs of the globals' inner stages, when some were computed (for the next build to store). */
  globalStages?: GlobalStages;
  /** Entries in spec order; `api`, `text` and `apiSummary` are set for the entries built by this run. */
  entries: Array<EntryRecord & { api?: Api; text?: string; apiSummary?: ApiSummary }>;
  /** Summaries in spec order (the previous build's are loaded on first call). */
  summaries(): ApiSummary[];
  /** True when some summary differs from the previous build's (or there is none). */
  summariesChanged: boolean;
  /** True when the spec's diagnostics may differ from the previous build's. */
  diagnosticsChanged: boolean;
  /**
   * The spec's diagnostics. When they cannot have changed they are the previous build's, read back
   * on the first call: a run that shows only errors, and has none, never reads them.
   */
  diagnostics(): Diagnostic[];
  /** Their number by severity, known without reading them. */
  diagnosticCounts: DiagnosticCounts;
  inputs: InputFile[];
  /** How much was computed: pages read, whether the globals were recomputed, entries built. */
  stats: { pagesRead: number; globalsComputed: boolean; entriesBuilt: number };
}

type BuiltEntry = SpecUpdate['entries'][number];

/**
 * The spec of `current` (every docs file, sorted by path), reusing `previous` where its inputs did
 * not change. `pageOf` returns the full model of any current page; it is called only for pages of
 * entries that must be rebuilt and for changed pages without a `page`.
 */
export function updateSpec(current: readonly CurrentPage[], previous: PreviousSpec | undefined, pageOf: (file: string) => PageModel, headers?: HeaderSource): SpecUpdate {
  failpoint('run', 'spec');
  const models = new PageModels(pageOf);
  const { pages, newFootprints, pagesRead } = pageRecords(current, previous, models);
  // The globals are a function of the footprints and the headers (by the key of their contents).
  const footprintsHash = footprintsHashOf(pages, headers);
  // Globals: the previous ones when every footprint is as before, or the changed ones leave what they are computed from as it was.
  const held = previous && previous.footprintsHash !== footprintsHash ? globalsThatHold(pages, newFootprints, previous, headers) : undefined;
  const kept = previous && (held ? held.globals : previous.footprintsHash === footprintsHash ? previous.globals() : undefined);
  // Else computed, from the previous build's stages where no changed page reaches them, or from every footprint.
  let footprints: Map<string, Footprint> | undefined;
  const footprintOf = (file: string): Footprint => newFootprints.get(file) ?? (previous && storedFootprint(file, previous)) ?? pageFootprint(models.get(file));
  const stages = kept ? undefined : ((previous && updatedStages(pages, previous, footprintOf, headers)) ?? allStages(pages, (footprints = allFootprints(pages, newFootprints, previous, models)), headers));
  const computed = stages && globalsOf(stages, headers?.lookup());
  const globals = kept ?? computed!.globals;
  const builder = new EntryBuilder(models, globals);
  const { entries, entriesBuilt, entriesNew, summariesChanged } = updateEntries(pages, previous, globals, builder, kept !== undefined);
  const failures = builder.failures;
  // An entry the previous build has no record of is new, or failed to build then (a DG9002 in its diagnostics).
  const diagnosticsChanged = failures.length > 0 || computed !== undefined || entriesNew > 0 || diagnosticsMayDiffer(pages, previous);
  // The diagnostics of computing the globals, when this update needs them and did not compute them:
  // stored by the previous build, or (that store damaged) computed again from the footprints.
  const globalDiagnostics = (): Diagnostic[] =>
    computed?.diagnostics ?? previous?.globalDiagnostics() ?? globalsOf(allStages(pages, allFootprints(pages, newFootprints, previous, models), headers), headers?.lookup()).diagnostics;
  const computeDiagnostics = (): Diagnostic[] => specDiagnostics([...pages.flatMap((p) => p.diagnostics), ...failures], globalDiagnostics());
  // Diagnostics that cannot have changed are read back only when asked for, if the state counted them.
  // (Only that lazy branch makes a closure that outlives this call: one would keep every variable
  // of this scope alive, the footprints of a cold build among them.)
  const reusedCounts = diagnosticsChanged ? undefined : previous?.diagnosticCounts;
  const diagnostics = reusedCounts
    ? once(() => previous?.diagnostics() ?? computeDiagnostics())
    : always((!diagnosticsChanged && previous?.diagnostics()) || computeDiagnostics());
  // The page models are not needed any more (a later rebuild reads them again): on a large doc set
  // they are most of the memory in use.
  models.clear();
  return {
    pages,
    footprintsHash,
    globals,
    footprints: footprints ? { of: footprints, complete: true } : previous?.footprintsHash !== footprintsHash ? { of: newFootprints, complete: false } : undefined,
    globalDiagnostics: computed?.diagnostics,
    globalStages: stages ?? held?.stages,
    entries,
    summaries: lazySummaries(entries, previous, builder),
    summariesChanged,
    diagnosticsChanged,
    diagnostics,
    diagnosticCounts: reusedCounts ?? countBySeverity(diagnostics()),
    inputs: specInputs(pages.map((p) => ({ file: p.file, format: p.format, sha256: p.sha256 }))),
    stats: { pagesRead, globalsComputed: computed !== undefined, entriesBuilt },
  };
}

/** `compute()`, called on first use. */
function once<T>(compute: () => T): () => T {
  let value: { of: T } | undefined;
  return () => (value ??= { of: compute() }).of;
}

/** A function that returns `value`. */
function always<T>(value: T): () => T {
  return () => value;
}

/** The full page models of a build, each read once (by `pageOf`) when first needed. */
class PageModels {
  private readonly models = new Map<string, PageModel>();

  constructor(private readonly pageOf: (file: string) => PageModel) {}

  /** Records a model the caller already has. */
  set(file: string, page: PageModel): void {
    this.models.set(file, page);
  }

  get(file: string): PageModel {
    let page = this.models.get(file);
    if (!page) {
      page = this.pageOf(file);
      this.models.set(file, page);
    }
    return page;
  }

  clear(): void {
    this.models.clear();
  }
}

/** The record of every current page: the previous one when the file is unchanged, else made from its model. */
function pageRecords(
  current: readonly CurrentPage[],
  previous: PreviousSpec | undefined,
  models: PageModels,
): { pages: PageRecord[]; newFootprints: Map<string, Footprint>; pagesRead: number } {
  const pages: PageRecord[] = [];
  const newFootprints = new Map<string, Footprint>();
  for (const c of current) {
    const before = previous?.pages.get(c.file);
    if (before && before.sha256 === c.sha256 && !c.page) {
      pages.push(before);
      continue;
    }
    const page = c.page ?? models.get(c.file);
    models.set(c.file, page);
    const footprint = pageFootprint(page);
    newFootprints.set(c.file, footprint);
    pages.push({ file: c.file, sha256: c.sha256, format: page.format, footprint: stateHash(JSON.stringify(footprint)), diagnostics: page.diagnostics });
  }
  return { pages, newFootprints, pagesRead: newFootprints.size };
}

/** Every page's footprint, for computing the globals: new ones, the previous build's where unchanged, else from the page. */
function allFootprints(pages: readonly PageRecord[], newFootprints: ReadonlyMap<string, Footprint>, previous: PreviousSpec | undefined, models: PageModels): Map<string, Footprint> {
  const old = previous?.footprints();
  const footprints = new Map<string, Footprint>();
  for (const p of pages) {
    const stored = old?.get(p.file) && previous?.pages.get(p.file)?.footprint === p.footprint ? old.get(p.file) : undefined;
    footprints.set(p.file, newFootprints.get(p.file) ?? stored ?? pageFootprint(models.get(p.file)));
  }
  return footprints;
}

/** Builds spec entries from the full pages that document them; an API that fails is reported in `failures` (DG9002). */
class EntryBuilder {
  readonly failures: Diagnostic[] = [];
  private readonly filesOf: ReadonlyMap<string, readonly string[]>;

  constructor(
    private readonly models: PageModels,
    private readonly globals: SpecGlobals,
  ) {
    this.filesOf = new Map(globals.keys.map(({ key, files }) => [key, files] as const));
  }

  build(key: string, inputs: string): BuiltEntry | undefined {
    const files = this.filesOf.get(key)!;
    const ranked = rankedPagesByKey(files.map((f) => this.models.get(f))).get(key);
    if (!ranked) throw new Error(`internal error: no page documents ${JSON.stringify(key)}`);
    const api = isolatedApiEntry(key, ranked, this.globals.contexts.get(key)!, this.failures);
    if (!api) return undefined;
    const text = entryText(api);
    const apiSummary = summarizeApi(api);
    return { key, hash: stateHash(text), inputs, summary: summaryHash(apiSummary), shared: sharedHash(apiSummary), api, text, apiSummary };
  }
}

/** The entries in spec order: rebuilt when their context or one of their pages changed, else the previous build's. */
function updateEntries(
  pages: readonly PageRecord[],
  previous: PreviousSpec | undefined,
  globals: SpecGlobals,
  builder: EntryBuilder,
  globalsKept: boolean,
): { entries: BuiltEntry[]; entriesBuilt: number; entriesNew: number; summariesChanged: boolean } {
  const sha = new Map(pages.map((p) => [p.file, p.sha256] as const));
  const changedFiles = new Set(pages.filter((p) => previous?.pages.get(p.file)?.sha256 !== p.sha256).map((p) => p.file));
  const entries: BuiltEntry[] = [];
  let entriesBuilt = 0;
  let entriesNew = 0;
  let summariesChanged = !previous || previous.entries.size !== globals.keys.length;
  for (const { key, files } of globals.keys) {
    const before = previous?.entries.get(key);
    // With the previous globals, an entry none of whose pages changed has the previous inputs.
    if (before && globalsKept && !files.some((f) => changedFiles.has(f))) {
      entries.push(before);
      continue;
    }
    const inputs = entryInputs(globals.contexts.get(key)!, files.map((f) => `${f}\t${sha.get(f)}`));
    if (before && before.inputs === inputs) {
      entries.push(before);
      continue;
    }
    if (!before) entriesNew++;
    const entry = builder.build(key, inputs);
    if (!entry) {
      summariesChanged = true;
      continue;
    }
    if (entry.summary !== before?.summary) summariesChanged = true;
    entries.push(entry);
    entriesBuilt++;
  }
  return { entries, entriesBuilt, entriesNew, summariesChanged };
}

/**
 * The summaries in spec order, computed on first call: the kept entries' come from the previous
 * build; an entry whose stored summary is missing is built again (from the same inputs, so to the
 * same entry).
 */
function lazySummaries(entries: BuiltEntry[], previous: PreviousSpec | undefined, builder: EntryBuilder): () => ApiSummary[] {
  let summaries: ApiSummary[] | undefined;
  return () => {
    if (summaries) return summaries;
    const old = entries.some((e) => !e.apiSummary) ? previous?.summaries() : undefined;
    summaries = entries.map((e, i) => {
      const s = e.apiSummary ?? old?.get(e.key);
      if (s) return s;
      const rebuilt = builder.build(e.key, e.inputs);
      if (!rebuilt) throw new Error(`internal error: the entry ${JSON.stringify(e.key)} failed to build again`);
      entries[i] = { ...rebuilt, api: undefined, text: undefined };
      return rebuilt.apiSummary!;
    });
    return summaries;
  };
}

/** False only when every page is the previous build's or, read again, says what it said before. */
function diagnosticsMayDiffer(pages: readonly PageRecord[], previous: PreviousSpec | undefined): boolean {
  if (!previous || previous.pages.size !== pages.length) return true;
  return pages.some((p) => {
    const before = previous.pages.get(p.file);
    return !before || (before !== p && JSON.stringify(before.diagnostics) !== JSON.stringify(p.diagnostics));
  });
}

function entryInputs(context: KeyContext, files: string[]): string {
  return stateHash(JSON.stringify([context, files]));
}

/** The spec without its entries: the inputs, globals and diagnostics parts of `spec.json`. */
export function specRest(update: SpecUpdate, docgenVersion: string): Omit<Spec, 'apis'> {
  return {
    schemaVersion: 1,
    generator: { name: 'docgen', version: docgenVersion },
    inputs: [...update.inputs].sort((a, b) => compareStrings(a.file, b.file)),
    ...(update.globals.headers ? { headers: update.globals.headers } : {}),
    statusCodes: update.globals.statusCodes,
    types: update.globals.types,
    groups: update.globals.groups,
    flows: update.globals.flows,
    diagnostics: update.diagnostics(),
  };
}

/** The whole spec of an update, its entries from `entry` (by key), in the order of `spec.json`. */
export function assembleSpec(update: SpecUpdate, docgenVersion: string, entry: (key: string) => Api): Spec {
  const r = specRest(update, docgenVersion);
  const apis = update.entries.map((e) => entry(e.key));
  return { schemaVersion: r.schemaVersion, generator: r.generator, inputs: r.inputs, apis, ...(r.headers ? { headers: r.headers } : {}), statusCodes: r.statusCodes, types: r.types, groups: r.groups, flows: r.flows, diagnostics: r.diagnostics };
}

/**
 * The spec of `pages` (any order), all built now: `updateSpec` with no previous build, the one
 * function every command builds the spec with. `sha256` gives each file's hash.
 */
export function buildSpec(pages: readonly PageModel[], sha256: (file: string) => string, docgenVersion: string, headers?: HeaderSource): Spec {
  const current = [...pages].sort((a, b) => compareStrings(a.file, b.file)).map((page): CurrentPage => ({ file: page.file, sha256: sha256(page.file), page }));
  const update = updateSpec(current, undefined, (file) => {
    throw new Error(`internal error: the page ${JSON.stringify(file)} was not given`);
  }, headers);
  const built = new Map(update.entries.map((e) => [e.key, e.api!] as const));
  return assembleSpec(update, docgenVersion, (key) => built.get(key)!);
}
