/** The C declaration parser on small declarations written for the tests, and the two seed prototypes. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CParameter } from '../src/model/page.js';
import { normalizeCType, parseCDeclaration, parseCTypeDefinition, parseCTypeDefinitions } from '../src/parse/c-declaration.js';
import { splitTopLevel, tokenize } from '../src/parse/c-tokens.js';
import { lexTokens } from '../src/headers/lex.js';

const SRC = { file: 'test.md', line: 10 };

function parse(text: string) {
  const d = parseCDeclaration(text, SRC);
  assert.ok(d, `expected a declaration in:\n${text}`);
  return d;
}

/** `direction optional? type name` per parameter, compact for assertions. */
function params(text: string): string[] {
  return parse(text).parameters.map((p: CParameter) => `${p.direction ?? '-'}${p.optional ? '?' : ''} ${p.type} ${p.name}`);
}

describe('seed prototypes (project docs, exactly as the rendered pages show them)', () => {
  test('SspiDeleteSecurityContextAsync: pointer star on the name side, no calling convention', () => {
    const text = 'SECURITY_STATUS SspiDeleteSecurityContextAsync(\n  SspiAsyncContext *AsyncContext,\n  PCtxtHandle      phContext\n);';
    const d = parse(text);
    assert.equal(d.name, 'SspiDeleteSecurityContextAsync');
    assert.equal(d.returnType, 'SECURITY_STATUS');
    assert.equal(d.callingConvention, undefined);
    assert.deepEqual(d.parameters, [
      { name: 'AsyncContext', type: 'SspiAsyncContext *' },
      { name: 'phContext', type: 'PCtxtHandle' },
    ]);
    assert.equal(d.text, text);
    assert.deepEqual(d.source, SRC);
  });

  test('LSA_DELETE_LOGON_SESSION: typedef line, [in] bracket, {...} body', () => {
    const text = 'LSA_DELETE_LOGON_SESSION LsaDeleteLogonSession;\n\nNTSTATUS LsaDeleteLogonSession(\n  [in] PLUID LogonId\n)\n{...}';
    const d = parse(text);
    assert.equal(d.name, 'LsaDeleteLogonSession');
    assert.equal(d.typedefName, 'LSA_DELETE_LOGON_SESSION');
    assert.equal(d.returnType, 'NTSTATUS');
    assert.deepEqual(d.parameters, [{ name: 'LogonId', type: 'PLUID', direction: 'in' }]);
  });
});

describe('SAL annotations', () => {
  test('modern SAL forms give direction, optional and the annotation as written', () => {
    const d = parse(`HRESULT WINAPI F(
  _In_ ULONG a,
  _In_opt_ PVOID b,
  _Inout_ PULONG c,
  _Inout_opt_ PSecBufferDesc d,
  _Out_ PULONG e,
  _Out_opt_ PTimeStamp f,
  _Out_writes_bytes_(cb) PVOID g,
  _Out_writes_bytes_opt_(cb) PVOID h,
  _In_reads_bytes_(cb) PUCHAR i,
  _Outptr_result_maybenull_ PVOID *j,
  _Outptr_opt_ PVOID *k,
  _Reserved_ PVOID l,
  _Inout_updates_(n) PULONG m,
  _In_z_ LPCWSTR n
);`);
    assert.deepEqual(
      d.parameters.map((p) => [p.name, p.direction, p.optional ?? false, p.sal]),
      [
        ['a', 'in', false, '_In_'],
        ['b', 'in', true, '_In_opt_'],
        ['c', 'inout', false, '_Inout_'],
        ['d', 'inout', true, '_Inout_opt_'],
        ['e', 'out', false, '_Out_'],
        ['f', 'out', true, '_Out_opt_'],
        ['g', 'out', false, '_Out_writes_bytes_(cb)'],
        ['h', 'out', true, '_Out_writes_bytes_opt_(cb)'],
        ['i', 'in', false, '_In_reads_bytes_(cb)'],
        ['j', 'out', false, '_Outptr_result_maybenull_'],
        ['k', 'out', true, '_Outptr_opt_'],
        ['l', 'in', true, '_Reserved_'],
        ['m', 'inout', false, '_Inout_updates_(n)'],
        ['n', 'in', false, '_In_z_'],
      ],
    );
    assert.equal(d.parameters[6]!.type, 'PVOID');
    assert.equal(d.parameters[9]!.type, 'PVOID *');
  });

  test('legacy __in/__out, lower-case _in_, and a missing leading underscore', () => {
    assert.deepEqual(params('BOOL F(__in HANDLE h, __out_opt PULONG p, __inout_ecount(n) PWSTR s, _in_ ULONG x, Inout_ PVOID y);'), [
      'in HANDLE h',
      'out? PULONG p',
      'inout PWSTR s',
      'in ULONG x',
      'inout PVOID y',
    ]);
  });

  test('IN / OUT / OPTIONAL macros, IN OUT is inout', () => {
    assert.deepEqual(params('NTSTATUS F(IN PVOID a, OUT PULONG b, IN OUT PIRP c, IN PVOID d OPTIONAL);'), ['in PVOID a', 'out PULONG b', 'inout PIRP c', 'in? PVOID d']);
  });

  test('bracket annotations as rendered pages show them', () => {
    assert.deepEqual(params('HRESULT F(\n  [in] LONG a,\n  [in, optional] BSTR b,\n  [in, out] LPBYTE *c,\n  [out] LONG *d\n);'), [
      'in LONG a',
      'in? BSTR b',
      'inout LPBYTE * c',
      'out LONG * d',
    ]);
  });

  test('parameters without annotations have no direction', () => {
    const d = parse('VOID F(ULONG a);');
    assert.equal(d.parameters[0]!.direction, undefined);
    assert.equal(d.parameters[0]!.optional, undefined);
    assert.equal(d.parameters[0]!.sal, undefined);
  });
});

