/**
 * Parallel loading and the content-hash cache: the worker path gives exactly the spec of the
 * single-thread path, the cache hits, misses after a change, is invalidated by the generator
 * version, and ignores corrupt entries.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cacheSalt, DiskCache } from '../src/io/cache.js';
import { batchSizeFor, PARALLEL_MIN_FILES } from '../src/parallel/pool.js';
import { DOCGEN_VERSION, specFromDocs, type LoadStats } from '../src/pipeline.js';
import { DOCS, ROOT, tempDir } from './helpers.js';
import { writeScaleFixture } from './scale-fixture.js';

const tmp = (prefix: string): string => tempDir(prefix);

const fixture = ((): string => {
  const dir = path.join(tmp('scale-fixture'), 'docs');
  writeScaleFixture(dir, 60);
  return dir;
})();

const specJson = async (docs: string, options: Parameters<typeof specFromDocs>[1] = {}): Promise<string> =>
  JSON.stringify((await specFromDocs(docs, options)).spec);

/** Every cache entry file below `dir`. */
function entries(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}


test('the fixture is a real multi-page doc set: APIs, codes, groups and read diagnostics', async () => {
  const { spec } = await specFromDocs(fixture, { jobs: 1 });
  assert.ok(spec.inputs.length > 60, `${spec.inputs.length} inputs`);
  assert.ok(spec.apis.filter((a) => a.name.startsWith('FxOperation')).length >= 50);
  assert.ok(spec.statusCodes.some((c) => c.name === 'STATUS_FX_BUSY_2' && c.valueFrom === 'reference'));
  const codes = new Set(spec.diagnostics.map((d) => d.code));
  for (const code of ['DG1001', 'DG1002', 'DG1003', 'DG1006']) assert.ok(codes.has(code), `missing ${code}`);
});

for (const [name, docs] of [
  ['docs/', DOCS],
  ['the generated multi-page fixture', fixture],
] as const) {
  test(`worker threads give exactly the single-thread spec on ${name}, for any number of workers`, async () => {
    const stats: LoadStats = { files: 0, cacheHits: 0, threads: 0 };
    const single = await specJson(docs, { jobs: 1, stats });
    assert.equal(stats.threads, 1);
    for (const jobs of [2, 3]) {
      const parallelStats: LoadStats = { files: 0, cacheHits: 0, threads: 0 };
      assert.equal(await specJson(docs, { jobs, parallelThreshold: 0, stats: parallelStats }), single, `jobs ${jobs}`);
      assert.equal(parallelStats.threads, Math.min(jobs, parallelStats.files));
    }
  });
}

test('small doc sets stay on the main thread; the threshold is explicit', async () => {
  assert.ok(PARALLEL_MIN_FILES > 8);
  const stats: LoadStats = { files: 0, cacheHits: 0, threads: 0 };
  await specFromDocs(DOCS, { jobs: 4, stats });
  assert.ok(stats.files < PARALLEL_MIN_FILES);
  assert.equal(stats.threads, 1);
  assert.equal(batchSizeFor(24000, 2), 128);
  assert.equal(batchSizeFor(100, 2), 8);
});

test('deterministic: repeated parallel runs, with and without the cache, give byte-identical specs', async () => {
  const cacheDir = tmp('cache-det');
  const runs = [
    await specJson(fixture, { jobs: 2, parallelThreshold: 0 }),
    await specJson(fixture, { jobs: 2, parallelThreshold: 0, cacheDir }),
    await specJson(fixture, { jobs: 3, parallelThreshold: 0, cacheDir }),
    await specJson(fixture, { jobs: 1, cacheDir }),
  ];
  for (const r of runs.slice(1)) assert.equal(r, runs[0]);
});

test('cache: a second run hits every page; changing one page misses that page only', async () => {
  const docs = path.join(tmp('cache-change'), 'docs');
  writeScaleFixture(docs, 20);
  const cacheDir = tmp('cache');
  const first: LoadStats = { files: 0, cacheHits: 0, threads: 0 };
  const cold = await specJson(docs, { jobs: 1, cacheDir, stats: first });
  assert.equal(first.cacheHits, 0);
  const second: LoadStats = { files: 0, cacheHits: 0, threads: 0 };
  assert.equal(await specJson(docs, { jobs: 2, parallelThreshold: 0, cacheDir, stats: second }), cold);
  // Unreadable files (none here) are never cached; every other file is.
  assert.equal(second.cacheHits, second.files);

  const page = path.join(docs, 'fx', 'nf-fx-fxoperation000.md');
  writeFileSync(page, readFileSync(page, 'utf8').replace('does step 0.', 'does the very first step.'));
  const third: LoadStats = { files: 0, cacheHits: 0, threads: 0 };
  const changed = await specFromDocs(docs, { jobs: 1, cacheDir, stats: third });
  assert.equal(third.cacheHits, third.files - 1);
  assert.match(JSON.stringify(changed.spec.apis.find((a) => a.name === 'FxOperation0')), /the very first step/);
  assert.equal(JSON.stringify(changed.spec), await specJson(docs, { jobs: 1 }), 'the cached run equals an uncached one');
});

