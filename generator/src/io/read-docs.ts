/**
 * Reading the docs folder: list the files, read and decode each one.
 * Effects live here; `decodePage` is pure.
 */
import { lstatSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';

/** Pages larger than this are skipped with DG1004: real pages are well under 1 MB. */
export const MAX_PAGE_BYTES = 4 * 1024 * 1024;

export interface DocFile {
  /** Path relative to the docs root, POSIX separators. */
  file: string;
  /** Decoded text with LF line ends, or undefined when the file could not be used. */
  text?: string;
  sha256: string;
  diagnostics: Diagnostic[];
}

/** A docs folder that is missing or unreadable (DG7002): exit 2 with one sentence. */
export class InputError extends Error {
  readonly code = 'DG7002';
}

/** Lists every file below `root` (hidden files and folders excluded), sorted, relative POSIX paths. */
export async function listDocFiles(root: string): Promise<string[]> {
  return scanDocFiles(root).map((f) => f.file);
}

/**
 * Every file below `root` with its `fs.Stats` (same selection and order as `listDocFiles`), read
 * synchronously: tens of thousands of small calls are much faster without a promise each.
 * `root` may be a single file.
 */
export function scanDocFiles(root: string): Array<{ file: string; info: Stats }> {
  let rootInfo;
  try {
    rootInfo = statSync(root);
  } catch {
    throw new InputError(`The docs folder ${root} does not exist.`);
  }
  if (!rootInfo.isDirectory()) return [{ file: path.basename(root), info: rootInfo }];
  const out: Array<{ file: string; info: Stats }> = [];
  const walk = (dir: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      throw new InputError(`The docs folder ${dir} cannot be read.`);
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(full, child);
      else if (entry.isFile()) {
        try {
          out.push({ file: child, info: statSync(full) });
        } catch {
          // Deleted while listing: not a docs file any more.
        }
      } else if (entry.isSymbolicLink()) {
        // A link to a page is a page; a broken link is listed so that reading it reports DG1005.
        // Links to folders are not followed (a link can make a cycle).
        const target = statOrUndefined(full);
        if (!target) out.push({ file: child, info: lstatSync(full) });
        else if (target.isFile()) out.push({ file: child, info: target });
      }
    }
  };
  walk(root, '');
  return out.sort((a, b) => compareStrings(a.file, b.file));
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** The bytes of `file` (relative POSIX path) below `base`, or the DG1005 diagnostic saying why it cannot be read. */
export function readDocBytes(base: string, file: string): { bytes: Buffer } | { diagnostic: Diagnostic } {
  try {
    return { bytes: readFileSync(path.join(base, ...file.split('/'))) };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return { diagnostic: diagnostic('DG1005', file, 0, `The file could not be read (${reason}).`) };
  }
}

/** Decodes a page's bytes: UTF-8 (BOM stripped), UTF-16 with BOM, else Windows-1252; rejects empty, binary and huge files. */
export function decodePage(file: string, bytes: Buffer): { text?: string; diagnostics: Diagnostic[] } {
  if (bytes.length > MAX_PAGE_BYTES) {
    const mb = (bytes.length / 1024 / 1024).toFixed(1);
    return { diagnostics: [diagnostic('DG1004', file, 0, `The file is ${mb} MB, over the ${MAX_PAGE_BYTES / 1024 / 1024} MB page limit; it was skipped.`)] };
  }
  const utf16 = utf16Encoding(bytes);
  if (utf16) {
    const text = new TextDecoder(utf16).decode(bytes);
    return finish(file, text, [diagnostic('DG1006', file, 0, `The file is ${utf16.toUpperCase()}; it was decoded as such.`)]);
  }
  if (bytes.includes(0)) {
    return { diagnostics: [diagnostic('DG1002', file, 0, 'The file contains NUL bytes: it is binary, not a documentation page.')] };
  }
  try {
    return finish(file, new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), []);
  } catch {
    const line = lineOfFirstInvalidUtf8(bytes);
    const text = new TextDecoder('windows-1252').decode(bytes);
    return finish(file, text, [diagnostic('DG1003', file, line, 'The file is not valid UTF-8; it was read as Windows-1252.')]);
  }
}

function finish(file: string, text: string, diagnostics: Diagnostic[]): { text?: string; diagnostics: Diagnostic[] } {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (normalised.trim() === '') {
    return { diagnostics: [...diagnostics, diagnostic('DG1001', file, 0, 'The file is empty.')] };
  }
  return { text: normalised, diagnostics };
}

function utf16Encoding(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function lineOfFirstInvalidUtf8(bytes: Buffer): number {
  let line = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b === 0x0a) line++;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return line;
    for (let k = 1; k < len; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return line;
    i += len;
  }
  return line;
}
