/** Bad input while reading the docs folder: each case gets a diagnostic and the run goes on. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Background } from '../src/io/background.js';
import { stampOf } from '../src/io/build-state.js';
import { decodePage, InputError, listDocFiles, MAX_PAGE_BYTES, scanDocFiles } from '../src/io/read-docs.js';
import { specFromDocs } from '../src/pipeline.js';
import { tempDir } from './helpers.js';

const codes = (r: { diagnostics: { code: string }[] }): string[] => r.diagnostics.map((d) => d.code);

test('an empty or whitespace-only file is DG1001', () => {
  assert.deepEqual(codes(decodePage('a.md', Buffer.from(''))), ['DG1001']);
  assert.deepEqual(codes(decodePage('a.md', Buffer.from(' \n\t\n'))), ['DG1001']);
});

test('a binary page is DG1002 and yields no text', () => {
  const r = decodePage('a.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
  assert.deepEqual(codes(r), ['DG1002']);
  assert.equal(r.text, undefined);
});

test('invalid UTF-8 is decoded as Windows-1252 with DG1003 on the right line', () => {
  const r = decodePage('a.md', Buffer.concat([Buffer.from('line one\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')]));
  assert.deepEqual(codes(r), ['DG1003']);
  assert.equal(r.diagnostics[0]!.line, 2);
  assert.match(r.text!, /Café au lait/);
});

test('UTF-16 with a BOM is decoded, CRLF becomes LF, a UTF-8 BOM is dropped', () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Title\r\nBody\r\n', 'utf16le')]);
  const r = decodePage('a.md', utf16);
  assert.deepEqual(codes(r), ['DG1006']);
  assert.equal(r.text, '# Title\nBody\n');
  assert.equal(decodePage('b.md', Buffer.from('\uFEFF# T\n')).text, '# T\n');
});

test('a page over the size limit is skipped with DG1004', () => {
  const r = decodePage('big.md', Buffer.alloc(MAX_PAGE_BYTES + 1, 0x61));
  assert.deepEqual(codes(r), ['DG1004']);
  assert.equal(r.text, undefined);
});

test('a missing docs folder is an InputError (exit 2 at the CLI)', async () => {
  await assert.rejects(listDocFiles('/nonexistent/docgen-docs'), InputError);
});

test('a folder of bad pages still yields a spec, with one diagnostic per bad page', async () => {
  const dir = tempDir('bad');
  mkdirSync(path.join(dir, 'sub'));
  writeFileSync(path.join(dir, 'empty.md'), '');
  writeFileSync(path.join(dir, 'binary.md'), Buffer.from([1, 2, 0, 3]));
  writeFileSync(path.join(dir, 'sub', 'bad-yaml.md'), '---\nUID: NF:x.Foo\ntitle: [unclosed\n---\n\n## -description\n\nText.\n');
  writeFileSync(path.join(dir, 'sub', 'tabs.md'), '---\nUID: NF:x.Bar\napi_name:\n\t- Bar\n---\n\n## -description\n\nBar does things.\n');
  writeFileSync(path.join(dir, 'nothing.md'), 'Just a sentence with no API in it.\n');
  writeFileSync(path.join(dir, 'huge.md'), Buffer.alloc(10 * 1024 * 1024, 0x61));
  const { spec } = await specFromDocs(dir);
  const byFile = new Map<string, string[]>();
  for (const d of spec.diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d.code]);
  assert.ok(byFile.get('empty.md')?.includes('DG1001'));
  assert.ok(byFile.get('binary.md')?.includes('DG1002'));
  assert.ok(byFile.get('sub/bad-yaml.md')?.includes('DG2001'));
  assert.ok(byFile.get('sub/tabs.md')?.includes('DG2002'));
  assert.ok(byFile.get('huge.md')?.includes('DG1004'));
  assert.ok(byFile.get('nothing.md')?.includes('DG2003'));
  assert.equal(spec.inputs.length, 6);
});

test('the background thread lists a docs folder exactly as the main thread does', async () => {
  const dir = tempDir('scan');
  mkdirSync(path.join(dir, 'docs', 'sub dir', 'deeper'), { recursive: true });
  mkdirSync(path.join(dir, 'empty'));
  for (const name of ['a.md', 'sub dir/b c.md', 'sub dir/deeper/Ünïcødé 東京.md', 'sub dir/deeper/z.txt']) {
    writeFileSync(path.join(dir, 'docs', ...name.split('/')), `# ${name}\n`);
  }
  const background = new Background();
  try {
    const expected = scanDocFiles(path.join(dir, 'docs')).map(({ file, info }) => ({ file, stamp: stampOf(info) }));
    assert.equal(expected.length, 4);
    assert.deepEqual(await background.scan(path.join(dir, 'docs')), expected);
    assert.deepEqual(await background.scan(path.join(dir, 'empty')), []);
  } finally {
    background.close();
  }
});

test('the background thread keeps a process alive while a job is owed, and not after: a script that never closes it ends', () => {
  const dir = tempDir('scan');
  mkdirSync(path.join(dir, 'docs'));
  writeFileSync(path.join(dir, 'docs', 'a.md'), '# a\n');
  // Awaiting a job with nothing else to do must not end the process early (exit 13, an unsettled
  // await); once answered, the open thread must not keep it alive (a run that failed never exits).
  const script = `import { Background } from ${JSON.stringify(pathToFileURL(path.join(import.meta.dirname, '../src/io/background.js')).href)};
const scanned = await new Background().scan(${JSON.stringify(path.join(dir, 'docs'))});
process.stdout.write(String(scanned.length));\n`;
  writeFileSync(path.join(dir, 'run.mjs'), script);
  const child = spawnSync(process.execPath, [path.join(dir, 'run.mjs')], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(child.signal, null, 'the process ended by itself');
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, '1');
});
