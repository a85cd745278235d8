/**
 * Incremental builds: after any edit of the docs, templates or config, a warm `generate` (with the
 * build state of the previous one) writes exactly what a cold one (`--no-cache`) writes, redoes
 * only what the edit reaches, and never trusts its state over the files on disk.
 */
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { main } from '../src/cli/main.js';
import { startEmit } from '../src/emit/run.js';
import { planStage } from '../src/emit/plan-files.js';
import { directFormatter, formatTypeScriptWith } from '../src/emit/format.js';
import { BUILTIN_TEMPLATES } from '../src/paths.js';
import { buildDocs, DOCGEN_VERSION } from '../src/pipeline.js';
import { FIXTURES, readTree, tempDir, type CliRun } from './helpers.js';
import { writeScaleFixture } from './scale-fixture.js';
import { sha256Hex } from '../src/hash.js';
import { SHARD_COUNT, type ShardTable } from '../src/io/shards.js';

/**
 * Runs the CLI in-process with no racy-stamp window (see build-state.ts): a docs file counts as
 * unchanged whenever its stamp is as recorded, however soon after its last change the previous run
 * ended. With the default window, the files edited in the 2 seconds before the previous run ended
 * are read again, and how many those are depends on how fast the machine is. (The window itself
 * is tested below, with buildDocs.)
 */
async function run(args: string[], cwd: string): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), cwd, isTTY: false, ci: true, racyMs: 0 });
  return { code, out, err };
}

/** A project with the multi-page fixture as its docs, generated once. */
async function project(): Promise<string> {
  const dir = tempDir('incremental');
  writeScaleFixture(path.join(dir, 'docs'), 24);
  const first = await run(['generate', '--quiet'], dir);
  assert.equal(first.code, 1, first.err); // the fixture has error-level diagnostics (empty and binary files)
  return dir;
}

/**
 * Generates warm (into generated/) and cold (into a fresh folder), and asserts both trees are equal
 * and that the warm run read again exactly the docs files the edit touched (`reads`: how many, or
 * 'all' of them). Returns what the warm run printed on stderr (its timings among it).
 */
async function assertWarmIsCold(dir: string, what: string, reads: number | 'all', extra: string[] = []): Promise<string> {
  const warm = await run(['generate', '--timings', ...extra], dir);
  const counts = /read pages \((\d+) of (\d+) not known unchanged\)/.exec(warm.err);
  assert.ok(counts, `${what}: the timings name the files read`);
  const [read, total] = [Number(counts[1]), Number(counts[2])];
  assert.ok(total > 20, `${what}: ${total} docs files`);
  assert.equal(read, reads === 'all' ? total : reads, `${what}: ${read} of ${total} docs files read again`);
  const cold = await run(['generate', '--no-cache', '--out', 'cold', ...extra], dir);
  assert.equal(warm.code, cold.code, `${what}: exit codes`);
  const written = (err: string): string | undefined => /Wrote (\d+) files/.exec(err)?.[1];
  assert.equal(written(warm.err), written(cold.err), `${what}: the count of files written`);
  assert.ok(written(warm.err), `${what}: the count is reported`);
  assert.deepEqual(diagnosticLines(warm.err), diagnosticLines(cold.err), `${what}: the diagnostics printed`);
  const a = readTree(path.join(dir, 'generated'));
  const b = readTree(path.join(dir, 'cold'));
  assert.deepEqual(Object.keys(a), Object.keys(b), `${what}: the same files`);
  for (const file of Object.keys(a)) assert.equal(a[file], b[file], `${what}: ${file}`);
  rmSync(path.join(dir, 'cold'), { recursive: true });
  return warm.err;
}

/** The diagnostics a run printed (DGnnnn lines). */
const diagnosticLines = (err: string): string[] => err.split('\n').filter((line) => /\bDG\d{4}\b/.test(line));

