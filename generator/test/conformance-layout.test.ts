/**
 * The generated conformance cases are data a reviewer reads in a diff: one case per block, one field
 * per line, short values on one line (emit/data-text.ts, the `data` template helper).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataText } from '../src/emit/data-text.js';
import { TemplateError } from '../src/emit/errors.js';
import { createRenderer, templateSetFromRecords } from '../src/emit/templates.js';
import { specFromDocs } from '../src/pipeline.js';
import { emit } from './emit-helpers.js';
import { DOCS } from './helpers.js';

test('dataText: one line when it fits, one member per line otherwise, trailing commas', () => {
  assert.equal(dataText({ a: 1, b: ['x', null] }), '{ a: 1, b: ["x", null] }');
  assert.equal(dataText([]), '[]');
  assert.equal(dataText({}), '{}');
  assert.equal(dataText({ a: 1, b: [1, 2] }, { width: 12 }), '{\n  a: 1,\n  b: [1, 2],\n}');
  // expand: the outer levels are always one member per line, however short.
  assert.equal(dataText([{ id: 'a' }, { id: 'b' }], { expand: 2 }), '[\n  {\n    id: "a",\n  },\n  {\n    id: "b",\n  },\n]');
  assert.equal(dataText([{ id: 'a' }], { expand: 1 }), '[\n  { id: "a" },\n]');
  // The width counts the indentation and the key: the inner object breaks first where it does not fit.
  const nested = dataText({ outer: { inner: 'x'.repeat(20) } }, { width: 30 });
  assert.equal(nested, `{\n  outer: {\n    inner: "${'x'.repeat(20)}",\n  },\n}`);
  for (const line of nested.split('\n')) assert.ok(line.length <= 30 || !line.includes('{ '), line);
});

test('dataText: keys that are not identifiers are quoted, doc text is escaped, undefined members are left out', () => {
  assert.equal(dataText({ 'a-b': 1, ok: 2, '9x': 3 }), '{ "a-b": 1, ok: 2, "9x": 3 }');
  assert.equal(dataText({ s: 'end */ "q" `t` ${x} </script>\u2028' }), '{ s: "end */ \\"q\\" `t` ${x} \\u003c/script>\\u2028" }');
  assert.equal(dataText({ a: undefined, b: 1 }), '{ b: 1 }');
  assert.equal(dataText({ a: 1 }), dataText({ a: 1 }), 'deterministic');
});

test('the generated cases of docs/: one case per block, every field on its own line', async () => {
  const { spec } = await specFromDocs(DOCS);
  const text = emit(spec).files.get('src/conformance/cases/sspi.ts')!;
  const body = text.slice(text.indexOf('export const CASES'), text.indexOf('export const COVERAGE'));
  const blocks = body.split('\n  {\n').slice(1);
  assert.ok(blocks.length >= 10, `only ${blocks.length} case blocks`);
  for (const block of blocks) {
    for (const field of ['id', 'api', 'type', 'kinds', 'title', 'promises', 'todo', 'call', 'subject', 'expect', 'setup', 'setupExpect', 'register', 'registerExpect']) {
      assert.match(block, new RegExp(`^    ${field}: `, 'm'), `a case without its ${field} line:\n${block}`);
    }
  }
  // Only a single string (a sentence, a reason) may run past the width: it cannot be broken.
  const longest = Math.max(...body.split('\n').filter((l) => !/^\s+\w+: "[^"]*",$/.test(l) && !l.startsWith('/**')).map((l) => l.length));
  assert.ok(longest <= 100, `a line of ${longest} characters that is not one string`);
});

test('the data template helper: width= and expand= options; anything else is a template error with its line', () => {
  const r = createRenderer(templateSetFromRecords({ 'ok.hbs': 'x = {{data v width=12 expand=0}};', 'bad.hbs': '\n{{data v wide=3}}' }));
  assert.equal(r.render('ok.hbs', { v: { a: 1, b: [1, 2] } }), 'x = {\n  a: 1,\n  b: [1, 2],\n};');
  assert.throws(
    () => r.render('bad.hbs', { v: 1 }),
    (e: unknown) => e instanceof TemplateError && e.code === 'DG6005' && /width= and expand=/.test(e.message) && e.line === 2,
  );
});
