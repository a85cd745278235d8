/**
 * Fixture-driven header tests: each folder in test/fixtures/headers/<case>/ is a small headers
 * folder (written for these tests) beside `expected.json`, a subset of the `HeaderIndex` that
 * indexing the folder must produce. `expected.json` may also hold `lookup`: for a lookup method
 * (`resolveTypedef`, `record`, `status`, …) a map from argument to the expected result (a subset;
 * `null` for "nothing found"). A new feature or bad-input case is a new folder, not new code.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createHeaderLookup, indexHeaders, type HeaderLookup } from '../src/headers/index.js';
import { FIXTURES, subsetMismatch } from './helpers.js';

const dir = path.join(FIXTURES, 'headers');

type LookupMethod = Exclude<keyof HeaderLookup, 'index'>;

for (const name of readdirSync(dir).sort()) {
  test(`header fixture: ${name}`, () => {
    const folder = path.join(dir, name);
    const { lookup: lookups, ...expected } = JSON.parse(readFileSync(path.join(folder, 'expected.json'), 'utf8')) as {
      lookup?: Partial<Record<LookupMethod, Record<string, unknown>>>;
    };
    const index = indexHeaders([path.join(folder, 'include')]);
    const mismatch = subsetMismatch(index, expected);
    assert.equal(mismatch, undefined, mismatch);
    const lookup = createHeaderLookup(index);
    for (const [method, cases] of Object.entries(lookups ?? {})) {
      for (const [argument, want] of Object.entries(cases ?? {})) {
        const got = (lookup[method as LookupMethod] as (name: string) => unknown)(argument) ?? null;
        const problem = subsetMismatch(got, want, `${method}(${argument})`);
        assert.equal(problem, undefined, problem);
      }
    }
  });
}
