/**
 * The spec as the emitters read it (`EmitSource`), whoever builds it: `emit/index.ts` from a spec in
 * memory, `update-source.ts` from an incremental build. Kept in the build layer, which the emitters
 * depend on and never the other way round.
 */
import { sha256Hex } from '../hash.js';
import type { Spec } from '../model/spec.js';
import type { SplicedFile } from './spec-text.js';
import { withoutSources, type EntryResolver, type SpecSummary } from './summary.js';

/**
 * The spec as emitting reads it: the summary for every package-wide decision, the full entries
 * (and a hash of each) for the views that list them as dependencies, and the spec's own JSON
 * text for `spec.json`. `emitSource` makes one from a spec in memory; an incremental run makes one
 * from stored summaries and the entries of changed APIs.
 */
export interface EmitSource {
  summary: SpecSummary;
  /** A key of the summary: changes exactly when the summary does (see `summaryKeyOf`). */
  summaryKey(): string;
  entry: EntryResolver;
  /** sha256 of an entry's JSON text. */
  entryHash(key: string): string;
  /** The hash of an API's summary (`summaryHash`). */
  summaryHash(key: string): string;
  /** A key of what the files of one header may read of the others' APIs (see `sharedFactsKeyOf`). */
  sharedFactsKey(): string;
  /**
   * Says that the emit will not read the entry `key` again, so a source that holds it in memory
   * may let it go (optional); reading it afterwards is an internal error.
   */
  release?(key: string): void;
  /**
   * `spec.json`: the spec as JSON with 2-space indentation and a final newline (whole, or spliced
   * from the previous file), and a key that changes exactly when the text does.
   */
  json(): { content: string | SplicedFile; key: string };
  /** The whole spec, for a user's `spec.json` template (anything but the plain `{{json spec}}`). */
  full(): Spec;
}

/**
 * The key of a spec summary: its package-wide parts and the hash of each API summary (the build
 * state records those, so an incremental run gets the key without reading the summaries).
 */
export function summaryKeyOf(summary: Omit<SpecSummary, 'apis'>, apiSummaryHashes: readonly string[]): string {
  const { inputFiles, statusCodes, types, groups, flows, diagnosticCounts } = summary;
  return sha256Hex(`${JSON.stringify([inputFiles, statusCodes, types, groups, flows, diagnosticCounts])}\0${apiSummaryHashes.join('\0')}`);
}

/**
 * The key of what every generated file may read of the summary (`PlannedFile.scope`): its status
 * codes, types, groups and flows without their sources, and what `sharedFactsText` keeps of each
 * API (by `sharedHash`, which the build state records). The input files and the diagnostic counts
 * are the README's.
 */
export function sharedFactsKeyOf(summary: Omit<SpecSummary, 'apis'>, apiSharedHashes: readonly string[]): string {
  const { statusCodes, types, groups, flows } = summary;
  return sha256Hex(`${JSON.stringify([statusCodes, types, groups, flows], withoutSources)}\0${apiSharedHashes.join('\0')}`);
}

/** The error of asking a spec source for a key it has no entry for: a docgen bug, never bad input. */
export function noSpecEntry(key: string): never {
  throw new Error(`internal error: no spec entry ${JSON.stringify(key)}`);
}
