/**
 * Finds asynchronous-call flows in the spec: an opaque context type with the functions that
 * create it, register a completion callback on it, read the call's status from it and free it,
 * plus the calls that start an asynchronous operation on it. The roles are derived from
 * signatures, not names:
 *
 * | role     | signature                                                                     |
 * |----------|-------------------------------------------------------------------------------|
 * | create   | no parameters, returns the context pointer                                    |
 * | register | returns a status; takes the context, then a callback whose first parameter is the context |
 * | status   | returns a status; takes only the context                                      |
 * | free     | returns void; takes only the context                                          |
 * | start    | returns a status; takes the context first and is none of the above            |
 *
 * create/register/status/free must share a group of a conceptual page when the docs group them
 * (the asynchronous-contexts article lists them under "Async context management functions").
 * The article's numbered flow is not used to pick the free function on purpose: its step 5 says
 * to delete the context with SspiDeleteSecurityContextAsync, which is a doc mistake (that call
 * deletes a security context; SspiFreeAsyncContext frees the async context).
 */
import { compareStrings } from '../diagnostics.js';
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

export function findAsyncFlows(headers: readonly PlannedHeader[], types: TypePlan): AsyncFlow[] {
  const all = headers.flatMap((h) => h.apis.filter((a) => a.api.kind === 'function').map((a) => ({ a, h })));
  const paramKey = (api: Api, i: number): string | undefined => api.parameters[i]?.type;
  const isVoid = (api: Api): boolean => api.returnType === 'void';
  const flows: AsyncFlow[] = [];
  for (const t of types.types.filter((x) => x.kind === 'opaque')) {
    const K = t.key;
    const pick = (pred: (api: Api) => boolean) => all.filter(({ a }) => pred(a.api)).sort((x, y) => compareStrings(x.a.api.name, y.a.api.name));
    const creates = pick((api) => api.parameters.length === 0 && api.returnType === K);
    const statuses = pick((api) => api.statusFamily !== undefined && api.parameters.length === 1 && paramKey(api, 0) === K);
    const frees = pick((api) => isVoid(api) && api.parameters.length === 1 && paramKey(api, 0) === K);
    const callbackIndexOf = (api: Api): number =>
      api.parameters.findIndex((p, i) => {
        const cb = types.byKey.get(p.type);
        return i > 0 && cb?.kind === 'callback' && cb.callback?.api.parameters[0]?.type === K;
      });
    const registers = pick((api) => api.statusFamily !== undefined && paramKey(api, 0) === K && callbackIndexOf(api) > 0);
    const groups = (api: Api) => new Set(api.groups);
    for (const create of creates) {
      const g = groups(create.a.api);
      const together = (x: { a: PlannedApi }) => g.size === 0 || x.a.api.groups.length === 0 || x.a.api.groups.some((n) => g.has(n));
      const register = registers.find(together);
      const status = statuses.find(together);
      const free = frees.find(together);
      if (!register || !status || !free) continue;
      const roles = new Set([create.a, register.a, status.a, free.a]);
      const starts = pick((api) => api.statusFamily !== undefined && paramKey(api, 0) === K).filter((x) => !roles.has(x.a)).map((x) => x.a);
      const headerSet = [...new Set([create.h, register.h, status.h, free.h])].sort((a, b) => compareStrings(a.module, b.module));
      const callbackIndex = callbackIndexOf(register.a.api);
      flows.push({ contextKey: K, create: create.a, register: register.a, callbackIndex, callbackKey: register.a.api.parameters[callbackIndex]!.type, status: status.a, free: free.a, starts, headers: headerSet });
      break;
    }
  }
  return flows;
}
