/**
 * The generated loaders' callback types and last-error capture, against native libraries of our own
 * built with `cc -shared` into a temp dir:
 *
 * - docs/ (the seeds): SspiAsyncNotifyCallback and LSA_DELETE_LOGON_SESSION are never bound as
 *   exports; `callbacks.<Name>.register` gives a pointer native code calls (test/native/callbacks_fake.c,
 *   and SspiSetAsyncNotifyCallback of test/native/sspi_fake.c), `fromPointer` calls a function pointer
 *   read from a function table in the shape of the LSA dispatch table, `callbackPointers` makes the
 *   callback's method callable, and statuses are normalised both ways.
 * - test/fixtures/loader-last-error/docs (widget.h, pages of our own) with test/native/widget_fake.c:
 *   functions whose docs say to call GetLastError have the thread's last error captured right after
 *   the call (`lastError()`), the throwing wrappers throw a Win32Error carrying it when the documented
 *   failure value comes back, and a callback with output parameters gets them decoded and written back.
 *
 * Skipped (with a message) only when no C compiler is installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { specFromDocs } from '../src/pipeline.js';
import { buildWithTsc, emit, runNode, tempDir, writeFiles } from './emit-helpers.js';
import { DOCS, FIXTURES, ROOT } from './helpers.js';

const haveCc = spawnSync('cc', ['--version'], { encoding: 'utf8' }).status === 0;
const skip = haveCc ? false : 'no C compiler (cc) is installed, so the native test libraries cannot be built';
const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** Builds test/native/<name>.c into `dir` and returns the library's path. */
function buildNative(name: string, dir: string): string {
  const so = path.join(dir, `lib${name}.so`);
  const cc = spawnSync('cc', ['-shared', '-fPIC', '-O1', '-Wall', '-Werror', '-o', so, path.join(ROOT, 'generator/test/native', `${name}.c`)], { encoding: 'utf8' });
  assert.equal(cc.status, 0, `cc failed on ${name}.c: ${cc.stderr}`);
  return so;
}

/** Generates the package of a docs folder into `dir`/pkg and builds it with tsc. */
async function buildPackage(docs: string, dir: string): Promise<{ pkg: string; files: Map<string, string> }> {
  const { spec } = await specFromDocs(docs);
  const pkg = path.join(dir, 'pkg');
  const { files } = emit(spec);
  writeFiles(files, pkg);
  const errors = buildWithTsc(pkg);
  assert.deepEqual(errors, [], `the generated package does not type-check:\n${errors.join('\n')}`);
  return { pkg, files };
}

/** Runs `body` (an async function body) in a node process in `pkg` and returns its result (bigints as 'bigint:N'). */
function run(pkg: string, imports: string, body: string): Record<string, unknown> {
  return runNode(
    `
    import koffi from 'koffi';
    ${imports}
    const out = await (async () => { ${body} })();
    console.log(JSON.stringify(out, (k, v) => typeof v === 'bigint' ? 'bigint:' + v.toString() : v));
    `,
    pkg,
  ) as Record<string, unknown>;
}

