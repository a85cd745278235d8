/**
 * The emitting pipeline: spec → files in memory. Its only effects are reading the template folders
 * and storing file contexts in the cache (`ContextStore`); writing the output is the caller's job
 * (`io/`), so a failure here leaves the output folder untouched.
 *
 *   plan (shared names and decisions, from the spec summary) → emitters (planned files)
 *   → file keys → render (Handlebars) the files whose key changed → check + format (ts-morph)
 *   → header → sorted Map
 *
 * Every file has a key: a hash of everything its output is a function of (the template set, the
 * options, the spec summary, its path and header, and the full entries it lists in `deps`). A
 * caller that knows the keys and contents of a previous output (`EmitPrevious`) gets the files
 * whose key did not change back as `ReusedFile`s, without rendering them; with the previous emit's
 * records (`PreviousEmit`) of the same templates, options and summary, their views are not even
 * computed: after a page edit that changes no summary, only the files generated from that page's
 * APIs are rendered.
 *
 * Adding an output kind: write `emit/<kind>.ts` exporting an `Emitter`, add its template to
 * `templates/`, and add it to `EMITTERS` below.
 */
import { sha256Hex } from '../hash.js';
import { compareDiagnostics, compareStrings, type Diagnostic } from '../diagnostics.js';
import { validateSpec, type Spec } from '../model/spec.js';
import { entryKey, summarizeSpec, type EntryResolver, type SpecSummary } from '../build/summary.js';
import { stateHash, summaryHash } from '../build/incremental.js';
import { entryText } from '../build/spec-text.js';
import { barrelFile } from './barrel.js';
import { apiSignature, bindings, methodContext } from './bindings.js';
import { isolate } from '../isolate.js';
import { formatInChunks, type FormattedFile, type RenderedFile } from './format.js';
import type { PieceRow } from './format-pieces.js';
export { FORMAT_CHUNK, formatInChunks } from './format.js';
import type { EmittedContent } from './output-content.js';
import { conformance } from './conformance.js';
import { isSafeOutputPath, type EmitContext, type Emitter, type EmitOptions, type PlannedFile } from './emitter.js';
import { EmitError } from './errors.js';
import { renderHeader } from './header.js';
import { loader } from './loader.js';
import { wrappers } from './wrappers.js';
import { packageFiles } from './package-files.js';
import { planPackage, type PackagePlan } from './plan.js';
import { readme } from './readme.js';
import { specJson } from './spec-json.js';
import { statusEnums } from './status-enums.js';
import { stubs } from './stubs.js';
import { createRenderer, loadTemplateSet, type Renderer } from './templates.js';
import { assemble } from './assemblers.js';
import { summaryKeyOf, type EmitSource } from '../build/spec-source.js';
import {
  commonKey,
  fileBase,
  fileKey,
  SPEC_JSON,
  specJsonKey,
  WHOLE_JSON_TEMPLATE,
  type ContextStore,
  type EmitPrevious,
  type EmitResult,
  type FileRecord,
  type PreviousEmit,
} from './keys.js';

export { EmitError, TemplateError } from './errors.js';
export type { EmitContext, Emitter, EmitOptions, PlannedFile } from './emitter.js';

/** Every output kind, in no particular order (output is sorted by path). */
export const EMITTERS: readonly Emitter[] = [statusEnums, bindings, stubs, loader, wrappers, packageFiles, readme, specJson, conformance];

/**
 * Generates the package for `spec`, checking and formatting on this thread, every file as text.
 * Deterministic: the same spec, options and templates give byte-identical files.
 *
 * @throws TemplateError when a template folder is missing, a template fails to compile or render
 *   (DG6005) or renders invalid TypeScript/JSON (DG6001): a clean error naming the template and the
 *   line. No files are returned.
 * @throws EmitError (the base class) when the spec does not match the schema (DG6006).
 */
export function emitPackage(spec: Spec, options: EmitOptions): Omit<EmitResult, 'files'> & { files: Map<string, string> } {
  const run = startEmit(emitSource(spec), options);
  const result = run.finish(formatInChunks([...run.render()]));
  const files = new Map<string, string>();
  for (const [path, content] of result.files) {
    if (typeof content !== 'string') throw new Error(`internal error: ${path} is not text`);
    files.set(path, content);
  }
  return { ...result, files };
}

