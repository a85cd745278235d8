/**
 * The headers corpus check: indexes a real headers folder (mingw-w64's by default), prints what
 * it found and how long it took, and checks facts verified by hand against those headers.
 * Exits 0 when every check holds, 1 when indexing throws or a check fails, 2 when the folder
 * does not exist.
 *
 * Usage: node generator/dist/scripts/headers-corpus.js [/usr/share/mingw-w64/include]
 */
import { compareStrings } from '../src/diagnostics.js';
import { HeadersFolderError, createHeaderLookup, indexHeaderFile, indexHeaders, type HeaderIndex, type HeaderLookup } from '../src/headers/index.js';

const root = process.argv[2] ?? '/usr/share/mingw-w64/include';

interface Check {
  fact: string;
  /** A description of what differs, or undefined when the fact holds. */
  mismatch(lookup: HeaderLookup): string | undefined;
}

const hex = (n: number | undefined): string => (n === undefined ? 'none' : `0x${n.toString(16).toUpperCase().padStart(8, '0')}`);
const same = (what: string, got: unknown, want: unknown): string | undefined =>
  JSON.stringify(got) === JSON.stringify(want) ? undefined : `${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
const first = (...results: (string | undefined)[]): string | undefined => results.find((r) => r !== undefined);

/** Facts read by hand from mingw-w64's headers (file and line as they stand in the installed version). */
const CHECKS: Check[] = [
  {
    fact: 'DeleteSecurityContext is declared in sspi.h: SECURITY_STATUS WINAPI, one parameter PCtxtHandle phContext',
    mismatch: (l) => {
      const f = l.function('DeleteSecurityContext');
      if (!f) return 'not found';
      return first(
        same('file', f.source.file, 'sspi.h'),
        same('return type', f.returnType, 'SECURITY_STATUS'),
        same('calling convention', f.callingConvention, 'WINAPI'),
        same('parameters', f.parameters.map((p) => [p.type, p.name]), [['PCtxtHandle', 'phContext']]),
      );
    },
  },
  {
    fact: 'SEC_E_INVALID_HANDLE is the HRESULT 0x80090301 from winerror.h (not issper16.h\'s 0x1301)',
    mismatch: (l) => {
      const s = l.status('SEC_E_INVALID_HANDLE');
      return first(same('value', hex(s?.value), '0x80090301'), same('space', s?.space, 'HRESULT'), same('file', s?.source.file, 'winerror.h'));
    },
  },
  {
    fact: 'STATUS_PENDING is the NTSTATUS 0x00000103 from ntstatus.h',
    mismatch: (l) => {
      const s = l.status('STATUS_PENDING');
      return first(same('value', hex(s?.value), '0x00000103'), same('space', s?.space, 'NTSTATUS'), same('file', s?.source.file, 'ntstatus.h'));
    },
  },
  {
    fact: 'E_UNEXPECTED is the HRESULT 0x8000FFFF; ERROR_ACCESS_DENIED is the plain 5',
    mismatch: (l) => {
      const denied = l.status('ERROR_ACCESS_DENIED');
      return first(same('E_UNEXPECTED', hex(l.status('E_UNEXPECTED')?.value), '0x8000FFFF'), same('ERROR_ACCESS_DENIED', [denied?.value, denied?.space], [5, 'plain']));
    },
  },
  {
    fact: 'LSA_DELETE_LOGON_SESSION (ntsecpkg.h) is a callback function type: NTSTATUS NTAPI (PLUID LogonId)',
    mismatch: (l) => {
      const c = l.callback('LSA_DELETE_LOGON_SESSION');
      if (!c) return 'not found';
      return first(
        same('file', c.source.file, 'ntsecpkg.h'),
        same('return type', c.returnType, 'NTSTATUS'),
        same('calling convention', c.callingConvention, 'NTAPI'),
        same('pointer', c.pointer, false),
        same('parameters', c.parameters.map((p) => [p.type, p.name]), [['PLUID', 'LogonId']]),
      );
    },
  },
  {
    fact: 'AcquireCredentialsHandle maps to AcquireCredentialsHandleW (UNICODE) and AcquireCredentialsHandleA',
    mismatch: (l) => same('variants', l.nameVariants('AcquireCredentialsHandle'), { neutral: 'AcquireCredentialsHandle', ansi: 'AcquireCredentialsHandleA', wide: 'AcquireCredentialsHandleW', kind: 'macro', source: { file: 'sspi.h', line: 826 } }),
  },
  {
    fact: 'PCtxtHandle → PSecHandle → struct _SecHandle *, whose fields are ULONG_PTR dwLower, dwUpper',
    mismatch: (l) =>
      first(
        same('chain', l.resolveTypedef('PCtxtHandle'), { chain: ['PCtxtHandle', 'PSecHandle'], type: 'struct _SecHandle *', cycle: false }),
        same('fields', l.record('SecHandle')?.fields.map((f) => [f.type, f.name]), [['ULONG_PTR', 'dwLower'], ['ULONG_PTR', 'dwUpper']]),
      ),
  },
  {
    fact: 'CreateFileW (fileapi.h) takes 7 parameters and returns HANDLE; CreateFile maps to it',
    mismatch: (l) => {
      const f = l.function('CreateFileW');
      return first(same('file', f?.source.file, 'fileapi.h'), same('count', f?.parameters.length, 7), same('return', f?.returnType, 'HANDLE'), same('wide', l.nameVariants('CreateFile')?.wide, 'CreateFileW'));
    },
  },
  {
    fact: 'IoCreateDevice (ddk/wdm.h): DeviceName is IN OPTIONAL, DeviceObject is OUT PDEVICE_OBJECT *',
    mismatch: (l) => {
      const params = l.function('IoCreateDevice')?.parameters ?? [];
      const get = (name: string): unknown => {
        const p = params.find((x) => x.name === name);
        return p && { type: p.type, direction: p.direction, optional: p.optional ?? false };
      };
      return first(same('DeviceName', get('DeviceName'), { type: 'PUNICODE_STRING', direction: 'in', optional: true }), same('DeviceObject', get('DeviceObject'), { type: 'PDEVICE_OBJECT *', direction: 'out', optional: false }));
    },
  },
  {
    fact: 'CREDENTIAL (wincred.h, __MINGW_TYPEDEF_AW) is CREDENTIALW in the UNICODE build, CREDENTIALA in the ANSI one',
    mismatch: (l) => first(same('typedef', l.typedef('CREDENTIAL')?.type, 'CREDENTIALW'), same('ansi', l.nameVariants('CREDENTIAL')?.ansi, 'CREDENTIALA')),
  },
  {
    fact: 'SECURITY_LOGON_TYPE: Interactive = 2, then Network = 3 by the implicit increment',
    mismatch: (l) => {
      const e = l.enumeration('SECURITY_LOGON_TYPE');
      const value = (name: string): unknown => e?.constants.find((c) => c.name === name)?.value;
      return first(same('Interactive', value('Interactive'), 2), same('Network', value('Network'), 3));
    },
  },
  {
    fact: 'CONTEXT (winnt.h, the 64-bit branch) is DECLSPEC_ALIGN(16)',
    mismatch: (l) => first(same('file', l.record('CONTEXT')?.source.file, 'winnt.h'), same('alignment', l.record('CONTEXT')?.alignValue, 16)),
  },
  {
    fact: 'HWND is a handle (DECLARE_HANDLE in windef.h)',
    mismatch: (l) => same('HWND', l.typedef('HWND'), { name: 'HWND', type: 'struct HWND__ *', source: { file: 'windef.h', line: 26 }, handle: true }),
  },
];

function table(title: string, rows: [string, number | string][]): string {
  return [`${title}:`, ...rows.map(([k, v]) => `  ${k.padEnd(34)} ${v}`)].join('\n');
}

/** Counts by reason for declarations that could not be read, with two examples each. */
function unreadable(index: HeaderIndex): string {
  const reasons = new Map<string, { count: number; examples: string[] }>();
  for (const d of index.diagnostics) {
    if (d.code !== 'DG8007' && d.code !== 'DG8018') continue;
    const reason = `${d.code} ${/\(([^)]*(?:\([^)]*\))?[^)]*)\)/.exec(d.message)?.[1] ?? d.message.replace(/`[^`]*`/g, '…')}`;
    const entry = reasons.get(reason) ?? { count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < 2) entry.examples.push(`${d.file}:${d.line}`);
    reasons.set(reason, entry);
  }
  const rows = [...reasons].sort((a, b) => b[1].count - a[1].count || compareStrings(a[0], b[0]));
  return ['Could not be read, by reason:', ...rows.map(([reason, e]) => `  ${String(e.count).padStart(6)}  ${reason}  (${e.examples.join(', ')})`)].join('\n');
}

