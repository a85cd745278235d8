/**
 * The C header reader: indexes a folder of C headers (Windows SDK, WDK, mingw-w64) into a typed
 * `HeaderIndex` — function prototypes, callback typedefs, typedefs and handles, structures and
 * unions, enumerations, `#define` constants and status values, A/W mappings — for the build a
 * user-mode, 64-bit, UNICODE program sees. Every fact keeps its file (relative to its headers
 * folder) and 1-based line; bad input gives DG80xx diagnostics and never stops the run.
 *
 * API:
 * - `indexHeaderFile(file, bytes, config?)` → `HeaderFileIndex`: one header from its bytes alone.
 *   Pure; cache it by sha256(bytes) + the config (and docgen's version).
 * - `mergeHeaderIndexes(files, options?)` → `HeaderIndex`: the cross-header step (conditions
 *   that need other headers' macros, what macros such as `WINBASEAPI` mean, conflicts, A/W,
 *   values, checks). Pure and cheap next to reading.
 * - `indexHeaders(roots, options?)` → `HeaderIndex`: the effectful edge; lists every `.h` under
 *   each root (sorted), reads, indexes (through `options.indexFile` for a cache), merges. Throws
 *   `HeadersFolderError` (one sentence) when a root is not a folder: the caller exits with 2.
 * - `createHeaderLookup(index)`: functions, callbacks, typedefs (chains followed with cycle
 *   detection), records and enumerations by typedef name or tag, constants and status values,
 *   A/W variants; `typeClosure(lookup, types)`: every type a declaration needs.
 *
 * How it reads (see each module): lex.ts (comments, continuations, directives), preprocess.ts
 * (conditionals for every build variant at once, residual conditions left to the merge),
 * items.ts and declarations.ts (top-level items into raw facts, specifiers as written),
 * merge.ts with global-macros.ts, resolve-types.ts, convert.ts, values.ts, invocations.ts,
 * name-variants.ts and checks.ts.
 */
export { DEFAULT_HEADER_CONFIG, type HeaderBuildVariant, type HeaderConfig } from './config.js';
export { indexHeaderFile } from './file.js';
export { createHeaderLookup, typeClosure, typeNames, type HeaderLookup, type TypeClosure, type TypedefChain } from './lookup.js';
export { mergeHeaderIndexes, type MergeOptions } from './merge.js';
export type * from './model.js';
export { HeadersFolderError, indexHeaders, listHeaderFiles, type IndexHeadersOptions } from './read.js';
