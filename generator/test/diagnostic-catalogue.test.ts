/**
 * Every code of the diagnostics catalogue has a fixture that produces it: a page fixture
 * (`fixtures/pages/<case>/expected.json`), a doc-set fixture (`fixtures/docsets/<case>/expected.json`,
 * its `diagnostics` or the `errorCode` of a run that stops) or a header fixture
 * (`fixtures/headers/<case>/expected.json`). Those fixture tests prove each listed code is produced;
 * this test proves no code is left without one, so the catalogue (and the README table generated
 * from it) promises nothing docgen never says.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DIAGNOSTICS } from '../src/diagnostics.js';
import { FIXTURES } from './helpers.js';

/** The codes an expected.json names: any `code` property, and a doc-set's `errorCode`. */
function codesIn(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) codesIn(v, into);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'code' || key === 'errorCode') && typeof v === 'string' && /^DG\d{4}$/.test(v)) into.add(v);
      else codesIn(v, into);
    }
  }
}

test('every catalogue code has a fixture that produces it', () => {
  const covered = new Set<string>();
  for (const kind of ['pages', 'docsets', 'headers']) {
    const dir = path.join(FIXTURES, kind);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const expected = path.join(dir, name, 'expected.json');
      if (existsSync(expected)) codesIn(JSON.parse(readFileSync(expected, 'utf8')), covered);
    }
  }
  const missing = Object.keys(DIAGNOSTICS).filter((code) => !covered.has(code));
  assert.deepEqual(missing, [], `codes no fixture produces: ${missing.join(', ')}`);
});