/** A spec source for a whole spec in memory (validated against the spec schema). */
function emitSource(spec: Spec): EmitSource {
  const errors = validateSpec(spec);
  if (errors.length > 0) throw new EmitError('DG6006', `The spec does not match the spec schema: ${errors.slice(0, 3).join('; ')}.`);
  const byKey = new Map(spec.apis.map((api) => [entryKey(api), api] as const));
  const hashes = new Map<string, string>();
  let summary: SpecSummary | undefined;
  let summaryKey: string | undefined;
  let json: { content: string; key: string } | undefined;
  return {
    get summary() {
      return (summary ??= summarizeSpec(spec));
    },
    summaryKey() {
      return (summaryKey ??= summaryKeyOf(this.summary, this.summary.apis.map(summaryHash)));
    },
    entry: (key) => {
      const api = byKey.get(key);
      if (!api) throw new Error(`internal error: no spec entry ${JSON.stringify(key)}`);
      return api;
    },
    entryHash(key) {
      let h = hashes.get(key);
      if (h === undefined) hashes.set(key, (h = stateHash(entryText(this.entry(key)))));
      return h;
    },
    json() {
      if (!json) {
        const content = `${JSON.stringify(spec, null, 2)}\n`;
        json = { content, key: sha256Hex(content) };
      }
      return json;
    },
    full: () => spec,
  };
}


/**
 * A planned emit: the caller takes the rendered files from `render()` (which keys every file and
 * renders those the previous output does not supply, one by one as it is iterated), formats them
 * (on any thread, as they come) and calls `finish`.
 */
export interface EmitRun {
  /** How many files there are, and how many the previous output supplies unchanged (counted by `render`). */
  readonly stats: { readonly files: number; readonly reused: number };
  /** The files to check and format, in path order, each rendered when it is reached; iterate once, to the end. */
  render(): Iterable<RenderedFile>;
  /** Puts the package together; `formatted` holds each rendered file formatted, in order. */
  finish(formatted: readonly FormattedFile[]): EmitResult;
}

/**
 * Renders again the files `reuseEmit` found stale, from their stored contexts and the entries they
 * read, without planning the package. Undefined when a context is not stored (then `startEmit`).
 */
export function reassemble(
  stale: ReadonlyArray<{ path: string; record: FileRecord }>,
  source: EmitSource,
  options: EmitOptions,
  contexts: ContextStore,
  previous?: EmitPrevious,
): { toFormat: RenderedFile[]; finish(formatted: readonly FormattedFile[]): { files: Map<string, string>; pieces: Map<string, PieceRow[]> } } | undefined {
  const stored = stale.map((s) => contexts.load(s.record.base));
  if (stored.some((c) => c === undefined)) return undefined;
  const renderer = createRenderer(loadTemplateSet(options.builtinTemplatesDir, options.templatesDir));
  const toFormat = stale.map((s, i): RenderedFile => {
    const c = stored[i]!;
    const view = assemble(c.assembler, c.context, resolverFor(s.path, s.record.deps, source));
    return withMemo({ path: s.path, template: renderer.source(c.template), text: renderer.render(c.template, view, s.path) }, previous);
  });
  return {
    toFormat,
    finish: (formatted) => {
      const headers = stored.map((c) => c!.header);
      return {
        files: new Map(stale.map((s, i) => [s.path, headers[i]! + formatted[i]!.text] as const)),
        pieces: piecesAfterHeaders(stale.map((s) => s.path), headers, formatted),
      };
    },
  };
}

/** `file` with how the previous output formatted its path, when that output is on disk as written. */
function withMemo(file: RenderedFile, previous: EmitPrevious | undefined): RenderedFile {
  const memo = previous?.(file.path)?.memo?.();
  return memo ? { ...file, memo } : file;
}

/** The pieces of each formatted file (`paths[i]`), placed after the header the file starts with. */
function piecesAfterHeaders(paths: readonly string[], headers: readonly string[], formatted: readonly FormattedFile[]): Map<string, PieceRow[]> {
  const pieces = new Map<string, PieceRow[]>();
  formatted.forEach((f, i) => {
    const shift = headers[i]!.length;
    if (f.pieces) pieces.set(paths[i]!, f.pieces.map(([hash, start, length]) => [hash, start + shift, length] as const));
  });
  return pieces;
}

