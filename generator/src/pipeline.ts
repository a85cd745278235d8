/**
 * The read → parse → model stages, end to end: a docs folder in, a spec model out.
 *
 * Pages are loaded on the main thread for small doc sets and on a pool of worker threads for large
 * ones (`parallel/pool.ts`, threshold `PARALLEL_MIN_FILES`); with a cache (`io/cache.ts`) a page
 * whose bytes did not change is not parsed again. Either way each page is parsed at most once, no
 * file text is kept after its page is parsed, and the page models are put in file-path order before
 * the spec is built, so the spec is byte-identical whatever the threads, the cache or the order of
 * files on disk.
 */
import { statSync } from 'node:fs';
import { DOCGEN_VERSION } from './version.js';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Background } from './io/background.js';
import { BuildStateStore, RACY_MS, sameStamp, stampOf, type BuildState, type DocRecord, type EntryPlace, type FileStamp, type OutputRecord } from './io/build-state.js';
import { cacheSalt, DiskCache } from './io/cache.js';
import { listDocFiles, scanDocFiles, type DocFile } from './io/read-docs.js';
import type { PageModel } from './model/page.js';
import type { Footprint } from './build/footprint.js';
import type { KeyStage, PageFacts } from './build/key-facts.js';
import type { Spec } from './model/spec.js';
import { loadPage, loadPageWith, loadParser, type LoadedPage } from './parallel/load-page.js';
import { jobCount, loadPagesInWorkers, PARALLEL_MIN_FILES } from './parallel/pool.js';
import { buildSpec, specRest, updateSpec, type CurrentPage, type HeaderSource, type PreviousSpec, type SpecUpdate } from './build/incremental.js';
import type { ShardedMap, ShardItem, ShardTable } from './io/shards.js';
import type { ApiSummary } from './build/summary.js';
import { loadHeaders } from './io/headers.js';
import type { PhaseTimer } from './timings.js';
import type { ContextStore, EmitPrevious, EmitResult, PreviousEmit } from './emit/keys.js';
import { updateSource, type SpecPlaces, type UpdateSource } from './build/update-source.js';
import { diagnosticsFromText } from './build/spec-text.js';
import type { Diagnostic } from './diagnostics.js';
import { readRange } from './read-exactly.js';
import type { ReadOptions } from './readers/index.js';
import { docsLinksKey, NO_FOLDER_LINKS } from './readers/doc-links.js';


export { DOCGEN_VERSION } from './version.js';

export interface LoadOptions {
  /** Called as files are read, for progress display. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Threads to parse pages on (default: one per core, up to 8). 1 means the main thread only;
   * doc sets of fewer than `PARALLEL_MIN_FILES` files always use the main thread.
   */
  jobs?: number;
  /** Fewest files for which worker threads are used (default `PARALLEL_MIN_FILES`). */
  parallelThreshold?: number;
  /** Cache folder for parsed pages (see `io/cache.ts`); none when undefined. */
  cacheDir?: string;
  /** Filled in with what the cache did, when given. */
  stats?: LoadStats;
  /** Told when each stage ends (`--timings`). */
  timer?: Pick<PhaseTimer, 'lap'>;
  /** Folders of C headers (`--headers`), read as a source of prototypes, types and values. */
  headers?: readonly string[];
  /** What reading pages depends on besides their files: where they are published (the `links` setting). */
  read?: ReadOptions;
}

export interface LoadStats {
  files: number;
  cacheHits: number;
  threads: number;
}

/**
 * Opens the cache in `dir` for this docgen build and these read options (and drops the caches of
 * other builds): parsed pages depend on where the pages are published, so another `links` setting
 * is another cache.
 */
export function openCache(dir: string, read?: ReadOptions): DiskCache {
  const cache = new DiskCache(dir, cacheSalt(`${DOCGEN_VERSION}\0${docsLinksKey(read?.links ?? NO_FOLDER_LINKS)}`));
  void cache.pruneOtherSalts();
  return cache;
}

