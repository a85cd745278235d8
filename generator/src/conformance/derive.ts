/**
 * Spec → conformance cases (pure). Every documented return code of every function and callback
 * is classified by the pattern table (`rules.ts`) and becomes an executable case, or a `todo`
 * carrying the doc sentence when the condition cannot be produced by a test. API-level rules
 * (remarks: no use after delete; callback types: the callback fires) and parameter-level rules
 * (`NULL is allowed`) add behaviour cases.
 *
 * Asynchronous APIs are recognised from the spec's structure, not their names:
 * - a *poller* takes one parameter (the async context type T) and documents a pending code;
 * - a *creator* of T takes no required parameter and returns T; a *freer* deletes a T;
 * - a *registrar* takes a T and a parameter whose type is a documented callback type;
 * - an *async function* returns a status and takes a T (and is none of the above).
 * The outcome of an async function is its immediate status when that is a failure, otherwise the
 * poller's final status once it stops reporting pending.
 */
import { compareStrings, type Diagnostic } from '../diagnostics.js';
import { isolate } from '../isolate.js';
import { hasValue as hasCodeValue } from '../model/spec.js';
import type { ApiSummary, SpecSummary } from '../build/summary.js';
import { identifier } from '../naming/names.js';
import { apiNameIndex } from '../naming/api-names.js';
import { classifyCode, type CaseKind, type Severity } from '../conditions/rules.js';

type Api = ApiSummary;
type ApiParameter = ApiSummary['parameters'][number];

/** A generated case: a rule kind, the three async kinds merged into one call flow, or a todo. */
export type CaseType =
  | Exclude<CaseKind, 'async-queued' | 'async-pending' | 'async-complete' | 'object-state' | 'untestable'>
  | 'async-pending-then-complete'
  | 'todo';

export type Variant = 'valid' | 'invalid' | 'missing' | 'null';

export type ArgSpec =
  | { from: 'subject' }
  | { from: 'fixture'; fixture: string }
  | { from: 'async-context' }
  | { from: 'callback' }
  | { from: 'null' };

export interface MethodRef {
  api: string;
  /** The key of the implementation object (the header module, `sspi`). */
  module: string;
  method: string;
}

export interface CallSpec extends MethodRef {
  args: ArgSpec[];
  /** Set when the call takes an async context (async function, registrar, poller). */
  context: AsyncSpec | null;
  /** True for an async function: its outcome is the poller's final status. */
  async: boolean;
  /** True when the API returns a status. */
  returnsStatus: boolean;
}

export interface AsyncSpec {
  /** The fixture key of the async context type (used when no creator is documented). */
  contextFixture: string;
  create: MethodRef | null;
  free: MethodRef | null;
  poll: MethodRef;
  /** Poller codes that mean "still in progress". */
  pending: string[];
  /** Poller codes that mean "completed successfully". */
  complete: string[];
  /** Immediate codes of the async function that mean "queued". */
  queued: string[];
}

export interface Promised {
  /** The API whose documentation makes the promise. */
  api: string;
  /** The code promised; absent for behaviour promises (a callback fires, NULL is accepted). */
  code?: string;
  sentence: string;
  source: string;
}

export interface ConformanceCase {
  id: string;
  /** The API the case is listed under. */
  api: string;
  type: CaseType;
  /** The rule kind(s) that produced it. */
  kinds: CaseKind[];
  title: string;
  promises: Promised[];
  /** Why the case is a todo; null for executable cases. */
  todo: string | null;
  call: CallSpec | null;
  subject: { fixture: string; variant: Variant } | null;
  /** Acceptable outcome codes of `call`. */
  expect: string[];
  /** Delete the subject first with this call (already-deleted, use-after-delete); expect `setupExpect`. */
  setup: CallSpec | null;
  setupExpect: string[];
  /** callback-fires: the registrar, and the async call that should make it fire. */
  register: CallSpec | null;
  registerExpect: string[];
}

