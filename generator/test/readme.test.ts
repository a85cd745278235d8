/**
 * The README documents every diagnostic code and every command as they are; the generated package's
 * README lists headers (with counts and a link to each header's page), not APIs, so it stays small
 * on a large doc set.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { diagnosticsMarkdownTable } from '../src/diagnostics.js';
import { ROOT } from './helpers.js';
import { emit, loadSpec } from './emit-helpers.js';
import type { Spec } from '../src/model/spec.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

test('the README diagnostics table matches the catalogue (npm run readme:diagnostics rewrites it)', () => {
  assert.ok(readme.includes(`<!-- diagnostics:start -->\n${diagnosticsMarkdownTable()}\n<!-- diagnostics:end -->`));
});

test('the README shows the two commands and every docgen command', () => {
  assert.match(readme, /npm ci && npx docgen generate/);
  assert.match(readme, /^npm test/m);
  for (const command of ['generate', 'check', 'diff', 'inspect']) assert.match(readme, new RegExp(`docgen ${command}`));
});

/** A spec of `perHeader` structures in each of `headers` headers (structures: described, never bound). */
function wideSpec(headers: string[], perHeader: number): Spec {
  const seed = loadSpec('seed');
  const template = seed.apis.find((a) => a.name === 'DeleteSecurityContext')!;
  const apis = headers.flatMap((header, h) =>
    Array.from({ length: perHeader }, (_, i) => ({
      ...template,
      name: `Struct${h}_${i}`,
      kind: 'structure' as const,
      header,
      parameters: [],
      returns: undefined,
      statusFamily: undefined,
      declaration: undefined,
      requirements: { ...template.requirements, header },
    })),
  );
  return { ...seed, apis };
}

test('the generated README lists headers, not APIs: its size does not grow with the APIs of a header', () => {
  const small = emit(wideSpec(['alpha.h', 'beta.h'], 2)).files;
  const large = emit(wideSpec(['alpha.h', 'beta.h'], 200)).files;
  const rowsOf = (readme: string): string[] => readme.split('\n').filter((l) => l.startsWith('| ['));
  assert.deepEqual(rowsOf(small.get('README.md')!), ['| [alpha.h](docs/alpha.md) | 2 | 2 structures | 0 | no bound APIs |', '| [beta.h](docs/beta.md) | 2 | 2 structures | 0 | no bound APIs |']);
  assert.deepEqual(rowsOf(large.get('README.md')!), ['| [alpha.h](docs/alpha.md) | 200 | 200 structures | 0 | no bound APIs |', '| [beta.h](docs/beta.md) | 200 | 200 structures | 0 | no bound APIs |']);
  assert.ok(Math.abs(large.get('README.md')!.length - small.get('README.md')!.length) < 64, 'only the counts differ');
  assert.ok(!large.get('README.md')!.includes('Struct0_1'), 'no API is listed in the README');
  const alpha = large.get('docs/alpha.md')!;
  assert.equal(alpha.match(/^## Struct0_\d+$/gm)?.length, 200, 'the header page lists every API of its header');
  assert.ok(!alpha.includes('Struct1_'), 'and only those');
});

test('header pages: one per header, named like its module, a clash numbered, APIs without a header together; every README link has its page', () => {
  const spec = wideSpec(['gizmo.h', 'Gizmo.hpp', 'odd name!.h'], 1);
  spec.apis.push({ ...spec.apis[0]!, name: 'Homeless', header: undefined, requirements: { ...spec.apis[0]!.requirements, header: undefined } });
  const files = emit(spec).files;
  const pages = [...files.keys()].filter((p) => p.startsWith('docs/'));
  assert.deepEqual(pages, ['docs/gizmo.md', 'docs/gizmo_2.md', 'docs/odd_name.md', 'docs/unknown_header.md']);
  const readme = files.get('README.md')!;
  for (const [, link] of readme.matchAll(/\]\((docs\/[^)]+)\)/g)) assert.ok(files.has(link!), `${link} exists`);
  assert.match(readme, /\| \[\(no header\)\]\(docs\/unknown_header\.md\) \| 1 \|/);
  assert.match(files.get('docs/unknown_header.md')!, /\n## Homeless\n/);
});

test('the README and header pages do not depend on the order of the APIs in the spec', () => {
  const spec = wideSpec(['alpha.h', 'beta.h', 'gamma.h'], 5);
  const shuffled = { ...spec, apis: [...spec.apis].reverse() };
  const a = emit(spec).files;
  const b = emit(shuffled).files;
  for (const p of [...a.keys()].filter((k) => k === 'README.md' || k.startsWith('docs/'))) assert.equal(b.get(p), a.get(p), p);
});
