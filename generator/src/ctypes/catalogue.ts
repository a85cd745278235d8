/**
 * A built-in catalogue of well-known Windows types and their facts on 64-bit Windows
 * (LLP64: `LONG`/`ULONG` are 32-bit, pointers and `*_PTR` integers 64-bit).
 *
 * The facts are the public definitions of the Windows SDK headers (basetsd.h, windef.h,
 * winnt.h, sspi.h, ntsecapi.h), written out here so that a page that uses `PCtxtHandle`
 * without defining it can still be bound correctly. Everything the catalogue answers is
 * marked `resolution: 'catalogue'` by the resolver, so it is never mistaken for the docs.
 */
import type { TypeInfo } from '../model/spec.js';

export type TypeCategory = TypeInfo['category'];

export interface CatalogueField {
  name: string;
  type: string;
}

export interface CatalogueEntry {
  name: string;
  category: TypeCategory;
  /** Bytes on 64-bit Windows; absent for `void` and opaque structs. */
  size?: number;
  signed?: boolean;
  /** For pointers: the pointed-to type (a catalogue name or a C type such as `const char`). */
  pointee?: string;
  /** The type this one is a typedef of. */
  alias?: string;
  /** For structs: the fields in order. */
  fields?: CatalogueField[];
  note?: string;
}

export interface CatalogueHit extends CatalogueEntry {
  /** True when the entry was derived by the `P`/`LP` naming rule rather than listed. */
  derived: boolean;
}

const entries = new Map<string, CatalogueEntry>();

function add(entry: CatalogueEntry): void {
  entries.set(entry.name, entry);
}

function integer(name: string, size: number, signed: boolean, alias?: string, note?: string): void {
  add({ name, category: 'integer', size, signed, ...(alias ? { alias } : {}), ...(note ? { note } : {}) });
}

/** Pointer typedefs that the headers actually declare (`PULONG`, `LPDWORD`), listed by base type. */
function pointers(base: string, names: string[], constPointee = false): void {
  for (const name of names) add({ name, category: 'pointer', size: 8, pointee: constPointee ? `const ${base}` : base });
}

// ---- C built-in types, as MSVC defines them on x64 --------------------------------------
integer('char', 1, true);
integer('signed char', 1, true);
integer('unsigned char', 1, false);
integer('short', 2, true);
integer('short int', 2, true);
integer('signed short', 2, true);
integer('unsigned short', 2, false);
integer('unsigned short int', 2, false);
integer('int', 4, true);
integer('signed', 4, true);
integer('signed int', 4, true);
integer('unsigned', 4, false);
integer('unsigned int', 4, false);
integer('long', 4, true, undefined, 'C long is 32-bit on Windows (LLP64) but 64-bit on Linux/macOS; never bind it as koffi `long`.');
integer('long int', 4, true);
integer('signed long', 4, true);
integer('unsigned long', 4, false, undefined, 'C unsigned long is 32-bit on Windows (LLP64).');
integer('unsigned long int', 4, false);
integer('long long', 8, true);
integer('unsigned long long', 8, false);
integer('__int8', 1, true);
integer('unsigned __int8', 1, false);
integer('__int16', 2, true);
integer('unsigned __int16', 2, false);
integer('__int32', 4, true);
integer('unsigned __int32', 4, false);
integer('__int64', 8, true);
integer('unsigned __int64', 8, false);
integer('wchar_t', 2, false, undefined, 'UTF-16 code unit on Windows.');
integer('size_t', 8, false);
integer('int8_t', 1, true);
integer('uint8_t', 1, false);
integer('int16_t', 2, true);
integer('uint16_t', 2, false);
integer('int32_t', 4, true);
integer('uint32_t', 4, false);
integer('int64_t', 8, true);
integer('uint64_t', 8, false);
add({ name: 'bool', category: 'bool', size: 1, signed: false });
add({ name: 'float', category: 'float', size: 4, signed: true });
add({ name: 'double', category: 'float', size: 8, signed: true });
add({ name: 'void', category: 'void' });

