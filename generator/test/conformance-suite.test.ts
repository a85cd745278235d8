/**
 * The generated conformance suite tells a correct implementation from wrong ones: generate the
 * package from docs/, build it with the root TypeScript, then run the suite in child `node --test`
 * processes against the hand-written reference implementation (passes everything), the generated
 * stubs (fail every executable case) and each mutant (each caught by at least one failing case).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { deriveConformance } from '../src/conformance/derive.js';
import { emitPackage, defaultBuiltinTemplatesDir } from '../src/emit/index.js';
import { specFromDocs } from '../src/pipeline.js';
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
  writeFiles(emitPackage(spec, { ...OPTIONS, builtinTemplatesDir: defaultBuiltinTemplatesDir() }).files, pkg);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'), 'dir');
  assert.deepEqual(buildWithTsc(pkg), []);
});
after(() => {
  if (pkg) rmSync(pkg, { recursive: true, force: true });
});

function runSuite(impl: string): Promise<Result[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--test', `--test-reporter=${path.join(DIST_TEST, 'json-reporter.js')}`, path.join(DIST_TEST, 'harness.js')],
      { env: { ...process.env, CONFORMANCE_PKG: pkg, CONFORMANCE_IMPL: impl, NODE_TEST_CONTEXT: undefined }, stdio: ['ignore', 'pipe', 'pipe'] },
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

test('the reference implementation passes the whole generated suite', async () => {
  const results = await runSuite('reference');
  const failed = results.filter((r) => r.outcome === 'fail');
  assert.deepEqual(failed, [], 'the reference implementation fails cases');
  const executed = results.filter((r) => isCase(r) && r.outcome === 'pass');
  assert.ok(executed.length >= 12, `only ${executed.length} executable cases ran`);
  assert.ok(results.some((r) => r.outcome === 'todo' && r.name.includes('STATUS_BAD_LOGON_SESSION_STATE')), 'the untestable code is a visible todo');
  assert.ok(results.some((r) => r.name.includes('return-code contract')), 'the contract is checked');
  assert.equal(results.filter((r) => r.outcome === 'skip').length, 0);
});

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
  // The return-code contract itself catches the undocumented status and the non-status value.
  for (const m of ['undocumented-status', 'status-not-a-number'] as const) {
    assert.ok(results.get(m)!.some((r) => r.outcome === 'fail' && r.name.includes('return-code contract')), `the contract misses ${m}`);
  }
});

test('coverage for the seed APIs', async () => {
  const { spec } = await specFromDocs(path.join(ROOT, 'docs'));
  const model = deriveConformance(spec);
  const cov = new Map(model.coverage.map((c) => [c.api, c]));
  assert.deepEqual([cov.get('DeleteSecurityContext')!.executable, cov.get('DeleteSecurityContext')!.codes], [2, 2]);
  assert.deepEqual([cov.get('LSA_DELETE_LOGON_SESSION')!.executable, cov.get('LSA_DELETE_LOGON_SESSION')!.todo], [2, 1]);
  assert.deepEqual([cov.get('SspiDeleteSecurityContextAsync')!.executable, cov.get('SspiDeleteSecurityContextAsync')!.codes], [3, 3]);
  assert.deepEqual([cov.get('SspiGetAsyncCallStatus')!.executable, cov.get('SspiGetAsyncCallStatus')!.codes], [3, 3]);
  assert.deepEqual([cov.get('SspiSetAsyncNotifyCallback')!.executable, cov.get('SspiSetAsyncNotifyCallback')!.codes], [2, 2]);
  for (const c of model.cases) if (c.todo !== null) assert.ok(c.promises.every((p) => p.sentence.length > 0), `${c.id} has no sentence`);
});
