/**
 * The generated koffi loaders against a native library of our own (test/native/sspi_fake.c, built
 * with gcc into a temp dir): the package is generated from the repo's docs/, built with tsc, and its
 * loader is pointed at the .so. Checks statuses with the high bit set compare `===` to the enum
 * members, CtxtHandle/LUID structures cross FFI, a TypeScript callback is called by native code,
 * the Promise wrapper resolves with the final status, and the loader's refusals are clear.
 *
 * Skipped (with a message) only when gcc is not installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { specFromDocs } from '../src/pipeline.js';
import { buildWithTsc, emit, runNode, tempDir, writeFiles } from './emit-helpers.js';
import { DOCS, ROOT } from './helpers.js';

const gcc = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
const haveGcc = gcc.status === 0;
const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('FFI: generated loaders against a native fake (sspi_fake.c)', { skip: haveGcc ? false : 'gcc is not installed, so the native test library cannot be built' }, async () => {
  const dir = tempDir('ffi');
  temps.push(dir);
  const so = path.join(dir, 'libsspi_fake.so');
  const cc = spawnSync('gcc', ['-shared', '-fPIC', '-O1', '-Wall', '-Werror', '-o', so, path.join(ROOT, 'generator/test/native/sspi_fake.c')], { encoding: 'utf8' });
  assert.equal(cc.status, 0, `gcc failed: ${cc.stderr}`);

  const { spec } = await specFromDocs(DOCS);
  const pkg = path.join(dir, 'pkg');
  writeFiles(emit(spec).files, pkg);
  const errors = buildWithTsc(pkg);
  assert.deepEqual(errors, [], `the generated package does not type-check:\n${errors.join('\n')}`);

  const run = (body: string): Record<string, unknown> =>
    runNode(
      `
      import koffi from 'koffi';
      import { loadSspi } from './dist/ffi/sspi.js';
      import { loadNtsecpkg } from './dist/ffi/ntsecpkg.js';
      import { callAsync, callAsyncOrThrow } from './dist/async.js';
      import { throwingSspi } from './dist/throwing/sspi.js';
      import { SecurityStatus, SecurityStatusError } from './dist/status/security-status.js';
      import { NtStatus } from './dist/status/ntstatus.js';
      const SO = ${JSON.stringify(so)};
      // Test-only helpers of the fake (not Windows APIs), bound with their own anonymous structs.
      const helpers = koffi.load(SO);
      const Handle = koffi.struct({ dwLower: 'uintptr_t', dwUpper: 'uintptr_t' });
      const Luid = koffi.struct({ LowPart: 'uint32', HighPart: 'int32' });
      const newContext = helpers.func('fake_new_context', 'int', [koffi.out(koffi.pointer(Handle))]);
      const contextState = helpers.func('fake_context_state', 'int', [koffi.pointer(Handle)]);
      const newSession = helpers.func('fake_new_logon_session', 'int', [koffi.out(koffi.pointer(Luid))]);
      const completePending = helpers.func('fake_complete_pending', 'int', []);
      const fresh = () => { const h = { dwLower: 0, dwUpper: 0 }; assert(newContext(h) === 0); return h; };
      function assert(ok, what) { if (!ok) throw new Error('assertion failed: ' + (what ?? '')); }
      const out = await (async () => { ${body} })();
      console.log(JSON.stringify(out, (k, v) => typeof v === 'bigint' ? 'bigint:' + v.toString() : v));
      `,
      pkg,
    ) as Record<string, unknown>;

  test('synchronous calls: statuses with the high bit set are === the enum members; CtxtHandle goes in by value', () => {
    const r = run(`
      const sspi = loadSspi({ libraryPath: SO });
      const h = fresh();
      const first = sspi.DeleteSecurityContext(h);
      const stateAfter = contextState(h);
      const again = sspi.DeleteSecurityContext(h);
      const never = sspi.DeleteSecurityContext({ dwLower: 999, dwUpper: 1 });
      const nul = sspi.DeleteSecurityContext(null);
      let thrown = null;
      try { throwingSspi(sspi).DeleteSecurityContext({ dwLower: 5, dwUpper: 5 }); } catch (e) { thrown = { cls: e instanceof SecurityStatusError, code: e.code, message: e.message }; }
      sspi.close();
      return {
        handle: h, first, stateAfter, again, never, nul, thrown,
        okIsEnum: first === SecurityStatus.SEC_E_OK,
        againIsOk: again === SecurityStatus.SEC_E_OK,
        invalidIsEnum: never === SecurityStatus.SEC_E_INVALID_HANDLE && nul === SecurityStatus.SEC_E_INVALID_HANDLE,
      };
    `);
    assert.deepEqual(r.handle, { dwLower: 1, dwUpper: 0x5350494655 }, 'the out CtxtHandle is filled by native code');
    assert.equal(r.first, 0);
    assert.equal(r.stateAfter, 2, 'the deleted handle is no longer a live context');
    assert.equal(r.againIsOk, true, 'deleting an already-deleted handle returns SEC_E_OK, as documented');
    assert.equal(r.never, 0x80090301);
    assert.equal(r.invalidIsEnum, true);
    assert.equal(r.okIsEnum, true);
    assert.deepEqual(r.thrown, { cls: true, code: 0x80090301, message: (r.thrown as { message: string }).message });
    assert.match((r.thrown as { message: string }).message, /^DeleteSecurityContext: SEC_E_INVALID_HANDLE \(0x80090301\)/);
  });

  test('async flow: pending until completed, the TypeScript callback is called, the status is read', () => {
    const r = run(`
      const sspi = loadSspi({ libraryPath: SO });
      const h = fresh();
      const ctx = sspi.SspiCreateAsyncContext();
      const calls = [];
      const cb = (context, data) => { calls.push({ same: context === ctx, data, status: sspi.SspiGetAsyncCallStatus(context) }); };
      const registered = sspi.SspiSetAsyncNotifyCallback(ctx, cb, 42n);
      const queued = sspi.SspiDeleteSecurityContextAsync(ctx, h);
      const pending = sspi.SspiGetAsyncCallStatus(ctx);
      const completed = completePending();
      const final = sspi.SspiGetAsyncCallStatus(ctx);
      sspi.SspiFreeAsyncContext(ctx);
      const afterFree = sspi.SspiGetAsyncCallStatus(ctx);
      sspi.SspiFreeAsyncContext(null);
      const badRegister = sspi.SspiSetAsyncNotifyCallback(null, cb, null);
      sspi.close();
      return {
        ctxType: typeof ctx, registered, queued, pending, completed, calls, final, afterFree, badRegister,
        pendingIsEnum: pending === SecurityStatus.SEC_I_ASYNC_CALL_PENDING,
        afterFreeIsEnum: afterFree === SecurityStatus.SEC_E_INVALID_HANDLE,
        state: contextState(h),
      };
    `);
    assert.equal(r.ctxType, 'bigint', 'the opaque context pointer is a bigint address');
    assert.equal(r.registered, 0);
    assert.equal(r.queued, 0);
    assert.equal(r.pending, 0x00090368);
    assert.equal(r.pendingIsEnum, true);
    assert.equal(r.completed, 1);
    assert.deepEqual(r.calls, [{ same: true, data: 'bigint:42', status: 0 }], 'the callback ran once, with the context and data, after the status was set');
    assert.equal(r.final, 0);
    assert.equal(r.afterFreeIsEnum, true);
    assert.equal(r.badRegister, 0x80090301);
    assert.equal(r.state, 2);
  });

  test('callAsync resolves with the final status; callAsyncOrThrow rejects with SecurityStatusError', () => {
    const r = run(`
      const sspi = loadSspi({ libraryPath: SO });
      const h = fresh();
      const settled = [];
      const p1 = callAsync(sspi, (ctx) => sspi.SspiDeleteSecurityContextAsync(ctx, h)).then((s) => { settled.push('p1'); return s; });
      const p2 = callAsync(sspi, (ctx) => sspi.SspiDeleteSecurityContextAsync(ctx, { dwLower: 77, dwUpper: 77 }));
      const p3 = callAsyncOrThrow(sspi, (ctx) => sspi.SspiDeleteSecurityContextAsync(ctx, { dwLower: 78, dwUpper: 78 })).then(() => 'resolved', (e) => ({ cls: e instanceof SecurityStatusError, code: e.code }));
      await new Promise((resolve) => setTimeout(resolve, 10));
      const beforeCompletion = settled.length;
      const completed = completePending();
      const [s1, s2, s3] = await Promise.all([p1, p2, p3]);
      // The one shared callback is registered once per implementation object, not once per call.
      const again = await Promise.all([callAsync(sspi, (ctx) => sspi.SspiDeleteSecurityContextAsync(ctx, fresh())), Promise.resolve().then(() => completePending())]);
      sspi.close();
      return { beforeCompletion, completed, s1, s2, s3, okIsEnum: s1 === SecurityStatus.SEC_E_OK, invalidIsEnum: s2 === SecurityStatus.SEC_E_INVALID_HANDLE, again: again[0] };
    `);
    assert.equal(r.beforeCompletion, 0, 'nothing settles while the calls are pending');
    assert.equal(r.completed, 3);
    assert.equal(r.okIsEnum, true);
    assert.equal(r.invalidIsEnum, true);
    assert.equal(r.s2, 0x80090301);
    assert.deepEqual(r.s3, { cls: true, code: 0x80090301 });
    assert.equal(r.again, 0);
  });

  test('LSA_DELETE_LOGON_SESSION (a callback type) is called through the pointer given in callbackPointers; LUID crosses FFI; NTSTATUS high bit', () => {
    const r = run(`
      // A callback type is never looked up as an export: the fake's function is reached through its address.
      const lsa = loadNtsecpkg({ callbackPointers: { LSA_DELETE_LOGON_SESSION: helpers.symbol('LSA_DELETE_LOGON_SESSION') } });
      const id = { LowPart: 0, HighPart: -1 };
      newSession(id);
      const first = lsa.LSA_DELETE_LOGON_SESSION(id);
      const second = lsa.LSA_DELETE_LOGON_SESSION(id);
      lsa.close();
      return { id, first, second, missing: lsa.missing, noSuch: second === NtStatus.STATUS_NO_SUCH_LOGON_SESSION, ok: first === NtStatus.STATUS_SUCCESS };
    `);
    assert.deepEqual(r.id, { LowPart: 0x1000, HighPart: 0 });
    assert.equal(r.ok, true);
    assert.equal(r.second, 0xc000005f);
    assert.equal(r.noSuch, true);
    assert.deepEqual(r.missing, []);
  });

  test('refusals: no library outside Windows, kernel-mode APIs only from an explicit library, callback types never from an export', () => {
    const r = run(`
      const errors = {};
      for (const [name, load] of [['sspi', loadSspi], ['ntsecpkg', loadNtsecpkg]]) {
        try { load(); errors[name] = null; } catch (e) { errors[name] = e.message; }
      }
      const sspi = loadSspi({ libraryPath: SO });
      let unboundError = null;
      try { sspi.SspiAsyncNotifyCallback(null, null); } catch (e) { unboundError = e.message; }
      let loadError = null;
      try { loadSspi({ libraryPath: SO + '.missing' }); } catch (e) { loadError = e.message; }
      sspi.close();
      return { errors, missing: sspi.missing.map((m) => m.name), reason: sspi.missing[0]?.reason ?? null, unboundError, loadError, platform: process.platform };
    `);
    if (r.platform !== 'win32') {
      assert.deepEqual(r.errors, {
        sspi: 'Secur32.dll is a Windows library; pass libraryPath to load another build of these functions.',
        // ntsecpkg.h documents only callback types: nothing is looked up in a library.
        ntsecpkg: null,
      });
    }
    assert.deepEqual(r.missing, ['SspiAsyncNotifyCallback'], 'the callback type is not looked up in the library, so only it is missing');
    assert.match(String(r.reason), /^it is a callback type, which no library exports/);
    assert.match(String(r.unboundError), /^SspiLibrary\.SspiAsyncNotifyCallback is not bound: it is a callback type/);
    assert.match(String(r.loadError), /^Could not load .*libsspi_fake\.so\.missing: /);
  });
});

test('typed bindings from docs/: handles, opaque pointers, callbacks, inferred and unknown types are said so', async () => {
  const { spec } = await specFromDocs(DOCS);
  const { files } = emit(spec);
  const sspi = files.get('src/sspi.ts')!;
  assert.match(sspi, /export interface CtxtHandle \{[\s\S]*?dwLower: number \| bigint;[\s\S]*?dwUpper: number \| bigint;\s*\}/);
  assert.match(sspi, /export type SspiAsyncContextPtr = bigint & \{ readonly __docgenOpaque: "SspiAsyncContext \*"; \};/);
  assert.match(sspi, /export type SspiAsyncNotifyCallback = \(Handle: SspiAsyncContextPtr \| null, CallbackData: bigint \| null\) => void;/);
  // Both document their codes completely: they return their result type (see documented-codes.test.ts).
  assert.match(sspi, /DeleteSecurityContext\(phContext: CtxtHandle \| null\): DeleteSecurityContextResult \| SecurityStatusNotSupported;/);
  assert.match(sspi, /SspiSetAsyncNotifyCallback\(Context: SspiAsyncContextPtr \| null, Callback: SspiAsyncNotifyCallback \| bigint \| null, CallbackData: bigint \| null\): SspiSetAsyncNotifyCallbackResult \| SecurityStatusNotSupported;/);
  assert.match(sspi, /SspiCreateAsyncContext\(\): SspiAsyncContextPtr \| null;/);
  assert.match(sspi, /SspiFreeAsyncContext\(Handle: SspiAsyncContextPtr \| null\): void;/);
  // DeleteSecurityContext has no prototype: its types are inferred, and the comment says so (not "unknown").
  assert.match(sspi, /its parameter and return types were inferred from its counterpart SspiDeleteSecurityContextAsync/);
  assert.match(sspi, /Type inferred from SspiDeleteSecurityContextAsync, not documented for this API\./);
  assert.doesNotMatch(sspi, /its parameter types are unknown/);
  assert.match(sspi, /- SEC_E_INVALID_HANDLE \(0x80090301\): If the context is not valid, the return value is SEC_E_INVALID_HANDLE\./);
  assert.match(sspi, /Kernel-mode only: the loader binds it only from an explicitly given library\./);
  assert.match(sspi, /@see SspiFreeAsyncContext/);
  assert.match(sspi, /@remarks/);
  assert.match(files.get('src/ntsecpkg.ts')!, /export interface LUID \{[\s\S]*?LowPart: number;[\s\S]*?HighPart: number;\s*\}/);
  // Fixed-width koffi types only; statuses as uint32.
  const loader = files.get('src/ffi/sspi.ts')!;
  assert.doesNotMatch(loader, /"u?long"/);
  assert.match(loader, /bind\("DeleteSecurityContext", "DeleteSecurityContext", \{ dll: "Secur32\.dll", kernelModeOnly: false, [^}]*\}, "uint32", \[koffi\.pointer\(T\.CtxtHandle\)\]\)/);
  // Only the loaders import koffi; the entry point does not re-export them.
  for (const [p, text] of files) if (p.endsWith('.ts') && !p.startsWith('src/ffi/')) assert.doesNotMatch(text, /from "koffi"/, p);
  assert.doesNotMatch(files.get('src/index.ts')!, /ffi\//);
  assert.match(files.get('src/index.ts')!, /export \{ callAsync, callAsyncOrThrow \} from "\.\/async\.js";/);

  // An unknown type stays unknown: drop the types table and the parameter is `unknown`, the function unbindable.
  const bare = { ...spec, types: spec.types.filter((t) => t.name !== 'PCtxtHandle') };
  const bareFiles = emit(bare).files;
  assert.match(bareFiles.get('src/sspi.ts')!, /DeleteSecurityContext\(phContext: unknown\): DeleteSecurityContextResult \| SecurityStatusNotSupported;/);
  assert.match(bareFiles.get('src/sspi.ts')!, /Typed `unknown`: the C type PCtxtHandle is not defined on any page, header or in the catalogue\./);
  assert.match(bareFiles.get('src/ffi/sspi.ts')!, /unbindable: "the type of its parameter phContext is not known/);
});