/**
 * Plans every file of the package, computes its key and renders the files the previous output
 * does not supply; see `emitPackage` for the errors it throws (a file that renders invalid
 * TypeScript throws from the formatter instead).
 */
export function startEmit(source: EmitSource, options: EmitOptions, previous?: EmitPrevious, previousEmit?: PreviousEmit, contexts?: ContextStore): EmitRun {
  const templates = loadTemplateSet(options.builtinTemplatesDir, options.templatesDir);
  const failures: Diagnostic[] = [];
  const { spec, plan } = planIsolated(source.summary, failures);
  const diagnostics: Diagnostic[] = [...plan.diagnostics, ...failures];
  const planned = planFiles({ spec, plan, options }, source, diagnostics);

  const renderer = createRenderer(templates);
  const { common, specTemplateIsPlain } = commonKey(templates, options);
  const summaryKey = source.summaryKey();
  // With the templates, options and summary of the previous emit, every view and context is the
  // previous one: a file's key needs only its recorded base and its entries' current hashes.
  const sameContexts = previousEmit !== undefined && previousEmit.common === common && previousEmit.summaryKey === summaryKey;
  const keying: Keying = { source, common, specTemplateIsPlain, contexts, recorded: new Map(sameContexts ? previousEmit.files.map((f) => [f.path, f] as const) : []) };
  const headers = planned.map((file) => renderHeader(file.path, { docgenVersion: options.docgenVersion, inputs: file.inputs ?? spec.inputFiles }));
  // A file whose key is the previous output's is reused without rendering (its view, if computed
  // for the key, is dropped); the others are rendered as `render` is iterated, each right after it
  // is keyed, so that no more than one view is held at a time.
  const records: FileRecord[] = [];
  const contents: (EmittedContent | undefined)[] = [];
  /** The files `render` yielded, by index, in order. */
  const rendered: number[] = [];
  const stats = { files: planned.length, reused: 0 };

  return {
    stats,
    *render() {
      for (const [i, file] of planned.entries()) {
        const keyed = keyFile(file, headers[i]!, keying);
        records.push(keyed.record);
        const before = previous?.(file.path);
        const reused = keyed.reused ?? (before && before.key === keyed.record.key ? { reused: true as const, sha256: before.sha256 } : undefined);
        contents.push(reused);
        if (reused) {
          stats.reused++;
          continue;
        }
        const output = outputOf(file, headers[i]!, keyed.view, renderer, source);
        if ('content' in output) {
          contents[i] = output.content;
          continue;
        }
        rendered.push(i);
        yield withMemo(output, previous);
      }
    },
    finish(done) {
      if (records.length !== planned.length) throw new Error('internal error: the emit was finished before every file was rendered');
      if (done.length !== rendered.length) throw new Error(`internal error: ${done.length} formatted files for ${rendered.length} rendered`);
      rendered.forEach((i, n) => {
        contents[i] = headers[i] + done[n]!.text;
      });
      const files = new Map(planned.map((file, i) => [file.path, contents[i]!] as const));
      const recordMap = new Map(planned.map((file, i) => [file.path, records[i]!] as const));
      const pieces = piecesAfterHeaders(rendered.map((i) => planned[i]!.path), rendered.map((i) => headers[i]!), done);
      return { files, records: recordMap, common, summaryKey, diagnostics: diagnostics.sort(compareDiagnostics), pieces };
    },
  };
}

/** Every file of the package, from every emitter, the barrel and `spec.json`, in path order; emitter diagnostics go to `diagnostics`. */
function planFiles(ctx: EmitContext, source: EmitSource, diagnostics: Diagnostic[]): PlannedFile[] {
  const planned: PlannedFile[] = [];
  for (const emitter of EMITTERS) {
    const result = emitter.emit(ctx);
    planned.push(...result.files);
    diagnostics.push(...(result.diagnostics ?? []));
  }
  planned.push(barrelFile(planned, ctx.options.packageName));
  planned.push({ ...SPEC_JSON, view: () => ({ spec: source.full() }) });
  const seen = new Set<string>();
  for (const file of planned) {
    // Paths are built from sanitised names only; these checks guard against emitter bugs.
    if (!isSafeOutputPath(file.path)) throw new Error(`internal error: unsafe output path ${JSON.stringify(file.path)}`);
    const key = file.path.toLowerCase();
    if (seen.has(key)) throw new Error(`internal error: two emitters produce ${file.path}`);
    seen.add(key);
  }
  return planned.sort((a, b) => compareStrings(a.path, b.path));
}

