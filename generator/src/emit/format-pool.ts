/**
 * Formatting on a thread of its own (`format-worker.ts`).
 *
 * A large package (thousands of files) makes a lot of short-lived syntax trees; on that thread they
 * are collected within a bounded heap instead of swelling the main thread's, which holds the spec
 * and the rendered files. (Starting the thread early in every warm run, so that the compiler loads
 * while the docs are read, was measured: on two cores the third busy thread slows the runs that
 * format nothing more than it speeds up the others.)
 *
 * The result is that of `formatInChunks` on the main thread, in the same order, and so is the first
 * error (a `TemplateError` is passed back as such).
 */
import { Worker } from 'node:worker_threads';
import type { RenderedFile } from './format.js';
import { TemplateError } from './errors.js';
import type { FormatJob, FormatReply } from './format-worker.js';

/** The formatting thread's heap limit: a few chunks of syntax trees, never the whole package. */
const FORMAT_HEAP_MB = 512;

class FormatThread {
  private readonly worker: Worker;
  private next = 0;

  constructor() {
    this.worker = new Worker(new URL('./format-worker.js', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: FORMAT_HEAP_MB } });
    this.worker.unref();
  }

  /**
   * `formatInChunks` on this thread: chunks of `chunk` files are sent one after the other, and each
   * file's rendered text is dropped (set to '') once its chunk is formatted.
   */
  async format(files: readonly RenderedFile[], chunk: number): Promise<string[]> {
    const out: string[] = [];
    for (let start = 0; start < files.length; start += chunk) {
      const part = files.slice(start, start + chunk);
      // Only what the formatter reads crosses the thread boundary (not the template's source).
      const job: FormatJob = { id: this.next++, files: part.map((f) => ({ path: f.path, text: f.text, template: { ...f.template, text: '' } })) };
      const reply = await this.run(job);
      if ('templateError' in reply) throw new TemplateError(...reply.templateError);
      if ('error' in reply) throw new Error(`internal error in the formatting thread: ${reply.error}`);
      out.push(...reply.formatted);
      for (const file of part) file.text = '';
    }
    return out;
  }

  close(): void {
    void this.worker.terminate();
  }

  private run(job: FormatJob): Promise<FormatReply> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        this.worker.off('exit', onExit);
      };
      const onMessage = (reply: FormatReply): void => {
        if (reply.id !== job.id) return;
        done();
        resolve(reply);
      };
      const onError = (error: Error): void => {
        done();
        reject(error);
      };
      const onExit = (code: number): void => {
        done();
        reject(new Error(`internal error: the formatting thread ended (exit code ${code})`));
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.on('exit', onExit);
      this.worker.postMessage(job);
    });
  }
}

/**
 * Formats `files` in chunks of `chunk` on up to `threads` new threads, which end with the call. Each
 * thread takes the next chunk when it is done with one, so a slow chunk does not hold the others up.
 * The result is in file order, and the error thrown is that of the first failing chunk in file
 * order, so the outcome does not depend on which thread finished first.
 */
export async function formatOnThreads(files: readonly RenderedFile[], chunk: number, threads: number): Promise<string[]> {
  const chunks: RenderedFile[][] = [];
  for (let start = 0; start < files.length; start += chunk) chunks.push(files.slice(start, start + chunk));
  const pool = Array.from({ length: Math.max(1, Math.min(threads, chunks.length)) }, () => new FormatThread());
  const results: (string[] | { error: unknown })[] = [];
  let next = 0;
  const drain = async (thread: FormatThread): Promise<void> => {
    while (next < chunks.length) {
      const index = next++;
      results[index] = await thread.format(chunks[index]!, chunk).catch((error: unknown) => ({ error }));
    }
  };
  try {
    await Promise.all(pool.map(drain));
  } finally {
    for (const thread of pool) thread.close();
  }
  return results.flatMap((result) => {
    if ('error' in result) throw result.error;
    return result;
  });
}
