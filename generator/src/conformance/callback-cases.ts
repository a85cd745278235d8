/**
 * Cases about completion callbacks. Each registers a callback type with the registrar that takes it
 * (async roles), makes the first asynchronous call on the registrar's context type, and watches
 * the callback:
 *
 * | case               | listed under | what the suite checks                                          |
 * |--------------------|--------------|----------------------------------------------------------------|
 * | `callback-fires`   | the callback | it is called, once the call is no longer pending               |
 * | `callback-once`    | the callback | it is called exactly once for the one completed call           |
 * | `callback-data`    | the callback | it receives the data given to the registrar, unchanged         |
 * | `callback-context` | the callback | it receives the context the call was made on                   |
 * | `callback-removed` | the registrar| after a NULL registration it is never called                   |
 *
 * A case can be promised from both sides (the callback's page and the registrar's), so it is built
 * from the spec alone and each promise only joins it: building it again changes nothing.
 */
import type { Spec } from '../model/spec.js';
import {
  addPromise,
  asyncCallsOf,
  buildCall,
  caseFor,
  codesOf,
  markTodo,
  needValues,
  subjectIndex,
  validSubject,
  type Api,
  type DeriveContext,
} from './context.js';
import type { CallSpec, CaseType, ConformanceCase, Promised } from './model.js';

export type CallbackCaseType = Extract<CaseType, 'callback-fires' | 'callback-once' | 'callback-data' | 'callback-context' | 'callback-removed'>;

/** The registrar that takes callbacks of type `callbackType` (the first by name). */
export function registrarOf(ctx: DeriveContext, callbackType: string): Api | undefined {
  return ctx.roles.registrars.find((r) => r.parameters.some((p) => p.type === callbackType));
}

/**
 * The case `type` of the callback type `callbackType`, with `promise` joined to it. The case is
 * listed under the callback, except `callback-removed`, which the registrar's page promises.
 */
export function callbackCase(ctx: DeriveContext, callbackType: string, type: CallbackCaseType, promise: Promised): ConformanceCase {
  const registrar = registrarOf(ctx, callbackType);
  const listedUnder = type === 'callback-removed' && registrar ? registrar.name : callbackType;
  const cs = caseFor(ctx, `${listedUnder} › ${type}`, listedUnder, type);
  addPromise(cs, promise, type);
  fillCallbackCase(ctx, cs, callbackType, registrar, type);
  return cs;
}

function fillCallbackCase(ctx: DeriveContext, cs: ConformanceCase, callbackType: string, registrar: Api | undefined, type: CallbackCaseType): void {
  const trigger = registrar && asyncCallsOf(ctx, ctx.roles.roleOf(registrar).contextType)[0];
  if (!registrar || !trigger) {
    markTodo(cs, 'no documented function registers this callback for an asynchronous call');
    return;
  }
  const reg = buildCall(ctx, registrar, -1);
  const si = subjectIndex(ctx, trigger);
  const call = buildCall(ctx, trigger, si);
  if (typeof reg === 'string' || typeof call === 'string') {
    markTodo(cs, typeof reg === 'string' ? reg : (call as string));
    return;
  }
  cs.register = reg;
  cs.registerExpect = codesOf(ctx, registrar, 'success').map((c) => c.code);
  cs.call = call;
  cs.expect = call.context?.queued ?? [];
  if (si >= 0) {
    const unknown = validSubject(ctx, cs, trigger, si);
    if (unknown) markTodo(cs, unknown);
  }
  if (cs.registerExpect.length === 0) markTodo(cs, `${registrar.name} documents no success code`);
  const why = type === 'callback-data' ? withData(ctx, cs, reg, callbackType, registrar) : type === 'callback-context' ? withContext(ctx, cs, callbackType, registrar) : type === 'callback-removed' ? withRemoval(cs, reg) : undefined;
  if (why) markTodo(cs, why);
  needValues(ctx, cs, [...cs.registerExpect, ...cs.setupExpect, ...cs.expect]);
}

/** Indexes of the parameters of `api` that a `callback-data` rule names. */
function dataRuleIndexes(api: Api): number[] {
  return api.conformance.parameterRules.filter((r) => r.kind === 'callback-data').map((r) => r.index);
}

/**
 * callback-data: the registrar's data parameter gets a token, and the callback's data parameter
 * must receive it. Each side is the parameter its docs say so of, or else the one parameter of the
 * same type as the other side's (neither the context nor the callback); a string says why not.
 */
function withData(ctx: DeriveContext, cs: ConformanceCase, reg: CallSpec, callbackType: string, registrar: Api): string | undefined {
  const callback = ctx.apis.find((a) => a.kind === 'callback' && a.name === callbackType);
  if (!callback) return `the callback type ${callbackType} has no page`;
  const { contextType } = ctx.roles.roleOf(registrar);
  const plain = (api: Api) => (i: number) => api.parameters[i]!.type !== contextType && api.parameters[i]!.type !== callbackType;
  const onlyOfType = (api: Api, type: string | undefined): number | undefined => {
    const found = api.parameters.map((_, i) => i).filter((i) => plain(api)(i) && api.parameters[i]!.type === type);
    return found.length === 1 ? found[0] : undefined;
  };
  let given = dataRuleIndexes(registrar).filter(plain(registrar))[0];
  let received = dataRuleIndexes(callback).filter(plain(callback))[0];
  given ??= onlyOfType(registrar, received === undefined ? undefined : callback.parameters[received]!.type);
  received ??= onlyOfType(callback, given === undefined ? undefined : registrar.parameters[given]!.type);
  if (given === undefined || received === undefined) return `the docs do not say which parameter of ${registrar.name} reaches which parameter of ${callbackType}`;
  const type = registrar.parameters[given]!.type;
  if (!carriesToken(ctx.types.get(type))) return `${registrar.parameters[given]!.name} of ${registrar.name} is a ${type}, not an untyped pointer or a pointer-sized integer, so the suite cannot pass a token through it`;
  reg.args[given] = { from: 'callback-data' };
  cs.callbackArg = { index: received, from: 'callback-data' };
  return undefined;
}

/** An untyped pointer or a pointer-sized integer: the suite can pass an opaque token through it. */
function carriesToken(info: Spec['types'][number] | undefined): boolean {
  if (!info) return false;
  return (info.category === 'pointer' && info.pointee === 'void') || (info.category === 'integer' && info.size === 8);
}

/** callback-context: the callback's parameter the docs call the context of the call must receive it. */
function withContext(ctx: DeriveContext, cs: ConformanceCase, callbackType: string, registrar: Api): string | undefined {
  const callback = ctx.apis.find((a) => a.kind === 'callback' && a.name === callbackType);
  const { contextType } = ctx.roles.roleOf(registrar);
  const index = callback?.conformance.parameterRules.find((r) => r.kind === 'callback-context' && callback.parameters[r.index]!.type === contextType)?.index;
  if (index === undefined) return `no parameter of ${callbackType} of type ${contextType ?? '?'} is documented as the context of the call`;
  cs.callbackArg = { index, from: 'async-context' };
  return undefined;
}

/** callback-removed: register the callback, then register NULL in its place (expecting success). */
function withRemoval(cs: ConformanceCase, reg: CallSpec): string | undefined {
  const at = reg.args.findIndex((a) => a.from === 'callback');
  if (at < 0) return 'the registrar takes no callback';
  cs.setup = { ...reg, args: reg.args.map((a, i) => (i === at ? { from: 'null' } : a)) };
  cs.setupExpect = cs.registerExpect;
  return undefined;
}
