/**
 * The condition-pattern table: which kind of conformance case a documented sentence promises.
 *
 * Three scopes, each a list of rules tried in order:
 *
 * - `CODE_RULES` read one documented return code: the sentence that states its condition (or its
 *   description when no condition sentence was found), the code's name and its severity. One
 *   sentence can promise several things ("If the function succeeds or the handle has already been
 *   deleted" → `success` and `already-deleted`); a rule marked `exclusive` stops the search (a
 *   sentence about running out of memory is untestable whatever else it says), and a rule's
 *   `suppresses` removes weaker kinds found by the same sentence.
 * - `API_RULES` read an API as a whole (its remarks and description): what happens to a handle
 *   after the API deleted it, whether a callback type promises to be called.
 * - `PARAMETER_RULES` read one parameter's description (`NULL is allowed`).
 *
 * Rules are general English patterns over the docs' phrasing, never tied to one page. Every rule
 * has its own unit tests (`generator/test/conformance-rules.test.ts`).
 */
import type { Api, ApiParameter, ApiReturnCode } from '../model/spec.js';

export type CaseKind =
  | 'success'
  | 'invalid-handle'
  | 'null-parameter'
  | 'already-deleted'
  | 'not-found'
  | 'use-after-delete'
  | 'async-queued'
  | 'async-pending'
  | 'async-complete'
  | 'callback-fires'
  | 'null-accepted'
  | 'object-state'
  | 'untestable';

/** Kinds that can never become an executable case: the suite shows them as `todo`. */
export const TODO_KINDS: ReadonlySet<CaseKind> = new Set(['object-state', 'untestable']);

export type Severity = 'success' | 'informational' | 'warning' | 'error';

/** What a code rule reads. */
export interface CodeFacts {
  /** The condition sentence, or the code's description when the docs give no condition. */
  sentence: string;
  /** The code's name (`SEC_E_INVALID_HANDLE`). */
  name: string;
  /** The code's severity when the docs give its value; undefined otherwise. */
  severity: Severity | undefined;
}

export interface CodeRule {
  kind: CaseKind;
  /** What triggers the rule, for people (README of the rules, inspect, test names). */
  trigger: string;
  /** Stop looking at later rules when this one matches. */
  exclusive?: boolean;
  /** Kinds this rule removes when both match the same sentence. */
  suppresses?: readonly CaseKind[];
  test(facts: CodeFacts): boolean;
}

const isSuccess = (s: Severity | undefined, name: string): boolean =>
  s === 'success' || s === 'informational' || (s === undefined && /(^|_)(OK|SUCCESS)$/.test(name));
const isFailure = (s: Severity | undefined, name: string): boolean => s === 'error' || s === 'warning' || (s === undefined && /_E_|^E_|ERROR/.test(name));

const UNTESTABLE =
  /\b(out of memory|not enough (memory|storage|resources)|insufficient (memory|system resources|resources|storage|quota)|memory (could not|cannot) be allocated|allocation failed|internal error|unexpected (error|failure)|hardware (error|failure)|serious problem|system (error|failure)|(quota|resource limits?) (was |is )?(exceeded|reached)|catastrophic)\b/i;
