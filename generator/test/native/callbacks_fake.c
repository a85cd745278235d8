/*
 * callbacks_fake.c: native code that uses callback types of the docs in docs/, for the loader's
 * `callbacks` tests (test/loader-callbacks.test.ts). Built with `cc -shared -fPIC`; its exports are
 * test helpers, not Windows APIs, and are bound by the test with koffi directly.
 *
 * - `fake_notify` calls an SspiAsyncNotifyCallback it is given, as an asynchronous SSPI call does on
 *   completion: native code calling a function the caller registered.
 * - `fake_lsa_table` returns a function table in the shape of the LSA dispatch table (which hands an
 *   authentication package pointers to LSA functions, not exports): its DeleteLogonSession entry is an
 *   LSA_DELETE_LOGON_SESSION the caller can only reach through the pointer. Sessions come from its
 *   CreateLogonSession entry; deleting one returns STATUS_SUCCESS once and
 *   STATUS_NO_SUCH_LOGON_SESSION (0xC000005F, high bit set) after that or for an unknown id.
 * - `fake_delete_through` calls an LSA_DELETE_LOGON_SESSION pointer with a LUID it builds: native
 *   code passing a structure pointer to a function the caller registered.
 */
#include <stdint.h>
#include <stddef.h>

#if defined(_WIN32)
#define EXPORT __declspec(dllexport)
#else
#define EXPORT __attribute__((visibility("default")))
#endif

typedef int32_t LONG;
typedef LONG NTSTATUS;
typedef uint32_t DWORD;

typedef struct _LUID {
  DWORD LowPart;
  LONG HighPart;
} LUID, *PLUID;

typedef struct _SspiAsyncContext SspiAsyncContext;
typedef void (*SspiAsyncNotifyCallback)(SspiAsyncContext *Handle, void *CallbackData);
typedef NTSTATUS (*LSA_DELETE_LOGON_SESSION)(PLUID LogonId);
typedef NTSTATUS (*FAKE_CREATE_LOGON_SESSION)(PLUID LogonId);

#define STATUS_SUCCESS ((NTSTATUS)0x00000000)
#define STATUS_NO_SUCH_LOGON_SESSION ((NTSTATUS)0xC000005F)
#define MAX_SESSIONS 32

typedef struct _FAKE_LSA_TABLE {
  FAKE_CREATE_LOGON_SESSION CreateLogonSession;
  LSA_DELETE_LOGON_SESSION DeleteLogonSession;
} FAKE_LSA_TABLE;

static int sessions[MAX_SESSIONS];
static int next_session = 0;

/** Issues a new logon session id (0x3000 + n) into *LogonId. */
static NTSTATUS create_logon_session(PLUID LogonId) {
  if (LogonId == NULL || next_session >= MAX_SESSIONS) return STATUS_NO_SUCH_LOGON_SESSION;
  sessions[next_session] = 1;
  LogonId->LowPart = (DWORD)(0x3000 + next_session);
  LogonId->HighPart = 0;
  next_session++;
  return STATUS_SUCCESS;
}

static NTSTATUS delete_logon_session(PLUID LogonId) {
  if (LogonId == NULL || LogonId->HighPart != 0 || LogonId->LowPart < 0x3000) return STATUS_NO_SUCH_LOGON_SESSION;
  DWORD slot = LogonId->LowPart - 0x3000;
  if (slot >= (DWORD)next_session || !sessions[slot]) return STATUS_NO_SUCH_LOGON_SESSION;
  sessions[slot] = 0;
  return STATUS_SUCCESS;
}

static const FAKE_LSA_TABLE table = { create_logon_session, delete_logon_session };

EXPORT const FAKE_LSA_TABLE *fake_lsa_table(void) { return &table; }

/** Calls Callback(Context, Data) once, as a completed asynchronous call does; returns 1, or 0 for a NULL callback. */
EXPORT int fake_notify(SspiAsyncNotifyCallback Callback, SspiAsyncContext *Context, void *Data) {
  if (Callback == NULL) return 0;
  Callback(Context, Data);
  return 1;
}

/** Calls Delete with the LUID { LowPart, HighPart } and returns its status. */
EXPORT NTSTATUS fake_delete_through(LSA_DELETE_LOGON_SESSION Delete, DWORD LowPart, LONG HighPart) {
  LUID id = { LowPart, HighPart };
  return Delete(&id);
}
