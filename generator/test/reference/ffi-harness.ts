/**
 * Runs the generated conformance suite (child `node --test` process) against the native fake
 * (test/native/sspi_fake.c, compiled to the shared library CONFORMANCE_LIB) through the generated
 * koffi loaders of the built package CONFORMANCE_PKG: the implementations are exactly what
 * `loadSspi({ libraryPath })` and `loadNtsecpkg({ callbackPointers })` return, unwrapped.
 *
 * The fixtures make real objects through the fake's test-only exports (not documented APIs, so the
 * generated loaders do not bind them; they are bound here with koffi directly): `fake_new_context`
 * issues a live CtxtHandle, `fake_new_logon_session` a live logon session LUID. Invalid values are
 * ones the library never issued (it checks its tables before dereferencing anything).
 *
 * Asynchronous completion: the fake has no threads, so queued calls complete only in
 * `fake_complete_pending()`, which this harness calls from a 1 ms interval timer while the suite
 * runs (see the comment at the top of sspi_fake.c for why this is the faithful choice). It runs
 * between JavaScript turns only, so it never interleaves with a call into the library.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { after } from 'node:test';
import { pathToFileURL } from 'node:url';

const pkg = process.env.CONFORMANCE_PKG!;
const lib = process.env.CONFORMANCE_LIB!;
if (!pkg || !lib) throw new Error('CONFORMANCE_PKG and CONFORMANCE_LIB must be set');
const load = (rel: string): Promise<Record<string, unknown>> => import(pathToFileURL(path.join(pkg, 'dist', rel)).href) as Promise<Record<string, unknown>>;

interface Closable {
  close(): void;
}
const { runConformance } = (await load('conformance/index.js')) as { runConformance: (i: unknown, f: unknown, o?: unknown) => Promise<{ executable: number; todo: number; skipped: number }> };
const { loadSspi } = (await load('ffi/sspi.js')) as { loadSspi: (o: { libraryPath: string }) => Closable };
const { loadNtsecpkg } = (await load('ffi/ntsecpkg.js')) as { loadNtsecpkg: (o: { callbackPointers: Record<string, bigint> }) => Closable };

// The koffi the generated package resolves (the same module instance its loaders use).
interface Koffi {
  load(path: string): { func(name: string, result: unknown, params: unknown[]): (...args: unknown[]) => unknown; symbol(name: string): bigint; unload(): void };
  struct(fields: Record<string, string>): unknown;
  pointer(t: unknown): unknown;
  out(t: unknown): unknown;
}
const koffi = createRequire(path.join(pkg, 'package.json'))('koffi') as Koffi;

const helpers = koffi.load(lib);
const Handle = koffi.struct({ dwLower: 'uintptr_t', dwUpper: 'uintptr_t' });
const Luid = koffi.struct({ LowPart: 'uint32', HighPart: 'int32' });
const newContext = helpers.func('fake_new_context', 'int', [koffi.out(koffi.pointer(Handle))]);
const newLogonSession = helpers.func('fake_new_logon_session', 'int', [koffi.out(koffi.pointer(Luid))]);
const completePending = helpers.func('fake_complete_pending', 'int', []);

const sspi = loadSspi({ libraryPath: lib });
// LSA_DELETE_LOGON_SESSION is a callback type (the LSA hands it to packages in a function table), never an export: the loader calls the fake's function through its address.
const ntsecpkg = loadNtsecpkg({ callbackPointers: { LSA_DELETE_LOGON_SESSION: helpers.symbol('LSA_DELETE_LOGON_SESSION') } });

const fixtures = {
  CtxtHandle: {
    valid: () => {
      const h = { dwLower: 0, dwUpper: 0 };
      if (newContext(h) !== 0) throw new Error('fake_new_context: the handle table is full');
      return h;
    },
    // Never issued: the fake's handles carry its magic in dwUpper.
    invalid: () => ({ dwLower: 0x7fff_ffff, dwUpper: 0x1234 }),
  },
  LUID: {
    valid: () => {
      const l = { LowPart: 0, HighPart: 0 };
      if (newLogonSession(l) !== 0) throw new Error('fake_new_logon_session: the session table is full');
      return l;
    },
    missing: () => ({ LowPart: 0x7fff_fff0, HighPart: 0x7fff }),
  },
  // An address the fake never returned from SspiCreateAsyncContext (it is looked up, never dereferenced).
  SspiAsyncContext: { invalid: () => 0x5eadbee0n },
};

let completed = 0;
const pump = setInterval(() => {
  completed += completePending() as number;
}, 1);
pump.unref();
after(() => {
  clearInterval(pump);
  completed += completePending() as number;
  sspi.close();
  ntsecpkg.close();
  helpers.unload();
  process.stderr.write(`ffi-harness: fake_complete_pending completed ${completed} queued call(s)\n`);
});

await runConformance({ sspi, ntsecpkg }, fixtures, { timeoutMs: 300 });
