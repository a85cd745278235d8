/**
 * The on-disk cache: parsed page models keyed by content hashes, and the build states
 * (`build-state.ts`), so a re-run re-parses only changed pages and redoes only what they reach.
 *
 * Location: `node_modules/.cache/docgen/` under the working directory, or `--cache DIR`;
 * `--no-cache` turns it off. Layout: `<dir>/v<format>-<salt>/pages/<2 hex>/<key>` and
 * `<dir>/v<format>-<salt>/state/`.
 *
 * What invalidates what:
 *
 * - the **salt** (in the folder name) is a hash of the cache format, the docgen version, the compiled
 *   generator code (every `.js` file under the folder docgen runs from, `dist/src` or `dist/bundle`), the installed versions of the generator's
 *   dependencies and the V8 version: any change to docgen or its libraries starts a fresh cache (older salt folders are
 *   deleted when a cache is opened);
 * - a **header entry** (`header-files`, `header-index`, `header-stamps`) is keyed by the content
 *   hash of one header, of every header of a run, or by its headers folder (see `io/headers.ts`);
 * - a **page entry** is keyed by the salt, the file's path relative to the docs folder and the
 *   sha256 of its bytes: editing, renaming or adding a page misses, nothing else does;
 * - a **build state** is per docs and output folder and checks every file it describes before
 *   using it (see `build-state.ts`); templates and config reach the output files through their keys.
 *
 * Page entries hold the page model in the structured-clone format (`node:v8` serialize, as worker
 * messages do), so a cached page is exactly the page the reader returned. Entries are written
 * atomically (temporary file + rename) and carry a sha256 of their body; an
 * entry that is missing, truncated, corrupt, of another format or for another key is ignored (a
 * miss), never an error. Failing to write (read-only disk, full disk) is ignored too: the cache is
 * an optimisation only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { CODE_ROOT, GENERATOR_ROOT } from '../paths.js';
import { deserialize, serialize } from 'node:v8';
import { threadId } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics.js';
import { sha256Hex } from '../hash.js';
import type { PageModel } from '../model/page.js';

/** Bump when the entry layout changes. */
export const CACHE_FORMAT = 3;

export function defaultCacheDir(cwd: string): string {
  return path.join(cwd, 'node_modules', '.cache', 'docgen');
}

