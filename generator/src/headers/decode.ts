/**
 * Header bytes to text. Headers are ASCII in practice; a few carry Windows-1252 bytes in
 * comments (author names, © signs), some SDK headers are UTF-16. Never throws.
 */
import { Buffer, isAscii } from 'node:buffer';
import { diagnostic, type Diagnostic } from '../diagnostics.js';

export interface DecodedHeader {
  /** Undefined when the bytes are not text. */
  text?: string;
  diagnostics: Diagnostic[];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const WINDOWS_1252 = new TextDecoder('windows-1252');

export function decodeHeader(file: string, bytes: Uint8Array): DecodedHeader {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const text = new TextDecoder(encoding).decode(bytes.subarray(2));
    return { text, diagnostics: [diagnostic('DG8016', file, 1, `The header is UTF-16 (${encoding}); it was decoded as such.`)] };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const line = lineOfOffset(bytes, nul);
    return { diagnostics: [diagnostic('DG8002', file, line, 'The header contains NUL bytes: it is a binary file, not C text, and was skipped.')] };
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // Most headers are pure ASCII, which decodes fastest as Latin-1.
  if (isAscii(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), diagnostics: [] };
  try {
    return { text: UTF8.decode(bytes.subarray(start)), diagnostics: [] };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const line = lineOfOffset(bytes, bad);
    return {
      text: WINDOWS_1252.decode(bytes),
      diagnostics: [diagnostic('DG8001', file, line, 'The header is not valid UTF-8 (first bad byte on this line); it was decoded as Windows-1252.')],
    };
  }
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that breaks UTF-8 (enough to point a user at the line). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const extra = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (extra < 0) return i;
    for (let k = 1; k <= extra; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += extra + 1;
  }
  return 0;
}
