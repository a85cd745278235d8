/**
 * The command line as a CI pipeline uses it: exit codes, the doc-sync check's reports, diff,
 * and byte-identical output whatever the file order, working directory, time zone or locale.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DOCS, readTree, ROOT, runCli, tempDir } from './helpers.js';

const run = runCli;

/** A throwaway project: a copy of docs/ and nothing else. */
function project(): string {
  const dir = tempDir('cli');
  cpSync(DOCS, path.join(dir, 'docs'), { recursive: true });
  return dir;
}

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  assert.notEqual(next, text, `the edit of ${file} changed nothing`);
  writeFileSync(file, next);
}

test('exit code 0: --version, --help, and generate then check on the docs', async () => {
  const dir = project();
  const version = await run(['--version'], dir);
  assert.equal(version.code, 0);
  assert.match(version.out, /^\d+\.\d+\.\d+/);
  assert.equal((await run(['--help'], dir)).code, 0);
  assert.match((await run(['check', '--help'], dir)).out, /Examples:/);
  const generated = await run(['generate'], dir);
  assert.equal(generated.code, 0, generated.err);
  const check = await run(['check'], dir);
  assert.equal(check.code, 0, check.out + check.err);
  assert.match(check.out, /in step/);
});

test('exit code 2: usage and input mistakes get one sentence and no stack trace', async () => {
  const dir = project();
  const cases: [string[], RegExp][] = [
    [['frobnicate'], /unknown command/],
    [['generate', '--no-such-flag'], /unknown option/],
    [['generate', '--docs', 'missing-folder'], /docs folder .*missing-folder does not exist/],
    [['check'], /does not exist: run docgen generate first/],
    [['diff', 'docs'], /missing required argument/],
    [['generate', '--format', 'xml'], /Allowed choices/],
  ];
  for (const [args, message] of cases) {
    const r = await run(args, dir);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, message);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
  writeFileSync(path.join(dir, 'docgen.config.json'), JSON.stringify({ docs: 'docs', outt: 'x' }));
  const badConfig = await run(['generate'], dir);
  assert.equal(badConfig.code, 2);
  assert.match(badConfig.err, /docgen\.config\.json: outt is not a known setting/);
  writeFileSync(path.join(dir, 'docgen.config.json'), '{ "strict": "yes" }');
  assert.match((await run(['generate'], dir)).err, /strict/);
  writeFileSync(path.join(dir, 'docgen.config.json'), '{ not json');
  assert.match((await run(['generate'], dir)).err, /not valid JSON/);
});