/** The cache of a run (undefined without `cacheDir`): one for pages, headers and the build state, since opening one drops the others. */
function cacheOf(options: LoadOptions): DiskCache | undefined {
  return options.cacheDir === undefined ? undefined : openCache(options.cacheDir, options.read);
}

export async function loadPages(docsDir: string, options: LoadOptions = {}, cache: DiskCache | undefined = cacheOf(options)): Promise<{ pages: PageModel[]; docs: DocFile[] }> {
  const files = await listDocFiles(docsDir);
  const base = (await isDirectory(docsDir)) ? docsDir : path.dirname(docsDir);
  const loaded = await loadFiles(base, files, cache, options);
  // `files` is sorted, and both paths return results in its order.
  return {
    pages: loaded.map((l) => l.page),
    docs: loaded.map((l) => ({ file: l.file, sha256: l.sha256, diagnostics: l.docDiagnostics })),
  };
}

export async function specFromDocs(docsDir: string, options: LoadOptions = {}): Promise<{ spec: Spec; pages: PageModel[] }> {
  const cache = cacheOf(options);
  const headers = headersOf(options, cache);
  const { pages, docs } = await loadPages(docsDir, options, cache);
  options.timer?.lap('read pages');
  const shas = new Map(docs.map((d) => [d.file, d.sha256] as const));
  const spec = buildSpec(pages, (file) => shas.get(file)!, DOCGEN_VERSION, headers);
  options.timer?.lap('build spec');
  return { spec, pages };
}

/** The headers of a build (listed and hashed now, indexed when the spec needs them), or undefined without `--headers`. */
function headersOf(options: LoadOptions & { racyMs?: number }, cache: DiskCache | undefined): HeaderSource | undefined {
  if (!options.headers || options.headers.length === 0) return undefined;
  return loadHeaders(options.headers, cache, options.racyMs);
}

/** Reads, hashes and parses (or takes from the cache) `files`, on worker threads when there are many; results in order. */
async function loadFiles(base: string, files: readonly string[], cache: DiskCache | undefined, options: LoadOptions): Promise<LoadedPage[]> {
  const jobs = jobCount(options.jobs);
  const threads = jobs > 1 && files.length >= (options.parallelThreshold ?? PARALLEL_MIN_FILES) ? jobs : 1;
  let loaded: LoadedPage[];
  if (threads > 1) {
    loaded = await loadPagesInWorkers(base, files, { jobs: threads, cache, read: options.read, onProgress: options.onProgress });
  } else {
    loaded = [];
    for (const [i, file] of files.entries()) {
      loaded.push(await loadPage(base, file, cache, options.read));
      options.onProgress?.(i + 1, files.length);
    }
  }
  if (options.stats) {
    options.stats.files = files.length;
    options.stats.cacheHits = loaded.filter((l) => l.cached).length;
    options.stats.threads = threads;
  }
  return loaded;
}

export interface BuildOptions extends LoadOptions {
  /** The output folder the build is for: its previous files are reused where they are unchanged. */
  outDir: string;
  /** The racy-stamp window (`RACY_MS`); tests set 0 to see docs files they just wrote as unchanged. */
  racyMs?: number;
  /** Called once the docs are read (the threads that parse pages have ended), before the spec is built, with how many were read. */
  onRead?: (read: number) => void;
}

/** A build of the spec for an output folder, ready to emit. */
export interface DocsBuild {
  update: SpecUpdate;
  source: UpdateSource;
  /** The output files the previous build wrote that are on disk as written, with their keys. */
  previous: EmitPrevious;
  /** The previous build's emit, whose plan the emit recalls when it can (`emit/run.ts`); undefined without one. */
  previousEmit: PreviousEmit | undefined;
  /** Where file contexts are stored between runs (nowhere without a cache). */
  contexts: ContextStore;
  /** The background thread the build used, if any (the caller closes it). */
  background: Background | undefined;
  /** The key of the previous build's `spec.json` text (`EmitSource.json().key`). */
  previousSpecKey: string | undefined;
  /** The write of a new `spec.json` beside the output folder, when the caller started one. */
  specWrite?: Promise<unknown>;
  /**
   * The errors of the new parts of the spec against the spec schema (the entries this build built,
   * and the other parts when it computed them); empty when valid. On the background thread when
   * there is one: start it early, await it before writing.
   */
  validate(): Promise<string[]>;
  /** What the build did: the docs files read (not proven unchanged by the state), and `updateSpec`'s counts. */
  stats: { read: number } & SpecUpdate['stats'];
  /**
   * Saves the build state for the next run, in two steps: what does not depend on the files written
   * is stored now, before the output folder is written with `emitted` (meanwhile the background
   * thread is still writing `spec.json`); `commit` records the files once written (`shas`: the
   * sha256 of each). Does nothing without a cache.
   */
  prepareSave(emitted: EmitResult): { commit(shas: ReadonlyMap<string, string>): void };
}

