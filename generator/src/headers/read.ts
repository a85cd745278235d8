/**
 * The effectful edge: lists every `.h` under each headers folder (recursively, sorted, so the
 * result does not depend on the file system's order), reads it, indexes it and merges.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareStrings, diagnostic } from '../diagnostics.js';
import { sha256Hex } from '../hash.js';
import { DEFAULT_HEADER_CONFIG, variantNames, type HeaderConfig } from './config.js';
import { emptyFileIndex, indexHeaderFile } from './file.js';
import { mergeHeaderIndexes } from './merge.js';
import type { HeaderFileIndex, HeaderFileRecord, HeaderIndex } from './model.js';

/** A headers folder that does not exist or is not a folder: an input error (the CLI exits with 2). */
export class HeadersFolderError extends Error {
  constructor(readonly folder: string) {
    super(`The headers folder ${folder} does not exist or is not a folder.`);
    this.name = 'HeadersFolderError';
  }
}

export interface IndexHeadersOptions {
  config?: HeaderConfig;
  /**
   * Reads one header's index, for callers that cache: given the path relative to its root, the
   * bytes and their sha256, return a cached `HeaderFileIndex` or compute one with `indexHeaderFile`.
   */
  indexFile?: (file: string, bytes: Uint8Array, sha256: string) => HeaderFileIndex;
}

/** Every `.h` file below `root`, relative, POSIX separators, sorted by code unit. */
export function listHeaderFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    const names = readdirSync(path.join(root, relative)).sort(compareStrings);
    for (const name of names) {
      const child = relative ? `${relative}/${name}` : name;
      let stats;
      try {
        stats = statSync(path.join(root, child));
      } catch {
        // A dangling link to a header is listed, so that reading it reports DG8017.
        if (/\.h$/i.test(name)) found.push(child);
        continue;
      }
      if (stats.isDirectory()) walk(child);
      else if (stats.isFile() && /\.h$/i.test(name)) found.push(child);
    }
  };
  walk('');
  return found;
}

function checkFolder(root: string): void {
  let isFolder = false;
  try {
    isFolder = statSync(root).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) throw new HeadersFolderError(root);
}

export function indexHeaders(roots: readonly string[], options: IndexHeadersOptions = {}): HeaderIndex {
  const config = options.config ?? DEFAULT_HEADER_CONFIG;
  for (const root of roots) checkFolder(root);
  const files: HeaderFileIndex[] = [];
  const records: HeaderFileRecord[] = [];
  roots.forEach((root, rootIndex) => {
    for (const file of listHeaderFiles(root)) {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(path.join(root, file));
      } catch (error) {
        const index = emptyFileIndex(file, variantNames(config));
        index.skipped = 'unreadable';
        index.diagnostics.push(diagnostic('DG8017', file, 1, `The header could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`));
        files.push(index);
        records.push({ file, root: rootIndex, sha256: '', skipped: 'unreadable' });
        continue;
      }
      const sha256 = sha256Hex(bytes);
      const index = options.indexFile ? options.indexFile(file, bytes, sha256) : indexHeaderFile(file, bytes, config);
      files.push(index);
      records.push({ file, root: rootIndex, sha256, ...(index.skipped ? { skipped: index.skipped } : {}) });
    }
  });
  return mergeHeaderIndexes(files, { config, roots: [...roots], records });
}
