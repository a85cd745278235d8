/**
 * `emitPackage` with a cache of formatted files, for warm runs on large doc sets.
 *
 * Checking and formatting the rendered TypeScript with ts-morph is most of the cost of emitting
 * (about three quarters on the scale corpus), and it is a pure function of each file's rendered
 * text: so a `.ts` file whose rendered text is unchanged takes its formatted text from the cache
 * (`DiskCache.getFormatted`, keyed by output path + rendered text) and only the other files are
 * checked and formatted. Templates, config and the spec all reach the output through the rendered
 * text, so nothing else needs to invalidate these entries (see `io/cache.ts`).
 *
 * Only TypeScript files are cached: the others (`.json`, `.md`) are not formatted by ts-morph
 * (`check.ts` re-serialises JSON and normalises line endings), so hashing, storing and reading them
 * would cost more than it saves (spec.json alone is about 100 MB on a large doc set). After each
 * successful emit the entries this run did not use are pruned, so the cache holds one run's files.
 * A test asserts that this gives the same files as `emitPackage`.
 */
import { emitPackage, formatInChunks, type EmitResult } from '../emit/index.js';
import type { EmitOptions } from '../emit/emitter.js';
import type { DiskCache } from '../io/cache.js';
import type { Spec } from '../model/spec.js';

export interface CachedEmitStats {
  /** TypeScript files formatted (the only files the cache holds). */
  files: number;
  /** Of those, the files taken from the cache. */
  formatHits: number;
}

/** Same contract and result as `emitPackage`; `cache` only saves work. */
export function emitPackageCached(spec: Spec, options: EmitOptions, cache: DiskCache, stats?: CachedEmitStats): EmitResult {
  return emitPackage(spec, options, (rendered) => {
    const keys = rendered.map((r) => (r.path.endsWith('.ts') ? cache.formattedKey(r.path, r.text) : undefined));
    const formatted = keys.map((k) => (k === undefined ? undefined : cache.getFormatted(k)));
    const missing = rendered.flatMap((r, i) => (formatted[i] === undefined ? [i] : []));
    // Files not taken from the cache are checked and formatted together, in path order, so the
    // first error reported is the same one `emitPackage` reports.
    const fresh = formatInChunks(missing.map((i) => rendered[i]!));
    missing.forEach((i, n) => {
      formatted[i] = fresh[n]!;
      const key = keys[i];
      if (key !== undefined) cache.setFormatted(key, fresh[n]!);
    });
    const used = keys.filter((k): k is string => k !== undefined);
    cache.pruneFormatted(new Set(used));
    if (stats) {
      stats.files = used.length;
      stats.formatHits = used.length - missing.filter((i) => keys[i] !== undefined).length;
    }
    return formatted as string[];
  });
}
