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
 * Generates the package for `spec`. Deterministic: the same spec, options and templates give
 * byte-identical files.
 *
 * @throws TemplateError when a template folder is missing, a template fails to compile or render
 *   (DG6005) or renders invalid TypeScript/JSON (DG6001): a clean error naming the template and the
 *   line. No files are returned.
 * @throws EmitError (the base class) when the spec does not match the schema (DG6006).
 */
export function emitPackage(spec: Spec, options: EmitOptions, formatter: Formatter = formatInChunks): EmitResult {
  const templates = loadTemplateSet(options.builtinTemplatesDir, options.templatesDir);
  return emitWithTemplates(spec, options, templates, formatter);
}

/**
 * Checks and formats rendered files, returning their formatted text in the same order. The
 * default formats everything; a cache (parallel/cached-emit.ts) can skip files it has seen.
 */
export type Formatter = (files: readonly RenderedFile[]) => string[];

/** Files checked and formatted per ts-morph project: one project holds the syntax trees of all its files. */
export const FORMAT_CHUNK = 200;

/** `checkAndFormat` in chunks, which bounds the memory of a large doc set (formatting is per file). */
export function formatInChunks(files: readonly RenderedFile[]): string[] {
  const out: string[] = [];
  for (let start = 0; start < files.length; start += FORMAT_CHUNK) out.push(...checkAndFormat(files.slice(start, start + FORMAT_CHUNK)));
  return out;
}

/** `emitPackage` with an already loaded template set (tests, or callers that cache templates). */
export function emitWithTemplates(spec: Spec, options: EmitOptions, templates: TemplateSet, formatter: Formatter = formatInChunks): EmitResult {
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
  // Whole-value JSON files (spec.json: about 100 MB on a large doc set) skip Handlebars, the JSON
  // re-parse and the formatter: their formatted text is computed directly (see `directJson`).
  const direct = planned.map((file) => directJson(file, renderer.source(file.template).text));
  const rendered: RenderedFile[] = [];
  planned.forEach((file, i) => {
    if (direct[i] !== undefined) return;
    rendered.push({ path: file.path, template: renderer.source(file.template), text: renderer.render(file.template, file.view, file.path) });
  });
  const checked = formatter(rendered);
  rendered.length = 0; // the rendered text is not needed any more: let it go before the files are put together
  let next = 0;
  const formatted = direct.map((text) => text ?? checked[next++]!);

  const allInputs = spec.inputs.map((i) => i.file);
  const sha = inputShas(spec);
  const files = new Map<string, string>();
  planned.forEach((file, i) => {
    const header = renderHeader(file.path, { docgenVersion: options.docgenVersion, inputs: file.inputs ?? allInputs }, spec, sha);
    files.set(file.path, header + formatted[i]!);
  });
  return { files, diagnostics: diagnostics.sort(compareDiagnostics) };
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
