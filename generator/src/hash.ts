import { createHash } from 'node:crypto';

/**
 * The sha256 of `data` (a text: of its UTF-8 bytes), in hex. A text is encoded first: on Node 20
 * hashing the bytes is about twice as fast as hashing the string, which matters for the megabytes
 * of state and spec text a large doc set hashes.
 */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256')
    .update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
    .digest('hex');
}
