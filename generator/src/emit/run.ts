/**
 * One emit, whoever asks for it (`emitPackage` on a spec in memory, `docgen generate` on an
 * incremental build): one path through memoised stages.
 *
 *   plan stage (the package's files: planned, or recalled from the previous emit) → each file keyed
 *   → the files the previous output does not supply rendered, one by one → (the caller checks and
 *   formats them, on any thread) → `finish`
 *
 * Each stage has a memo the previous build left (`EmitMemo`):
 *
 * - the **plan**: with the templates, options and summary of the previous emit, every file's context
 *   is the previous one, so the files are its records (`recallPlan`) and nothing is planned; a file
 *   whose entries changed is assembled again from its stored context;
 * - a **file**: its key is a hash of everything its output is a function of (`keys.ts`); a file whose
 *   key the previous output has, on disk as written, is reused without rendering;
 * - its **formatting**: a file rendered again is formatted only where it changed (`format-pieces.ts`).
 *
 * With no memo everything is computed: a first run and an incremental run are the same function.
 * This module is light to load: the emitters, Handlebars and the formatter load only when the run
 * plans or renders something.
 */
import { compareDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { EntryResolver } from '../build/summary.js';
import type { EmitSource } from '../build/spec-source.js';
import type { AssemblerName } from './assemblers.js';
import type { EmitOptions, PlannedFile } from './emitter.js';
import type { FormattedFile, RenderedFile } from './format.js';
import type { PieceRow } from './format-pieces.js';
import type { EmittedContent } from './output-content.js';
import type { Renderer } from './templates.js';
import { loadTemplateSet, type TemplateSet } from './template-set.js';
import {
  commonKey,
  fileBase,
  fileKey,
  scopedInputsKey,
  SPEC_JSON,
  specJsonKey,
  WHOLE_JSON_TEMPLATE,
  type ContextStore,
  type EmitPrevious,
  type EmitResult,
  type FileRecord,
  type PreviousEmit,
  type StoredContext,
} from './keys.js';

/** What the previous build left for this emit; every part may be missing. */
export interface EmitMemo {
  /** The previous output's files on disk as written: their keys, and how each was formatted. */
  previous?: EmitPrevious;
  /** The previous emit's records (its plan stage's result). */
  previousEmit?: PreviousEmit;
  /** The contexts of the files that read entries, by base (written by the plan stage, read on recall). */
  contexts?: ContextStore;
}

/** A file of the package, as the plan stage gives it. */
export type StagedFile =
  /** Planned now, with its header. */
  | { planned: PlannedFile; header: string }
  /**
   * Recalled from the previous emit: its record and, when its entries changed, its stored context.
   * Without one (`spec.json` aside), `recallPlan` found it on disk as its record says.
   */
  | { recalled: PreviousEmit['files'][number]; stored?: StoredContext };

/** The plan stage's result: every file of the package in path order, and the plan's diagnostics. */
export interface StagedPlan {
  files: StagedFile[];
  diagnostics: Diagnostic[];
  /** True when the package was planned, false when the plan was recalled. */
  planned: boolean;
}

/** What rendering a file needs; loaded only when some file is rendered. */
export interface Rendering {
  renderer: Renderer;
  assemble(name: AssemblerName, context: object, entries: EntryResolver): object;
}

/** The templates' and options' part of every file key. */
export type CommonKey = ReturnType<typeof commonKey>;

/**
 * An emit under way: the caller takes the rendered files from `render()` (which keys every file and
 * renders those the previous output does not supply, one by one as it is iterated), formats them
 * (on any thread, as they come) and calls `finish`.
 */
export interface EmitRun {
  /**
   * How many files there are, how many the previous output supplies unchanged and how many views or
   * contexts were computed to key a file (both counted by `render`), and whether the package was planned.
   */
  readonly stats: { readonly files: number; readonly reused: number; readonly viewed: number; readonly planned: boolean };
  /** The files to check and format, in path order, each rendered when it is reached; iterate once, to the end. */
  render(): Iterable<RenderedFile>;
  /** Puts the package together; `formatted` holds each rendered file formatted, in order. */
  finish(formatted: readonly FormattedFile[]): EmitResult;
}

/**
 * Starts the emit of `source`, using what `memo` holds (`releaseEntries`: see `emitRun`). Loads the
 * planner only when the plan cannot be recalled, and Handlebars and the emitters' assemblers only
 * when a file is to be rendered.
 *
 * @throws TemplateError and EmitError as `emitPackage` documents.
 */
export async function startEmit(source: EmitSource, options: EmitOptions, memo: EmitMemo = {}, releaseEntries = false): Promise<EmitRun> {
  const templates = loadTemplateSet(options.builtinTemplatesDir, options.templatesDir);
  const keys = commonKey(templates, options);
  const recalled = recallPlan(source, keys, memo);
  const plan = recalled ?? (await import('./plan-files.js')).planStage(source, options);
  const rendering = recalled && !recalled.files.some((f) => 'recalled' in f && f.stored) ? undefined : await loadRendering(templates);
  return emitRun(plan, source, keys, memo, rendering, releaseEntries);
}

/** The renderer of `templates` and the assemblers. */
async function loadRendering(templates: TemplateSet): Promise<Rendering> {
  const [{ createRenderer }, { assemble }] = await Promise.all([import('./templates.js'), import('./assemblers.js')]);
  return { renderer: createRenderer(templates), assemble };
}

/**
 * The plan stage's memo: the previous emit's files, when it had the same templates, options and
 * summary (then every file's context is the previous one) and every file that is not as it was can
 * be assembled again from its stored context. Undefined when the package must be planned: no
 * previous emit or another one, a file that reads no entries missing or edited, a context not
 * stored, or a `spec.json` template that is not the plain one.
 */
export function recallPlan(source: EmitSource, keys: CommonKey, memo: EmitMemo): StagedPlan | undefined {
  const previous = memo.previousEmit;
  if (!previous || !keys.specTemplateIsPlain || keys.common !== previous.common || source.summaryKey() !== previous.summaryKey) return undefined;
  if (!previous.files.some((f) => f.path === SPEC_JSON.path)) return undefined;
  const files: StagedFile[] = [];
  for (const file of previous.files) {
    if (file.path === SPEC_JSON.path || asWritten(file, source)) {
      files.push({ recalled: file });
      continue;
    }
    const stored = file.deps.length > 0 ? memo.contexts?.load(file.base) : undefined;
    if (!stored) return undefined;
    files.push({ recalled: file, stored });
  }
  return { files, diagnostics: previous.diagnostics, planned: false };
}

/**
 * Keys every file of `plan` and renders those the previous output does not supply, with
 * `rendering` (which may be left out only when no file is to be rendered); see `startEmit`. With
 * `releaseEntries`, the source may let each entry go once the last file that lists it is past: for
 * a caller that reads no entry after the emit.
 */
export function emitRun(plan: StagedPlan, source: EmitSource, keys: CommonKey, memo: EmitMemo, rendering: Rendering | undefined, releaseEntries = false): EmitRun {
  const summaryKey = source.summaryKey();
  const keying = keyingOf(plan, source, keys, memo);
  // A file whose key is the previous output's is reused without rendering (its view, if computed
  // for the key, is dropped); the others are rendered as `render` is iterated, each right after it
  // is keyed, so that no more than one view is held at a time.
  const paths = plan.files.map(pathOf);
  const records: FileRecord[] = [];
  const contents: (EmittedContent | undefined)[] = [];
  /** The files `render` yielded, by index, in order, with their headers. */
  const rendered: Array<{ index: number; header: string }> = [];
  const stats = { files: plan.files.length, reused: 0, viewed: 0, planned: plan.planned };
  // A user's spec.json template may read every entry: then none is let go.
  const passed = releaseEntries && keys.specTemplateIsPlain ? entryReleaser(plan.files, source) : () => undefined;

  /** Keys file `i`; returns it rendered when it is to be formatted, else sets its content. */
  const produce = (i: number, file: StagedFile): RenderedFile | undefined => {
    const keyed = keyFile(file, keying);
    records.push(keyed.record);
    if (keyed.viewed) stats.viewed++;
    const before = memo.previous?.(paths[i]!);
    const reused = keyed.reused ?? (before && before.key === keyed.record.key ? { reused: true as const, sha256: before.sha256 } : undefined);
    contents.push(reused);
    if (reused) {
      stats.reused++;
      return undefined;
    }
    if (!keyed.render) {
      contents[i] = source.json().content;
      return undefined;
    }
    if (!rendering) throw new Error(`internal error: ${paths[i]} is to be rendered, and no renderer was loaded`);
    const output = outputOf(paths[i]!, keyed.render, rendering);
    if ('content' in output) {
      contents[i] = output.content;
      return undefined;
    }
    rendered.push({ index: i, header: keyed.render.header });
    const formatMemo = before?.memo?.();
    return formatMemo ? { ...output, memo: formatMemo } : output;
  };

  return {
    stats,
    *render() {
      for (const [i, file] of plan.files.entries()) {
        const output = produce(i, file);
        passed(i);
        if (output) yield output;
      }
    },
    finish(done) {
      if (records.length !== plan.files.length) throw new Error('internal error: the emit was finished before every file was rendered');
      if (done.length !== rendered.length) throw new Error(`internal error: ${done.length} formatted files for ${rendered.length} rendered`);
      const pieces = new Map<string, PieceRow[]>();
      rendered.forEach(({ index, header }, n) => {
        const formatted = done[n]!;
        contents[index] = header + formatted.text;
        // The pieces are placed after the header the file starts with.
        if (formatted.pieces) pieces.set(paths[index]!, formatted.pieces.map(([hash, start, length]) => [hash, start + header.length, length] as const));
      });
      return {
        files: new Map(paths.map((p, i) => [p, contents[i]!] as const)),
        records: new Map(paths.map((p, i) => [p, records[i]!] as const)),
        common: keys.common,
        summaryKey,
        diagnostics: [...plan.diagnostics].sort(compareDiagnostics),
        pieces,
      };
    },
  };
}

function pathOf(file: StagedFile): string {
  return 'planned' in file ? file.planned.path : file.recalled.path;
}

/** The entries a file lists (`PlannedFile.deps`, or the record's). */
function depsOf(file: StagedFile): readonly string[] {
  return 'planned' in file ? (file.planned.deps ?? []) : file.recalled.deps;
}

/**
 * A function to call once file `i` is past: each entry is let go (`EmitSource.release`) once the
 * last file that lists it is past, so that a large package does not hold every entry to the end.
 */
function entryReleaser(files: readonly StagedFile[], source: EmitSource): (i: number) => void {
  const readers = new Map<string, number>();
  for (const file of files) for (const key of depsOf(file)) readers.set(key, (readers.get(key) ?? 0) + 1);
  return (i) => {
    for (const key of depsOf(files[i]!)) {
      const left = readers.get(key)! - 1;
      readers.set(key, left);
      if (left === 0) source.release?.(key);
    }
  };
}

/** What a file's key is computed from, besides the file. */
interface Keying {
  source: EmitSource;
  keys: CommonKey;
  /** The previous emit's records, when its contexts are those of this emit's planned files. */
  recorded: ReadonlyMap<string, PreviousEmit['files'][number]>;
  /** The previous emit's records, when it had the same templates and options, for files keyed by their inputs. */
  previousFiles: ReadonlyMap<string, PreviousEmit['files'][number]>;
  contexts?: ContextStore;
}

/** What keys the files of `plan`: the previous emit's records, when it had the same templates and options. */
function keyingOf(plan: StagedPlan, source: EmitSource, keys: CommonKey, memo: EmitMemo): Keying {
  const previous = memo.previousEmit;
  const previousFiles = new Map(plan.planned && previous?.common === keys.common ? previous.files.map((f) => [f.path, f] as const) : []);
  return {
    source,
    keys,
    contexts: memo.contexts,
    // With the summary of the previous emit too, every view and context is the previous one: a
    // planned file's key needs only its recorded base and its entries' current hashes.
    recorded: previous?.summaryKey === source.summaryKey() ? previousFiles : new Map(),
    previousFiles,
  };
}

/** How to render a file: its header, its template and its view (computed when called). */
interface ToRender {
  header: string;
  template: string;
  view(rendering: Rendering): object;
}

/**
 * A file's record, with how to render it, or with the previous output when its recorded key still
 * holds. The key: for a view from the plan alone, the view itself; for a view that reads entries,
 * its context and the hashes of those entries; for a plain `spec.json`, the spec's text (which the
 * source gives: no `render`).
 */
function keyFile(file: StagedFile, k: Keying): { record: FileRecord; render?: ToRender; reused?: EmittedContent; viewed?: true } {
  const path = pathOf(file);
  // A recalled file without a context was found as written by `recallPlan`; a planned one is checked here.
  const known = 'recalled' in file ? (file.stored ? undefined : file.recalled) : k.recorded.get(path);
  if (known && path !== SPEC_JSON.path && ('recalled' in file || asWritten(known, k.source))) {
    return { record: recordOf(known), reused: { reused: true, sha256: known.sha256 } };
  }
  if (path === SPEC_JSON.path && k.keys.specTemplateIsPlain) {
    const key = specJsonKey(k.keys.common, k.source.json().key);
    return { record: { key, base: key, deps: [] } };
  }
  if ('recalled' in file) {
    // `recallPlan` gives the stored context of every recalled file that is not reused above.
    const { deps } = file.recalled;
    const stored = file.stored!;
    return { record: { ...recordOf(file.recalled), key: fileKey(file.recalled.base, deps.map((d) => k.source.entryHash(d))) }, render: assembled(path, stored, deps, k.source) };
  }
  const { planned, header } = file;
  // A scoped file whose inputs are those of the previous emit's file is that file: its view is not computed.
  const inputs = planned.scope && scopedInputsKey(k.keys.common, path, planned.template, header, k.source.sharedFactsKey(), planned.scope.map((d) => k.source.summaryHash(d)));
  const previous = inputs === undefined ? undefined : k.previousFiles.get(path);
  if (previous && previous.inputs === inputs && asWritten(previous, k.source)) return { record: recordOf(previous), reused: { reused: true, sha256: previous.sha256 } };
  const withInputs = inputs === undefined ? {} : { inputs };
  if (planned.view) {
    const computed = planned.view();
    const base = fileBase(k.keys.common, path, header, JSON.stringify(computed));
    return { record: { key: base, base, deps: [], ...withInputs }, render: { header, template: planned.template, view: () => computed }, viewed: true };
  }
  const stored: StoredContext = { template: planned.template, assembler: planned.assembler, header, context: planned.context() };
  const base = fileBase(k.keys.common, path, header, JSON.stringify(stored.context));
  const deps = [...planned.deps];
  k.contexts?.store(base, stored);
  return { record: { key: fileKey(base, deps.map((d) => k.source.entryHash(d))), base, deps, ...withInputs }, render: assembled(path, stored, deps, k.source), viewed: true };
}

/** A previous emit's record of a file, as this emit records it. */
function recordOf({ key, base, deps, inputs }: FileRecord): FileRecord {
  return inputs === undefined ? { key, base, deps } : { key, base, deps, inputs };
}

/** Whether a previous emit's file is on disk as written and its key still holds with the entries' current hashes. */
function asWritten(file: PreviousEmit['files'][number], source: EmitSource): boolean {
  return file.intact && fileKey(file.base, file.deps.map((d) => source.entryHash(d))) === file.key;
}

/** How to render a file whose view an assembler builds from its context and the entries it lists. */
function assembled(path: string, stored: StoredContext, deps: readonly string[], source: EmitSource): ToRender {
  return { header: stored.header, template: stored.template, view: (r) => r.assemble(stored.assembler, stored.context, resolverFor(path, deps, source)) };
}

/** The entry resolver a file's view gets: its declared dependencies, nothing else. */
function resolverFor(path: string, deps: readonly string[], source: EmitSource): EntryResolver {
  const allowed = new Set(deps);
  return (key) => {
    if (!allowed.has(key)) throw new Error(`internal error: the view of ${path} reads the entry ${JSON.stringify(key)}, which it does not list in deps`);
    return source.entry(key);
  };
}

/** A file's content when it needs no formatting (JSON written directly), else its rendered text to format. */
function outputOf(path: string, file: ToRender, rendering: Rendering): { content: EmittedContent } | RenderedFile {
  const model = file.view(rendering);
  const template = rendering.renderer.source(file.template);
  const direct = directJson(path, model, template.text);
  if (direct !== undefined) return { content: file.header + direct };
  return { path, template, text: rendering.renderer.render(file.template, model, path) };
}

/**
 * The checked and formatted text of a `.json` file whose template is only `{{json field}}` with an
 * object or array `field`, or undefined when the file must be rendered and formatted as usual.
 *
 * The general path renders `jsonText(value)` (JSON.stringify plus escapes of `<`, U+2028 and
 * U+2029, which only occur inside strings), parses it and re-serialises it with 2-space
 * indentation (`check.ts`): for a value that serialises to an object or array, that is exactly
 * `JSON.stringify(value, null, 2)`, as parsing undoes the escapes and the round trip keeps key order
 * and numbers. Anything unusual (a missing field, a value that does not serialise) takes the
 * general path, which reports it. A test asserts both paths agree.
 */
export function directJson(path: string, view: object, templateText: string): string | undefined {
  if (!path.endsWith('.json')) return undefined;
  const m = WHOLE_JSON_TEMPLATE.exec(templateText);
  if (!m || !Object.hasOwn(view, m[1]!)) return undefined;
  const value = (view as Record<string, unknown>)[m[1]!];
  if (typeof value !== 'object' || value === null) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, 2);
  } catch {
    return undefined;
  }
  return text !== undefined && (text.startsWith('{') || text.startsWith('[')) ? `${text}\n` : undefined;
}
