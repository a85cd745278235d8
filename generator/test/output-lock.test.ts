/**
 * One writer at a time: docgen runs started together on one output folder take turns (the lock
 * beside the folder, io/lock.ts), a run that cannot get the folder in time stops with exit 2 and
 * one sentence, and a lock left by a run that is gone is taken over. The concurrent runs are real
 * processes of the built CLI.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { lockFileOf, lockOutput, type LockOwner } from '../src/io/lock.js';
import { DOCS, readTree, ROOT, runCli, tempDir } from './helpers.js';

const BIN = path.join(ROOT, 'generator/bin/docgen.js');

/** A throwaway project (a copy of docs/) and the output of one clean run of it, for comparison. */
async function project(): Promise<{ dir: string; clean: Record<string, string> }> {
  const dir = tempDir('lock');
  cpSync(DOCS, path.join(dir, 'docs'), { recursive: true });
  const first = await runCli(['generate', '--no-cache', '--quiet', '--out', 'clean'], dir);
  assert.equal(first.code, 0, first.err);
  return { dir, clean: readTree(path.join(dir, 'clean')) };
}

interface Child {
  process: ChildProcess;
  stderr: () => string;
  exit: Promise<number | null>;
}

function generate(dir: string, ...args: string[]): Child {
  const child = spawn(process.execPath, [BIN, 'generate', ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { process: child, stderr: () => err, exit };
}

/** Resolves when `child` has printed `text` on stderr, or has exited (then the caller's assertion fails). */
async function printed(child: Child, text: string): Promise<void> {
  let exited = false;
  void child.exit.then(() => (exited = true));
  while (!child.stderr().includes(text) && !exited) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(child.stderr().includes(text), `the run printed ${JSON.stringify(text)}; it printed:\n${child.stderr()}`);
}

/** Exit 0, or 2 with the one sentence of a run that waited too long; never a crash. */
function assertTookTurns(code: number | null, err: string): void {
  assert.ok(code === 0 || (code === 2 && /DG7003: generated\/ is still in use by another docgen run/.test(err)), `exit ${code}:\n${err}`);
  assert.doesNotMatch(err, /internal error|\n\s+at /);
}

/** generated/ is exactly the clean run's output, its manifest lists its files, and nothing is left beside it. */
function assertWholeOutput(dir: string, clean: Record<string, string>): void {
  const tree = readTree(path.join(dir, 'generated'));
  assert.deepEqual(Object.keys(tree), Object.keys(clean), 'the same files as a clean run');
  for (const file of Object.keys(tree)) assert.equal(tree[file], clean[file], file);
  const manifest = JSON.parse(tree['docgen-manifest.json']!) as { files: Record<string, string> };
  const sha = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
  const listed = Object.fromEntries(Object.keys(tree).filter((f) => f !== 'docgen-manifest.json').map((f) => [f, sha(tree[f]!)]));
  assert.deepEqual(manifest.files, listed, 'the manifest names every file with its hash');
  assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('generated.')), [], 'no lock, staging or backup left beside generated/');
}

test('three generate runs started together on one output folder take turns, and the output is one whole run', async () => {
  const { dir, clean } = await project();
  const runs = [generate(dir), generate(dir), generate(dir)];
  const codes = await Promise.all(runs.map((r) => r.exit));
  runs.forEach((r, i) => assertTookTurns(codes[i]!, r.stderr()));
  assert.ok(codes.includes(0));
  assertWholeOutput(dir, clean);
});

test('runs that find the folder in use wait for it, then write it one after the other', async () => {
  const { dir, clean } = await project();
  // This process holds the folder until every run has said that it waits: they all meet the lock.
  const held = await lockOutput(path.join(dir, 'generated'), { command: 'generate', timeoutMs: 0 });
  const runs = [generate(dir), generate(dir), generate(dir)];
  for (const r of runs) await printed(r, `docgen: waiting for another docgen run (pid ${process.pid}) to finish writing generated/`);
  held.release();
  const codes = await Promise.all(runs.map((r) => r.exit));
  runs.forEach((r, i) => assert.equal(codes[i], 0, r.stderr()));
  assertWholeOutput(dir, clean);
  // A check waits the same way: it must never see the folder half-swapped.
  const again = await lockOutput(path.join(dir, 'generated'), { command: 'generate', timeoutMs: 0 });
  const check = await runCli(['check', '--lock-timeout', '0'], dir);
  again.release();
  assert.equal(check.code, 2);
  assert.match(check.err, /DG7003/);
  assert.equal((await runCli(['check'], dir)).code, 0);
});

test('a run that cannot get the folder in time stops with exit 2 and one sentence, writing nothing', async () => {
  const { dir } = await project();
  const held = await lockOutput(path.join(dir, 'generated'), { command: 'generate', timeoutMs: 0 });
  const r = await runCli(['generate', '--lock-timeout', '0'], dir);
  held.release();
  assert.equal(r.code, 2);
  assert.equal(
    r.err.trim(),
    `docgen: DG7003: generated/ is still in use by another docgen run (pid ${process.pid}) after waiting 0 s; run docgen again when it has finished, or raise --lock-timeout.`,
  );
  assert.equal(existsSync(path.join(dir, 'generated')), false);
  assert.equal(existsSync(lockFileOf(path.join(dir, 'generated'))), false, 'the holder released its lock');
});

