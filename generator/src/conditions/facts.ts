/**
 * What the conformance derivation reads from one API's docs, read once from its full spec entry:
 * each documented code's condition sentence, whether the API deletes what its handle names, and
 * the API- and parameter-level promises of the pattern table (`rules.ts`) with their sentences.
 *
 * The derivation (`derive.ts`) works across APIs (async roles, which functions consume a handle
 * another deletes), but each API's texts reach it only through these facts. So it runs on API
 * summaries (`build/summary.ts`), and an incremental run re-reads the texts of changed APIs only.
 */
import type { Api } from '../model/spec.js';
import { apiPromises, codeFacts, isDeleter, parameterPromises, type CaseKind } from './rules.js';

export interface ConformanceFacts {
  /** Documented codes, the first of each name: the sentence that states when it occurs, and where. */
  codes: Array<{ name: string; sentence: string; source: string }>;
  /** True when the API deletes, frees or closes what its handle names (by name or description). */
  deleter: boolean;
  /** API-level promises: the kind, the sentence that makes it and its `file:line`. */
  apiRules: Array<{ kind: CaseKind; sentence: string; source: string }>;
  /** Parameter-level promises, by parameter index. */
  parameterRules: Array<{ index: number; kind: CaseKind; sentence: string; source: string }>;
}

const src = (s: { file: string; line: number }): string => `${s.file}:${s.line}`;

export function conformanceFacts(api: Api): ConformanceFacts {
  const codes: ConformanceFacts['codes'] = [];
  const seen = new Set<string>();
  for (const code of api.returns?.codes ?? []) {
    if (seen.has(code.name)) continue;
    seen.add(code.name);
    codes.push({ name: code.name, sentence: codeFacts(code, undefined).sentence, source: src(code.source) });
  }
  const apiRules = apiPromises(api).map((p) => ({ kind: p.kind, sentence: p.sentence, source: src(p.source) }));
  const parameterRules = api.parameters.flatMap((p, index) => parameterPromises(p, api).map(({ kind, sentence }) => ({ index, kind, sentence, source: src(p.source) })));
  return { codes, deleter: isDeleter(api), apiRules, parameterRules };
}
