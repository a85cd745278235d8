/**
 * Conformance coverage per API: how many of its documented codes an executable case checks, how
 * many only a todo carries, and its behaviour cases (cases that promise no code). `docgen inspect`
 * and the generated README print it (`coverageLines`); the generated suite carries it as data.
 */
import type { ApiSummary } from '../build/summary.js';
import type { ApiCoverage, ConformanceCase, ConformanceModel } from './model.js';

type Api = ApiSummary;

export function apiCoverage(api: Api, cases: readonly ConformanceCase[]): ApiCoverage {
  return coverageFrom(api, indexCases(cases));
}

/** The cases by the api they belong to, and the promises with a code by the api they name. */
export interface CaseIndex {
  byApi: Map<string, ConformanceCase[]>;
  promised: Map<string, { cs: ConformanceCase; code: string }[]>;
}

export function indexCases(cases: readonly ConformanceCase[]): CaseIndex {
  const byApi = new Map<string, ConformanceCase[]>();
  const promised = new Map<string, { cs: ConformanceCase; code: string }[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const cs of cases) {
    push(byApi, cs.api, cs);
    for (const p of cs.promises) if (p.code) push(promised, p.api, { cs, code: p.code });
  }
  return { byApi, promised };
}

/** `apiCoverage` from an index of the cases: linear in the api's own cases, not in all cases. */
export function coverageFrom(api: Api, index: CaseIndex): ApiCoverage {
  const codes = [...new Set((api.returns?.codes ?? []).map((c) => c.name))];
  const exec = new Set<string>();
  const todo = new Set<string>();
  for (const { cs, code } of index.promised.get(api.name) ?? []) (cs.todo === null ? exec : todo).add(code);
  const mine = index.byApi.get(api.name) ?? [];
  return {
    api: api.name,
    codes: codes.length,
    executable: codes.filter((c) => exec.has(c)).length,
    todo: codes.filter((c) => !exec.has(c) && todo.has(c)).length,
    behaviour: mine.filter((c) => c.todo === null && !c.promises.some((p) => p.code && p.api === api.name)).length,
    cases: mine.filter((c) => c.todo === null).length,
    todoCases: mine.filter((c) => c.todo !== null).length,
    exhaustive: api.returns?.exhaustive ?? true,
  };
}

/** Coverage lines for people (`docgen inspect`, the README). */
export function coverageLines(model: ConformanceModel): string[] {
  return model.coverage.map((c) => {
    const codes = c.codes === 0 ? 'no documented codes' : `${c.executable}/${c.codes} documented code(s) with an executable case, ${c.todo} todo`;
    const extra = c.behaviour > 0 ? `, ${c.behaviour} behaviour case(s)` : '';
    return `${c.api}: ${codes}${extra} (${c.cases} executable case(s), ${c.todoCases} todo case(s))`;
  });
}
