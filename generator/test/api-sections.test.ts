/** Unit tests of the building blocks shared by the API-page readers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotationWords, parseAnnotation, proseSaysOptional } from '../src/readers/api-sections/annotations.js';
import { resolveApi } from '../src/readers/api-sections/links.js';
import { splitSentences } from '../src/readers/api-sections/sentences.js';
import { inlineValue, isStatusName } from '../src/readers/api-sections/status-names.js';
import { parseTitle } from '../src/readers/api-sections/title.js';
import { isRenderedPage } from '../src/readers/rendered.js';

test('status names are recognised by shape', () => {
  for (const name of ['SEC_E_OK', 'SEC_I_CONTINUE_NEEDED', 'S_OK', 'S_FALSE', 'E_FAIL', 'STATUS_SUCCESS', 'ERROR_ACCESS_DENIED', 'RPC_S_OK', 'NTE_BAD_KEY', 'CRYPT_E_NOT_FOUND', 'NDIS_STATUS_PENDING', 'HIDP_STATUS_INVALID_PREPARSED_DATA', 'D3DERR_INVALIDCALL', 'NO_ERROR', 'SCARD_W_WRONG_CHV']) {
    assert.ok(isStatusName(name), name);
  }
  for (const name of ['IO_STATUS_BLOCK', 'ASC_REQ_DELEGATE', 'SECBUFFER_TOKEN', 'MAX_PATH', 'NT_SUCCESS', 'LSA_DELETE_LOGON_SESSION', 'STATUS', 'SEC_E', 'TRUE', 'DeleteSecurityContext']) {
    assert.ok(!isStatusName(name), name);
  }
});

test('inline values are read as written', () => {
  assert.equal(inlineValue('0x80090300L'), 0x80090300);
  assert.equal(inlineValue('(5)'), 5);
  assert.equal(inlineValue('no number here'), undefined);
});

test('direction annotations in every notation', () => {
  assert.deepEqual(parseAnnotation('[in]'), { direction: 'in', optional: false });
  assert.deepEqual(parseAnnotation('[in, optional]'), { direction: 'in', optional: true });
  assert.deepEqual(parseAnnotation('[in/out]'), { direction: 'inout', optional: false });
  assert.deepEqual(parseAnnotation('[in, out, optional]'), { direction: 'inout', optional: true });
  assert.deepEqual(parseAnnotation('[out, retval]'), { direction: 'out', optional: false });
  assert.deepEqual(annotationWords('_Inout_opt_'), { direction: 'inout', optional: true });
  assert.deepEqual(parseAnnotation('[InOut]'), { direction: 'inout', optional: false });
  assert.equal(parseAnnotation('[desktop apps only]'), undefined);
  assert.ok(proseSaysOptional('Optional. A tag.'));
  assert.ok(proseSaysOptional('A tag. This parameter is optional.'));
  assert.ok(!proseSaysOptional('A required tag.'));
});

test('sentences split at sentence ends, not abbreviations', () => {
  assert.deepEqual(splitSentences('It fails, e.g. when busy. Then it returns E_FAIL.'), ['It fails, e.g. when busy.', 'Then it returns E_FAIL.']);
});

test('links resolve to API names from text or apiref targets', () => {
  assert.equal(resolveApi('InitializeSecurityContext (General)'), 'InitializeSecurityContext');
  assert.equal(resolveApi('DeleteSecurityContext', 'nf-sspi-deletesecuritycontext.md'), 'DeleteSecurityContext');
  assert.equal(resolveApi('SSPI Functions', '/windows/desktop/SecAuthN/authentication-functions'), undefined);
  assert.equal(resolveApi('the DeleteSecurityContext function', 'nf-sspi-deletesecuritycontext.md'), 'DeleteSecurityContext');
  assert.equal(resolveApi('IUnknown::Release'), 'IUnknown::Release');
});

test('titles give name, kind, header and parent', () => {
  assert.deepEqual(parseTitle('LSA_DELETE_LOGON_SESSION callback function (ntsecpkg.h)'), { name: 'LSA_DELETE_LOGON_SESSION', kind: 'callback', header: 'ntsecpkg.h' });
  assert.deepEqual(parseTitle('IByteBuffer::Clone method'), { name: 'Clone', kind: 'method', parent: 'IByteBuffer' });
  assert.deepEqual(parseTitle('AcceptSecurityContext (General) function'), { name: 'AcceptSecurityContext', kind: 'function' });
  assert.equal(parseTitle('About authentication'), undefined);
});

test('rendered pages are recognised by content only', () => {
  const rendered = 'Foo function (foo.h)\n\nDoes foo.\n\nSyntax\n\nvoid Foo();\n\nParameters\n\nThis function has no parameters.\n';
  assert.ok(isRenderedPage(rendered));
  assert.ok(!isRenderedPage('# Foo function\n\nSyntax\n\nParameters\n'), 'a Markdown heading');
  assert.ok(!isRenderedPage('---\ntitle: x\n---\nSyntax\n\nParameters\n'), 'front matter');
  assert.ok(!isRenderedPage('Foo\n\n<table><tr><td>Syntax</td></tr></table>\nSyntax\nParameters\n'), 'HTML');
  assert.ok(!isRenderedPage('Foo function\n\nSyntax\n\nvoid Foo();\n'), 'only one section line');
});
