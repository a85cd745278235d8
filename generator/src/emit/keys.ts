/**
 * File keys: what decides that an output file is unchanged. A file's key is a hash of everything its
 * output is a function of: the template set and the options (`common`), its path and header, its
 * view (or, for a view that reads entries, its context) and the hashes of the entries it reads.
 * Kept apart from the emitters (`plan-files.ts`) and Handlebars (`templates.ts`), so that a run with
 * nothing to plan or render loads neither.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics.js';
import { sha256Hex } from '../hash.js';
import type { AssemblerName } from './assemblers.js';
import type { EmitOptions } from './emitter.js';
import type { EmittedContent } from './output-content.js';
import type { FormatMemo, PieceRow } from './format-pieces.js';
import type { TemplateSet } from './template-set.js';

/** The output path and the template of the spec file. */
export const SPEC_JSON = { path: 'spec.json', template: 'spec.json.hbs' } as const;

/** How a file's key was made: the part that does not depend on entries, and the entries it lists. */
export interface FileRecord {
  key: string;
  base: string;
  deps: readonly string[];
  /** For a file with a scope (`PlannedFile.scope`): the key of its inputs (`scopedInputsKey`), known without computing its view. */
  inputs?: string;
}

export interface EmitResult {
  /** Relative POSIX path → content, sorted by path (code-unit order). */
  files: Map<string, EmittedContent>;
  /** The key of every file (see the module comment) and how it was made. */
  records: Map<string, FileRecord>;
  /** The keys of what every file depends on besides its entries: templates and options, the summary. */
  common: string;
  summaryKey: string;
  /** Generation diagnostics (6xxx), sorted. */
  diagnostics: Diagnostic[];
  /** The formatted pieces of the files formatted by this emit (`format-pieces.ts`), for the next one. */
  pieces: Map<string, PieceRow[]>;
}

/**
 * What a previous output holds: each file's key and sha256, for files still there as written, and
 * how it was formatted (read when the file is rendered again).
 */
export type EmitPrevious = (path: string) => { key: string; sha256: string; memo?(): FormatMemo | undefined } | undefined;

/** A previous emit, for recalling its plan (`run.ts`): every file it made (with whether it is still on disk as written). */
export interface PreviousEmit {
  common: string;
  summaryKey: string;
  diagnostics: Diagnostic[];
  files: ReadonlyArray<FileRecord & { path: string; sha256: string; intact: boolean }>;
}

/**
 * The part of a file's key that does not depend on the entries it reads: the templates and
 * options, its path and header, and its view (or, for a view that reads entries, its context) as JSON.
 */
export function fileBase(common: string, path: string, header: string, viewJson: string): string {
  return sha256Hex(`${common}\0${path}\0${header}\0${viewJson}`);
}

/**
 * The key of what a scoped file's view is a function of (`PlannedFile.scope`), computed without the
 * view: the templates and options, its path, template and header, the facts every file shares
 * (`EmitSource.sharedFactsKey`) and the hashes of its scope's API summaries. A file whose inputs
 * key is the previous emit's, on disk as written with its entries' current hashes, is the previous
 * file.
 */
export function scopedInputsKey(common: string, path: string, template: string, header: string, shared: string, summaryHashes: readonly string[]): string {
  return sha256Hex(`${common}\0${path}\0${template}\0${header}\0${shared}\0${summaryHashes.join('\0')}`);
}

/** The key of `spec.json`: the templates and options, and the key of the spec's text. */
export function specJsonKey(common: string, jsonKey: string): string {
  return sha256Hex(`${common}\0spec\0${jsonKey}`);
}

/** A file's key: its base and the hashes of the entries it depends on. */
export function fileKey(base: string, depHashes: readonly string[]): string {
  return depHashes.length === 0 ? base : sha256Hex(`${base}\0${depHashes.join('\0')}`);
}

/** The key of the templates and options every file depends on. */
export function commonKey(templates: TemplateSet, options: EmitOptions): { common: string; specTemplateIsPlain: boolean } {
  const specTemplate = templates.get(SPEC_JSON.template);
  const specTemplateIsPlain = specTemplate !== undefined && WHOLE_JSON_TEMPLATE.exec(specTemplate.text)?.[1] === 'spec';
  const common = sha256Hex(JSON.stringify([templateSetHash(templates), options.packageName, options.packageVersion, options.docgenVersion, specTemplateIsPlain]));
  return { common, specTemplateIsPlain };
}

/** A file's stored context (see `PlannedFile.context`): enough to render it again without the plan. */
export interface StoredContext {
  template: string;
  assembler: AssemblerName;
  header: string;
  context: object;
}

/** Where contexts are kept between runs, by the file's base (which the context determines). */
export interface ContextStore {
  load(base: string): StoredContext | undefined;
  store(base: string, context: StoredContext): void;
}

function templateSetHash(set: TemplateSet): string {
  const h = createHash('sha256');
  for (const name of set.names()) h.update(name).update('\0').update(set.get(name)!.text).update('\0');
  return h.digest('hex');
}

/** A template that is one `{{json field}}` and nothing else (whitespace aside). */
export const WHOLE_JSON_TEMPLATE = /^\s*\{\{json ([A-Za-z_$][\w$]*)\}\}\s*$/;
