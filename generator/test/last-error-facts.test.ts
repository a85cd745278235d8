/**
 * lastErrorFacts: whether an API's docs say to call GetLastError, and which failure value they give,
 * read from the returns and remarks text by general patterns (the phrasings below are the shapes
 * Microsoft's pages use, written in our own words), then on the seeds and on a doc set of our own.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { failureClauses, lastErrorFacts, type LastErrorFacts } from '../src/conditions/last-error.js';
import { specFromDocs } from '../src/pipeline.js';
import { DOCS, FIXTURES } from './helpers.js';

const SOURCE = { file: 'x.md', line: 1 };
function facts(returns: string, remarks = '', kind: 'function' | 'callback' | 'structure' = 'function'): LastErrorFacts | null {
  return lastErrorFacts({
    kind,
    returns: { description: returns, codes: [], exhaustive: true, source: SOURCE },
    ...(remarks ? { remarks: { text: remarks, source: SOURCE } } : {}),
  });
}
const failure = (returns: string, remarks = '') => {
  const f = facts(returns, remarks);
  return f?.failure ? `${f.failure.kind}:${f.failure.text}` : f ? 'unknown' : 'no GetLastError';
};

test('the failure value comes from the clause that describes failure', () => {
  assert.equal(failure('If the function succeeds, the function returns nonzero.\n\nIf the function fails, it returns zero. To get extended error information, call GetLastError.'), 'zero:zero');
  assert.equal(failure('Widget returns TRUE if it succeeds; otherwise, it returns FALSE. Use GetLastError to get extended error information.'), 'zero:FALSE');
  assert.equal(failure('If the call succeeds, the function returns TRUE. Otherwise the function returns FALSE, and an error code can be obtained by calling GetLastError.'), 'zero:FALSE');
  assert.equal(failure('If the function fails, the return value is INVALID_HANDLE_VALUE. To get extended error information, call GetLastError.'), 'invalid-handle:INVALID_HANDLE_VALUE');
  assert.equal(failure('If the function succeeds, the return value is a pointer to the block. If the function fails, the return value is NULL. Call GetLastError for details.'), 'zero:NULL');
  assert.equal(failure('The number of items. If the function fails, the return value is (DWORD)-1. Call GetLastError to learn why.'), 'minus-one:-1');
  assert.equal(failure('The length, or 0 if an error occurs. To get extended error information, call GetLastError.'), 'zero:0');
  assert.equal(failure('A handle to the new widget, or NULL on failure (call GetLastError).'), 'zero:NULL');
  assert.equal(failure('If the function fails, FALSE is returned. Call GetLastError for the reason.'), 'zero:FALSE');
  assert.equal(
    failure('If the operation works, Frob returns a value greater than zero. Otherwise, Frob returns a value that is less than or equal to zero. For information about the error, use the GetLastError function.'),
    'nonpositive:less than or equal to zero',
  );
});

test('values that are not the failure value are not read as one', () => {
  // nonzero, non-zero and comparisons are not "zero"; values outside a failure clause do not count.
  assert.equal(failure('If the function fails, the return value is nonzero. Call GetLastError.'), 'unknown');
  assert.equal(failure('If the function fails, the return value is non-zero; call GetLastError.'), 'unknown');
  assert.equal(failure('If the function succeeds, the return value is zero. Call GetLastError when it is not.'), 'unknown');
  assert.equal(failure('If the function fails, the return value is 0x80004005. Call GetLastError.'), 'unknown');
  // What GetLastError returns is the error code, not the function's failure return.
  assert.equal(
    failure('If the function fails because the name is NULL, GetLastError returns ERROR_INVALID_PARAMETER. If the function fails, the return value is INVALID_HANDLE_VALUE.'),
    'invalid-handle:INVALID_HANDLE_VALUE',
  );
  // Two kinds of failure value: unknown rather than a guess.
  assert.equal(failure('If the function fails, the return value is zero, or INVALID_HANDLE_VALUE for a file. Call GetLastError.'), 'unknown');
  assert.deepEqual(failureClauses('It returns TRUE if it succeeds; otherwise, it returns FALSE.'), [', it returns FALSE.']);
});

test('only a sentence that tells the caller to call GetLastError counts', () => {
  assert.equal(failure('If the function fails, the return value is zero.'), 'no GetLastError');
  assert.equal(failure('This function cannot fail and does not set the last error, so do not call GetLastError after it.'), 'no GetLastError');
  assert.equal(failure('If the function fails, the return value is zero. GetLastError does not return extended information for it.'), 'no GetLastError');
  assert.equal(failure('If the function fails, the return value is SOCKET_ERROR (-1). Call WSAGetLastError for the reason.'), 'no GetLastError');
  assert.equal(failure('Returns zero on failure. See IWidget::GetLastErrorInfo.'), 'no GetLastError');
  // The remarks may say it; the failure value still comes from the returns text.
  assert.deepEqual(facts('If the function fails, the return value is zero.', 'When the call cannot be completed, call GetLastError to learn why.'), {
    section: 'remarks',
    failure: { kind: 'zero', text: 'zero', section: 'returns' },
  });
  assert.equal(facts('Call GetLastError.', '', 'structure'), null, 'only functions and callbacks have last-error facts');
});

test('docs/ (the seeds) name no GetLastError; the widget.h doc set of our own does, and says which failure value', async () => {
  const seeds = await specFromDocs(DOCS);
  assert.deepEqual(seeds.spec.apis.filter((a) => lastErrorFacts(a) !== null).map((a) => a.name), [], 'SSPI functions return statuses; none says to call GetLastError');
  const widget = await specFromDocs(path.join(FIXTURES, 'loader-last-error/docs'));
  const byName = Object.fromEntries(widget.spec.apis.map((a) => [a.name, lastErrorFacts(a)]));
  assert.deepEqual(byName, {
    CheckWidgetAccess: null,
    CloseWidget: { section: 'returns', failure: { kind: 'zero', text: 'zero', section: 'returns' } },
    CountWidgets: { section: 'remarks', failure: { kind: 'minus-one', text: '-1', section: 'returns' } },
    OpenWidget: { section: 'returns', failure: { kind: 'invalid-handle', text: 'INVALID_HANDLE_VALUE', section: 'returns' } },
    VisitWidgets: { section: 'returns', failure: { kind: 'zero', text: 'FALSE', section: 'returns' } },
    // "Return TRUE to go on, or FALSE to stop" states no failure; "a callback that fails" gives no value.
    WIDGET_VISIT_CALLBACK: { section: 'returns', failure: null },
    WidgetVersion: null,
  });
});
