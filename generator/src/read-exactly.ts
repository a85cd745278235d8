/** Reading a byte range of a file, used by the writer and by the incremental spec source. */
import { closeSync, openSync, readSync } from 'node:fs';

/** `length` bytes at `offset` of the open file `fd`, into `into`. */
export function readExactly(fd: number, offset: number, length: number, into: Buffer): Buffer {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, into, done, length - done, offset + done);
    if (n === 0) throw new Error('a file of the previous output ended early (was it changed during the run?)');
    done += n;
  }
  return into.subarray(0, length);
}

/** `length` bytes of `file` from `offset`. */
export function readRange(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    return readExactly(fd, offset, length, Buffer.alloc(length));
  } finally {
    closeSync(fd);
  }
}