/** What a file's key is computed from, besides the file. */
interface Keying {
  source: EmitSource;
  common: string;
  specTemplateIsPlain: boolean;
  /** The previous emit's records, when its contexts are this emit's. */
  recorded: ReadonlyMap<string, PreviousEmit['files'][number]>;
  contexts?: ContextStore;
}

/**
 * A planned file's record, with how to compute its view, or with the previous output when its
 * recorded key still holds. The key: for a view from the plan alone, the view itself; for a view
 * that reads entries, its context and the hashes of those entries; for a plain `spec.json`, the
 * spec's text.
 */
function keyFile(file: PlannedFile, header: string, k: Keying): { record: FileRecord; view?: () => object; reused?: EmittedContent } {
  const known = k.recorded.get(file.path);
  if (known && file.path !== SPEC_JSON.path && known.intact) {
    const key = fileKey(known.base, known.deps.map((d) => k.source.entryHash(d)));
    if (key === known.key) return { record: { key, base: known.base, deps: known.deps }, reused: { reused: true, sha256: known.sha256 } };
  }
  if (file.path === SPEC_JSON.path && k.specTemplateIsPlain) {
    const key = specJsonKey(k.common, k.source.json().key);
    return { record: { key, base: key, deps: [] } };
  }
  if (file.view) {
    const computed = file.view();
    const base = fileBase(k.common, file.path, header, JSON.stringify(computed));
    return { record: { key: base, base, deps: [] }, view: () => computed };
  }
  const context = file.context();
  const base = fileBase(k.common, file.path, header, JSON.stringify(context));
  const deps = [...file.deps];
  const assembler = file.assembler;
  k.contexts?.store(base, { template: file.template, assembler, header, context });
  return {
    record: { key: fileKey(base, deps.map((d) => k.source.entryHash(d))), base, deps },
    view: () => assemble(assembler, context, resolverFor(file.path, deps, k.source)),
  };
}

/** A file's content when it needs no formatting (`spec.json` as the source has it, JSON written directly), else its rendered text to format. */
function outputOf(file: PlannedFile, header: string, view: (() => object) | undefined, renderer: Renderer, source: EmitSource): { content: EmittedContent } | RenderedFile {
  if (!view) return { content: source.json().content };
  const model = view();
  const direct = directJson(file.path, model, renderer.source(file.template).text);
  if (direct !== undefined) return { content: header + direct };
  return { path: file.path, template: renderer.source(file.template), text: renderer.render(file.template, model, file.path) };
}

/**
 * The package plan without the APIs whose generated code cannot be planned: each API's signature
 * and method view are computed once here, and an API for which that fails gets a DG9002 in
 * `failures` and is left out of a second plan (so every emitter sees the same APIs).
 */
function planIsolated(spec: SpecSummary, failures: Diagnostic[]): { spec: SpecSummary; plan: PackagePlan } {
  const plan = planPackage(spec);
  const failed = new Set<string>();
  for (const h of plan.headers) {
    for (const a of h.apis) {
      const planned = isolate('plan', { name: a.api.name, source: a.api.sources[0] }, failures, () => {
        apiSignature(a, plan);
        return methodContext(a, plan, spec);
      });
      if (!planned) failed.add(a.api.key);
    }
  }
  if (failed.size === 0) return { spec, plan };
  const kept = { ...spec, apis: spec.apis.filter((a) => !failed.has(a.key)) };
  return { spec: kept, plan: planPackage(kept) };
}

/** The entry resolver a file's view gets: its declared dependencies, nothing else. */
function resolverFor(path: string, deps: readonly string[], source: EmitSource): EntryResolver {
  const allowed = new Set(deps);
  return (key) => {
    if (!allowed.has(key)) throw new Error(`internal error: the view of ${path} reads the entry ${JSON.stringify(key)}, which it does not list in deps`);
    return source.entry(key);
  };
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