export interface FixtureSpec {
  key: string;
  /** The C type(s) it stands for. */
  types: string[];
  variants: Variant[];
  /** `param of Api` uses. */
  usedBy: string[];
}

export interface ApiCoverage {
  api: string;
  /** Documented codes (unique names). */
  codes: number;
  /** Codes at least one executable case checks. */
  executable: number;
  /** Codes only todo cases carry. */
  todo: number;
  /** Executable behaviour cases (no code: callback fires, NULL accepted, use after delete). */
  behaviour: number;
  /** Executable cases listed under this API. */
  cases: number;
  /** Todo cases listed under this API. */
  todoCases: number;
  exhaustive: boolean;
}

export interface ConformanceModel {
  cases: ConformanceCase[];
  fixtures: FixtureSpec[];
  coverage: ApiCoverage[];
  /** DG9002 for each API whose cases could not be derived (they are one todo instead). */
  diagnostics: Diagnostic[];
}

export type NameResolver = (api: ApiSummary) => { module: string; method: string } | undefined;

/** The names the package plan gives the APIs (`naming/api-names.ts`): the default of `deriveConformance`. */
export function bindingNames(apis: readonly ApiSummary[]): NameResolver {
  const index = apiNameIndex(apis);
  return (api) => index.get(api.key);
}

interface Classified {
  api: Api;
  code: string;
  sentence: string;
  source: string;
  kinds: CaseKind[];
  recognised: boolean;
}

/**
 * The conformance model of a spec. Reads the APIs' docs only through their conformance facts
 * (`facts.ts`), so it runs on summaries.
 */