/**
 * Builds the spec of `docsDir` for `options.outDir`, redoing only what changed since the previous
 * build of that pair (when a cache is given and holds its state): the same result as `specFromDocs`
 * plus everything emitting needs, computed incrementally (see `build/incremental.ts`).
 */
export async function buildDocs(docsDir: string, options: BuildOptions): Promise<DocsBuild> {
  const cache = cacheOf(options);
  const store = cache ? new BuildStateStore(cache.root, docsDir, options.outDir) : undefined;
  // With a build state to read, the docs folder is listed on the background thread meanwhile.
  const background = store?.exists() ? new Background() : undefined;
  try {
    return await buildWith(docsDir, options, cache, store, background);
  } catch (error) {
    // The caller closes the thread of a build it gets; one that failed is closed here.
    background?.close();
    throw error;
  }
}

/** `buildDocs` once its cache, build state and background thread are open. */
async function buildWith(
  docsDir: string,
  options: BuildOptions,
  cache: DiskCache | undefined,
  store: BuildStateStore | undefined,
  background: Background | undefined,
): Promise<DocsBuild> {
  const headers = headersOf(options, cache);
  const scanning = background?.scan(docsDir);
  scanning?.catch(() => undefined);
  // The page parser (the Markdown stack) loads meanwhile too: an edited page needs it.
  const parsing = loadParser();
  const state = store?.load();
  // What follows from the state alone is done while the listing runs.
  const intact = intactOutputs(state, options.outDir);
  const specFile = intact.has('spec.json') ? path.join(options.outDir, 'spec.json') : undefined;
  const previous = state && store ? previousSpec(state, store, specFile) : undefined;
  const scanned = scanning ? await scanning.catch(() => scanDocs(docsDir)) : scanDocs(docsDir);
  const base = statSync(docsDir).isDirectory() ? docsDir : path.dirname(docsDir);

  const { current, read } = await currentPages(base, scanned, state, cache, options);
  options.timer?.lap(`read pages (${read} of ${scanned.length} not known unchanged)`);
  options.onRead?.(read);

  const parse = await parsing;
  const pageOf = (file: string): PageModel => loadPageWith(parse, base, file, cache, options.read).page;
  const update = updateSpec(current, previous, pageOf, headers);
  // Footprints and the globals' stages are only for the next build: stored now, so the run does not hold them meanwhile.
  const early = store && storeEarly(store, update, state);
  update.footprints = undefined;
  update.globalStages = undefined;
  const source = updateSource(update, specFile && state ? { file: specFile, places: specPlacesOf(state) } : undefined, DOCGEN_VERSION);
  options.timer?.lap(`build spec (${update.stats.entriesBuilt} of ${update.entries.length} entries built${update.stats.globalsComputed ? ', globals computed' : ''})`);

  const stamps = new Map(scanned.map(({ file, stamp }) => [file, stamp] as const));
  const recordedOutputs = new Map((state?.outputs ?? []).map((o) => [o.path, o] as const));
  return {
    update,
    source,
    background,
    previousSpecKey: state?.emit.specKey,
    previous: (p) => {
      const record = intact.has(p) ? recordedOutputs.get(p) : undefined;
      return record && { key: record.key, sha256: record.sha256, memo: () => store?.formatMemo(record.sha256, path.join(options.outDir, ...p.split('/'))) };
    },
    previousEmit: state && {
      ...state.emit,
      files: state.outputs.map((o) => ({ path: o.path, key: o.key, base: o.base, deps: o.deps, ...(o.inputs ? { inputs: o.inputs } : {}), sha256: o.sha256, intact: intact.has(o.path) })),
    },
    contexts: store?.contexts ?? { load: () => undefined, store: () => undefined },
    validate() {
      const rest = update.stats.globalsComputed || update.diagnosticsChanged || !state ? specRest(update, DOCGEN_VERSION) : undefined;
      const apis = update.entries.filter((e) => e.api).map((e) => e.api);
      if (!rest && apis.length === 0) return Promise.resolve([]);
      if (background) return background.validate(rest, apis);
      return import('./model/spec.js').then(({ validateSpecParts }) => validateSpecParts(rest, apis));
    },
    stats: { read, ...update.stats },
    prepareSave(emitted) {
      const saving = store && prepareState(store, { docsDir, outDir: options.outDir, state, update, source, stamps, early }, emitted);
      return { commit: (shas) => saving?.commit(outputRecords(options.outDir, emitted, shas), emitted.pieces) };
    },
  };
}

