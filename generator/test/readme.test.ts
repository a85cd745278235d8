/** The README documents every diagnostic code and every command as they are. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { diagnosticsMarkdownTable } from '../src/diagnostics.js';
import { ROOT } from './helpers.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

test('the README diagnostics table matches the catalogue (npm run readme:diagnostics rewrites it)', () => {
  assert.ok(readme.includes(`<!-- diagnostics:start -->\n${diagnosticsMarkdownTable()}\n<!-- diagnostics:end -->`));
});

test('the README shows the two commands and every docgen command', () => {
  assert.match(readme, /npm ci && npx docgen generate/);
  assert.match(readme, /^npm test/m);
  for (const command of ['generate', 'check', 'diff', 'inspect']) assert.match(readme, new RegExp(`docgen ${command}`));
});
