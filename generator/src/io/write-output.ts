/**
 * Writing `generated/` safely: the new output is built aside and swapped in, so a failure or an
 * interrupt leaves the old output exactly as it was. Files docgen did not produce (not listed in
 * the previous manifest) are carried over and reported, never deleted.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, linkSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { link, lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareStrings } from '../diagnostics.js';
import { isReused, type OutputContent, type SplicedFile } from '../emit/output-content.js';
import { sha256Hex } from '../hash.js';
import { readExactly } from '../read-exactly.js';

export const MANIFEST = 'docgen-manifest.json';

export interface Manifest {
  generator: string;
  files: Record<string, string>;
}

export class UnsafePathError extends Error {}

/** A relative POSIX path that stays inside the output folder. */
export function assertSafeRelativePath(rel: string): void {
  const parts = rel.split('/');
  if (rel === '' || rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new UnsafePathError(`Refusing to write ${JSON.stringify(rel)}: generated paths must stay inside the output folder.`);
  }
}

/** The manifest of an output: every file (but the manifest) with its sha256. */
function buildManifest(shas: ReadonlyMap<string, string>, generator: string): string {
  const entries = [...shas.keys()].sort(compareStrings).map((f) => [f, shas.get(f)!] as const);
  const manifest: Manifest = { generator, files: Object.fromEntries(entries) };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The bytes of a file that is not reused: text, or the pieces of a spliced file. */
export function contentBytes(content: string | SplicedFile): Buffer {
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  const parts: Buffer[] = [];
  const fd = content.from === undefined ? undefined : openSync(content.from, 'r');
  try {
    for (const piece of content.pieces) {
      if (typeof piece === 'string') parts.push(Buffer.from(piece, 'utf8'));
      else parts.push(readExactly(fd!, piece.offset, piece.length, Buffer.alloc(piece.length)));
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return Buffer.concat(parts);
}

/** Writes a text or a spliced file to `target` and returns the sha256 of what it wrote. */
export function writeContent(target: string, content: string | SplicedFile): string {
  if (typeof content !== 'string') return writeSpliced(content, target);
  const data = Buffer.from(content, 'utf8');
  writeFileSync(target, data);
  return sha256Hex(data);
}

/**
 * Writes a spliced file to `target` piece by piece, copying ranges through a small buffer so the
 * whole file (spec.json: about 100 MB on a large doc set) is never in memory. Returns its sha256.
 */
function writeSpliced(content: SplicedFile, target: string): string {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(1 << 20);
  const from = content.from === undefined ? undefined : openSync(content.from, 'r');
  const to = openSync(target, 'w');
  try {
    const write = (data: Buffer): void => {
      hash.update(data);
      for (let done = 0; done < data.length; ) done += writeSync(to, data, done, data.length - done);
    };
    // Text pieces (an entry is a few kilobytes) are written in batches of about a megabyte.
    let batch: string[] = [];
    let batched = 0;
    const flush = (): void => {
      if (batch.length > 0) write(Buffer.from(batch.join(''), 'utf8'));
      batch = [];
      batched = 0;
    };
    for (const piece of content.pieces) {
      if (typeof piece === 'string') {
        batch.push(piece);
        batched += piece.length;
        if (batched >= chunk.length) flush();
        continue;
      }
      flush();
      for (let done = 0; done < piece.length; ) {
        const n = Math.min(chunk.length, piece.length - done);
        write(readExactly(from!, piece.offset + done, n, chunk));
        done += n;
      }
    }
    flush();
  } finally {
    if (from !== undefined) closeSync(from);
    closeSync(to);
  }
  return hash.digest('hex');
}

export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(outDir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/**
 * Paths below `outDir` that the previous run did not produce: whole folders when nothing in them
 * was produced (`node_modules`, `dist`), single files inside produced folders.
 */
export async function foreignEntries(outDir: string, previous: Manifest | undefined): Promise<string[]> {
  if (!existsSync(outDir)) return [];
  const producedFiles = new Set([...Object.keys(previous?.files ?? {}), MANIFEST]);
  const producedDirs = new Set<string>();
  for (const f of producedFiles) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) producedDirs.add(parts.slice(0, i).join('/'));
  }
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(outDir, ...rel.split('/').filter(Boolean)), { withFileTypes: true });
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && producedDirs.has(child)) await walk(child);
      else if (!producedFiles.has(child)) out.push(child);
    }
  };
  await walk('');
  return out.sort(compareStrings);
}

export interface WriteHooks {
  /** Test hook: called after each staged file; throwing aborts the run. */
  afterStagedFile?: (index: number) => void | Promise<void>;
}

/**
 * Writes `files` (relative path → content) plus a manifest as the new content of `outDir`.
 * Returns the entries carried over from the old folder because docgen did not produce them, and
 * the sha256 of every file written.
 *
 * Unchanged files are hard-linked from the old output into the staging folder instead of written:
 * a `ReusedFile` (the caller checked that the old file is as the previous run wrote it), and a text
 * whose bytes are those of the old file (the old manifest's hash matches, and so do the bytes on
 * disk). A spliced file copies its ranges from the old file. The swap is the same either way.
 *
 * One writer at a time: the caller holds the output folder's lock (`lockOutput` in io/lock.ts),
 * since two writers would remove each other's staging folder and prepared files.
 */
