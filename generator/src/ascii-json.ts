/**
 * JSON kept as ASCII. The build state's large blobs (page footprints, API summaries) are read on
 * every run that recomputes the spec's globals or plans the package. A text with any character
 * beyond Latin-1 (an ellipsis, a curly quote) decodes from UTF-8 into a two-byte string: about three
 * times slower than ASCII bytes decoded as Latin-1, and twice the memory. Written with every
 * non-ASCII character escaped (`\u2026`), the same JSON is pure ASCII.
 */
import { Buffer, isAscii } from 'node:buffer';

/** Every character from U+007F up, as JSON writes it with `\u` escapes. */
const NON_ASCII = /[\u007f-\uffff]/g;

function escaped(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `JSON.stringify(value)` with every non-ASCII character escaped: the same value, in ASCII bytes. */
export function asciiJsonBytes(value: unknown): Buffer {
  const json = JSON.stringify(value);
  const bytes = Buffer.from(json, 'utf8');
  // Escaping scans the whole text: only for a text that needs it.
  return isAscii(bytes) ? bytes : Buffer.from(json.replace(NON_ASCII, escaped), 'latin1');
}

/** UTF-8 `bytes` as text; ASCII (all that `asciiJsonBytes` writes) takes the fast one-byte path. */
export function decodeUtf8(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isAscii(buffer) ? buffer.toString('latin1') : buffer.toString('utf8');
}
