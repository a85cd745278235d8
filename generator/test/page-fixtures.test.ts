/**
 * Fixture-driven reader tests: each folder in test/fixtures/pages/<case>/ holds one page
 * (`input.md` or `input.txt`) beside `expected.json`, a subset of the PageModel the page must
 * produce. A new format feature is a new folder, not new test code.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readPage } from '../src/readers/index.js';
import { FIXTURES, subsetMismatch } from './helpers.js';

const dir = path.join(FIXTURES, 'pages');
for (const name of readdirSync(dir).sort()) {
  test(`page fixture: ${name}`, () => {
    const files = readdirSync(path.join(dir, name));
    const input = files.find((f) => f.startsWith('input.'));
    assert.ok(input, `${name} has no input.* file`);
    const expected: unknown = JSON.parse(readFileSync(path.join(dir, name, 'expected.json'), 'utf8'));
    const page = readPage(input, readFileSync(path.join(dir, name, input), 'utf8'));
    const mismatch = subsetMismatch(page, expected);
    assert.equal(mismatch, undefined, mismatch);
  });
}
