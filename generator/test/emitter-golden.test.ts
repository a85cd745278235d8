/**
 * Emitter golden files: each folder in test/fixtures/emit/<case>/ holds an input spec model
 * (`spec.json`) beside the files the emitters must generate from it (`expected/`, at their paths in
 * the package), and optionally `options.json` (`packageName`, `packageVersion`). A case pins exactly
 * the files in its `expected/` folder, byte for byte; a pinned file the emitters no longer produce
 * fails too. A new case is a new folder, not new test code (see `scripts/update-golden.ts`).
 *
 * When an output changes on purpose, `npm run golden:update` rewrites the pinned files and the
 * change is reviewed as a diff of the fixtures.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createTwoFilesPatch } from 'diff';
import { emitCase, GOLDEN_DIR, goldenCases, pinnedPaths } from '../scripts/update-golden.js';

/** A diff longer than this many lines is cut (the rest is one `golden:update` away). */
const MAX_DIFF_LINES = 120;

function boundedPatch(file: string, expected: string, actual: string): string {
  if (expected.replace(/\r\n/g, '\n') === actual.replace(/\r\n/g, '\n')) {
    return `expected/${file} differs only in line endings (a checkout that converted them? the folder's .gitattributes marks the files -text).`;
  }
  const patch = createTwoFilesPatch(`expected/${file}`, `${file} (emitted)`, expected, actual, '', '', { context: 3 });
  if (!patch.includes('\n@@ ')) return `${file}: the texts differ only in what a line diff does not show (line endings or encoding).`;
  const lines = patch.split('\n');
  return lines.length <= MAX_DIFF_LINES ? patch : `${lines.slice(0, MAX_DIFF_LINES).join('\n')}\n... (${lines.length - MAX_DIFF_LINES} more diff lines)`;
}

const cases = goldenCases();

/** What a case folder may hold (anything else is a typo that would silently change nothing). */
const CASE_ENTRIES = new Set(['spec.json', 'options.json', 'expected']);

test('emitter golden: there are cases, each holds only spec.json, options.json and expected/, and pins at least one file', () => {
  assert.ok(cases.length > 0, `no cases in ${GOLDEN_DIR}`);
  for (const name of cases) {
    const caseDir = path.join(GOLDEN_DIR, name);
    const stray = readdirSync(caseDir).filter((entry) => !CASE_ENTRIES.has(entry));
    assert.deepEqual(stray, [], `${name} holds ${stray.join(', ')}: a case folder holds only ${[...CASE_ENTRIES].join(', ')}`);
    assert.ok(pinnedPaths(caseDir).length > 0, `${name}/expected/ pins no file`);
  }
});

for (const name of cases) {
  test(`emitter golden: ${name}`, () => {
    const caseDir = path.join(GOLDEN_DIR, name);
    const files = emitCase(caseDir);
    const pinned = pinnedPaths(caseDir);
    const missing = pinned.filter((rel) => !files.has(rel));
    if (missing.length > 0) {
      assert.fail(`${name}: the emitters do not produce ${missing.join(', ')}, pinned in expected/. They produce:\n${[...files.keys()].map((p) => `  ${p}`).join('\n')}`);
    }
    const differing = pinned.filter((rel) => !readFileSync(path.join(caseDir, 'expected', rel)).equals(Buffer.from(files.get(rel)!, 'utf8')));
    if (differing.length === 0) return;
    const first = differing[0]!;
    assert.fail(
      `${name}: ${differing.length} of ${pinned.length} pinned file(s) differ from the emitters' output: ${differing.join(', ')}.\n` +
        `If the change is intended, run \`npm run golden:update\` and review the fixture diff. First difference:\n\n` +
        boundedPatch(first, readFileSync(path.join(caseDir, 'expected', first), 'utf8'), files.get(first)!),
    );
  });
}