test('cache: keyed by path and content, invalidated by the generator version and build', async () => {
  const dir = tmp('cache-key');
  const salt = cacheSalt(DOCGEN_VERSION);
  assert.notEqual(cacheSalt('9.9.9'), salt);
  assert.notEqual(cacheSalt(DOCGEN_VERSION, 'another build'), salt);
  const cache = new DiskCache(dir, salt);
  const page = { file: 'a.md', format: 'unknown' as const, apis: [], statusCodes: [], groups: [], flows: [], samples: [], diagnostics: [], title: undefined };
  cache.setPage('a.md', 'sha-1', { page, docDiagnostics: [] });
  const hit = cache.getPage('a.md', 'sha-1');
  assert.deepEqual(hit?.page, page);
  assert.ok(hit && 'title' in hit.page, 'undefined fields survive the round trip');
  assert.equal(cache.getPage('a.md', 'sha-2'), undefined, 'other content');
  assert.equal(cache.getPage('b.md', 'sha-1'), undefined, 'other path');

  const newer = new DiskCache(dir, cacheSalt('9.9.9'));
  assert.equal(newer.getPage('a.md', 'sha-1'), undefined, 'another version misses');
  newer.setPage('a.md', 'sha-1', { page, docDiagnostics: [] });
  // What an earlier run set aside and did not finish deleting goes too; a folder of another kind stays.
  const leftover = `${path.basename(cache.root)}.deleting-0123abcd`;
  mkdirSync(path.join(dir, leftover, 'pages'), { recursive: true });
  mkdirSync(path.join(dir, 'not-a-salt'));
  const pruned = newer.pruneOtherSalts();
  assert.ok(!existsSync(cache.root), 'the old version’s folder is out of the way at once');
  await pruned;
  assert.deepEqual(readdirSync(dir).sort(), ['not-a-salt', path.basename(newer.root)].sort(), 'the old version’s entries are deleted');
});

test('cache: a corrupt, truncated, foreign or misplaced entry is ignored, and the run re-parses the page', async () => {
  const dir = tmp('cache-corrupt');
  const cache = new DiskCache(dir, cacheSalt(DOCGEN_VERSION));
  const page = { file: 'a.md', format: 'unknown' as const, apis: [], statusCodes: [], groups: [], flows: [], samples: [], diagnostics: [] };
  const entryFile = (): string => entries(cache.root).find((f) => f.includes(`${path.sep}pages${path.sep}`))!;
  const damage: Array<[string, (file: string) => void]> = [
    ['truncated', (f) => writeFileSync(f, readFileSync(f).subarray(0, 40))],
    ['a flipped body byte', (f) => {
      const b = readFileSync(f);
      b[b.length - 3] = b[b.length - 3]! ^ 0xff;
      writeFileSync(f, b);
    }],
    ['garbage', (f) => writeFileSync(f, 'not a cache entry at all')],
    ['empty', (f) => writeFileSync(f, '')],
    ['extra bytes', (f) => appendFileSync(f, 'xx')],
    ['another entry’s content', (f) => {
      cache.setPage('b.md', 'sha-b', { page: { ...page, file: 'b.md' }, docDiagnostics: [] });
      const other = entries(cache.root).find((e) => e !== f && e.includes(`${path.sep}pages${path.sep}`))!;
      writeFileSync(f, readFileSync(other));
    }],
    ['a folder in its place', (f) => {
      rmSync(f);
      mkdirSync(f);
    }],
  ];
  for (const [what, harm] of damage) {
    rmSync(dir, { recursive: true, force: true });
    cache.setPage('a.md', 'sha-1', { page, docDiagnostics: [] });
    assert.ok(cache.getPage('a.md', 'sha-1'), what);
    harm(entryFile());
    assert.equal(cache.getPage('a.md', 'sha-1'), undefined, what);
  }

  // End to end: damage every entry of a warm cache; the run still gives the right spec.
  const cacheDir = tmp('cache-corrupt-run');
  const expected = await specJson(fixture, { jobs: 1 });
  await specFromDocs(fixture, { jobs: 1, cacheDir });
  const files = entries(cacheDir);
  assert.ok(files.length > 60);
  files.forEach((f, i) => (i % 2 ? writeFileSync(f, readFileSync(f).subarray(0, 10)) : appendFileSync(f, 'junk')));
  const stats: LoadStats = { files: 0, cacheHits: 0, threads: 0 };
  assert.equal(await specJson(fixture, { jobs: 2, parallelThreshold: 0, cacheDir, stats }), expected);
  assert.equal(stats.cacheHits, 0);
});

test('cache: no temporary files are left behind, and an unwritable cache folder is not an error', async () => {
  const cacheDir = tmp('cache-tmp');
  await specFromDocs(fixture, { jobs: 2, parallelThreshold: 0, cacheDir });
  assert.deepEqual(entries(cacheDir).filter((f) => f.endsWith('.tmp')), []);
  const blocker = path.join(tmp('cache-blocked'), 'file');
  writeFileSync(blocker, 'a file where the cache folder should be');
  assert.equal(await specJson(DOCS, { jobs: 1, cacheDir: blocker }), await specJson(DOCS, { jobs: 1 }));
});

test('CLI: --cache DIR fills the cache, --no-cache leaves none, --jobs must be 1 or more', () => {
  const project = tmp('cli-cache');
  const bin = path.join(ROOT, 'generator/bin/docgen.js');
  const cacheDir = path.join(project, 'my-cache');
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'generate', '--docs', fixture, '--out', path.join(project, 'out'), '--quiet', ...args], { cwd: project, encoding: 'utf8' });
  const first = run('--cache', cacheDir, '--jobs', '2');
  assert.equal(first.status, 1, first.stderr); // the fixture has error-level diagnostics (binary file)
  assert.ok(entries(cacheDir).length > 60);
  const out1 = readFileSync(path.join(project, 'out', 'spec.json'), 'utf8');
  const second = run('--no-cache');
  assert.equal(second.status, 1, second.stderr);
  assert.equal(readFileSync(path.join(project, 'out', 'spec.json'), 'utf8'), out1);
  assert.equal(existsSync(path.join(project, 'node_modules')), false, '--no-cache writes no default cache');
  const bad = run('--jobs', '0');
  assert.equal(bad.status, 2);
  assert.doesNotMatch(bad.stderr, /at .*\.js:\d+/, 'no stack trace');
});