// ---- Windows integer typedefs ------------------------------------------------------------
integer('BYTE', 1, false, 'unsigned char');
integer('UCHAR', 1, false, 'unsigned char');
integer('CHAR', 1, true, 'char');
integer('CCHAR', 1, true, 'char');
integer('INT8', 1, true, 'signed char');
integer('UINT8', 1, false, 'unsigned char');
integer('SHORT', 2, true, 'short');
integer('USHORT', 2, false, 'unsigned short');
integer('WORD', 2, false, 'unsigned short');
integer('INT16', 2, true, 'short');
integer('UINT16', 2, false, 'unsigned short');
integer('WCHAR', 2, false, 'wchar_t', 'UTF-16 code unit.');
integer('INT', 4, true, 'int');
integer('UINT', 4, false, 'unsigned int');
integer('INT32', 4, true, 'int');
integer('UINT32', 4, false, 'unsigned int');
integer('LONG', 4, true, 'long', 'Windows LONG is 32-bit everywhere.');
integer('ULONG', 4, false, 'unsigned long', 'Windows ULONG is 32-bit everywhere.');
integer('DWORD', 4, false, 'unsigned long');
integer('LONG32', 4, true, 'int');
integer('ULONG32', 4, false, 'unsigned int');
integer('DWORD32', 4, false, 'unsigned int');
integer('LCID', 4, false, 'DWORD');
integer('ACCESS_MASK', 4, false, 'DWORD');
integer('LONG64', 8, true, '__int64');
integer('ULONG64', 8, false, 'unsigned __int64');
integer('DWORD64', 8, false, 'unsigned __int64');
integer('INT64', 8, true, '__int64');
integer('UINT64', 8, false, 'unsigned __int64');
integer('LONGLONG', 8, true, '__int64');
integer('ULONGLONG', 8, false, 'unsigned __int64');
integer('DWORDLONG', 8, false, 'unsigned __int64');
integer('USN', 8, true, 'LONGLONG');
// Pointer-sized integers: 8 bytes on 64-bit Windows, 4 on 32-bit.
integer('INT_PTR', 8, true, '__int64', 'Pointer-sized.');
integer('UINT_PTR', 8, false, 'unsigned __int64', 'Pointer-sized.');
integer('LONG_PTR', 8, true, '__int64', 'Pointer-sized.');
integer('ULONG_PTR', 8, false, 'unsigned __int64', 'Pointer-sized.');
integer('DWORD_PTR', 8, false, 'ULONG_PTR', 'Pointer-sized.');
integer('SIZE_T', 8, false, 'ULONG_PTR', 'Pointer-sized.');
integer('SSIZE_T', 8, true, 'LONG_PTR', 'Pointer-sized.');
integer('WPARAM', 8, false, 'UINT_PTR', 'Pointer-sized.');
integer('LPARAM', 8, true, 'LONG_PTR', 'Pointer-sized.');
integer('LRESULT', 8, true, 'LONG_PTR', 'Pointer-sized.');
integer('KAFFINITY', 8, false, 'ULONG_PTR', 'Pointer-sized.');

// ---- Booleans, floats, characters ----------------------------------------------------------
add({ name: 'BOOL', category: 'bool', size: 4, signed: true, alias: 'int', note: 'Win32 BOOL: a 32-bit int, nonzero is true.' });
add({ name: 'BOOLEAN', category: 'bool', size: 1, signed: false, alias: 'BYTE', note: 'A byte, TRUE (1) or FALSE (0).' });
add({ name: 'FLOAT', category: 'float', size: 4, signed: true, alias: 'float' });
add({ name: 'DOUBLE', category: 'float', size: 8, signed: true, alias: 'double' });
integer('TCHAR', 2, false, 'WCHAR', 'TCHAR is WCHAR in Unicode builds (the default); CHAR otherwise.');
integer('TBYTE', 2, false, 'WCHAR', 'TBYTE is WCHAR in Unicode builds.');
integer('SEC_WCHAR', 2, false, 'WCHAR');
integer('SEC_CHAR', 1, true, 'CHAR');

// ---- Status types --------------------------------------------------------------------------
add({ name: 'HRESULT', category: 'status', size: 4, signed: true, alias: 'LONG' });
add({ name: 'NTSTATUS', category: 'status', size: 4, signed: true, alias: 'LONG' });
add({ name: 'SECURITY_STATUS', category: 'status', size: 4, signed: true, alias: 'LONG', note: 'SECURITY_STATUS values are HRESULTs.' });

// ---- void and pointers to void -------------------------------------------------------------
add({ name: 'VOID', category: 'void', alias: 'void' });
pointers('void', ['PVOID', 'LPVOID', 'PVOID64']);
pointers('void', ['LPCVOID', 'PCVOID'], true);

