/**
 * The generated package is a real npm package: build it with tsc, `npm pack` it, install the
 * tarball into a throwaway consumer project and use its enums and stubs from there, from
 * JavaScript and from TypeScript compiled with `--strict`.
 *
 * Works offline on a fresh CI machine: koffi (the package's only dependency) is installed into the
 * consumer from the workspace's own node_modules (a `file:` link, as `npm ci` left it), so npm
 * never needs the registry. Bounded: one pack, one install, one node run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { buildWithTsc, emit, loadSpec, runNode, tempDir, writeFiles } from './emit-helpers.js';
import { ROOT } from './helpers.js';

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function npm(args: string[], cwd: string): string {
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, npm_config_update_notifier: 'false' },
    shell: process.platform === 'win32',
  });
  assert.equal(r.status, 0, `npm ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return r.stdout;
}

test('npm pack → install into a consumer → import enums and stubs', { timeout: 180_000 }, () => {
  const koffi = path.join(ROOT, 'node_modules/koffi');
  assert.ok(existsSync(path.join(koffi, 'package.json')), 'koffi is not installed at the workspace root (run npm ci)');

  const pkgDir = tempDir('pack');
  temps.push(pkgDir);
  writeFiles(emit(loadSpec('seed')).files, pkgDir);
  assert.deepEqual(buildWithTsc(pkgDir), []);

  const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', pkgDir], pkgDir)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const tarball = path.join(pkgDir, packed[0]!.filename);
  const packedFiles = packed[0]!.files.map((f) => f.path).sort();
  for (const f of ['README.md', 'dist/index.d.ts', 'dist/index.js', 'dist/stubs/sspi.js', 'package.json', 'spec.json', 'src/index.ts']) {
    assert.ok(packedFiles.includes(f), `${f} is not in the tarball: ${packedFiles.join(', ')}`);
  }
  assert.ok(!packedFiles.includes('tsconfig.tsbuildinfo'));

  const consumer = tempDir('consumer');
  temps.push(consumer);
  writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  npm(['install', '--offline', '--ignore-scripts', '--no-package-lock', koffi, tarball], consumer);
  const installed = JSON.parse(readFileSync(path.join(consumer, 'node_modules/@docgen-test/windows/package.json'), 'utf8'));
  assert.equal(installed.version, '1.2.3');

  const result = runNode(
    `
    import { SecurityStatus, securityStatus, NtStatus, ntStatus, SspiStub, NtsecpkgStub, normalizeStatus, SecurityStatusError } from '@docgen-test/windows';
    import * as securitySubpath from '@docgen-test/windows/status/security-status';
    import { NtStatus as NtStatusSubpath } from '@docgen-test/windows/status/ntstatus';
    import spec from '@docgen-test/windows/spec.json' with { type: 'json' };
    class MySspi extends SspiStub {
      DeleteSecurityContext(handle) { this.calls.push({ method: 'DeleteSecurityContext', args: [handle] }); return SecurityStatus.SEC_E_OK; }
    }
    const sspi = new MySspi();
    const fromFfi = -2146893055; // what koffi returns for 0x80090301 declared as a signed 32-bit int
    let error = null;
    try { securityStatus.throwIfFailed(sspi.SspiDeleteSecurityContextAsync(null, null), 'SspiDeleteSecurityContextAsync'); } catch (e) { error = { cls: e instanceof SecurityStatusError, message: e.message }; }
    console.log(JSON.stringify({
      deleted: sspi.DeleteSecurityContext({}),
      async: securityStatus.statusName(sspi.SspiDeleteSecurityContextAsync(null, null)),
      calls: sspi.calls.map((c) => c.method),
      nt: new NtsecpkgStub().LSA_DELETE_LOGON_SESSION({}) === NtStatus.STATUS_NOT_IMPLEMENTED,
      ntSuccess: ntStatus.isSuccess(NtStatus.STATUS_SUCCESS),
      ffiEqual: normalizeStatus(fromFfi) === SecurityStatus.SEC_E_INVALID_HANDLE,
      enumIsUnsigned: SecurityStatus.SEC_E_INVALID_HANDLE === 0x80090301,
      subpath: NtStatusSubpath === NtStatus,
      subpathMember: securitySubpath.SecurityStatus === SecurityStatus,
      specApis: spec.apis.length,
      koffi: typeof (await import('koffi')).default.load,
      error,
    }));
    `,
    consumer,
  );
  assert.deepEqual(result, {
    deleted: 0,
    async: 'SEC_E_UNSUPPORTED_FUNCTION',
    calls: ['SspiDeleteSecurityContextAsync', 'DeleteSecurityContext', 'SspiDeleteSecurityContextAsync'],
    nt: true,
    ntSuccess: true,
    ffiEqual: true,
    enumIsUnsigned: true,
    subpath: true,
    subpathMember: true,
    specApis: 3,
    koffi: 'function',
    error: { cls: true, message: 'SspiDeleteSecurityContextAsync: SEC_E_UNSUPPORTED_FUNCTION (0x80090302): The function requested is not supported.' },
  });
});

test('a TypeScript consumer: one header by its subpath, a stub subclass, a switch over a documented result, tsc --strict', { timeout: 240_000 }, () => {
  const koffi = path.join(ROOT, 'node_modules/koffi');
  const pkgDir = tempDir('pack-docs');
  temps.push(pkgDir);
  // The package this repository generates from docs/.
  cpSync(path.join(ROOT, 'generated'), pkgDir, { recursive: true });
  assert.deepEqual(buildWithTsc(pkgDir), []);
  const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', pkgDir], pkgDir)) as Array<{ filename: string }>;
  const name = (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { name: string }).name;

  const consumer = tempDir('ts-consumer');
  temps.push(consumer);
  writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'ts-consumer', private: true, type: 'module' }));
  npm(['install', '--offline', '--ignore-scripts', '--no-package-lock', koffi, path.join(pkgDir, packed[0]!.filename)], consumer);
  writeFileSync(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', outDir: 'dist', rootDir: '.' }, files: ['main.ts'] }),
  );
  writeFileSync(
    path.join(consumer, 'main.ts'),
    `import type { CtxtHandle, DeleteSecurityContextResult } from '${name}/sspi';
import { SspiStub } from '${name}/stubs/sspi';
import { SecurityStatus } from '${name}/status/security-status';

class MySspi extends SspiStub {
  override DeleteSecurityContext(phContext: CtxtHandle | null): DeleteSecurityContextResult {
    return phContext ? SecurityStatus.SEC_E_OK : SecurityStatus.SEC_E_INVALID_HANDLE;
  }
}

function describe(result: ReturnType<MySspi['DeleteSecurityContext']>): string {
  switch (result) {
    case SecurityStatus.SEC_E_OK:
      return 'deleted';
    case SecurityStatus.SEC_E_INVALID_HANDLE:
      return 'invalid handle';
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

const sspi = new MySspi();
console.log(JSON.stringify([describe(sspi.DeleteSecurityContext({ dwLower: 1, dwUpper: 2 })), describe(sspi.DeleteSecurityContext(null))]));
`,
  );
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', consumer], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, `tsc --strict failed:\n${tsc.stdout}${tsc.stderr}`);
  const run = spawnSync(process.execPath, [path.join(consumer, 'dist/main.js')], { cwd: consumer, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), ['deleted', 'invalid handle']);
});
