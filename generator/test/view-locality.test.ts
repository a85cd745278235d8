/**
 * Locality of the emit: the view or context of a file that belongs to one header (its bindings,
 * stubs, loader, throwing wrappers, conformance cases and page) reads the fields of that header's
 * API summaries only. Keys aside: the type plan holds the callback types of every header, and
 * looking one up reads its key. The package-wide files (README, status enums, entry point, the
 * conformance model they share) may read any. Keying a header's files by that header's part of
 * the plan, instead of by their computed contexts, relies on this; a view that starts reading
 * another header's APIs fails here.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import type { EmitSource } from '../src/build/spec-source.js';
import { summarizeSpec } from '../src/build/summary.js';
import { planStage } from '../src/emit/plan-files.js';
import { BUILTIN_TEMPLATES } from '../src/paths.js';
import { specFromDocs } from '../src/pipeline.js';
import { DOCS, FIXTURES } from './helpers.js';

/** A header's own files: `src/<m>.ts`, `src/{stubs,ffi,throwing,conformance/cases}/<m>.ts` and `docs/<m>.md`. */
const OF_ONE_HEADER = /^(?:src\/(?:stubs\/|ffi\/|throwing\/|conformance\/cases\/)?(?!index\.ts$|async\.ts$)[a-z0-9_-]+\.ts|docs\/[a-z0-9_-]+\.md)$/;

const cases: Array<{ name: string; docs: string; headers: string[] }> = [
  { name: 'docs/', docs: DOCS, headers: [] },
  { name: 'the headers fixture', docs: path.join(FIXTURES, 'docsets/headers-source/docs'), headers: [path.join(FIXTURES, 'docsets/headers-source/headers')] },
  { name: 'the merge fixture', docs: path.join(FIXTURES, 'docsets/merge-and-types/docs'), headers: [] },
];

for (const c of cases) {
  test(`the files of one header read the summaries of that header's APIs only: ${c.name}`, async () => {
    const { spec } = await specFromDocs(c.docs, { headers: c.headers });
    const summary = summarizeSpec(spec);
    /** The file whose view is being computed, and the headers of the APIs each file read a field of. */
    let reader: string | undefined;
    const headersRead = new Map<string, Set<string>>();
    const apis = summary.apis.map(
      (api) =>
        new Proxy(api, {
          get(target, property, receiver) {
            if (reader !== undefined && property !== 'key') headersRead.get(reader)!.add(target.header ?? '(no header)');
            return Reflect.get(target, property, receiver) as unknown;
          },
        }),
    );
    const source: EmitSource = {
      summary: { ...summary, apis },
      summaryKey: () => '',
      entry: () => {
        throw new Error('no view reads an entry while it is planned');
      },
      entryHash: () => '',
      json: () => ({ content: '', key: '' }),
      full: () => spec,
    };
    const staged = planStage(source, { packageName: 'p', packageVersion: '0.0.0', docgenVersion: '0', builtinTemplatesDir: BUILTIN_TEMPLATES });
    const planned = staged.files.map((f) => ('planned' in f ? f.planned : assert.fail('a planned emit recalls no file')));
    const ofOne = planned.filter((f) => OF_ONE_HEADER.test(f.path));
    // The package-wide files first: the conformance model is computed, and its reads charged, there.
    for (const file of [...planned.filter((f) => !ofOne.includes(f)), ...ofOne]) {
      reader = file.path;
      headersRead.set(file.path, new Set());
      if (file.view) file.view();
      else file.context();
    }
    reader = undefined;
    assert.ok(ofOne.length >= 4, `only ${ofOne.length} files of one header`);
    const mixed = ofOne.filter((f) => headersRead.get(f.path)!.size > 1).map((f) => `${f.path} reads ${[...headersRead.get(f.path)!].join(', ')}`);
    assert.deepEqual(mixed, []);
    // The check sees reads: a header's bindings read its APIs, and the README every header's.
    assert.ok(ofOne.some((f) => headersRead.get(f.path)!.size === 1));
    const headers = new Set(summary.apis.map((a) => a.header ?? '(no header)'));
    assert.equal(headersRead.get('README.md')!.size, headers.size);
  });
}