function editFile(file: string, change: (text: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  assert.notEqual(after, before, `the edit of ${file} changed nothing`);
  writeFileSync(file, after);
}

const fx = (dir: string, name: string): string => {
  for (const sub of ['fx', 'fx/deep', 'fx/deep/er']) {
    const file = path.join(dir, 'docs', sub, name);
    if (existsSync(file)) return file;
  }
  throw new Error(`no fixture page ${name}`);
};

test('a warm run after each kind of edit writes exactly what a cold run writes', async () => {
  const dir = await project();
  // Each edit, and how many docs files it makes the warm run read again.
  const edits: Array<[string, number, () => void]> = [
    ['a sentence appended to a page', 1, () => appendFileSync(fx(dir, 'nf-fx-fxoperation004.md'), '\nAn appended sentence.\n')],
    ['a sentence added to a description', 1, () => editFile(fx(dir, 'nf-fx-fxoperation005.md'), (t) => t.replace('does step 5.', 'does step 5. It is quick.'))],
    ['a paragraph that moves every line below it', 1, () => editFile(fx(dir, 'nf-fx-fxoperation007.md'), (t) => t.replace('## -description\n', '## -description\n\nA new first paragraph.\n'))],
    ['a parameter renamed', 1, () => editFile(fx(dir, 'nf-fx-fxoperation008.md'), (t) => t.replace('-param Handle', '-param Handle2'))],
    ['a return code added', 1, () => editFile(fx(dir, 'nf-fx-fxoperation010.md'), (t) => t.replace('## -returns\n', '## -returns\n\n**STATUS_FX_BUSY_3** when the device is busy.\n'))],
    ['a status value changed in the reference', 1, () => editFile(path.join(dir, 'docs/fx/fx-status.md'), (t) => t.replace('0xC0AB0001', '0xC0AB0011'))],
    ['a page removed', 0, () => rmSync(fx(dir, 'nf-fx-fxoperation011.md'))],
    ['a page added', 1, () => writeFileSync(path.join(dir, 'docs/fx/nf-fx-new.md'), readFileSync(fx(dir, 'nf-fx-fxoperation012.md'), 'utf8').replaceAll('FxOperation12', 'FxBrandNew'))],
    ['a page renamed', 1, () => renameSync(fx(dir, 'nf-fx-fxoperation013.md'), path.join(dir, 'docs/fx/renamed.md'))],
    ['a file touched without a change', 1, () => utimesSync(fx(dir, 'nf-fx-fxoperation014.md'), new Date(), new Date())],
    ['an image added (a file that is not a page)', 1, () => writeFileSync(path.join(dir, 'docs/fx/diagram.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]))],
    ['a page edited beside the image', 1, () => appendFileSync(fx(dir, 'nf-fx-fxoperation015.md'), '\nAnother sentence.\n')],
    ['the image removed', 0, () => rmSync(path.join(dir, 'docs/fx/diagram.png'))],
    ['nothing changed', 0, () => undefined],
    ['the package name in a config file', 0, () => writeFileSync(path.join(dir, 'docgen.config.json'), JSON.stringify({ packageName: 'fx-renamed' }))],
  ];
  for (const [what, reads, edit] of edits) {
    edit();
    await assertWarmIsCold(dir, what, reads);
  }
  // A template override (the folder is given on the command line), then an edit of it.
  const tpl = path.join(dir, 'tpl');
  mkdirSync(tpl);
  const stubsTemplate = readFileSync(path.join(BUILTIN_TEMPLATES, 'stubs.ts.hbs'), 'utf8');
  writeFileSync(path.join(tpl, 'stubs.ts.hbs'), stubsTemplate.replace('A stub implementation', 'A test double'));
  await assertWarmIsCold(dir, 'a template override', 0, ['--templates', 'tpl']);
  assert.match(readFileSync(path.join(dir, 'generated/src/stubs/alpha.ts'), 'utf8'), /A test double/);
  writeFileSync(path.join(tpl, 'stubs.ts.hbs'), stubsTemplate.replace('A stub implementation', 'A fake'));
  await assertWarmIsCold(dir, 'the template override edited', 0, ['--templates', 'tpl']);
  assert.match(readFileSync(path.join(dir, 'generated/src/stubs/alpha.ts'), 'utf8'), /A fake/);
});

test('a warm run after a run where an API failed to build writes exactly what a cold run writes', async () => {
  const dir = tempDir('incremental-failed');
  writeScaleFixture(path.join(dir, 'docs'), 24);
  process.env['DOCGEN_FAILPOINTS'] = 'spec entry:FxOperation5';
  try {
    const failed = await run(['generate', '--quiet'], dir);
    assert.match(failed.err, /DG9002: docgen failed on FxOperation5/);
  } finally {
    delete process.env['DOCGEN_FAILPOINTS'];
  }
  // Nothing changed but the API now builds: its DG9002 must leave spec.json and the report.
  await assertWarmIsCold(dir, 'the failed API built', 0);
  assert.doesNotMatch(readFileSync(path.join(dir, 'generated/spec.json'), 'utf8'), /DG9002/);

  // Again, with the stored diagnostics of the globals damaged: they are computed again.
  process.env['DOCGEN_FAILPOINTS'] = 'spec entry:FxOperation6';
  try {
    editFile(fx(dir, 'nf-fx-fxoperation006.md'), (t) => t.replace('does step 6.', 'does step six.'));
    assert.match((await run(['generate', '--quiet'], dir)).err, /DG9002: docgen failed on FxOperation6/);
  } finally {
    delete process.env['DOCGEN_FAILPOINTS'];
  }
  const head = stateHead(dir);
  const blob = path.join(path.dirname(head), `${(JSON.parse(readFileSync(head, 'utf8')) as { blobs: { globalDiagnostics: string } }).blobs.globalDiagnostics}.json`);
  assert.ok(existsSync(blob), blob);
  writeFileSync(blob, '{ not json');
  await assertWarmIsCold(dir, 'the failed API built, the globals\' diagnostics damaged', 0);
  assert.doesNotMatch(readFileSync(path.join(dir, 'generated/spec.json'), 'utf8'), /DG9002/);
});

/** Every file and folder below `dir`, as paths. */
function allBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f));
}

/** The newest file of the build state of `dir`'s generate runs (its delta when there is one, else its index). */
function stateHead(dir: string): string {
  const index = allBelow(path.join(dir, 'node_modules/.cache/docgen')).find((f) => path.basename(f) === 'index.json');
  assert.ok(index, 'the build state is where the test looks for it');
  return ['delta.json', 'index.json'].map((f) => path.join(path.dirname(index), f)).find((f) => existsSync(f))!;
}

/** The sharded maps of the build state of `dir`: each map's table (`io/shards.ts`), and the folder of their blobs. */
function shardTables(dir: string): { stateDir: string } & Record<(typeof MAPS)[number], ShardTable> {
  const head = stateHead(dir);
  const { shards } = JSON.parse(readFileSync(head, 'utf8')) as { shards: Record<(typeof MAPS)[number], ShardTable> };
  for (const map of MAPS) assert.equal(shards[map].length, SHARD_COUNT, `${map}: a table of every shard`);
  return { stateDir: path.dirname(head), ...shards };
}

const MAPS = ['footprints', 'pageFacts', 'keyStages', 'summaries'] as const;

test('a warm run that changes one page\'s footprint and one API summary writes one shard of each map that changed, and leaves the other shard files as they were', async () => {
  const dir = await project();
  const before = shardTables(dir);
  // A file's inode and modification time: the same only when it was not written again.
  const identity = (blob: string): string => {
    const info = statSync(path.join(before.stateDir, `${blob}.json`));
    return `${info.ino} ${info.mtimeMs}`;
  };
  const identities = new Map(MAPS.flatMap((map) => before[map].map(([, blob]) => [blob, identity(blob)] as const)));
  editFile(fx(dir, 'nf-fx-fxoperation008.md'), (t) => t.replace('## -returns\n', '## -returns\n\n**STATUS_FX_BUSY_3** when the device is busy.\n'));
  await assertWarmIsCold(dir, 'a return code added', 1);
  const after = shardTables(dir);
  // A return code is a fact of the API, not of its page: the page's facts are stored as they were.
  for (const map of MAPS) {
    assert.ok(new Set(before[map].map(([, blob]) => blob)).size > 10, `${map}: the items are spread over the shards`);
    const changed = before[map].flatMap(([, blob], i) => (blob !== after[map][i]![1] ? [i] : []));
    assert.equal(changed.length, map === 'pageFacts' ? 0 : 1, `${map}: the shards changed (${changed.join(', ')})`);
    if (changed.length === 0) continue;
    const written = after[map][changed[0]!]![1];
    assert.ok(!identities.has(written), `${map}: the changed shard is a new blob`);
    assert.ok(existsSync(path.join(after.stateDir, `${written}.json`)), `${map}: the new blob is stored`);
    for (const [i, [, blob]] of after[map].entries()) {
      if (i !== changed[0]) assert.equal(identity(blob), identities.get(blob), `${map}: shard ${i} is the file it was`);
    }
  }
});

/**
 * Damages a shard of `map` that does not hold `spare` (a key: a docs file or an API key): deletes
 * its blob, or changes its first value with `tamper` (valid JSON, so only the blob's hash gives it
 * away). Returns the blob damaged.
 */
function damageShard(dir: string, map: (typeof MAPS)[number], spare: string, tamper: 'delete' | ((value: Record<string, unknown>) => void)): string {
  const tables = shardTables(dir);
  assert.ok(tables[map].some(([, blob]) => readFileSync(path.join(tables.stateDir, `${blob}.json`), 'utf8').includes(JSON.stringify(spare))), `${map}: ${spare} is a key of the map`);
  const file = (blob: string): string => path.join(tables.stateDir, `${blob}.json`);
  for (const [, blob] of tables[map]) {
    const text = readFileSync(file(blob), 'utf8');
    const rows = JSON.parse(text) as Array<[string, Record<string, unknown>]>;
    if (rows.length === 0 || rows.some(([key]) => key === spare)) continue;
    if (tamper === 'delete') {
      rmSync(file(blob));
      return blob;
    }
    tamper(rows[0]![1]);
    // Only a shard whose first value the tamper changes.
    if (JSON.stringify(rows) === text) continue;
    writeFileSync(file(blob), JSON.stringify(rows));
    return blob;
  }
  throw new Error(`${map}: no shard to damage`);
}

/** Asserts that every blob the tables of `dir`'s build state name is stored, with the content its name is the hash of. */
function assertShardsWhole(dir: string, what: string): void {
  const tables = shardTables(dir);
  for (const map of MAPS) {
    for (const [, blob] of tables[map]) {
      const file = path.join(tables.stateDir, `${blob}.json`);
      assert.ok(existsSync(file), `${what}: ${map} blob ${blob} is stored`);
      assert.equal(sha256Hex(readFileSync(file)), blob, `${what}: ${map} blob ${blob} is whole`);
    }
  }
}

test('a deleted or damaged shard of a stored map is computed again: the output is a cold run\'s, and the next state is whole', async () => {
  const dir = await project();
  const addReturnCode = (text: string): string => text.replace('## -returns\n', '## -returns\n\n**STATUS_FX_BUSY_3** when the device is busy.\n');
  // A parameter the prototype does not have is a warning: renaming one to or from such a name
  // changes the count of diagnostics, which has the package planned again.
  const toggleParameter = (text: string): string => (text.includes('-param TheHandle') ? text.replace('-param TheHandle', '-param Handle') : text.replace('-param Handle', '-param TheHandle'));
  // The same in the prototype of an API with a counterpart: the globals are computed again (and the
  // API's summary changes: it has the prototype's text).
  const togglePrototypeParameter = (text: string): string => (text.includes('HANDLE TheHandle,') ? text.replace('HANDLE TheHandle,', 'HANDLE Handle,') : text.replace('HANDLE Handle,', 'HANDLE TheHandle,'));
  // Damaged values that would show in the output if they were read: an API renamed.
  const damagedFootprint = (page: Record<string, unknown>): void => {
    for (const api of page['apis'] as Array<{ name: string }>) api.name = `${api.name}Damaged`;
  };
  const damagedSummary = (summary: Record<string, unknown>): void => {
    summary['name'] = `${String(summary['name'])}Damaged`;
  };
  const damagedStage = (stage: Record<string, unknown>): void => {
    const facts = stage['facts'] as { name: string };
    facts.name = `${facts.name}Damaged`;
  };
  // When the globals are computed again (an edit changes what they are computed from: a return
  // code, or the name of a parameter of an API with a counterpart), the stored stages of the keys
  // no changed page reaches are read back; when one of them is damaged, every footprint is. The
  // summaries are read back when the package is planned again: when a summary changes, and when
  // the count of diagnostics does (toggling the name of a parameter changes no summary). Each step
  // damages shards that do not hold the edited page or its API (page 10 documents FxOperation9Async:
  // see scale-fixture.ts), and says how many summary shards the edit changes.
  type Damage = { map: (typeof MAPS)[number]; damage: 'delete' | ((value: Record<string, unknown>) => void) };
  const steps: Array<{ what: string; damages: Damage[]; page: string; api: string; edit: (text: string) => string; summariesChanged: number }> = [
    { what: 'a key-stage shard damaged', damages: [{ map: 'keyStages', damage: damagedStage }], page: 'nf-fx-fxoperation011.md', api: 'FxOperation11', edit: addReturnCode, summariesChanged: 1 },
    { what: 'a page-facts shard deleted', damages: [{ map: 'pageFacts', damage: 'delete' }], page: 'nf-fx-fxoperation012.md', api: 'FxOperation12', edit: addReturnCode, summariesChanged: 1 },
    {
      what: 'a footprint shard and a key-stage shard deleted',
      damages: [{ map: 'footprints', damage: 'delete' }, { map: 'keyStages', damage: 'delete' }],
      page: 'nf-fx-fxoperation009.md',
      api: 'FxOperation9',
      edit: addReturnCode,
      summariesChanged: 1,
    },
    {
      what: 'a footprint shard damaged and a page-facts shard deleted',
      damages: [{ map: 'footprints', damage: damagedFootprint }, { map: 'pageFacts', damage: 'delete' }],
      page: 'nf-fx-fxoperation010.md',
      api: 'FxOperation9Async',
      edit: togglePrototypeParameter,
      summariesChanged: 1,
    },
    { what: 'a summary shard deleted, a summary changed', damages: [{ map: 'summaries', damage: 'delete' }], page: 'nf-fx-fxoperation010.md', api: 'FxOperation9Async', edit: addReturnCode, summariesChanged: 1 },
    { what: 'a summary shard deleted, no summary changed', damages: [{ map: 'summaries', damage: 'delete' }], page: 'nf-fx-fxoperation008.md', api: 'FxOperation8', edit: toggleParameter, summariesChanged: 0 },
    { what: 'a summary shard damaged, no summary changed', damages: [{ map: 'summaries', damage: damagedSummary }], page: 'nf-fx-fxoperation008.md', api: 'FxOperation8', edit: toggleParameter, summariesChanged: 0 },
  ];
  for (const { what, damages, page, api, edit, summariesChanged } of steps) {
    const before = shardTables(dir);
    const file = fx(dir, page);
    const byFile = (map: string): boolean => map === 'footprints' || map === 'pageFacts';
    const damaged = damages.map(({ map, damage }) => ({ map, blob: damageShard(dir, map, byFile(map) ? path.relative(path.join(dir, 'docs'), file).split(path.sep).join('/') : api, damage) }));
    editFile(file, edit);
    await assertWarmIsCold(dir, what, 1);
    assertShardsWhole(dir, `after ${what}`);
    const after = shardTables(dir);
    for (const { map, blob } of damaged) assert.ok(after[map].some(([, b]) => b === blob), `${what}: the ${map} shard damaged is stored again as it was`);
    assert.equal(before.summaries.filter(([, blob], i) => blob !== after.summaries[i]![1]).length, summariesChanged, `${what}: the summary shards changed`);
  }
});

test('a quiet run of docs without errors prints nothing, warm or cold; an error added is printed', async () => {
  const dir = await project();
  // Without its empty and binary files the fixture has warnings and notes, and no error.
  const empty = fx(dir, 'empty.md');
  for (const file of [empty, fx(dir, 'binary.md')]) rmSync(file);
  const cold = await run(['generate', '--quiet', '--no-cache', '--out', 'cold'], dir);
  assert.deepEqual([cold.code, cold.err], [0, ''], 'a cold quiet run without errors');
  const verbose = await run(['generate', '--no-cache', '--out', 'cold'], dir);
  assert.match(verbose.err, /warning/, 'the fixture still has warnings');
  const first = await run(['generate', '--quiet'], dir);
  assert.deepEqual([first.code, first.err], [0, ''], 'the first quiet run after the errors were fixed');
  // A prose edit: the counts say no error, and nothing else is wanted.
  appendFileSync(fx(dir, 'nf-fx-fxoperation004.md'), '\nAn appended sentence.\n');
  const warm = await run(['generate', '--quiet'], dir);
  assert.deepEqual([warm.code, warm.err], [0, ''], 'a warm quiet run without errors');
  // An error again: printed, by the warm run as by a cold one.
  writeFileSync(empty, '');
  const again = await run(['generate', '--quiet'], dir);
  assert.equal(again.code, 1);
  assert.match(again.err, /empty\.md/);
  rmSync(path.join(dir, 'cold'), { recursive: true });
});

test('a quiet warm run prints the errors a cold one prints, whether or not the state counted them', async () => {
  const dir = await project();
  const assertQuietIsCold = async (what: string): Promise<void> => {
    const warm = await run(['generate', '--quiet'], dir);
    const cold = await run(['generate', '--quiet', '--no-cache', '--out', 'cold'], dir);
    assert.equal(warm.code, cold.code, `${what}: exit codes`);
    const errors = diagnosticLines(warm.err);
    assert.ok(errors.length > 0 && errors.every((line) => /error/.test(line)), `${what}: the fixture's errors, and nothing else, are printed: ${warm.err}`);
    assert.deepEqual(errors, diagnosticLines(cold.err), `${what}: the errors printed`);
    rmSync(path.join(dir, 'cold'), { recursive: true });
  };
  // A prose edit: the diagnostics are the previous build's, counted by the state.
  appendFileSync(fx(dir, 'nf-fx-fxoperation004.md'), '\nAn appended sentence.\n');
  await assertQuietIsCold('a sentence appended');
  // The state's counts damaged: the diagnostics are read back to know whether any is an error.
  const head = stateHead(dir);
  writeFileSync(head, readFileSync(head, 'utf8').replace(/"diagnosticCounts":\{[^}]*\}/, '"diagnosticCounts":{"error":0}'));
  assert.match(readFileSync(head, 'utf8'), /"diagnosticCounts":\{"error":0\}/);
  appendFileSync(fx(dir, 'nf-fx-fxoperation005.md'), '\nAnother sentence.\n');
  await assertQuietIsCold('a sentence appended, the counts damaged');
});