/**
 * Every docs file of this build: those the state proves unchanged with their recorded hash, the
 * others read (and parsed unless cached). A function of its own so that no closure of the build
 * keeps the page models alive after the spec is built (one did: at 24,000 pages, every page model
 * stayed in the heap through the emit).
 */
async function currentPages(
  base: string,
  scanned: ReadonlyArray<{ file: string; stamp: FileStamp }>,
  state: BuildState | undefined,
  cache: DiskCache | undefined,
  options: BuildOptions,
): Promise<{ current: CurrentPage[]; read: number }> {
  const recorded = new Map((state?.docs ?? []).map((d) => [d.file, d] as const));
  const trusted = (doc: DocRecord | undefined, stamp: FileStamp): doc is DocRecord =>
    !!doc && !!state && sameStamp(doc.stamp, stamp) && Math.max(stamp.mtimeMs, stamp.ctimeMs) < state.writtenAtMs - (options.racyMs ?? RACY_MS);
  const toRead = scanned.filter(({ file, stamp }) => !trusted(recorded.get(file), stamp)).map((f) => f.file);
  const loaded = new Map((await loadFiles(base, toRead, cache, options)).map((l) => [l.file, l] as const));
  const current = scanned.map(({ file }): CurrentPage => {
    const l = loaded.get(file);
    return l ? { file, sha256: l.sha256, page: l.page } : { file, sha256: recorded.get(file)!.sha256 };
  });
  return { current, read: toRead.length };
}

/** Output files whose stamp is the one the previous build recorded: as it wrote them. */
function intactOutputs(state: BuildState | undefined, outDir: string): Set<string> {
  const intact = new Set<string>();
  for (const record of state?.outputs ?? []) {
    try {
      if (sameStamp(record.stamp, stampOf(statSync(path.join(outDir, ...record.path.split('/')))))) intact.add(record.path);
    } catch {
      // Gone: rendered again.
    }
  }
  return intact;
}

/** What a build saves of itself for the next one. */
interface BuildRun {
  docsDir: string;
  outDir: string;
  state: BuildState | undefined;
  update: SpecUpdate;
  source: UpdateSource;
  stamps: ReadonlyMap<string, FileStamp>;
  /** The tables of the maps stored early (`storeEarly`; each undefined when it could not be stored). */
  early: EarlyTables | undefined;
}

/**
 * Whether a page's own diagnostics may differ from the stored ones: only when a page was read again
 * and the spec's diagnostics may differ (they do not when every page says what it said before).
 */
function pageDiagnosticsChanged(run: BuildRun): boolean {
  return !run.state || (run.update.stats.pagesRead > 0 && run.update.diagnosticsChanged);
}

/** The records of the output files of `emitted`, as written to `outDir` (`shas`: the sha256 of each file written). */
function outputRecords(outDir: string, emitted: EmitResult, shas: ReadonlyMap<string, string>): OutputRecord[] {
  const outputs: OutputRecord[] = [];
  for (const [p, record] of emitted.records) {
    try {
      outputs.push({ path: p, ...record, sha256: shas.get(p)!, stamp: stampOf(statSync(path.join(outDir, ...p.split('/')))) });
    } catch {
      // Not on disk: nothing to reuse next time.
    }
  }
  return outputs;
}

