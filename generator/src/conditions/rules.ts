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
 * - `API_RULES` read one section of an API (description, remarks, return value): what happens to a
 *   handle after the API deleted it, whether a callback type promises to be called (once), whether
 *   a NULL registration removes it, what a creator returns.
 * - `PARAMETER_RULES` read one parameter's description: `NULL is allowed`, a registration's data
 *   "passed unchanged to the callback" (or, on the callback's side, "the value given to …"), the
 *   callback's context, a NULL callback that removes the registration.
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
  | 'callback-once'
  | 'callback-data'
  | 'callback-context'
  | 'callback-removed'
  | 'callback-optional'
  | 'null-accepted'
  | 'returns-new-object'
  | 'null-return'
  | 'context-reuse'
  | 'release-while-pending'
  | 'not-notified'
  | 'object-state'
  | 'untestable';

/** Kinds that can never become an executable case: the suite shows them as `todo`. */
export const TODO_KINDS: ReadonlySet<CaseKind> = new Set(['object-state', 'untestable', 'null-return', 'context-reuse', 'release-while-pending', 'not-notified']);

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
const REGISTERS_CALLBACK = /\bregisters? (a|the) (\w+ )?(callback|function|routine)\b[^.]*\b(is|are) (called|invoked)\b/i;
/**
 * "is called once when …", "invoked exactly once": a verb of being called, then once (not "called
 * once the call completes", where once means when, and not "request it only once", a caller's rule).
 */
const ONCE = /\b(called|invoked|notified|fires|fired|runs|executed) (exactly |only |just )?once\b(?!\s+(the|a|an|it|its|this|that|all)\b)|\b(called|invoked) at most once\b/i;
const REMOVE_WITH_NULL = /\b(remov|unregister|deregister|clear|cancel)\w* (the |a |its )?(callback|notification|registration)\b[^.]*\b(with|using|by passing|passing) (a )?null\b/i;
const NO_CALLBACK = /\b(opt(ing)? out of (receiving )?(a |the )?notification|without (setting|registering) a callback|(avoiding|not) (setting|registering) a callback)\b/i;
const RETURNS_NEW = /\b(a |the )?(pointer|handle|reference) to (the |a )?(new|newly (created|allocated)|created|allocated)\b/i;
const NULL_RETURN = /\b((or|returns?) NULL (when|if)|NULL is returned (when|if))\b/i;
const REUSE = /\b(can|may) be reused\b/i;
const RELEASE_WHILE_PENDING = /\b(free|close|release|delete) (the|its) (\w+ ){0,2}(context|handle|object)\b[^.]*\bimmediately after\b/i;
const NOT_NOTIFIED = /\b(is|are) not notified (when|if)\b/i;

export type ApiSection = 'description' | 'remarks' | 'returns';

export interface ApiRule {
  kind: CaseKind;
  trigger: string;
  /** The sections the promise is read from, in order. */
  sections: readonly ApiSection[];
  /** Whether the rule is about this API at all (its kind, what it does), before its text is read. */
  applies(api: Api): boolean;
  /** What the text of a section must say (anywhere in it; the promise is the first sentence that says it). */
  pattern: RegExp;
}

/** True when the API deletes, frees or closes the object its handle names. */
export function isDeleter(api: Api): boolean {
  return DELETER_NAME.test(api.name) || DELETER_TEXT.test(api.description?.text ?? '');
}

const isFunction = (api: Api): boolean => api.kind === 'function';
const isCallback = (api: Api): boolean => api.kind === 'callback';

export const API_RULES: readonly ApiRule[] = [
  {
    kind: 'use-after-delete',
    trigger: 'a function that deletes/frees/closes (by name or description) whose remarks say "further use … is not permitted", "the handle is no longer valid", "must not be used after"',
    sections: ['remarks'],
    applies: (api) => isFunction(api) && isDeleter(api),
    pattern: NO_FURTHER_USE,
  },
  {
    kind: 'callback-fires',
    trigger: 'a callback type whose description says it "is called", "is invoked", "notifies"',
    sections: ['description'],
    applies: isCallback,
    pattern: CALLED,
  },
  {
    kind: 'callback-fires',
    trigger: 'a function whose description says it "registers a callback that is called/invoked …" (a promise of the callback-fires case of that callback)',
    sections: ['description'],
    applies: isFunction,
    pattern: REGISTERS_CALLBACK,
  },
  {
    kind: 'callback-once',
    trigger: 'a callback type whose description says it is "called once when/per …", "invoked exactly once", "called at most once"',
    sections: ['description'],
    applies: isCallback,
    pattern: ONCE,
  },
  {
    kind: 'callback-removed',
    trigger: 'a function whose remarks say the callback can be removed "with a null parameter" (removing/unregistering the callback … null)',
    sections: ['remarks'],
    applies: isFunction,
    pattern: REMOVE_WITH_NULL,
  },
  {
    kind: 'callback-optional',
    trigger: 'an asynchronous function whose remarks say a caller may "opt out of receiving a notification", call "without setting a callback"',
    sections: ['remarks'],
    applies: isFunction,
    pattern: NO_CALLBACK,
  },
  {
    kind: 'returns-new-object',
    trigger: 'a function whose return value is "a pointer/handle to the new(ly created) …"',
    sections: ['returns'],
    applies: (api) => isFunction(api) && (api.returns?.codes.length ?? 0) === 0,
    pattern: RETURNS_NEW,
  },
  {
    kind: 'null-return',
    trigger: 'a function whose return value is "… or NULL when/if …" (a todo: the condition is classified like a code sentence)',
    sections: ['returns'],
    applies: (api) => isFunction(api) && (api.returns?.codes.length ?? 0) === 0,
    pattern: NULL_RETURN,
  },
  {
    kind: 'context-reuse',
    trigger: 'a function whose description or remarks say what it gives "can be reused" (a todo: the reuse flow is not derived)',
    sections: ['description', 'remarks'],
    applies: isFunction,
    pattern: REUSE,
  },
  {
    kind: 'release-while-pending',
    trigger: 'remarks that tell the caller to free/close/release the context "immediately after" a call (a todo: the docs state no outcome to check)',
    sections: ['remarks'],
    applies: isFunction,
    pattern: RELEASE_WHILE_PENDING,
  },
  {
    kind: 'not-notified',
    trigger: 'remarks that say someone "is/are not notified when …" (a todo: no documented way to observe a notification)',
    sections: ['remarks'],
    applies: () => true,
    pattern: NOT_NOTIFIED,
  },
];

export function splitSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The text and source of an API section. */
export function sectionOf(api: Api, section: ApiSection): { text: string; source: { file: string; line: number } } | undefined {
  const s = section === 'returns' ? (api.returns ? { text: api.returns.description, source: api.returns.source } : undefined) : api[section];
  return s && s.text.trim() !== '' ? { text: s.text, source: s.source } : undefined;
}

/** An API-level promise: the rule's kind, the sentence that makes it and the section it is in. */
export interface ApiPromise {
  kind: CaseKind;
  sentence: string;
  source: { file: string; line: number };
}

/**
 * The API-level promises of `api`: one per rule whose section says it. The sentence is the first
 * one the pattern matches, or the section's first sentence when only the whole text matches.
 */
export function apiPromises(api: Api): ApiPromise[] {
  const out: ApiPromise[] = [];
  for (const rule of API_RULES) {
    if (!rule.applies(api)) continue;
    for (const section of rule.sections) {
      const s = sectionOf(api, section);
      if (!s || !rule.pattern.test(s.text.replace(/\s+/g, ' '))) continue;
      const sentences = splitSentences(s.text);
      out.push({ kind: rule.kind, sentence: sentences.find((x) => rule.pattern.test(x)) ?? sentences[0] ?? '', source: s.source });
      break;
    }
  }
  return out;
}

export function apiKinds(api: Api): CaseKind[] {
  return [...new Set(apiPromises(api).map((p) => p.kind))];
}

// ---------------------------------------------------------------------------------------------
// Parameter scope

const NULL_ALLOWED = /\b(NULL is (allowed|permitted|accepted|valid)|(can|may) be NULL|if (this parameter is |it is )?NULL, (the function |it )?does nothing)\b/i;
/** Registrar side: "a value passed unchanged to the callback". */
const PASSED_TO_CALLBACK = /\b(passed|given|handed|forwarded|returned) (back )?(unchanged |as is |through |verbatim )?to the (callback|notification (function|routine)|completion (function|routine))\b/i;
/** Callback side: "the value given to SspiSetAsyncNotifyCallback", "the context value supplied at registration". */
const GIVEN_AT_REGISTRATION = /^(the|a) (value|pointer|data|context value|context pointer|argument) (that was |that the caller )?(given|passed|specified|supplied|provided) (to|in|with|when (calling|registering)|at registration)\b/i;
/** Callback side: the parameter is the context of the call that completed. */
const CONTEXT_OF_CALL = /^(the|a pointer to the) (asynchronous )?(call )?context (of|for) the (asynchronous )?(call|operation|request)\b/i;
/** A callback parameter of a registrar: NULL removes the registration. */
const NULL_REMOVES = /\b(NULL|null) (callback |value |pointer )?(removes|unregisters|deregisters|cancels|clears)\b|\bis then not (notified|called)\b/;

export interface ParameterRule {
  kind: CaseKind;
  trigger: string;
  /** Whether the rule is about this parameter at all (its API's kind, whether it is optional). */
  applies(param: ApiParameter, api: Pick<Api, 'kind'>): boolean;
  /** What one sentence of the description must say. */
  pattern(api: Pick<Api, 'kind'>): RegExp;
}

export const PARAMETER_RULES: readonly ParameterRule[] = [
  {
    kind: 'null-accepted',
    trigger: 'an optional parameter whose description says "NULL is allowed", "can be NULL", "if NULL, does nothing"',
    applies: (p) => p.optional,
    pattern: () => NULL_ALLOWED,
  },
  {
    kind: 'callback-data',
    trigger: 'a function parameter "passed (unchanged) to the callback", or a callback parameter that is "the value given to <registrar>" / "supplied at registration"',
    applies: () => true,
    pattern: (api) => (api.kind === 'callback' ? GIVEN_AT_REGISTRATION : PASSED_TO_CALLBACK),
  },
  {
    kind: 'callback-context',
    trigger: 'a callback parameter described as "the context of the call/operation (that completed)"',
    applies: (_, api) => api.kind === 'callback',
    pattern: () => CONTEXT_OF_CALL,
  },
  {
    kind: 'callback-removed',
    trigger: 'a function parameter whose description says "a NULL callback removes the registration", "the caller is then not notified"',
    applies: (_, api) => api.kind === 'function',
    pattern: () => NULL_REMOVES,
  },
];

/** The promises of one parameter: the kind and the first sentence of its description that makes it. */
export function parameterPromises(param: ApiParameter, api: Pick<Api, 'kind'>): Array<{ kind: CaseKind; sentence: string }> {
  const sentences = splitSentences(param.description);
  return PARAMETER_RULES.filter((r) => r.applies(param, api)).flatMap((r) => {
    const re = r.pattern(api);
    const sentence = sentences.find((x) => re.test(x));
    return sentence === undefined ? [] : [{ kind: r.kind, sentence }];
  });
}

export function parameterKinds(param: ApiParameter, api: Pick<Api, 'kind'> = { kind: 'function' }): CaseKind[] {
  return parameterPromises(param, api).map((p) => p.kind);
}

/** Every rule of the table, for documentation and `docgen inspect`. */
export function ruleTable(): Array<{ scope: 'code' | 'api' | 'parameter'; kind: CaseKind; trigger: string }> {
  return [
    ...CODE_RULES.map((r) => ({ scope: 'code' as const, kind: r.kind, trigger: r.trigger })),
    ...API_RULES.map((r) => ({ scope: 'api' as const, kind: r.kind, trigger: r.trigger })),
    ...PARAMETER_RULES.map((r) => ({ scope: 'parameter' as const, kind: r.kind, trigger: r.trigger })),
  ];
}
