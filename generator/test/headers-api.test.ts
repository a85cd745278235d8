/**
 * The header reader's API contract: a missing folder is an input error, reading one header is
 * a pure, deterministic, JSON-serialisable function of its bytes, the merge does not depend on
 * the order headers arrive in, several roots are kept apart, the cache hook sees every file,
 * and no byte sequence makes the reader throw.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { evaluate, parseIntLiteral } from '../src/headers/expr.js';
import {
  HeadersFolderError,
  createHeaderLookup,
  indexHeaderFile,
  indexHeaders,
  listHeaderFiles,
  mergeHeaderIndexes,
  typeClosure,
  type HeaderFileIndex,
} from '../src/headers/index.js';
import { lexTokens } from '../src/headers/lex.js';
import { FIXTURES, tempDir } from './helpers.js';

const fixture = (name: string): string => path.join(FIXTURES, 'headers', name, 'include');

function readFolder(folder: string): HeaderFileIndex[] {
  return listHeaderFiles(folder).map((file) => indexHeaderFile(file, readFileSync(path.join(folder, file))));
}

describe('headers folders', () => {
  test('a folder that does not exist is an input error with one sentence', () => {
    const missing = path.join(tempDir('headers'), 'no-such-folder');
    assert.throws(() => indexHeaders([missing]), (error: unknown) => error instanceof HeadersFolderError && error.message === `The headers folder ${missing} does not exist or is not a folder.`);
  });

  test('a file given as the folder is the same input error', () => {
    const file = path.join(fixture('records'), 'shapes.h');
    assert.throws(() => indexHeaders([file]), HeadersFolderError);
  });

  test('only .h files are listed, recursively, in code-unit order with POSIX separators', () => {
    const root = tempDir('headers');
    mkdirSync(path.join(root, 'sub', 'deeper'), { recursive: true });
    for (const file of ['b.h', 'a.h', 'Z.h', 'notes.txt', 'sub/c.h', 'sub/deeper/d.H', 'sub/image.png']) writeFileSync(path.join(root, file), 'int x;\n');
    assert.deepEqual(listHeaderFiles(root), ['Z.h', 'a.h', 'b.h', 'sub/c.h', 'sub/deeper/d.H']);
  });

  test('several roots: facts keep the path relative to their root, files say which root, the cache hook sees every file once', () => {
    const seen: string[] = [];
    const index = indexHeaders([fixture('prototypes-sal'), fixture('callbacks')], {
      indexFile: (file, bytes, sha256) => {
        assert.match(sha256, /^[0-9a-f]{64}$/);
        seen.push(file);
        return indexHeaderFile(file, bytes);
      },
    });
    assert.deepEqual(seen, ['annotations.h', 'widget.h', 'hooks.h']);
    assert.deepEqual(index.files.map((f) => [f.file, f.root]), [['annotations.h', 0], ['widget.h', 0], ['hooks.h', 1]]);
    assert.equal(createHeaderLookup(index).function('HookRegister')?.source.file, 'hooks.h');
    assert.equal(createHeaderLookup(index).function('WidgetOpen')?.source.file, 'widget.h');
  });
});

describe('purity and determinism', () => {
  test('one header from its bytes: the same bytes give the same, JSON-serialisable result', () => {
    const bytes = readFileSync(path.join(fixture('records'), 'shapes.h'));
    const first = indexHeaderFile('shapes.h', bytes);
    const second = indexHeaderFile('shapes.h', Uint8Array.from(bytes));
    assert.deepEqual(first, second);
    assert.deepEqual(JSON.parse(JSON.stringify(first)), first);
    assert.ok(first.records.length > 0 && first.macros.length > 0);
  });

  test('the merge does not depend on the order the headers arrive in', () => {
    const files = [...readFolder(fixture('status-values')), ...readFolder(fixture('aw-mappings'))];
    const forward = mergeHeaderIndexes(files);
    const backward = mergeHeaderIndexes([...files].reverse());
    assert.deepEqual(backward, forward);
    assert.deepEqual(JSON.parse(JSON.stringify(forward)), forward);
  });

  test('conditions that need another header\'s macros are decided by the merge, with every header\'s macros', () => {
    const files = readFolder(fixture('conditionals'));
    const timer = files.find((f) => f.file === 'timer.h')!;
    const names = (index: ReturnType<typeof mergeHeaderIndexes>): string[] => index.functions.map((f) => f.name);
    // Alone, the version and family macros are unknown, hence 0 as in C.
    const alone = names(mergeHeaderIndexes([timer]));
    assert.ok(alone.includes('TimerFromTheFuture') && !alone.includes('TimerWide') && !alone.includes('TimerDesktop'), alone.join(', '));
    const together = names(mergeHeaderIndexes(files));
    assert.ok(!together.includes('TimerFromTheFuture') && together.includes('TimerWide') && together.includes('TimerDesktop'), together.join(', '));
  });
});

describe('never throws', () => {
  /** A small deterministic generator, so a failure can be reproduced. */
  function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
  }

  test('random bytes, cut-off headers and shuffled header tokens give diagnostics, not exceptions', () => {
    const next = random(8001);
    const samples = [readFileSync(path.join(fixture('records'), 'shapes.h'), 'utf8'), readFileSync(path.join(fixture('learned-decorations'), 'service.h'), 'utf8')];
    const inputs: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) inputs.push(Uint8Array.from({ length: 1 + Math.floor(next() * 400) }, () => Math.floor(next() * 256)));
    for (const text of samples) {
      for (let cut = 1; cut < text.length; cut += 37) inputs.push(Buffer.from(text.slice(0, cut)));
      const words = text.split(/(\s+)/);
      for (let i = 0; i < 20; i++) inputs.push(Buffer.from([...words].sort(() => next() - 0.5).join('')));
    }
    const files = inputs.map((bytes, i) => indexHeaderFile(`case${i}.h`, bytes));
    const index = mergeHeaderIndexes(files);
    assert.equal(index.files.length, inputs.length);
    assert.ok(index.diagnostics.every((d) => /^DG80\d\d$/.test(d.code)), 'only header diagnostics');
    assert.ok(!index.diagnostics.some((d) => d.message.includes('docgen failed')), 'no internal failure');
  });
});