// ---- Handles: opaque pointer-sized values --------------------------------------------------
const HANDLES = [
  'HANDLE', 'HMODULE', 'HINSTANCE', 'HWND', 'HKEY', 'HDC', 'HICON', 'HMENU', 'HBITMAP', 'HBRUSH', 'HFONT',
  'HGLOBAL', 'HLOCAL', 'HRSRC', 'HCURSOR', 'HPEN', 'HRGN', 'HPALETTE', 'HMONITOR', 'HDESK', 'HWINSTA',
  'HCRYPTPROV', 'HCRYPTKEY', 'HCRYPTHASH', 'HCERTSTORE', 'NCRYPT_HANDLE', 'NCRYPT_PROV_HANDLE', 'NCRYPT_KEY_HANDLE',
  'BCRYPT_HANDLE', 'BCRYPT_ALG_HANDLE', 'BCRYPT_KEY_HANDLE', 'HCATADMIN', 'LSA_HANDLE', 'SC_HANDLE',
  'HDEVINFO', 'HCERTCHAINENGINE', 'HKL', 'HHOOK', 'HACCEL',
];
for (const name of HANDLES) {
  // SCARDCONTEXT/SCARDHANDLE are ULONG_PTR in winscard.h; the others are pointers. Both are 8 bytes.
  add({ name, category: 'handle', size: 8, ...(name === 'HANDLE' ? { pointee: 'void' } : { alias: 'HANDLE' }) });
}
add({ name: 'SCARDCONTEXT', category: 'handle', size: 8, alias: 'ULONG_PTR' });
add({ name: 'SCARDHANDLE', category: 'handle', size: 8, alias: 'ULONG_PTR' });
pointers('HANDLE', ['PHANDLE', 'LPHANDLE']);
pointers('HKEY', ['PHKEY']);
add({ name: 'PSID', category: 'pointer', size: 8, pointee: 'void', note: 'Pointer to an opaque, variable-length SID.' });

// ---- Strings ----------------------------------------------------------------------------------
function string(name: string, pointee: string, note?: string): void {
  add({ name, category: 'string', size: 8, pointee, ...(note ? { note } : {}) });
}
string('LPSTR', 'CHAR');
string('PSTR', 'CHAR');
string('NPSTR', 'CHAR');
string('LPCSTR', 'const CHAR');
string('PCSTR', 'const CHAR');
string('LPWSTR', 'WCHAR');
string('PWSTR', 'WCHAR');
string('NWPSTR', 'WCHAR');
string('LPCWSTR', 'const WCHAR');
string('PCWSTR', 'const WCHAR');
string('LPTSTR', 'TCHAR', 'LPWSTR in Unicode builds.');
string('PTSTR', 'TCHAR', 'PWSTR in Unicode builds.');
string('LPCTSTR', 'const TCHAR', 'LPCWSTR in Unicode builds.');
string('PCTSTR', 'const TCHAR', 'PCWSTR in Unicode builds.');
string('BSTR', 'OLECHAR', 'Length-prefixed UTF-16 string allocated by SysAllocString.');
integer('OLECHAR', 2, false, 'WCHAR');
string('char *', 'char');
string('const char *', 'const char');
string('wchar_t *', 'wchar_t');
string('const wchar_t *', 'const wchar_t');
string('SEC_CHAR *', 'SEC_CHAR');
string('SEC_WCHAR *', 'SEC_WCHAR');
string('const SEC_CHAR *', 'const SEC_CHAR');
string('const SEC_WCHAR *', 'const SEC_WCHAR');

// Counted strings (ntdef.h / ntsecapi.h): Length and MaximumLength in bytes, then the buffer.
add({
  name: 'UNICODE_STRING',
  category: 'struct',
  size: 16,
  fields: [
    { name: 'Length', type: 'USHORT' },
    { name: 'MaximumLength', type: 'USHORT' },
    { name: 'Buffer', type: 'PWSTR' },
  ],
});
pointers('UNICODE_STRING', ['PUNICODE_STRING']);
pointers('UNICODE_STRING', ['PCUNICODE_STRING'], true);
add({ name: 'LSA_UNICODE_STRING', category: 'struct', size: 16, alias: 'UNICODE_STRING' });
pointers('LSA_UNICODE_STRING', ['PLSA_UNICODE_STRING']);
add({ name: 'SECURITY_STRING', category: 'struct', size: 16, alias: 'UNICODE_STRING' });
pointers('SECURITY_STRING', ['PSECURITY_STRING']);
add({
  name: 'STRING',
  category: 'struct',
  size: 16,
  fields: [
    { name: 'Length', type: 'USHORT' },
    { name: 'MaximumLength', type: 'USHORT' },
    { name: 'Buffer', type: 'PCHAR' },
  ],
});
pointers('STRING', ['PSTRING']);
add({ name: 'ANSI_STRING', category: 'struct', size: 16, alias: 'STRING' });
pointers('ANSI_STRING', ['PANSI_STRING']);
add({ name: 'LSA_STRING', category: 'struct', size: 16, alias: 'STRING' });
pointers('LSA_STRING', ['PLSA_STRING']);

