/**
 * The generated conformance suite tells a correct implementation from wrong ones: generate the
 * package from docs/, build it with the root TypeScript, then run the suite in child `node --test`
 * processes against the hand-written reference implementation (passes everything), the generated
 * stubs (fail every executable case) and each mutant (each caught by at least one failing case).
 * The same suite also runs through the generated koffi loaders against the native fake
 * (test/native/sspi_fake.c, compiled with gcc; skipped only when gcc is missing) and passes.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { deriveConformance } from '../src/conformance/derive.js';
import { emitPackage } from '../src/emit/index.js';
import { BUILTIN_TEMPLATES } from '../src/paths.js';
import { specFromDocs } from '../src/pipeline.js';
import { summarizeSpec } from '../src/build/summary.js';
import { buildWithTsc, OPTIONS, tempDir, writeFiles } from './emit-helpers.js';
import { ROOT } from './helpers.js';
import { MUTANTS, type Mutant } from './reference/implementation.js';

interface Result {
  name: string;
  outcome: 'pass' | 'fail' | 'todo' | 'skip';
  error?: string;
}

const DIST_TEST = path.join(ROOT, 'generator/dist/test/reference');
let pkg = '';

before(async () => {
  const { spec } = await specFromDocs(path.join(ROOT, 'docs'));
  pkg = tempDir('conformance');
  writeFiles(emitPackage(spec, { ...OPTIONS, builtinTemplatesDir: BUILTIN_TEMPLATES }).files, pkg);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'), 'dir');
  assert.deepEqual(buildWithTsc(pkg), []);
});
after(() => {
  if (pkg) rmSync(pkg, { recursive: true, force: true });
});

/** Runs the suite against `impl` (reference, stubs, a mutant) or, with `nativeLib`, the FFI loaders bound to that library. */
function runSuite(impl: string, nativeLib?: string): Promise<Result[]> {
  return new Promise((resolve, reject) => {
    const harness = nativeLib === undefined ? 'harness.js' : 'ffi-harness.js';
    const child = spawn(
      process.execPath,
      ['--test', `--test-reporter=${path.join(DIST_TEST, 'json-reporter.js')}`, path.join(DIST_TEST, harness)],
      { env: { ...process.env, CONFORMANCE_PKG: pkg, CONFORMANCE_IMPL: impl, CONFORMANCE_LIB: nativeLib, NODE_TEST_CONTEXT: undefined }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill(), 40_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      const results = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Result & { nesting: number })
        .filter((r) => r.nesting === 0 && !r.name.endsWith('.js'));
      if (results.length === 0) reject(new Error(`no results from the ${impl} run:\n${out}\n${err}`));
      else resolve(results);
    });
  });
}

const isCase = (r: Result): boolean => !r.name.includes('return-code contract') && r.name !== 'conformance coverage';

let referenceResults: Result[] | undefined;

test('the reference implementation passes the whole generated suite', async () => {
  const results = await runSuite('reference');
  referenceResults = results;
  const failed = results.filter((r) => r.outcome === 'fail');
  assert.deepEqual(failed, [], 'the reference implementation fails cases');
  const executed = results.filter((r) => isCase(r) && r.outcome === 'pass');
  assert.ok(executed.length >= 12, `only ${executed.length} executable cases ran`);
  assert.deepEqual(
    results.filter((r) => r.outcome === 'todo').map((r) => r.name.split(':')[0]).sort(),
    [
      'LSA_DELETE_LOGON_SESSION › todo',
      'LSA_DELETE_LOGON_SESSION › todo',
      'SspiCreateAsyncContext › todo',
      'SspiCreateAsyncContext › todo',
      'SspiDeleteSecurityContextAsync › todo',
    ],
  );
  for (const sentence of [
    'STATUS_BAD_LOGON_SESSION_STATE',
    'authentication packages are not notified when a logon session is deleted',
    'it can be reused with SspiReinitAsyncContext',
    'or NULL when there is not enough memory',
    'the caller should free the context with SspiFreeAsyncContext immediately after',
  ]) {
    assert.ok(results.some((r) => r.outcome === 'todo' && r.name.includes(sentence)), `no visible todo says "${sentence}"`);
  }
  for (const type of ['callback-fires', 'callback-once', 'callback-data', 'callback-context', 'callback-removed', 'returns-new-object']) {
    assert.ok(results.some((r) => r.outcome === 'pass' && r.name.includes(` › ${type}: `)), `no ${type} case passed`);
  }
  assert.ok(results.some((r) => r.name.includes('return-code contract')), 'the contract is checked');
  assert.equal(results.filter((r) => r.outcome === 'skip').length, 0);
});

const haveGcc = spawnSync('gcc', ['--version']).status === 0;

