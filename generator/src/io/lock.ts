/**
 * One docgen run at a time per output folder.
 *
 * `generate` reads the build state, writes a staging folder beside the output folder, swaps it in
 * and saves the state; `check` reads the state and the output files. Two runs doing this at once on
 * one folder remove each other's staging folder, or compare a half-swapped output. So each run
 * first takes a lock: the file `<out>.docgen-lock` beside the output folder, created atomically (a
 * complete temporary file hard-linked to the lock's name, which fails when the name exists) and
 * naming its owner (pid, host, start). A run that finds the lock held waits, up to a timeout.
 *
 * A lock whose owner is gone (a killed run) is stale: its pid is not running on this host, or runs
 * another process (its kernel start time differs), or the lock cannot be read and is older than
 * `UNREADABLE_STALE_MS`. A lock of another host is never judged stale: its pid cannot be checked.
 * Stale locks are removed by one run at a time: holding a second, short-lived lock (the folder
 * `<out>.docgen-lock.break`), a run reads the lock again and removes it only when it is still the
 * same file, so a lock that a faster run has just taken over is never removed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Who holds a lock, as written in the lock file. */
export interface LockOwner {
  pid: number;
  host: string;
  /** When the owner took the lock (ms since the epoch). */
  since: number;
  /** The owner's command: `generate` writes the folder, `check` reads it. */
  command: string;
  /** Unique per lock: tells this lock file from a later one of the same process. */
  token: string;
  /** The owner's start time as the kernel counts it (Linux), to tell a pid reused by another process. */
  processStart?: string;
}

/** An unreadable lock (its writer died before finishing it) is stale after this long. */
export const UNREADABLE_STALE_MS = 10_000;
/** A `.break` folder older than this was left by a run killed while removing a stale lock. */
const BREAKER_STALE_MS = 10_000;
const POLL_MS = 100;

export interface LockOptions {
  /** The command taking the lock (`generate`, `check`), recorded for the runs that wait. */
  command: string;
  /** Longest wait for another run's lock (ms); 0 tries once. */
  timeoutMs: number;
  /** Told once, when this run starts waiting (`undefined`: the lock cannot be read yet). */
  onWait?: (holder: LockOwner | undefined) => void;
  /** Told when a stale lock was removed (`undefined`: it could not be read). */
  onStale?: (holder: LockOwner | undefined) => void;
}

/** The lock was held by another run for longer than the timeout. */
export class LockTimeoutError extends Error {
  constructor(
    readonly holder: LockOwner | undefined,
    readonly waitedMs: number,
  ) {
    super('the output folder is locked by another docgen run');
  }
}