// ---- Pointers to integers the headers declare ----------------------------------------------
pointers('CHAR', ['PCHAR', 'LPCH', 'PCH']);
pointers('UCHAR', ['PUCHAR']);
pointers('BYTE', ['PBYTE', 'LPBYTE']);
pointers('SHORT', ['PSHORT']);
pointers('USHORT', ['PUSHORT']);
pointers('WORD', ['PWORD', 'LPWORD']);
pointers('WCHAR', ['PWCHAR', 'LPWCH', 'PWCH']);
pointers('INT', ['PINT', 'LPINT']);
pointers('UINT', ['PUINT', 'LPUINT']);
pointers('LONG', ['PLONG', 'LPLONG']);
pointers('ULONG', ['PULONG']);
pointers('DWORD', ['PDWORD', 'LPDWORD']);
pointers('LONG64', ['PLONG64']);
pointers('ULONG64', ['PULONG64']);
pointers('DWORD64', ['PDWORD64']);
pointers('LONGLONG', ['PLONGLONG']);
pointers('ULONGLONG', ['PULONGLONG']);
pointers('INT32', ['PINT32']);
pointers('UINT32', ['PUINT32']);
pointers('INT64', ['PINT64']);
pointers('UINT64', ['PUINT64']);
pointers('ULONG_PTR', ['PULONG_PTR']);
pointers('LONG_PTR', ['PLONG_PTR']);
pointers('DWORD_PTR', ['PDWORD_PTR']);
pointers('SIZE_T', ['PSIZE_T']);
pointers('SSIZE_T', ['PSSIZE_T']);
pointers('BOOL', ['PBOOL', 'LPBOOL']);
pointers('BOOLEAN', ['PBOOLEAN']);
pointers('FLOAT', ['PFLOAT']);
pointers('NTSTATUS', ['PNTSTATUS']);
pointers('HRESULT', ['PHRESULT']);

// ---- LARGE_INTEGER, LUID, GUID ---------------------------------------------------------------
add({
  name: 'LARGE_INTEGER',
  category: 'struct',
  size: 8,
  fields: [{ name: 'QuadPart', type: 'LONGLONG' }],
  note: 'A union of QuadPart (LONGLONG) and LowPart/HighPart; 8 bytes, 8-byte aligned.',
});
pointers('LARGE_INTEGER', ['PLARGE_INTEGER']);
add({
  name: 'ULARGE_INTEGER',
  category: 'struct',
  size: 8,
  fields: [{ name: 'QuadPart', type: 'ULONGLONG' }],
  note: 'A union of QuadPart (ULONGLONG) and LowPart/HighPart.',
});
pointers('ULARGE_INTEGER', ['PULARGE_INTEGER']);
add({ name: 'SECURITY_INTEGER', category: 'struct', size: 8, alias: 'LARGE_INTEGER' });
pointers('SECURITY_INTEGER', ['PSECURITY_INTEGER']);
add({ name: 'TimeStamp', category: 'struct', size: 8, alias: 'SECURITY_INTEGER', note: 'Expiration time in 100-ns intervals since 1601 (local time).' });
pointers('TimeStamp', ['PTimeStamp']);
add({
  name: 'LUID',
  category: 'struct',
  size: 8,
  fields: [
    { name: 'LowPart', type: 'DWORD' },
    { name: 'HighPart', type: 'LONG' },
  ],
});
pointers('LUID', ['PLUID']);
add({
  name: 'GUID',
  category: 'struct',
  size: 16,
  fields: [
    { name: 'Data1', type: 'unsigned long' },
    { name: 'Data2', type: 'unsigned short' },
    { name: 'Data3', type: 'unsigned short' },
    { name: 'Data4', type: 'unsigned char[8]' },
  ],
});
pointers('GUID', ['LPGUID', 'PGUID']);
pointers('GUID', ['LPCGUID', 'PCGUID', 'REFGUID', 'REFIID', 'REFCLSID'], true);
add({ name: 'IID', category: 'struct', size: 16, alias: 'GUID' });
add({ name: 'CLSID', category: 'struct', size: 16, alias: 'GUID' });
add({
  name: 'FILETIME',
  category: 'struct',
  size: 8,
  fields: [
    { name: 'dwLowDateTime', type: 'DWORD' },
    { name: 'dwHighDateTime', type: 'DWORD' },
  ],
});
pointers('FILETIME', ['PFILETIME', 'LPFILETIME']);