test(
  'the native fake (sspi_fake.c) through the generated FFI loaders passes the whole generated suite',
  { skip: haveGcc ? false : 'gcc is not installed, so the native fake library cannot be built' },
  async () => {
    const so = path.join(pkg, 'libsspi_fake.so');
    const cc = spawnSync('gcc', ['-shared', '-fPIC', '-O1', '-Wall', '-Werror', '-o', so, path.join(ROOT, 'generator/test/native/sspi_fake.c')], { encoding: 'utf8' });
    assert.equal(cc.status, 0, `gcc failed: ${cc.stderr}`);
    const results = await runSuite('ffi', so);
    const reference = referenceResults ?? (await runSuite('reference'));
    assert.deepEqual(results.filter((r) => r.outcome === 'fail'), [], 'the native fake fails cases');
    const passed = (rs: Result[]): string[] => rs.filter((r) => isCase(r) && r.outcome === 'pass').map((r) => r.name).sort();
    const todos = (rs: Result[]): string[] => rs.filter((r) => r.outcome === 'todo').map((r) => r.name).sort();
    assert.ok(passed(results).length >= 12, `only ${passed(results).length} executable cases ran`);
    assert.deepEqual(passed(results), passed(reference), 'the same executable cases pass as in the reference run');
    assert.ok(todos(results).some((t) => t.includes('STATUS_BAD_LOGON_SESSION_STATE')));
    assert.deepEqual(todos(results), todos(reference));
    assert.equal(results.filter((r) => r.outcome === 'skip').length, 0, 'every module is implemented by the native library');
    assert.ok(results.filter((r) => r.name.includes('return-code contract')).every((r) => r.outcome === 'pass'));
    assert.equal(results.length, reference.length, 'the same tests ran (cases, contracts, coverage)');
  },
);

test('the generated stubs fail every executable case', async () => {
  const results = await runSuite('stubs');
  const cases = results.filter((r) => isCase(r) && r.outcome !== 'todo');
  assert.ok(cases.length >= 12);
  assert.deepEqual(cases.filter((r) => r.outcome !== 'fail').map((r) => r.name), []);
});

test('every mutant is caught by at least one failing case', async () => {
  const names = Object.keys(MUTANTS) as Mutant[];
  const results = new Map<Mutant, Result[]>();
  // Two at a time: the machine has two cores.
  for (let i = 0; i < names.length; i += 2) {
    const batch = names.slice(i, i + 2);
    const runs = await Promise.all(batch.map((m) => runSuite(m)));
    batch.forEach((m, j) => results.set(m, runs[j]!));
  }
  const report: string[] = [];
  const uncaught: string[] = [];
  for (const m of names) {
    const failed = results.get(m)!.filter((r) => r.outcome === 'fail');
    report.push(`${m} (${MUTANTS[m]}): ${failed.length} failing — ${failed.map((r) => r.name.split(':')[0]).join('; ')}`);
    if (failed.length === 0) uncaught.push(m);
  }
  console.log(report.join('\n'));
  assert.deepEqual(uncaught, [], `mutants not caught:\n${report.join('\n')}`);
  // Each callback mutant is caught by the case of the rule it breaks, and by no other case.
  const only: Partial<Record<Mutant, string>> = {
    'callback-wrong-data': 'SspiAsyncNotifyCallback › callback-data',
    'callback-wrong-context': 'SspiAsyncNotifyCallback › callback-context',
    'callback-fires-twice': 'SspiAsyncNotifyCallback › callback-once',
    'callback-after-null': 'SspiSetAsyncNotifyCallback › callback-removed',
  };
  for (const [m, name] of Object.entries(only) as Array<[Mutant, string]>) {
    assert.deepEqual(results.get(m)!.filter((r) => r.outcome === 'fail').map((r) => r.name.split(':')[0]), [name], `${m} is not caught by ${name} alone`);
  }
  assert.ok(results.get('needs-a-callback')!.some((r) => r.outcome === 'fail' && r.name.startsWith('SspiDeleteSecurityContextAsync › async-pending-then-complete')));
  assert.ok(results.get('create-returns-null')!.some((r) => r.outcome === 'fail' && r.name.startsWith('SspiCreateAsyncContext › returns-new-object')));
  // The return-code contract itself catches the undocumented status and the non-status value.
  for (const m of ['undocumented-status', 'status-not-a-number'] as const) {
    assert.ok(results.get(m)!.some((r) => r.outcome === 'fail' && r.name.includes('return-code contract')), `the contract misses ${m}`);
  }
});

test('coverage for the seed APIs', async () => {
  const { spec } = await specFromDocs(path.join(ROOT, 'docs'));
  const model = deriveConformance(summarizeSpec(spec));
  const cov = new Map(model.coverage.map((c) => [c.api, c]));
  assert.deepEqual([cov.get('DeleteSecurityContext')!.executable, cov.get('DeleteSecurityContext')!.codes], [2, 2]);
  assert.deepEqual([cov.get('LSA_DELETE_LOGON_SESSION')!.executable, cov.get('LSA_DELETE_LOGON_SESSION')!.todo], [2, 1]);
  assert.deepEqual([cov.get('SspiDeleteSecurityContextAsync')!.executable, cov.get('SspiDeleteSecurityContextAsync')!.codes], [3, 3]);
  assert.deepEqual([cov.get('SspiGetAsyncCallStatus')!.executable, cov.get('SspiGetAsyncCallStatus')!.codes], [3, 3]);
  assert.deepEqual([cov.get('SspiSetAsyncNotifyCallback')!.executable, cov.get('SspiSetAsyncNotifyCallback')!.codes], [2, 2]);
  // Behaviour cases count: the callback's four, the registrar's NULL registration, the creator's result.
  assert.deepEqual([cov.get('SspiAsyncNotifyCallback')!.behaviour, cov.get('SspiAsyncNotifyCallback')!.cases], [4, 4]);
  assert.deepEqual([cov.get('SspiSetAsyncNotifyCallback')!.behaviour, cov.get('SspiSetAsyncNotifyCallback')!.cases], [1, 3]);
  assert.deepEqual([cov.get('SspiCreateAsyncContext')!.behaviour, cov.get('SspiCreateAsyncContext')!.todoCases], [1, 2]);
  for (const c of model.cases) if (c.todo !== null) assert.ok(c.promises.every((p) => p.sentence.length > 0), `${c.id} has no sentence`);
});
