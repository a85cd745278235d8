/**
 * A worker thread that does jobs sent as messages and answers each with a reply carrying the job's
 * id, in any order: the background thread (`io/background.ts`) and the formatting threads
 * (`emit/format-pool.ts`).
 *
 * The thread keeps the process alive exactly while answers are owed. Unreferenced, an await of an
 * answer would let the process end early; referenced for good, a run that ends without closing
 * the thread (an internal error) would never exit. Node references a worker's port again when a
 * `message` listener is added, so the listeners are added before the first `unref`.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** A reply matched to its job by `id`. */
export interface JobReply {
  id: number;
}

export class JobThread<Job extends object, Reply extends JobReply> {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  /** Whether the thread ended (it failed, ran out of memory, or was closed): it takes no more jobs. */
  ended = false;

  constructor(script: URL, options: WorkerOptions, describe: (code: number) => string) {
    this.worker = new Worker(script, options);
    this.worker.on('message', (reply: Reply) => {
      const job = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      this.hold();
      job?.resolve(reply);
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(describe(code))));
    this.hold();
  }

  /** Sends `job` (its `transfer` buffers moved, not copied) and resolves to its reply. */
  run(job: Job, transfer: ArrayBuffer[] = []): Promise<Reply> {
    const id = this.next++;
    const reply = new Promise<Reply>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.hold();
    this.worker.postMessage({ ...job, id }, transfer);
    return reply;
  }

  /** Ends the thread; answers still owed are rejected. */
  close(): void {
    void this.worker.terminate();
  }

  private failAll(error: Error): void {
    this.ended = true;
    for (const job of this.waiting.values()) job.reject(error);
    this.waiting.clear();
    this.hold();
  }

  private hold(): void {
    if (this.waiting.size > 0) this.worker.ref();
    else this.worker.unref();
  }
}