// ---- SSPI (sspi.h) ------------------------------------------------------------------------------
const HANDLE_PAIR: CatalogueField[] = [
  { name: 'dwLower', type: 'ULONG_PTR' },
  { name: 'dwUpper', type: 'ULONG_PTR' },
];
add({ name: 'SecHandle', category: 'struct', size: 16, fields: HANDLE_PAIR, note: 'An SSPI handle: two pointer-sized values, passed by pointer.' });
pointers('SecHandle', ['PSecHandle']);
add({ name: 'CredHandle', category: 'struct', size: 16, alias: 'SecHandle', fields: HANDLE_PAIR });
pointers('CredHandle', ['PCredHandle']);
add({ name: 'CtxtHandle', category: 'struct', size: 16, alias: 'SecHandle', fields: HANDLE_PAIR });
pointers('CtxtHandle', ['PCtxtHandle']);
add({
  name: 'SecBuffer',
  category: 'struct',
  size: 16,
  fields: [
    { name: 'cbBuffer', type: 'unsigned long' },
    { name: 'BufferType', type: 'unsigned long' },
    { name: 'pvBuffer', type: 'void *' },
  ],
});
pointers('SecBuffer', ['PSecBuffer']);
add({
  name: 'SecBufferDesc',
  category: 'struct',
  size: 16,
  fields: [
    { name: 'ulVersion', type: 'unsigned long' },
    { name: 'cBuffers', type: 'unsigned long' },
    { name: 'pBuffers', type: 'PSecBuffer' },
  ],
});
pointers('SecBufferDesc', ['PSecBufferDesc']);
add({ name: 'SspiAsyncContext', category: 'struct', note: 'Opaque: only ever handled through a pointer created by SspiCreateAsyncContext.' });
add({
  name: 'SspiAsyncNotifyCallback',
  category: 'callback',
  size: 8,
  note: 'void (SspiAsyncContext *Context, void *CallbackData): called when an asynchronous SSPI call completes.',
});
add({ name: 'SEC_GET_KEY_FN', category: 'callback', size: 8, note: 'void (void *Arg, void *Principal, unsigned long KeyVer, void **Key, SECURITY_STATUS *Status).' });
add({ name: 'SEC_WINNT_AUTH_IDENTITY_OPAQUE', category: 'struct', note: 'Opaque authentication identity buffer.' });
pointers('SEC_WINNT_AUTH_IDENTITY_OPAQUE', ['PSEC_WINNT_AUTH_IDENTITY_OPAQUE']);
add({
  name: 'SecPkgInfoW',
  category: 'struct',
  size: 32,
  fields: [
    { name: 'fCapabilities', type: 'unsigned long' },
    { name: 'wVersion', type: 'unsigned short' },
    { name: 'wRPCID', type: 'unsigned short' },
    { name: 'cbMaxToken', type: 'unsigned long' },
    { name: 'Name', type: 'SEC_WCHAR *' },
    { name: 'Comment', type: 'SEC_WCHAR *' },
  ],
});
pointers('SecPkgInfoW', ['PSecPkgInfoW']);

/** Looks up a listed catalogue entry by its exact (normalised) name. */
export function lookupCatalogueEntry(name: string): CatalogueEntry | undefined {
  return entries.get(name);
}

/**
 * Looks up a type. Listed entries come first; otherwise `P`+X, `LP`+X, `PC`+X and `LPC`+X
 * are derived as pointers to X when X is listed (`derived: true`, which the resolver reports
 * as inferred, since the catalogue does not know the header declares that name).
 */
export function lookupCatalogueType(name: string): CatalogueHit | undefined {
  const listed = entries.get(name);
  if (listed) return { ...listed, derived: false };
  for (const [prefix, isConst] of [['LPC', true], ['PC', true], ['LP', false], ['P', false]] as const) {
    if (!name.startsWith(prefix) || name.length <= prefix.length) continue;
    const base = entries.get(name.slice(prefix.length));
    if (base && base.category !== 'void') {
      return { name, category: 'pointer', size: 8, pointee: isConst ? `const ${base.name}` : base.name, derived: true };
    }
  }
  return undefined;
}

/** All listed names, sorted by code unit. */
export function catalogueNames(): string[] {
  return [...entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