test('a warm run redoes only what an edit reaches: one page read, one entry built, its files rendered', async () => {
  const dir = await project();
  const cacheDir = path.join(dir, 'node_modules/.cache/docgen');
  const options = { packageName: 'windows-api-docgen', packageVersion: '0.1.0', docgenVersion: DOCGEN_VERSION, builtinTemplatesDir: BUILTIN_TEMPLATES };
  const outDir = path.join(dir, 'generated');
  const docs = path.join(dir, 'docs');

  // The racy-stamp window: a docs file whose last change is within the window of the moment the
  // state was written is read again, though its stamp is as recorded. Every docs file was written
  // just before the first run: a window of an hour takes in every one, no window none of them.
  const racy = await buildDocs(docs, { outDir, cacheDir, jobs: 1, racyMs: 3_600_000 });
  assert.equal(racy.stats.read, racy.update.pages.length);
  racy.background?.close();

  // Nothing changed: nothing read, nothing built, every file but spec.json reused.
  const same = await buildDocs(docs, { outDir, cacheDir, jobs: 1, racyMs: 0 });
  assert.deepEqual([same.stats.read, same.stats.entriesBuilt, same.stats.globalsComputed], [0, 0, false]);
  const unchanged = await startEmit(same.source, options, same);
  assert.equal(unchanged.stats.planned, false, 'the plan is recalled');
  assert.deepEqual([...unchanged.render()], [], 'no file is rendered');
  // An emit for a caller that reads no entry after it (generate) lets each entry go once every file
  // that lists it is past; one that does not say so (check compares the spec after) keeps them.
  const entriesListed = [...unchanged.finish([]).records.values()].flatMap((r) => r.deps);
  assert.ok(entriesListed.length > 0, 'some file lists entries');
  same.source.entry(entriesListed[0]!);
  const lettingGo = await startEmit(same.source, options, same, true);
  assert.deepEqual([...lettingGo.render()], []);
  for (const key of entriesListed) assert.throws(() => same.source.entry(key), /was read after it was let go/);
  same.background?.close();

  // A description edited: that page is read, its entry built, and only its header's bindings are
  // stale (the stubs inherit their documentation, so they read no prose).
  editFile(fx(dir, 'nf-fx-fxoperation005.md'), (t) => t.replace('does step 5.', 'does step 5 quickly.'));
  const edited = await buildDocs(docs, { outDir, cacheDir, jobs: 1, racyMs: 0 });
  assert.deepEqual([edited.stats.read, edited.stats.entriesBuilt, edited.stats.globalsComputed], [1, 1, false]);
  const again = await startEmit(edited.source, options, edited);
  assert.equal(again.stats.planned, false, 'the plan is recalled');
  const toFormat = [...again.render()];
  assert.deepEqual(toFormat.map((f) => f.path), ['src/gamma.ts']);
  // It is formatted again only where the edit reached: the other pieces are the previous output's.
  const file = toFormat[0]!;
  assert.ok(file.memo, 'the previous output of src/gamma.ts, with its pieces');
  const asked: Array<{ start: number; end: number } | undefined> = [];
  const direct = directFormatter()!;
  const formatted = formatTypeScriptWith(file.path, file.text, (sf, range) => (asked.push(range), direct(sf, range)), file.memo);
  assert.equal(formatted.text, formatTypeScriptWith(file.path, file.text, direct, undefined, true).text);
  const share = asked.reduce((sum, range) => sum + (range ? range.end - range.start : file.text.length), 0) / file.text.length;
  assert.ok(asked.length > 0 && share < 0.5, `${Math.round(share * 100)}% of the file formatted again`);
  edited.background?.close();
  await assertWarmIsCold(dir, 'the description edit', 1);

  // A parameter renamed (its heading and the prototype) changes the page's footprint and the API's
  // summary, but nothing the globals are computed from: they are kept.
  const renameHandle = (t: string): string => t.replace('-param Handle', '-param TheHandle').replace('HANDLE Handle,', 'HANDLE TheHandle,');
  editFile(fx(dir, 'nf-fx-fxoperation008.md'), renameHandle);
  const renamed = await buildDocs(docs, { outDir, cacheDir, jobs: 1, racyMs: 0 });
  assert.deepEqual([renamed.stats.read, renamed.stats.entriesBuilt, renamed.stats.globalsComputed], [1, 1, false]);
  // The package is planned again, but only the files of the renamed API's header and the
  // package-wide ones compute their views to be keyed: the other headers' are keyed by their inputs.
  const replanned = await startEmit(renamed.source, options, renamed);
  assert.equal(replanned.stats.planned, true);
  const rendered = [...replanned.render()].map((f) => f.path);
  const planned = planStage(renamed.source, options).files.flatMap((f) => ('planned' in f ? [f.planned] : []));
  const viewed = planned.filter((f) => f.path !== 'spec.json' && (!f.scope || f.scope.includes('FxOperation8')));
  assert.ok(viewed.filter((f) => f.scope).length >= 5, 'the header of FxOperation8 has its files');
  assert.ok(planned.filter((f) => f.scope && !f.scope.includes('FxOperation8')).length >= 5, 'other headers have theirs');
  assert.equal(replanned.stats.viewed, viewed.length);
  assert.ok(rendered.includes('src/stubs/gamma.ts') && rendered.every((p) => viewed.some((f) => f.path === p)), rendered.join(', '));
  renamed.background?.close();
  await assertWarmIsCold(dir, 'the rename', 1);

  // FxOperation8Async added, without a prototype: it borrows FxOperation8's, by the parameters'
  // names. The rename kept the globals, and stored FxOperation8's stage again with the new name.
  const asyncPage = readFileSync(fx(dir, 'nf-fx-fxoperation008.md'), 'utf8').replaceAll('FxOperation8', 'FxOperation8Async').replace(/## -syntax\n\n```cpp\n[^`]*```\n/, '');
  writeFileSync(path.join(path.dirname(fx(dir, 'nf-fx-fxoperation008.md')), 'nf-fx-fxoperation008async.md'), asyncPage);
  const borrowing = await buildDocs(docs, { outDir, cacheDir, jobs: 1, racyMs: 0 });
  assert.equal(borrowing.update.globals.contexts.get('FxOperation8Async')?.types?.parameters[0]?.typeResolution, 'inferred', 'TheHandle is borrowed');
  borrowing.background?.close();
  await assertWarmIsCold(dir, 'a borrower added', 1);

  // FxOperation9Async without its prototype borrows FxOperation9's, matching parameters by name:
  // renaming one of FxOperation9's changes the types the globals give FxOperation9Async.
  editFile(fx(dir, 'nf-fx-fxoperation010.md'), (t) => t.replace(/## -syntax\n\n```cpp\n[^`]*```\n/, ''));
  assert.match(await assertWarmIsCold(dir, 'a prototype removed', 1), /globals computed/);
  editFile(fx(dir, 'nf-fx-fxoperation009.md'), renameHandle);
  const lender = await buildDocs(docs, { outDir, cacheDir, jobs: 1, racyMs: 0 });
  assert.deepEqual([lender.stats.read, lender.stats.globalsComputed], [1, true]);
  assert.equal(lender.update.globals.contexts.get('FxOperation9Async')?.types?.parameters[0]?.typeResolution, 'unknown', 'Handle no longer matches');
  lender.background?.close();
  await assertWarmIsCold(dir, 'a parameter of a lender renamed', 1);
});

test('the plan is recalled when every file that is not as it was can be assembled from its stored context, else planned; the output is a cold run\'s either way', async () => {
  const dir = await project();
  const recalled = /plan \(\d+ files, recalled\)/;
  // A description edited: its header's bindings are assembled again from their stored context.
  editFile(fx(dir, 'nf-fx-fxoperation005.md'), (t) => t.replace('does step 5.', 'does step 5 quickly.'));
  assert.match(await assertWarmIsCold(dir, 'a description edited', 1), recalled);
  // A generated file that reads no entry, edited by hand: its view is not stored, so the package is planned.
  appendFileSync(path.join(dir, 'generated/src/stubs/alpha.ts'), '// edited by hand\n');
  assert.doesNotMatch(await assertWarmIsCold(dir, 'a stub edited by hand', 0), recalled);
  // The stored contexts lost, then a description edited: planned.
  const cache = path.join(dir, 'node_modules/.cache/docgen');
  const contexts = allBelow(cache).filter((f) => path.basename(f) === 'contexts' && statSync(f).isDirectory());
  assert.ok(contexts.length > 0, 'the stored contexts are where the test looks for them');
  for (const folder of contexts) rmSync(folder, { recursive: true });
  editFile(fx(dir, 'nf-fx-fxoperation005.md'), (t) => t.replace('does step 5 quickly.', 'does step 5 slowly.'));
  assert.doesNotMatch(await assertWarmIsCold(dir, 'the stored contexts lost', 1), recalled);
  // Planning stored them again: the next edit recalls the plan.
  editFile(fx(dir, 'nf-fx-fxoperation005.md'), (t) => t.replace('does step 5 slowly.', 'does step 5.'));
  assert.match(await assertWarmIsCold(dir, 'a description edited again', 1), recalled);
});

test('the build state is checked against the files, never trusted', async () => {
  const dir = await project();
  const out = path.join(dir, 'generated');
  const stub = path.join(out, 'src/stubs/alpha.ts');
  const expected = readFileSync(stub, 'utf8');

  // A hand edit of a generated file: check reports it, generate writes the file again.
  appendFileSync(stub, '// edited by hand\n');
  const check = await run(['check'], dir);
  assert.equal(check.code, 1);
  assert.match(check.out, /stale: +generated\/src\/stubs\/alpha\.ts/);
  await run(['generate', '--quiet'], dir);
  assert.equal(readFileSync(stub, 'utf8'), expected);

  // A generated file deleted, then the whole output folder.
  rmSync(stub);
  await assertWarmIsCold(dir, 'a generated file deleted', 0);
  rmSync(out, { recursive: true });
  await assertWarmIsCold(dir, 'the output folder deleted', 0);

  // spec.json edited by hand: its entries are not copied from it.
  editFile(path.join(out, 'spec.json'), (t) => t.replace('"FxOperation4"', '"FxOperationX"'));
  editFile(fx(dir, 'nf-fx-fxoperation005.md'), (t) => t.replace('does step 5.', 'does step five.'));
  await assertWarmIsCold(dir, 'spec.json edited by hand', 1);

  // A docs file rewritten with the same size and its modification time put back: its change time
  // gives it away. The time is a whole second, which utimes restores exactly (it drops sub-millisecond
  // digits), so the recorded modification time and the restored one are equal.
  const page = fx(dir, 'nf-fx-fxoperation006.md');
  const whole = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  utimesSync(page, whole, whole);
  await assertWarmIsCold(dir, 'a page\'s times set back', 1);
  editFile(page, (t) => t.replace('does step 6.', 'does step 9.'));
  utimesSync(page, whole, whole);
  assert.equal(statSync(page).mtimeMs, whole.getTime());
  await assertWarmIsCold(dir, 'a same-size edit with the old modification time', 1);
  assert.match(readFileSync(path.join(out, 'src/alpha.ts'), 'utf8'), /does step 9\./);

  // The state's files damaged: the run computes everything, and the output is still right.
  const stateDir = path.join(dir, 'node_modules/.cache/docgen');
  const stateFiles = allBelow(stateDir).filter((f) => f.includes(`${path.sep}state${path.sep}`) && f.endsWith('.json') && statSync(f).isFile());
  assert.ok(stateFiles.length > 0, 'the build state is where the test looks for it');
  for (const file of stateFiles) writeFileSync(file, '{ not json');
  editFile(fx(dir, 'nf-fx-fxoperation007.md'), (t) => t.replace('does step 7.', 'does step seven.'));
  await assertWarmIsCold(dir, 'a damaged build state', 'all');
  const check2 = await run(['check'], dir);
  assert.equal(check2.code, 0, check2.out);
});

test('a warm check is in step after generate, and reports an edited page', async () => {
  const dir = await project();
  assert.equal((await run(['check'], dir)).code, 0);
  editFile(fx(dir, 'nf-fx-fxoperation004.md'), (t) => t.replace('does step 4.', 'does step four.'));
  const check = await run(['check'], dir);
  assert.equal(check.code, 1);
  assert.match(check.out, /stale: +generated\/spec\.json/);
  assert.match(check.out, /stale: +generated\/src\/beta\.ts/);
  assert.equal((await run(['generate', '--quiet'], dir)).code, 1);
  assert.equal((await run(['check'], dir)).code, 0);
});

test('with headers and links both set, a second run reads nothing again (the page and header caches are one cache)', async () => {
  const dir = tempDir('incremental-headers');
  const fixture = path.join(FIXTURES, 'docsets/headers-source');
  cpSync(path.join(fixture, 'docs'), path.join(dir, 'docs'), { recursive: true });
  cpSync(path.join(fixture, 'headers'), path.join(dir, 'headers'), { recursive: true });
  writeFileSync(path.join(dir, 'docgen.config.json'), JSON.stringify({ headers: ['headers'], links: { folders: { '.': { apiref: '/windows/win32/api' } } } }));
  const first = await run(['generate', '--quiet'], dir);
  assert.equal(first.code, 0, first.err);
  const second = await run(['generate', '--quiet', '--timings'], dir);
  assert.equal(second.code, 0, second.err);
  const counts = /read pages \((\d+) of (\d+) not known unchanged\)/.exec(second.err);
  assert.ok(counts, second.err);
  assert.equal(Number(counts[1]), 0, `${counts[1]} of ${counts[2]} docs files read again`);
  assert.match(second.err, /plan \(\d+ files, recalled\)/);
  assert.match(second.err, /render \+ check \+ format \(0 files rendered, \d+ unchanged, 0 views computed\)/);
});

test('with headers, a warm run after a header or a page changed writes what a cold run writes', async () => {
  const dir = tempDir('incremental-headers-edits');
  const fixture = path.join(FIXTURES, 'docsets/headers-source');
  cpSync(path.join(fixture, 'docs'), path.join(dir, 'docs'), { recursive: true });
  cpSync(path.join(fixture, 'headers'), path.join(dir, 'headers'), { recursive: true });
  writeFileSync(path.join(dir, 'docgen.config.json'), JSON.stringify({ headers: ['headers'] }));
  assert.equal((await run(['generate', '--quiet'], dir)).code, 0);
  const warmIsCold = async (what: string, globals: RegExp): Promise<void> => {
    const warm = await run(['generate', '--timings'], dir);
    assert.match(warm.err, globals, `${what}: ${warm.err}`);
    const cold = await run(['generate', '--no-cache', '--out', 'cold'], dir);
    assert.equal(warm.code, cold.code, `${what}: exit codes`);
    assert.deepEqual(diagnosticLines(warm.err), diagnosticLines(cold.err), `${what}: the diagnostics printed`);
    const [a, b] = [readTree(path.join(dir, 'generated')), readTree(path.join(dir, 'cold'))];
    assert.deepEqual(Object.keys(a), Object.keys(b), `${what}: the same files`);
    for (const file of Object.keys(a)) assert.equal(a[file], b[file], `${what}: ${file}`);
    rmSync(path.join(dir, 'cold'), { recursive: true });
  };
  // Every stage reads the headers: a changed header has them all computed again, none reused.
  editFile(path.join(dir, 'headers/um/widget.h'), (t) => t.replace('_In_ WIDGET_MODE Mode', '_In_ ULONG Mode'));
  await warmIsCold('a parameter type changed in the header', /globals computed/);
  // The page of WidgetQuery gives no prototype (the header does): renaming a parameter in its prose
  // changes its stage (the header's names are matched by position, and reported).
  editFile(path.join(dir, 'docs/WidgetQuery.md'), (t) => t.replace('### -param Reserved', '### -param Spare'));
  await warmIsCold('a parameter renamed in a page', /build spec/);
  editFile(path.join(dir, 'docs/WidgetQuery.md'), (t) => t.replace('| **STATUS_NOT_IMPLEMENTED** |', '| **STATUS_NOT_IMPLEMENTED** | The widget cannot be read. |\n| **STATUS_WIDGET_GONE** |'));
  await warmIsCold('a return code added', /globals computed/);
});