export async function writeOutput(
  outDir: string,
  files: ReadonlyMap<string, OutputContent>,
  generator: string,
  hooks: WriteHooks = {},
): Promise<{ kept: string[]; shas: Map<string, string> }> {
  for (const rel of files.keys()) assertSafeRelativePath(rel);
  await recoverInterruptedSwap(outDir);
  const staging = `${outDir}.docgen-staging`;
  const backup = `${outDir}.docgen-backup`;
  const previous = await readManifest(outDir);
  await rm(staging, { recursive: true, force: true });
  const shas = new Map<string, string>();
  try {
    let index = 0;
    const madeDirs = new Set<string>();
    for (const rel of [...files.keys()].sort(compareStrings)) {
      const target = path.join(staging, ...rel.split('/'));
      const dir = path.dirname(target);
      if (!madeDirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        madeDirs.add(dir);
      }
      const old = path.join(outDir, ...rel.split('/'));
      const content = files.get(rel)!;
      if (isReused(content)) {
        shas.set(rel, content.sha256);
        // Synchronous: thousands of links on a large package, each a cheap system call that costs
        // more as a round trip through the thread pool.
        try {
          linkSync(old, target);
        } catch {
          copyFileSync(old, target);
        }
      } else if (typeof content === 'object' && 'prepared' in content) {
        const { file, sha256: sha } = await content.prepared;
        await rename(file, target);
        shas.set(rel, sha);
      } else if (typeof content === 'object') {
        shas.set(rel, writeSpliced(content, target));
      } else {
        // Encoded once: hashed for the manifest, compared with the old file, written.
        const data = Buffer.from(content, 'utf8');
        const sha = sha256Hex(data);
        shas.set(rel, sha);
        if (!(previous?.files[rel] === sha && (await linkIfSame(old, target, data)))) await writeFile(target, data);
      }
      await hooks.afterStagedFile?.(index++);
    }
    await mkdir(staging, { recursive: true });
    await writeFile(path.join(staging, MANIFEST), buildManifest(shas, generator));
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  const kept = await foreignEntries(outDir, await readManifest(outDir));
  await withSignalsDeferred(async () => {
    const hadOld = existsSync(outDir);
    if (hadOld) await rename(outDir, backup);
    await rename(staging, outDir);
    if (hadOld) await finishSwap(outDir, backup, kept);
  });
  return { kept, shas };
}

/**
 * Hard-links `from` (a file of the old output) to `to` when its bytes are exactly `data`; false
 * (and nothing linked) otherwise, or when linking fails (another file system, no link support).
 * The bytes are compared, not only the manifest's hash, so a hand-edited file is rewritten.
 */
async function linkIfSame(from: string, to: string, data: Buffer): Promise<boolean> {
  try {
    const info = await lstat(from); // a symbolic link is never carried over, only a regular file
    if (!info.isFile() || info.size !== data.length || !data.equals(await readFile(from))) return false;
    await link(from, to);
    return true;
  } catch {
    return false;
  }
}

/** Moves the entries docgen did not produce from the old folder into the new one, then drops the old folder. */
async function finishSwap(outDir: string, backup: string, kept: string[]): Promise<void> {
  for (const entry of kept) {
    const from = path.join(backup, ...entry.split('/'));
    const to = path.join(outDir, ...entry.split('/'));
    if (!existsSync(from) || existsSync(to)) continue;
    await mkdir(path.dirname(to), { recursive: true });
    await rename(from, to);
  }
  await rm(backup, { recursive: true, force: true });
}

/**
 * Where this process has a file written for `outDir` before the staging folder exists (`spec.json`
 * on the background thread): next to the output folder, so it can be renamed into place.
 */
export function preparedSpecFile(outDir: string): string {
  return `${outDir}.docgen-spec-${process.pid}.tmp`;
}

const PREPARED = /^(.*)\.docgen-spec-(\d+)\.tmp$/;

/** Deletes prepared files an interrupted run of another process left next to `outDir`. */
async function removeStalePrepared(outDir: string): Promise<void> {
  const parent = path.dirname(path.resolve(outDir));
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = PREPARED.exec(name);
    if (m && m[1] === path.basename(path.resolve(outDir)) && Number(m[2]) !== process.pid) await rm(path.join(parent, name), { force: true });
  }
}

/** Completes or undoes a swap that a previous run could not finish (killed between two renames). */
export async function recoverInterruptedSwap(outDir: string): Promise<void> {
  await removeStalePrepared(outDir);
  const backup = `${outDir}.docgen-backup`;
  if (!existsSync(backup)) return;
  if (!existsSync(outDir)) {
    await rename(backup, outDir);
    return;
  }
  await finishSwap(outDir, backup, await foreignEntries(backup, await readManifest(backup)));
}

/** Runs a short critical section with SIGINT/SIGTERM deferred until it ends. */
async function withSignalsDeferred(section: () => Promise<void>): Promise<void> {
  const received: NodeJS.Signals[] = [];
  const handler = (signal: NodeJS.Signals): void => {
    received.push(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  try {
    await section();
  } finally {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  }
  if (received.length > 0) process.kill(process.pid, received[0]);
}
