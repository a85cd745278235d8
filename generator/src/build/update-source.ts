/**
 * The spec of an incremental build as emitting reads it (`EmitSource`): summaries from the update,
 * entries built by this run from memory and the others from the previous `spec.json` (read one by
 * one, only when a view asks for them), and `spec.json` itself as a spliced file (`spec-text.ts`):
 * every input row, entry and block that did not change is copied from the previous file by range.
 */
import { noSpecEntry, sharedFactsKeyOf, summaryKeyOf, type EmitSource } from './spec-source.js';
import { readRange } from '../read-exactly.js';
import type { Api, Spec } from '../model/spec.js';
import type { SpecSummary } from './summary.js';
import { assembleSpec, type SpecUpdate } from './incremental.js';
import { stateHash } from '../hash.js';
import { diagnosticsText, globalsText, inputText, specLayout, type Piece, type Range } from './spec-text.js';

/** Where the parts of the previous `spec.json` are, and what they hold (for the next build's state too). */
export interface SpecPlaces {
  /** By input file: its row, with the format and hash it shows. */
  inputs: Map<string, Range & { format: string; sha256: string }>;
  /** By entry key. */
  entries: Map<string, Range>;
  /** The blocks, with a hash of their text. */
  globals: Range & { id: string };
  diagnostics: Range & { id: string };
}

/** Where the parts of the new `spec.json` are: the input rows and entries in the update's order. */
export interface NewSpecPlaces extends Pick<SpecPlaces, 'globals' | 'diagnostics'> {
  inputs: readonly Range[];
  entries: readonly Range[];
}

export interface UpdateSource extends EmitSource {
  /** Where each part is in the new `spec.json` (bytes), for the next build's state. */
  places(): NewSpecPlaces;
  /**
   * Drops the entries this update built and the text of `spec.json`, once the views that read
   * entries are rendered and `spec.json` is written: on a large doc set they are most of the memory
   * in use. Only the keys, hashes and places stay; `entry()` and `json().content` must not be used.
   */
  compact(): void;
  /**
   * Lets go of the text of `spec.json` once it is written elsewhere (a prepared file): its pieces
   * are emptied in place, so the content `json()` gave holds nothing any more and must not be
   * written. On a large doc set that text is the largest thing in memory.
   */
  releaseJsonText(): void;
}

/**
 * `previous`: the previous build's `spec.json` and the places of its parts; the file must be as
 * that build wrote it (the caller checked its stamp). Undefined when there is none, in which case
 * every entry was built by this update.
 */
export function updateSource(update: SpecUpdate, previous: { file: string; places: SpecPlaces } | undefined, docgenVersion: string): UpdateSource {
  const built = new Map(update.entries.filter((e) => e.api).map((e) => [e.key, e] as const));
  const rows = new Map(update.entries.map((e) => [e.key, e] as const));
  const row = (key: string): SpecUpdate['entries'][number] => rows.get(key) ?? noSpecEntry(key);
  const parsed = new Map<string, Api>();

  const parts = summaryParts(update);
  let summary: SpecSummary | undefined;
  let summaryKey: string | undefined;
  let sharedKey: string | undefined;
  let json: ReturnType<UpdateSource['json']> | undefined;
  let newPlaces: NewSpecPlaces | undefined;
  /** The pieces of `json().content`, which `releaseJsonText` empties. */
  let pieces: Piece[] | undefined;
  let compacted = false;
  /** Entries the emit will not read again (`release`). */
  const released = new Set<string>();

  const layOut = (): void => {
    ({ json, places: newPlaces, pieces } = specJsonLayout(update, previous, built, docgenVersion));
  };

  const source: UpdateSource = {
    // The API summaries of kept entries are read from the build state only when something plans the package.
    get summary() {
      return (summary ??= { ...parts, apis: update.summaries() });
    },
    summaryKey() {
      return (summaryKey ??= summaryKeyOf(parts, update.entries.map((e) => e.summary)));
    },
    sharedFactsKey() {
      return (sharedKey ??= sharedFactsKeyOf(parts, update.entries.map((e) => e.shared)));
    },
    entry(key) {
      if (compacted || released.has(key)) throw new Error(`internal error: the entry ${JSON.stringify(key)} was read after it was let go`);
      const own = built.get(key);
      if (own?.api) return own.api;
      let api = parsed.get(key);
      if (!api) {
        api = JSON.parse(own?.text ?? previousEntryText(previous, key)) as Api;
        parsed.set(key, api);
      }
      return api;
    },
    release(key) {
      released.add(key);
      const own = built.get(key);
      if (own) own.api = undefined;
      parsed.delete(key);
    },
    compact() {
      if (!json) layOut();
      compacted = true;
      for (const e of built.values()) {
        e.api = undefined;
        e.text = undefined;
      }
      parsed.clear();
      json = { content: { spliced: true, pieces: [] }, key: json!.key };
    },
    releaseJsonText() {
      if (!json) layOut();
      pieces!.length = 0;
      for (const e of built.values()) e.text = undefined;
    },
    entryHash: (key) => row(key).hash,
    summaryHash: (key) => row(key).summary,
    json() {
      if (!json) layOut();
      return json!;
    },
    full: (): Spec => assembleSpec(update, docgenVersion, (key) => source.entry(key)),
    places() {
      if (!newPlaces) layOut();
      return newPlaces!;
    },
  };
  return source;
}

