/**
 * The spec of an incremental build as emitting reads it (`SpecSource`): summaries from the update,
 * entries built by this run from memory and the others from the previous `spec.json` (read one
 * by one, only when a view asks for them), and `spec.json` itself as a spliced file: the new frame
 * and entries, with every unchanged entry copied from the previous file by byte range.
 */
import { readSync, openSync, closeSync } from 'node:fs';
import { summaryKeyOf, type EmitSource } from '../emit/keys.js';
import type { EntryPlace } from '../io/build-state.js';
import type { Api, Spec } from '../model/spec.js';
import type { SpecSummary } from '../model/summary.js';
import { specRest, type SpecUpdate } from './incremental.js';
import { sha256Hex, specFrame } from './spec-text.js';

export interface UpdateSource extends EmitSource {
  /** Where each entry is in the new `spec.json` (bytes), for the next build's state. */
  places(): Map<string, { offset: number; length: number }>;
}

/**
 * `oldPlaces` and `oldSpecFile`: the previous build's entry places and its `spec.json`, which must
 * be as that build wrote it (the caller checked its stamp); undefined when there is none, in which
 * case every entry was built by this update.
 */
export function updateSource(update: SpecUpdate, oldPlaces: readonly EntryPlace[], oldSpecFile: string | undefined, docgenVersion: string): UpdateSource {
  const old = new Map(oldPlaces.map((p) => [p.key, p] as const));
  const built = new Map(update.entries.filter((e) => e.api).map((e) => [e.key, e] as const));
  const hashes = new Map(update.entries.map((e) => [e.key, e.hash] as const));
  const parsed = new Map<string, Api>();

  const oldText = (key: string): Buffer => {
    const place = old.get(key);
    if (!place || oldSpecFile === undefined) throw new Error(`internal error: the entry ${JSON.stringify(key)} was neither built nor in the previous spec.json`);
    return readRange(oldSpecFile, place.offset, place.length);
  };

  let frame: ReturnType<typeof specFrame> | undefined;
  const frameOf = (): ReturnType<typeof specFrame> => (frame ??= specFrame(specRest(update, docgenVersion)));
  let json: ReturnType<UpdateSource['json']> | undefined;
  let places: Map<string, { offset: number; length: number }> | undefined;

  const parts: Omit<SpecSummary, 'apis'> = {
    inputFiles: update.inputs.map((i) => i.file),
    statusCodes: update.globals.statusCodes,
    types: update.globals.types,
    groups: update.globals.groups,
    flows: update.globals.flows,
    diagnosticCounts: countBySeverity(update.diagnostics),
  };
  let summary: SpecSummary | undefined;
  let summaryKey: string | undefined;

  const source: UpdateSource = {
    // The API summaries of kept entries are read from the build state only when something plans the package.
    get summary() {
      return (summary ??= { ...parts, apis: update.summaries() });
    },
    summaryKey() {
      return (summaryKey ??= summaryKeyOf(parts, update.entries.map((e) => e.summary)));
    },
    entry(key) {
      const fresh = built.get(key)?.api;
      if (fresh) return fresh;
      let api = parsed.get(key);
      if (!api) {
        api = JSON.parse(oldText(key).toString('utf8')) as Api;
        parsed.set(key, api);
      }
      return api;
    },
    entryHash(key) {
      const h = hashes.get(key);
      if (h === undefined) throw new Error(`internal error: no spec entry ${JSON.stringify(key)}`);
      return h;
    },
    json() {
      if (json) return json;
      const f = frameOf();
      const pieces: Array<string | { offset: number; length: number }> = [];
      const keyParts: string[] = [];
      places = new Map();
      let at = Buffer.byteLength(f.head);
      if (update.entries.length === 0) {
        pieces.push(f.empty);
        keyParts.push(f.empty);
      } else {
        pieces.push(f.head);
        keyParts.push(f.head);
        update.entries.forEach((e, i) => {
          if (i > 0) {
            pieces.push(f.separator);
            at += Buffer.byteLength(f.separator);
          }
          const fresh = built.get(e.key)?.text;
          const length = fresh !== undefined ? Buffer.byteLength(fresh) : old.get(e.key)!.length;
          if (fresh !== undefined) pieces.push(fresh);
          else pieces.push({ offset: old.get(e.key)!.offset, length });
          places!.set(e.key, { offset: at, length });
          keyParts.push(e.hash);
          at += length;
        });
        pieces.push(f.tail);
        keyParts.push(f.tail);
      }
      const content = pieces.every((p) => typeof p === 'string') ? (pieces as string[]).join('') : { spliced: true as const, from: oldSpecFile!, pieces };
      json = { content, key: sha256Hex(keyParts.join('\u0000')) };
      return json;
    },
    full(): Spec {
      const r = specRest(update, docgenVersion);
      const apis = update.entries.map((e) => source.entry(e.key));
      return { schemaVersion: r.schemaVersion, generator: r.generator, inputs: r.inputs, apis, statusCodes: r.statusCodes, types: r.types, groups: r.groups, flows: r.flows, diagnostics: r.diagnostics };
    },
    places() {
      if (!places) source.json();
      return places!;
    },
  };
  return source;
}

function countBySeverity(diagnostics: SpecUpdate['diagnostics']): SpecSummary['diagnosticCounts'] {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** `length` bytes of `file` from `offset`. */
export function readRange(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, buffer, done, length - done, offset + done);
      if (n === 0) throw new Error(`internal error: ${file} ended before byte ${offset + length}`);
      done += n;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}
