/**
 * Formatting on a thread of its own. Checking and formatting a large package (thousands of files)
 * makes a lot of short-lived syntax trees; on that thread they are collected within a bounded heap
 * instead of swelling the main thread's, which holds the spec and the rendered files. The result is
 * the same as `formatInChunks` on the main thread, in the same order, and so is the first error.
 */
import { Worker } from 'node:worker_threads';
import type { RenderedFile } from './check.js';
import { TemplateError } from './errors.js';
import type { FormatJob, FormatReply } from './format-worker.js';

/** The formatting thread's heap limit: a few chunks of syntax trees, never the whole package. */
const FORMAT_HEAP_MB = 512;

/**
 * `formatInChunks` on a worker thread: chunks of `chunk` files are sent one after the other, and
 * each file's rendered text is dropped (set to '') once its chunk is formatted.
 */
export async function formatOnThread(files: readonly RenderedFile[], chunk: number): Promise<string[]> {
  const worker = new Worker(new URL('./format-worker.js', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: FORMAT_HEAP_MB } });
  try {
    const out: string[] = [];
    for (let start = 0, id = 0; start < files.length; start += chunk, id++) {
      const part = files.slice(start, start + chunk);
      // Only what the formatter reads crosses the thread boundary (not the template's source).
      const job: FormatJob = { id, files: part.map((f) => ({ path: f.path, text: f.text, template: { ...f.template, text: '' } })) };
      const reply = await new Promise<FormatReply>((resolve, reject) => {
        const onMessage = (r: FormatReply): void => {
          worker.off('error', onError);
          resolve(r);
        };
        const onError = (error: Error): void => {
          worker.off('message', onMessage);
          reject(error);
        };
        worker.once('message', onMessage);
        worker.once('error', onError);
        worker.postMessage(job);
      });
      if ('templateError' in reply) throw new TemplateError(...reply.templateError);
      if ('error' in reply) throw new Error(`internal error in the formatting thread: ${reply.error}`);
      out.push(...reply.formatted);
      for (const file of part) file.text = '';
    }
    return out;
  } finally {
    await worker.terminate();
  }
}
