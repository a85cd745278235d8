/*
 * sspi_fake.c: a small native library that exports some documented SSPI/LSA functions with their
 * documented signatures and behaves as the docs in docs/ say. Built by the FFI test with
 * `gcc -shared -fPIC`, loaded through the generated koffi loader (`libraryPath`), and meant to be
 * reused by the conformance suite as a native implementation.
 *
 * Types follow the Windows ABI on LP64 hosts: LONG/NTSTATUS/SECURITY_STATUS are 32-bit signed
 * (int32_t, never C long), ULONG_PTR is uintptr_t, handles are two ULONG_PTRs.
 *
 * Behaviour (single-threaded, deterministic; no threads):
 *
 * - Security contexts live in a handle table. `fake_new_context(&h)` issues a handle
 *   { dwLower = slot + 1, dwUpper = FAKE_MAGIC }. DeleteSecurityContext:
 *     live handle                    -> SEC_E_OK, the handle becomes deleted (no longer valid);
 *     handle this library deleted    -> SEC_E_OK ("If the function succeeds or the handle has
 *                                       already been deleted, the return value is SEC_E_OK.");
 *     NULL or never issued           -> SEC_E_INVALID_HANDLE (0x80090301, high bit set).
 *   The docs also say that after deletion "the handle is no longer valid". The fake reconciles the
 *   two statements the only way both can hold: a deleted handle is no longer a live context (see
 *   fake_context_state), yet deleting it again is the documented no-op that returns SEC_E_OK. A
 *   handle the library never issued is invalid, not "already deleted".
 * - Asynchronous contexts are tracked in a registry, so a pointer that was never created (or was
 *   freed) is rejected with SEC_E_INVALID_HANDLE instead of being dereferenced.
 *   SspiDeleteSecurityContextAsync queues the deletion and returns SEC_E_OK ("successfully queued");
 *   until it completes, SspiGetAsyncCallStatus returns SEC_I_ASYNC_CALL_PENDING. Completion happens
 *   only in `fake_complete_pending()`, which performs each queued deletion, stores its status and
 *   then calls the registered SspiAsyncNotifyCallback (on the caller's thread, after the status is
 *   readable). A queued deletion follows the synchronous rules above with one difference: the handle
 *   must still be live. "After the security context is successfully deleted, further use of that
 *   security context is not permitted" and only DeleteSecurityContext documents the already-deleted
 *   no-op, so an asynchronous deletion of a deleted handle completes with SEC_E_INVALID_HANDLE.
 *
 *   Who drives completion: a real SSPI completes queued calls on its own, later, and then calls the
 *   callback; nobody polls it into completing. The fake has no threads, so its caller plays that
 *   part by calling `fake_complete_pending()` from its event loop: the FFI tests call it at chosen
 *   points, and the conformance harness (test/reference/ffi-harness.ts) calls it from a 1 ms interval
 *   timer while the generated suite runs. Completion therefore never interleaves with a call into
 *   the library (deterministic: it happens only between JavaScript turns), a poll made right after
 *   queueing still sees SEC_I_ASYNC_CALL_PENDING, and a callback fires even when nobody polls (the
 *   suite's callback case only waits). Completing on the Nth SspiGetAsyncCallStatus poll instead
 *   would never fire a callback that nobody polls for, which the docs do not require of callers.
 * - LSA_DELETE_LOGON_SESSION (exported under its callback type's name, so the loader binds it from
 *   an explicit library): STATUS_SUCCESS for a session from `fake_new_logon_session`,
 *   STATUS_NO_SUCH_LOGON_SESSION (0xC000005F) otherwise (including a second deletion).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
#define EXPORT __declspec(dllexport)
#else
#define EXPORT __attribute__((visibility("default")))
#endif

typedef int32_t LONG;
typedef LONG SECURITY_STATUS;
typedef LONG NTSTATUS;
typedef uint32_t DWORD;
typedef uintptr_t ULONG_PTR;

typedef struct _SecHandle {
  ULONG_PTR dwLower;
  ULONG_PTR dwUpper;
} SecHandle, CtxtHandle, *PCtxtHandle;

typedef struct _LUID {
  DWORD LowPart;
  LONG HighPart;
} LUID, *PLUID;

typedef struct _SspiAsyncContext SspiAsyncContext;
typedef void (*SspiAsyncNotifyCallback)(SspiAsyncContext *Handle, void *CallbackData);

#define SEC_E_OK ((SECURITY_STATUS)0x00000000)
#define SEC_I_ASYNC_CALL_PENDING ((SECURITY_STATUS)0x00090368)
#define SEC_E_INVALID_HANDLE ((SECURITY_STATUS)0x80090301)
#define STATUS_SUCCESS ((NTSTATUS)0x00000000)
#define STATUS_NO_SUCH_LOGON_SESSION ((NTSTATUS)0xC000005F)

#define FAKE_MAGIC ((ULONG_PTR)0x5350494655ull) /* "SPIFU" */
#define MAX_CONTEXTS 256
#define MAX_ASYNC 64
#define MAX_SESSIONS 64

enum { CONTEXT_UNUSED = 0, CONTEXT_LIVE = 1, CONTEXT_DELETED = 2 };

static int contexts[MAX_CONTEXTS];
static int next_context = 0;

struct _SspiAsyncContext {
  int pending;
  SECURITY_STATUS status;
  SspiAsyncNotifyCallback callback;
  void *callback_data;
  int has_target;
  CtxtHandle target;
};

static SspiAsyncContext *async_contexts[MAX_ASYNC];

