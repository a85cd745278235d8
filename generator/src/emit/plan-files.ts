/**
 * The plan stage of an emit, computed: the package plan (shared names and decisions, from the spec
 * summary), then every emitter's files, the barrel and `spec.json`, each with its header. The heavy
 * part of emitting (every emitter loads with it); `run.ts` loads it only when the plan cannot be
 * recalled from the previous emit.
 *
 * Adding an output kind: write `emit/<kind>.ts` exporting an `Emitter`, add its template to
 * `templates/`, and add it to `EMITTERS` below.
 */
import { compareStrings, type Diagnostic } from '../diagnostics.js';
import type { EmitSource } from '../build/spec-source.js';
import type { SpecSummary } from '../build/summary.js';
import { isolate } from '../isolate.js';
import { barrelFile } from './barrel.js';
import { apiSignature, bindings, methodContext } from './bindings.js';
import { conformance } from './conformance.js';
import { isSafeOutputPath, type EmitContext, type Emitter, type EmitOptions, type PlannedFile } from './emitter.js';
import { renderHeader } from './header.js';
import { SPEC_JSON } from './keys.js';
import { loader } from './loader.js';
import { packageFiles } from './package-files.js';
import { planPackage, type PackagePlan } from './plan.js';
import { readme } from './readme.js';
import type { StagedPlan } from './run.js';
import { specJson } from './spec-json.js';
import { statusEnums } from './status-enums.js';
import { stubs } from './stubs.js';
import { wrappers } from './wrappers.js';

/** Every output kind, in no particular order (output is sorted by path). */
export const EMITTERS: readonly Emitter[] = [statusEnums, bindings, stubs, loader, wrappers, packageFiles, readme, specJson, conformance];

/** Plans the package of `source`: every file in path order, with its header, and the plan's and emitters' diagnostics. */
export function planStage(source: EmitSource, options: EmitOptions): StagedPlan {
  const failures: Diagnostic[] = [];
  const { spec, plan } = planIsolated(source.summary, failures);
  const diagnostics: Diagnostic[] = [...plan.diagnostics, ...failures];
  const planned = planFiles({ spec, plan, options }, source, diagnostics);
  const files = planned.map((file) => ({ planned: file, header: renderHeader(file.path, { docgenVersion: options.docgenVersion, inputs: file.inputs ?? spec.inputFiles }) }));
  return { files, diagnostics, planned: true };
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