const UNTESTABLE_NAME = /(NO_MEMORY|NOT_ENOUGH_MEMORY|INSUFFICIENT_MEMORY|OUTOFMEMORY|INSUFFICIENT_RESOURCES|INTERNAL_ERROR|UNEXPECTED|QUOTA_EXCEEDED)/;
const OBJECT_STATE = /\b(reference count|is (still |currently )?(in use|busy|locked)|prevents? (it|the \w+) from being|is in (a|an) (\w+ )?state|has (open|outstanding) (handles|references))\b/i;
const ALREADY_DELETED = /\balready (been )?(deleted|freed|closed|released|destroyed|terminated)\b/i;
const PENDING = /\b(still in progress|(is|remains) pending|not yet (complete|completed|finished))\b/i;
const QUEUED = /\b(queued|scheduled|started asynchronously)\b/i;
const COMPLETE = /\b(on completion|(has|have) completed|completed successfully|when the (call|operation|request) completes)\b/i;
const SUCCESS = /\b(succeeds|succeeded|successful|successfully|was (registered|created|deleted|freed|closed|added|removed))\b/i;
const NOT_FOUND = /\b(does not exist|do not exist|could not be found|cannot be found|can't be found|was not found|is not found|not be located|no such|unknown (\w+ )?(id|identifier|session|name))\b/i;
const NOT_FOUND_NAME = /(NO_SUCH|NOT_FOUND|DOES_NOT_EXIST)/;
const INVALID_HANDLE = /\b(invalid handle|handle\b[^.;]*\b(is|was|are) (not valid|invalid)|(context|handle|session|object) (passed to the function )?(is|was) not valid|not a valid handle)\b/i;
const INVALID_HANDLE_NAME = /INVALID_HANDLE/;
const NULL_PARAMETER = /\b(NULL|null pointer|invalid parameter|parameter (is|was|are) (not valid|invalid)|not a valid pointer|one or more parameters (are|is) (not valid|invalid))\b/;
const NULL_PARAMETER_NAME = /(INVALID_PARAMETER|NULL_POINTER|E_POINTER|INVALIDARG)/;

/** The code-scope table, tried in order. */
export const CODE_RULES: readonly CodeRule[] = [
  {
    kind: 'untestable',
    trigger: 'out of memory, insufficient resources, internal/unexpected/hardware/system error, "serious problem", quota; or a code named *NO_MEMORY*, *INTERNAL_ERROR*, …',
    exclusive: true,
    test: (f) => UNTESTABLE.test(f.sentence) || UNTESTABLE_NAME.test(f.name),
  },
  {
    kind: 'object-state',
    trigger: 'an object state the interface cannot produce: "reference count", "in use", "busy", "locked", "prevents it from being …"',
    exclusive: true,
    test: (f) => OBJECT_STATE.test(f.sentence),
  },
  {
    kind: 'already-deleted',
    trigger: '"already (been) deleted/freed/closed/released/destroyed"',
    test: (f) => ALREADY_DELETED.test(f.sentence),
  },
  {
    kind: 'async-pending',
    trigger: '"still in progress", "is pending", "not yet complete"; or a code named *PENDING*',
    test: (f) => PENDING.test(f.sentence) || /PENDING/.test(f.name),
  },
  {
    kind: 'async-queued',
    trigger: 'a success code whose sentence says the request was "queued" or "scheduled"',
    suppresses: ['success'],
    test: (f) => QUEUED.test(f.sentence) && isSuccess(f.severity, f.name),
  },
  {
    kind: 'async-complete',
    trigger: 'a success code "on completion", "has completed (successfully)", "when the call completes"',
    suppresses: ['success'],
    test: (f) => COMPLETE.test(f.sentence) && isSuccess(f.severity, f.name),
  },
  {
    kind: 'success',
    trigger: 'a success code whose sentence says the function "succeeds", "successfully", "was registered/created/deleted/…"',
    test: (f) => SUCCESS.test(f.sentence) && isSuccess(f.severity, f.name) && !/\bnot (succeed|successful)/i.test(f.sentence),
  },
  {
    kind: 'not-found',
    trigger: '"does not exist", "could not be found", "not found", "no such", "unknown … id"; or a code named *NO_SUCH*/*NOT_FOUND*',
    test: (f) => (NOT_FOUND.test(f.sentence) || NOT_FOUND_NAME.test(f.name)) && !isSuccess(f.severity, f.name),
  },
  {
    kind: 'invalid-handle',
    trigger: '"invalid handle", "the handle … is not valid", "the context is not valid"; or a code named *INVALID_HANDLE*',
    test: (f) => (INVALID_HANDLE.test(f.sentence) || INVALID_HANDLE_NAME.test(f.name)) && isFailure(f.severity, f.name),
  },
  {
    kind: 'null-parameter',
    trigger: '"NULL", "null pointer", "invalid parameter", "parameter is not valid"; or a code named *INVALID_PARAMETER*/*E_POINTER*',
    test: (f) => (NULL_PARAMETER.test(f.sentence) || NULL_PARAMETER_NAME.test(f.name)) && isFailure(f.severity, f.name),
  },
];

/** The kinds a documented code promises; `['untestable']` for a sentence no rule recognises. */
export function classifyCode(facts: CodeFacts): { kinds: CaseKind[]; recognised: boolean } {
  const kinds: CaseKind[] = [];
  const suppressed = new Set<CaseKind>();
  for (const rule of CODE_RULES) {
    if (!rule.test(facts)) continue;
    kinds.push(rule.kind);
    for (const s of rule.suppresses ?? []) suppressed.add(s);
    if (rule.exclusive) break;
  }
  const result = kinds.filter((k) => !suppressed.has(k));
  return result.length > 0 ? { kinds: result, recognised: true } : { kinds: ['untestable'], recognised: false };
}

/** The facts a code rule reads, from the spec. */
export function codeFacts(code: ApiReturnCode, severity: Severity | undefined): CodeFacts {
  return { sentence: (code.condition ?? code.description).replace(/\s+/g, ' ').trim(), name: code.name, severity };
}

// ---------------------------------------------------------------------------------------------
// API scope

const DELETER_NAME = /(Delete|Free|Close|Release|Destroy|Terminate)/;
const DELETER_TEXT = /\b(deletes|frees|closes|releases|destroys|terminates)\b/i;
const NO_FURTHER_USE =
  /\b((further|subsequent|any) use of (that|the|this) [\w ]+ is not (permitted|allowed|valid)|(the )?handle is no longer valid|(is|becomes) (no longer valid|invalid) after|must not be used (again|after)|cannot be used (again|after))/i;
const CALLED = /\b((is|are) (called|invoked)|calls? (it|this function|back)|notif(y|ies|ied|ication))\b/i;

export interface ApiRule {
  kind: CaseKind;
  trigger: string;
  test(api: Api): boolean;
}

/** True when the API deletes, frees or closes the object its handle names. */
export function isDeleter(api: Api): boolean {
  return DELETER_NAME.test(api.name) || DELETER_TEXT.test(api.description?.text ?? '');
}

export const API_RULES: readonly ApiRule[] = [
  {
    kind: 'use-after-delete',
    trigger: 'a function that deletes/frees/closes (by name or description) whose remarks say "further use … is not permitted", "the handle is no longer valid", "must not be used after"',
    test: (api) => api.kind === 'function' && isDeleter(api) && NO_FURTHER_USE.test((api.remarks?.text ?? '').replace(/\s+/g, ' ')),
  },
  {
    kind: 'callback-fires',
    trigger: 'a callback type whose description says it "is called", "is invoked", "notifies"',
    test: (api) => api.kind === 'callback' && CALLED.test(api.description?.text ?? ''),
  },
];

/** The sentence of `text` that a pattern matched, for the case's doc reference. */
export function matchingSentence(text: string, kind: CaseKind): string | undefined {
  const pattern = kind === 'use-after-delete' ? NO_FURTHER_USE : kind === 'callback-fires' ? CALLED : undefined;
  if (!pattern) return undefined;
  return splitSentences(text).find((s) => pattern.test(s));
}

export function splitSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function apiKinds(api: Api): CaseKind[] {
  return API_RULES.filter((r) => r.test(api)).map((r) => r.kind);
}

// ---------------------------------------------------------------------------------------------
// Parameter scope

const NULL_ALLOWED = /\b(NULL is (allowed|permitted|accepted|valid)|(can|may) be NULL|if (this parameter is |it is )?NULL, (the function |it )?does nothing)\b/i;

export interface ParameterRule {
  kind: CaseKind;
  trigger: string;
  test(param: ApiParameter): boolean;
}

export const PARAMETER_RULES: readonly ParameterRule[] = [
  {
    kind: 'null-accepted',
    trigger: 'an optional parameter whose description says "NULL is allowed", "can be NULL", "if NULL, does nothing"',
    test: (p) => p.optional && NULL_ALLOWED.test(p.description),
  },
];

export function parameterKinds(param: ApiParameter): CaseKind[] {
  return PARAMETER_RULES.filter((r) => r.test(param)).map((r) => r.kind);
}

/** Every rule of the table, for documentation and `docgen inspect`. */
export function ruleTable(): Array<{ scope: 'code' | 'api' | 'parameter'; kind: CaseKind; trigger: string }> {
  return [
    ...CODE_RULES.map((r) => ({ scope: 'code' as const, kind: r.kind, trigger: r.trigger })),
    ...API_RULES.map((r) => ({ scope: 'api' as const, kind: r.kind, trigger: r.trigger })),
    ...PARAMETER_RULES.map((r) => ({ scope: 'parameter' as const, kind: r.kind, trigger: r.trigger })),
  ];
}
