/**
 * The status helpers of the generated package, run as built JavaScript: the space helpers of
 * `src/status/common.ts` (HRESULT_FROM_WIN32 / HRESULT_FROM_NT and their reverses, success,
 * severity, facility and code decoding, hex formatting) and every family module's helpers, each
 * with signed and unsigned input and values known from the Windows headers. The SECURITY_STATUS
 * and NTSTATUS families come from the package generated from docs/; the HRESULT and Win32 families
 * from the hostile spec fixture, the only one that has them.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Spec } from '../src/model/spec.js';
import { specFromDocs } from '../src/pipeline.js';
import { buildWithTsc, emit, loadSpec, runNode, tempDir, writeFiles } from './emit-helpers.js';
import { DOCS } from './helpers.js';

function buildPackage(spec: Spec, prefix: string): string {
  const dir = writeFiles(emit(spec).files, tempDir(prefix));
  const errors = buildWithTsc(dir);
  assert.deepEqual(errors, [], `the generated package does not type-check:\n${errors.join('\n')}`);
  return dir;
}

/** Evaluates `expression` (an object literal over the package's exports `m`) in the built package. */
function evaluate(dir: string, expression: string): Record<string, unknown> {
  const script = `
    const m = await import('./dist/index.js');
    const threw = (f) => { try { f(); return false; } catch (e) { return e instanceof RangeError; } };
    console.log(JSON.stringify(${expression}, (k, v) => (v === undefined ? '(undefined)' : v)));
  `;
  return runNode(script, dir) as Record<string, unknown>;
}

