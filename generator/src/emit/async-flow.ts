/**
 * Finds asynchronous-call flows in the package plan: an opaque context type with the functions that
 * create it, register a completion callback on it, read the call's status from it and free it, plus
 * the calls that start an asynchronous operation on it. Which API plays which part is decided once,
 * by `conformance/async-roles.ts` (the conformance suite reads the same roles); this module only
 * adds what the Promise wrapper (`src/async.ts`) needs to call them:
 *
 * | part     | role (async-roles.ts) | and, for the wrapper                                               |
 * |----------|-----------------------|--------------------------------------------------------------------|
 * | create   | creator               | no parameters at all (the wrapper calls it without arguments)      |
 * | register | registrar             | the context first; the callback's first parameter is the context   |
 * | status   | poller                |                                                                    |
 * | free     | freer                 |                                                                    |
 * | start    | async call            | the context first (the example passes it first)                    |
 *
 * The context type must be opaque in the type plan. create/register/status/free must share a group
 * of a conceptual page when the docs group them (the asynchronous-contexts article lists them under
 * "Async context management functions"). The article's numbered flow is not used to pick the free
 * function on purpose: its step 5 says to delete the context with SspiDeleteSecurityContextAsync,
 * which is a doc mistake (that call deletes a security context; SspiFreeAsyncContext frees the
 * async context).
 */
import { compareStrings } from '../diagnostics.js';
import { classifyAsyncRoles, type AsyncFamily, type AsyncRoles } from '../conformance/async-roles.js';
import type { ApiSummary as Api } from '../build/summary.js';
import type { PlannedApi, PlannedHeader } from './plan.js';
import type { TypePlan } from './type-plan.js';

export interface AsyncFlow {
  /** Key of the opaque context pointer type (`SspiAsyncContext *`). */
  contextKey: string;
  create: PlannedApi;
  register: PlannedApi;
  /** Index of the callback parameter of `register`, and of its optional data parameter (or -1). */
  callbackIndex: number;
  /** Key of the callback type. */
  callbackKey: string;
  status: PlannedApi;
  free: PlannedApi;
  starts: PlannedApi[];
  /** Headers (modules) whose interfaces the roles belong to. */
  headers: PlannedHeader[];
}

interface Planned {
  a: PlannedApi;
  h: PlannedHeader;
}

export function findAsyncFlows(headers: readonly PlannedHeader[], types: TypePlan): AsyncFlow[] {
  const planned = new Map<Api, Planned>(headers.flatMap((h) => h.apis.map((a) => [a.api, { a, h }] as const)));
  const roles = classifyAsyncRoles([...planned.keys()]);
  const flows: AsyncFlow[] = [];
  for (const t of types.types.filter((x) => x.kind === 'opaque')) {
    const family = roles.family(t.key);
    const flow = family && flowOf(family, planned, types, roles.roleOf);
    if (flow) flows.push(flow);
  }
  return flows;
}

/** The first complete flow of a family: a creator, and the other parts sharing a group with it. */
function flowOf(family: AsyncFamily, planned: ReadonlyMap<Api, Planned>, types: TypePlan, roleOf: AsyncRoles['roleOf']): AsyncFlow | undefined {
  const K = family.contextType;
  const callbackIndex = (api: Api): number => {
    const { contextIndex, callbackIndex: i, callbackType } = roleOf(api);
    const cb = callbackType === undefined ? undefined : types.byKey.get(callbackType);
    return contextIndex === 0 && i > 0 && cb?.kind === 'callback' && cb.callback?.api.parameters[0]?.type === K ? i : -1;
  };
  const plannedOf = (apis: readonly Api[]): Planned[] => apis.filter((a) => a.kind === 'function').map((a) => planned.get(a)!);
  const creates = plannedOf(family.creators.filter((a) => a.parameters.length === 0));
  const registers = plannedOf(family.registrars.filter((a) => callbackIndex(a) > 0));
  const statuses = plannedOf(family.pollers);
  const frees = plannedOf(family.freers);
  for (const create of creates) {
    const g = new Set(create.a.api.groups);
    const together = (x: Planned): boolean => g.size === 0 || x.a.api.groups.length === 0 || x.a.api.groups.some((n) => g.has(n));
    const register = registers.find(together);
    const status = statuses.find(together);
    const free = frees.find(together);
    if (!register || !status || !free) continue;
    const starts = plannedOf(family.calls.filter((a) => roleOf(a).contextIndex === 0)).map((x) => x.a);
    const headerSet = [...new Set([create.h, register.h, status.h, free.h])].sort((a, b) => compareStrings(a.module, b.module));
    const index = callbackIndex(register.a.api);
    return { contextKey: K, create: create.a, register: register.a, callbackIndex: index, callbackKey: register.a.api.parameters[index]!.type, status: status.a, free: free.a, starts, headers: headerSet };
  }
  return undefined;
}