function report(index: HeaderIndex, seconds: { wall: number; cpu: number; perFile: number }): void {
  const byCode = new Map<string, number>();
  for (const d of index.diagnostics) byCode.set(`${d.code} (${d.severity})`, (byCode.get(`${d.code} (${d.severity})`) ?? 0) + 1);
  const counts: [string, number | string][] = [
    ['files', index.files.length],
    ['files skipped', index.files.filter((f) => f.skipped).length],
    ['functions', index.functions.length],
    ['  of them inline (with a body)', index.functions.filter((f) => f.inline).length],
    ['callback typedefs', index.callbacks.length],
    ['typedefs', index.typedefs.filter((t) => !t.macro).length],
    ['  handles', index.typedefs.filter((t) => t.handle).length],
    ['  macros that name a type', index.typedefs.filter((t) => t.macro).length],
    ['records (struct/union)', index.records.length],
    ['  incomplete (forward only)', index.records.filter((r) => r.incomplete).length],
    ['enumerations', index.enums.length],
    ['constants', index.constants.length],
    ['status values (HRESULT/NTSTATUS form)', index.constants.filter((c) => c.space !== 'plain').length],
    ['A/W pairs', index.nameVariants.length],
    ['diagnostics', index.diagnostics.length],
  ];
  process.stdout.write(`${table(`Headers in ${root}`, counts)}\n\n`);
  process.stdout.write(`${table('Diagnostics by code', [...byCode].sort((a, b) => compareStrings(a[0], b[0])))}\n\n`);
  process.stdout.write(`${unreadable(index)}\n\n`);
  process.stdout.write(`Time: ${seconds.wall.toFixed(1)} s wall, ${seconds.cpu.toFixed(1)} s CPU (reading headers one by one: ${seconds.perFile.toFixed(1)} s wall; the rest is listing, hashing and merging)\n\n`);
}

function main(): number {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let perFile = 0;
  let index: HeaderIndex;
  try {
    index = indexHeaders([root], {
      indexFile: (file, bytes) => {
        const t0 = performance.now();
        const result = indexHeaderFile(file, bytes);
        perFile += performance.now() - t0;
        return result;
      },
    });
  } catch (error) {
    if (error instanceof HeadersFolderError) {
      process.stderr.write(`headers-corpus: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`headers-corpus: indexing threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
  const cpu = process.cpuUsage(cpuStart);
  report(index, { wall: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6, perFile: perFile / 1000 });
  const lookup = createHeaderLookup(index);
  let failed = 0;
  for (const check of CHECKS) {
    let problem: string | undefined;
    try {
      problem = check.mismatch(lookup);
    } catch (error) {
      problem = `the check threw: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (problem) failed++;
    process.stdout.write(`${problem ? 'FAIL' : 'ok  '}  ${check.fact}${problem ? `\n        ${problem}` : ''}\n`);
  }
  process.stdout.write(`\n${CHECKS.length - failed} of ${CHECKS.length} checks hold.\n`);
  return failed ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`headers-corpus: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
