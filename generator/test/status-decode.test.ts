import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  codeOf,
  customerBit,
  facilityOf,
  hex8,
  isSuccess,
  parseStatusNumber,
  severityOf,
  spaceFromName,
  toInt32,
  toUint32,
} from '../src/status/decode.js';

test('toUint32 maps signed 32-bit values to unsigned and rejects values outside 32 bits', () => {
  assert.equal(toUint32(-2146893055), 0x80090301);
  assert.equal(toUint32(0x80090301), 0x80090301);
  assert.equal(toUint32(-1), 0xffffffff);
  assert.equal(toUint32(0), 0);
  assert.throws(() => toUint32(0x100000000), RangeError);
  assert.throws(() => toUint32(-0x80000001), RangeError);
  assert.throws(() => toUint32(1.5), RangeError);
  assert.throws(() => toUint32(Number.NaN), RangeError);
  assert.equal(toInt32(0x80090301), -2146893055);
  assert.equal(toInt32(0xc0000002), -1073741822);
});

test('hex8 writes 0x and eight upper-case digits', () => {
  assert.equal(hex8(0x80090301), '0x80090301');
  assert.equal(hex8(0x90368), '0x00090368');
  assert.equal(hex8(0), '0x00000000');
  assert.equal(hex8(-1073741822), '0xC0000002');
  assert.match(hex8(0xc000005f), /^0x[0-9A-F]{8}$/);
});

test('severityOf: HRESULT uses the S bit, with facility-specific success codes informational', () => {
  assert.equal(severityOf(0x80090301, 'HRESULT'), 'error'); // SEC_E_INVALID_HANDLE
  assert.equal(severityOf(0x80004001, 'HRESULT'), 'error'); // E_NOTIMPL
  assert.equal(severityOf(0, 'HRESULT'), 'success'); // S_OK, SEC_E_OK
  assert.equal(severityOf(1, 'HRESULT'), 'success'); // S_FALSE: facility 0
  assert.equal(severityOf(0x00090368, 'HRESULT'), 'informational'); // SEC_I_ASYNC_CALL_PENDING
  assert.equal(severityOf(0x00090312, 'HRESULT'), 'informational'); // SEC_I_CONTINUE_NEEDED
  assert.equal(severityOf(0x00030200, 'HRESULT'), 'informational'); // STG_S_CONVERTED
  assert.equal(severityOf(0xc0262000, 'HRESULT'), 'error');
  assert.equal(severityOf(-2146893055, 'HRESULT'), 'error'); // signed input
});

test('severityOf: NTSTATUS reads the two top bits; Win32 is success only at 0', () => {
  assert.equal(severityOf(0x00000000, 'NTSTATUS'), 'success');
  assert.equal(severityOf(0x00000103, 'NTSTATUS'), 'success'); // STATUS_PENDING
  assert.equal(severityOf(0x40000000, 'NTSTATUS'), 'informational');
  assert.equal(severityOf(0x80000005, 'NTSTATUS'), 'warning'); // STATUS_BUFFER_OVERFLOW
  assert.equal(severityOf(0xc0000104, 'NTSTATUS'), 'error');
  assert.equal(severityOf(0, 'WIN32'), 'success');
  assert.equal(severityOf(120, 'WIN32'), 'error');
  assert.equal(severityOf(259, 'WIN32'), 'error');
});

test('isSuccess follows SUCCEEDED / NT_SUCCESS / ERROR_SUCCESS', () => {
  assert.equal(isSuccess(0x00090368, 'HRESULT'), true);
  assert.equal(isSuccess(0x80090301, 'HRESULT'), false);
  assert.equal(isSuccess(0x40000000, 'NTSTATUS'), true);
  assert.equal(isSuccess(0x80000005, 'NTSTATUS'), false);
  assert.equal(isSuccess(0, 'WIN32'), true);
  assert.equal(isSuccess(6, 'WIN32'), false);
});

