/**
 * Conformance module: `src/conformance/cases/<header>.ts` (the derived cases of each header's APIs
 * as data, each with its doc sentence and source), `src/conformance/cases.ts` (their types, and all
 * of them gathered), `src/conformance/fixtures.ts` (the fixtures interface the implementer fills in,
 * and the implementations object) and `src/conformance/index.ts` (`runConformance`, which registers
 * one `node:test` test per case plus a return-code contract test per API). A header's cases are a
 * file of their own so that a doc change re-renders only that header's cases.
 * Derivation is `conformance/derive.ts`; this emitter only shapes its result for the templates.
 */
import { compareStrings } from '../diagnostics.js';
import { hasValue } from '../model/spec.js';
import type { ApiSummary } from '../build/summary.js';
import { deriveConformance, type ConformanceModel, type NameResolver, type Variant } from '../conformance/derive.js';
import { headerInputs, headerScope } from './bindings.js';
import type { EmitContext, Emitter, PlannedFile } from './emitter.js';
import type { PackagePlan, PlannedHeader } from './plan.js';
import { perObject } from '../memo.js';

/** Names as the package plan gives them. */
export function planNames(plan: PackagePlan): NameResolver {
  const byApi = new Map<ApiSummary, { module: string; method: string }>();
  for (const h of plan.bound) for (const a of h.apis) byApi.set(a.api, { module: h.module, method: a.method });
  return (api) => byApi.get(api);
}

/** The conformance model of an emit, derived once per emit context (the README and this emitter both read it). */
export const conformanceModel = perObject((ctx: EmitContext): ConformanceModel => deriveConformance(ctx.spec, planNames(ctx.plan)));

const VARIANT_DOC: Record<Variant, string> = {
  valid: 'A new value that names a live object: a fresh handle, or an identifier that exists. Called once per case; the case may delete what it names.',
  invalid: 'A value that is not a valid handle (never issued by the implementation).',
  missing: 'A well-formed identifier that names nothing: it does not exist.',
  null: 'NULL.',
};

/** A header's share of the conformance model. */
interface ModuleCases {
  cases: ConformanceModel['cases'];
  coverage: ConformanceModel['coverage'];
}

export const conformance: Emitter = {
  name: 'conformance',
  emit(ctx) {
    const { plan } = ctx;
    if (plan.bound.length === 0) return { files: [] };
    // Derived and grouped by header now rather than when a view needs it: an API whose cases failed
    // is reported (DG9002) whatever files are rendered, and a header's view reads its own share only.
    const model = conformanceModel(ctx);
    const byModule = casesByModule(plan, model);
    const inputs = [...new Set(plan.bound.flatMap((h) => h.apis.flatMap((a) => a.api.sources.map((s) => s.file))))].filter((f) => f !== '').sort(compareStrings);
    const files: PlannedFile[] = [
      ...plan.bound.map((h) => headerCasesFile(h, byModule.get(h.module)!, headerScope(h, plan))),
      casesFile(ctx, inputs),
      fixturesFile(ctx, inputs),
      indexFile(ctx, inputs),
    ];
    return { files, diagnostics: model.diagnostics };
  },
};

/** The model's cases and coverage by the module of their API's header. */
function casesByModule(plan: PackagePlan, model: ConformanceModel): Map<string, ModuleCases> {
  const moduleOf = new Map(plan.bound.flatMap((h) => h.apis.map((a) => [a.api.name, h.module] as const)));
  const out = new Map(plan.bound.map((h): [string, ModuleCases] => [h.module, { cases: [], coverage: [] }]));
  for (const c of model.cases) out.get(moduleOf.get(c.api)!)?.cases.push(c);
  for (const c of model.coverage) out.get(moduleOf.get(c.api)!)?.coverage.push(c);
  return out;
}

/** `src/conformance/cases/<module>.ts`: one header's cases, with what each API documents. */
function headerCasesFile(h: PlannedHeader, mine: ModuleCases, scope: string[]): PlannedFile {
  return {
    path: `src/conformance/cases/${h.module}.ts`,
    template: 'conformance-header-cases.ts.hbs',
    view: () => {
      const apis: Record<string, { module: string; method: string; family: string | null; codes: string[]; exhaustive: boolean }> = {};
      for (const a of h.apis) {
        apis[a.api.name] = {
          module: h.module,
          method: a.method,
          family: a.api.statusFamily ?? null,
          codes: [...new Set((a.api.returns?.codes ?? []).map((c) => c.name))].sort(compareStrings),
          exhaustive: a.api.returns?.exhaustive ?? true,
        };
      }
      return { header: h.header ?? '(no header)', casesModule: '../cases.js', cases: mine.cases, coverage: mine.coverage, apis };
    },
    inputs: headerInputs(h),
    scope,
  };
}

/** `src/conformance/cases.ts`: every header's cases gathered, and the value of each status name. */
function casesFile({ spec, plan }: EmitContext, inputs: string[]): PlannedFile {
  return {
    path: 'src/conformance/cases.ts',
    template: 'conformance-cases.ts.hbs',
    view: () => {
      const values: Record<string, number> = {};
      for (const c of [...spec.statusCodes].sort((x, y) => compareStrings(x.name, y.name))) {
        if (hasValue(c) && values[c.name] === undefined) values[c.name] = c.value;
      }
      return { modules: plan.bound.map((h) => ({ from: `./cases/${h.module}.js` })), statusValues: values };
    },
    inputs,
    exports: [{ kind: 'names', names: ['CONFORMANCE_CASES', 'CONFORMANCE_COVERAGE'] }],
  };
}

/** `src/conformance/fixtures.ts`: the fixtures the implementer provides, and the implementations object. */
function fixturesFile(ctx: EmitContext, inputs: string[]): PlannedFile {
  const { plan } = ctx;
  return {
    path: 'src/conformance/fixtures.ts',
    template: 'conformance-fixtures.ts.hbs',
    view: () => ({
      imports: plan.bound.map((h) => ({ name: h.interfaceName, from: `../${h.module}.js` })),
      modules: plan.bound.map((h) => ({ key: h.module, interfaceName: h.interfaceName, header: h.header ?? '(no header)' })),
      fixtures: conformanceModel(ctx).fixtures.map((f) => ({
        key: f.key,
        doc: `Values of ${f.types.join(', ')}, for ${f.usedBy.join('; ')}.`,
        variants: f.variants.map((v) => ({ name: v, doc: VARIANT_DOC[v] })),
      })),
    }),
    inputs,
    exports: [{ kind: 'names', names: ['ConformanceFixtures', 'ConformanceImplementations'], typeOnly: true }],
  };
}

/** `src/conformance/index.ts`: `runConformance`, with the counts of executable and to-do cases. */
function indexFile(ctx: EmitContext, inputs: string[]): PlannedFile {
  return {
    path: 'src/conformance/index.ts',
    template: 'conformance-index.ts.hbs',
    view: () => {
      const model = conformanceModel(ctx);
      return { executable: model.cases.filter((c) => c.todo === null).length, todo: model.cases.filter((c) => c.todo !== null).length };
    },
    inputs,
    exports: [
      { kind: 'names', names: ['runConformance'] },
      { kind: 'names', names: ['ConformanceOptions', 'ConformanceReport'], typeOnly: true },
    ],
  };
}
