/** The docgen version, from the generator's package.json (read once, when first imported). */
import { readFileSync } from 'node:fs';

export const DOCGEN_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
