/**
 * Where docgen's own files are. Computed from the folder the compiled code runs from, `dist/src/`
 * (this module) or `dist/bundle/` (the CLI bundle): both are two levels below the generator's
 * folder, so the same relative paths hold in either.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the running compiled code (`generator/dist/src` or `generator/dist/bundle`). */
export const CODE_ROOT = fileURLToPath(new URL('.', import.meta.url));

/** The generator package's folder (`generator/`). */
export const GENERATOR_ROOT = path.resolve(CODE_ROOT, '../..');

/** The built-in templates (`templates/` at the repository root). */
export const BUILTIN_TEMPLATES = path.resolve(GENERATOR_ROOT, '../templates');
