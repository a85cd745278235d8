/**
 * The emitting pipeline: spec → files in memory. Pure apart from reading the template folders;
 * writing is the caller's job (`io/`), so a failure here leaves the output folder untouched.
 *
 *   plan (shared names and decisions) → emitters (view models) → render (Handlebars)
 *   → check + format (ts-morph) → header → sorted Map
 *
 * Adding an output kind: write `emit/<kind>.ts` exporting an `Emitter`, add its template to
 * `templates/`, and add it to `EMITTERS` below.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { compareDiagnostics, compareStrings, type Diagnostic } from '../diagnostics.js';
import { validateSpec, type Spec } from '../model/spec.js';
import { barrelFile } from './barrel.js';
import { bindings } from './bindings.js';
import { checkAndFormat, type RenderedFile } from './check.js';
import { conformance } from './conformance.js';
import { isSafeOutputPath, type EmitContext, type Emitter, type EmitOptions, type PlannedFile } from './emitter.js';
import { EmitError } from './errors.js';
import { inputShas, renderHeader } from './header.js';
import { loader } from './loader.js';
import { wrappers } from './wrappers.js';
import { packageFiles } from './package-files.js';
import { planPackage } from './plan.js';
import { readme } from './readme.js';
import { specJson } from './spec-json.js';
import { statusEnums } from './status-enums.js';
import { stubs } from './stubs.js';
import { createRenderer, loadTemplateSet, type TemplateSet } from './templates.js';

export { EmitError, TemplateError } from './errors.js';
export type { EmitContext, Emitter, EmitOptions, PlannedFile } from './emitter.js';

/** Every output kind, in no particular order (output is sorted by path). */
export const EMITTERS: readonly Emitter[] = [statusEnums, bindings, stubs, loader, wrappers, packageFiles, readme, specJson, conformance];

export interface EmitResult {
  /** Relative POSIX path → content, sorted by path (code-unit order). */
  files: Map<string, string>;
  /** Generation diagnostics (6xxx), sorted. */
  diagnostics: Diagnostic[];
}

/**
 * Generates the package for `spec`, checking and formatting on this thread. Deterministic: the
 * same spec, options and templates give byte-identical files. With a `memo`, files whose template
 * set, path and view are those of a file it holds are taken from it instead of being rendered and
 * formatted again.
 *
 * @throws TemplateError when a template folder is missing, a template fails to compile or render
 *   (DG6005) or renders invalid TypeScript/JSON (DG6001): a clean error naming the template and the
 *   line. No files are returned.
 * @throws EmitError (the base class) when the spec does not match the schema (DG6006).
 */
export function emitPackage(spec: Spec, options: EmitOptions, memo?: OutputMemo): EmitResult {
  const run = startEmit(spec, options, memo);
  return run.finish(formatInChunks(run.toFormat));
}

/**
 * Remembers the formatted text of output files between runs (`io/cache.ts` keeps it on disk), so a
 * warm run renders and formats only the files whose inputs changed.
 */
export interface OutputMemo {
  get(key: string): string | undefined;
  set(key: string, formatted: string): void;
  /** Called once per emit, after it, with every key the emit used: the memo may drop the others. */
  keep(keys: ReadonlySet<string>): void;
}

/** An emit between rendering and formatting: the caller formats `toFormat` (on any thread) and calls `finish`. */
export interface EmitRun {
  /** Rendered files that still need checking and formatting, in path order. */
  readonly toFormat: readonly RenderedFile[];
  /** How many files the memo could have supplied, and how many it did. */
  readonly memoStats: { files: number; hits: number };
  /** Puts the package together; `formatted` holds the formatted text of each `toFormat` file, in order. */
  finish(formatted: readonly string[]): EmitResult;
}

/** Files checked and formatted per ts-morph project: one project holds the syntax trees of all its files. */
export const FORMAT_CHUNK = 200;

/** `checkAndFormat` in chunks, which bounds the memory of a large doc set (formatting is per file). */
export function formatInChunks(files: readonly RenderedFile[]): string[] {
  const out: string[] = [];
  for (let start = 0; start < files.length; start += FORMAT_CHUNK) out.push(...checkAndFormat(files.slice(start, start + FORMAT_CHUNK)));
  return out;
}

/**
 * Plans, renders and looks up every file of the package for `spec`; see `emitPackage` for the
 * errors it throws (a file that renders invalid TypeScript throws from the formatter instead).
 */
