/**
 * Spec → conformance cases (pure). Every documented return code of every function and callback
 * is classified by the pattern table (`conditions/rules.ts`) and becomes an executable case, or a
 * `todo` carrying the doc sentence when the condition cannot be produced by a test. API-level rules
 * (remarks: no use after delete; callback types: the callback fires, once; a creator's result) and
 * parameter-level rules (`NULL is allowed`; a callback's data and context; a NULL registration)
 * add behaviour cases, or todos for behaviour no test can produce or observe.
 *
 * The stages, each its own module over one explicit context (`context.ts`):
 *
 * 1. `createContext`: the codes classified, the asynchronous roles of the APIs (`async-roles.ts`);
 * 2. per API, isolated (a failure is a DG9002 and one todo case, never the end of the run):
 *    `deriveCodeCases` (`code-cases.ts`) and `deriveBehaviourCases` (`behaviour-cases.ts`, which
 *    leaves the callback cases to `callback-cases.ts`);
 * 3. titles (`titles.ts`), fixtures sorted, coverage (`coverage.ts`).
 *
 * Reads the APIs' docs only through their conformance facts (`conditions/facts.ts`), so it runs on
 * summaries.
 */
import { compareStrings, type Diagnostic } from '../diagnostics.js';
import { isolate } from '../isolate.js';
import type { ApiSummary, SpecSummary } from '../build/summary.js';
import { apiNameIndex } from '../naming/api-names.js';
import { deriveBehaviourCases } from './behaviour-cases.js';
import { deriveCodeCases } from './code-cases.js';
import { blankCase, createContext, type Api, type DeriveContext } from './context.js';
import { coverageFrom, indexCases } from './coverage.js';
import type { ConformanceModel, NameResolver } from './model.js';
import { caseTitle } from './titles.js';

export type * from './model.js';
export { apiCoverage, coverageLines } from './coverage.js';

/** The names the package plan gives the APIs (`naming/api-names.ts`): the default of `deriveConformance`. */
export function bindingNames(apis: readonly ApiSummary[]): NameResolver {
  const index = apiNameIndex(apis);
  return (api) => index.get(api.key);
}

/** The conformance model of a spec. */
export function deriveConformance(spec: Pick<SpecSummary, 'apis' | 'statusCodes' | 'types'>, names: NameResolver = bindingNames(spec.apis)): ConformanceModel {
  const ctx = createContext(spec, names);
  const failures: Diagnostic[] = [];
  for (const api of ctx.apis) {
    // Cases are only ever added while deriving, so the ones an API added are those after this many.
    const before = ctx.cases.size;
    const derived = isolate('conformance', { name: api.name, source: api.sources[0] }, failures, () => {
      deriveCodeCases(ctx, api);
      deriveBehaviourCases(ctx, api);
      return true;
    });
    if (!derived) replaceWithTodo(ctx, api, before);
  }
  const cases = [...ctx.cases.values()].sort((a, b) => compareStrings(a.id, b.id));
  for (const cs of cases) cs.title = caseTitle(cs);
  const index = indexCases(cases);
  const fixtures = [...ctx.fixtures.values()].sort((a, b) => compareStrings(a.key, b.key));
  for (const f of fixtures) {
    f.variants.sort();
    f.usedBy.sort(compareStrings);
  }
  return { cases, fixtures, coverage: ctx.apis.map((api) => coverageFrom(api, index)), diagnostics: failures };
}

/** Drops the cases of `api` its failed derivation added (those after the first `before`); one todo says why. */
function replaceWithTodo(ctx: DeriveContext, api: Api, before: number): void {
  for (const [id, cs] of [...ctx.cases].slice(before)) if (cs.api === api.name) ctx.cases.delete(id);
  const id = `${api.name} › derivation (todo)`;
  const tc = blankCase(id, api.name, 'todo', 'the conformance cases of this API could not be derived');
  tc.todo = 'docgen failed while deriving the cases of this API (see its DG9002 diagnostic)';
  ctx.cases.set(id, tc);
}
