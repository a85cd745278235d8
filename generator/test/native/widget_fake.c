/*
 * widget_fake.c: a native library exporting the widget.h functions of the doc-set fixture
 * test/fixtures/loader-last-error/docs with their documented signatures and failure returns, for the
 * loader's last-error tests (test/loader-callbacks.test.ts). Built with `cc -shared -fPIC`.
 *
 * A failing function sets the last error the way the docs say a caller reads it: SetLastError on
 * Windows, errno elsewhere (what the generated loader reads after the call). Codes are Win32 ones:
 * ERROR_FILE_NOT_FOUND 2, ERROR_ACCESS_DENIED 5, ERROR_INVALID_HANDLE 6, ERROR_INVALID_PARAMETER 87.
 *
 * - OpenWidget: "alpha" and "beta" open (a handle 0x1000 + n), "secret" fails with ERROR_ACCESS_DENIED,
 *   any other name with ERROR_FILE_NOT_FOUND; failure returns INVALID_HANDLE_VALUE.
 * - CloseWidget: TRUE for an open handle; FALSE with ERROR_INVALID_HANDLE otherwise (also twice).
 * - CountWidgets: the number of open widgets; (DWORD)-1 with ERROR_INVALID_PARAMETER when Flags is not 0.
 * - WidgetVersion: 3; it never touches the last error.
 * - CheckWidgetAccess: returns the Win32 code itself (the last error is not involved).
 * - VisitWidgets: calls the callback for each open widget with its owner (a LUID it may change,
 *   stored back) and a count it must fill; FALSE as soon as a callback returns FALSE (the last error is
 *   then what the callback set), TRUE otherwise.
 * - Test helpers (not in the docs): fake_widget_owner reads a widget's owner, fake_last_visits the
 *   count the last callback wrote, fake_native_visitor is a native WIDGET_VISIT_CALLBACK (for
 *   fromPointer) that moves the owner to LowPart + 1, writes 7 and, when Context is 1, fails with
 *   ERROR_ACCESS_DENIED.
 */
#include <stdint.h>
#include <stddef.h>
#include <errno.h>

#if defined(_WIN32)
#include <windows.h>
#define EXPORT __declspec(dllexport)
static void set_last_error(DWORD code) { SetLastError(code); }
#else
#define EXPORT __attribute__((visibility("default")))
typedef int32_t LONG;
typedef uint32_t DWORD;
typedef uint32_t ULONG;
typedef int32_t BOOL;
typedef void *HANDLE;
typedef struct _LUID {
  DWORD LowPart;
  LONG HighPart;
} LUID, *PLUID;
#define TRUE 1
#define FALSE 0
#define INVALID_HANDLE_VALUE ((HANDLE)(intptr_t)-1)
static void set_last_error(DWORD code) { errno = (int)code; }
#endif

typedef BOOL (*WIDGET_VISIT_CALLBACK)(PLUID Owner, ULONG *Visits, void *Context);

#define ERROR_FILE_NOT_FOUND 2
#define ERROR_ACCESS_DENIED 5
#define ERROR_INVALID_HANDLE 6
#define ERROR_INVALID_PARAMETER 87
#define MAX_WIDGETS 16

static int open_widgets[MAX_WIDGETS];
static LUID owners[MAX_WIDGETS];
static int next_widget = 0;
static ULONG last_visits = 0;

static int same_name(const uint16_t *name, const char *ascii) {
  if (name == NULL) return 0;
  size_t i = 0;
  for (; ascii[i] != '\0'; i++)
    if (name[i] != (uint16_t)ascii[i]) return 0;
  return name[i] == 0;
}

static int widget_slot(HANDLE h) {
  intptr_t v = (intptr_t)h - 0x1000;
  return v >= 0 && v < next_widget && open_widgets[v] ? (int)v : -1;
}

EXPORT HANDLE OpenWidget(const uint16_t *Name, DWORD Flags) {
  if (same_name(Name, "secret")) {
    set_last_error(ERROR_ACCESS_DENIED);
    return INVALID_HANDLE_VALUE;
  }
  if (Flags != 0 || !(same_name(Name, "alpha") || same_name(Name, "beta")) || next_widget >= MAX_WIDGETS) {
    set_last_error(ERROR_FILE_NOT_FOUND);
    return INVALID_HANDLE_VALUE;
  }
  open_widgets[next_widget] = 1;
  owners[next_widget].LowPart = (DWORD)(0x100 + next_widget);
  owners[next_widget].HighPart = 0;
  return (HANDLE)(intptr_t)(0x1000 + next_widget++);
}

EXPORT BOOL CloseWidget(HANDLE Widget) {
  int slot = widget_slot(Widget);
  if (slot < 0) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  open_widgets[slot] = 0;
  return TRUE;
}

EXPORT DWORD CountWidgets(DWORD Flags) {
  if (Flags != 0) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return (DWORD)-1;
  }
  DWORD n = 0;
  for (int i = 0; i < next_widget; i++) n += open_widgets[i] ? 1 : 0;
  return n;
}

EXPORT DWORD WidgetVersion(void) { return 3; }

EXPORT DWORD CheckWidgetAccess(const uint16_t *Name) {
  if (same_name(Name, "secret")) return ERROR_ACCESS_DENIED;
  return same_name(Name, "alpha") || same_name(Name, "beta") ? 0 : ERROR_FILE_NOT_FOUND;
}

EXPORT BOOL VisitWidgets(WIDGET_VISIT_CALLBACK Callback, void *Context) {
  if (Callback == NULL) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  for (int i = 0; i < next_widget; i++) {
    if (!open_widgets[i]) continue;
    ULONG visits = 0;
    BOOL go = Callback(&owners[i], &visits, Context);
    last_visits = visits;
    if (!go) return FALSE; /* the callback set the last error */
  }
  return TRUE;
}

EXPORT int fake_widget_owner(HANDLE Widget, PLUID Out) {
  int slot = widget_slot(Widget);
  if (slot < 0 || Out == NULL) return -1;
  *Out = owners[slot];
  return 0;
}

EXPORT ULONG fake_last_visits(void) { return last_visits; }

static BOOL native_visitor(PLUID Owner, ULONG *Visits, void *Context) {
  if (Owner != NULL) Owner->LowPart += 1;
  if (Visits != NULL) *Visits = 7;
  if (Context == (void *)1) {
    set_last_error(ERROR_ACCESS_DENIED);
    return FALSE;
  }
  return TRUE;
}

EXPORT WIDGET_VISIT_CALLBACK fake_native_visitor(void) { return native_visitor; }