describe('calling conventions and decorations', () => {
  for (const cc of ['WINAPI', 'SEC_Entry', 'SEC_ENTRY', 'NTAPI', '__stdcall', 'APIENTRY', 'CALLBACK', '__cdecl', 'STDMETHODCALLTYPE']) {
    test(`${cc} is the calling convention, not part of the return type`, () => {
      const d = parse(`SECURITY_STATUS ${cc} F(ULONG a);`);
      assert.equal(d.callingConvention, cc);
      assert.equal(d.returnType, 'SECURITY_STATUS');
    });
  }

  test('FORCEINLINE, EXTERN_C, DECLSPEC_*, _IRQL_requires_(...), __drv_*, NTSYSAPI are dropped', () => {
    const d = parse(`_IRQL_requires_max_(PASSIVE_LEVEL)
__drv_maxIRQL(DISPATCH_LEVEL)
EXTERN_C DECLSPEC_IMPORT NTSYSAPI
FORCEINLINE
_Must_inspect_result_
NTSTATUS
NTAPI
RtlThing(
    _In_ ULONG Flags
    );`);
    assert.equal(d.name, 'RtlThing');
    assert.equal(d.returnType, 'NTSTATUS');
    assert.equal(d.callingConvention, 'NTAPI');
  });

  test('an unknown macro before the return type is not kept in the return type', () => {
    assert.equal(parse('PAGED_CODE_SEG NTSTATUS F(_In_ ULONG a);').returnType, 'NTSTATUS');
  });
});