describe('status helpers of the package generated from docs/', () => {
  let dir = '';
  before(async () => {
    dir = buildPackage((await specFromDocs(DOCS)).spec, 'helpers');
  });

  test('normalizeStatus, toSigned32 and formatStatusHex take signed, unsigned and bigint input', () => {
    const r = evaluate(dir, `{
      normalized: [m.normalizeStatus(-2146893044), m.normalizeStatus(0x8009030C), m.normalizeStatus(-2146893044n), m.normalizeStatus(0xFFFFFFFFn), m.normalizeStatus(-1)],
      signed: [m.toSigned32(0x8009030C), m.toSigned32(-2146893044), m.toSigned32(5)],
      hex: [m.formatStatusHex(0x8009030C), m.formatStatusHex(-2146893044), m.formatStatusHex(0x90368), m.formatStatusHex(0)],
      ranges: [threw(() => m.normalizeStatus(2 ** 32)), threw(() => m.normalizeStatus(-(2 ** 31) - 1)), threw(() => m.normalizeStatus(1.5)), threw(() => m.formatStatusHex(NaN)), threw(() => m.normalizeStatus(2n ** 32n))],
    }`);
    assert.deepEqual(r, {
      normalized: [0x8009030c, 0x8009030c, 0x8009030c, 0xffffffff, 0xffffffff],
      signed: [-2146893044, -2146893044, 5],
      hex: ['0x8009030C', '0x8009030C', '0x00090368', '0x00000000'],
      ranges: [true, true, true, true, true],
    });
  });

  test('HRESULT_FROM_WIN32 and HRESULT_FROM_NT, and their reverses', () => {
    const r = evaluate(dir, `{
      fromWin32: [m.hresultFromWin32(5), m.hresultFromWin32(5n), m.hresultFromWin32(0), m.hresultFromWin32(0x80070005), m.hresultFromWin32(-2147024891), m.hresultFromWin32(0x80090301), m.hresultFromWin32(0x12345), m.hresultFromWin32(1223)],
      fromNt: [m.hresultFromNt(0xC0000022), m.hresultFromNt(-1073741790), m.hresultFromNt(0), m.hresultFromNt(0x80000005), m.hresultFromNt(0xD0000022)],
      toWin32: [m.win32FromHResult(0x80070005), m.win32FromHResult(-2147024891), m.win32FromHResult(0), m.win32FromHResult(0x80090301), m.win32FromHResult(0x90070005), m.win32FromHResult(0x00070005)],
      toNt: [m.ntStatusFromHResult(0xD0000022), m.ntStatusFromHResult(-805306334), m.ntStatusFromHResult(0x80070005), m.ntStatusFromHResult(0x10000000)],
      roundTrips: [m.win32FromHResult(m.hresultFromWin32(1223)), m.ntStatusFromHResult(m.hresultFromNt(0xC000005F))],
      ofFamily: [m.toHResultOf('WIN32', 5), m.toHResultOf('NTSTATUS', 0xC0000022), m.toHResultOf('SECURITY_STATUS', -2146893055), m.toHResultOf('HRESULT', 1)],
      constants: [m.FACILITY_WIN32, m.FACILITY_NT_BIT],
      ranges: [threw(() => m.hresultFromWin32(2 ** 32)), threw(() => m.hresultFromNt(-1.5))],
    }`);
    assert.deepEqual(r, {
      // ERROR_ACCESS_DENIED, 0 stays 0, HRESULT-shaped values pass through (signed or not), 16-bit mask, ERROR_CANCELLED
      fromWin32: [0x80070005, 0x80070005, 0, 0x80070005, 0x80070005, 0x80090301, 0x80072345, 0x800704c7],
      // STATUS_ACCESS_DENIED (unsigned, signed), success, a warning, already mapped
      fromNt: [0xd0000022, 0xd0000022, 0x10000000, 0x90000005, 0xd0000022],
      toWin32: [5, 5, 0, '(undefined)', '(undefined)', '(undefined)'],
      toNt: [0xc0000022, 0xc0000022, '(undefined)', 0],
      roundTrips: [1223, 0xc000005f],
      ofFamily: [0x80070005, 0xd0000022, 0x80090301, 1],
      constants: [7, 0x10000000],
      ranges: [true, true],
    });
  });

  test('decoding per space: success, severity, facility, code and the customer bit', () => {
    const r = evaluate(dir, `{
      hresult: m.decodeStatus('HRESULT', -2146893055),
      ntCustomer: m.decodeStatus('NTSTATUS', 0xE0010001),
      win32: m.decodeStatus('WIN32', 5n),
      succeeded: [m.succeeded('HRESULT', 0x00090368), m.succeeded('HRESULT', -1), m.succeeded('NTSTATUS', 0x40000000), m.succeeded('NTSTATUS', 0x80000005), m.succeeded('WIN32', 0), m.succeeded('WIN32', 259)],
      severity: [m.severityOf('HRESULT', 0), m.severityOf('HRESULT', 1), m.severityOf('HRESULT', 0x00090368), m.severityOf('HRESULT', 0x80004005), m.severityOf('NTSTATUS', 0x103), m.severityOf('NTSTATUS', 0x40000000), m.severityOf('NTSTATUS', -2147483643), m.severityOf('NTSTATUS', 0xC0000022), m.severityOf('WIN32', 0), m.severityOf('WIN32', 5)],
      facility: [m.facilityOf('HRESULT', 0x80070005), m.facilityOf('HRESULT', 0x8FFF0000), m.facilityOf('NTSTATUS', 0xC0020001), m.facilityOf('NTSTATUS', 0xCFFF0000), m.facilityOf('WIN32', 0x12345)],
      code: [m.codeOf('HRESULT', 0x80070005), m.codeOf('NTSTATUS', -1073741790), m.codeOf('WIN32', 0x12345)],
    }`);
    assert.deepEqual(r, {
      hresult: { value: 0x80090301, signed: -2146893055, hex: '0x80090301', space: 'HRESULT', success: false, severity: 'error', facility: 9, code: 0x301, customer: false },
      ntCustomer: { value: 0xe0010001, signed: 0xe0010001 | 0, hex: '0xE0010001', space: 'NTSTATUS', success: false, severity: 'error', facility: 1, code: 1, customer: true },
      win32: { value: 5, signed: 5, hex: '0x00000005', space: 'WIN32', success: false, severity: 'error', facility: 0, code: 5, customer: false },
      succeeded: [true, false, true, false, true, false],
      severity: ['success', 'success', 'informational', 'error', 'success', 'informational', 'warning', 'error', 'success', 'error'],
      // HRESULT facility is 11 bits (the X, N, C and R bits above it are not facility); NTSTATUS 12
      facility: [7, 0x7ff, 2, 0xfff, 0],
      code: [5, 0x22, 0x12345],
    });
  });

  test('SecurityStatus helpers: members, names both ways, messages, formatting, decoding, HRESULT, errors', () => {
    const r = evaluate(dir, `(() => { const s = m.securityStatus, E = m.SecurityStatus; let err; try { s.throwIfFailed(-2146893055, 'DeleteSecurityContext'); } catch (e) { err = e; } return {
      constants: [s.FAMILY, s.SPACE, s.SUCCESS, s.NOT_SUPPORTED],
      success: [s.isSuccess(E.SEC_E_OK), s.isSuccess(E.SEC_I_ASYNC_CALL_PENDING), s.isSuccess(-2146893055), s.isFailure(0x80090301), s.isFailure(0n)],
      isMember: [s.isMember(0x80090301), s.isMember(-2146893055), s.isMember(0x80090399), s.isMember(0)],
      names: [s.statusName(-2146893055), s.statusName(0x80090301n), s.statusName(0x80090399), s.statusNames(0)],
      fromName: [s.fromName('SEC_E_INVALID_HANDLE'), s.fromName('SEC_I_ASYNC_CALL_PENDING'), s.fromName('STATUS_SUCCESS'), s.fromName('0'), s.fromName('toString')],
      messages: [s.statusMessage(-2146893055), s.statusMessage(0x80090399)],
      format: [s.formatStatus(-2146893055), s.formatStatus(0x80090399), s.formatStatus(0)],
      decode: [s.severity(-2146893055), s.severity(0x00090368), s.facility(-2146893055), s.code(0x80090301)],
      hresult: [s.toHResult(-2146893055), s.fromHResult(-2146893055)],
      passthrough: [s.throwIfFailed(0x00090368), s.throwIfFailed(-0)],
      error: { code: err.code, hresult: err.hresult, statusName: err.statusName, family: err.family, message: err.message, base: err instanceof m.StatusError },
    }; })()`);
    assert.deepEqual(r, {
      constants: ['SECURITY_STATUS', 'HRESULT', 0, 0x80090302],
      success: [true, true, false, true, false],
      isMember: [true, false, false, true],
      names: ['SEC_E_INVALID_HANDLE', 'SEC_E_INVALID_HANDLE', '(undefined)', ['SEC_E_OK']],
      fromName: [0x80090301, 0x00090368, '(undefined)', '(undefined)', '(undefined)'],
      messages: ['The credential or context handle passed in is not valid.', 'Unknown SECURITY_STATUS value 0x80090399.'],
      format: ['SEC_E_INVALID_HANDLE (0x80090301)', '0x80090399', 'SEC_E_OK (0x00000000)'],
      decode: ['error', 'informational', 9, 0x301],
      hresult: [0x80090301, 0x80090301],
      passthrough: [0x00090368, 0],
      error: {
        code: 0x80090301,
        hresult: 0x80090301,
        statusName: 'SEC_E_INVALID_HANDLE',
        family: 'SECURITY_STATUS',
        message: 'DeleteSecurityContext: SEC_E_INVALID_HANDLE (0x80090301): The credential or context handle passed in is not valid.',
        base: true,
      },
    });
  });

  test('NtStatus helpers: NT_SUCCESS, NT_INFORMATION / NT_WARNING / NT_ERROR, HRESULT_FROM_NT, errors', () => {
    const r = evaluate(dir, `(() => { const n = m.ntStatus, E = m.NtStatus; let err; try { n.throwIfFailed(-1073741729); } catch (e) { err = e; } return {
      constants: [n.FAMILY, n.SPACE, n.SUCCESS, n.NOT_SUPPORTED],
      success: [n.isSuccess(0), n.isSuccess(0x40000000), n.isSuccess(0x80000005), n.isSuccess(-1073741822)],
      levels: [0, 0x40000000, 0x80000005, 0xC0000022, -1073741790].map((v) => [n.isInformational(v), n.isWarning(v), n.isError(v)]),
      names: [n.statusName(-1073741822), n.fromName('STATUS_NO_SUCH_LOGON_SESSION'), n.formatStatus(0xC000005F)],
      decode: [n.severity(0x80000005), n.facility(0xC0020001), n.code(-1073741790)],
      hresult: [n.toHResult(0xC0000022), n.toHResult(-1073741790), n.fromHResult(0xD0000022), n.fromHResult(0x80070005)],
      member: n.isMember(E.STATUS_BAD_LOGON_SESSION_STATE),
      error: { code: err.code, hresult: err.hresult, statusName: err.statusName, isNt: err instanceof m.NtStatusError },
    }; })()`);
    assert.deepEqual(r, {
      constants: ['NTSTATUS', 'NTSTATUS', 0, 0xc0000002],
      success: [true, true, false, false],
      levels: [
        [false, false, false],
        [true, false, false],
        [false, true, false],
        [false, false, true],
        [false, false, true],
      ],
      names: ['STATUS_NOT_IMPLEMENTED', 0xc000005f, 'STATUS_NO_SUCH_LOGON_SESSION (0xC000005F)'],
      decode: ['warning', 2, 0x22],
      hresult: [0xd0000022, 0xd0000022, 0xc0000022, '(undefined)'],
      member: true,
      error: { code: 0xc000005f, hresult: 0xd000005f, statusName: 'STATUS_NO_SUCH_LOGON_SESSION', isNt: true },
    });
  });
});

