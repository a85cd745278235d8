/** Safe writes: built aside and swapped in; failures and kills leave the old output exactly as it was. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { MANIFEST, UnsafePathError, writeOutput } from '../src/io/write-output.js';
import { readTree, tempDir } from './helpers.js';

const files = (n: number, tag: string): Map<string, string> =>
  new Map(Array.from({ length: n }, (_, i) => [`src/file${String(i).padStart(3, '0')}.ts`, `export const v = '${tag}${i}';\n`]));

test('writes files and a manifest; a rerun drops stale files and keeps files docgen did not produce', async () => {
  const out = path.join(tempDir('out'), 'generated');
  await writeOutput(out, new Map([['a.ts', 'a'], ['src/b.ts', 'b'], ['src/old.ts', 'old']]), 'test');
  assert.deepEqual(Object.keys(readTree(out)).sort(), ['a.ts', MANIFEST, 'src/b.ts', 'src/old.ts'].sort());
  writeFileSync(path.join(out, 'NOTES.md'), 'mine');
  writeFileSync(path.join(out, 'src', 'mine.ts'), 'mine');
  mkdirSync(path.join(out, 'node_modules', 'x'), { recursive: true });
  writeFileSync(path.join(out, 'node_modules', 'x', 'index.js'), '1');
  const { kept } = await writeOutput(out, new Map([['a.ts', 'a2'], ['src/b.ts', 'b']]), 'test');
  assert.deepEqual(kept, ['NOTES.md', 'node_modules', 'src/mine.ts']);
  const after = readTree(out);
  assert.equal(after['a.ts'], 'a2');
  assert.equal(after['src/old.ts'], undefined, 'a file docgen produced before and no longer produces is removed');
  assert.equal(after['NOTES.md'], 'mine');
  assert.equal(after['src/mine.ts'], 'mine');
  assert.equal(after['node_modules/x/index.js'], '1');
  assert.deepEqual(readdirSync(path.dirname(out)).sort(), ['generated']);
});

test('unchanged files are carried over (same inode), changed or hand-edited ones are written anew', async () => {
  const out = path.join(tempDir('out'), 'generated');
  await writeOutput(out, new Map([['a.ts', 'a'], ['src/b.ts', 'b'], ['src/c.ts', 'c'], ['src/d.ts', 'd']]), 'test');
  const ino = (rel: string): number => statSync(path.join(out, ...rel.split('/'))).ino;
  const before = { a: ino('a.ts'), b: ino('src/b.ts'), c: ino('src/c.ts') };
  writeFileSync(path.join(out, 'src', 'c.ts'), 'x'); // same size, edited by hand: the manifest still says 'c'
  await writeOutput(out, new Map([['a.ts', 'a'], ['src/b.ts', 'b2'], ['src/c.ts', 'c'], ['src/e.ts', 'e']]), 'test');
  assert.deepEqual(readTree(out), { 'a.ts': 'a', 'src/b.ts': 'b2', 'src/c.ts': 'c', 'src/e.ts': 'e', [MANIFEST]: readTree(out)[MANIFEST]! });
  assert.equal(ino('a.ts'), before.a, 'an unchanged file is linked, not rewritten');
  assert.notEqual(ino('src/b.ts'), before.b);
  assert.equal(statSync(path.join(out, 'a.ts')).nlink, 1, 'the old folder is gone: no second link is left');
  assert.deepEqual(readdirSync(path.dirname(out)).sort(), ['generated']);
  await writeOutput(out, new Map([['a.ts', 'a'], ['src/b.ts', 'b2'], ['src/c.ts', 'c'], ['src/e.ts', 'e']]), 'test');
  assert.equal(readTree(out)['src/c.ts'], 'c');
});

test('an injected failure after some files were staged leaves the output unchanged', async () => {
  const out = path.join(tempDir('out'), 'generated');
  await writeOutput(out, files(5, 'old'), 'test');
  const before = readTree(out);
  await assert.rejects(
    // The first five files are unchanged (linked from the old output), the rest are new.
    writeOutput(out, new Map([...files(20, 'new'), ...files(5, 'old')]), 'test', {
      afterStagedFile: (i) => {
        if (i === 7) throw new Error('injected');
      },
    }),
    /injected/,
  );
  assert.deepEqual(readTree(out), before);
  assert.deepEqual(readdirSync(path.dirname(out)), ['generated'], 'no staging folder is left behind');
});

test('killing a generate run part-way leaves the output unchanged, and the next run succeeds', async () => {
  const out = path.join(tempDir('out'), 'generated');
  await writeOutput(out, files(5, 'old'), 'test');
  const before = readTree(out);
  const writer = new URL('../src/io/write-output.js', import.meta.url).href;
  const script = `
    import { writeOutput } from ${JSON.stringify(writer)};
    const files = new Map(Array.from({ length: 200 }, (_, i) => ['src/f' + i + '.ts', 'new' + i]));
    await writeOutput(${JSON.stringify(out)}, files, 'test', {
      afterStagedFile: async (i) => { if (i === 3) process.stdout.write('staging\\n'); await new Promise((r) => setTimeout(r, 20)); },
    });
    process.stdout.write('finished\\n');
  `;
  for (const signal of ['SIGKILL', 'SIGINT'] as const) {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('staging')) child.kill(signal);
      });
      child.on('exit', () => resolve());
    });
    assert.ok(!output.includes('finished'), `the ${signal} arrived before the run finished`);
    assert.deepEqual(readTree(out), before, `after ${signal} the output is unchanged`);
  }
  await writeOutput(out, files(3, 'next'), 'test');
  assert.equal(readTree(out)['src/file000.ts'], "export const v = 'next0';\n");
  assert.deepEqual(readdirSync(path.dirname(out)), ['generated']);
});

test('paths that would leave the output folder are refused before anything is written', async () => {
  const out = path.join(tempDir('out'), 'generated');
  for (const bad of ['../evil.ts', '/etc/passwd', 'a/../../b', 'a\\b', '', 'C:/x']) {
    await assert.rejects(writeOutput(out, new Map([['ok.ts', 'x'], [bad, 'x']]), 'test'), UnsafePathError);
  }
  assert.equal(existsSync(out), false);
});