test('exit code 3: an internal error in a warm run (its background thread busy) ends the process and leaves generated/ as it was', async () => {
  const dir = project();
  const bin = path.join(ROOT, 'generator/bin/docgen.js');
  const generate = (env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> => {
    const child = spawn(process.execPath, [bin, 'generate', '--quiet'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A safety net far above a run's time: a process that never exits is this test's failure.
    const hang = setTimeout(() => child.kill('SIGKILL'), 120_000);
    return new Promise((resolve) => child.on('exit', (code) => (clearTimeout(hang), resolve({ code, stderr }))));
  };
  assert.equal((await generate({})).code, 0);
  const before = readTree(path.join(dir, 'generated'));
  // The second run has a build state, so the docs folder is listed on the background thread.
  const failed = await generate({ DOCGEN_FAILPOINTS: 'run:spec' });
  assert.equal(failed.code, 3, `the run exited (not killed): ${failed.stderr}`);
  assert.match(failed.stderr, /internal error, please report it:\nError: failpoint run:spec/);
  assert.deepEqual(readTree(path.join(dir, 'generated')), before);
});

test('exit code 1: check names a renamed parameter, a hand-edited file, an added code and a removed page', async () => {
  const dir = project();
  assert.equal((await run(['generate'], dir)).code, 0);

  const page = path.join(dir, 'docs/sspi/DeleteSecurityContext.md');
  const original = readFileSync(page, 'utf8');
  edit(page, '### -param phContext [in]', '### -param phCtx [in]');
  const renamed = await run(['check'], dir);
  assert.equal(renamed.code, 1);
  assert.match(renamed.out, /Breaking changes/);
  assert.match(renamed.out, /parameter 1 of DeleteSecurityContext was renamed from phContext to phCtx/);
  writeFileSync(page, original);

  const generatedFile = Object.keys(readTree(path.join(dir, 'generated'))).find((f) => f.endsWith('.ts'))!;
  const target = path.join(dir, 'generated', generatedFile);
  writeFileSync(target, `${readFileSync(target, 'utf8')}\n// a hand edit\n`);
  const edited = await run(['check'], dir);
  assert.equal(edited.code, 1);
  assert.match(edited.out, new RegExp(`stale: +generated/${generatedFile.replace(/[.]/g, '\\.')}`));
  assert.match(edited.out, /-\/\/ a hand edit/);
  assert.equal((await run(['generate'], dir)).code, 0);

  edit(page, '</table>', '<tr><td><dl><dt><b>SEC_E_INTERNAL_ERROR</b></dt></dl></td><td>Something failed inside.</td></tr>\n</table>');
  const added = await run(['check'], dir);
  assert.equal(added.code, 1);
  assert.match(added.out, /Other changes[^]*DeleteSecurityContext may now return SEC_E_INTERNAL_ERROR/);
  writeFileSync(page, original);

  rmSync(path.join(dir, 'docs/lsa/LSA_DELETE_LOGON_SESSION.rendered.txt'));
  const removed = await run(['check'], dir);
  assert.equal(removed.code, 1);
  assert.match(removed.out, /Breaking changes[^]*callback LSA_DELETE_LOGON_SESSION was removed/);
});

test('exit code 1: check --strict fails on error-level diagnostics, and on a warning budget', async () => {
  const dir = project();
  writeFileSync(path.join(dir, 'docs/empty.md'), '');
  assert.equal((await run(['generate'], dir)).code, 1, 'generate reports error-level diagnostics with exit 1');
  assert.equal((await run(['check'], dir)).code, 0);
  const strict = await run(['check', '--strict'], dir);
  assert.equal(strict.code, 1);
  assert.match(strict.err, /--strict: 1 error-level diagnostic/);
  rmSync(path.join(dir, 'docs/empty.md'));
  assert.equal((await run(['generate'], dir)).code, 0);
  const budget = await run(['check', '--strict', '--warning-budget', '0'], dir);
  const warnings = (await run(['inspect', 'docs', '--format', 'json'], dir)).out.match(/"severity": "warning"/g)?.length ?? 0;
  assert.equal(budget.code, warnings > 0 ? 1 : 0);
});

test('files in generated/ that docgen did not produce are kept and reported (DG6003), and check lists them', async () => {
  const dir = project();
  assert.equal((await run(['generate'], dir)).code, 0);
  writeFileSync(path.join(dir, 'generated/NOTES.md'), 'mine');
  const again = await run(['generate', '--verbose'], dir);
  assert.equal(again.code, 0);
  assert.match(again.err, /DG6003: generated\/NOTES\.md was not produced by docgen and was left in place/);
  assert.equal(readFileSync(path.join(dir, 'generated/NOTES.md'), 'utf8'), 'mine');
  const check = await run(['check'], dir);
  assert.equal(check.code, 1);
  assert.match(check.out, /unexpected: generated\/NOTES\.md/);
});

test('the config file sets the folders and the package name; flags override it', async () => {
  const dir = project();
  cpSync(path.join(dir, 'docs'), path.join(dir, 'pages'), { recursive: true });
  mkdirSync(path.join(dir, 'conf'));
  writeFileSync(
    path.join(dir, 'conf/docgen.config.json'),
    JSON.stringify({ docs: '../pages', out: '../pkg', packageName: '@acme/winapi', packageVersion: '2.3.4', strict: true }),
  );
  assert.equal((await run(['generate', '--config', 'conf/docgen.config.json'], dir)).code, 0);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'pkg/package.json'), 'utf8')) as { name: string; version: string };
  assert.deepEqual([pkg.name, pkg.version], ['@acme/winapi', '2.3.4'], 'paths in the config are relative to the config file');
  assert.equal((await run(['generate', '--config', 'conf/docgen.config.json', '--out', 'other'], dir)).code, 0);
  assert.ok(readTree(path.join(dir, 'other'))['package.json'], '--out overrides the config');
  writeFileSync(path.join(dir, 'pages/empty.md'), '');
  const strict = await run(['check', '--config', 'conf/docgen.config.json'], dir);
  assert.equal(strict.code, 1, 'strict: true in the config makes check fail on error-level diagnostics');
  assert.match(strict.err, /--strict/);
});