export function deriveConformance(spec: Pick<SpecSummary, 'apis' | 'statusCodes' | 'types'>, names: NameResolver = bindingNames(spec.apis)): ConformanceModel {
  const apis = [...spec.apis].filter((a) => (a.kind === 'function' || a.kind === 'callback') && a.language === undefined).sort((a, b) => compareStrings(a.name, b.name));
  const severity = new Map<string, Severity>();
  const hasValue = new Set<string>();
  for (const c of spec.statusCodes) {
    if (!hasCodeValue(c)) continue;
    hasValue.add(c.name);
    if (!severity.has(c.name)) severity.set(c.name, c.severity);
  }
  const types = new Map(spec.types.map((t) => [t.name, t] as const));
  const callbackTypes = new Set(apis.filter((a) => a.kind === 'callback').map((a) => a.name));
  const fixtureKey = (type: string): string | undefined => {
    if (type === 'unknown' || type === '') return undefined;
    const info = types.get(type);
    const base = info?.category === 'pointer' && info.pointee && info.pointee !== 'void' ? info.pointee : type.replace(/\s*\*$/, '');
    return identifier(base.replace(/\s+/g, '_'));
  };
  const returnType = (a: Api): string | undefined => a.returnType ?? a.declaration?.returnType;

  // Classify every code.
  const classified = new Map<string, Classified[]>();
  for (const api of apis) {
    const list: Classified[] = [];
    for (const code of api.conformance.codes) {
      const { kinds, recognised } = classifyCode({ sentence: code.sentence, name: code.name, severity: severity.get(code.name) });
      list.push({ api, code: code.name, sentence: code.sentence, source: code.source, kinds, recognised });
    }
    classified.set(api.name, list);
  }
  const codesOf = (api: Api, kind: CaseKind): Classified[] => (classified.get(api.name) ?? []).filter((c) => c.kinds.includes(kind));

  // Async structure.
  const pollers = new Map<string, Api>(); // context type → poller
  for (const api of apis) {
    if (api.statusFamily && api.parameters.length === 1 && codesOf(api, 'async-pending').length > 0) {
      const t = api.parameters[0]!.type;
      if (!pollers.has(t)) pollers.set(t, api);
    }
  }
  const ref = (api: Api): MethodRef | null => {
    const n = names(api);
    return n ? { api: api.name, module: n.module, method: n.method } : null;
  };
  const asyncSpecFor = (ctxType: string): AsyncSpec | null => {
    const poller = pollers.get(ctxType);
    const pollRef = poller && ref(poller);
    const key = fixtureKey(ctxType);
    if (!poller || !pollRef || !key) return null;
    const creator = apis.find((a) => a.kind === 'function' && returnType(a) === ctxType && a.parameters.every((p) => p.optional));
    const freer = apis.find((a) => a.kind === 'function' && a.parameters.length === 1 && a.parameters[0]!.type === ctxType && a.conformance.deleter && a !== poller);
    return {
      contextFixture: key,
      create: creator ? ref(creator) : null,
      free: freer ? ref(freer) : null,
      poll: pollRef,
      pending: codesOf(poller, 'async-pending').map((c) => c.code),
      complete: codesOf(poller, 'async-complete').map((c) => c.code),
      queued: [],
    };
  };
  const isRegistrar = (api: Api): boolean => !!api.statusFamily && api.parameters.some((p) => callbackTypes.has(p.type)) && api.parameters.some((p) => pollers.has(p.type));
  const ctxParamOf = (api: Api): ApiParameter | undefined => api.parameters.find((p) => pollers.has(p.type));
  const isPoller = (api: Api): boolean => [...pollers.values()].includes(api);
  const isAsync = (api: Api): boolean => !!api.statusFamily && !!ctxParamOf(api) && !isPoller(api) && !isRegistrar(api);

  /** The parameter the case varies. */
  const subjectIndex = (api: Api): number => {
    if (isPoller(api) || isRegistrar(api)) return api.parameters.findIndex((p) => pollers.has(p.type));
    const ctx = ctxParamOf(api);
    const required = api.parameters.findIndex((p) => p !== ctx && !callbackTypes.has(p.type) && !p.optional);
    return required >= 0 ? required : api.parameters.findIndex((p) => p !== ctx && !callbackTypes.has(p.type));
  };

  const fixtures = new Map<string, FixtureSpec>();
  const useFixture = (key: string, type: string, variant: Variant, user: string): void => {
    if (variant === 'null') return;
    const f = fixtures.get(key) ?? { key, types: [], variants: [], usedBy: [] };
    if (!f.types.includes(type)) f.types.push(type);
    if (!f.variants.includes(variant)) f.variants.push(variant);
    if (!f.usedBy.includes(user)) f.usedBy.push(user);
    fixtures.set(key, f);
  };

  /** Builds the call of `api` with its subject parameter `si`; a string is the reason it cannot be built. */
  const buildCall = (api: Api, si: number): CallSpec | string => {
    const n = names(api);
    if (!n) return `${api.name} is not part of a generated interface`;
    // A parameter of an async context type is the call's context only for the async roles; any
    // other API that takes one (a driver callback, say) gets it as an ordinary fixture.
    const ctx = isAsync(api) || isRegistrar(api) || isPoller(api) ? ctxParamOf(api) : undefined;
    let async: AsyncSpec | null = null;
    if (ctx) {
      async = asyncSpecFor(ctx.type);
      if (!async) return `no documented way to create or poll a ${ctx.type}`;
      if (isAsync(api)) async = { ...async, queued: codesOf(api, 'async-queued').map((c) => c.code) };
    }
    const args: ArgSpec[] = [];
    for (const [i, p] of api.parameters.entries()) {
      if (i === si) args.push({ from: 'subject' });
      else if (ctx && p === ctx) {
        args.push({ from: 'async-context' });
        if (!async!.create) useFixture(async!.contextFixture, p.type, 'valid', `${p.name} of ${api.name}`);
      } else if (callbackTypes.has(p.type)) args.push({ from: 'callback' });
      else if (p.optional) args.push({ from: 'null' });
      else {
        const key = fixtureKey(p.type);
        if (!key) return `parameter ${p.name} of ${api.name} has no known type, so the suite cannot supply a value for it`;
        args.push({ from: 'fixture', fixture: key });
        useFixture(key, p.type, 'valid', `${p.name} of ${api.name}`);
      }
    }
    return { api: api.name, module: n.module, method: n.method, args, context: async, async: isAsync(api), returnsStatus: !!api.statusFamily };
  };
  const outcomeSuccess = (api: Api): string[] => {
    if (isAsync(api)) return asyncSpecFor(ctxParamOf(api)!.type)?.complete ?? [];
    return codesOf(api, 'success').map((c) => c.code);
  };

  const cases = new Map<string, ConformanceCase>();
  const blank = (id: string, api: string, type: CaseType, title: string): ConformanceCase => ({
    id, api, type, kinds: [], title, promises: [], todo: null, call: null, subject: null, expect: [], setup: null, setupExpect: [], register: null, registerExpect: [],
  });
  const todoCase = (api: Api, c: Classified, reason: string): void => {
    const id = `${api.name} › ${c.code} (todo)`;
    const tc = blank(id, api.name, 'todo', `${c.code}: ${c.sentence}`);
    tc.kinds = c.kinds;
    tc.promises = [{ api: api.name, code: c.code, sentence: c.sentence, source: c.source }];
    tc.todo = reason;
    cases.set(id, tc);
  };
  const addPromise = (cs: ConformanceCase, p: Promised, kind: CaseKind): void => {
    if (!cs.promises.some((x) => x.api === p.api && x.code === p.code && x.sentence === p.sentence)) cs.promises.push(p);
    if (!cs.kinds.includes(kind)) cs.kinds.push(kind);
  };
  const markTodo = (cs: ConformanceCase, reason: string): void => {
    cs.todo ??= reason;
  };
  const needValues = (cs: ConformanceCase, codes: string[]): void => {
    const missing = codes.filter((c) => !hasValue.has(c));
    if (missing.length > 0) markTodo(cs, `the docs give no numeric value for ${missing.join(', ')}`);
  };

  /** A single-call case (success, invalid-handle, not-found, null-parameter) of `api`. */
  const simpleCase = (api: Api, type: CaseType, variant: Variant, title: string): ConformanceCase => {
    const id = `${api.name} › ${type}`;
    const existing = cases.get(id);
    if (existing) return existing;
    const cs = blank(id, api.name, type, title);
    const si = subjectIndex(api);
    const call = si < 0 && variant !== 'valid' ? `${api.name} has no parameter to make ${variant}` : buildCall(api, si);
    if (typeof call === 'string') cs.todo = call;
    else {
      cs.call = call;
      if (si >= 0) {
        const p = api.parameters[si]!;
        const key = pollers.has(p.type) ? asyncSpecFor(p.type)?.contextFixture : fixtureKey(p.type);
        if (!key) cs.todo = `parameter ${p.name} of ${api.name} has no known type`;
        else {
          cs.subject = { fixture: key, variant };
          const isCtx = pollers.has(p.type);
          // A valid async context comes from the documented creator when there is one.
          if (!(isCtx && variant === 'valid' && asyncSpecFor(p.type)?.create)) useFixture(key, p.type, variant, `${p.name} of ${api.name}`);
        }
      }
    }
    cases.set(id, cs);
    return cs;
  };

  const failures: Diagnostic[] = [];
  for (const api of apis) {
    const before = new Set(cases.keys());
    const derived = isolate('conformance', { name: api.name, source: api.sources[0] }, failures, () => {
      for (const c of classified.get(api.name) ?? []) {
        const promise: Promised = { api: api.name, code: c.code, sentence: c.sentence, source: c.source };
        for (const kind of c.kinds) {
          switch (kind) {
            case 'untestable':
              todoCase(api, c, c.recognised ? 'the condition cannot be produced by a test (resources, internal errors)' : 'no rule of the condition-pattern table recognises this sentence');
              break;
            case 'object-state':
              todoCase(api, c, 'needs an object in a state the API interface cannot produce; a fixture for that state is not defined yet');
              break;
            case 'success':
            case 'invalid-handle':
            case 'not-found':
            case 'null-parameter': {
              const variant: Variant = kind === 'success' ? 'valid' : kind === 'invalid-handle' ? 'invalid' : kind === 'not-found' ? 'missing' : 'null';
              // A poller's error "if the handle passed to the asynchronous function was not valid" is the
              // outcome of the async functions' own invalid-handle cases.
              if (isPoller(api) && kind !== 'success' && /\basynchronous (function|call)\b/i.test(c.sentence)) {
                const users = apis.filter((a) => isAsync(a) && ctxParamOf(a)!.type === api.parameters[0]!.type);
                if (users.length === 0) todoCase(api, c, 'no documented asynchronous function uses this context');
                for (const a of users) {
                  const cs = simpleCase(a, kind, variant, '');
                  addPromise(cs, promise, kind);
                  if (!cs.expect.includes(c.code)) cs.expect.push(c.code);
                  needValues(cs, [c.code]);
                }
                break;
              }
              const cs = simpleCase(api, kind, variant, '');
              addPromise(cs, promise, kind);
              if (!cs.expect.includes(c.code)) cs.expect.push(c.code);
              needValues(cs, [c.code]);
              if (isPoller(api)) markTodo(cs, 'a poller call outside an asynchronous call has no documented outcome');
              break;
            }
            case 'already-deleted': {
              const id = `${api.name} › already-deleted`;
              const cs = cases.get(id) ?? blank(id, api.name, 'already-deleted', '');
              cases.set(id, cs);
              addPromise(cs, promise, kind);
              if (!cs.expect.includes(c.code)) cs.expect.push(c.code);
              const si = subjectIndex(api);
              const call = si < 0 ? `${api.name} has no handle parameter` : buildCall(api, si);
              if (typeof call === 'string') markTodo(cs, call);
              else if (!fixtureKey(api.parameters[si]!.type)) {
                markTodo(cs, `the C type of ${api.parameters[si]!.name} of ${api.name} is unknown, so no fixture can supply it`);
              } else {
                const p = api.parameters[si]!;
                cs.call = call;
                cs.setup = call;
                cs.setupExpect = outcomeSuccess(api);
                cs.subject = { fixture: fixtureKey(p.type)!, variant: 'valid' };
                useFixture(cs.subject.fixture, p.type, 'valid', `${p.name} of ${api.name}`);
                if (cs.setupExpect.length === 0) markTodo(cs, `${api.name} documents no success code to delete the handle first`);
              }
              needValues(cs, [...cs.expect, ...cs.setupExpect]);
              break;
            }
            case 'async-queued':
            case 'async-pending':
            case 'async-complete': {
              const targets = isAsync(api) ? [api] : isPoller(api) ? apis.filter((a) => isAsync(a) && ctxParamOf(a)!.type === api.parameters[0]!.type) : [];
              if (targets.length === 0) {
                todoCase(api, c, isPoller(api) ? 'no documented asynchronous function uses this context' : 'no documented way to poll this asynchronous call');
                break;
              }
              for (const a of targets) {
                const id = `${a.name} › async-pending-then-complete`;
                const cs = cases.get(id) ?? blank(id, a.name, 'async-pending-then-complete', '');
                cases.set(id, cs);
                addPromise(cs, promise, kind);
                const si = subjectIndex(a);
                const call = buildCall(a, si);
                if (typeof call === 'string') markTodo(cs, call);
                else {
                  cs.call = call;
                  const p = si >= 0 ? a.parameters[si]! : undefined;
                  const key = p ? fixtureKey(p.type) : undefined;
                  if (p && key) {
                    cs.subject = { fixture: key, variant: 'valid' };
                    useFixture(key, p.type, 'valid', `${p.name} of ${a.name}`);
                  } else if (p) {
                    markTodo(cs, `the C type of ${p.name} of ${a.name} is unknown, so no fixture can supply it`);
                  }
                  cs.expect = call.context!.complete;
                  if (call.context!.queued.length === 0) markTodo(cs, `${a.name} documents no code for a queued call`);
                  if (call.context!.complete.length === 0) markTodo(cs, 'the poller documents no completion code');
                  needValues(cs, [...call.context!.queued, ...call.context!.pending, ...call.context!.complete]);
                }
              }
              break;
            }
            default:
              break;
          }
        }
      }

      // API-level rules.
      for (const { kind, sentence, source } of api.conformance.apiRules) {
        if (kind === 'use-after-delete') {
          const si = subjectIndex(api);
          if (si < 0) continue;
          const subjectType = api.parameters[si]!.type;
          const promise: Promised = { api: api.name, sentence, source };
          const consumers = apis.filter((c) => c.statusFamily && subjectIndex(c) >= 0 && c.parameters[subjectIndex(c)]!.type === subjectType);
          for (const consumer of consumers) {
            const already = codesOf(consumer, 'already-deleted');
            if (consumer === api && already.length > 0) continue; // the already-deleted case covers it
            const expectCodes = already.length > 0 ? already : codesOf(consumer, 'invalid-handle');
            if (expectCodes.length === 0) continue;
            const id = `${api.name} › use-after-delete › ${consumer.name}`;
            const cs = blank(id, api.name, 'use-after-delete', '');
            cs.kinds = [kind];
            cs.promises = [promise, ...expectCodes.map((c) => ({ api: consumer.name, code: c.code, sentence: c.sentence, source: c.source }))];
            cs.expect = expectCodes.map((c) => c.code);
            const setup = buildCall(api, si);
            const call = buildCall(consumer, subjectIndex(consumer));
            if (typeof setup === 'string') cs.todo = setup;
            else if (typeof call === 'string') cs.todo = call;
            else {
              cs.setup = setup;
              cs.call = call;
              cs.setupExpect = outcomeSuccess(api);
              cs.subject = { fixture: fixtureKey(subjectType)!, variant: 'valid' };
              useFixture(cs.subject.fixture, subjectType, 'valid', `${api.parameters[si]!.name} of ${api.name}`);
              if (cs.setupExpect.length === 0) cs.todo = `${api.name} documents no success code`;
            }
            needValues(cs, [...cs.expect, ...cs.setupExpect]);
            cases.set(id, cs);
          }
        } else if (kind === 'callback-fires') {
          const id = `${api.name} › callback-fires`;
          const cs = blank(id, api.name, 'callback-fires', '');
          cs.kinds = [kind];
          cs.promises = [{ api: api.name, sentence, source }];
          const registrar = apis.find((r) => isRegistrar(r) && r.parameters.some((p) => p.type === api.name));
          const ctxType = registrar && ctxParamOf(registrar)!.type;
          const trigger = ctxType && apis.find((a) => isAsync(a) && ctxParamOf(a)!.type === ctxType);
          if (!registrar || !trigger) cs.todo = 'no documented function registers this callback for an asynchronous call';
          else {
            const reg = buildCall(registrar, -1);
            const si = subjectIndex(trigger);
            const call = buildCall(trigger, si);
            if (typeof reg === 'string') cs.todo = reg;
            else if (typeof call === 'string') cs.todo = call;
            else {
              cs.register = reg;
              cs.registerExpect = codesOf(registrar, 'success').map((c) => c.code);
              cs.call = call;
              cs.expect = call.context?.queued ?? [];
              if (si >= 0) {
                const p = trigger.parameters[si]!;
                cs.subject = { fixture: fixtureKey(p.type)!, variant: 'valid' };
                useFixture(cs.subject.fixture, p.type, 'valid', `${p.name} of ${trigger.name}`);
              }
              if (cs.registerExpect.length === 0) cs.todo = `${registrar.name} documents no success code`;
              needValues(cs, [...cs.registerExpect, ...cs.expect]);
            }
          }
          cases.set(id, cs);
        }
      }

      // Parameter-level rules.
      for (const { index: i, kind, sentence, source } of api.conformance.parameterRules) {
        if (kind !== 'null-accepted') continue;
        const id = `${api.name} › null-accepted › ${api.parameters[i]!.name}`;
        const cs = blank(id, api.name, 'null-accepted', '');
        cs.kinds = [kind];
        cs.promises = [{ api: api.name, sentence, source }];
        const call = buildCall(api, i);
        if (typeof call === 'string') cs.todo = call;
        else {
          cs.call = call;
          cs.subject = { fixture: '', variant: 'null' };
          cs.expect = outcomeSuccess(api);
          needValues(cs, cs.expect);
        }
        cases.set(id, cs);
      }
      return true;
    });
    if (!derived) {
      // The API's partial cases are dropped; one todo says why.
      for (const id of cases.keys()) if (!before.has(id) && cases.get(id)!.api === api.name) cases.delete(id);
      const id = `${api.name} › derivation (todo)`;
      const tc = blank(id, api.name, 'todo', 'the conformance cases of this API could not be derived');
      tc.todo = 'docgen failed while deriving the cases of this API (see its DG9002 diagnostic)';
      cases.set(id, tc);
    }
  }

  const list = [...cases.values()].sort((a, b) => compareStrings(a.id, b.id));
  for (const cs of list) cs.title = caseTitle(cs);
  const index = indexCases(list);
  const coverage = apis.map((api) => coverageFrom(api, index));
  const fixtureList = [...fixtures.values()].sort((a, b) => compareStrings(a.key, b.key));
  for (const f of fixtureList) {
    f.variants.sort();
    f.usedBy.sort(compareStrings);
  }
  return { cases: list, fixtures: fixtureList, coverage, diagnostics: failures };
}

