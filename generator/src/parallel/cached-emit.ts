/**
 * `emitPackage` with a cache of formatted files, for warm runs on large doc sets.
 *
 * Checking and formatting the rendered TypeScript with ts-morph is most of the cost of emitting
 * (about three quarters on the scale corpus), and it is a pure function of each file's rendered
 * text: so a file whose rendered text is unchanged takes its formatted text from the cache
 * (`DiskCache.getFormatted`, keyed by output path + rendered text) and only the other files are
 * checked and formatted. Templates, config and the spec all reach the output through the rendered
 * text, so nothing else needs to invalidate these entries (see `io/cache.ts`).
 * A test asserts that this gives the same files as `emitPackage`.
 */
import { emitPackage, formatInChunks, type EmitResult } from '../emit/index.js';
import type { EmitOptions } from '../emit/emitter.js';
import type { DiskCache } from '../io/cache.js';
import type { Spec } from '../model/spec.js';

export interface CachedEmitStats {
  files: number;
  formatHits: number;
}

/** Same contract and result as `emitPackage`; `cache` only saves work. */
export function emitPackageCached(spec: Spec, options: EmitOptions, cache: DiskCache, stats?: CachedEmitStats): EmitResult {
  return emitPackage(spec, options, (rendered) => {
    const keys = rendered.map((r) => cache.formattedKey(r.path, r.text));
    const formatted = keys.map((k) => cache.getFormatted(k));
    const missing = rendered.flatMap((r, i) => (formatted[i] === undefined ? [i] : []));
    // Only files that never passed the check are checked; they come in path order, so the first
    // error reported is the same one `emitPackage` reports.
    const fresh = formatInChunks(missing.map((i) => rendered[i]!));
    missing.forEach((i, n) => {
      formatted[i] = fresh[n]!;
      cache.setFormatted(keys[i]!, fresh[n]!);
    });
    if (stats) {
      stats.files = rendered.length;
      stats.formatHits = rendered.length - missing.length;
    }
    return formatted as string[];
  });
}