test('diff reports API changes between two docs folders, as text and JSON', async () => {
  const dir = project();
  cpSync(path.join(dir, 'docs'), path.join(dir, 'new-docs'), { recursive: true });
  edit(path.join(dir, 'new-docs/sspi/DeleteSecurityContext.md'), '### -param phContext [in]', '### -param phContext [in, out]');
  const text = await run(['diff', 'docs', 'new-docs'], dir);
  assert.equal(text.code, 0);
  assert.match(text.out, /parameter phContext of DeleteSecurityContext is \[inout\] instead of \[in\]/);
  const json = JSON.parse((await run(['diff', 'docs', 'new-docs', '--json'], dir)).out) as { breaking: boolean; changes: { api?: string }[] };
  assert.equal(json.breaking, true);
  assert.ok(json.changes.some((c) => c.api === 'DeleteSecurityContext'));
  assert.equal((await run(['diff', 'docs', 'docs'], dir)).out.trim(), 'No API changes.');
});

test('killing docgen generate at any moment leaves generated/ either as it was or fully new', async () => {
  const dir = project();
  const bin = path.join(ROOT, 'generator/bin/docgen.js');
  const generate = (): ReturnType<typeof spawn> => spawn(process.execPath, [bin, 'generate', '--no-cache', '--quiet'], { cwd: dir, stdio: 'ignore' });
  const finished = (child: ReturnType<typeof spawn>): Promise<number | null> => new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  // The kills land at fractions of how long a whole run takes on this machine, so the test means
  // the same on a fast machine and on a loaded one.
  const started = Date.now();
  assert.equal(await finished(generate()), 0);
  const whole = Date.now() - started;
  const before = readTree(path.join(dir, 'generated'));
  edit(path.join(dir, 'docs/sspi/DeleteSecurityContext.md'), 'Handle of the security context to delete.', 'The handle of the context to delete.');
  const interrupted: { delay: number; tree: Record<string, string> }[] = [];
  let after: Record<string, string> | undefined;
  for (const fraction of [0.05, 0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1]) {
    const delay = Math.round(whole * fraction);
    const child = generate();
    const timer = setTimeout(() => child.kill('SIGKILL'), delay);
    const code = await finished(child);
    clearTimeout(timer);
    const now = readTree(path.join(dir, 'generated'));
    if (code === 0) {
      after = now;
      break;
    }
    interrupted.push({ delay, tree: now });
  }
  // The last run is never killed when every kill landed first.
  if (!after) {
    assert.equal(await finished(generate()), 0);
    after = readTree(path.join(dir, 'generated'));
  }
  assert.notDeepEqual(after, before, 'the finished run wrote the new output');
  for (const { delay, tree } of interrupted) {
    // A kill can land after the swap, while the process is printing: then the output is complete.
    const intact = JSON.stringify(tree) === JSON.stringify(before) || JSON.stringify(tree) === JSON.stringify(after);
    assert.ok(intact, `killed after ${delay} ms: generated/ is either the old or the new output, never a mix`);
  }
  assert.ok(interrupted.length > 0, 'at least one run was killed part-way');
  const check = await run(['check'], dir);
  assert.equal(check.code, 0, check.out);
});

test('output is byte-identical whatever the file order on disk, working directory, time zone and locale', () => {
  const a = project();
  const b = tempDir('cli');
  // Copy the pages into b in reverse order, so directory listing order differs.
  const files = Object.keys(readTree(path.join(a, 'docs'))).reverse();
  for (const f of files) cpSync(path.join(a, 'docs', f), path.join(b, 'docs', f));
  const bin = path.join(ROOT, 'generator/bin/docgen.js');
  const first = spawnSync(process.execPath, [bin, 'generate'], { cwd: a, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } });
  assert.equal(first.status, 0, first.stderr);
  const elsewhere = tempDir('cwd');
  const second = spawnSync(process.execPath, [bin, 'generate', '--docs', path.join(b, 'docs'), '--out', path.join(b, 'generated')], {
    cwd: elsewhere,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'Pacific/Kiritimati', LC_ALL: 'tr_TR.UTF-8', LANG: 'tr_TR.UTF-8' },
  });
  assert.equal(second.status, 0, second.stderr);
  assert.deepEqual(readTree(path.join(b, 'generated')), readTree(path.join(a, 'generated')));
});
