/** The background thread of `background.ts`: runs its jobs one at a time, in order. */
import { parentPort } from 'node:worker_threads';
import { packScan, type BackgroundJob, type BackgroundReply } from './background.js';
import { scanDocFiles } from './read-docs.js';
import { writeContent } from './write-output.js';

/** A job's result, and the buffers in it that move to the main thread rather than being copied. */
async function perform(job: BackgroundJob): Promise<{ result: unknown; transfer: ArrayBuffer[] }> {
  if (job.kind === 'scan') {
    const packed = packScan(scanDocFiles(job.root));
    return { result: packed, transfer: [packed.stamps.buffer as ArrayBuffer] };
  }
  if (job.kind === 'write') return { result: writeContent(job.target, job.content), transfer: [] };
  // The spec schema (TypeBox) loads with the first check, not when the thread starts.
  const { validateSpecParts } = await import('../model/spec.js');
  return { result: validateSpecParts(job.rest, job.apis), transfer: [] };
}

let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (job: BackgroundJob) => {
  queue = queue.then(async () => {
    let reply: BackgroundReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const done = await perform(job);
      reply = { id: job.id, result: done.result };
      transfer = done.transfer;
    } catch (error) {
      reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort!.postMessage(reply, transfer);
  });
});