static int sessions[MAX_SESSIONS];
static int next_session = 0;

/* ---- helpers for tests (not Windows APIs) ---------------------------------------------- */

/** Issues a new live security context handle into *out; returns 0 on success, -1 when full. */
EXPORT int fake_new_context(PCtxtHandle out) {
  if (out == NULL || next_context >= MAX_CONTEXTS) return -1;
  contexts[next_context] = CONTEXT_LIVE;
  out->dwLower = (ULONG_PTR)(next_context + 1);
  out->dwUpper = FAKE_MAGIC;
  next_context++;
  return 0;
}

static int context_slot(const CtxtHandle *h) {
  if (h == NULL || h->dwUpper != FAKE_MAGIC || h->dwLower < 1 || h->dwLower > (ULONG_PTR)next_context) return -1;
  return (int)(h->dwLower - 1);
}

/** 0: never issued by this library, 1: live, 2: deleted (no longer valid). */
EXPORT int fake_context_state(const CtxtHandle *h) {
  int slot = context_slot(h);
  return slot < 0 ? CONTEXT_UNUSED : contexts[slot];
}

/** Issues a new logon session id into *out; returns 0 on success, -1 when full. */
EXPORT int fake_new_logon_session(PLUID out) {
  if (out == NULL || next_session >= MAX_SESSIONS) return -1;
  sessions[next_session] = 1;
  out->LowPart = (DWORD)(0x1000 + next_session);
  out->HighPart = 0;
  next_session++;
  return 0;
}

static int async_slot(const SspiAsyncContext *ctx) {
  if (ctx == NULL) return -1;
  for (int i = 0; i < MAX_ASYNC; i++)
    if (async_contexts[i] == ctx) return i;
  return -1;
}

/* ---- documented functions ------------------------------------------------------------------ */

EXPORT SECURITY_STATUS DeleteSecurityContext(PCtxtHandle phContext) {
  int slot = context_slot(phContext);
  if (slot < 0 || contexts[slot] == CONTEXT_UNUSED) return SEC_E_INVALID_HANDLE;
  contexts[slot] = CONTEXT_DELETED; /* live -> deleted; deleted stays deleted */
  return SEC_E_OK;
}

EXPORT SspiAsyncContext *SspiCreateAsyncContext(void) {
  for (int i = 0; i < MAX_ASYNC; i++) {
    if (async_contexts[i] == NULL) {
      SspiAsyncContext *ctx = (SspiAsyncContext *)calloc(1, sizeof(SspiAsyncContext));
      if (ctx == NULL) return NULL;
      ctx->status = SEC_E_OK;
      async_contexts[i] = ctx;
      return ctx;
    }
  }
  return NULL; /* "NULL when there is not enough memory to create one" */
}

EXPORT void SspiFreeAsyncContext(SspiAsyncContext *Handle) {
  int slot = async_slot(Handle);
  if (slot < 0) return; /* "NULL is allowed and does nothing" (and so is an unknown pointer) */
  free(async_contexts[slot]);
  async_contexts[slot] = NULL;
}

EXPORT SECURITY_STATUS SspiSetAsyncNotifyCallback(SspiAsyncContext *Context, SspiAsyncNotifyCallback Callback, void *CallbackData) {
  if (async_slot(Context) < 0) return SEC_E_INVALID_HANDLE;
  Context->callback = Callback; /* NULL removes the registration */
  Context->callback_data = CallbackData;
  return SEC_E_OK;
}

EXPORT SECURITY_STATUS SspiGetAsyncCallStatus(SspiAsyncContext *Handle) {
  if (async_slot(Handle) < 0) return SEC_E_INVALID_HANDLE;
  return Handle->pending ? SEC_I_ASYNC_CALL_PENDING : Handle->status;
}

EXPORT SECURITY_STATUS SspiDeleteSecurityContextAsync(SspiAsyncContext *AsyncContext, PCtxtHandle phContext) {
  if (async_slot(AsyncContext) < 0) return SEC_E_INVALID_HANDLE; /* could not queue it */
  AsyncContext->pending = 1;
  AsyncContext->has_target = phContext != NULL;
  if (phContext != NULL) AsyncContext->target = *phContext;
  return SEC_E_OK; /* queued */
}

/** Completes every queued call: performs it, stores its status, then calls its callback. Returns how many completed. */
EXPORT int fake_complete_pending(void) {
  int completed = 0;
  for (int i = 0; i < MAX_ASYNC; i++) {
    SspiAsyncContext *ctx = async_contexts[i];
    if (ctx == NULL || !ctx->pending) continue;
    ctx->status = fake_context_state(ctx->has_target ? &ctx->target : NULL) == CONTEXT_LIVE ? DeleteSecurityContext(&ctx->target) : SEC_E_INVALID_HANDLE;
    ctx->pending = 0;
    completed++;
    if (ctx->callback != NULL) ctx->callback(ctx, ctx->callback_data); /* may free ctx */
  }
  return completed;
}

/** LSA_DELETE_LOGON_SESSION: NTSTATUS (PLUID LogonId). */
EXPORT NTSTATUS LSA_DELETE_LOGON_SESSION(PLUID LogonId) {
  if (LogonId == NULL || LogonId->HighPart != 0 || LogonId->LowPart < 0x1000) return STATUS_NO_SUCH_LOGON_SESSION;
  DWORD slot = LogonId->LowPart - 0x1000;
  if (slot >= (DWORD)next_session || !sessions[slot]) return STATUS_NO_SUCH_LOGON_SESSION;
  sessions[slot] = 0;
  return STATUS_SUCCESS;
}
