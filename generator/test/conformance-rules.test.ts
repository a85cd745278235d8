/** The condition-pattern table: one test per rule, on sentences written here and the seeds' own. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiKinds, classifyCode, parameterKinds, type CaseKind, type Severity } from '../src/conditions/rules.js';
import type { Api, ApiParameter } from '../src/model/spec.js';

const kinds = (sentence: string, name: string, severity?: Severity): CaseKind[] => classifyCode({ sentence, name, severity }).kinds;

test('success', () => {
  assert.deepEqual(kinds('If the function succeeds, the return value is STATUS_SUCCESS.', 'STATUS_SUCCESS', 'success'), ['success']);
  assert.deepEqual(kinds('If the callback was registered, the return value is SEC_E_OK.', 'SEC_E_OK', 'success'), ['success']);
  assert.deepEqual(kinds('The object was created successfully.', 'S_OK'), ['success']);
  assert.ok(!kinds('If the function succeeds, the return value is X.', 'E_FAIL', 'error').includes('success'));
});

test('already-deleted (and success from the same sentence)', () => {
  assert.deepEqual(kinds('If the function succeeds or the handle has already been deleted, the return value is SEC_E_OK.', 'SEC_E_OK', 'success'), ['already-deleted', 'success']);
  assert.deepEqual(kinds('The key was already freed.', 'S_FALSE', 'success'), ['already-deleted']);
});

test('invalid-handle', () => {
  assert.deepEqual(kinds('The handle passed to the function is not valid.', 'SEC_E_INVALID_HANDLE', 'error'), ['invalid-handle']);
  assert.deepEqual(kinds('If the context is not valid, the return value is SEC_E_INVALID_HANDLE.', 'SEC_E_INVALID_HANDLE', 'error'), ['invalid-handle']);
  assert.deepEqual(kinds('An invalid handle was specified.', 'ERROR_GEN_FAILURE', 'error'), ['invalid-handle']);
});

test('null-parameter', () => {
  assert.deepEqual(kinds('The pszName parameter is NULL.', 'ERROR_BAD_ARGUMENTS', 'error'), ['null-parameter']);
  assert.deepEqual(kinds('One or more parameters are not valid.', 'E_INVALIDARG', 'error'), ['null-parameter']);
  assert.deepEqual(kinds('Something.', 'STATUS_INVALID_PARAMETER', 'error'), ['null-parameter']);
});

test('not-found', () => {
  assert.deepEqual(kinds('The specified logon session could not be found.', 'STATUS_NO_SUCH_LOGON_SESSION', 'error'), ['not-found']);
  assert.deepEqual(kinds('The package does not exist.', 'SEC_E_SECPKG_NOT_FOUND', 'error'), ['not-found']);
  assert.deepEqual(kinds('There is no such user.', 'ERROR_X', 'error'), ['not-found']);
});

test('async: queued, pending, complete', () => {
  assert.deepEqual(kinds('Returns SEC_E_OK if the async request to delete the security context was successfully queued for execution.', 'SEC_E_OK', 'success'), ['async-queued']);
  assert.deepEqual(kinds('While the call is still in progress, the return value is SEC_I_ASYNC_CALL_PENDING.', 'SEC_I_ASYNC_CALL_PENDING', 'informational'), ['async-pending']);
  assert.deepEqual(kinds('When the call has completed successfully, the return value is SEC_E_OK.', 'SEC_E_OK', 'success'), ['async-complete']);
  assert.deepEqual(kinds('The operation is pending.', 'ERROR_IO_PENDING', 'error'), ['async-pending']);
});

test('untestable and object-state are exclusive', () => {
  assert.deepEqual(kinds('Not enough memory is available to complete this request.', 'SEC_E_INSUFFICIENT_MEMORY', 'error'), ['untestable']);
  assert.deepEqual(kinds('An internal error occurred; the handle is not valid.', 'SEC_E_INTERNAL_ERROR', 'error'), ['untestable']);
  assert.deepEqual(
    kinds('The specified logon session has a reference count value that prevents it from being deleted. This is a serious problem.', 'STATUS_BAD_LOGON_SESSION_STATE', 'error'),
    ['untestable'],
  );
  assert.deepEqual(kinds('The file is in use by another process.', 'ERROR_SHARING_VIOLATION', 'error'), ['object-state']);
});

test('an unrecognised sentence becomes an untestable todo, flagged unrecognised', () => {
  assert.deepEqual(classifyCode({ sentence: 'The frobnicator declined.', name: 'E_FROB', severity: 'error' }), { kinds: ['untestable'], recognised: false });
});

const api = (over: Partial<Api>): Api => ({ name: 'X', kind: 'function', parameters: [], fields: [], seeAlso: [], requirements: { kernelModeOnly: false }, variants: [], groups: [], sources: [], ...over }) as Api;
const src = { file: 'f.md', line: 1 };

test('use-after-delete (API scope)', () => {
  const remarks = { text: 'After the security context is successfully deleted, further use of that security context is not permitted and the handle is no longer valid.', source: src };
  assert.deepEqual(apiKinds(api({ name: 'DeleteSecurityContext', remarks })), ['use-after-delete']);
  assert.deepEqual(apiKinds(api({ name: 'CloseWidget', remarks: { text: 'The handle must not be used after this call.', source: src } })), ['use-after-delete']);
  assert.deepEqual(apiKinds(api({ name: 'QueryContextAttributes', remarks })), [], 'not a deleter');
});

test('callback-fires (API scope)', () => {
  const description = { text: 'A function of this type, registered with SspiSetAsyncNotifyCallback, is called once when the asynchronous call tracked by a context completes.', source: src };
  assert.deepEqual(apiKinds(api({ kind: 'callback', description })), ['callback-fires', 'callback-once']);
  assert.deepEqual(apiKinds(api({ kind: 'function', description })), []);
});

test('null-accepted (parameter scope)', () => {
  const p = (description: string, optional = true): ApiParameter => ({ name: 'Handle', optional, type: 'void *', typeResolution: 'prototype', description, source: src });
  assert.deepEqual(parameterKinds(p('The context to free. NULL is allowed and does nothing.')), ['null-accepted']);
  assert.deepEqual(parameterKinds(p('This parameter can be NULL.')), ['null-accepted']);
  assert.deepEqual(parameterKinds(p('This parameter can be NULL.', false)), []);
});

const desc = (text: string) => ({ text, source: src });

test('callback-once (API scope): "called once when", not "called once the call completes"', () => {
  assert.deepEqual(apiKinds(api({ kind: 'callback', description: desc('A function of this type is called once when the asynchronous call tracked by a context completes.') })), [
    'callback-fires',
    'callback-once',
  ]);
  assert.ok(apiKinds(api({ kind: 'callback', description: desc('The routine is invoked exactly once for each request.') })).includes('callback-once'));
  // "once" as a conjunction ("as soon as") promises no count.
  assert.deepEqual(apiKinds(api({ kind: 'callback', description: desc('The callback is called once the operation completes.') })), ['callback-fires']);
  // A rule for the caller is not a promise of the callback.
  assert.deepEqual(apiKinds(api({ kind: 'callback', description: desc('The manager may request the value only once per indication.') })), []);
});

test('callback-fires (API scope) from a registrar: "registers a callback that is called …"', () => {
  assert.deepEqual(apiKinds(api({ description: desc('The SetNotify function registers a callback that is called once the call completes.') })), ['callback-fires']);
  assert.deepEqual(apiKinds(api({ description: desc('The function registers the device.') })), []);
});

test('callback-removed and callback-optional (API scope, remarks)', () => {
  const remarks = desc(
    'On async call completion, callers can choose to opt out of receiving a notification by avoiding setting a callback for a new context or by removing the callback using SetNotify with a null parameter.',
  );
  assert.deepEqual(apiKinds(api({ remarks })), ['callback-removed', 'callback-optional']);
  assert.deepEqual(apiKinds(api({ remarks: desc('Unregister the callback before unloading.') })), []);
});

test('returns-new-object and null-return (API scope, return value of a function without codes)', () => {
  const returns = (description: string) => ({ description, codes: [], exhaustive: true, source: src });
  assert.deepEqual(apiKinds(api({ returns: returns('A pointer to the new context, or NULL when there is not enough memory to create one.') })), ['returns-new-object', 'null-return']);
  assert.deepEqual(apiKinds(api({ returns: returns('Returns a handle to the newly created event object.') })), ['returns-new-object']);
  assert.deepEqual(apiKinds(api({ returns: returns('This function does not return a value.') })), []);
});

test('context-reuse, release-while-pending, not-notified (API scope: visible todos)', () => {
  assert.deepEqual(apiKinds(api({ description: desc('One context tracks one call at a time; it can be reused with ReinitContext.') })), ['context-reuse']);
  assert.deepEqual(
    apiKinds(api({ remarks: desc('If opting out, the caller should free the context with FreeContext immediately after calling DeleteAsync.') })),
    ['release-while-pending'],
  );
  assert.deepEqual(apiKinds(api({ kind: 'callback', remarks: desc('Packages are not notified when a session is deleted this way.') })), ['not-notified']);
});

test('callback-data, callback-context, callback-removed (parameter scope)', () => {
  const p = (description: string, optional = true): ApiParameter => ({ name: 'X', optional, type: 'void *', typeResolution: 'prototype', description, source: src });
  const fnKind = { kind: 'function' as const };
  const cbKind = { kind: 'callback' as const };
  assert.deepEqual(parameterKinds(p('A value passed unchanged to the callback.'), fnKind), ['callback-data']);
  assert.deepEqual(parameterKinds(p('The value given to SetNotify.'), cbKind), ['callback-data']);
  assert.deepEqual(parameterKinds(p('The value given to SetNotify.'), fnKind), [], 'the callback side only on a callback');
  assert.deepEqual(parameterKinds(p('The context of the call that completed. Read the result with GetStatus.', false), cbKind), ['callback-context']);
  assert.deepEqual(parameterKinds(p('The context to watch.', false), cbKind), []);
  assert.deepEqual(parameterKinds(p('The function to call. A NULL callback removes the registration, and the caller is then not notified.', false), fnKind), ['callback-removed']);
  assert.deepEqual(parameterKinds(p('The function to call on completion.', false), fnKind), []);
});
