/**
 * A page-loading worker: receives batches of file paths, answers with their page models (plain,
 * structured-clone friendly data) in the same order. See `pool.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DiskCache } from '../io/cache.js';
import { loadPage, type LoadedPage } from './load-page.js';
import type { ReadOptions } from '../readers/index.js';

export interface WorkerInit {
  base: string;
  cacheDir?: string;
  salt: string;
  /** What reading depends on besides the files (the links setting). */
  read?: ReadOptions;
}

export interface BatchRequest {
  id: number;
  files: string[];
}

export type BatchReply = { id: number; results: LoadedPage[] } | { id: number; error: string };

const init = workerData as WorkerInit;
const cache = init.cacheDir ? new DiskCache(init.cacheDir, init.salt) : undefined;

parentPort!.on('message', (request: BatchRequest) => {
  void (async () => {
    try {
      const results: LoadedPage[] = [];
      for (const file of request.files) results.push(await loadPage(init.base, file, cache, init.read));
      parentPort!.postMessage({ id: request.id, results } satisfies BatchReply);
    } catch (error) {
      parentPort!.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies BatchReply);
    }
  })();
});
