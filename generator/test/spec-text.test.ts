/**
 * spec.json made of parts: the same bytes as `JSON.stringify(spec, null, 2)`, and the same again
 * when unchanged parts are copied from the previous file by byte range; the schema check of parts.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { contentBytes } from '../src/io/write-output.js';
import { validateSpec, validateSpecParts, type Spec } from '../src/model/spec.js';
import { specFromDocs } from '../src/pipeline.js';
import { diagnosticsFromText, diagnosticsText, entryText, globalsText, inputText, specLayout, specText, type Piece } from '../src/build/spec-text.js';
import { DOCS, tempDir } from './helpers.js';
import { loadSpec } from './emit-helpers.js';

const stringified = (spec: Spec): string => `${JSON.stringify(spec, null, 2)}\n`;

test('specText is JSON.stringify(spec, null, 2) with a final newline, for real, fixture and empty specs', async () => {
  const { spec } = await specFromDocs(DOCS, { jobs: 1 });
  const seed = loadSpec('seed');
  const hostile = loadSpec('hostile');
  const empty: Spec = { ...seed, inputs: [], apis: [], statusCodes: [], types: [], groups: [], flows: [], diagnostics: [] };
  for (const s of [spec, seed, hostile, empty]) assert.equal(specText(s), stringified(s));
});

test('a layout that copies unchanged parts from the previous file gives the new file, in few pieces', async () => {
  const { spec: before } = await specFromDocs(DOCS, { jobs: 1 });
  const file = path.join(tempDir('spec-text'), 'spec.json');
  const old = specLayout({
    docgenVersion: before.generator.version,
    inputs: before.inputs.map(inputText),
    entries: before.apis.map(entryText),
    globals: globalsText(before),
    diagnostics: diagnosticsText(before.diagnostics),
  });
  writeFileSync(file, (old.pieces as string[]).join(''));

  // The new spec: one entry and one input changed, the rest as before.
  const i = Math.floor(before.apis.length / 2);
  const after: Spec = {
    ...before,
    inputs: before.inputs.map((input, k) => (k === 1 ? { ...input, sha256: 'f'.repeat(64) } : input)),
    apis: before.apis.map((api, k) => (k === i ? { ...api, description: { text: 'Changed.', source: { file: 'x.md', line: 1 } } } : api)),
  };
  const keep = (range: { offset: number; length: number }, text: string, changed: boolean): Piece => (changed ? text : range);
  const layout = specLayout({
    docgenVersion: after.generator.version,
    inputs: after.inputs.map((input, k) => keep(old.places.inputs[k]!, inputText(input), k === 1)),
    entries: after.apis.map((api, k) => keep(old.places.entries[k]!, entryText(api), k === i)),
    globals: old.places.globals,
    diagnostics: old.places.diagnostics,
  });
  assert.equal(contentBytes({ spliced: true, from: file, pieces: layout.pieces }).toString('utf8'), stringified(after));
  // Adjacent copies are merged: a copy up to the changed row, one between the row and the entry, one after the entry.
  const ranges = layout.pieces.filter((p) => typeof p !== 'string');
  assert.equal(ranges.length, 3, `${ranges.length} ranges`);
  // The places it reports are where the parts are in the new file.
  const text = stringified(after);
  const bytes = Buffer.from(text, 'utf8');
  const at = layout.places.entries[i]!;
  assert.equal(bytes.subarray(at.offset, at.offset + at.length).toString('utf8'), entryText(after.apis[i]!));
});

test('the diagnostics block of a spec.json reads back as the diagnostics it was written from', async () => {
  const { spec } = await specFromDocs(DOCS, { jobs: 1 });
  const hostile = loadSpec('hostile');
  for (const diagnostics of [spec.diagnostics, hostile.diagnostics, []]) {
    const bytes = Buffer.from(specText({ ...spec, diagnostics }), 'utf8');
    const { diagnostics: place } = specLayout({ docgenVersion: spec.generator.version, inputs: spec.inputs.map(inputText), entries: spec.apis.map(entryText), globals: globalsText(spec), diagnostics: diagnosticsText(diagnostics) }).places;
    assert.deepEqual(diagnosticsFromText(bytes.subarray(place.offset, place.offset + place.length).toString('utf8')), diagnostics);
  }
  assert.ok(spec.diagnostics.length > 0);
  // Any other text (a damaged file, another block) is not taken for diagnostics.
  for (const text of ['', '  "diagnostics": [\n', '  "flows": []\n', globalsText(spec)]) assert.equal(diagnosticsFromText(text), undefined, JSON.stringify(text.slice(0, 40)));
});

test('validateSpecParts reports what validateSpec reports, for the parts it is given', async () => {
  const { spec } = await specFromDocs(DOCS, { jobs: 1 });
  const { apis, ...rest } = spec;
  assert.deepEqual(validateSpecParts(rest, apis), []);
  assert.deepEqual(validateSpecParts(undefined, apis.slice(0, 2)), []);
  const bad = { ...apis[0]!, kind: 'gadget' };
  const errors = validateSpecParts(undefined, [apis[1], bad]);
  assert.ok(errors.length > 0 && errors.every((e) => e.startsWith('/apis/1/kind')), errors.join('; '));
  // The same errors as the whole spec's check, with the entry's place in the part it was given.
  assert.deepEqual(
    errors.map((e) => e.replace('/apis/1/', '/apis/0/')),
    validateSpec({ ...spec, apis: [bad] }),
  );
  assert.ok(validateSpecParts({ ...rest, statusCodes: [{ name: 'X' }] as unknown as Spec['statusCodes'] }, []).some((e) => e.startsWith('/statusCodes/0')));
});
