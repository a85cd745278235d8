/**
 * Loading pages on several threads: a small pool of `node:worker_threads` workers, each reading,
 * decoding and parsing (or taking from the cache) batches of files and returning page models.
 *
 * - Work is handed out in batches from one queue, so a worker that gets quick pages (cache hits,
 *   small pages) takes more; results are put back in input order, so the output never depends
 *   on scheduling.
 * - Each worker has at most two batches in flight (one being worked on, one queued), which keeps
 *   the workers busy without holding many results in messages at once.
 * - If a worker dies (a bug, not a page problem: pages never throw), the pool stops the workers and
 *   loads the unfinished batches on the main thread, so a run still completes with the same result.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DiskCache } from '../io/cache.js';
import { loadPage, type LoadedPage } from './load-page.js';
import type { BatchReply, BatchRequest, WorkerInit } from './worker.js';
import type { ReadOptions } from '../readers/index.js';

/**
 * Below this many files the pages are loaded on the main thread: starting a worker and loading the
 * parsers in it costs about as much as parsing 50 to 100 pages, so a pool only pays off above that.
 */
export const PARALLEL_MIN_FILES = 200;

/** At most this many workers, whatever the machine. */
export const MAX_JOBS = 8;

/** The default number of threads: one per core, up to `MAX_JOBS`. */
export function defaultJobs(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(MAX_JOBS, cores));
}

/** The threads to use for `--jobs n` (the default when not given). */
export function jobCount(jobs: number | undefined): number {
  return Math.max(1, Math.floor(jobs ?? defaultJobs()));
}

export interface PoolOptions {
  jobs: number;
  cache?: DiskCache;
  /** What reading depends on besides the files (the links setting). */
  read?: ReadOptions;
  /** Called as pages complete (in completion order), for progress display. */
  onProgress?: (done: number, total: number) => void;
}

/** Batch size: about 8 batches per worker for balance, between 8 and 128 files. */
export function batchSizeFor(files: number, jobs: number): number {
  return Math.max(8, Math.min(128, Math.ceil(files / (jobs * 8))));
}

/** Loads every file (relative paths below `base`) on `jobs` worker threads; results in input order. */
export async function loadPagesInWorkers(base: string, files: readonly string[], options: PoolOptions): Promise<LoadedPage[]> {
  const jobs = Math.max(1, Math.min(options.jobs, files.length));
  const size = batchSizeFor(files.length, jobs);
  const batches: BatchRequest[] = [];
  for (let i = 0; i < files.length; i += size) batches.push({ id: batches.length, files: files.slice(i, i + size) });
  const results: LoadedPage[][] = new Array(batches.length);
  let done = 0;

  const init: WorkerInit = { base, cacheDir: options.cache?.dir, salt: options.cache?.salt ?? '', read: options.read };
  const workers: Worker[] = [];
  const unfinished = new Set<number>(batches.map((b) => b.id));
  let next = 0;

  await new Promise<void>((resolve) => {
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      resolve();
    };
    const fail = (): void => {
      // Stop everything; the main thread loads what is left (below).
      for (const w of workers) void w.terminate();
      finish();
    };
    const send = (worker: Worker): void => {
      if (next < batches.length) worker.postMessage(batches[next++]!);
    };
    for (let j = 0; j < jobs; j++) {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: init });
      workers.push(worker);
      worker.on('message', (reply: BatchReply) => {
        if ('error' in reply) return fail();
        results[reply.id] = reply.results;
        unfinished.delete(reply.id);
        done += reply.results.length;
        options.onProgress?.(done, files.length);
        if (unfinished.size === 0) {
          for (const w of workers) void w.terminate();
          return finish();
        }
        send(worker);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0 && !settled && unfinished.size > 0) fail();
      });
      send(worker);
      send(worker);
    }
  });

  for (const id of [...unfinished].sort((a, b) => a - b)) {
    const batch: LoadedPage[] = [];
    for (const file of batches[id]!.files) batch.push(await loadPage(base, file, options.cache, options.read));
    results[id] = batch;
    done += batch.length;
    options.onProgress?.(done, files.length);
  }
  return results.flat();
}