function caseTitle(cs: ConformanceCase): string {
  const codes = [...new Set(cs.promises.filter((p) => p.code && p.api === (cs.call?.api ?? cs.api)).map((p) => p.code!))];
  const which = codes.length > 0 ? ` → ${codes.join(' | ')}` : '';
  switch (cs.type) {
    case 'success':
      return `a valid call succeeds${which}`;
    case 'invalid-handle':
      return `an invalid handle is rejected${cs.expect.length ? ` → ${cs.expect.join(' | ')}` : ''}`;
    case 'null-parameter':
      return `a NULL parameter is rejected${which}`;
    case 'not-found':
      return `an identifier that does not exist is reported${which}`;
    case 'already-deleted':
      return `deleting a handle that was already deleted${which}`;
    case 'use-after-delete':
      return `after ${cs.setup?.api ?? cs.api} deleted the handle, ${cs.call?.api ?? '?'} → ${cs.expect.join(' | ')}`;
    case 'async-pending-then-complete':
      return 'the async call is queued, may report pending, and completes';
    case 'callback-fires':
      return 'the completion callback fires';
    case 'null-accepted':
      return 'NULL is accepted';
    case 'todo':
      return cs.title;
  }
}

export function apiCoverage(api: Api, cases: readonly ConformanceCase[]): ApiCoverage {
  return coverageFrom(api, indexCases(cases));
}

/** The cases by the api they belong to, and the promises with a code by the api they name. */
interface CaseIndex {
  byApi: Map<string, ConformanceCase[]>;
  promised: Map<string, { cs: ConformanceCase; code: string }[]>;
}

function indexCases(cases: readonly ConformanceCase[]): CaseIndex {
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
function coverageFrom(api: Api, index: CaseIndex): ApiCoverage {
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
