/**
 * The emitter contract. An emitter is a pure function from the spec summary (and the shared
 * package plan) to the files it wants: for each, an output path, the template that renders it and
 * a function computing the view model the template reads. Emitters never render, never format and
 * never touch the file system; the emit (`run.ts`) does that for all of them.
 *
 * Views are computed only for the files that must be rendered. A view reads the plan, the spec
 * summary and the options; a view that needs the prose of API entries (descriptions, parameter
 * text, return codes) names those entries in `deps` and reads them through the resolver it is
 * given, which resolves nothing else. A file's output is therefore a function of the summary, the
 * options, the templates and its `deps` entries; the pipeline keys the file on exactly these and
 * keeps the previous output while the key is unchanged (see `fileKey` in `keys.ts`).
 *
 * Adding an output kind = one module exporting an `Emitter`, one template in `templates/`, and one
 * line in the `EMITTERS` list of `plan-files.ts`.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { SpecSummary } from '../build/summary.js';
import type { AssemblerName } from './assemblers.js';
import type { PackagePlan } from './plan.js';

export interface EmitOptions {
  packageName: string;
  packageVersion: string;
  docgenVersion: string;
  /** User template folder (`--templates DIR`); its files override the built-in ones by name. */
  templatesDir?: string;
  /** The built-in `templates/` folder. */
  builtinTemplatesDir: string;
}

export interface EmitContext {
  spec: SpecSummary;
  plan: PackagePlan;
  options: EmitOptions;
}

/** One statement of the package's entry point (`src/index.ts`). */
export type BarrelExport =
  /** `export { A, B } from './module.js'` (or `export type { … }` when `typeOnly`). */
  | { kind: 'names'; names: string[]; typeOnly?: boolean }
  /** `export * as ns from './module.js'`. */
  | { kind: 'namespace'; namespace: string };

/**
 * A file an emitter wants. Its view is computed in one of two ways:
 *
 * - `view()`: from the plan, the spec summary and the options only;
 * - `context()` then an assembler (`assemblers.ts`, named by `assembler`), for a view that reads the
 *   prose of the API entries listed in `deps`: `context()` computes everything else as plain data,
 *   and the assembler builds the view from that context and the entries alone. The pipeline keys
 *   the file on the context and the entries' hashes, so it can tell that the file is unchanged
 *   without reading any entry, and it stores the context, so a later run can assemble the file
 *   again after an entry changed without planning the package.
 */
export type PlannedFile = {
  /** Output path, relative POSIX (`src/status/ntstatus.ts`). Must match `SAFE_PATH`. */
  path: string;
  /** Template name within the template set (`status.ts.hbs`). */
  template: string;
  /**
   * The docs files this output was generated from (relative to the docs folder); listed in the
   * file header. Undefined means every input of the spec.
   */
  inputs?: readonly string[];
  /** What the package entry point re-exports from this file (TypeScript modules only). */
  exports?: readonly BarrelExport[];
  /**
   * For a file of one header: the keys of the APIs whose summaries its view reads (the header's
   * APIs and types, the callbacks it declares). Its view is then a function of those summaries and
   * of what `sharedFactsText` keeps of every other API, so the file is keyed without computing its
   * view (`scopedInputsKey`). `view-locality.test.ts` holds every scoped file to that.
   */
  scope?: readonly string[];
} & (
  | {
      /** Returns the view model: plain data only (no functions), every field the template reads present. */
      view: () => object;
      context?: undefined;
      assembler?: undefined;
      deps?: undefined;
    }
  | {
      view?: undefined;
      context: () => object;
      assembler: AssemblerName;
      /** Keys of the API entries the assembler reads. */
      deps: readonly string[];
    }
);

export interface EmitterResult {
  files: PlannedFile[];
  diagnostics?: Diagnostic[];
}

export interface Emitter {
  /** Short name for messages (`status-enums`). */
  name: string;
  emit(ctx: EmitContext): EmitterResult;
}

/**
 * Output paths are built by emitters from sanitised names only; the pipeline still checks each one
 * against this pattern (lower-case segments of `[a-z0-9_.-]`, no empty, `.` or `..` segment) so a
 * bug can never write outside the output folder.
 */
export const SAFE_PATH = /^(?:[a-z0-9_-][a-z0-9_.-]*\/)*[a-zA-Z0-9_-][a-zA-Z0-9_.-]*$/;

export function isSafeOutputPath(p: string): boolean {
  return SAFE_PATH.test(p) && !p.split('/').some((s) => s === '.' || s === '..' || s.startsWith('..'));
}
