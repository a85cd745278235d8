/**
 * Formatting piece by piece (`emit/format-pieces.ts`): a file formatted piece by piece reads exactly
 * as the file formatted whole, whether its pieces are formatted now or taken from a previous run,
 * and a run formats only the pieces it did not format before.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emitPackage } from '../src/emit/index.js';
import { directFormatter, formatTypeScriptWith, serviceFormatter, type FormatEdits } from '../src/emit/format.js';
import { OPTIONS, loadSpec } from './emit-helpers.js';

const direct = directFormatter()!;
const service = serviceFormatter();

/** The TypeScript files of the seed package, each made untidy so that the formatter has work on every line. */
function untidyFiles(): Array<[string, string]> {
  const files = [...emitPackage(loadSpec('seed'), OPTIONS).files].filter(([file]) => file.endsWith('.ts'));
  assert.ok(files.length >= 10, `only ${files.length} TypeScript files`);
  return files.map(([file, text]) => [file, text.replace(/^[ \t]+/gm, '').replace(/\n\n/g, '\n\n\n  \n').replace(/;\n/g, ';  \n')]);
}

/** The formatter, recording the ranges asked for (undefined: the whole file). */
function recording(): { edits: FormatEdits; ranges: Array<{ start: number; end: number } | undefined> } {
  const ranges: Array<{ start: number; end: number } | undefined> = [];
  return {
    ranges,
    edits: (sf, range) => {
      ranges.push(range);
      return direct(sf, range);
    },
  };
}

test('a generated file formatted piece by piece reads exactly as formatted whole', () => {
  let cut = 0;
  for (const [file, text] of untidyFiles()) {
    const whole = formatTypeScriptWith(file, text, direct, undefined, true);
    const pieces = formatTypeScriptWith(file, text, direct);
    assert.equal(pieces.text, whole.text, file);
    if (pieces.pieces) cut++;
    for (const [, start, length] of pieces.pieces ?? []) assert.ok(start >= 0 && start + length <= pieces.text.length, `${file}: a piece in the text`);
  }
  assert.ok(cut >= 10, `only ${cut} files were cut into pieces`);
});

test('a file formatted again after one statement changed formats only that piece, and reads as formatted whole', () => {
  let checked = 0;
  for (const [file, text] of untidyFiles()) {
    const before = formatTypeScriptWith(file, text, direct);
    if (!before.pieces || before.pieces.length < 4) continue;
    // A statement inserted in the second half of the file, after blank lines, before an export or
    // its doc comment (where a piece starts: an export is a top-level statement).
    const lines = text.split('\n');
    const exportAt = (i: number): boolean => /^export /.test(lines[i] ?? '') || (/^\/\*\*/.test(lines[i]!) && exportAt(lines.findIndex((l, j) => j >= i && l.includes('*/')) + 1));
    const at = lines.findIndex((_, i) => i > lines.length / 2 && lines[i - 1]!.trim() === '' && exportAt(i));
    if (at < 0) continue;
    const inserted = 'export const insertedByTheTest=[1,2 ,3];\n';
    const changed = [...lines.slice(0, at), inserted, ...lines.slice(at)].join('\n');
    const { edits, ranges } = recording();
    const after = formatTypeScriptWith(file, changed, edits, { text: before.text, pieces: before.pieces });
    assert.equal(after.text, formatTypeScriptWith(file, changed, direct, undefined, true).text, file);
    // The fallback formatter (the language service's range formatting) formats the new piece alike.
    assert.equal(formatTypeScriptWith(file, changed, service, { text: before.text, pieces: before.pieces }).text, after.text, `${file}: the fallback formatter`);
    // Only the new piece is formatted: the others are the previous run's.
    assert.deepEqual(
      ranges.map((r) => r && changed.slice(r.start, r.end)),
      [`${inserted}\n`],
      file,
    );
    // Nothing changed: nothing formatted.
    const again = recording();
    assert.equal(formatTypeScriptWith(file, changed, again.edits, { text: after.text, pieces: after.pieces! }).text, after.text, file);
    assert.deepEqual(again.ranges, [], `${file}: every piece reused`);
    checked++;
  }
  assert.ok(checked >= 5, `only ${checked} files checked`);
});

test('a file whose statements share a line, or whose last line has no line break, is formatted whole, without pieces', () => {
  for (const text of ['export const a=1; export const b=2\n', 'export const a=1;\nexport const b=2', 'export const a=1 /* a\n comment */ ; export const b=2;\n']) {
    const result = formatTypeScriptWith('f.ts', text, direct);
    assert.equal(result.pieces, undefined, text);
    assert.equal(result.text, formatTypeScriptWith('f.ts', text, direct, undefined, true).text, text);
  }
  const ok = formatTypeScriptWith('f.ts', 'export const a=1 // one\n\n\n\n/** Two. */\nexport const b=2\n', direct);
  assert.equal(ok.text, 'export const a = 1; // one\n\n/** Two. */\nexport const b = 2;\n');
  assert.deepEqual(
    ok.pieces!.map(([, start, length]) => ok.text.slice(start, start + length)),
    ['export const a = 1; // one\n\n', '/** Two. */\nexport const b = 2;\n'],
  );
});

test('pieces from a memo that do not fit its text are formatted again', () => {
  const text = 'export const a=1;\nexport const b=2;\n';
  const first = formatTypeScriptWith('f.ts', text, direct);
  const broken = first.pieces!.map(([hash]) => [hash, 1_000, 5] as const);
  const { edits, ranges } = recording();
  assert.equal(formatTypeScriptWith('f.ts', text, edits, { text: first.text, pieces: broken }).text, first.text);
  assert.deepEqual(ranges, [undefined], 'formatted whole, every piece again');
});