/** The first step of saving the build state of `run` (`BuildStateStore.prepare`), before the output folder is written with `emitted`. */
function prepareState(store: BuildStateStore, run: BuildRun, emitted: EmitResult): ReturnType<BuildStateStore['prepare']> {
  const places = run.source.places();
  const rows = new Map(run.update.inputs.map((input, i) => [input.file, places.inputs[i]!] as const));
  return store.prepare(
    {
      docsDir: run.docsDir,
      outDir: run.outDir,
      docs: run.update.pages.map((p) => ({ file: p.file, sha256: p.sha256, format: p.format, footprint: p.footprint, stamp: run.stamps.get(p.file)!, ...rangeOf(rows.get(p.file) ?? NO_ROW) })),
      footprintsHash: run.update.footprintsHash,
      entries: run.update.entries.map((e, i): EntryPlace => ({ key: e.key, hash: e.hash, inputs: e.inputs, summary: e.summary, shared: e.shared, ...rangeOf(places.entries[i]!) })),
      specBlocks: { globals: places.globals, diagnostics: places.diagnostics },
      diagnosticCounts: run.update.diagnosticCounts,
      emit: { common: emitted.common, summaryKey: emitted.summaryKey, specKey: run.source.json().key, diagnostics: emitted.diagnostics },
    },
    {
      globals: !run.update.stats.globalsComputed && run.state ? run.state.blobs.globals : run.update.globals,
      globalDiagnostics: run.update.globalDiagnostics ?? run.state?.blobs.globalDiagnostics ?? '',
      footprints: run.early?.footprints ?? [],
      pageFacts: run.early?.pageFacts ?? [],
      keyStages: run.early?.keyStages ?? [],
      // Unchanged summaries keep their table, unless this run found a shard of it damaged (it then
      // rebuilt the summaries that shard held, and stores them).
      summaries: !run.update.summariesChanged && run.state && store.reusable(run.state.shards.summaries) ? run.state.shards.summaries : summariesToStore(run.update, run.state),
      diagnostics: !pageDiagnosticsChanged(run) && run.state ? run.state.blobs.diagnostics : new Map(run.update.pages.filter((p) => p.diagnostics.length > 0).map((p) => [p.file, p.diagnostics] as const)),
    },
  );
}

/** The tables of the maps `storeEarly` stores. */
interface EarlyTables {
  footprints: ShardTable | undefined;
  pageFacts: ShardTable | undefined;
  keyStages: ShardTable | undefined;
}

/**
 * Stores the footprints and the globals' stages that changed (the others keep their stored tables)
 * and returns the tables. Each map is by file or key, with a hash of what its value is a function
 * of: a page's footprint is its hash, a page's facts are a function of its footprint, a key's stage
 * of the footprints of its pages and of the headers.
 */
function storeEarly(store: BuildStateStore, update: SpecUpdate, state: BuildState | undefined): EarlyTables {
  const previous = state?.shards;
  const footprints = update.footprints;
  const stages = update.globalStages;
  const pages = update.pages.map((p) => ({ key: p.file, hash: p.footprint }));
  return {
    footprints: footprints ? store.storeEarly(partialMap(store, pages, footprints.of, footprints.complete, previous?.footprints)) : previous?.footprints,
    pageFacts: stages ? store.storeEarly(partialMap(store, pages, stages.pages, stages.complete, previous?.pageFacts)) : previous?.pageFacts,
    keyStages: stages ? store.storeEarly(partialMap(store, [...stages.inputs].map(([key, inputs]) => ({ key, hash: inputs })), stages.keys, stages.complete, previous?.keyStages)) : previous?.keyStages,
  };
}

/**
 * A map to store: `items`, the values `values` holds, and, unless it is `complete`, those of the
 * stored map `previous` for the others (read only for a shard that changed).
 */
