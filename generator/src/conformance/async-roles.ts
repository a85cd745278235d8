/**
 * The one place that recognises asynchronous APIs. Each function and callback gets one role, read
 * from the spec's structure (signatures, documented callback types) and from the condition facts
 * of its docs (which codes mean "pending", whether it deletes what it is given), never from names:
 *
 * | role       | what identifies it                                                                   |
 * |------------|--------------------------------------------------------------------------------------|
 * | poller     | returns a status, takes exactly one parameter (of type T), documents a pending code   |
 * | creator    | returns T and takes no required parameter                                             |
 * | freer      | takes exactly one parameter, of type T, and deletes/frees it (name or description)    |
 * | registrar  | returns a status, takes a T and a parameter whose type is a documented callback type  |
 * | async call | returns a status, takes a T and is none of the above                                  |
 * | none       | anything else, including a callback that merely receives a T                          |
 *
 * T, an *asynchronous context type*, is any known type some poller takes: the poller is what makes
 * a call on T observable (an `unknown` type, one the docs do not give, is never a context type). The conformance derivation (`derive.ts`) and the async-flow emitter
 * (`emit/async-flow.ts`) both read these roles; each adds only the constraints of what it
 * generates (the Promise wrapper, for example, needs the context as the first parameter).
 */
import { compareStrings } from '../diagnostics.js';
import type { ApiSummary } from '../build/summary.js';
import { classifyCode } from '../conditions/rules.js';

export type AsyncRole = 'poller' | 'creator' | 'freer' | 'registrar' | 'async-call' | 'none';

export interface AsyncRoleOf {
  role: AsyncRole;
  /** The asynchronous context type the role is about (T); undefined for `none`. */
  contextType?: string;
  /** Index of the T parameter; -1 for a creator and for `none`. */
  contextIndex: number;
  /** Registrar only: index of the callback parameter, and the callback type (a callback API's name). */
  callbackIndex: number;
  callbackType?: string;
}

/** The APIs of one asynchronous context type, each list sorted by name. */
export interface AsyncFamily {
  contextType: string;
  pollers: ApiSummary[];
  creators: ApiSummary[];
  freers: ApiSummary[];
  registrars: ApiSummary[];
  calls: ApiSummary[];
}

export interface AsyncRoles {
  roleOf(api: ApiSummary): AsyncRoleOf;
  /** The family of an asynchronous context type; undefined when no poller takes that type. */
  family(contextType: string): AsyncFamily | undefined;
  /** Every family, by context type. */
  families: AsyncFamily[];
  /** True when some poller takes `type`. */
  isContextType(type: string): boolean;
  /** Every registrar, of any family, by name. */
  registrars: ApiSummary[];
}

const NONE: AsyncRoleOf = { role: 'none', contextIndex: -1, callbackIndex: -1 };

export const returnTypeOf = (api: ApiSummary): string | undefined => api.returnType ?? api.declaration?.returnType;

/** True when one of the API's documented codes means "the call is still in progress". */
function documentsPending(api: ApiSummary): boolean {
  // The pending rule reads only the sentence and the name, so no severity is needed here.
  return api.conformance.codes.some((c) => classifyCode({ sentence: c.sentence, name: c.name, severity: undefined }).kinds.includes('async-pending'));
}

/** A type the docs do not give cannot tell one context from another. */
const isKnownType = (type: string): boolean => type !== '' && type !== 'unknown';

const isPoller = (api: ApiSummary): boolean => !!api.statusFamily && api.parameters.length === 1 && isKnownType(api.parameters[0]!.type) && documentsPending(api);

/**
 * Classifies the functions and callbacks of `apis` (the other kinds get `none`). An API is a
 * poller of the first type it could poll; the roles are then tried in the order of the table.
 */
export function classifyAsyncRoles(apis: readonly ApiSummary[]): AsyncRoles {
  const sorted = apis.filter((a) => (a.kind === 'function' || a.kind === 'callback') && a.language === undefined).sort((a, b) => compareStrings(a.name, b.name));
  const contextTypes = new Set<string>();
  for (const api of sorted) if (isPoller(api)) contextTypes.add(api.parameters[0]!.type);
  const callbackTypes = new Set(sorted.filter((a) => a.kind === 'callback').map((a) => a.name));

  const roles = new Map<ApiSummary, AsyncRoleOf>();
  for (const api of sorted) roles.set(api, classifyOne(api, contextTypes, callbackTypes));

  const families = [...contextTypes].sort(compareStrings).map((contextType): AsyncFamily => {
    const withRole = (role: AsyncRole): ApiSummary[] => sorted.filter((a) => roles.get(a)!.role === role && roles.get(a)!.contextType === contextType);
    return { contextType, pollers: withRole('poller'), creators: withRole('creator'), freers: withRole('freer'), registrars: withRole('registrar'), calls: withRole('async-call') };
  });
  const byType = new Map(families.map((f) => [f.contextType, f] as const));
  return {
    roleOf: (api) => roles.get(api) ?? NONE,
    family: (type) => byType.get(type),
    families,
    isContextType: (type) => contextTypes.has(type),
    registrars: sorted.filter((a) => roles.get(a)!.role === 'registrar'),
  };
}

function classifyOne(api: ApiSummary, contextTypes: ReadonlySet<string>, callbackTypes: ReadonlySet<string>): AsyncRoleOf {
  if (api.kind !== 'function' && api.kind !== 'callback') return NONE;
  const contextIndex = api.parameters.findIndex((p) => contextTypes.has(p.type));
  const contextType = contextIndex >= 0 ? api.parameters[contextIndex]!.type : undefined;
  if (contextType !== undefined && isPoller(api)) return { role: 'poller', contextType, contextIndex, callbackIndex: -1 };
  if (api.kind === 'callback') return NONE;
  const returned = returnTypeOf(api);
  if (returned !== undefined && contextTypes.has(returned) && api.parameters.every((p) => p.optional)) {
    return { role: 'creator', contextType: returned, contextIndex: -1, callbackIndex: -1 };
  }
  if (contextType === undefined) return NONE;
  if (api.parameters.length === 1 && api.conformance.deleter) return { role: 'freer', contextType, contextIndex, callbackIndex: -1 };
  if (!api.statusFamily) return NONE;
  const callbackIndex = api.parameters.findIndex((p) => callbackTypes.has(p.type));
  if (callbackIndex >= 0) return { role: 'registrar', contextType, contextIndex, callbackIndex, callbackType: api.parameters[callbackIndex]!.type };
  return { role: 'async-call', contextType, contextIndex, callbackIndex: -1 };
}