describe('callbacks and function pointers', () => {
  test('function-pointer typedef with a calling convention', () => {
    const d = parse('typedef NTSTATUS (NTAPI *PFN_DO_THING)(_In_ PVOID Context, _Out_ PULONG Result);');
    assert.equal(d.name, 'PFN_DO_THING');
    assert.equal(d.typedefName, 'PFN_DO_THING');
    assert.equal(d.callingConvention, 'NTAPI');
    assert.equal(d.returnType, 'NTSTATUS');
    assert.deepEqual(d.parameters.map((p) => p.name), ['Context', 'Result']);
  });

  test('function typedef (DDK role type) with SAL before it', () => {
    const d = parse('typedef\n_IRQL_requires_same_\nVOID\nEVT_WDF_DRIVER_UNLOAD(\n    _In_ WDFDRIVER Driver\n    );');
    assert.equal(d.name, 'EVT_WDF_DRIVER_UNLOAD');
    assert.equal(d.typedefName, 'EVT_WDF_DRIVER_UNLOAD');
    assert.equal(d.returnType, 'VOID');
  });

  test('EVT_ typedef line, unnamed parameters listed one per line without commas', () => {
    const d = parse('//Declaration\n\nEVT_MY_EVENT EvtMyEvent;\n\n// Definition\n\nVOID EvtMyEvent\n(\n\tWDFDEVICE Device\n\tCONST MY_ARGS *\n)\n{...}');
    assert.equal(d.typedefName, 'EVT_MY_EVENT');
    assert.deepEqual(d.parameters, [
      { name: 'Device', type: 'WDFDEVICE' },
      { name: 'unnamedParam2', type: 'const MY_ARGS *' },
    ]);
  });

  test('the typedef line matches the prototype name case-insensitively', () => {
    const d = parse('PFN_MY_CB PfnMyCb;\nvoid Pfnmycb(int a);');
    assert.equal(d.typedefName, 'PFN_MY_CB');
  });

  test('a variable declaration before an unrelated prototype is not its typedef', () => {
    assert.equal(parse('ULONG count;\nVOID F(ULONG a);').typedefName, undefined);
  });

  test('a parameter that is itself a function pointer', () => {
    const d = parse('void F(int (__cdecl *compare)(const void *, const void *), PVOID ctx);');
    assert.deepEqual(d.parameters[0], { name: 'compare', type: 'int (__cdecl *)(const void *, const void *)' });
  });

  test('IN on unnamed types in a function-pointer typedef', () => {
    assert.deepEqual(params('typedef NTSTATUS (USB_BUSIFFN *PUSB_X)(IN PVOID, IN PULONG);'), ['in PVOID unnamedParam1', 'in PULONG unnamedParam2']);
  });
});

describe('parameter lists and types', () => {
  test('void and empty lists have no parameters', () => {
    assert.deepEqual(parse('VOID SEC_ENTRY F(void);').parameters, []);
    assert.deepEqual(parse('HRESULT F();').parameters, []);
    assert.deepEqual(parse('HRESULT F(\n);').parameters, []);
  });

  test('variadic', () => {
    const d = parse('int __cdecl Print(_In_z_ const char *fmt, ...);');
    assert.equal(d.variadic, true);
    assert.deepEqual(d.parameters.map((p) => p.name), ['fmt']);
  });

  test('pointer stars on either side and multi-word types are normalised', () => {
    assert.deepEqual(params('void F(SspiAsyncContext* a, SspiAsyncContext  *b, const char* c, unsigned long *d, struct _IO_CSQ *e, unsigned __int64 f, char ** g, CONST WCHAR *h);'), [
      '- SspiAsyncContext * a',
      '- SspiAsyncContext * b',
      '- const char * c',
      '- unsigned long * d',
      '- struct _IO_CSQ * e',
      '- unsigned __int64 f',
      '- char ** g',
      '- const WCHAR * h',
    ]);
  });

  test('arrays and default values', () => {
    assert.deepEqual(params('HRESULT F(BYTE data[16], ULONG flags = 0, LPCWSTR name = NULL);'), ['- BYTE[16] data', '- ULONG flags', '- LPCWSTR name']);
  });

  test('a trailing comma before the closing parenthesis is tolerated', () => {
    assert.deepEqual(params('SECURITY_STATUS F(\n  _In_ ULONG a,\n);'), ['in ULONG a']);
  });

  test('SAL on its own line belongs to the next parameter; #if keeps the first branch', () => {
    const d = parse('VOID\nCFG_INIT(\n    _Out_\n        PCFG Config,\n#ifdef _KERNEL_MODE\n    _In_ PDEVICE_OBJECT DeviceObject,\n#else\n    _In_ HANDLE FileHandle,\n#endif\n    _In_ USHORT Length\n    )');
    assert.deepEqual(d.parameters.map((p) => `${p.direction} ${p.type} ${p.name}`), ['out PCFG Config', 'in PDEVICE_OBJECT DeviceObject', 'in USHORT Length']);
  });

  test('comments inside the list are ignored', () => {
    assert.deepEqual(params('BOOL F(/* first */ ULONG a, // second\n ULONG b);'), ['- ULONG a', '- ULONG b']);
  });

  test('a missing return type before a calling convention gives an empty return type, not a guess', () => {
    const d = parse('SEC_ENTRY F(_In_ PVOID a);');
    assert.equal(d.returnType, '');
    assert.equal(d.callingConvention, 'SEC_ENTRY');
  });
});

