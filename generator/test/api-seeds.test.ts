/** The seed API pages in docs/ (Markdown and rendered) through readPage: the key facts each must yield. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ApiPage, PageModel } from '../src/model/page.js';
import { readPage } from '../src/readers/index.js';
import { DOCS } from './helpers.js';

function read(file: string): PageModel {
  return readPage(file, readFileSync(path.join(DOCS, file), 'utf8'));
}

function only(page: PageModel): ApiPage {
  assert.equal(page.apis.length, 1);
  const api = page.apis[0];
  assert.ok(api);
  return api;
}

test('DeleteSecurityContext (apiref, HTML return table)', () => {
  const page = read('sspi/DeleteSecurityContext.md');
  assert.equal(page.format, 'apiref');
  const api = only(page);
  assert.equal(api.name, 'DeleteSecurityContext');
  assert.equal(api.kind, 'function');
  assert.equal(api.header, 'sspi.h');
  assert.deepEqual(api.parameters.map((p) => [p.name, p.direction]), [['phContext', 'in']]);
  assert.equal(api.requirements.dll, 'Secur32.dll');
  assert.equal(api.requirements.library, 'Secur32.lib');
  assert.equal(api.requirements.includeHeader, 'Security.h');
  const codes = api.returns?.codes ?? [];
  assert.deepEqual(codes.map((c) => c.name), ['SEC_E_OK', 'SEC_E_INVALID_HANDLE']);
  assert.equal(codes[0]?.condition, 'If the function succeeds or the handle has already been deleted, the return value is SEC_E_OK.');
  assert.equal(codes[1]?.description, 'The handle passed to the function is not valid.');
  assert.deepEqual(api.seeAlso.map((l) => l.api), ['AcceptSecurityContext', 'InitializeSecurityContext', undefined]);
});

test('SspiDeleteSecurityContextAsync (apiref and rendered agree)', () => {
  for (const file of ['sspi/SspiDeleteSecurityContextAsync.md', 'sspi/SspiDeleteSecurityContextAsync.rendered.txt']) {
    const page = read(file);
    const api = only(page);
    assert.equal(api.name, 'SspiDeleteSecurityContextAsync', file);
    assert.deepEqual(api.parameters.map((p) => p.name), ['AsyncContext', 'phContext'], file);
    assert.equal(api.requirements.kernelModeOnly, true, file);
    assert.equal(api.requirements.minClient, 'Windows 10, version 1607 [kernel-mode drivers only]', file);
    const codes = api.returns?.codes ?? [];
    assert.deepEqual(codes.map((c) => c.name), ['SEC_E_OK', 'SEC_I_ASYNC_CALL_PENDING', 'SEC_E_INVALID_HANDLE'], file);
    assert.match(codes[1]?.condition ?? '', /SEC_I_ASYNC_CALL_PENDING if the call is still in progress/, file);
    assert.equal(api.seeAlso.find((l) => l.text === 'DeleteSecurityContext')?.api, 'DeleteSecurityContext', file);
  }
  assert.equal(read('sspi/SspiDeleteSecurityContextAsync.rendered.txt').format, 'rendered');
});

test('LSA_DELETE_LOGON_SESSION (rendered callback)', () => {
  const page = read('lsa/LSA_DELETE_LOGON_SESSION.rendered.txt');
  assert.equal(page.format, 'rendered');
  const api = only(page);
  assert.equal(api.name, 'LSA_DELETE_LOGON_SESSION');
  assert.equal(api.kind, 'callback');
  assert.equal(api.header, 'ntsecpkg.h');
  assert.deepEqual(api.parameters.map((p) => [p.name, p.direction, p.directionFrom]), [['LogonId', 'in', 'annotation']]);
  const returns = api.returns;
  assert.ok(returns);
  assert.deepEqual(returns.codes.map((c) => c.name), ['STATUS_SUCCESS', 'STATUS_BAD_LOGON_SESSION_STATE', 'STATUS_NO_SUCH_LOGON_SESSION']);
  assert.equal(returns.codes[0]?.condition, 'If the function succeeds, the return value is STATUS_SUCCESS.');
  // "one of the following values or one of the LSA Policy Function Return Values": an open list.
  assert.equal(returns.exhaustive, false);
  assert.equal(api.requirements.minServer, 'Windows Server 2003 [desktop apps only]');
  assert.deepEqual(api.seeAlso.map((l) => l.api), ['CreateLogonSession', 'LSA_DISPATCH_TABLE', 'LSA_SECPKG_FUNCTION_TABLE']);
});