function partialMap<V>(store: BuildStateStore, items: ShardItem[], values: ReadonlyMap<string, V>, complete: boolean, previous: ShardTable | undefined): ShardedMap<V> {
  const valueOf = (key: string): V => {
    const value = values.get(key) ?? (complete || !previous ? undefined : store.storedValue<V>(previous, key));
    // Not stored: `storeEarly` then stores none of the map, and the next build computes it again.
    if (value === undefined) throw new Error(`${key} has no stored value`);
    return value;
  };
  return { items, valueOf, previous };
}

/**
 * Every entry's API summary, as the build state stores it: by key, each with the hash its entry
 * record holds. The summaries are asked for only when a shard changed (the kept entries' are then
 * read back from the previous state).
 */
function summariesToStore(update: SpecUpdate, state: BuildState | undefined): ShardedMap<ApiSummary> {
  let byKey: Map<string, ApiSummary> | undefined;
  return {
    items: update.entries.map((e) => ({ key: e.key, hash: e.summary })),
    valueOf: (key) => (byKey ??= new Map(update.summaries().map((s) => [s.key, s] as const))).get(key)!,
    previous: state?.shards.summaries,
  };
}

/** The places of the parts of the `spec.json` a state describes. */
function specPlacesOf(state: BuildState): SpecPlaces {
  return {
    inputs: new Map(state.docs.filter((d) => d.offset >= 0).map((d) => [d.file, { offset: d.offset, length: d.length, format: d.format, sha256: d.sha256 }] as const)),
    entries: new Map(state.entries.map((e) => [e.key, { offset: e.offset, length: e.length }] as const)),
    globals: state.specBlocks.globals,
    diagnostics: state.specBlocks.diagnostics,
  };
}

/** The diagnostics in the block `place` of the spec file `file` (undefined when it cannot be read). */
function specDiagnosticsOf(file: string, place: { offset: number; length: number }): Diagnostic[] | undefined {
  try {
    return diagnosticsFromText(readRange(file, place.offset, place.length).toString('utf8'));
  } catch {
    return undefined;
  }
}

const rangeOf = (r: { offset: number; length: number }): { offset: number; length: number } => ({ offset: r.offset, length: r.length });
/** The place of a docs file with no row in spec.json (a file that is not a page). */
const NO_ROW = { offset: -1, length: 0 };

/** The docs files with their stamps, listed on this thread. */
function scanDocs(root: string): Array<{ file: string; stamp: FileStamp }> {
  return scanDocFiles(root).map(({ file, info }) => ({ file, stamp: stampOf(info) }));
}

/** The previous build as `updateSpec` reads it; its entries and diagnostics only when its `spec.json` (`specFile`) is intact. */
function previousSpec(state: BuildState, store: BuildStateStore, specFile: string | undefined): PreviousSpec | undefined {
  const diagnostics = store.loadDiagnostics(state.blobs.diagnostics);
  if (!diagnostics) return undefined;
  return {
    pages: new Map(state.docs.map((d) => [d.file, { file: d.file, sha256: d.sha256, format: d.format, footprint: d.footprint, diagnostics: diagnostics.get(d.file) ?? [] }] as const)),
    entries: specFile ? new Map(state.entries.map((e) => [e.key, e] as const)) : new Map(),
    footprintsHash: state.footprintsHash,
    globals: () => store.loadGlobals(state.blobs.globals),
    globalDiagnostics: () => store.loadGlobalDiagnostics(state.blobs.globalDiagnostics),
    diagnostics: () => (specFile ? specDiagnosticsOf(specFile, state.specBlocks.diagnostics) : undefined),
    diagnosticCounts: state.diagnosticCounts,
    footprints: () => store.loadMap<Footprint>(state.shards.footprints),
    footprintOf: (file) => store.storedValue<Footprint>(state.shards.footprints, file),
    pageFacts: () => store.loadMap<PageFacts>(state.shards.pageFacts),
    keyStages: () => store.loadMap<KeyStage>(state.shards.keyStages),
    summaries: () => store.loadMap<ApiSummary>(state.shards.summaries),
  };
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
