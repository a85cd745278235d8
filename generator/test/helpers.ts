/** Shared test helpers: locating the project, fixtures and the optional ../shared corpus. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, type Io } from '../src/cli/main.js';

/** The repository root (tests run from generator/dist/test). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES = path.join(ROOT, 'generator/test/fixtures');
export const DOCS = path.join(ROOT, 'docs');
export const SHARED = path.resolve(ROOT, '../shared');
export const hasShared = existsSync(path.join(SHARED, 'corpus'));

/**
 * True when every property of `expected` is present in `actual` with an equal value;
 * arrays must have the same length and match element by element. Returns the first mismatch path.
 */
export function subsetMismatch(actual: unknown, expected: unknown, at = '$'): string | undefined {
  if (expected === null || typeof expected !== 'object') {
    return Object.is(actual, expected) ? undefined : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected an array, got ${JSON.stringify(actual)}`;
    if (actual.length !== expected.length) return `${at}: expected ${expected.length} items, got ${actual.length}: ${JSON.stringify(actual).slice(0, 400)}`;
    for (let i = 0; i < expected.length; i++) {
      const m = subsetMismatch(actual[i], expected[i], `${at}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (actual === null || typeof actual !== 'object') return `${at}: expected an object, got ${JSON.stringify(actual)}`;
  for (const [key, value] of Object.entries(expected)) {
    const m = subsetMismatch((actual as Record<string, unknown>)[key], value, `${at}.${key}`);
    if (m) return m;
  }
  return undefined;
}

/** Every file below `dir` (relative POSIX path → UTF-8 content); empty when `dir` does not exist. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const child = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else out[child] = readFileSync(path.join(dir, child), 'utf8');
    }
  };
  if (existsSync(dir)) walk('');
  return out;
}

let tempRoot: string | undefined;

/** A fresh folder for one test; every folder a test process made is removed when it exits. */
export function tempDir(prefix: string): string {
  if (!tempRoot) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'docgen-test-'));
    process.on('exit', () => rmSync(root, { recursive: true, force: true }));
    tempRoot = root;
  }
  return mkdtempSync(path.join(tempRoot, `${prefix}-`));
}

/** What a `docgen` run printed, and its exit code. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the docgen CLI in-process in `cwd`, capturing what it prints. */
export async function runCli(args: string[], cwd: string): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), cwd, isTTY: false, ci: true };
  const code = await main(args, io);
  return { code, out, err };
}
