/** The docgen version, from the generator's package.json (read once, when first imported). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GENERATOR_ROOT } from './paths.js';

export const DOCGEN_VERSION: string = (JSON.parse(readFileSync(path.join(GENERATOR_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
