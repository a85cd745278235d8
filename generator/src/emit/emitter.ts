/**
 * The emitter contract. An emitter is a pure function from the spec (and the shared package plan)
 * to the files it wants: for each, an output path, the template that renders it and the view
 * model the template reads. Emitters never render, never format and never touch the file system;
 * the pipeline (`index.ts`) does that for all of them.
 *
 * Adding an output kind = one module exporting an `Emitter`, one template in `templates/`, and one
 * line in the `EMITTERS` list of `index.ts`.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Spec } from '../model/spec.js';
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
  spec: Spec;
  plan: PackagePlan;
  options: EmitOptions;
}

/** One statement of the package's entry point (`src/index.ts`). */
export type BarrelExport =
  /** `export { A, B } from './module.js'` (or `export type { … }` when `typeOnly`). */
  | { kind: 'names'; names: string[]; typeOnly?: boolean }
  /** `export * as ns from './module.js'`. */
  | { kind: 'namespace'; namespace: string };

export interface PlannedFile {
  /** Output path, relative POSIX (`src/status/ntstatus.ts`). Must match `SAFE_PATH`. */
  path: string;
  /** Template name within the template set (`status.ts.hbs`). */
  template: string;
  /** The view model: plain data only (no functions), every field the template reads present. */
  view: object;
  /**
   * The docs files this output was generated from (relative to the docs folder); listed in the
   * file header. Undefined means every input of the spec.
   */
  inputs?: readonly string[];
  /** What the package entry point re-exports from this file (TypeScript modules only). */
  exports?: readonly BarrelExport[];
}

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
