/**
 * Documented codes as types: the package generated from docs/ declares, for each status-returning
 * API, the union of its documented codes (`DeleteSecurityContextResult`) and a guard; where the docs
 * list the codes completely the interface method returns that union (plus the family's "not
 * supported" code), so a `switch` over a result narrows to `never` and an implementation returning
 * an undocumented code does not compile. Consumers are type-checked with the package's strict
 * tsconfig; each negative case has a positive twin, so a failure is the one the test means.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import ts from 'typescript';
import type { Spec } from '../src/model/spec.js';
import { specFromDocs } from '../src/pipeline.js';
import { buildWithTsc, emit, loadSpec, runNode, tempDir, writeFiles } from './emit-helpers.js';
import { DOCS } from './helpers.js';

/** Emits `spec`, writes it to a fresh folder and builds it (asserting it type-checks). */
function buildPackage(spec: Spec, prefix: string): { dir: string; files: Map<string, string>; diagnostics: ReturnType<typeof emit>['diagnostics'] } {
  const { files, diagnostics } = emit(spec);
  const dir = writeFiles(files, tempDir(prefix));
  const errors = buildWithTsc(dir);
  assert.deepEqual(errors, [], `the generated package does not type-check:\n${errors.join('\n')}`);
  return { dir, files, diagnostics };
}

/**
 * Type-checks consumer modules (name → source) placed in `<dir>/consumer/` against the package's
 * sources, with the package's strict compiler options; returns each module's error codes and texts.
 */