describe('status helpers of the HRESULT and Win32 families (hostile spec)', () => {
  let dir = '';
  before(() => {
    dir = buildPackage(loadSpec('hostile'), 'helpers-hostile');
  });

  test('Win32 error codes: success only at 0, no facility, HRESULT_FROM_WIN32 both ways, aliases', () => {
    const r = evaluate(dir, `(() => { const w = m.win32Error; let err; try { w.throwIfFailed(120, 'calls'); } catch (e) { err = e; } return {
      constants: [w.SPACE, w.SUCCESS, w.NOT_SUPPORTED],
      success: [w.isSuccess(0), w.isSuccess(120), w.isSuccess(0n), w.isFailure(259)],
      names: [w.statusNames(0), w.fromName('NO_ERROR'), w.fromName('ERROR_SUCCESS'), w.formatStatus(120)],
      decode: [w.severity(0), w.severity(120), w.facility(120), w.code(120)],
      hresult: [w.toHResult(5), w.toHResult(0), w.toHResult(-2147024891), w.fromHResult(0x80070078), w.fromHResult(0x80090301)],
      error: { code: err.code, hresult: err.hresult, statusName: err.statusName, isWin32: err instanceof m.Win32Error },
      message: err.message,
    }; })()`);
    assert.deepEqual(r, {
      constants: ['WIN32', 0, 120],
      success: [true, false, true, true],
      names: [['ERROR_SUCCESS', 'NO_ERROR'], 0, 0, 'ERROR_CALL_NOT_IMPLEMENTED (0x00000078)'],
      decode: ['success', 'error', 0, 120],
      hresult: [0x80070005, 0, 0x80070005, 120, '(undefined)'],
      error: { code: 120, hresult: 0x80070078, statusName: 'ERROR_CALL_NOT_IMPLEMENTED', isWin32: true },
      message: r.message,
    });
    assert.match(String(r.message), /^calls: ERROR_CALL_NOT_IMPLEMENTED \(0x00000078\): /);
  });

  test('HRESULT: the S bit decides success; toHResult and fromHResult are the value itself', () => {
    const r = evaluate(dir, `(() => { const h = m.hResult; return {
      constants: [h.SPACE, h.SUCCESS, h.NOT_SUPPORTED],
      success: [h.isSuccess(1), h.isSuccess(0x80004005), h.isSuccess(-2147467259)],
      names: [h.statusName(-2147467259), h.fromName('E_FAIL'), h.formatStatus(0x80004005)],
      decode: [h.severity(-2147467259), h.facility(0x80070005), h.code(0x80070005)],
      hresult: [h.toHResult(-2147467259), h.fromHResult(-2147467259)],
    }; })()`);
    assert.deepEqual(r, {
      // The hostile spec gives no value for S_OK or E_NOTIMPL: no SUCCESS, no NOT_SUPPORTED.
      constants: ['HRESULT', '(undefined)', '(undefined)'],
      success: [true, false, false],
      names: ['E_FAIL', 0x80004005, 'E_FAIL (0x80004005)'],
      decode: ['error', 7, 5],
      hresult: [0x80004005, 0x80004005],
    });
  });
});
