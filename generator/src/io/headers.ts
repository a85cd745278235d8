/**
 * The C headers of a run (`--headers DIR`, repeatable), as the spec build reads them: a key that
 * changes exactly when their contents do, and the merged header index, built only when the spec's
 * cross-page facts are computed again.
 *
 * Indexing all of mingw-w64 (1,543 headers, 63 MB) cold takes seconds; a warm run costs nothing for
 * them. Three cache entries make that so:
 * - `header-stamps`, per headers folder: each header's size, times and inode with its sha256, so an
 *   unchanged header is not read again (the racy-stamp rule of the docs applies: a header changed
 *   within `RACY_MS` of the recording is read again);
 * - `header-files`, per header content: its `HeaderFileIndex` (the expensive, per-file part);
 * - `header-index`, per key of all the headers: the merged index.
 * Without a cache every header is read and indexed, and the result is the same.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../hash.js';
import { DEFAULT_HEADER_CONFIG } from '../headers/config.js';
import { emptyFileIndex, indexHeaderFile } from '../headers/file.js';
import { variantNames } from '../headers/config.js';
import { diagnostic } from '../diagnostics.js';
import { createHeaderLookup, type HeaderLookup } from '../headers/lookup.js';
import { mergeHeaderIndexes } from '../headers/merge.js';
import type { HeaderFileIndex, HeaderFileRecord, HeaderIndex } from '../headers/model.js';
import { HeadersFolderError, listHeaderFiles } from '../headers/read.js';
import type { HeaderSource } from '../build/incremental.js';
import type { DiskCache } from './cache.js';
import { RACY_MS, sameStamp, stampOf, type FileStamp } from './build-state.js';

/** A missing headers folder: exit 2 with DG7005. */
export class HeadersInputError extends Error {
  readonly code = 'DG7005';
}

interface HeaderFile {
  root: number;
  file: string;
  sha256: string;
}

type StampMemo = { writtenAtMs: number; files: Record<string, [FileStamp, string]> };

/**
 * The headers under `roots` for a build: every `.h` listed and hashed now (unchanged ones from the
 * stamp memo), the index built on the first `lookup()`.
 */
export function loadHeaders(roots: readonly string[], cache: DiskCache | undefined, racyMs = RACY_MS): HeaderSource & { files: HeaderFile[] } {
  const files: HeaderFile[] = [];
  roots.forEach((root, index) => {
    let listed: string[];
    try {
      if (!statSync(root).isDirectory()) throw new HeadersFolderError(root);
      listed = listHeaderFiles(root);
    } catch {
      throw new HeadersInputError(`The headers folder ${root} does not exist or cannot be read.`);
    }
    for (const { file, sha256 } of hashFiles(root, listed, cache, racyMs)) files.push({ root: index, file, sha256 });
  });
  const config = JSON.stringify(DEFAULT_HEADER_CONFIG);
  const key = sha256Hex(`${config}\n${files.map((f) => `${f.root}\t${f.file}\t${f.sha256}`).join('\n')}`);
  let lookup: HeaderLookup | undefined;
  return {
    key,
    files,
    lookup() {
      lookup ??= createHeaderLookup(headerIndex(roots, files, key, cache));
      return lookup;
    },
  };
}

/** Each header's sha256: from the stamp memo when its stamp is as recorded, otherwise read. */
function hashFiles(root: string, listed: readonly string[], cache: DiskCache | undefined, racyMs: number): Array<{ file: string; sha256: string }> {
  const memoKey = sha256Hex(path.resolve(root));
  const memo = cache?.getValue<StampMemo>('header-stamps', memoKey);
  const startedAt = Date.now();
  const next: StampMemo = { writtenAtMs: startedAt, files: {} };
  let changed = !memo;
  const out = listed.map((file) => {
    const full = path.join(root, ...file.split('/'));
    let stamp: FileStamp | undefined;
    try {
      stamp = stampOf(statSync(full));
    } catch {
      // Gone since it was listed: hashed as unreadable below.
    }
    const known = stamp && memo?.files[file];
    if (known && stamp && sameStamp(known[0], stamp) && Math.max(stamp.mtimeMs, stamp.ctimeMs) < memo!.writtenAtMs - racyMs) {
      next.files[file] = known;
      return { file, sha256: known[1] };
    }
    changed = true;
    let sha256 = '';
    try {
      sha256 = sha256Hex(readFileSync(full));
    } catch {
      // Unreadable: indexed as such (DG8017).
    }
    if (stamp && sha256) next.files[file] = [stamp, sha256];
    return { file, sha256 };
  });
  if (changed || Object.keys(memo?.files ?? {}).length !== listed.length) cache?.setValue('header-stamps', memoKey, next);
  return out;
}

/** The merged index of the headers: from the cache by key, or each header indexed (from the cache by content) and merged. */
function headerIndex(roots: readonly string[], files: readonly HeaderFile[], key: string, cache: DiskCache | undefined): HeaderIndex {
  const cached = cache?.getValue<HeaderIndex>('header-index', key);
  if (cached) return { ...cached, roots: [...roots] };
  const config = DEFAULT_HEADER_CONFIG;
  const indexes: HeaderFileIndex[] = [];
  const records: HeaderFileRecord[] = [];
  for (const f of files) {
    const fileKey = sha256Hex(`${JSON.stringify(config)}\n${f.file}\n${f.sha256}`);
    let index = f.sha256 ? cache?.getValue<HeaderFileIndex>('header-files', fileKey) : undefined;
    if (!index) {
      try {
        index = indexHeaderFile(f.file, readFileSync(path.join(roots[f.root]!, ...f.file.split('/'))), config);
        if (f.sha256) cache?.setValue('header-files', fileKey, index);
      } catch (error) {
        index = emptyFileIndex(f.file, variantNames(config));
        index.skipped = 'unreadable';
        index.diagnostics.push(diagnostic('DG8017', f.file, 1, `The header could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`));
      }
    }
    indexes.push(index);
    records.push({ file: f.file, root: f.root, sha256: f.sha256, ...(index.skipped ? { skipped: index.skipped } : {}) });
  }
  const merged = mergeHeaderIndexes(indexes, { config, roots: [...roots], records });
  // The roots are where this machine has the headers: not part of what is cached.
  cache?.setValue('header-index', key, { ...merged, roots: [] });
  return merged;
}
