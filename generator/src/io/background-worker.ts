/** The background thread of `background.ts`: runs its jobs one at a time, in order. */
import { parentPort } from 'node:worker_threads';
import type { BackgroundJob, BackgroundReply } from './background.js';
import { stampOf } from './build-state.js';
import { scanDocFiles } from './read-docs.js';
import { writeContent } from './write-output.js';

parentPort!.on('message', (job: BackgroundJob) => {
  let reply: BackgroundReply;
  try {
    if (job.kind === 'scan') reply = { id: job.id, result: scanDocFiles(job.root).map(({ file, info }) => ({ file, stamp: stampOf(info) })) };
    else reply = { id: job.id, result: writeContent(job.target, job.content) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