describe('values', () => {
  const c = (text: string): string | undefined => {
    const result = evaluate(lexTokens(text), {
      mode: 'c',
      identifier: () => undefined,
      castType: (words) => (words.join(' ') === 'ULONG' ? { bits: 32, unsigned: true } : words.join(' ') === 'SHORT' ? { bits: 16, unsigned: false } : undefined),
    });
    return 'value' in result ? `${result.value.v}:${result.value.bits}${result.value.unsigned ? 'u' : ''}` : undefined;
  };

  test('literals take their C type on 64-bit Windows (long is 32-bit)', () => {
    assert.deepEqual(parseIntLiteral('0x7FFFFFFF', 'c'), { v: 0x7fffffffn, bits: 32, unsigned: false });
    assert.deepEqual(parseIntLiteral('0x80000000', 'c'), { v: 0x80000000n, bits: 32, unsigned: true });
    assert.deepEqual(parseIntLiteral('0xC0000001L', 'c'), { v: 0xc0000001n, bits: 32, unsigned: true });
    assert.deepEqual(parseIntLiteral('4294967296', 'c'), { v: 4294967296n, bits: 64, unsigned: false });
    assert.deepEqual(parseIntLiteral('0xFFFFFFFFFFFFFFFFui64', 'c'), { v: 0xffffffffffffffffn, bits: 64, unsigned: true });
    assert.equal(parseIntLiteral('1.5f', 'c'), undefined);
    assert.equal(parseIntLiteral('08', 'c'), undefined);
  });

  test('operators, casts and unsigned arithmetic', () => {
    assert.equal(c('~0u'), '4294967295:32u');
    assert.equal(c('(ULONG)-1'), '4294967295:32u');
    assert.equal(c('(SHORT)0x18000'), '-32768:32');
    assert.equal(c('1 << 31'), '-2147483648:32');
    assert.equal(c('(1 ? 2 : 3) * 7 % 4'), '2:32');
    assert.equal(c('-1 < 0u'), '0:32');
    assert.equal(c('1 / 0'), undefined);
    assert.equal(c('sizeof(int)'), undefined);
  });
});

describe('type closure', () => {
  test('every typedef, record and callback a function needs, and the names no header defines', () => {
    const lookup = createHeaderLookup(indexHeaders([fixture('records')]));
    const shape = lookup.record('Shape')!;
    const closure = typeClosure(lookup, ['PShape', ...shape.fields.map((f) => f.type)]);
    assert.deepEqual(closure.records, ['_Point', '_Shape']);
    assert.ok(closure.typedefs.includes('Point') && closure.typedefs.includes('ULONG') && closure.typedefs.includes('USHORT'));
    assert.deepEqual(closure.unknown, []);
  });
});