export function startEmit(spec: Spec, options: EmitOptions, memo?: OutputMemo): EmitRun {
  const templates = loadTemplateSet(options.builtinTemplatesDir, options.templatesDir);
  const errors = validateSpec(spec);
  if (errors.length > 0) throw new EmitError('DG6006', `The spec does not match the spec schema: ${errors.slice(0, 3).join('; ')}.`);

  const plan = planPackage(spec);
  const ctx: EmitContext = { spec, plan, options };
  const diagnostics: Diagnostic[] = [...plan.diagnostics];
  const planned: PlannedFile[] = [];
  for (const emitter of EMITTERS) {
    const result = emitter.emit(ctx);
    planned.push(...result.files);
    diagnostics.push(...(result.diagnostics ?? []));
  }
  planned.push(barrelFile(planned, options.packageName));

  const seen = new Set<string>();
  for (const file of planned) {
    // Paths are built from sanitised names only; these checks guard against emitter bugs.
    if (!isSafeOutputPath(file.path)) throw new Error(`internal error: unsafe output path ${JSON.stringify(file.path)}`);
    const key = file.path.toLowerCase();
    if (seen.has(key)) throw new Error(`internal error: two emitters produce ${file.path}`);
    seen.add(key);
  }
  planned.sort((a, b) => compareStrings(a.path, b.path));

  const renderer = createRenderer(templates);
  const templatesHash = templateSetHash(templates);
  // Each file's formatted text comes from one of three places: computed directly (whole-value JSON
  // files such as spec.json, about 100 MB on a large doc set: no Handlebars, no re-parse, no
  // formatter, see `directJson`), the memo, or rendering now and formatting later.
  const formatted: (string | undefined)[] = planned.map((file) => directJson(file, renderer.source(file.template).text));
  const keys = planned.map((file, i) => (memo && formatted[i] === undefined ? outputKey(templatesHash, file) : undefined));
  const toFormat: RenderedFile[] = [];
  const pending: number[] = [];
  planned.forEach((file, i) => {
    if (formatted[i] !== undefined) return;
    const remembered = keys[i] === undefined ? undefined : memo!.get(keys[i]!);
    if (remembered !== undefined) {
      formatted[i] = remembered;
      return;
    }
    pending.push(i);
    toFormat.push({ path: file.path, template: renderer.source(file.template), text: renderer.render(file.template, file.view, file.path) });
  });
  const memoized = keys.filter((k) => k !== undefined).length;

  return {
    toFormat,
    memoStats: { files: memoized, hits: memoized - pending.filter((i) => keys[i] !== undefined).length },
    finish(done) {
      if (done.length !== pending.length) throw new Error(`internal error: ${done.length} formatted files for ${pending.length} rendered`);
      pending.forEach((i, n) => {
        formatted[i] = done[n]!;
        if (keys[i] !== undefined) memo!.set(keys[i]!, done[n]!);
      });
      memo?.keep(new Set(keys.filter((k): k is string => k !== undefined)));
      const allInputs = spec.inputs.map((input) => input.file);
      const sha = inputShas(spec);
      const files = new Map<string, string>();
      planned.forEach((file, i) => {
        const header = renderHeader(file.path, { docgenVersion: options.docgenVersion, inputs: file.inputs ?? allInputs }, spec, sha);
        files.set(file.path, header + formatted[i]!);
      });
      return { files, diagnostics: diagnostics.sort(compareDiagnostics) };
    },
  };
}

/**
 * The memo key of a file: its path, its view and the whole template set (a template can include
 * any partial). Views are plain JSON data (the emitter contract), so their JSON text stands for
 * them; docgen's own code (helpers, formatter) is covered by the cache's salt.
 */
function outputKey(templatesHash: string, file: PlannedFile): string {
  return createHash('sha256').update(templatesHash).update('\0').update(file.path).update('\0').update(JSON.stringify(file.view)).digest('hex');
}

function templateSetHash(set: TemplateSet): string {
  const h = createHash('sha256');
  for (const name of set.names()) h.update(name).update('\0').update(set.get(name)!.text).update('\0');
  return h.digest('hex');
}

/** A template that is one `{{json field}}` and nothing else (whitespace aside). */
const WHOLE_JSON_TEMPLATE = /^\s*\{\{json ([A-Za-z_$][\w$]*)\}\}\s*$/;

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
export function directJson(file: PlannedFile, templateText: string): string | undefined {
  if (!file.path.endsWith('.json')) return undefined;
  const m = WHOLE_JSON_TEMPLATE.exec(templateText);
  if (!m || !Object.hasOwn(file.view, m[1]!)) return undefined;
  const value = (file.view as Record<string, unknown>)[m[1]!];
  if (typeof value !== 'object' || value === null) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, 2);
  } catch {
    return undefined;
  }
  return text !== undefined && (text.startsWith('{') || text.startsWith('[')) ? `${text}\n` : undefined;
}

/** The default location of the built-in templates: `<repo>/templates`, from `generator/dist/src/emit/`. */
export function defaultBuiltinTemplatesDir(moduleUrl: string = import.meta.url): string {
  return fileURLToPath(new URL('../../../../templates/', moduleUrl));
}
