/**
 * Files of a docs checkout that are not documentation pages (images, diagrams, configuration) are
 * skipped before they are parsed and counted by one DG1007; a file that claims to be a page and
 * cannot be read stays an error.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadPage } from '../src/parallel/load-page.js';
import { loadPages, specFromDocs } from '../src/pipeline.js';
import { classifyByName, looksBinary, skippedFilesDiagnostics } from '../src/readers/non-page-files.js';
import { tempDir } from './helpers.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
const PAGE = '---\nUID: NF:gadget.GadgetSpin\n---\n\n# GadgetSpin function\n\n## -description\n\nSpins a gadget.\n';

test('the name decides for page and non-page extensions, the content for the others', () => {
  for (const file of ['a.md', 'sub/B.MD', 'x.markdown', 'seed.txt']) assert.equal(classifyByName(file), 'page', file);
  for (const file of ['images/a.png', 'a.GIF', 'd.vsd', 'd.vsdx', 'doc.pdf', 'x.zip', 'config.json', 'toc.yml', 'breadcrumb/toc.yml', 'docfx.json', 'site.css', 'site.js', 'a.svg']) {
    assert.equal(classifyByName(file), 'non-page', file);
  }
  for (const file of ['LICENSE', 'dir.d/README', 'page.htm', 'notes.unknownext']) assert.equal(classifyByName(file), 'by-content', file);
});

test('first bytes: NUL bytes and binary signatures are binary, text and UTF-16 with a BOM are not', () => {
  assert.equal(looksBinary(PNG), true);
  assert.equal(looksBinary(Buffer.from('%PDF-1.7\n\xe2\xe3\xcf\xd3', 'latin1')), true, 'a PDF has no NUL byte near its start');
  assert.equal(looksBinary(Buffer.from([0x61, 0x62, 0x00, 0x63])), true);
  assert.equal(looksBinary(Buffer.from('# A page\n\nText.\n')), false);
  assert.equal(looksBinary(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# A page\n', 'utf16le')])), false);
  assert.equal(looksBinary(Buffer.alloc(0)), false, 'an empty file is an empty page, not a binary one');
});

test('one DG1007 per run: counts by extension, on the first skipped file in path order, whatever the input order', () => {
  const inputs = [
    { file: 'z/images/b.png', format: 'non-page' },
    { file: 'a.md', format: 'apiref' },
    { file: 'toc.yml', format: 'non-page' },
    { file: 'm/images/a.png', format: 'non-page' },
    { file: 'm/LICENSE.bin', format: 'non-page' },
    { file: 'blob', format: 'non-page' },
  ];
  const diagnostics = skippedFilesDiagnostics(inputs);
  assert.equal(diagnostics.length, 1);
  const [d] = diagnostics;
  assert.deepEqual({ code: d!.code, severity: d!.severity, file: d!.file, line: d!.line }, { code: 'DG1007', severity: 'info', file: 'blob', line: 0 });
  assert.match(d!.message, /^5 files that are not documentation pages were skipped \(png 2, bin 1, no extension 1, yml 1\)/);
  assert.deepEqual(skippedFilesDiagnostics([...inputs].reverse()), diagnostics);
  assert.deepEqual(skippedFilesDiagnostics([{ file: 'a.md', format: 'apiref' }]), []);
  assert.match(skippedFilesDiagnostics([{ file: 'x.gif', format: 'non-page' }])[0]!.message, /^1 file that is not a documentation page was skipped \(gif 1\)/);
});

/** A docs checkout in miniature: pages beside the files a real repository holds. */
function checkout(): string {
  const dir = tempDir('nonpage');
  mkdirSync(path.join(dir, 'gadget', 'images'), { recursive: true });
  mkdirSync(path.join(dir, 'breadcrumb'));
  const files: Record<string, string | Buffer> = {
    'gadget/nf-gadget-gadgetspin.md': PAGE,
    'gadget/images/spin.png': PNG,
    'gadget/images/spin.vsd': Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00]),
    'gadget/images/flow.svg': '<svg xmlns="http://www.w3.org/2000/svg"></svg>\n',
    'gadget/config.json': '{ "tech": "gadget" }\n',
    'toc.yml': '- name: Gadget\n  href: gadget/nf-gadget-gadgetspin.md\n',
    'docfx.json': '{}\n',
    'breadcrumb/toc.yml': '- name: Docs\n',
    'styles.css': 'body { color: black; }\n',
    // No extension: the content decides.
    'gadget/images/spin-copy': PNG,
    'NOTES': '# Notes\n\nSome notes about gadgets.\n',
    // Page extensions: a binary or empty page is an error, as before.
    'gadget/broken.md': PNG,
    'gadget/empty.md': '',
  };
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(dir, ...file.split('/')), content);
  return dir;
}

test('a checkout with images and configuration: non-pages are skipped without diagnostics, broken pages stay errors', async () => {
  const dir = checkout();
  const { pages } = await loadPages(dir);
  const format = new Map(pages.map((p) => [p.file, p.format]));
  const skipped = ['breadcrumb/toc.yml', 'docfx.json', 'gadget/config.json', 'gadget/images/flow.svg', 'gadget/images/spin-copy', 'gadget/images/spin.png', 'gadget/images/spin.vsd', 'styles.css', 'toc.yml'];
  assert.deepEqual(pages.filter((p) => p.format === 'non-page').map((p) => p.file), skipped);
  assert.equal(format.get('gadget/nf-gadget-gadgetspin.md'), 'apiref');
  assert.equal(format.get('NOTES'), 'conceptual');
  for (const page of pages.filter((p) => p.format === 'non-page')) {
    assert.deepEqual(page.diagnostics, [], page.file);
    assert.deepEqual(page.apis, [], page.file);
  }

  const { spec } = await specFromDocs(dir);
  const errors = spec.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file} ${d.code}`);
  assert.deepEqual(errors, ['gadget/broken.md DG1002', 'gadget/empty.md DG1001']);
  assert.equal(spec.diagnostics.filter((d) => skipped.includes(d.file) && d.code !== 'DG1007').length, 0);
  assert.deepEqual(spec.apis.map((a) => a.name), ['GadgetSpin']);

  const [summary] = skippedFilesDiagnostics(pages);
  assert.equal(summary?.file, 'breadcrumb/toc.yml');
  assert.match(summary!.message, /^9 files .* \(json 2, yml 2, css 1, no extension 1, png 1, svg 1, vsd 1\)/);
});

test('worker threads skip the same files as the main thread', async () => {
  const dir = checkout();
  const single = await loadPages(dir, { jobs: 1 });
  const parallel = await loadPages(dir, { jobs: 2, parallelThreshold: 0 });
  assert.deepEqual(parallel.pages, single.pages);
  assert.deepEqual(parallel.docs, single.docs);
});

test('a non-page file is skipped by its name without being read', async () => {
  const dir = tempDir('nonpage-unread');
  // A file that does not exist cannot be read: skipping it by its name must not try.
  const loaded = await loadPage(dir, 'missing.png', undefined);
  assert.equal(loaded.page.format, 'non-page');
  assert.deepEqual(loaded.docDiagnostics, []);
  assert.equal(loaded.sha256, '');
  const missingPage = await loadPage(dir, 'missing.md', undefined);
  assert.deepEqual(missingPage.docDiagnostics.map((d) => d.code), ['DG1005'], 'a page that cannot be read is still an error');
});
