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
 * error (a `TemplateError` is passed back as such). Files can be sent as they are rendered, so
 * that formatting overlaps rendering and the main thread does not hold every rendered file.
 */
import { checkAndFormat, formatInChunks, type FormattedFile, type RenderedFile } from './format.js';
import { TemplateError } from './errors.js';
import type { FormatJob, FormatReply } from './format-worker.js';
import { JobThread } from '../job-thread.js';

/**
 * The formatting thread's heap limit: the syntax trees of a chunk, never the whole package. A limit
 * makes the thread collect its garbage early; without one its heap grows to gigabytes on a large doc
 * set before it does. A chunk too large for it (one huge file) is formatted on the main thread.
 */
export const FORMAT_HEAP_MB = 256;

/**
 * Files per chunk sent to a formatting thread, and characters: a chunk's syntax trees take about
 * twenty times its text, which must fit the thread's heap with room to spare.
 */
export const THREAD_CHUNK = { files: 25, chars: 1_000_000 };

/** A formatting thread: chunks are queued on it as they come and formatted one after the other. */
class FormatThread {
  private readonly thread: JobThread<Omit<FormatJob, 'id'>, FormatReply>;
  /** Characters sent and not answered yet: how much work is queued on the thread. */
  queued = 0;

  constructor(heapMb: number) {
    this.thread = new JobThread(
      new URL('./format-worker.js', import.meta.url),
      { resourceLimits: { maxOldGenerationSizeMb: heapMb } },
      (code) => `internal error: the formatting thread ended (exit code ${code})`,
    );
  }

  /** Whether the thread ended (out of memory, or failed): it takes no more chunks. */
  get ended(): boolean {
    return this.thread.ended;
  }

  /**
   * Queues `files` (one chunk) and resolves to their formatted text. The text is copied to the
   * thread now, so the caller can let go of it at once.
   */
  format(files: readonly RenderedFile[]): Promise<FormattedFile[]> {
    const size = files.reduce((sum, f) => sum + f.text.length, 0);
    this.queued += size;
    // Only what the formatter reads crosses the thread boundary (not the template's source).
    const job = { files: files.map((f) => ({ path: f.path, text: f.text, template: { ...f.template, text: '' }, ...(f.memo ? { memo: f.memo } : {}) })) };
    return this.thread.run(job).then((r) => {
      this.queued -= size;
      if ('templateError' in r) throw new TemplateError(...r.templateError);
      if ('error' in r) throw new Error(`internal error in the formatting thread: ${r.error}`);
      return r.formatted;
    });
  }

  close(): void {
    this.thread.close();
  }
}

/** How `formatOnThreads` spreads the work. */
export interface FormatPlan {
  /** Most files, and characters, per chunk sent to a thread (a single larger file is a chunk of its own). */
  chunk: { files: number; chars: number };
  /** Most threads to start. */
  threads: number;
  /** Fewest files for which threads are started: fewer are formatted on this thread, which costs less than starting one. */
  fewest: number;
  /** Each thread's heap limit, MB (default `FORMAT_HEAP_MB`). */
  heapMb?: number;
}

/** Chunks a thread holds at most (one being formatted, one waiting): rendering waits for the formatters beyond that. */
const QUEUED_PER_THREAD = 2;

/**
 * Formats `files` in chunks on up to `plan.threads` new threads, which end with the call. The files
 * are taken as `files` yields them (it may render them meanwhile): each full chunk goes at once to
 * the thread with the least work queued, and its text is let go on this thread; when every thread
 * has `QUEUED_PER_THREAD` chunks, taking more files waits for one to be done, so memory stays
 * bounded whatever the number of files. The result is in file order, and the error thrown is that
 * of the first failing chunk in file order, so the outcome does not depend on which thread
 * finished first; an error `files` throws (rendering) is thrown before any formatting error.
 */
export async function formatOnThreads(files: Iterable<RenderedFile>, plan: FormatPlan): Promise<FormattedFile[]> {
  const iterator = files[Symbol.iterator]();
  // The first files are kept until there are enough of them to be worth the threads.
  const first: RenderedFile[] = [];
  let step = iterator.next();
  for (; !step.done && first.length < plan.fewest; step = iterator.next()) first.push(step.value);
  if (step.done) return formatInChunks(first, true);

  let pool: FormatThread[] = [];
  const results: Promise<FormattedFile[] | { error: unknown }>[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const send = async (part: RenderedFile[]): Promise<void> => {
    if (inFlight.size >= plan.threads * QUEUED_PER_THREAD) await Promise.race(inFlight);
    pool = pool.filter((t) => !t.ended);
    if (pool.length < plan.threads) pool.push(new FormatThread(plan.heapMb ?? FORMAT_HEAP_MB));
    const thread = pool.reduce((least, t) => (t.queued < least.queued ? t : least));
    // A chunk whose thread ran out of memory is formatted here, where the heap has no such limit.
    const result = thread.format(part).catch((error: unknown) => (outOfMemory(error) ? formatHere(part) : { error }));
    const flight: Promise<unknown> = result.then(() => inFlight.delete(flight));
    inFlight.add(flight);
    results.push(result);
  };
  try {
    let part: RenderedFile[] = [];
    let chars = 0;
    for (const file of resumed(first, step, iterator)) {
      // A chunk is sent when it is full, or before a file that would take it over its characters.
      if (part.length === plan.chunk.files || (part.length > 0 && chars + file.text.length > plan.chunk.chars)) {
        await send(part);
        part = [];
        chars = 0;
      }
      part.push(file);
      chars += file.text.length;
    }
    if (part.length > 0) await send(part);
    const done = await Promise.all(results);
    return done.flatMap((result) => {
      if ('error' in result) throw result.error;
      return result;
    });
  } finally {
    for (const thread of pool) thread.close();
  }
}

/** The files `first` holds (let go one by one), then `step` and the rest of `iterator`. */
function* resumed<T>(first: T[], step: IteratorResult<T>, iterator: Iterator<T>): Generator<T> {
  while (first.length > 0) yield first.shift()!;
  for (; !step.done; step = iterator.next()) yield step.value;
}

/** Whether a formatting thread failed for want of heap. */
function outOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/** `checkAndFormat` on this thread, its error as a value. */
function formatHere(files: readonly RenderedFile[]): FormattedFile[] | { error: unknown } {
  try {
    return checkAndFormat(files);
  } catch (error) {
    return { error };
  }
}
