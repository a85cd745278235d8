/**
 * C headers through the CLI: `check` with the same headers is in step (warm, from the header
 * caches, and cold), and says which header changed when one does; a run without the headers
 * says that spec.json was generated with them.
 */
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FIXTURES, runCli, tempDir } from './helpers.js';

test('check is in step with the same headers and names a header that changed', async () => {
  const dir = tempDir('headers-check');
  cpSync(path.join(FIXTURES, 'docsets/headers-source'), dir, { recursive: true });
  const flags = ['--docs', 'docs', '--headers', 'headers', '--cache', 'cache'];
  assert.equal((await runCli(['generate', ...flags, '--quiet'], dir)).code, 0);
  const spec = JSON.parse(readFileSync(path.join(dir, 'generated/spec.json'), 'utf8')) as { headers: Array<{ file: string }> };
  assert.deepEqual(spec.headers.map((h) => h.file), ['um/widget.h']);

  const warm = await runCli(['check', ...flags], dir);
  assert.equal(warm.code, 0, warm.out + warm.err);
  const cold = await runCli(['check', '--docs', 'docs', '--headers', 'headers', '--no-cache'], dir);
  assert.equal(cold.code, 0, cold.out + cold.err);

  appendFileSync(path.join(dir, 'headers/um/widget.h'), '\n#define STATUS_WIDGET_GONE ((NTSTATUS)0xC0AB0003L)\n');
  const changed = await runCli(['check', ...flags], dir);
  assert.equal(changed.code, 1);
  assert.match(changed.out, /The C headers differ from those spec\.json records:\n {2}changed: um\/widget\.h \(headers folder 1\)/);

  const without = await runCli(['check', '--docs', 'docs', '--no-cache'], dir);
  assert.equal(without.code, 1);
  assert.match(without.out, /spec\.json was generated with headers; this run reads none/);
});