/** The lock file could not be created (no permission, read-only file system). */
export class LockUnavailableError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file} could not be created (${reason})`);
  }
}

/** Tokens of the locks this process holds: a lock naming this pid with another token was left by an earlier process. */
const held = new Set<string>();

/** The lock file of an output folder: beside it, like the staging folder. */
export function lockFileOf(outDir: string): string {
  return `${path.resolve(outDir)}.docgen-lock`;
}

export interface OutputLock {
  readonly file: string;
  /** Removes the lock if it is still this run's; safe to call twice. */
  release(): void;
}

/** Takes the lock of `outDir`, waiting for another run to release it (see the module comment). */
export async function lockOutput(outDir: string, options: LockOptions): Promise<OutputLock> {
  const file = lockFileOf(outDir);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    // A file where the output's parent folder must be.
    if (codeOf(error) === 'EEXIST') throw new LockUnavailableError(file, 'a file is in the way of its folder');
    throw unavailable(file, error);
  }
  const deadline = Date.now() + options.timeoutMs;
  let waiting = false;
  for (;;) {
    const attempt = tryLock(file, options);
    if (attempt.lock) return attempt.lock;
    if (attempt.again) continue;
    const left = deadline - Date.now();
    if (left <= 0) throw new LockTimeoutError(attempt.holder, options.timeoutMs);
    if (!waiting) options.onWait?.(attempt.holder);
    waiting = true;
    await sleep(Math.min(left, POLL_MS + Math.floor(Math.random() * POLL_MS)));
  }
}

interface Attempt {
  lock?: OutputLock;
  /** Try again at once: the lock was released or a stale one was removed meanwhile. */
  again?: boolean;
  holder?: LockOwner;
}

function tryLock(file: string, options: LockOptions): Attempt {
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    since: Date.now(),
    command: options.command,
    token: randomBytes(8).toString('hex'),
    processStart: processStartOf(process.pid),
  };
  if (create(file, `${JSON.stringify(owner)}\n`)) {
    held.add(owner.token);
    removeAbandonedTemporaries(file);
    return { lock: heldLock(file, owner.token) };
  }
  const seen = readLock(file);
  if (!seen) return { again: true };
  if (!isStale(seen)) return { holder: seen.owner };
  if (!removeIfUnchanged(file, seen)) return { holder: seen.owner };
  options.onStale?.(seen.owner);
  return { again: true };
}

function heldLock(file: string, token: string): OutputLock {
  const release = (): void => {
    process.off('exit', release);
    if (!held.delete(token)) return;
    try {
      if (readLock(file)?.owner?.token === token) unlinkSync(file);
    } catch {
      // Gone already, or unreadable: either way not this run's to remove.
    }
  };
  // A run that ends without reaching its `finally` (process.exit) still lets go of the folder.
  process.on('exit', release);
  return { file, release };
}

/** Creates `file` holding `text`, atomically; false when it exists. */
function create(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
  } catch (error) {
    throw unavailable(file, error);
  }
  try {
    linkSync(tmp, file);
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    // No hard links on this file system: an exclusive create, whose content others may briefly
    // see empty (an unreadable lock is only judged stale once it is old).
    if (['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(codeOf(error) ?? '')) return createExclusive(file, text);
    throw unavailable(file, error);
  } finally {
    removeQuietly(tmp);
  }
}

function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw unavailable(file, error);
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** A lock file as found: its owner when it parses, and what identifies this very file. */
interface SeenLock {
  owner?: LockOwner;
  raw: string;
  ino: number;
  mtimeMs: number;
}

/** The lock as it is now; undefined when there is none. */
function readLock(file: string): SeenLock | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw unavailable(file, error);
  }
  try {
    const info = fstatSync(fd);
    const raw = readFileSync(fd, 'utf8');
    return { owner: parseOwner(raw), raw, ino: info.ino, mtimeMs: info.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

function parseOwner(raw: string): LockOwner | undefined {
  try {
    const o = JSON.parse(raw) as Partial<LockOwner>;
    const valid =
      Number.isInteger(o.pid) && o.pid! > 0 && typeof o.host === 'string' && typeof o.since === 'number' && typeof o.command === 'string' && typeof o.token === 'string';
    return valid && (o.processStart === undefined || typeof o.processStart === 'string') ? (o as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

function isStale(seen: SeenLock): boolean {
  if (!seen.owner) return Date.now() - seen.mtimeMs > UNREADABLE_STALE_MS;
  if (seen.owner.host !== os.hostname()) return false;
  return !isRunning(seen.owner);
}

/** Whether the owner of a lock on this host is still running. */
function isRunning(owner: LockOwner): boolean {
  if (owner.pid === process.pid) return held.has(owner.token);
  if (!pidRunning(owner.pid)) return false;
  const start = owner.processStart === undefined ? undefined : processStartOf(owner.pid);
  return start === undefined || start === owner.processStart;
}

function pidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return codeOf(error) === 'EPERM';
  }
}

/**
 * A process's start time in clock ticks since boot (field 22 of `/proc/<pid>/stat`), or undefined
 * where there is no such file. The command name (field 2) may hold spaces and parentheses: the
 * fields are counted from its closing parenthesis.
 */
function processStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Removes the stale lock `seen` if it is still in place; false when another run is doing so. */
function removeIfUnchanged(file: string, seen: SeenLock): boolean {
  const breaker = `${file}.break`;
  try {
    mkdirSync(breaker);
  } catch (error) {
    if (codeOf(error) !== 'EEXIST') throw unavailable(breaker, error);
    removeAbandonedBreaker(breaker);
    return false;
  }
  try {
    const now = readLock(file);
    if (!now || now.ino !== seen.ino || now.mtimeMs !== seen.mtimeMs || now.raw !== seen.raw) return false;
    unlinkSync(file);
    return true;
  } finally {
    rmdirSync(breaker);
  }
}

function removeAbandonedBreaker(breaker: string): void {
  try {
    if (Date.now() - statSync(breaker).mtimeMs > BREAKER_STALE_MS) rmdirSync(breaker);
  } catch {
    // Removed meanwhile by its owner or another run.
  }
}

/** Deletes the temporary lock files that runs killed while taking the lock left behind. */
function removeAbandonedTemporaries(file: string): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^(\d+)-[0-9a-f]+\.tmp$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '');
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !pidRunning(pid)) removeQuietly(path.join(dir, name));
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

function unavailable(file: string, error: unknown): Error {
  const code = codeOf(error);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT' || code === 'ENOTDIR') {
    return new LockUnavailableError(file, code === 'EROFS' ? 'read-only file system' : code === 'ENOENT' || code === 'ENOTDIR' ? 'its folder does not exist' : 'permission denied');
  }
  return error instanceof Error ? error : new Error(String(error));
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
