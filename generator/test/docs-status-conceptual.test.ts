/**
 * The project's own docs/: the seed conceptual page and our status-code reference, read through
 * the page dispatcher as `docgen` reads them.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { PageModel } from '../src/model/page.js';
import { readPage } from '../src/readers/index.js';
import { hex8 } from '../src/status/decode.js';
import { DOCS } from './helpers.js';

function docsPages(): PageModel[] {
  const out: PageModel[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(readPage(path.relative(DOCS, full).split(path.sep).join('/'), readFileSync(full, 'utf8')));
    }
  };
  walk(DOCS);
  return out;
}

const pages = docsPages();

function byFormat(format: PageModel['format']): PageModel[] {
  return pages.filter((p) => p.format === format);
}

test('docs: the asynchronous-contexts article gives its API groups', () => {
  const conceptual = byFormat('conceptual').filter((p) => p.title === 'Asynchronous Contexts');
  assert.equal(conceptual.length, 1, 'one conceptual page titled "Asynchronous Contexts"');
  const page = conceptual[0] as PageModel;
  const groups = Object.fromEntries(page.groups.map((g) => [g.name, g.members.map((m) => m.api)]));
  assert.deepEqual(groups, {
    'Async context management types': ['SspiAsyncNotifyCallback'],
    'Async context management functions': [
      'SspiCreateAsyncContext',
      'SspiReinitAsyncContext',
      'SspiSetAsyncNotifyCallback',
      'SspiAsyncContextRequiresNotify',
      'SspiGetAsyncCallStatus',
      'SspiFreeAsyncContext',
    ],
    'Async SSPI functions': [
      'SspiAcquireCredentialsHandleAsync',
      'SspiAcceptSecurityContextAsync',
      'SspiInitializeSecurityContextAsync',
      'SspiDeleteSecurityContextAsync',
      'SspiFreeCredentialsHandleAsync',
    ],
  });
  for (const group of page.groups) {
    assert.equal(group.page, 'Asynchronous Contexts');
    for (const m of group.members) {
      assert.ok(m.description.length > 10, `${m.api} has a description`);
      assert.equal(m.source.file, page.file);
      assert.ok(m.source.line > 1);
    }
  }
  const free = page.groups[1]?.members.find((m) => m.api === 'SspiFreeAsyncContext');
  assert.equal(free?.description, 'Frees up a context created in the call to the SspiCreateAsyncContext function.');
});

test('docs: the asynchronous-contexts article gives the 5-step call flow and the sample calls', () => {
  const page = byFormat('conceptual').find((p) => p.title === 'Asynchronous Contexts') as PageModel;
  assert.equal(page.flows.length, 1);
  const flow = page.flows[0];
  assert.equal(flow?.name, 'API Sample');
  assert.deepEqual(
    flow?.steps.map((s) => s.apis),
    [
      ['SspiCreateAsyncContext'],
      // The step's link text says SspiAsyncNotifyCallback, but it links to SspiSetAsyncNotifyCallback.
      ['SspiSetAsyncNotifyCallback'],
      ['SspiAcceptSecurityContextAsync'],
      ['SspiGetAsyncCallStatus'],
      ['SspiDeleteSecurityContextAsync', 'SspiReinitAsyncContext'],
    ],
  );
  assert.match(flow?.steps[0]?.text ?? '', /^Create SspiAsyncContext context to track call/);
  const lines = flow?.steps.map((s) => s.source.line) ?? [];
  assert.deepEqual(lines, lines.map((_, i) => (lines[0] ?? 0) + i), 'one step per consecutive line');

  assert.equal(page.samples.length, 1);
  assert.equal(page.samples[0]?.language, 'cpp');
  assert.deepEqual(page.samples[0]?.calls, [
    'SspiGetAsyncCallStatus',
    'SspiFreeAsyncContext',
    'SspiCreateAsyncContext',
    'SspiSetAsyncNotifyCallback',
    'SspiAcceptSecurityContextAsync',
  ]);
});

test('docs: our status-code page defines every code the seeds and stubs need, in its stated space', () => {
  const status = byFormat('status-reference');
  assert.equal(status.length, 1, 'one status-code reference in docs/');
  const codes = new Map((status[0] as PageModel).statusCodes.map((c) => [c.name, c]));
  const expected: [string, number, string][] = [
    ['SEC_E_OK', 0x00000000, 'HRESULT'],
    ['SEC_I_ASYNC_CALL_PENDING', 0x00090368, 'HRESULT'],
    ['SEC_E_INVALID_HANDLE', 0x80090301, 'HRESULT'],
    ['SEC_E_UNSUPPORTED_FUNCTION', 0x80090302, 'HRESULT'],
    ['SEC_E_INVALID_TOKEN', 0x80090308, 'HRESULT'],
    ['SEC_E_INSUFFICIENT_MEMORY', 0x80090300, 'HRESULT'],
    ['SEC_E_INTERNAL_ERROR', 0x80090304, 'HRESULT'],
    ['E_NOTIMPL', 0x80004001, 'HRESULT'],
    ['E_INVALIDARG', 0x80070057, 'HRESULT'],
    ['S_OK', 0, 'HRESULT'],
    ['STATUS_SUCCESS', 0x00000000, 'NTSTATUS'],
    ['STATUS_BAD_LOGON_SESSION_STATE', 0xc0000104, 'NTSTATUS'],
    ['STATUS_NO_SUCH_LOGON_SESSION', 0xc000005f, 'NTSTATUS'],
    ['STATUS_NOT_IMPLEMENTED', 0xc0000002, 'NTSTATUS'],
    ['STATUS_INVALID_PARAMETER', 0xc000000d, 'NTSTATUS'],
    ['STATUS_INVALID_HANDLE', 0xc0000008, 'NTSTATUS'],
    ['ERROR_SUCCESS', 0, 'WIN32'],
    ['ERROR_CALL_NOT_IMPLEMENTED', 120, 'WIN32'],
    ['ERROR_INVALID_HANDLE', 6, 'WIN32'],
    ['ERROR_INVALID_PARAMETER', 87, 'WIN32'],
  ];
  for (const [name, value, space] of expected) {
    const code = codes.get(name);
    assert.ok(code, `${name} is defined`);
    assert.equal(hex8(code.value), hex8(value), name);
    assert.equal(code.type, space, name);
    assert.ok(code.description.length > 0, `${name} has a description`);
  }
  assert.equal(codes.size, expected.length, 'no unexpected codes');
});

test('docs: every status code a docs page names has a value in docs/', () => {
  const defined = new Set(byFormat('status-reference').flatMap((p) => p.statusCodes.map((c) => c.name)));
  const named = new Set<string>();
  for (const page of pages) {
    for (const api of page.apis) for (const c of api.returns?.codes ?? []) named.add(c.name);
  }
  for (const page of byFormat('conceptual')) {
    for (const s of page.samples) for (const m of s.code.matchAll(/\b(?:SEC_[EI]|STATUS)_[A-Z_]+\b/g)) named.add(m[0]);
  }
  assert.ok(named.has('SEC_I_ASYNC_CALL_PENDING'), 'the seed sample names SEC_I_ASYNC_CALL_PENDING');
  const missing = [...named].filter((n) => !defined.has(n));
  assert.deepEqual(missing, []);
});