const hash = (...parts: string[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
};

let fingerprintMemo: string | undefined;

/**
 * A hash of the compiled generator code and the installed versions of its dependencies. Computed
 * once per process (about 100 small files).
 */
export function generatorFingerprint(): string {
  if (fingerprintMemo) return fingerprintMemo;
  const h = createHash('sha256');
  const srcRoot = CODE_ROOT;
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) files.push(full);
    }
  };
  walk(srcRoot);
  for (const file of files.sort()) h.update(path.relative(srcRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  // Its dependencies are resolved from the nearest node_modules folders up the tree.
  const generatorDir = GENERATOR_ROOT;
  try {
    const pkg = JSON.parse(readFileSync(path.join(generatorDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(pkg.dependencies ?? {}).sort()) h.update(`${name}@${installedVersion(generatorDir, name) ?? '?'}\0`);
  } catch {
    h.update('no-package-json\0');
  }
  fingerprintMemo = h.digest('hex');
  return fingerprintMemo;
}

function installedVersion(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) {
      try {
        return (JSON.parse(readFileSync(candidate, 'utf8')) as { version?: string }).version;
      } catch {
        return undefined;
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The salt of a cache: format, docgen version, generator fingerprint and V8 version. */
export function cacheSalt(docgenVersion: string, fingerprint: string = generatorFingerprint()): string {
  // The V8 version too: page entries are in V8's serialisation format.
  return hash(`format ${CACHE_FORMAT}`, docgenVersion, fingerprint, `v8 ${process.versions.v8}`).slice(0, 16);
}

/** What a page entry holds: the page model and the read stage's own diagnostics. */
export interface CachedPage {
  page: PageModel;
  docDiagnostics: Diagnostic[];
}

const SALT_DIR = /^v\d+-[0-9a-f]{16}$/;
/** A salt folder set aside to be deleted (`pruneOtherSalts`). */
const DELETING_DIR = /^v\d+-[0-9a-f]{16}\.deleting-[0-9a-f]{8}$/;

/**
 * One cache (a salt folder). Safe to use from several threads and processes at once: every write is
 * a rename of a uniquely named temporary file, and readers see either a whole entry or none.
 */
export class DiskCache {
  readonly root: string;
  private readonly madeDirs = new Set<string>();

  constructor(
    /** The cache folder (`--cache DIR`). */
    readonly dir: string,
    readonly salt: string,
  ) {
    this.root = path.join(dir, `v${CACHE_FORMAT}-${salt}`);
  }

  /**
   * Deletes the folders of other salts (older docgen versions or builds), and what an earlier run
   * left half deleted. Each is renamed out of the way at once and deleted in the background (a
   * large doc set's cache takes seconds to delete), so the run goes on meanwhile; the process ends
   * when the deletion does. Best effort; resolves when done.
   */
  pruneOtherSalts(): Promise<void> {
    const parent = path.dirname(this.root);
    let names: string[];
    try {
      names = readdirSync(parent);
    } catch {
      return Promise.resolve();
    }
    const doomed: string[] = [];
    for (const name of names) {
      if (DELETING_DIR.test(name)) doomed.push(path.join(parent, name));
      if (name === path.basename(this.root) || !SALT_DIR.test(name)) continue;
      const aside = path.join(parent, `${name}.deleting-${randomBytes(4).toString('hex')}`);
      try {
        renameSync(path.join(parent, name), aside);
        doomed.push(aside);
      } catch {
        // Another process may be using or deleting it; leave it.
      }
    }
    return Promise.all(doomed.map((dir) => rm(dir, { recursive: true, force: true }).catch(() => undefined))).then(() => undefined);
  }

  pageKey(file: string, sha256: string): string {
    return hash('page', this.salt, file, sha256);
  }

  getPage(file: string, sha256: string): CachedPage | undefined {
    const body = this.read('pages', this.pageKey(file, sha256));
    if (body === undefined) return undefined;
    try {
      const value = deserialize(body) as Partial<CachedPage> & { file?: unknown };
      const page = value.page;
      if (value.file !== file || !page || typeof page !== 'object' || page.file !== file || !Array.isArray(page.apis) || !Array.isArray(page.diagnostics)) return undefined;
      if (!Array.isArray(value.docDiagnostics)) return undefined;
      return { page, docDiagnostics: value.docDiagnostics };
    } catch {
      return undefined;
    }
  }

  setPage(file: string, sha256: string, entry: CachedPage): void {
    // The structured-clone format (as in worker messages), not JSON: it keeps `undefined` fields,
    // -0 and NaN, so a page from the cache is exactly the page the reader returned.
    this.write('pages', this.pageKey(file, sha256), serialize({ file, docDiagnostics: entry.docDiagnostics, page: entry.page }));
  }

  /**
   * Any value in the structured-clone format under `kind` and a key the caller makes from contents
   * (the salt is part of the folder); undefined on a miss.
   */
  getValue<T>(kind: string, key: string): T | undefined {
    const body = this.read(kind, key);
    if (body === undefined) return undefined;
    try {
      return deserialize(body) as T;
    } catch {
      return undefined;
    }
  }

  setValue(kind: string, key: string, value: unknown): void {
    this.write(kind, key, serialize(value));
  }

  /** An entry is `<header JSON>\n<body bytes>`; the header names the key and the sha256 of the body. */
  private entryPath(kind: string, key: string): string {
    return path.join(this.root, kind, key.slice(0, 2), key);
  }

  private read(kind: string, key: string): Buffer | undefined {
    let data: Buffer;
    try {
      data = readFileSync(this.entryPath(kind, key));
    } catch {
      return undefined;
    }
    const newline = data.indexOf(0x0a);
    if (newline < 0) return undefined;
    try {
      const header = JSON.parse(data.subarray(0, newline).toString('utf8')) as { format?: unknown; key?: unknown; sha256?: unknown };
      const body = data.subarray(newline + 1);
      if (header.format !== CACHE_FORMAT || header.key !== key || header.sha256 !== sha256Hex(body)) return undefined;
      return body;
    } catch {
      return undefined;
    }
  }

  private write(kind: string, key: string, body: Buffer): void {
    const target = this.entryPath(kind, key);
    const dir = path.dirname(target);
    const tmp = `${target}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
    const header = Buffer.from(`${JSON.stringify({ format: CACHE_FORMAT, key, sha256: sha256Hex(body) })}\n`, 'utf8');
    const data = Buffer.concat([header, body]);
    try {
      if (!this.madeDirs.has(dir)) {
        mkdirSync(dir, { recursive: true });
        this.madeDirs.add(dir);
      }
      try {
        writeFileSync(tmp, data);
      } catch {
        // The folder may have been deleted since (a cache cleanup): make it again, once.
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, data);
      }
      renameSync(tmp, target);
    } catch {
      try {
        if (existsSync(tmp) && statSync(tmp).isFile()) unlinkSync(tmp);
      } catch {
        // Nothing more to do: a stray temporary file is ignored by readers.
      }
    }
  }
}
