/**
 * A hand-written reference implementation of the seed APIs, written from the docs (not from the
 * generated code): an in-memory SSPI security-context handle table with asynchronous call contexts,
 * and an LSA logon-session table. It passes the whole generated conformance suite; each mutant
 * (`MUTANTS`) breaks exactly one documented rule and must be caught by at least one case.
 *
 * Status values are the documented ones, written out here as an independent implementer would.
 */
export const SEC_E_OK = 0x00000000;
export const SEC_E_INVALID_HANDLE = 0x80090301;
export const SEC_E_INTERNAL_ERROR = 0x80090304; // documented nowhere in the seed docs for these APIs
export const SEC_I_ASYNC_CALL_PENDING = 0x00090368;
export const STATUS_SUCCESS = 0x00000000;
export const STATUS_NO_SUCH_LOGON_SESSION = 0xc000005f;

/** Each mutant breaks one documented rule. */
export const MUTANTS = {
  'delete-twice-errors': 'deleting a security context twice returns SEC_E_INVALID_HANDLE instead of SEC_E_OK',
  'invalid-handle-succeeds': 'DeleteSecurityContext returns SEC_E_OK for a handle that was never issued',
  'async-never-completes': 'SspiGetAsyncCallStatus reports SEC_I_ASYNC_CALL_PENDING forever',
  'undocumented-status': 'DeleteSecurityContext returns SEC_E_INTERNAL_ERROR, a code its docs do not list, for an invalid handle',
  'deleted-handle-accepted': 'DeleteSecurityContext does not invalidate the handle: later calls still accept it',
  'callback-never-fires': 'the completion callback registered with SspiSetAsyncNotifyCallback is never called',
  'wrong-status-type': 'LSA_DELETE_LOGON_SESSION (NTSTATUS) returns the SECURITY_STATUS SEC_E_INVALID_HANDLE for an unknown session',
  'status-not-a-number': 'SspiSetAsyncNotifyCallback returns the string "SEC_E_OK" instead of a status value',
  'callback-wrong-data': 'the completion callback receives NULL instead of the CallbackData given to SspiSetAsyncNotifyCallback',
  'callback-wrong-context': 'the completion callback receives NULL instead of the context of the call that completed',
  'callback-fires-twice': 'the completion callback is called twice for one completed call',
  'callback-after-null': 'SspiSetAsyncNotifyCallback ignores a NULL callback: the callback registered before it still fires',
  'create-returns-null': 'SspiCreateAsyncContext returns NULL although memory is plentiful',
  'needs-a-callback': 'an asynchronous call on a context with no callback registered never completes (the docs let callers opt out of the notification)',
} as const;
export type Mutant = keyof typeof MUTANTS;

export interface SecHandle {
  dwLower: number;
  dwUpper: number;
}
export interface Luid {
  LowPart: number;
  HighPart: number;
}

type Callback = (handle: unknown, data: unknown) => void;
interface AsyncContext {
  status: number;
  callback: Callback | null;
  data: unknown;
}

const MARK = 0x53535049; // 'SSPI'

export class ReferenceSspi {
  private readonly contexts = new Map<number, 'live' | 'deleted'>();
  private readonly asyncContexts = new Set<AsyncContext>();
  private next = 1;

  constructor(private readonly mutant?: Mutant) {}

  /** Test-only: a new live security context (what InitializeSecurityContext would create). */
  newContext(): SecHandle {
    const id = this.next++;
    this.contexts.set(id, 'live');
    return { dwLower: id, dwUpper: MARK };
  }

  private lookup(ph: unknown): number | undefined {
    const h = ph as Partial<SecHandle> | null;
    if (!h || typeof h !== 'object' || h.dwUpper !== MARK || typeof h.dwLower !== 'number') return undefined;
    return this.contexts.has(h.dwLower) ? h.dwLower : undefined;
  }

  private deleteNow(ph: unknown, sync: boolean): number {
    const id = this.lookup(ph);
    if (id === undefined) {
      if (this.mutant === 'invalid-handle-succeeds' && sync) return SEC_E_OK;
      if (this.mutant === 'undocumented-status' && sync) return SEC_E_INTERNAL_ERROR;
      return SEC_E_INVALID_HANDLE;
    }
    if (this.contexts.get(id) === 'deleted') {
      // Documented: DeleteSecurityContext returns SEC_E_OK for a handle already deleted; any other
      // use of a deleted handle is not permitted.
      if (!sync) return SEC_E_INVALID_HANDLE;
      return this.mutant === 'delete-twice-errors' ? SEC_E_INVALID_HANDLE : SEC_E_OK;
    }
    if (this.mutant !== 'deleted-handle-accepted') this.contexts.set(id, 'deleted');
    return SEC_E_OK;
  }