function typeCheck(dir: string, modules: Record<string, string>): Record<string, string[]> {
  const consumer = path.join(dir, 'consumer');
  mkdirSync(consumer, { recursive: true });
  const roots = Object.entries(modules).map(([name, source]) => {
    const file = path.join(consumer, `${name}.ts`);
    writeFileSync(file, source);
    return file;
  });
  const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  assert.ok(config?.options.strict, 'the generated tsconfig must be strict');
  const program = ts.createProgram({ rootNames: roots, options: { ...config.options, noEmit: true, rootDir: dir } });
  const out: Record<string, string[]> = Object.fromEntries(Object.keys(modules).map((n) => [n, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const name = d.file ? path.relative(consumer, d.file.fileName).replace(/\.ts$/, '') : '(global)';
    (out[name] ??= []).push(`TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  return out;
}

const IMPORTS = `import { SecurityStatus, SspiStub, isDeleteSecurityContextResult, type DeleteSecurityContextResult, type SecurityStatusNotSupported, type SspiApi } from "../src/index.js";\n`;

describe('documented codes of the docs/ package', () => {
  let pkg: { dir: string; files: Map<string, string> };
  before(async () => {
    const { spec } = await specFromDocs(DOCS);
    pkg = buildPackage(spec, 'codes');
  });

  test('each status-returning API has a result type of its documented members and a guard', () => {
    const sspi = pkg.files.get('src/sspi.ts')!;
    assert.match(sspi, /^export type DeleteSecurityContextResult = SecurityStatus\.SEC_E_OK \| SecurityStatus\.SEC_E_INVALID_HANDLE;$/m);
    assert.match(sspi, /^export function isDeleteSecurityContextResult\(status: number\): status is DeleteSecurityContextResult \{$/m);
    assert.match(sspi, /^import \{ SecurityStatus \} from "\.\/status\/security-status\.js";$/m, 'the guards compare with the enum: a value import');
    // Complete lists narrow the method; an incomplete one (SspiGetAsyncCallStatus) keeps the enum.
    assert.match(sspi, /^ {2}DeleteSecurityContext\(phContext: CtxtHandle \| null\): DeleteSecurityContextResult \| SecurityStatusNotSupported;$/m);
    assert.match(sspi, /^ {2}SspiGetAsyncCallStatus\(Handle: SspiAsyncContextPtr \| null\): SecurityStatus;$/m);
    assert.match(sspi, /^export type SspiGetAsyncCallStatusResult = SecurityStatus\.SEC_E_OK \| SecurityStatus\.SEC_I_ASYNC_CALL_PENDING \| SecurityStatus\.SEC_E_INVALID_HANDLE;$/m);
    assert.match(sspi, /The docs say this list is not complete, so the method returns any SecurityStatus/);
    const lsa = pkg.files.get('src/ntsecpkg.ts')!;
    assert.match(lsa, /^export type LSA_DELETE_LOGON_SESSIONResult = NtStatus\.STATUS_SUCCESS \| NtStatus\.STATUS_NO_SUCH_LOGON_SESSION \| NtStatus\.STATUS_BAD_LOGON_SESSION_STATE;$/m);
    assert.match(lsa, /^ {2}LSA_DELETE_LOGON_SESSION\(LogonId: LUID \| null\): NtStatus;$/m);
    const index = pkg.files.get('src/index.ts')!;
    assert.match(index, /export \{ isDeleteSecurityContextResult, isSspiDeleteSecurityContextAsyncResult, isSspiGetAsyncCallStatusResult, isSspiSetAsyncNotifyCallbackResult \} from "\.\/sspi\.js";/);
    assert.match(index, /export type \{ [^}]*DeleteSecurityContextResult[^}]* \} from "\.\/sspi\.js";/);
    assert.match(index, /export type \{ SecurityStatusNotSupported \} from "\.\/status\/security-status\.js";/);
  });

  test('the loader, the stubs and the throwing wrapper are typed with the result type', () => {
    assert.match(pkg.files.get('src/ffi/sspi.ts')!, /\(phContext: CtxtHandle \| null\): DeleteSecurityContextResult \| SecurityStatusNotSupported => normalizeStatus\(f_DeleteSecurityContext\(phContext\)\) as DeleteSecurityContextResult \| SecurityStatusNotSupported/);
    assert.match(pkg.files.get('src/stubs/sspi.ts')!, /DeleteSecurityContext\(phContext: CtxtHandle \| null\): DeleteSecurityContextResult \| SecurityStatusNotSupported \{/);
    assert.match(pkg.files.get('src/throwing/sspi.ts')!, /DeleteSecurityContext: \(phContext: CtxtHandle \| null\): DeleteSecurityContextResult \| SecurityStatusNotSupported =>/);
  });

  test('stubs inherit the interface documentation and add only what the stub does', () => {
    const stub = pkg.files.get('src/stubs/sspi.ts')!;
    assert.match(stub, /\/\*\*\n {3}\* \{@inheritDoc SspiApi\.DeleteSecurityContext\}\n {3}\*\n {3}\* @returns SEC_E_UNSUPPORTED_FUNCTION \(0x80090302\), always: this stub records the call and does not implement DeleteSecurityContext\. Override the method in a subclass to implement it\.\n {3}\*\/\n {2}DeleteSecurityContext\(/);
    assert.match(stub, /\{@inheritDoc SspiApi\.SspiCreateAsyncContext\}\n {3}\*\n {3}\* @throws Error, always: /);
    assert.doesNotMatch(stub, /@param|deletes the local data structures/, 'no documentation block of the interface is repeated');
    assert.equal(stub.match(/\{@inheritDoc /g)?.length, 7);
  });

  test('a switch over a result narrows to never; undocumented codes do not compile', () => {
    const errors = typeCheck(pkg.dir, {
      // The brief's consumer: every documented code handled, `never` in default.
      switchOnResult: `${IMPORTS}
export function describe(r: DeleteSecurityContextResult): string {
  switch (r) {
    case SecurityStatus.SEC_E_OK: return "deleted";
    case SecurityStatus.SEC_E_INVALID_HANDLE: return "invalid handle";
    default: { const n: never = r; return n; }
  }
}`,
      // What the method returns: the documented codes or the stub's "not supported".
      switchOnCall: `${IMPORTS}
export function call(api: SspiApi): string {
  const r = api.DeleteSecurityContext(null);
  switch (r) {
    case SecurityStatus.SEC_E_OK: return "deleted";
    case SecurityStatus.SEC_E_INVALID_HANDLE: return "invalid handle";
    case SecurityStatus.SEC_E_UNSUPPORTED_FUNCTION: return "not supported";
    default: { const n: never = r; return n; }
  }
}`,
      // The same switch without the "not supported" case leaves that code for default.
      switchMissingCase: `${IMPORTS}
export function call(api: SspiApi): string {
  const r = api.DeleteSecurityContext(null);
  switch (r) {
    case SecurityStatus.SEC_E_OK: return "deleted";
    case SecurityStatus.SEC_E_INVALID_HANDLE: return "invalid handle";
    default: { const n: never = r; return n; }
  }
}`,
      implementDocumented: `${IMPORTS}
export class Mine extends SspiStub {
  override DeleteSecurityContext(): DeleteSecurityContextResult | SecurityStatusNotSupported { return SecurityStatus.SEC_E_INVALID_HANDLE; }
}
export const plain: Pick<SspiApi, "DeleteSecurityContext"> = { DeleteSecurityContext: () => SecurityStatus.SEC_E_OK };`,
      implementUndocumented: `${IMPORTS}
export class Mine extends SspiStub {
  override DeleteSecurityContext(): DeleteSecurityContextResult | SecurityStatusNotSupported { return SecurityStatus.SEC_I_ASYNC_CALL_PENDING; }
}`,
      implementUndocumentedObject: `${IMPORTS}
export const plain: Pick<SspiApi, "DeleteSecurityContext"> = { DeleteSecurityContext: () => SecurityStatus.SEC_I_ASYNC_CALL_PENDING };`,
      // An incomplete list keeps the whole enum: any member is a valid answer.
      implementIncomplete: `${IMPORTS}
export const plain: Pick<SspiApi, "SspiGetAsyncCallStatus"> = { SspiGetAsyncCallStatus: () => SecurityStatus.SEC_E_UNSUPPORTED_FUNCTION };`,
      guardNarrows: `${IMPORTS}
export function check(raw: number): DeleteSecurityContextResult | undefined {
  return isDeleteSecurityContextResult(raw) ? raw : undefined;
}`,
    });
    assert.deepEqual(errors.switchOnResult, []);
    assert.deepEqual(errors.switchOnCall, []);
    assert.deepEqual(errors.implementDocumented, []);
    assert.deepEqual(errors.implementIncomplete, []);
    assert.deepEqual(errors.guardNarrows, []);
    assert.equal(errors.switchMissingCase!.length, 1);
    assert.match(errors.switchMissingCase![0]!, /^TS2322: Type 'SecurityStatus\.SEC_E_UNSUPPORTED_FUNCTION' is not assignable to type 'never'/);
    assert.equal(errors.implementUndocumented!.length, 1);
    assert.match(errors.implementUndocumented![0]!, /^TS2322: Type 'SecurityStatus\.SEC_I_ASYNC_CALL_PENDING' is not assignable to type 'SecurityStatus\.SEC_E_UNSUPPORTED_FUNCTION \| DeleteSecurityContextResult'/);
    assert.equal(errors.implementUndocumentedObject!.length, 1);
    assert.match(errors.implementUndocumentedObject![0]!, /SEC_I_ASYNC_CALL_PENDING' is not assignable to type 'SecurityStatus\.SEC_E_UNSUPPORTED_FUNCTION \| DeleteSecurityContextResult'/);
  });

  test('the guards accept exactly the documented codes, in canonical form', () => {
    const r = runNode(
      `const m = await import('./dist/index.js');
      const g = m.isDeleteSecurityContextResult;
      console.log(JSON.stringify({
        documented: [g(0), g(0x80090301)],
        others: [g(0x00090368), g(0x80090302), g(-2146893055), g(1)],
        normalized: g(m.normalizeStatus(-2146893055)),
        pending: m.isSspiGetAsyncCallStatusResult(0x00090368),
        nt: [m.isLSA_DELETE_LOGON_SESSIONResult(0xC000005F), m.isLSA_DELETE_LOGON_SESSIONResult(0xC0000002)],
      }));`,
      pkg.dir,
    );
    assert.deepEqual(r, { documented: [true, true], others: [false, false, false, false], normalized: true, pending: true, nt: [true, false] });
  });
});

describe('documented codes that cannot be members, and clashing names', () => {
  test('a documented code without a value is left out, said so, and the return type stays the enum', () => {
    const { files } = buildPackage(loadSpec('hostile'), 'codes-hostile');
    // The API `constructor` documents SEC_E_BAD-NAME (a member, renamed) and SEC_E_NO_VALUE (no value).
    const evil = [...files.values()].find((text) => text.includes('export type Constructor_Result'))!;
    const decl = /export type (Constructor_Result) = (.*);/.exec(evil);
    assert.ok(decl);
    assert.match(decl[2]!, /^SecurityStatus\.SEC_E_BAD_NAME_\d$/);
    assert.match(evil, /Left out: SEC_E_NO_VALUE \(the docs give no value for it\)\./);
    assert.match(evil, /The method returns any SecurityStatus, because some documented codes cannot be members of this type\./);
    assert.match(evil, /^ {2}constructor_\([^)]*\): SecurityStatus;$/m);
  });

  test('two APIs whose methods have one identifier get numbered result names and DG3005', () => {
    const seed = loadSpec('seed');
    const base = seed.apis.find((a) => a.name === 'DeleteSecurityContext')!;
    const spec: Spec = {
      ...seed,
      apis: [...seed.apis, { ...base, name: 'Drop-Context', header: 'one.h' }, { ...base, name: 'Drop.Context', header: 'two.h' }],
    };
    const { files, diagnostics } = buildPackage(spec, 'codes-clash');
    assert.match(files.get('src/one.ts')!, /^export type Drop_ContextResult = /m);
    assert.match(files.get('src/two.ts')!, /^export type Drop_ContextResult_2 = /m);
    assert.match(files.get('src/two.ts')!, /^export function isDrop_ContextResult_2\(/m);
    const clashes = diagnostics.filter((d) => d.code === 'DG3005').map((d) => d.message);
    assert.deepEqual(clashes, [
      'The result guard of "Drop.Context" would be isDrop_ContextResult, the name of the result guard of "Drop-Context"; it is isDrop_ContextResult_2.',
      'The result type of "Drop.Context" would be Drop_ContextResult, the name of the result type of "Drop-Context"; it is Drop_ContextResult_2.',
    ]);
  });
});