describe('C++ methods', () => {
  test('method declaration, virtual ... = 0, qualified names', () => {
    assert.equal(parse('HRESULT Read([out] BYTE *pByte, [in] LONG cb);').name, 'Read');
    const v = parse('virtual HRESULT STDMETHODCALLTYPE GetName(_Out_ BSTR *name) = 0;');
    assert.equal(v.name, 'GetName');
    assert.equal(v.returnType, 'HRESULT');
    assert.equal(v.callingConvention, 'STDMETHODCALLTYPE');
    assert.equal(parse('HRESULT IFoo::Bar(ULONG a) const;').name, 'Bar');
  });

  test('STDMETHOD macros', () => {
    const d = parse('STDMETHOD(Clone)(THIS_ _Out_ IFoo **ppFoo) PURE;');
    assert.equal(d.name, 'Clone');
    assert.equal(d.returnType, 'HRESULT');
    const e = parse('STDMETHOD_(ULONG, AddRef)(THIS) PURE;');
    assert.equal(e.name, 'AddRef');
    assert.equal(e.returnType, 'ULONG');
  });
});

describe('not declarations', () => {
  for (const [what, text] of [
    ['a struct', 'typedef struct _X {\n  ULONG a;\n} X, *PX;'],
    ['an enum', 'typedef enum _E { A = 1, B } E;'],
    ['a macro', '#define NET_THING(_NB) ((_NB)->Field)'],
    ['a call statement', 'status = DoThing(device, &config);'],
    ['a call with literals', 'DoThing(&config, 0, sizeof(config));'],
    ['prose', 'This function has no syntax block.'],
    ['empty', ''],
  ] as const) {
    test(`${what} gives undefined`, () => assert.equal(parseCDeclaration(text, SRC), undefined));
  }

  test('garbage never throws', () => {
    const samples = ['(((', ')))', '{{{', '}}}', 'int (*(*x)(int))[5];', 'typedef', ';;;', '/* unterminated', '"unterminated', '#if\n#else\n#else\n#endif\n#endif', 'a b c d ( e f g ) ) ) (', '\u0000\u0001\uFFFF', 'x'.repeat(10000) + '(', '[in', '_In_(', 'typedef struct {', 'enum {', 'int f(int a, int b'];
    for (const s of samples) {
      assert.doesNotThrow(() => parseCDeclaration(s, SRC), s.slice(0, 40));
      assert.doesNotThrow(() => parseCTypeDefinitions(s, SRC), s.slice(0, 40));
    }
  });

  test('random token soup never throws', () => {
    const pieces = ['(', ')', '{', '}', '[', ']', ',', ';', '*', '&', '=', '...', 'typedef', 'struct', '_In_', 'IN', 'OUT', 'ULONG', 'x', '#if', '\n', '0', '"s"', '/*', '*/', '//', '::', 'NTAPI'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: 1 + (next() % 40) }, () => pieces[next() % pieces.length]).join(' ');
      assert.doesNotThrow(() => parseCDeclaration(text, SRC), text);
      assert.doesNotThrow(() => parseCTypeDefinitions(text, SRC), text);
    }
  });
});