/** The package-wide parts of the update's spec summary (all but the API summaries). */
function summaryParts(update: SpecUpdate): Omit<SpecSummary, 'apis'> {
  return {
    inputFiles: update.inputs.map((i) => i.file),
    statusCodes: update.globals.statusCodes,
    types: update.globals.types,
    groups: update.globals.groups,
    flows: update.globals.flows,
    diagnosticCounts: update.diagnosticCounts,
  };
}

/**
 * The new `spec.json` as pieces (the previous file's ranges where a part is unchanged, new text
 * elsewhere), its key, and where each part will be in it.
 */
function specJsonLayout(
  update: SpecUpdate,
  previous: { file: string; places: SpecPlaces } | undefined,
  built: ReadonlyMap<string, { text?: string }>,
  docgenVersion: string,
): { json: ReturnType<UpdateSource['json']>; places: NewSpecPlaces; pieces: Piece[] } {
  const old = previous?.places;
  // A block is taken from the previous file when this update kept what it shows.
  const globals = !update.stats.globalsComputed && old ? { piece: old.globals as Piece, id: old.globals.id } : fresh(globalsText(update.globals));
  const diagnostics = !update.diagnosticsChanged && old ? { piece: old.diagnostics as Piece, id: old.diagnostics.id } : fresh(diagnosticsText(update.diagnostics()));
  const inputs = update.inputs.map((input): Piece => {
    const row = old?.inputs.get(input.file);
    return row && row.sha256 === input.sha256 && row.format === input.format ? row : inputText(input);
  });
  const entries = update.entries.map((e): Piece => built.get(e.key)?.text ?? old!.entries.get(e.key)!);
  const layout = specLayout({ docgenVersion, inputs, entries, globals: globals.piece, diagnostics: diagnostics.piece });
  // The key follows everything the text is made of, without hashing the text.
  const key = stateHash(
    [docgenVersion, ...update.inputs.map((i) => `${i.file}\t${i.format}\t${i.sha256}`), ...update.entries.map((e) => e.hash), globals.id, diagnostics.id].join('\n'),
  );
  return {
    pieces: layout.pieces,
    json: { content: { spliced: true as const, from: previous?.file, pieces: layout.pieces }, key },
    places: {
      inputs: layout.places.inputs,
      entries: layout.places.entries,
      globals: { ...layout.places.globals, id: globals.id },
      diagnostics: { ...layout.places.diagnostics, id: diagnostics.id },
    },
  };
}

function fresh(text: string): { piece: Piece; id: string } {
  return { piece: text, id: stateHash(text) };
}

/** The text of the entry `key` in the previous `spec.json`. */
function previousEntryText(previous: { file: string; places: SpecPlaces } | undefined, key: string): string {
  const place = previous?.places.entries.get(key);
  if (!place) throw new Error(`internal error: the entry ${JSON.stringify(key)} was neither built nor in the previous spec.json`);
  return readRange(previous!.file, place.offset, place.length).toString('utf8');
}