describe('callback types of docs/: register, fromPointer, callbackPointers (callbacks_fake.c, sspi_fake.c)', { skip }, async () => {
  const dir = tempDir('loader-callbacks');
  temps.push(dir);
  const callbacksSo = haveCc ? buildNative('callbacks_fake', dir) : '';
  const sspiSo = haveCc ? buildNative('sspi_fake', dir) : '';
  const { pkg, files } = haveCc ? await buildPackage(DOCS, dir) : { pkg: '', files: new Map<string, string>() };
  const imports = `
    import { loadSspi } from './dist/ffi/sspi.js';
    import { loadNtsecpkg } from './dist/ffi/ntsecpkg.js';
    import { NtStatus } from './dist/status/ntstatus.js';
    import { SecurityStatus } from './dist/status/security-status.js';
    const native = koffi.load(${JSON.stringify(callbacksSo)});
    const fakeNotify = native.func('fake_notify', 'int', ['void *', 'void *', 'void *']);
    const deleteThrough = native.func('fake_delete_through', 'int32', ['void *', 'uint32', 'int32']);
    const Luid = koffi.struct({ LowPart: 'uint32', HighPart: 'int32' });
    const Table = koffi.struct({ CreateLogonSession: 'void *', DeleteLogonSession: 'void *' });
    const CreateSession = koffi.proto('int32', [koffi.out(koffi.pointer(Luid))]);
    const table = koffi.decode(native.func('fake_lsa_table', 'void *', [])(), Table);
    const newSession = () => { const id = {}; if (koffi.call(table.CreateLogonSession, CreateSession, id) !== 0) throw new Error('no session'); return id; };
    const thrown = (f) => { try { f(); return null; } catch (e) { return { type: e.constructor.name, message: e.message }; } };
  `;

  test('the loader binds no callback type as an export; callbacks and callbackPointers are typed per callback', () => {
    const sspi = files.get('src/ffi/sspi.ts')!;
    assert.doesNotMatch(sspi, /bind\("SspiAsyncNotifyCallback"/, 'a callback type is never looked up as a DLL export');
    assert.match(sspi, /readonly SspiAsyncNotifyCallback: CallbackType<"SspiAsyncNotifyCallback", \(Handle: SspiAsyncContextPtr \| null, CallbackData: bigint \| null\) => void>;/);
    assert.match(sspi, /callbackPointers\?: SspiLibraryCallbackPointers;/);
    const lsa = files.get('src/ffi/ntsecpkg.ts')!;
    assert.match(lsa, /readonly LSA_DELETE_LOGON_SESSION: CallbackType<"LSA_DELETE_LOGON_SESSION", \(LogonId: LUID \| null\) => NtStatus>;/);
    assert.match(lsa, /params: \[\{ pointee: T\.LUID, shape: "object", writeBack: false \}\], returnsStatus: true/);
    assert.match(lsa, /needsLibrary: false/, 'a header of callback types only needs no library');
  });

  test('register: native code calls the JavaScript function, directly and through SspiSetAsyncNotifyCallback; unregister releases it', () => {
    const r = run(
      pkg,
      imports,
      `
      const SO = ${JSON.stringify(sspiSo)};
      const sspi = loadSspi({ libraryPath: SO });
      const helpers = koffi.load(SO);
      const completePending = helpers.func('fake_complete_pending', 'int', []);
      const calls = [];
      const cb = sspi.callbacks.SspiAsyncNotifyCallback;
      const pointer = cb.register((handle, data) => { calls.push({ handle, data }); });
      const direct = fakeNotify(pointer, 0x1234n, 42n);
      const ctx = sspi.SspiCreateAsyncContext();
      const registered = sspi.SspiSetAsyncNotifyCallback(ctx, pointer, 7n);
      const queued = sspi.SspiDeleteSecurityContextAsync(ctx, { dwLower: 1, dwUpper: 1 });
      const completed = completePending();
      const viaApi = calls.length === 2 && calls[1].handle === ctx && calls[1].data === 7n;
      sspi.SspiFreeAsyncContext(ctx);
      // fromPointer on our own registration: TypeScript -> native trampoline -> TypeScript.
      cb.fromPointer(pointer)(0x99n, null);
      cb.unregister(pointer);
      const again = thrown(() => cb.unregister(pointer));
      const notFunction = thrown(() => cb.register(42));
      const nullPointer = thrown(() => cb.fromPointer(0n));
      const missing = sspi.missing.find((m) => m.name === 'SspiAsyncNotifyCallback')?.reason ?? null;
      const method = thrown(() => sspi.SspiAsyncNotifyCallback(null, null));
      sspi.close();
      return { pointerType: typeof pointer, direct, calls: calls.slice(0, 1).concat(calls.slice(2)), registered, queued, completed, viaApi, again, notFunction, nullPointer, missing, method };
      `,
    );
    assert.equal(r.pointerType, 'bigint', 'register returns the native pointer as a bigint address');
    assert.equal(r.direct, 1);
    assert.deepEqual(r.calls, [
      { handle: 'bigint:4660', data: 'bigint:42' },
      { handle: 'bigint:153', data: null },
    ]);
    assert.equal(r.registered, 0);
    assert.equal(r.queued, 0);
    assert.equal(r.completed, 1);
    assert.equal(r.viaApi, true, 'the registered pointer passed to SspiSetAsyncNotifyCallback is called on completion with the context and data');
    assert.match(String((r.again as { message: string }).message), /^SspiLibrary\.callbacks\.SspiAsyncNotifyCallback\.unregister: .* is not a pointer it registered, or it was already released\.$/);
    assert.deepEqual(r.notFunction, { type: 'TypeError', message: 'SspiLibrary.callbacks.SspiAsyncNotifyCallback.register takes a function, not number.' });
    assert.deepEqual(r.nullPointer, { type: 'TypeError', message: 'SspiLibrary.callbacks.SspiAsyncNotifyCallback.fromPointer: the function pointer is null.' });
    assert.match(String(r.missing), /^it is a callback type, which no library exports: pass its address as callbackPointers\.SspiAsyncNotifyCallback/);
    assert.match(String((r.method as { message: string }).message), /^SspiLibrary\.SspiAsyncNotifyCallback is not bound: it is a callback type/);
  });

  test('fromPointer and callbackPointers: an LSA_DELETE_LOGON_SESSION read from a function table, with no library loaded', () => {
    const r = run(
      pkg,
      imports,
      `
      const without = loadNtsecpkg();
      const viaTable = without.callbacks.LSA_DELETE_LOGON_SESSION.fromPointer(table.DeleteLogonSession);
      const id = newSession();
      const first = viaTable(id);
      const second = viaTable(id);
      const unknown = viaTable({ LowPart: 1, HighPart: 0 });
      const missingWithout = without.missing.map((m) => m.name);
      const lsa = loadNtsecpkg({ callbackPointers: { LSA_DELETE_LOGON_SESSION: table.DeleteLogonSession } });
      const other = newSession();
      const method = [lsa.LSA_DELETE_LOGON_SESSION(other), lsa.LSA_DELETE_LOGON_SESSION(other)];
      const missingWith = lsa.missing;
      without.close();
      lsa.close();
      return {
        id, first, second, unknown, missingWithout, method, missingWith,
        enums: first === NtStatus.STATUS_SUCCESS && second === NtStatus.STATUS_NO_SUCH_LOGON_SESSION && method[0] === NtStatus.STATUS_SUCCESS && method[1] === NtStatus.STATUS_NO_SUCH_LOGON_SESSION,
      };
      `,
    );
    assert.equal((r.id as { LowPart: number }).LowPart >= 0x3000, true, 'the session comes from the table');
    assert.equal(r.first, 0);
    assert.equal(r.second, 0xc000005f, 'a status with the high bit set comes back unsigned');
    assert.equal(r.unknown, 0xc000005f);
    assert.equal(r.enums, true, 'statuses through a function pointer compare === to the enum members');
    assert.deepEqual(r.missingWithout, ['LSA_DELETE_LOGON_SESSION'], 'without a pointer the method is missing (never looked up as an export)');
    assert.deepEqual(r.missingWith, []);
  });

  test('register with a structure pointer: the JavaScript function gets the LUID decoded, its status goes back unsigned', () => {
    const r = run(
      pkg,
      imports,
      `
      const lsa = loadNtsecpkg();
      const seen = [];
      const pointer = lsa.callbacks.LSA_DELETE_LOGON_SESSION.register((id) => {
        seen.push(id);
        // A signed NTSTATUS (as C code writes it) is accepted too.
        return id.LowPart === 7 ? NtStatus.STATUS_SUCCESS : id.LowPart === 8 ? -1073741729 : NtStatus.STATUS_BAD_LOGON_SESSION_STATE;
      });
      const statuses = [deleteThrough(pointer, 7, 0), deleteThrough(pointer, 8, 0), deleteThrough(pointer, 9, -2)];
      const roundTrip = lsa.callbacks.LSA_DELETE_LOGON_SESSION.fromPointer(pointer)({ LowPart: 9, HighPart: 0 });
      lsa.unregisterCallbacks();
      const afterRelease = thrown(() => lsa.callbacks.LSA_DELETE_LOGON_SESSION.unregister(pointer));
      lsa.close();
      return { seen, statuses: statuses.map((s) => s >>> 0), roundTrip, roundTripIsEnum: roundTrip === NtStatus.STATUS_BAD_LOGON_SESSION_STATE, released: afterRelease !== null };
      `,
    );
    assert.deepEqual(r.seen, [
      { LowPart: 7, HighPart: 0 },
      { LowPart: 8, HighPart: 0 },
      { LowPart: 9, HighPart: -2 },
      { LowPart: 9, HighPart: 0 },
    ]);
    assert.deepEqual(r.statuses, [0, 0xc000005f, 0xc0000104]);
    assert.equal(r.roundTrip, 0xc0000104);
    assert.equal(r.roundTripIsEnum, true);
    assert.equal(r.released, true, 'unregisterCallbacks() releases the pointers register made');
  });
});

describe('last error and output callbacks: the widget.h fixture (widget_fake.c)', { skip }, async () => {
  const dir = tempDir('loader-last-error');
  temps.push(dir);
  const so = haveCc ? buildNative('widget_fake', dir) : '';
  const { pkg, files } = haveCc ? await buildPackage(path.join(FIXTURES, 'loader-last-error/docs'), dir) : { pkg: '', files: new Map<string, string>() };
  const imports = `
    import { loadWidget } from './dist/ffi/widget.js';
    import { throwingWidget } from './dist/throwing/widget.js';
    import { Win32Error } from './dist/status/win32-error.js';
    import { StatusError } from './dist/status/common.js';
    const SO = ${JSON.stringify(so)};
    const helpers = koffi.load(SO);
    const Luid = koffi.struct({ LowPart: 'uint32', HighPart: 'int32' });
    const ownerOf = (h) => { const o = {}; helpers.func('fake_widget_owner', 'int', ['void *', koffi.out(koffi.pointer(Luid))])(h, o); return o; };
    const lastVisits = helpers.func('fake_last_visits', 'uint32', []);
    const nativeVisitor = helpers.func('fake_native_visitor', 'void *', [])();
    const caught = (f) => { try { return { returned: f() }; } catch (e) { return { cls: e.constructor.name, win32: e instanceof Win32Error, status: e instanceof StatusError, family: e.family, code: e.code, statusName: e.statusName ?? null, statusMessage: e.statusMessage ?? null, message: e.message }; } };
  `;

  test('the docs decide which functions capture the last error, and which failure value the throwing wrapper checks', () => {
    const loader = files.get('src/ffi/widget.ts')!;
    const place = (name: string) => new RegExp(`bind\\("${name}", "${name}", \\{[^}]*lastError: (true|false) \\}`).exec(loader)?.[1];
    assert.deepEqual(
      ['OpenWidget', 'CloseWidget', 'CountWidgets', 'VisitWidgets', 'WidgetVersion', 'CheckWidgetAccess'].map(place),
      ['true', 'true', 'true', 'true', 'false', 'false'],
      'GetLastError in the returns or the remarks; not where the docs say not to call it, nor for a function returning its own code',
    );
    assert.match(loader, /Functions whose last error is captured: CloseWidget, CountWidgets, OpenWidget, VisitWidgets and WIDGET_VISIT_CALLBACK\./);
    const throwing = files.get('src/throwing/widget.ts')!;
    assert.match(throwing, /CloseWidget: \{ name: "CloseWidget", failure: "zero", documented: "zero" \}/);
    assert.match(throwing, /CountWidgets: \{ name: "CountWidgets", failure: "minus-one", documented: "-1" \}/);
    assert.match(throwing, /OpenWidget: \{ name: "OpenWidget", failure: "invalid-handle", documented: "INVALID_HANDLE_VALUE" \}/);
    assert.match(throwing, /VisitWidgets: \{ name: "VisitWidgets", failure: "zero", documented: "FALSE" \}/);
    assert.doesNotMatch(throwing, /WidgetVersion: \{ name:/);
  });

  test('lastError() is the last error of the most recent call, captured right after it', () => {
    const r = run(
      pkg,
      imports,
      `
      const w = loadWidget({ libraryPath: SO });
      const before = w.lastError() ?? null;
      const secret = w.OpenWidget('secret', 0);
      const afterSecret = w.lastError();
      const nope = w.OpenWidget('nope', 0);
      const afterNope = w.lastError();
      const version = w.WidgetVersion();
      const afterVersion = w.lastError() ?? null;
      const badClose = w.CloseWidget(0x77n);
      const afterClose = w.lastError();
      const count = w.CountWidgets(1);
      const afterCount = w.lastError();
      const alpha = w.OpenWidget('alpha', 0);
      w.close();
      return { before, secret, afterSecret, nope, afterNope, version, afterVersion, badClose, afterClose, count, afterCount, alpha, missing: w.missing.map((m) => m.name) };
      `,
    );
    assert.equal(r.before, null, 'nothing is captured before the first call');
    assert.equal(r.secret, 'bigint:18446744073709551615', 'INVALID_HANDLE_VALUE comes back as the all-ones address');
    assert.equal(r.afterSecret, 5, 'ERROR_ACCESS_DENIED');
    assert.equal(r.afterNope, 2, 'ERROR_FILE_NOT_FOUND: each call captures its own last error');
    assert.equal(r.version, 3);
    assert.equal(r.afterVersion, null, 'after a function not documented to set it, lastError() is undefined');
    assert.equal(r.badClose, 0);
    assert.equal(r.afterClose, 6, 'ERROR_INVALID_HANDLE');
    assert.equal(r.count, 0xffffffff, '(DWORD)-1');
    assert.equal(r.afterCount, 87, 'ERROR_INVALID_PARAMETER (GetLastError named in the remarks only)');
    assert.equal(r.alpha, 'bigint:4096');
    assert.deepEqual(r.missing, ['WIDGET_VISIT_CALLBACK'], 'only the callback type, for which no pointer was given');
  });

  test('throwingWidget: a documented failure return throws a Win32Error carrying the last error, its name and message', () => {
    const r = run(
      pkg,
      imports,
      `
      const w = loadWidget({ libraryPath: SO });
      const t = throwingWidget(w);
      w.OpenWidget('alpha', 0); // one widget for VisitWidgets to visit
      const results = {
        openSecret: caught(() => t.OpenWidget('secret', 0)),
        closeBad: caught(() => t.CloseWidget(0x55n)),
        countBad: caught(() => t.CountWidgets(2)),
        visitFails: caught(() => t.VisitWidgets(nativeVisitor, 1n)),
        openOk: caught(() => t.OpenWidget('beta', 0)),
        countOk: caught(() => t.CountWidgets(0)),
        access: caught(() => t.CheckWidgetAccess('secret')),
        // An implementation without lastError(): a plain Error that says so.
        noSource: caught(() => throwingWidget({ ...w, lastError: undefined }).CloseWidget(0x55n)),
      };
      w.close();
      return results;
      `,
    );
    assert.deepEqual(r.openSecret, {
      cls: 'Win32Error', win32: true, status: true, family: 'WIN32', code: 5, statusName: 'ERROR_ACCESS_DENIED', statusMessage: 'The caller may not use that widget.',
      message: 'OpenWidget returned INVALID_HANDLE_VALUE: ERROR_ACCESS_DENIED (0x00000005): The caller may not use that widget.',
    });
    // ERROR_INVALID_HANDLE and ERROR_INVALID_PARAMETER are named by no API page, so the Win32 enum
    // does not have them: the number is still carried.
    assert.equal((r.closeBad as { code: number }).code, 6);
    assert.equal((r.closeBad as { statusName: string | null }).statusName, null);
    assert.match((r.closeBad as { message: string }).message, /^CloseWidget returned zero: WIN32 \(0x00000006\): /);
    assert.equal((r.countBad as { code: number }).code, 87);
    assert.equal((r.countBad as { win32: boolean }).win32, true);
    assert.equal((r.countBad as { statusName: string | null }).statusName, null);
    assert.match((r.countBad as { message: string }).message, /^CountWidgets returned -1: WIN32 \(0x00000057\)/);
    assert.equal((r.visitFails as { code: number }).code, 5, 'a native callback set the last error; VisitWidgets returned FALSE');
    assert.equal(typeof (r.openOk as { returned: unknown }).returned, 'string', 'success values pass through');
    assert.deepEqual(r.countOk, { returned: 2 });
    assert.equal((r.access as { cls: string }).cls, 'Win32Error', 'a function returning a Win32 code still throws on that code');
    assert.equal((r.noSource as { cls: string }).cls, 'Error');
    assert.match((r.noSource as { message: string }).message, /^CloseWidget returned zero \(failure\), and the implementation reports no last error/);
  });

  test('a callback with output parameters: decoded for JavaScript, written back; fromPointer fills them and captures the last error', () => {
    const r = run(
      pkg,
      imports,
      `
      const w = loadWidget({ libraryPath: SO });
      const h = w.OpenWidget('alpha', 0);
      const before = ownerOf(h);
      const seen = [];
      const visitor = (owner, visits, context) => { seen.push({ owner: { ...owner }, visits: Array.isArray(visits), context }); owner.LowPart += 0x10; visits[0] = 3; return 1; };
      const direct = w.VisitWidgets(visitor, 9n);
      const afterDirect = { owner: ownerOf(h), visits: lastVisits() };
      const pointer = w.callbacks.WIDGET_VISIT_CALLBACK.register((owner, visits) => { owner.HighPart = -1; visits[0] = 4; return 1; });
      const registered = w.VisitWidgets(pointer, null);
      const afterRegistered = { owner: ownerOf(h), visits: lastVisits() };
      const visit = w.callbacks.WIDGET_VISIT_CALLBACK.fromPointer(nativeVisitor);
      const owner = { LowPart: 5, HighPart: 0 };
      const visits = [0];
      const ok = visit(owner, visits, null);
      const failed = visit(owner, visits, 1n);
      const afterFailed = w.lastError();
      w.close();
      return { before, seen, direct, afterDirect, registered, afterRegistered, ok, failed, owner, visits, afterFailed };
      `,
    );
    const before = r.before as { LowPart: number; HighPart: number };
    assert.deepEqual(r.seen, [{ owner: before, visits: true, context: 'bigint:9' }], 'the JavaScript function got the LUID as an object and Visits as a one-element array');
    assert.equal(r.direct, 1);
    assert.deepEqual(r.afterDirect, { owner: { LowPart: before.LowPart + 0x10, HighPart: 0 }, visits: 3 }, 'what the function left was written back to native memory');
    assert.equal(r.registered, 1);
    assert.deepEqual(r.afterRegistered, { owner: { LowPart: before.LowPart + 0x10, HighPart: -1 }, visits: 4 });
    assert.equal(r.ok, 1);
    assert.equal(r.failed, 0);
    assert.deepEqual(r.owner, { LowPart: 7, HighPart: 0 }, 'the native callback filled the output structure, twice');
    assert.deepEqual(r.visits, [7]);
    assert.equal(r.afterFailed, 5, 'the callback type says to call GetLastError: its failure is captured too');
  });
});

describe('last error when the docs give no Win32 codes: the number is still carried (widget.h without Win32 codes, with NTSTATUS ones)', { skip }, async () => {
  const dir = tempDir('loader-last-error-bare');
  temps.push(dir);
  const so = haveCc ? buildNative('widget_fake', dir) : '';
  // The widget pages without the one function returning a Win32 code, plus the LSA page and the status
  // table of docs/: the package has status families (NTSTATUS) but no Win32 one.
  const docs = path.join(dir, 'docs');
  cpSync(path.join(FIXTURES, 'loader-last-error/docs'), docs, { recursive: true, filter: (f) => !/CheckWidgetAccess|win32-errors/.test(f) });
  cpSync(path.join(DOCS, 'lsa'), path.join(docs, 'lsa'), { recursive: true });
  cpSync(path.join(DOCS, 'status'), path.join(docs, 'status'), { recursive: true });
  const { pkg, files } = haveCc ? await buildPackage(docs, dir) : { pkg: '', files: new Map<string, string>() };

  test('a StatusError of family WIN32 with the code, no name, and a message saying the docs give none', () => {
    assert.equal(files.has('src/status/win32-error.ts'), false, 'no Win32 family in this package');
    const r = run(
      pkg,
      `
      import { loadWidget } from './dist/ffi/widget.js';
      import { throwingWidget } from './dist/throwing/widget.js';
      import { StatusError } from './dist/status/common.js';
      `,
      `
      const w = loadWidget({ libraryPath: ${JSON.stringify(so)} });
      try { throwingWidget(w).OpenWidget('secret', 0); return { thrown: false }; }
      catch (e) { return { cls: e.constructor.name, status: e instanceof StatusError, family: e.family, code: e.code, statusName: e.statusName ?? null, message: e.message }; }
      finally { w.close(); }
      `,
    );
    assert.deepEqual(r, {
      cls: 'StatusError', status: true, family: 'WIN32', code: 5, statusName: null,
      message: 'OpenWidget returned INVALID_HANDLE_VALUE: WIN32 (0x00000005): Win32 error 5 (the docs give no Win32 error codes to name it).',
    });
  });
});