  DeleteSecurityContext(phContext: unknown): number {
    return this.deleteNow(phContext, true);
  }

  SspiAsyncNotifyCallback(_handle: unknown, _data: unknown): void {
    // A callback type: implemented by the caller, never by SSPI.
  }

  SspiCreateAsyncContext(): unknown {
    if (this.mutant === 'create-returns-null') return null;
    const ctx: AsyncContext = { status: SEC_E_OK, callback: null, data: null };
    this.asyncContexts.add(ctx);
    return ctx;
  }

  SspiFreeAsyncContext(handle: unknown): void {
    if (handle === null || handle === undefined) return;
    this.asyncContexts.delete(handle as AsyncContext);
  }

  SspiSetAsyncNotifyCallback(context: unknown, callback: unknown, callbackData: unknown): number | string {
    if (!this.asyncContexts.has(context as AsyncContext)) return SEC_E_INVALID_HANDLE;
    const ctx = context as AsyncContext;
    if (callback === null && this.mutant === 'callback-after-null') return SEC_E_OK;
    ctx.callback = typeof callback === 'function' ? (callback as Callback) : null;
    ctx.data = callbackData;
    return this.mutant === 'status-not-a-number' ? 'SEC_E_OK' : SEC_E_OK;
  }

  SspiGetAsyncCallStatus(handle: unknown): number {
    if (!this.asyncContexts.has(handle as AsyncContext)) return SEC_E_INVALID_HANDLE;
    return (handle as AsyncContext).status;
  }

  /** Calls the context's callback once, with the context and the registration's data (as documented). */
  private notify(ctx: AsyncContext): void {
    const callback = ctx.callback!;
    callback(this.mutant === 'callback-wrong-context' ? null : ctx, this.mutant === 'callback-wrong-data' ? null : ctx.data);
    if (this.mutant === 'callback-fires-twice') callback(ctx, ctx.data);
  }

  SspiDeleteSecurityContextAsync(asyncContext: unknown, phContext: unknown): number {
    if (!this.asyncContexts.has(asyncContext as AsyncContext)) return SEC_E_INVALID_HANDLE;
    const ctx = asyncContext as AsyncContext;
    ctx.status = SEC_I_ASYNC_CALL_PENDING;
    if (this.mutant === 'async-never-completes' || (this.mutant === 'needs-a-callback' && !ctx.callback)) return SEC_E_OK;
    setTimeout(() => {
      ctx.status = this.deleteNow(phContext, false);
      if (ctx.callback && this.mutant !== 'callback-never-fires') this.notify(ctx);
    }, 2);
    return SEC_E_OK;
  }
}

export class ReferenceLsa {
  private readonly sessions = new Set<string>();
  private next = 1000;

  constructor(private readonly mutant?: Mutant) {}

  /** Test-only: a new logon session (what the package creates while checking credentials). */
  newSession(): Luid {
    const luid = { LowPart: this.next++, HighPart: 0 };
    this.sessions.add(`${luid.HighPart}:${luid.LowPart}`);
    return luid;
  }

  LSA_DELETE_LOGON_SESSION(logonId: unknown): number {
    const l = logonId as Partial<Luid> | null;
    const key = l && typeof l === 'object' ? `${l.HighPart}:${l.LowPart}` : '';
    if (!this.sessions.has(key)) return this.mutant === 'wrong-status-type' ? SEC_E_INVALID_HANDLE : STATUS_NO_SUCH_LOGON_SESSION;
    this.sessions.delete(key);
    return STATUS_SUCCESS;
  }
}

/** The implementations and fixtures for `runConformance`. */
export function referenceSetup(mutant?: Mutant) {
  const sspi = new ReferenceSspi(mutant);
  const lsa = new ReferenceLsa(mutant);
  const fixtures = {
    CtxtHandle: { valid: () => sspi.newContext(), invalid: () => ({ dwLower: 0x7fff_ffff, dwUpper: 0x1234 }) },
    LUID: { valid: () => lsa.newSession(), missing: () => ({ LowPart: 0x7fff_fff0, HighPart: 0x7fff }) },
    SspiAsyncContext: { invalid: () => ({ notAContext: true }), valid: () => sspi.SspiCreateAsyncContext() },
  };
  return { impls: { sspi, ntsecpkg: lsa }, fixtures };
}