describe('type definitions', () => {
  test('typedef struct with tag, typedef name and pointer name', () => {
    const d = parseCTypeDefinition('typedef struct _SecHandle {\n  ULONG_PTR dwLower;\n  ULONG_PTR dwUpper;\n} SecHandle, *PSecHandle;', SRC);
    assert.ok(d);
    assert.equal(d.kind, 'struct');
    assert.equal(d.tag, '_SecHandle');
    assert.deepEqual(d.names, [
      { name: 'SecHandle', type: 'struct _SecHandle' },
      { name: 'PSecHandle', type: 'struct _SecHandle *' },
    ]);
    assert.deepEqual(d.fields, [
      { name: 'dwLower', type: 'ULONG_PTR' },
      { name: 'dwUpper', type: 'ULONG_PTR' },
    ]);
  });

  test('fields: arrays, bit-fields, several declarators, SAL, anonymous union, function pointer', () => {
    const d = parseCTypeDefinition(
      `typedef struct _T {
  _Field_size_(n) PUCHAR Buffer;
  ULONG a, *b;
  UCHAR Data[16];
  ULONG Flag : 1;
  union {
    PVOID p;
    ULONG64 q;
  };
  NTSTATUS (NTAPI *Callback)(PVOID Context);
} T;`,
      SRC,
    );
    assert.ok(d);
    assert.deepEqual(d.fields, [
      { name: 'Buffer', type: 'PUCHAR' },
      { name: 'a', type: 'ULONG' },
      { name: 'b', type: 'ULONG *' },
      { name: 'Data', type: 'UCHAR[16]' },
      { name: 'Flag', type: 'ULONG', bits: 1 },
      { name: '', type: 'union', fields: [{ name: 'p', type: 'PVOID' }, { name: 'q', type: 'ULONG64' }] },
      { name: 'Callback', type: 'NTSTATUS (NTAPI *)(PVOID Context)' },
    ]);
  });

  test('enums with and without values; C++ style struct', () => {
    const e = parseCTypeDefinition('typedef enum _COLOR {\n  Red = 0x1,\n  Green,\n} COLOR, *PCOLOR;', SRC);
    assert.equal(e?.kind, 'enum');
    assert.deepEqual(e?.fields, [{ name: 'Red', value: '0x1' }, { name: 'Green' }]);
    assert.deepEqual(e?.names.map((n) => n.name), ['COLOR', 'PCOLOR']);
    const s = parseCTypeDefinition('struct POINTS {\n  SHORT x;\n  SHORT y;\n};', SRC);
    assert.deepEqual(s?.names, [{ name: 'POINTS', type: 'struct POINTS' }]);
  });

  test('callback typedefs and plain typedefs', () => {
    const fp = parseCTypeDefinition('typedef VOID (*PMY_ROUTINE)(IN PVOID Context, IN ULONG Code);', SRC);
    assert.equal(fp?.kind, 'callback');
    assert.deepEqual(fp?.names, [{ name: 'PMY_ROUTINE', type: 'VOID (*)(PVOID, ULONG)' }]);
    assert.equal(fp?.declaration?.parameters.length, 2);
    const page = parseCTypeDefinition('LSA_THING LsaThing;\n\nNTSTATUS LsaThing(\n  [in] PLUID LogonId\n)\n{...}', SRC);
    assert.equal(page?.kind, 'callback');
    assert.equal(page?.names[0]?.name, 'LSA_THING');
    const alias = parseCTypeDefinition('typedef ULONG_PTR MY_TOKEN, *PMY_TOKEN;', SRC);
    assert.deepEqual(alias?.names, [
      { name: 'MY_TOKEN', type: 'ULONG_PTR' },
      { name: 'PMY_TOKEN', type: 'ULONG_PTR *' },
    ]);
  });

  test('a function prototype is not a type definition', () => {
    assert.equal(parseCTypeDefinition('NTSTATUS F(_In_ ULONG a);', SRC), undefined);
  });
});

test('normalizeCType gives one spelling per type', () => {
  assert.equal(normalizeCType('SspiAsyncContext*'), 'SspiAsyncContext *');
  assert.equal(normalizeCType('  SspiAsyncContext   * '), 'SspiAsyncContext *');
  assert.equal(normalizeCType('const  char*'), 'const char *');
  assert.equal(normalizeCType('char * *'), 'char **');
  assert.equal(normalizeCType('unsigned\tlong'), 'unsigned long');
  assert.equal(normalizeCType('BYTE [ 16 ]'), 'BYTE[16]');
});

test('the page and header readers split token lists at depth 0 alike, balanced or not', () => {
  const split = (tokens: { text: string }[][]): string[] => tokens.map((part) => part.map((t) => t.text).join(' '));
  const cases: [string, string[]][] = [
    ['int a, char (*f)(int, long), b[2, 3]', ['int a', 'char ( * f ) ( int , long )', 'b [ 2 , 3 ]']],
    // An opener never closed keeps the rest together; a stray closer is an ordinary token.
    ['a, f(b, c', ['a', 'f ( b , c']],
    ['a), b, c', ['a )', 'b', 'c']],
  ];
  for (const [text, expected] of cases) {
    assert.deepEqual(split(splitTopLevel(tokenize(text), ',')), expected, text);
    assert.deepEqual(split(splitTopLevel(lexTokens(text), ',')), expected, `${text} (header lexer)`);
  }
});
