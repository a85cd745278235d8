/**
 * The explicit state of one derivation, and the helpers every kind of case shares: how a call of an
 * API is built (which argument comes from where), which fixtures the cases use, and the small edits
 * a case goes through (a promise added, a code expected, a reason to stay a todo).
 *
 * `createContext` reads the spec once (codes classified by the pattern table, async roles, status
 * values); the case builders (`code-cases.ts`, `behaviour-cases.ts`) add cases and fixtures to it.
 */
import { compareStrings } from '../diagnostics.js';
import { hasValue as hasCodeValue, type Spec } from '../model/spec.js';
import type { ApiSummary, SpecSummary } from '../build/summary.js';
import { identifier } from '../naming/names.js';
import { classifyCode, type CaseKind, type Severity } from '../conditions/rules.js';
import { classifyAsyncRoles, type AsyncRoles } from './async-roles.js';
import type { ArgSpec, AsyncSpec, CallSpec, CaseType, ConformanceCase, FixtureSpec, MethodRef, NameResolver, Promised, Variant } from './model.js';

export type Api = ApiSummary;

/** One documented code of an API with the kinds the pattern table gives its sentence. */
export interface Classified {
  api: Api;
  code: string;
  sentence: string;
  source: string;
  kinds: CaseKind[];
  recognised: boolean;
}

export interface DeriveContext {
  /** The functions and callbacks that get cases (not other languages), by name. */
  apis: Api[];
  roles: AsyncRoles;
  names: NameResolver;
  /** Status codes whose numeric value the docs give. */
  valued: ReadonlySet<string>;
  types: ReadonlyMap<string, Spec['types'][number]>;
  /** The names of the documented callback types. */
  callbackTypes: ReadonlySet<string>;
  classified: ReadonlyMap<string, Classified[]>;
  /** The cases derived so far, by id. */
  cases: Map<string, ConformanceCase>;
  fixtures: Map<string, FixtureSpec>;
}

