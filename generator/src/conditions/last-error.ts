/**
 * Last-error facts of an API, read from its documented prose: does the page tell the caller to call
 * `GetLastError`, and which return value does it give for failure?
 *
 * They are facts of the docs: the spec builder records them in each entry (`Api.lastError`), and the
 * loader and throwing emitters read them from there.
 *
 * - **Said to call GetLastError**: a sentence of the `returns` description or of the remarks names
 *   `GetLastError` (the word, so `WSAGetLastError` and `GetLastErrorInfo` do not count) and does not
 *   say it does not apply (`do not call GetLastError`, `GetLastError does not return…`, `does not set
 *   the last error`).
 * - **Failure value**: the value a *failure clause* says the function returns. A failure clause is
 *   a part of a sentence (split at `;` and `otherwise`) that follows `otherwise` or names a failure
 *   (`fails`, `failure`, `unsuccessful`, `an error occurs`, `does not succeed`). Only the text after
 *   a return word (`returns`, `return value`, `returned`) and before any `GetLastError` mention is
 *   read, or the text before `is returned`, or with no return word the value before its condition
 *   (`the length, or 0 if an error occurs`, `or NULL on failure`). Recognised values: `FALSE`, `NULL`, `zero`, `0` (kind
 *   `zero`), `INVALID_HANDLE_VALUE`, `-1`, `less than or equal to zero`. `nonzero`, `non-zero` and
 *   `greater/less than zero` are not `zero`. Clauses naming values of two different kinds make the
 *   failure value unknown (null) rather than a guess.
 */
import type { Api } from '../model/spec.js';

/** The shapes of a documented failure return, as the generated code tests them. */
export type FailureKind = 'zero' | 'invalid-handle' | 'minus-one' | 'nonpositive';

export interface FailureValue {
  kind: FailureKind;
  /** The value as the docs write it (`FALSE`, `zero`, `NULL`, `INVALID_HANDLE_VALUE`, …). */
  text: string;
  /** The section the failure sentence is in. */
  section: 'returns' | 'remarks';
}

export interface LastErrorFacts {
  /** The first section that tells the caller to call GetLastError. */
  section: 'returns' | 'remarks';
  /** The documented failure return, or null when the docs give none docgen recognises. */
  failure: FailureValue | null;
}

const MENTION = /\bGetLastError\b/;
/** A sentence that names GetLastError to say it does not apply. */
const NEGATED = [
  /\b(?:do not|don't|never|need not|cannot|can't|should not|must not)\s+(?:call|use|rely on)\s+(?:the\s+)?GetLastError\b/i,
  /\bGetLastError\s+(?:does not|doesn't|will not|won't|cannot|is not|isn't)\b/i,
  /\b(?:does not|doesn't|do not|never)\s+(?:set|update|change|call SetLastError)\b/i,
];
const FAILURE_CUE = /\bfail(?:s|ed|ure)?\b|\bunsuccessful(?:ly)?\b|\berror occurs\b|\bdoes not succeed\b|\bnot successful\b/i;
const RETURN_WORD = /\breturn(?:s|ed)?\b/i;
const PASSIVE = /\b(?:is|are) returned\b/i;

/** Value patterns, longest phrases first: a shorter match inside a longer one is ignored. */
const VALUES: ReadonlyArray<{ kind: FailureKind; pattern: RegExp }> = [
  { kind: 'nonpositive', pattern: /\bless than or equal to (?:zero|0)\b|\bzero or (?:less|a negative (?:value|number))\b|(?:<=|≤)\s*0\b/gi },
  { kind: 'invalid-handle', pattern: /\bINVALID_HANDLE_VALUE\b/g },
  { kind: 'minus-one', pattern: /(?<![\w.-])-1(?!\w|\.\d)|\bminus one\b/gi },
  { kind: 'zero', pattern: /\bFALSE\b(?!-)|\bNULL\b(?!-)|\bnull (?:pointer|handle)\b|(?<!\bnon-?|\bthan )\bzero\b|(?<![\w.-])0(?!\w|\.\d)/g },
];

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim() !== '');
}

/** Does the text tell the caller to call GetLastError (in a sentence that is not negated)? */
export function mentionsGetLastError(text: string): boolean {
  return sentences(text).some((s) => MENTION.test(s) && !NEGATED.some((n) => n.test(s)));
}

/** The parts of a sentence that describe failure, as explained in the module comment. */
export function failureClauses(sentence: string): string[] {
  const clauses: string[] = [];
  let afterOtherwise = false;
  for (const part of sentence.split(/(\botherwise\b|;)/i)) {
    if (/^otherwise$/i.test(part)) {
      afterOtherwise = true;
      continue;
    }
    if (part === ';' || part.trim().replace(/^[,\s]+/, '') === '') continue;
    if (afterOtherwise || FAILURE_CUE.test(part)) clauses.push(part);
    afterOtherwise = false;
  }
  return clauses;
}

/** `…, or VALUE if it fails` / `…, or VALUE on failure`: the value comes before its condition. */
const VALUE_BEFORE_CONDITION = /(?:^|,|\bor\b)([^,]*?)\b(?:if|when|on)\b[^,]*?(?:\bfail|\berror\b|\bunsuccessful)/i;

/** The part of a failure clause that states a returned value (see the module comment). */
function returnedPart(clause: string): string {
  const cut = clause.search(MENTION);
  const text = cut >= 0 ? clause.slice(0, cut) : clause;
  const passive = PASSIVE.exec(text);
  if (passive) return text.slice(0, passive.index);
  const verb = RETURN_WORD.exec(text);
  if (verb) return text.slice(verb.index + verb[0].length);
  return VALUE_BEFORE_CONDITION.exec(text)?.[1] ?? '';
}

/** The failure values a piece of text names, each with the kind it has. */
export function valuesIn(text: string): Array<{ kind: FailureKind; text: string }> {
  const found: Array<{ kind: FailureKind; text: string; start: number; end: number }> = [];
  for (const { kind, pattern } of VALUES) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => f.start <= start && end <= f.end)) continue;
      found.push({ kind, text: m[0], start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start).map(({ kind, text }) => ({ kind, text }));
}

/** The documented failure return of one section's text, or null (none, or values of two kinds). */
export function failureValueOf(text: string, section: FailureValue['section']): FailureValue | null {
  const values = sentences(text).flatMap((s) => failureClauses(s).flatMap((c) => valuesIn(returnedPart(c))));
  const kinds = new Set(values.map((v) => v.kind));
  if (kinds.size !== 1) return null;
  return { kind: values[0]!.kind, text: values[0]!.text, section };
}

/**
 * The last-error facts of an API entry, or null when its docs do not say to call GetLastError.
 * Only functions and callbacks have them; a status-returning API may still capture the last error,
 * but its status, not a failure value, is what reports failure.
 */
export function lastErrorFacts(entry: Pick<Api, 'kind' | 'returns' | 'remarks'>): LastErrorFacts | null {
  if (entry.kind !== 'function' && entry.kind !== 'callback') return null;
  const returns = entry.returns?.description ?? '';
  const remarks = entry.remarks?.text ?? '';
  const section = mentionsGetLastError(returns) ? 'returns' : mentionsGetLastError(remarks) ? 'remarks' : null;
  if (section === null) return null;
  return { section, failure: failureValueOf(returns, 'returns') ?? failureValueOf(remarks, 'remarks') };
}
