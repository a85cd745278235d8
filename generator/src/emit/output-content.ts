/**
 * What an emitted file's content can be: text, a file of the previous output that is unchanged
 * (`ReusedFile`: the writer hard-links it), or text pieces and byte ranges of the previous version
 * of the file (`SplicedFile`: `spec.json` after an incremental build).
 */
import type { SplicedFile } from '../build/spec-text.js';

export type { SplicedFile };

/** A file of the previous output that is unchanged: its content is the previous file's. */
export interface ReusedFile {
  reused: true;
  sha256: string;
}

/** A file another thread is writing to a temporary `file` (on the output's file system); the writer moves it into place. */
export interface PreparedFile {
  prepared: Promise<{ file: string; sha256: string }>;
}

/** What emitting gives for a file. */
export type EmittedContent = string | ReusedFile | SplicedFile;

/** What the writer takes for a file. */
export type OutputContent = EmittedContent | PreparedFile;

export function isReused(content: OutputContent): content is ReusedFile {
  return typeof content === 'object' && 'reused' in content;
}
