/**
 * Writing `generated/` safely: the new output is built aside and swapped in, so a failure or an
 * interrupt leaves the old output exactly as it was. Files docgen did not produce (not listed in
 * the previous manifest) are carried over and reported, never deleted.
 */
import { existsSync } from 'node:fs';
import { link, lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareStrings } from '../diagnostics.js';
import { sha256 } from './read-docs.js';

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

export function buildManifest(files: Map<string, string>, generator: string, shas?: ReadonlyMap<string, string>): string {
  const entries = [...files.keys()].sort(compareStrings).map((f) => [f, shas?.get(f) ?? sha256(files.get(f)!)] as const);
  const manifest: Manifest = { generator, files: Object.fromEntries(entries) };
  return `${JSON.stringify(manifest, null, 2)}\n`;
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
 * Returns the entries carried over from the old folder because docgen did not produce them.
 *
 * A file whose bytes are those of the same file in the old output (the old manifest's hash
 * matches, and so do the bytes on disk) is hard-linked into the staging folder instead of written:
 * on a re-run after a small change most files are unchanged. The swap is the same either way.
 */
export async function writeOutput(outDir: string, files: Map<string, string>, generator: string, hooks: WriteHooks = {}): Promise<{ kept: string[] }> {
  for (const rel of files.keys()) assertSafeRelativePath(rel);
  await recoverInterruptedSwap(outDir);
  const staging = `${outDir}.docgen-staging`;
  const backup = `${outDir}.docgen-backup`;
  const previous = await readManifest(outDir);
  await rm(staging, { recursive: true, force: true });
  try {
    let index = 0;
    const shas = new Map<string, string>();
    const madeDirs = new Set<string>();
    for (const rel of [...files.keys()].sort(compareStrings)) {
      const target = path.join(staging, ...rel.split('/'));
      const dir = path.dirname(target);
      if (!madeDirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        madeDirs.add(dir);
      }
      // Encoded once: hashed for the manifest, compared with the old file, written.
      const data = Buffer.from(files.get(rel)!, 'utf8');
      const sha = sha256(data);
      shas.set(rel, sha);
      const old = path.join(outDir, ...rel.split('/'));
      if (!(previous?.files[rel] === sha && (await linkIfSame(old, target, data)))) await writeFile(target, data);
      await hooks.afterStagedFile?.(index++);
    }
    await mkdir(staging, { recursive: true });
    await writeFile(path.join(staging, MANIFEST), buildManifest(files, generator, shas));
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
  return { kept };
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

/** Completes or undoes a swap that a previous run could not finish (killed between two renames). */
export async function recoverInterruptedSwap(outDir: string): Promise<void> {
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
