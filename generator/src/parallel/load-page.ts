/**
 * Loading one page: read its bytes, hash them, and either take its page model from the cache or
 * decode and parse it (and store the result). The same function runs on the main thread (small doc
 * sets) and in the worker threads, so both paths give identical page models.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { DiskCache } from '../io/cache.js';
import { sha256Hex } from '../hash.js';
import { decodePage, readDocBytes } from '../io/read-docs.js';
import { emptyPage, type PageModel } from '../model/page.js';
import { classifyByName, looksBinary, NON_PAGE_FORMAT } from '../readers/non-page-files.js';
import type { ReadOptions } from '../readers/index.js';

export interface LoadedPage {
  file: string;
  /** sha256 of the file's bytes ('' when the file was not read: not a documentation page, or unreadable). */
  sha256: string;
  /** Diagnostics of reading and decoding (also at the start of `page.diagnostics`). */
  docDiagnostics: Diagnostic[];
  page: PageModel;
  /** True when the page model came from the cache. */
  cached: boolean;
}

export type Parse = typeof import('./parse-doc.js').parseDocFile;
let parser: Promise<Parse> | undefined;

/** The page parser, loaded on first use (the Markdown stack is the biggest part of start-up). */
export function loadParser(): Promise<Parse> {
  parser ??= import('./parse-doc.js').then((m) => m.parseDocFile);
  return parser;
}

/**
 * Loads `file` (relative POSIX path) below `base`. Never throws for a file's content or a cache
 * problem; the file text is dropped as soon as the page is parsed.
 */
export async function loadPage(base: string, file: string, cache: DiskCache | undefined, options?: ReadOptions): Promise<LoadedPage> {
  return loadPageWith(await loadParser(), base, file, cache, options);
}

/**
 * `loadPage` with the parser already loaded (`loadParser`), for callers that cannot wait. A file
 * that is not a documentation page (`readers/non-page-files.ts`) is skipped before it is decoded:
 * by its name without reading it, or by its first bytes when its name does not say.
 */
export function loadPageWith(parse: Parse, base: string, file: string, cache: DiskCache | undefined, options?: ReadOptions): LoadedPage {
  const byName = classifyByName(file);
  if (byName === 'non-page') return nonPage(file);
  const read = readDocBytes(base, file);
  if ('diagnostic' in read) {
    const docDiagnostics = [read.diagnostic];
    return { file, sha256: '', docDiagnostics, page: parse({ file, sha256: '', diagnostics: docDiagnostics }, options), cached: false };
  }
  const { bytes } = read;
  if (byName === 'by-content' && looksBinary(bytes)) return nonPage(file);
  const sha = sha256Hex(bytes);
  const hit = cache?.getPage(file, sha);
  if (hit) return { file, sha256: sha, docDiagnostics: hit.docDiagnostics, page: hit.page, cached: true };
  const decoded = decodePage(file, bytes);
  const docDiagnostics = [...decoded.diagnostics];
  const page = parse({ file, sha256: sha, text: decoded.text, diagnostics: decoded.diagnostics }, options);
  cache?.setPage(file, sha, { page, docDiagnostics });
  return { file, sha256: sha, docDiagnostics, page, cached: false };
}

/** A skipped file: an empty page model of format `non-page`, no hash (its bytes never reach the spec), no diagnostics (DG1007 counts them all once). */
function nonPage(file: string): LoadedPage {
  return { file, sha256: '', docDiagnostics: [], page: emptyPage(file, NON_PAGE_FORMAT), cached: false };
}
