/**
 * A background thread for the work of a run that the main thread would otherwise wait for: listing
 * and stamping the docs folder (while the main thread reads the build state), checking the new
 * spec entries against the spec schema (loading the schema is most of that), and writing and hashing
 * `spec.json` (while the main thread emits the other files). On a large doc set each is a few
 * hundred milliseconds of a warm run; on two cores they overlap with the main thread's work.
 *
 * Jobs are plain messages; results come back in order of completion, matched by id. A job that
 * fails rejects its promise with the error's message. The thread keeps the process alive only while
 * a job is owed (`job-thread.ts`), and `close()` ends it.
 */
import type { Stats } from 'node:fs';
import { JobThread } from '../job-thread.js';
import type { SplicedFile } from '../emit/output-content.js';
import type { Spec } from '../model/spec.js';
import type { FileStamp } from './build-state.js';

export interface ScannedFile {
  file: string;
  stamp: FileStamp;
}

/**
 * A scan as it crosses threads: the paths joined by NUL (which no file name holds) and four numbers
 * per file, in two pieces. Cloning 24,000 small objects instead added 0.07–0.2 s to a warm run.
 */
export interface PackedScan {
  files: string;
  stamps: Float64Array;
}

const STAMP_FIELDS = 4;

export function packScan(list: ReadonlyArray<{ file: string; info: Stats }>): PackedScan {
  const stamps = new Float64Array(list.length * STAMP_FIELDS);
  list.forEach(({ info }, i) => {
    const at = i * STAMP_FIELDS;
    stamps[at] = info.size;
    stamps[at + 1] = info.mtimeMs;
    stamps[at + 2] = info.ctimeMs;
    stamps[at + 3] = info.ino;
  });
  return { files: list.map((l) => l.file).join('\0'), stamps };
}

function unpackScan({ files, stamps }: PackedScan): ScannedFile[] {
  if (stamps.length === 0) return [];
  return files.split('\0').map((file, i) => {
    const at = i * STAMP_FIELDS;
    return { file, stamp: { size: stamps[at]!, mtimeMs: stamps[at + 1]!, ctimeMs: stamps[at + 2]!, ino: stamps[at + 3]! } };
  });
}

export type BackgroundJob =
  | { id: number; kind: 'scan'; root: string }
  | { id: number; kind: 'write'; target: string; content: string | SplicedFile }
  | { id: number; kind: 'validate'; rest: Omit<Spec, 'apis'> | undefined; apis: unknown[] };

export type BackgroundReply = { id: number; result: unknown } | { id: number; error: string };

export class Background {
  private readonly thread = new JobThread<DistributiveOmit<BackgroundJob, 'id'>, BackgroundReply>(
    new URL('./background-worker.js', import.meta.url),
    {},
    (code) => `the background thread ended (exit code ${code})`,
  );

  /** Every file below `root` with its stamp, as `scanDocFiles` lists them. */
  scan(root: string): Promise<ScannedFile[]> {
    return (this.run({ kind: 'scan', root }) as Promise<PackedScan>).then(unpackScan);
  }

  /** `validateSpecParts` on the background thread (which loads the spec schema there). */
  validate(rest: Omit<Spec, 'apis'> | undefined, apis: unknown[]): Promise<string[]> {
    return this.run({ kind: 'validate', rest, apis }) as Promise<string[]>;
  }

  /** Writes `content` to `target` (replacing it) and returns the sha256 of what it wrote. */
  write(target: string, content: string | SplicedFile): Promise<string> {
    return this.run({ kind: 'write', target, content }) as Promise<string>;
  }

  close(): void {
    this.thread.close();
  }

  private async run(job: DistributiveOmit<BackgroundJob, 'id'>): Promise<unknown> {
    const reply = await this.thread.run(job);
    if ('error' in reply) throw new Error(reply.error);
    return reply.result;
  }
}

/** `Omit` of each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
