/** The background thread of `background.ts`: runs its jobs one at a time, in order. */
import { parentPort } from 'node:worker_threads';
import type { BackgroundJob, BackgroundReply } from './background.js';
import { stampOf } from './build-state.js';
import { scanDocFiles } from './read-docs.js';
import { writeContent } from './write-output.js';

async function perform(job: BackgroundJob): Promise<unknown> {
  if (job.kind === 'scan') return scanDocFiles(job.root).map(({ file, info }) => ({ file, stamp: stampOf(info) }));
  if (job.kind === 'write') return writeContent(job.target, job.content);
  // The spec schema (TypeBox) loads with the first check, not when the thread starts.
  const { validateSpecParts } = await import('../model/spec.js');
  return validateSpecParts(job.rest, job.apis);
}

let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (job: BackgroundJob) => {
  queue = queue.then(async () => {
    let reply: BackgroundReply;
    try {
      reply = { id: job.id, result: await perform(job) };
    } catch (error) {
      reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort!.postMessage(reply);
  });
});
