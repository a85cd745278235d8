/**
 * Rewrites the diagnostics table in README.md from the catalogue in src/diagnostics.ts.
 * Usage: node generator/dist/scripts/readme-diagnostics.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnosticsMarkdownTable } from '../src/diagnostics.js';

const readme = fileURLToPath(new URL('../../../README.md', import.meta.url));
const text = readFileSync(readme, 'utf8');
const next = text.replace(/(<!-- diagnostics:start -->\n)[^]*?(\n<!-- diagnostics:end -->)/, `$1${diagnosticsMarkdownTable()}$2`);
if (next === text && !text.includes(diagnosticsMarkdownTable())) {
  process.stderr.write('README.md has no <!-- diagnostics:start --> / <!-- diagnostics:end --> markers.\n');
  process.exitCode = 1;
} else {
  writeFileSync(readme, next);
}
