/**
 * Emitting, spec → files in memory: the library entry point (`emitPackage`, on a spec in memory)
 * over the one emit path (`run.ts`) that `docgen generate` takes too. Its only effects are reading
 * the template folders and storing file contexts in the cache (`ContextStore`); writing the output
 * is the caller's job (`io/`), so a failure here leaves the output folder untouched.
 *
 *   plan (shared names and decisions, from the spec summary) → emitters (planned files)
 *   → file keys → render (Handlebars) the files whose key changed → check + format (ts-morph)
 *   → header → sorted Map
 *
 * Adding an output kind: see `plan-files.ts`.
 */
import { sha256Hex } from '../hash.js';
import { validateSpec, type Spec } from '../model/spec.js';
import { entryKey, summarizeSpec, type SpecSummary } from '../build/summary.js';
import { sharedHash, summaryHash } from '../build/incremental.js';
import { stateHash } from '../hash.js';
import { entryText } from '../build/spec-text.js';
import { noSpecEntry, sharedFactsKeyOf, summaryKeyOf, type EmitSource } from '../build/spec-source.js';
import { assemble } from './assemblers.js';
import { EmitError } from './errors.js';
import type { EmitOptions } from './emitter.js';
import { formatInChunks } from './format.js';
import { commonKey, type EmitResult } from './keys.js';
import { planStage } from './plan-files.js';
import { emitRun } from './run.js';
import { createRenderer } from './templates.js';
import { loadTemplateSet } from './template-set.js';

export { FORMAT_CHUNK, formatInChunks } from './format.js';
export { EmitError, TemplateError } from './errors.js';
export type { EmitContext, Emitter, EmitOptions, PlannedFile } from './emitter.js';
export { EMITTERS } from './plan-files.js';
export { directJson, startEmit, type EmitRun } from './run.js';

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
  const source = emitSource(spec);
  const templates = loadTemplateSet(options.builtinTemplatesDir, options.templatesDir);
  const run = emitRun(planStage(source, options), source, commonKey(templates, options), {}, { renderer: createRenderer(templates), assemble });
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
  let summaryHashes: Map<string, string> | undefined;
  let sharedKey: string | undefined;
  let json: { content: string; key: string } | undefined;
  return {
    get summary() {
      return (summary ??= summarizeSpec(spec));
    },
    summaryKey() {
      return (summaryKey ??= summaryKeyOf(this.summary, this.summary.apis.map((a) => this.summaryHash(a.key))));
    },
    sharedFactsKey() {
      return (sharedKey ??= sharedFactsKeyOf(this.summary, this.summary.apis.map(sharedHash)));
    },
    summaryHash(key) {
      summaryHashes ??= new Map(this.summary.apis.map((a) => [a.key, summaryHash(a)] as const));
      return summaryHashes.get(key) ?? noSpecEntry(key);
    },
    entry: (key) => byKey.get(key) ?? noSpecEntry(key),
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
