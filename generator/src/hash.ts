import { createHash } from 'node:crypto';

/** A sha256 in hex, as `sha256Hex` gives it. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The sha256 of `data` in hex; a text is hashed as its UTF-8 bytes. The one content hash docgen uses. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A short content hash (128 bits of sha256, hex) for what the build state compares. */
export function stateHash(text: string): string {
  return sha256Hex(text).slice(0, 32);
}