export function createContext(spec: Pick<SpecSummary, 'apis' | 'statusCodes' | 'types'>, names: NameResolver): DeriveContext {
  const apis = spec.apis.filter((a) => (a.kind === 'function' || a.kind === 'callback') && a.language === undefined).sort((a, b) => compareStrings(a.name, b.name));
  const severity = new Map<string, Severity>();
  const valued = new Set<string>();
  for (const c of spec.statusCodes) {
    if (!hasCodeValue(c)) continue;
    valued.add(c.name);
    if (!severity.has(c.name)) severity.set(c.name, c.severity);
  }
  const classified = new Map<string, Classified[]>();
  for (const api of apis) {
    classified.set(
      api.name,
      api.conformance.codes.map((code) => {
        const { kinds, recognised } = classifyCode({ sentence: code.sentence, name: code.name, severity: severity.get(code.name) });
        return { api, code: code.name, sentence: code.sentence, source: code.source, kinds, recognised };
      }),
    );
  }
  return {
    apis,
    roles: classifyAsyncRoles(apis),
    names,
    valued,
    types: new Map(spec.types.map((t) => [t.name, t] as const)),
    callbackTypes: new Set(apis.filter((a) => a.kind === 'callback').map((a) => a.name)),
    classified,
    cases: new Map(),
    fixtures: new Map(),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the spec

export function codesOf(ctx: DeriveContext, api: Api, kind: CaseKind): Classified[] {
  return (ctx.classified.get(api.name) ?? []).filter((c) => c.kinds.includes(kind));
}

/** The fixture key of a C type (the pointee of a pointer type); undefined for an unknown type. */
export function fixtureKey(ctx: DeriveContext, type: string): string | undefined {
  if (type === 'unknown' || type === '') return undefined;
  const info = ctx.types.get(type);
  const base = info?.category === 'pointer' && info.pointee && info.pointee !== 'void' ? info.pointee : type.replace(/\s*\*$/, '');
  return identifier(base.replace(/\s+/g, '_'));
}

export function isCallbackType(ctx: DeriveContext, type: string): boolean {
  return ctx.callbackTypes.has(type);
}

/** True for the roles whose context parameter is the call's asynchronous context. */
export function takesAsyncContext(ctx: DeriveContext, api: Api): boolean {
  const { role } = ctx.roles.roleOf(api);
  return role === 'poller' || role === 'registrar' || role === 'async-call';
}

export const isAsyncCall = (ctx: DeriveContext, api: Api): boolean => ctx.roles.roleOf(api).role === 'async-call';
export const isPoller = (ctx: DeriveContext, api: Api): boolean => ctx.roles.roleOf(api).role === 'poller';

/** The async calls made on the context type `type`. */
export function asyncCallsOf(ctx: DeriveContext, type: string | undefined): Api[] {
  return type === undefined ? [] : (ctx.roles.family(type)?.calls ?? []);
}

/** Index of the first parameter of an asynchronous context type, whatever the API's role. */
function contextParamIndex(ctx: DeriveContext, api: Api): number {
  return api.parameters.findIndex((p) => ctx.roles.isContextType(p.type));
}

/**
 * The parameter a case varies: the context for pollers and registrars; otherwise the first required
 * parameter that is neither an asynchronous context nor a callback (or the first such parameter).
 */
export function subjectIndex(ctx: DeriveContext, api: Api): number {
  const { role, contextIndex } = ctx.roles.roleOf(api);
  if (role === 'poller' || role === 'registrar') return contextIndex;
  const context = contextParamIndex(ctx, api);
  const candidate = (i: number): boolean => i !== context && !isCallbackType(ctx, api.parameters[i]!.type);
  const required = api.parameters.findIndex((p, i) => candidate(i) && !p.optional);
  return required >= 0 ? required : api.parameters.findIndex((_, i) => candidate(i));
}

export function methodRef(ctx: DeriveContext, api: Api): MethodRef | null {
  const n = ctx.names(api);
  return n ? { api: api.name, module: n.module, method: n.method } : null;
}

/** How the suite creates, polls and frees a context of `type`; null when no poller of it is bound. */
export function asyncSpecFor(ctx: DeriveContext, type: string): AsyncSpec | null {
  const family = ctx.roles.family(type);
  const poller = family?.pollers[0];
  const poll = poller && methodRef(ctx, poller);
  const key = fixtureKey(ctx, type);
  if (!family || !poller || !poll || !key) return null;
  const creator = family.creators[0];
  const freer = family.freers[0];
  return {
    contextFixture: key,
    create: creator ? methodRef(ctx, creator) : null,
    free: freer ? methodRef(ctx, freer) : null,
    poll,
    pending: codesOf(ctx, poller, 'async-pending').map((c) => c.code),
    complete: codesOf(ctx, poller, 'async-complete').map((c) => c.code),
    queued: [],
  };
}

/** The codes that mean `api` did what it was asked: its success codes, or for an async call its poller's completion codes. */
export function outcomeSuccess(ctx: DeriveContext, api: Api): string[] {
  const { role, contextType } = ctx.roles.roleOf(api);
  if (role === 'async-call') return asyncSpecFor(ctx, contextType!)?.complete ?? [];
  return codesOf(ctx, api, 'success').map((c) => c.code);
}

// ---------------------------------------------------------------------------------------------
// Building calls and fixtures

export function useFixture(ctx: DeriveContext, key: string, type: string, variant: Variant, user: string): void {
  if (variant === 'null') return;
  const f = ctx.fixtures.get(key) ?? { key, types: [], variants: [], usedBy: [] };
  if (!f.types.includes(type)) f.types.push(type);
  if (!f.variants.includes(variant)) f.variants.push(variant);
  if (!f.usedBy.includes(user)) f.usedBy.push(user);
  ctx.fixtures.set(key, f);
}

/** The call of `api` with its subject parameter at `si` (-1: none); a string is the reason it cannot be built. */
export function buildCall(ctx: DeriveContext, api: Api, si: number): CallSpec | string {
  const n = ctx.names(api);
  if (!n) return `${api.name} is not part of a generated interface`;
  // A parameter of an async context type is the call's context only for the async roles; any
  // other API that takes one (a driver callback, say) gets it as an ordinary fixture.
  const role = ctx.roles.roleOf(api);
  const contextIndex = takesAsyncContext(ctx, api) ? role.contextIndex : -1;
  let async: AsyncSpec | null = null;
  if (contextIndex >= 0) {
    async = asyncSpecFor(ctx, role.contextType!);
    if (!async) return `no documented way to create or poll a ${role.contextType!}`;
    if (role.role === 'async-call') async = { ...async, queued: codesOf(ctx, api, 'async-queued').map((c) => c.code) };
  }
  const args: ArgSpec[] = [];
  for (const [i, p] of api.parameters.entries()) {
    if (i === si) args.push({ from: 'subject' });
    else if (i === contextIndex) {
      args.push({ from: 'async-context' });
      if (!async!.create) useFixture(ctx, async!.contextFixture, p.type, 'valid', `${p.name} of ${api.name}`);
    } else if (isCallbackType(ctx, p.type)) args.push({ from: 'callback' });
    else if (p.optional) args.push({ from: 'null' });
    else {
      const key = fixtureKey(ctx, p.type);
      if (!key) return `parameter ${p.name} of ${api.name} has no known type, so the suite cannot supply a value for it`;
      args.push({ from: 'fixture', fixture: key });
      useFixture(ctx, key, p.type, 'valid', `${p.name} of ${api.name}`);
    }
  }
  return { api: api.name, module: n.module, method: n.method, args, context: async, async: role.role === 'async-call', returnsStatus: !!api.statusFamily };
}

/**
 * Sets the valid subject of a case to the parameter at `si` of `api` and records the fixture; a
 * string is the reason it cannot (the parameter's type is unknown).
 */
export function validSubject(ctx: DeriveContext, cs: ConformanceCase, api: Api, si: number): string | undefined {
  const p = api.parameters[si]!;
  const key = fixtureKey(ctx, p.type);
  if (!key) return `the C type of ${p.name} of ${api.name} is unknown, so no fixture can supply it`;
  cs.subject = { fixture: key, variant: 'valid' };
  useFixture(ctx, key, p.type, 'valid', `${p.name} of ${api.name}`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Editing cases

export function blankCase(id: string, api: string, type: CaseType, title = ''): ConformanceCase {
  return {
    id,
    api,
    type,
    kinds: [],
    title,
    promises: [],
    todo: null,
    call: null,
    subject: null,
    expect: [],
    setup: null,
    setupExpect: [],
    register: null,
    registerExpect: [],
    callbackArg: null,
    release: null,
  };
}

/** The case `id`, created blank when it does not exist yet. */
export function caseFor(ctx: DeriveContext, id: string, api: string, type: CaseType): ConformanceCase {
  let cs = ctx.cases.get(id);
  if (!cs) {
    cs = blankCase(id, api, type);
    ctx.cases.set(id, cs);
  }
  return cs;
}

export function promiseOf(c: Classified): Promised {
  return { api: c.api.name, code: c.code, sentence: c.sentence, source: c.source };
}

/** A todo case for one documented code that no test can produce. */
export function todoCase(ctx: DeriveContext, api: Api, c: Classified, reason: string): void {
  const id = `${api.name} › ${c.code} (todo)`;
  const tc = blankCase(id, api.name, 'todo', `${c.code}: ${c.sentence}`);
  tc.kinds = c.kinds;
  tc.promises = [promiseOf(c)];
  tc.todo = reason;
  ctx.cases.set(id, tc);
}

export function addPromise(cs: ConformanceCase, p: Promised, kind: CaseKind): void {
  if (!cs.promises.some((x) => x.api === p.api && x.code === p.code && x.sentence === p.sentence)) cs.promises.push(p);
  if (!cs.kinds.includes(kind)) cs.kinds.push(kind);
}

/** Adds the promise of a documented code to a case that expects that code. */
export function expectCode(ctx: DeriveContext, cs: ConformanceCase, c: Classified, kind: CaseKind): void {
  addPromise(cs, promiseOf(c), kind);
  if (!cs.expect.includes(c.code)) cs.expect.push(c.code);
  needValues(ctx, cs, [c.code]);
}

/** Keeps the first reason a case cannot run. */
export function markTodo(cs: ConformanceCase, reason: string): void {
  cs.todo ??= reason;
}

/** A case that compares statuses needs the docs to give their values. */
export function needValues(ctx: DeriveContext, cs: ConformanceCase, codes: readonly string[]): void {
  const missing = codes.filter((c) => !ctx.valued.has(c));
  if (missing.length > 0) markTodo(cs, `the docs give no numeric value for ${missing.join(', ')}`);
}
