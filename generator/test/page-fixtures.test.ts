/**
 * Fixture-driven reader tests: each folder in test/fixtures/pages/<case>/ holds one page
 * (`input.md` or `input.txt`) beside `expected.json`, a subset of the PageModel the page must
 * produce. A new format feature is a new folder, not new test code. `"$absent"` in `expected.json`
 * lists dotted paths (`apis.0.language`) that the page model must not have. An optional
 * `options.json` gives the page's path in the docs folder (`file`, default the input's name) and
 * the `links` setting it is read with.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readPage } from '../src/readers/index.js';
import { resolveDocsLinks, type DocsLinksSetting } from '../src/readers/doc-links.js';
import { FIXTURES, subsetMismatch } from './helpers.js';

const dir = path.join(FIXTURES, 'pages');
for (const name of readdirSync(dir).sort()) {
  test(`page fixture: ${name}`, () => {
    const files = readdirSync(path.join(dir, name));
    const input = files.find((f) => f.startsWith('input.'));
    assert.ok(input, `${name} has no input.* file`);
    const { $absent = [], ...expected } = JSON.parse(readFileSync(path.join(dir, name, 'expected.json'), 'utf8')) as { $absent?: string[] };
    const options = files.includes('options.json')
      ? (JSON.parse(readFileSync(path.join(dir, name, 'options.json'), 'utf8')) as { file?: string; links?: DocsLinksSetting })
      : {};
    const page = readPage(options.file ?? input, readFileSync(path.join(dir, name, input), 'utf8'), { links: resolveDocsLinks(options.links) });
    const mismatch = subsetMismatch(page, expected);
    assert.equal(mismatch, undefined, mismatch);
    for (const where of $absent) assert.equal(valueAt(page, where), undefined, `${where} must be absent`);
  });
}

/** The value at a dotted path (`apis.0.language`), undefined when any step is missing. */
function valueAt(value: unknown, where: string): unknown {
  let current = value;
  for (const step of where.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}
