/**
 * The spec is the same whichever way it is built: the library (`specFromDocs`, what `inspect`,
 * `diff` and the tests use) and the CLI (`docgen generate`, cold and warm through the build state)
 * give byte-identical spec.json on the repository's docs/ and on doc-set fixtures, with and without
 * C headers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { specFromDocs } from '../src/pipeline.js';
import { DOCS, FIXTURES, runCli, tempDir } from './helpers.js';

const cases: Array<{ name: string; docs: string; headers: string[] }> = [
  { name: 'docs/', docs: DOCS, headers: [] },
  { name: 'the headers fixture', docs: path.join(FIXTURES, 'docsets/headers-source/docs'), headers: [path.join(FIXTURES, 'docsets/headers-source/headers')] },
  { name: 'the merge fixture', docs: path.join(FIXTURES, 'docsets/merge-and-types/docs'), headers: [] },
  { name: 'the ours-give-way fixture', docs: path.join(FIXTURES, 'docsets/ours-give-way/docs'), headers: [] },
];

for (const c of cases) {
  test(`the library and the CLI give the same spec: ${c.name}`, async () => {
    const { spec } = await specFromDocs(c.docs, { headers: c.headers });
    const library = `${JSON.stringify(spec, null, 2)}\n`;
    const dir = tempDir('spec-paths');
    const flags = ['--docs', c.docs, '--out', path.join(dir, 'out'), '--cache', path.join(dir, 'cache'), '--quiet', ...c.headers.flatMap((h) => ['--headers', h])];
    for (const run of ['cold', 'warm']) {
      const result = await runCli(['generate', ...flags], dir);
      assert.ok(result.code === 0 || result.code === 1, `${run}: exit ${result.code}\n${result.err}`);
      assert.equal(readFileSync(path.join(dir, 'out/spec.json'), 'utf8'), library, `${run} CLI run`);
    }
  });
}
