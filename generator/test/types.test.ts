/** The type catalogue, the resolver (each resolution kind, diagnostics, order) and the koffi/TypeScript mapping. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TypeInfo } from '../src/model/spec.js';
import { parseCTypeDefinition } from '../src/parse/c-declaration.js';
import { lookupCatalogueType } from '../src/ctypes/catalogue.js';
import { STATUS_KOFFI_TYPE, ffiMapping, resolveTypes, typeKey, typeTable, type LearnedDefinition, type TypeUse } from '../src/ctypes/resolve.js';

const use = (type: string, file = 'a.md', line = 5): TypeUse => ({ type, source: { file, line } });

function learn(text: string, file: string, documents?: string): LearnedDefinition {
  const definition = parseCTypeDefinition(text, { file, line: 3 });
  assert.ok(definition, text);
  return { definition, ...(documents ? { documents } : {}) };
}

function byName(types: TypeInfo[], name: string): TypeInfo {
  const t = types.find((x) => x.name === name);
  assert.ok(t, `no type ${name} in ${types.map((x) => x.name).join(', ')}`);
  return t;
}

describe('catalogue', () => {
  test('integer typedefs have their 64-bit Windows size and signedness', () => {
    const expect: [string, number, boolean][] = [
      ['BYTE', 1, false], ['CHAR', 1, true], ['UCHAR', 1, false], ['SHORT', 2, true], ['USHORT', 2, false], ['WORD', 2, false],
      ['INT', 4, true], ['UINT', 4, false], ['LONG', 4, true], ['ULONG', 4, false], ['DWORD', 4, false], ['LONG64', 8, true],
      ['ULONG64', 8, false], ['DWORD64', 8, false], ['LONGLONG', 8, true], ['ULONGLONG', 8, false], ['INT_PTR', 8, true],
      ['UINT_PTR', 8, false], ['LONG_PTR', 8, true], ['ULONG_PTR', 8, false], ['DWORD_PTR', 8, false], ['SIZE_T', 8, false],
      ['SSIZE_T', 8, true], ['WCHAR', 2, false], ['unsigned long', 4, false], ['long', 4, true],
    ];
    for (const [name, size, signed] of expect) {
      const hit = lookupCatalogueType(name);
      assert.equal(hit?.category, 'integer', name);
      assert.equal(hit?.size, size, name);
      assert.equal(hit?.signed, signed, name);
    }
  });

  test('booleans, statuses, handles and strings', () => {
    assert.deepEqual([lookupCatalogueType('BOOL')?.size, lookupCatalogueType('BOOLEAN')?.size], [4, 1]);
    for (const s of ['HRESULT', 'NTSTATUS', 'SECURITY_STATUS']) assert.deepEqual([lookupCatalogueType(s)?.category, lookupCatalogueType(s)?.size, lookupCatalogueType(s)?.signed], ['status', 4, true]);
    assert.equal(lookupCatalogueType('HANDLE')?.category, 'handle');
    assert.equal(lookupCatalogueType('HWND')?.size, 8);
    for (const s of ['LPSTR', 'LPCSTR', 'LPWSTR', 'LPCWSTR', 'PSTR', 'PWSTR', 'SEC_CHAR *', 'SEC_WCHAR *']) assert.equal(lookupCatalogueType(s)?.category, 'string', s);
    assert.equal(lookupCatalogueType('LPCWSTR')?.pointee, 'const WCHAR');
  });

  test('SSPI structures: handles are two ULONG_PTRs; SecBufferDesc points at SecBuffers', () => {
    for (const h of ['SecHandle', 'CredHandle', 'CtxtHandle']) {
      assert.equal(lookupCatalogueType(h)?.size, 16, h);
      assert.deepEqual(lookupCatalogueType(h)?.fields?.map((f) => f.type), ['ULONG_PTR', 'ULONG_PTR'], h);
    }
    assert.equal(lookupCatalogueType('PCtxtHandle')?.pointee, 'CtxtHandle');
    assert.equal(lookupCatalogueType('PTimeStamp')?.pointee, 'TimeStamp');
    assert.equal(lookupCatalogueType('TimeStamp')?.alias, 'SECURITY_INTEGER');
    assert.deepEqual(lookupCatalogueType('SecBufferDesc')?.fields?.map((f) => f.name), ['ulVersion', 'cBuffers', 'pBuffers']);
    assert.equal(lookupCatalogueType('SspiAsyncContext')?.size, undefined, 'opaque');
    assert.equal(lookupCatalogueType('SspiAsyncNotifyCallback')?.category, 'callback');
    assert.equal(lookupCatalogueType('LUID')?.size, 8);
    assert.equal(lookupCatalogueType('GUID')?.size, 16);
  });

  test('P/LP forms: listed ones are facts, others are derived and say so', () => {
    assert.equal(lookupCatalogueType('PULONG')?.derived, false);
    const derived = lookupCatalogueType('PUNICODE_STRINGX');
    assert.equal(derived, undefined);
    const lp = lookupCatalogueType('LPSecBufferDesc');
    assert.equal(lp?.derived, true);
    assert.equal(lp?.pointee, 'SecBufferDesc');
    assert.equal(lookupCatalogueType('NOT_A_TYPE'), undefined);
  });
});

describe('resolveTypes', () => {
  const secHandlePage = 'typedef struct _SecHandle {\n  ULONG_PTR dwLower;\n  ULONG_PTR dwUpper;\n} SecHandle, *PSecHandle;';

  test('prototype: the type is defined on its own page; struct size is laid out from its fields', () => {
    const { types, diagnostics } = resolveTypes([use('PSecHandle')], [learn(secHandlePage, 'sechandle.md', 'SecHandle')]);
    const p = byName(types, 'PSecHandle');
    assert.equal(p.resolution, 'prototype');
    assert.equal(p.category, 'pointer');
    assert.equal(p.pointee, 'SecHandle');
    const s = byName(types, 'SecHandle');
    assert.deepEqual([s.resolution, s.category, s.size, s.source?.file], ['prototype', 'struct', 16, 'sechandle.md']);
    assert.equal(byName(types, 'ULONG_PTR').resolution, 'catalogue', 'fields are resolved too');
    assert.deepEqual(diagnostics, []);
  });

  test('other-page: a definition found on a page about something else', () => {
    const sample = learn('typedef struct _MY_CONTEXT {\n  LONG Level;\n  UCHAR Pad;\n} MY_CONTEXT, *PMY_CONTEXT;', 'callback-page.md', 'EVT_SOMETHING');
    const { types } = resolveTypes([use('PMY_CONTEXT')], [sample]);
    assert.equal(byName(types, 'PMY_CONTEXT').resolution, 'other-page');
    assert.equal(byName(types, 'MY_CONTEXT').size, 8, 'LONG + UCHAR padded to 4-byte alignment');
  });

  test('a page about the type wins over a sample elsewhere, whatever the input order', () => {
    const own = learn(secHandlePage, 'z-own.md', 'SecHandle');
    const other = learn(secHandlePage, 'a-other.md', 'Something');
    for (const defs of [[own, other], [other, own]]) {
      assert.equal(byName(resolveTypes([use('SecHandle')], defs).types, 'SecHandle').resolution, 'prototype');
    }
  });

  test('catalogue: facts without a source', () => {
    const { types, diagnostics } = resolveTypes([use('PCtxtHandle'), use('ULONG')], []);
    const p = byName(types, 'PCtxtHandle');
    assert.deepEqual([p.resolution, p.category, p.size, p.pointee], ['catalogue', 'pointer', 8, 'CtxtHandle']);
    assert.equal(byName(types, 'CtxtHandle').size, 16);
    assert.equal(byName(types, 'ULONG').size, 4);
    assert.equal(p.source, undefined);
    assert.deepEqual(diagnostics, []);
  });

  test('inferred: P prefix over a documented type, *_HANDLE, PFN_/EVT_ callbacks; each with DG5002', () => {
    const def = learn('typedef struct _WIDGET {\n  ULONG Size;\n} WIDGET;', 'widget.md', 'WIDGET');
    const { types, diagnostics } = resolveTypes([use('PWIDGET', 'f.md', 7), use('MY_SESSION_HANDLE', 'f.md', 8), use('PFN_WIDGET_NOTIFY', 'f.md', 9), use('EVT_WIDGET_READY', 'f.md', 10)], [def]);
    const p = byName(types, 'PWIDGET');
    assert.deepEqual([p.resolution, p.category, p.pointee], ['inferred', 'pointer', 'WIDGET']);
    assert.deepEqual([byName(types, 'MY_SESSION_HANDLE').resolution, byName(types, 'MY_SESSION_HANDLE').category], ['inferred', 'handle']);
    assert.equal(byName(types, 'PFN_WIDGET_NOTIFY').category, 'callback');
    assert.equal(byName(types, 'EVT_WIDGET_READY').category, 'callback');
    const infos = diagnostics.filter((d) => d.code === 'DG5002');
    assert.equal(infos.length, 4);
    assert.ok(infos.every((d) => d.severity === 'info' && d.file === 'f.md'));
    assert.deepEqual(infos.map((d) => d.line).sort(), [10, 7, 8, 9].sort());
  });

  test('unknown: DG5001 warning at the first use (by file and line), once per base type', () => {
    const { types, diagnostics } = resolveTypes([use('MYSTERY *', 'b.md', 20), use('MYSTERY', 'b.md', 4), use('MYSTERY', 'c.md', 1)], []);
    assert.equal(byName(types, 'MYSTERY').resolution, 'unknown');
    assert.equal(byName(types, 'MYSTERY').category, 'unknown');
    assert.equal(byName(types, 'MYSTERY *').resolution, 'unknown');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.file, d.line]), [['DG5001', 'warning', 'b.md', 4]]);
    assert.match(diagnostics[0]!.message, /MYSTERY/);
  });

  test('spellings are normalised to one key', () => {
    assert.equal(typeKey('SspiAsyncContext*'), typeKey('SspiAsyncContext  *'));
    const { types } = resolveTypes([use('SspiAsyncContext*'), use('SspiAsyncContext *')], []);
    const names = types.map((t) => t.name);
    assert.equal(names.filter((n) => n === 'SspiAsyncContext *').length, 1);
    assert.ok(!names.includes('SspiAsyncContext*'));
  });

  test('output is sorted by code unit and independent of input order', () => {
    const uses = [use('ULONG'), use('PVOID'), use('BOOL'), use('a_lower'), use('Zeta'), use('ULONG_PTR', 'x.md', 1)];
    const a = resolveTypes(uses, []);
    const b = resolveTypes([...uses].reverse(), []);
    assert.deepEqual(a, b);
    const names = a.types.map((t) => t.name);
    assert.deepEqual(names, [...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    assert.ok(names.indexOf('Zeta') < names.indexOf('a_lower'), 'upper case sorts before lower case (no localeCompare)');
  });

  test('callback defined by a page, enum page, and a typedef alias', () => {
    const cb = learn('typedef NTSTATUS (NTAPI *PFN_THING)(_In_ PVOID Context);', 'thing.md', 'PFN_THING');
    const en = learn('typedef enum _MODE { ModeA, ModeB } MODE;', 'mode.md', 'MODE');
    const al = learn('typedef ULONG_PTR TOKEN_ID;', 'token.md', 'TOKEN_ID');
    const { types, diagnostics } = resolveTypes([use('PFN_THING'), use('MODE'), use('TOKEN_ID')], [cb, en, al]);
    assert.deepEqual([byName(types, 'PFN_THING').resolution, byName(types, 'PFN_THING').category], ['prototype', 'callback']);
    assert.deepEqual([byName(types, 'MODE').category, byName(types, 'MODE').size], ['enum', 4]);
    const t = byName(types, 'TOKEN_ID');
    assert.deepEqual([t.resolution, t.category, t.size, t.signed, t.alias], ['prototype', 'integer', 8, false, 'ULONG_PTR']);
    assert.deepEqual(diagnostics, []);
  });

  test('empty type spellings are skipped, never thrown on', () => {
    assert.deepEqual(resolveTypes([use(''), use('   ')], []), { types: [], diagnostics: [] });
  });
});

describe('ffiMapping', () => {
  const { types } = resolveTypes(
    ['ULONG', 'LONG', 'unsigned long', 'ULONG_PTR', 'SIZE_T', 'ULONGLONG', 'BOOL', 'BOOLEAN', 'SECURITY_STATUS', 'NTSTATUS', 'HANDLE', 'PVOID', 'LPCWSTR', 'LPWSTR', 'PCtxtHandle', 'PULONG', 'SspiAsyncContext *', 'SEC_GET_KEY_FN', 'VOID', 'MYSTERY'].map((t) => use(t)),
    [],
  );
  const table = typeTable(types);
  const map = (name: string, direction?: 'in' | 'out' | 'inout') => ffiMapping(name, table, direction);

  test('Windows 32-bit integers never map to koffi long', () => {
    assert.deepEqual([map('ULONG').koffi, map('ULONG').ts], ['uint32', 'number']);
    assert.equal(map('LONG').koffi, 'int32');
    assert.equal(map('unsigned long').koffi, 'uint32');
  });

  test('pointer-sized integers are uintptr_t, typed number | bigint', () => {
    assert.deepEqual([map('ULONG_PTR').koffi, map('ULONG_PTR').ts], ['uintptr_t', 'number | bigint']);
    assert.equal(map('SIZE_T').koffi, 'uintptr_t');
    assert.deepEqual([map('ULONGLONG').koffi, map('ULONGLONG').ts], ['uint64', 'number | bigint']);
  });

  test('statuses are unsigned 32-bit so they compare equal to the spec values', () => {
    assert.equal(STATUS_KOFFI_TYPE, 'uint32');
    assert.equal(map('SECURITY_STATUS').koffi, 'uint32');
    assert.equal(map('NTSTATUS').koffi, 'uint32');
  });

  test('BOOL is a 32-bit int and BOOLEAN a byte', () => {
    assert.equal(map('BOOL').koffi, 'int32');
    assert.equal(map('BOOLEAN').koffi, 'uint8');
  });

  test('handles and void pointers are BigInt addresses', () => {
    assert.deepEqual([map('HANDLE').koffi, map('HANDLE').ts], ['void *', 'bigint | null']);
    assert.equal(map('PVOID').koffi, 'void *');
    assert.equal(map('SspiAsyncContext *').koffi, 'void *', 'opaque struct pointer');
    assert.equal(map('VOID').koffi, 'void');
  });

  test('strings: const wide strings are char16_t, output buffers are typed arrays', () => {
    assert.deepEqual([map('LPCWSTR').koffi, map('LPCWSTR').ts], ['const char16_t *', 'string | null']);
    assert.deepEqual([map('LPWSTR', 'out').koffi, map('LPWSTR', 'out').ts], ['uint16_t *', 'Uint16Array | null']);
  });

  test('struct pointers need the struct and carry the direction qualifier', () => {
    const m = map('PCtxtHandle', 'inout');
    assert.equal(m.koffi, 'CtxtHandle *');
    assert.equal(m.koffiParam, '_Inout_ CtxtHandle *');
    assert.equal(m.ts, 'CtxtHandle | null');
    assert.deepEqual(m.needs, [{ kind: 'struct', name: 'CtxtHandle' }]);
    assert.deepEqual([map('PULONG', 'out').koffiParam, map('PULONG', 'out').ts], ['_Out_ uint32 *', 'number[] | null']);
  });

  test('callbacks with a known signature need a prototype; unknown types are not bindable', () => {
    assert.deepEqual(map('SEC_GET_KEY_FN').needs, [{ kind: 'callback', name: 'SEC_GET_KEY_FN' }]);
    assert.equal(map('MYSTERY').bindable, false);
    assert.equal(map('NOT_RESOLVED_AT_ALL').bindable, false);
  });
});