test('facilityOf, codeOf and customerBit decode the fields', () => {
  assert.equal(facilityOf(0x80090301, 'HRESULT'), 9); // FACILITY_SECURITY
  assert.equal(facilityOf(0x80070057, 'HRESULT'), 7); // FACILITY_WIN32
  assert.equal(facilityOf(0xc0000104, 'NTSTATUS'), 0);
  assert.equal(facilityOf(0xc0020001, 'NTSTATUS'), 2); // RPC_NT_*
  assert.equal(facilityOf(0xc0ff0000, 'NTSTATUS'), 0xff);
  assert.equal(facilityOf(0x87ff0000, 'HRESULT'), 0x7ff);
  assert.equal(facilityOf(0x87ff0000 | 0x08000000, 'HRESULT'), 0x7ff); // X bit is not facility
  assert.equal(facilityOf(120, 'WIN32'), 0);
  assert.equal(codeOf(0x80090301), 0x0301);
  assert.equal(customerBit(0xe0000001), true);
  assert.equal(customerBit(0xc0000001), false);
  assert.equal(customerBit(0x20000000), true);
});

test('spaceFromName infers the space from name and value', () => {
  assert.equal(spaceFromName('STATUS_SUCCESS', 0), 'NTSTATUS');
  assert.equal(spaceFromName('STATUS_INVALID_HANDLE', 0xc0000008), 'NTSTATUS');
  assert.equal(spaceFromName('RPC_NT_INVALID_BINDING', 0xc0020003), 'NTSTATUS');
  assert.equal(spaceFromName('ERROR_SUCCESS', 0), 'WIN32');
  assert.equal(spaceFromName('ERROR_CALL_NOT_IMPLEMENTED', 120), 'WIN32');
  assert.equal(spaceFromName('ERROR_NT_CROSS_ENCRYPTION_REQUIRED', 1386), 'WIN32');
  assert.equal(spaceFromName('WAIT_TIMEOUT', 258), 'WIN32');
  assert.equal(spaceFromName('RPC_S_INVALID_STRING_BINDING', 1700), 'WIN32');
  assert.equal(spaceFromName('ERROR_AUDITING_DISABLED', 0xc0090001), 'HRESULT');
  assert.equal(spaceFromName('SEC_E_INVALID_HANDLE', 0x80090301), 'HRESULT');
  assert.equal(spaceFromName('SEC_E_OK', 0), 'HRESULT');
  assert.equal(spaceFromName('S_OK', 0), 'HRESULT');
  assert.equal(spaceFromName('S_FALSE', 1), 'HRESULT');
  assert.equal(spaceFromName('E_NOTIMPL', 0x80004001), 'HRESULT');
});

test('parseStatusNumber reads hex with C suffixes, decimal and "dec (hex)"', () => {
  assert.equal(parseStatusNumber('0x80090301'), 0x80090301);
  assert.equal(parseStatusNumber('0x80090301L'), 0x80090301);
  assert.equal(parseStatusNumber('0X00090368ul'), 0x00090368);
  assert.equal(parseStatusNumber(' 0x5U '), 5);
  assert.equal(parseStatusNumber('120'), 120);
  assert.equal(parseStatusNumber('120L'), 120);
  assert.equal(parseStatusNumber('-2146893055'), 0x80090301);
  assert.equal(parseStatusNumber('5 (0x5)'), 5);
  assert.equal(parseStatusNumber('1208 (0x4B8)'), 1208);
  assert.equal(parseStatusNumber('0x4B8 (1208)'), 1208);
  assert.equal(parseStatusNumber('0'), 0);
});

test('parseStatusNumber rejects text that is not exactly one 32-bit number', () => {
  for (const text of ['', 'ERROR_SUCCESS', '0x', '0x1G', '5 (0x6)', '0x100000000', '4294967296', '12 apples', '1.5', '0x5 0x6', 'see below']) {
    assert.equal(parseStatusNumber(text), undefined, text);
  }
  assert.equal(parseStatusNumber('4294967295'), 0xffffffff);
});
