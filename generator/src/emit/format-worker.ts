/**
 * The formatting thread of `format-pool.ts`: checks and formats the chunks of rendered files it
 * is sent, one at a time, and answers with their formatted text or the template error.
 */
import { parentPort } from 'node:worker_threads';
import { checkAndFormat, type FormattedFile, type RenderedFile } from './format.js';
import { TemplateError } from './errors.js';

export interface FormatJob {
  id: number;
  files: RenderedFile[];
}

export type FormatReply =
  | { id: number; formatted: FormattedFile[] }
  | { id: number; templateError: ConstructorParameters<typeof TemplateError> }
  | { id: number; error: string };

parentPort!.on('message', (job: FormatJob) => {
  let reply: FormatReply;
  try {
    reply = { id: job.id, formatted: checkAndFormat(job.files) };
  } catch (error) {
    reply =
      error instanceof TemplateError
        ? { id: job.id, templateError: [error.code as 'DG6001' | 'DG6005', error.template, error.templatePath, error.line, error.column, error.reason, error.output] }
        : { id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(reply);
});
