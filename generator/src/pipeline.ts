/**
 * The read → parse → model stages, end to end: a docs folder in, a spec model out.
 *
 * Pages are loaded on the main thread for small doc sets and on a pool of worker threads for large
 * ones (`parallel/pool.ts`, threshold `PARALLEL_MIN_FILES`); with a cache (`io/cache.ts`) a page
 * whose bytes did not change is not parsed again. Either way each page is parsed at most once, no
 * file text is kept after its page is parsed, and the page models are put in file-path order before
 * the spec is built, so the spec is byte-identical whatever the threads, the cache or the order of
 * files on disk.
 */
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { cacheSalt, DiskCache } from './io/cache.js';
import { listDocFiles, type DocFile } from './io/read-docs.js';
import type { PageModel } from './model/page.js';
import type { Spec } from './model/spec.js';
import { loadPage, type LoadedPage } from './parallel/load-page.js';
import { defaultJobs, loadPagesInWorkers, PARALLEL_MIN_FILES } from './parallel/pool.js';
import { buildSpec } from './spec/build.js';
import type { PhaseTimer } from './timings.js';

export { parseDocFile } from './parallel/parse-doc.js';

export const DOCGEN_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface LoadOptions {
  /** Called as files are read, for progress display. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Threads to parse pages on (default: one per core, up to 8). 1 means the main thread only;
   * doc sets of fewer than `PARALLEL_MIN_FILES` files always use the main thread.
   */
  jobs?: number;
  /** Fewest files for which worker threads are used (default `PARALLEL_MIN_FILES`). */
  parallelThreshold?: number;
  /** Cache folder for parsed pages (see `io/cache.ts`); none when undefined. */
  cacheDir?: string;
  /** Filled in with what the cache did, when given. */
  stats?: LoadStats;
  /** Told when each stage ends (`--timings`). */
  timer?: Pick<PhaseTimer, 'lap'>;
}

export interface LoadStats {
  files: number;
  cacheHits: number;
  threads: number;
}

/** Opens the cache in `dir` for this docgen build (and drops the caches of other builds). */
export function openCache(dir: string): DiskCache {
  const cache = new DiskCache(dir, cacheSalt(DOCGEN_VERSION));
  cache.pruneOtherSalts();
  return cache;
}

export async function loadPages(docsDir: string, options: LoadOptions = {}): Promise<{ pages: PageModel[]; docs: DocFile[] }> {
  const files = await listDocFiles(docsDir);
  const base = (await isDirectory(docsDir)) ? docsDir : path.dirname(docsDir);
  const cache = options.cacheDir === undefined ? undefined : openCache(options.cacheDir);
  const jobs = Math.max(1, Math.floor(options.jobs ?? defaultJobs()));
  const threads = jobs > 1 && files.length >= (options.parallelThreshold ?? PARALLEL_MIN_FILES) ? jobs : 1;
  let loaded: LoadedPage[];
  if (threads > 1) {
    loaded = await loadPagesInWorkers(base, files, { jobs: threads, cache, onProgress: options.onProgress });
  } else {
    loaded = [];
    for (const [i, file] of files.entries()) {
      loaded.push(await loadPage(base, file, cache));
      options.onProgress?.(i + 1, files.length);
    }
  }
  if (options.stats) {
    options.stats.files = files.length;
    options.stats.cacheHits = loaded.filter((l) => l.cached).length;
    options.stats.threads = threads;
  }
  // `files` is sorted, and both paths return results in its order.
  return {
    pages: loaded.map((l) => l.page),
    docs: loaded.map((l) => ({ file: l.file, sha256: l.sha256, diagnostics: l.docDiagnostics })),
  };
}

export async function specFromDocs(docsDir: string, options: LoadOptions = {}): Promise<{ spec: Spec; pages: PageModel[] }> {
  const { pages, docs } = await loadPages(docsDir, options);
  options.timer?.lap('read pages');
  const formats = new Map(pages.map((p) => [p.file, p.format]));
  const inputs = docs.map((d) => ({ file: d.file, format: formats.get(d.file) ?? 'unknown', sha256: d.sha256 }));
  const spec = buildSpec(pages, inputs, DOCGEN_VERSION);
  options.timer?.lap('build spec');
  return { spec, pages };
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