/** Writes a lock file as another run would have. */
function writeLock(dir: string, owner: Partial<LockOwner>): string {
  const file = lockFileOf(path.join(dir, 'generated'));
  writeFileSync(file, JSON.stringify({ pid: 1, host: os.hostname(), since: Date.now(), command: 'generate', token: 'theirs', ...owner }));
  return file;
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test('a lock left by a run that is gone is taken over; a live or foreign one is not', async () => {
  const { dir, clean } = await project();

  // The owner's pid is not running.
  const pid = deadPid();
  const file = writeLock(dir, { pid });
  const taken = await runCli(['generate', '--lock-timeout', '0'], dir);
  assert.equal(taken.code, 0, taken.err);
  assert.match(taken.err, new RegExp(`took over the lock of generated/ from a docgen run that has ended \\(pid ${pid}\\)`));
  assert.equal(existsSync(file), false);
  assertWholeOutput(dir, clean);

  // The owner runs (another process of this user): the lock is respected.
  const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    const start = processStart(live.pid!);
    writeLock(dir, { pid: live.pid!, processStart: start });
    const waited = await runCli(['generate', '--lock-timeout', '0'], dir);
    assert.equal(waited.code, 2, waited.err);
    assert.match(waited.err, new RegExp(`DG7003: generated/ is still in use by another docgen run \\(pid ${live.pid}\\)`));
    if (start !== undefined) {
      // The pid runs, but it is another process than the one that took the lock (a reused pid).
      writeLock(dir, { pid: live.pid!, processStart: `${start}0` });
      const reused = await runCli(['generate', '--lock-timeout', '0'], dir);
      assert.equal(reused.code, 0, reused.err);
      assert.match(reused.err, /took over the lock/);
    }
  } finally {
    live.kill();
  }

  // A lock of another host cannot be checked: the run waits, and the sentence says what to do.
  writeLock(dir, { pid, host: 'another-host.example' });
  const foreign = await runCli(['generate', '--lock-timeout', '0'], dir);
  assert.equal(foreign.code, 2);
  assert.match(foreign.err, /\(pid \d+ on another-host\.example\) after waiting 0 s; if that run has ended, delete generated\.docgen-lock;/);

  // An unreadable lock (its writer died before finishing it) is waited for while it is new ...
  writeFileSync(file, '{"pid": 12');
  const young = await runCli(['generate', '--lock-timeout', '0'], dir);
  assert.equal(young.code, 2);
  assert.match(young.err, /its lock file cannot be read yet/);
  // ... and taken over once it is old.
  const old = new Date(Date.now() - 60_000);
  utimesSync(file, old, old);
  const taken2 = await runCli(['generate', '--lock-timeout', '0'], dir);
  assert.equal(taken2.code, 0, taken2.err);
  assert.equal(existsSync(file), false);
  assertWholeOutput(dir, clean);
});

/** Field 22 of /proc/<pid>/stat (the start time), or undefined without /proc. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

test('processes racing for the lock, and for a stale one, never hold it together', async () => {
  const dir = tempDir('lock-race');
  const out = path.join(dir, 'generated');
  const log = path.join(dir, 'log');
  const go = path.join(dir, 'go');
  writeFileSync(log, '');
  writeLock(dir, { pid: deadPid() });
  const lockModule = pathToFileURL(path.join(ROOT, 'generator/dist/src/io/lock.js')).href;
  const script = `
    import { appendFileSync, existsSync } from 'node:fs';
    import { setTimeout as sleep } from 'node:timers/promises';
    const { lockOutput } = await import(${JSON.stringify(lockModule)});
    const [out, log, go] = process.argv.slice(1);
    while (!existsSync(go)) await sleep(5);
    for (let i = 0; i < 5; i++) {
      const lock = await lockOutput(out, { command: 'test', timeoutMs: 120000 });
      appendFileSync(log, 'in ' + process.pid + '\\n');
      await sleep(5);
      appendFileSync(log, 'out ' + process.pid + '\\n');
      lock.release();
    }`;
  const children = Array.from({ length: 4 }, () => spawn(process.execPath, ['--input-type=module', '-e', script, out, log, go], { stdio: ['ignore', 'ignore', 'inherit'] }));
  const exits = children.map((c) => new Promise<number | null>((resolve) => c.on('close', resolve)));
  writeFileSync(go, '');
  assert.deepEqual(await Promise.all(exits), [0, 0, 0, 0]);
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  assert.equal(lines.length, 4 * 5 * 2);
  for (let i = 0; i < lines.length; i += 2) {
    const [enter, leave] = [lines[i]!, lines[i + 1]!];
    assert.match(enter, /^in \d+$/);
    assert.equal(leave, enter.replace('in', 'out'), `line ${i + 2}: another process entered while ${enter.slice(3)} held the lock`);
  }
  assert.equal(existsSync(lockFileOf(out)), false);
});
