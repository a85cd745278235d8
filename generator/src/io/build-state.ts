/**
 * The build state: what the latest successful `docgen generate` of a docs folder into an output
 * folder knew, kept in the cache so that the next run redoes only what changed.
 *
 * One state per (docs folder, output folder) pair, in `<cache>/state/<id>/`: an index (`index.json`:
 * every docs file with its size, times, inode and content hash, every spec entry with its hashes
 * and its place in `spec.json`, every output file with its key, hash, size, times and inode) and
 * content-addressed blobs loaded only when needed (the spec globals and the diagnostics of computing
 * them, the pages' diagnostics, and the large maps: the page footprints, the outputs of the
 * globals' inner stages (each page's facts, each key's stage) and the API summaries, each in
 * shards: see `io/shards.ts`); a delta (`delta.json`) holds the rows that changed since the
 * index was written, and `contexts/` the stored contexts of output files (see `contexts`). A blob
 * is rewritten only when its content changes, and a shard is not even serialised unless its items
 * changed. The index holds rows of values rather than objects: it is read on every run and has a
 * row per docs file.
 *
 * The state describes files on disk, so nothing in it is trusted without checking them: a docs file
 * counts as unchanged only when its size, modification and change times and inode are as recorded
 * (and its last change is well before the state was written, so a write in the same clock tick
 * cannot hide), an output file only when the same holds for it. A missing, corrupt or foreign state
 * is no state: the run computes everything. Writes are atomic (temporary file and rename); failing
 * to write is ignored, like every cache write.
 */
import { NON_PAGE_FORMAT } from '../readers/non-page-files.js';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics.js';
import { SHA256_HEX, sha256Hex } from '../hash.js';
import { asciiJsonBytes, decodeUtf8 } from '../ascii-json.js';
import type { ContextStore, FileRecord, StoredContext } from '../emit/keys.js';
import type { FormatMemo, PieceRow } from '../emit/format-pieces.js';
import type { ApiSummary, DiagnosticCounts } from '../build/summary.js';
import type { KeyContext, SpecGlobals } from '../build/spec.js';
import type { EntryRecord, PageRecord } from '../build/incremental.js';
import { specLayout } from '../build/spec-text.js';
import { DOCGEN_VERSION } from '../version.js';
import { shardOf, shardsOf, shardTableOrEmpty, type ShardedMap, type ShardTable } from './shards.js';

/** Bump when the layout of the index or a blob changes. */
const STATE_FORMAT = 6;

/** How a file looked on disk: enough to tell that it was not written since. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export function stampOf(info: Stats): FileStamp {
  return { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino };
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/**
 * A docs file whose last change is within this many milliseconds of the moment its stamp was
 * recorded is read again: a write in the same clock tick (file systems with coarse times) would
 * keep its stamp.
 */
export const RACY_MS = 2000;

/** A docs file as the state knows it (its diagnostics are in a blob), with its row in `spec.json` (bytes). */
export type DocRecord = Omit<PageRecord, 'diagnostics'> & { stamp: FileStamp; offset: number; length: number };

export interface SpecBlock {
  offset: number;
  length: number;
  id: string;
}

/** Where an entry's text is in `spec.json` (bytes). */
export interface EntryPlace extends EntryRecord {
  offset: number;
  length: number;
}

/** An output file as the previous run wrote it. */
export interface OutputRecord extends FileRecord {
  path: string;
  sha256: string;
  stamp: FileStamp;
}

/** The state, as read from and written to the index. */
export interface BuildState {
  docsDir: string;
  outDir: string;
  /** When the state was written (ms since the epoch), for the racy-stamp rule. */
  writtenAtMs: number;
  docs: DocRecord[];
  footprintsHash: string;
  entries: EntryPlace[];
  emit: { common: string; summaryKey: string; specKey: string; diagnostics: Diagnostic[] };
  /** The blocks of `spec.json` (bytes), with a hash of their text. */
  specBlocks: { globals: SpecBlock; diagnostics: SpecBlock };
  /** How many diagnostics of each severity the diagnostics block holds (undefined when not recorded as such). */
  diagnosticCounts: DiagnosticCounts | undefined;
  outputs: OutputRecord[];
  /** Content hashes of the blobs: the globals and the diagnostics of computing them, each page's diagnostics. */
  blobs: { globals: string; globalDiagnostics: string; diagnostics: string };
  /**
   * The sharded maps: each page's footprint and facts (by file), each key's stage (by key), each
   * entry's API summary (by key); an empty table when not stored.
   */
  shards: { footprints: ShardTable; pageFacts: ShardTable; keyStages: ShardTable; summaries: ShardTable };
}

/**
 * What `prepare` takes for each blob: its content, or the hash of a stored blob that did not change;
 * for each sharded map, its table when stored already, or the map to store.
 */
export interface BlobsToSave {
  globals: string | SpecGlobals;
  globalDiagnostics: string | Diagnostic[];
  diagnostics: string | Map<string, Diagnostic[]>;
  /** Stored early (`storeEarly`). */
  footprints: ShardTable;
  pageFacts: ShardTable;
  keyStages: ShardTable;
  summaries: ShardTable | ShardedMap<ApiSummary>;
}

type StampRow = [number, number, number, number];
type DocRow = [string, ...StampRow, string, string, string, number];
type EntryRow = [string, string, string, string, string, number];
/** An output: path, key, sha256, stamp, base, deps (entry indexes) and the inputs key ('' for a file without one). */
type OutputRow = [string, string, string, ...StampRow, string, number[], string];

/** What both index files hold besides the rows. */
type IndexHead = Omit<BuildState, 'docs' | 'entries' | 'outputs' | 'docsDir' | 'outDir'>;

/** `index.json`: the whole state. Offsets in `spec.json` are not stored: they follow from the lengths. */
interface IndexFile extends IndexHead {
  format: number;
  /** Names this index, for the delta written over it. */
  id: string;
  docsDir: string;
  outDir: string;
  docs: DocRow[];
  entries: EntryRow[];
  outputs: OutputRow[];
}

/**
 * `delta.json`: the rows that changed since `index.json` (named by its id), and everything else
 * anew. A run that changes a few pages writes a few rows instead of the whole index; the delta is
 * folded into a new index when the list of files or entries changes, or when it grows large.
 */
interface DeltaFile extends IndexHead {
  format: number;
  base: string;
  docs: Record<string, DocRow>;
  entries: Record<string, EntryRow>;
  outputs: OutputRow[];
}

/** What `BuildStateStore.prepare` laid out for `commit`: the state, its stored blobs and shards, its rows, and its delta over the loaded index. */
interface PreparedState {
  state: Omit<BuildState, 'blobs' | 'shards' | 'writtenAtMs' | 'outputs'>;
  names: BuildState['blobs'];
  shards: BuildState['shards'];
  docs: DocRow[];
  entries: EntryRow[];
  delta: Pick<DeltaFile, 'docs' | 'entries'> | undefined;
}

/** Changed rows beyond which a save writes a whole new index instead of a delta. */
const MAX_DELTA_ROWS = 2000;

const stampRow = (s: FileStamp): StampRow => [s.size, s.mtimeMs, s.ctimeMs, s.ino];
const stampFrom = (r: readonly number[], at: number): FileStamp => ({ size: r[at]!, mtimeMs: r[at + 1]!, ctimeMs: r[at + 2]!, ino: r[at + 3]! });

const BLOB = /^[0-9a-f]{64}\.json$/;

export class BuildStateStore {
  readonly dir: string;

  /** `cacheRoot`: the cache's salted folder; one store per docs and output folder. */
  constructor(
    cacheRoot: string,
    readonly docsDir: string,
    readonly outDir: string,
  ) {
    this.dir = path.join(cacheRoot, 'state', sha256Hex(`${path.resolve(docsDir)}\0${path.resolve(outDir)}`).slice(0, 24));
  }

  /**
   * File contexts (`emit/keys.ts`), one file each, named by the base they determine. Written when a
   * full emit computes them; those no output file of the saved state uses are deleted by `save`.
   */
  readonly contexts: ContextStore = {
    load: (base) => {
      try {
        const value = JSON.parse(readFileSync(path.join(this.dir, 'contexts', `${base}.json`), 'utf8')) as Partial<StoredContext>;
        return typeof value.template === 'string' && typeof value.header === 'string' && typeof value.assembler === 'string' && typeof value.context === 'object' && value.context !== null
          ? (value as StoredContext)
          : undefined;
      } catch {
        return undefined;
      }
    },
    store: (base, context) => this.writeNamed('contexts', base, context),
  };

  /**
   * How an output file was formatted (`emit/format-pieces.ts`): its pieces, stored in `pieces/` by the
   * sha256 of the file, and the file itself (`outputFile`), undefined unless it still has that
   * sha256. Pieces of files the saved state does not list are deleted by `commit`.
   */
  formatMemo(sha256: string, outputFile: string): FormatMemo | undefined {
    if (!SHA256_HEX.test(sha256)) return undefined;
    try {
      const pieces = JSON.parse(readFileSync(path.join(this.dir, 'pieces', `${sha256}.json`), 'utf8')) as unknown;
      if (!Array.isArray(pieces)) return undefined;
      const bytes = readFileSync(outputFile);
      return sha256Hex(bytes) === sha256 ? { text: bytes.toString('utf8'), pieces: pieces as PieceRow[] } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether a state is stored (it may still be unusable). */
  exists(): boolean {
    return existsSync(path.join(this.dir, 'index.json'));
  }

  /** The index this store loaded (its id and rows), which `save` writes its delta against. */
  private loaded: { id: string; docs: DocRow[]; entries: EntryRow[] } | undefined;

  /** The stored state, or undefined when there is none or it cannot be used. */
  load(): BuildState | undefined {
    try {
      const raw = JSON.parse(readFileSync(path.join(this.dir, 'index.json'), 'utf8')) as Partial<IndexFile>;
      if (raw.format !== STATE_FORMAT || raw.docsDir !== path.resolve(this.docsDir) || raw.outDir !== path.resolve(this.outDir) || typeof raw.id !== 'string') return undefined;
      if (!Array.isArray(raw.docs) || !Array.isArray(raw.entries) || !Array.isArray(raw.outputs) || !raw.emit || !raw.blobs || !raw.shards || !raw.specBlocks) return undefined;
      let head: IndexHead = raw as IndexFile;
      const docs = raw.docs;
      const entries = raw.entries;
      let outputs = raw.outputs;
      this.loaded = { id: raw.id, docs: [...docs], entries: [...entries] };
      const delta = this.readDelta(raw.id);
      if (delta) {
        head = delta;
        for (const [i, row] of Object.entries(delta.docs)) docs[Number(i)] = row;
        for (const [i, row] of Object.entries(delta.entries)) entries[Number(i)] = row;
        outputs = delta.outputs;
      }
      const keys = entries.map((e) => e[0]);
      // Files that are not pages have no row in spec.json (see `specInputs`).
      const rows = docs.filter((r) => r[6] !== NON_PAGE_FORMAT);
      let row = 0;
      const layout = specLayout({
        docgenVersion: DOCGEN_VERSION,
        inputs: rows.map((r) => ({ offset: 0, length: r[8] })),
        entries: entries.map((r) => ({ offset: 0, length: r[5] })),
        globals: head.specBlocks.globals,
        diagnostics: head.specBlocks.diagnostics,
      }, true).places;
      return {
        docsDir: raw.docsDir,
        outDir: raw.outDir,
        writtenAtMs: head.writtenAtMs,
        footprintsHash: head.footprintsHash,
        emit: head.emit,
        blobs: head.blobs,
        shards: {
          footprints: shardTableOrEmpty(head.shards.footprints),
          pageFacts: shardTableOrEmpty(head.shards.pageFacts),
          keyStages: shardTableOrEmpty(head.shards.keyStages),
          summaries: shardTableOrEmpty(head.shards.summaries),
        },
        specBlocks: { globals: { ...head.specBlocks.globals, offset: layout.globals.offset }, diagnostics: { ...head.specBlocks.diagnostics, offset: layout.diagnostics.offset } },
        diagnosticCounts: countsOrUndefined(head.diagnosticCounts),
        docs: docs.map((r) => ({ file: r[0], stamp: stampFrom(r as unknown as number[], 1), sha256: r[5], format: r[6], footprint: r[7], offset: r[6] === NON_PAGE_FORMAT ? -1 : layout.inputs[row++]!.offset, length: r[8] })),
        entries: entries.map((r, i) => ({ key: r[0], hash: r[1], inputs: r[2], summary: r[3], shared: r[4], offset: layout.entries[i]!.offset, length: r[5] })),
        outputs: outputs.map((r) => ({ path: r[0], key: r[1], sha256: r[2], stamp: stampFrom(r as unknown as number[], 3), base: r[7], deps: r[8].map((i) => keys[i]!), ...(r[9] ? { inputs: r[9] } : {}) })),
      };
    } catch {
      return undefined;
    }
  }

  private readDelta(base: string): DeltaFile | undefined {
    try {
      const delta = JSON.parse(readFileSync(path.join(this.dir, 'delta.json'), 'utf8')) as Partial<DeltaFile>;
      return delta.format === STATE_FORMAT && delta.base === base && delta.docs && delta.entries && Array.isArray(delta.outputs) ? (delta as DeltaFile) : undefined;
    } catch {
      return undefined;
    }
  }

  loadGlobals(hash: string): SpecGlobals | undefined {
    const raw = this.readBlob(hash) as (Omit<SpecGlobals, 'contexts'> & { contexts: Array<[string, KeyContext]> }) | undefined;
    if (!raw || !Array.isArray(raw.keys) || !Array.isArray(raw.contexts)) return undefined;
    return { ...raw, contexts: new Map(raw.contexts) };
  }

  /** A map stored in shards (`storeEarly`, or `prepare` for the summaries), whole. */
  loadMap<V>(table: ShardTable): Map<string, V> | undefined {
    return this.loadShards<V>(table);
  }

  /**
   * One value of a map stored in shards, read with the other values of its shard (the shards read
   * are kept for the store's later calls); undefined when that shard is missing or damaged.
   */
  storedValue<V>(table: ShardTable, key: string): V | undefined {
    const row = table[shardOf(key)];
    if (!row) return undefined;
    let shard = this.shardsRead.get(row[1]);
    if (!shard) {
      shard = this.loadShards<unknown>([row]);
      this.shardsRead.set(row[1], shard);
    }
    return shard?.get(key) as V | undefined;
  }

  private readonly shardsRead = new Map<string, Map<string, unknown> | undefined>();

  /** Each page's own diagnostics, by file (pages without any are left out). */
  loadDiagnostics(hash: string): Map<string, Diagnostic[]> | undefined {
    const raw = this.readBlob(hash);
    return Array.isArray(raw) ? new Map(raw as Array<[string, Diagnostic[]]>) : undefined;
  }

  /** The diagnostics of computing the globals. */
  loadGlobalDiagnostics(hash: string): Diagnostic[] | undefined {
    const raw = this.readBlob(hash);
    return Array.isArray(raw) ? (raw as Diagnostic[]) : undefined;
  }

  /**
   * Writes a new state in two steps. `prepare` stores the blobs that are not stored yet and lays out
   * the rows of the docs files and entries: it runs while the output folder is still being written.
   * `commit` then writes the index with the output files as written, and deletes the blobs and
   * contexts the index no longer names. Best effort: a failure leaves no state or the previous one.
   */
  prepare(state: Omit<BuildState, 'blobs' | 'shards' | 'writtenAtMs' | 'outputs'>, blobs: BlobsToSave): { commit(outputs: readonly OutputRecord[], pieces: ReadonlyMap<string, readonly PieceRow[]>): void } {
    try {
      mkdirSync(this.dir, { recursive: true });
      const names = {
        globals: typeof blobs.globals === 'string' ? blobs.globals : this.writeBlob({ ...blobs.globals, contexts: [...blobs.globals.contexts] }),
        globalDiagnostics: typeof blobs.globalDiagnostics === 'string' ? blobs.globalDiagnostics : this.writeBlob(blobs.globalDiagnostics),
        diagnostics: typeof blobs.diagnostics === 'string' ? blobs.diagnostics : this.writeBlob([...blobs.diagnostics]),
      };
      const shards = {
        footprints: blobs.footprints,
        pageFacts: blobs.pageFacts,
        keyStages: blobs.keyStages,
        summaries: Array.isArray(blobs.summaries) ? blobs.summaries : this.storeShards(blobs.summaries),
      };
      const entryIndex = new Map(state.entries.map((e, i) => [e.key, i] as const));
      const docs = state.docs.map((d): DocRow => [d.file, ...stampRow(d.stamp), d.sha256, d.format, d.footprint, d.length]);
      const entries = state.entries.map((e): EntryRow => [e.key, e.hash, e.inputs, e.summary, e.shared, e.length]);
      const prepared: PreparedState = { state, names, shards, docs, entries, delta: this.loaded && deltaOf(this.loaded, docs, entries) };
      return {
        commit: (outputs, pieces) => {
          this.storePieces(outputs, pieces);
          this.commit(prepared, outputs.map((o): OutputRow => [o.path, o.key, o.sha256, ...stampRow(o.stamp), o.base, o.deps.map((d) => entryIndex.get(d)!), o.inputs ?? '']));
        },
      };
    } catch {
      // The state only saves work; the next run computes everything.
      return { commit: () => undefined };
    }
  }

  /** The second step of `prepare`: the index (or a delta over it) with `outputs`, then the clean-up. */
  private commit({ state, names, shards, docs, entries, delta }: PreparedState, outputs: OutputRow[]): void {
    try {
      const head: IndexHead = {
        writtenAtMs: Date.now(),
        footprintsHash: state.footprintsHash,
        emit: state.emit,
        specBlocks: state.specBlocks,
        diagnosticCounts: state.diagnosticCounts,
        blobs: names,
        shards,
      };
      if (delta && Object.keys(delta.docs).length + Object.keys(delta.entries).length <= MAX_DELTA_ROWS) {
        const file: DeltaFile = { format: STATE_FORMAT, base: this.loaded!.id, ...head, ...delta, outputs };
        this.writeAtomic(path.join(this.dir, 'delta.json'), JSON.stringify(file));
      } else {
        const id = randomBytes(8).toString('hex');
        const index: IndexFile = { format: STATE_FORMAT, id, docsDir: path.resolve(state.docsDir), outDir: path.resolve(state.outDir), ...head, docs, entries, outputs };
        this.writeAtomic(path.join(this.dir, 'index.json'), JSON.stringify(index));
        unlinkSafe(path.join(this.dir, 'delta.json'));
        this.loaded = { id, docs, entries };
      }
      const named = [...Object.values(names), ...Object.values(shards).flatMap((table) => table.map(([, blob]) => blob))];
      const keep = new Set(named.map((h) => `${h}.json`));
      for (const name of readdirSync(this.dir)) {
        if (BLOB.test(name) && !keep.has(name)) unlinkSafe(path.join(this.dir, name));
      }
      const bases = new Set(outputs.filter((o) => o[8].length > 0).map((o) => `${o[7]}.json`));
      deleteOthers(path.join(this.dir, 'contexts'), bases);
      deleteOthers(path.join(this.dir, 'pieces'), new Set(outputs.map((o) => `${o[2]}.json`)));
    } catch {
      // The state only saves work; the next run computes everything.
    }
  }

  /** Stores the pieces of the output files formatted by this run (`pieces`, by path), by the sha256 of each file as written. */
  private storePieces(outputs: readonly OutputRecord[], pieces: ReadonlyMap<string, readonly PieceRow[]>): void {
    for (const output of outputs) {
      const rows = pieces.get(output.path);
      if (rows) this.writeNamed('pieces', output.sha256, rows);
    }
  }

  /** Writes `value` as `<folder>/<name>.json` unless that file exists (its name says what it holds); best effort. */
  private writeNamed(folder: string, name: string, value: unknown): void {
    try {
      const file = path.join(this.dir, folder, `${name}.json`);
      if (existsSync(file)) return;
      mkdirSync(path.dirname(file), { recursive: true });
      this.writeAtomic(file, JSON.stringify(value));
    } catch {
      // Only saves work.
    }
  }

  /** Blobs this store found missing or damaged: not reused, and written again when their content is. */
  private readonly damaged = new Set<string>();

  /** Whether a stored map can be recorded again as it is: this store found none of its shards missing or damaged. */
  reusable(table: ShardTable): boolean {
    return table.length > 0 && table.every(([, blob]) => !this.damaged.has(blob));
  }

  /**
   * Stores a map now and returns its table for `prepare` (undefined when it cannot be written): the
   * footprints and the stages are large, and the run need not keep them until it saves.
   */
  storeEarly<V>(map: ShardedMap<V>): ShardTable | undefined {
    try {
      mkdirSync(this.dir, { recursive: true });
      return this.storeShards(map);
    } catch {
      return undefined;
    }
  }

  /**
   * Stores a map in shards (`io/shards.ts`) and returns its table. A shard whose key the previous
   * table holds is not serialised: its blob is reused, unless this run found that blob missing or
   * damaged. The other shards are written as blobs.
   */
  private storeShards<V>(map: ShardedMap<V>): ShardTable {
    const reusable = new Map((map.previous ?? []).filter(([, blob]) => !this.damaged.has(blob)));
    return shardsOf(map.items).map(({ shardKey, items }): [string, string] => {
      // In ASCII: the maps are read whole on every run that recomputes the globals or plans (`ascii-json.ts`).
      const blob = reusable.get(shardKey) ?? this.writeBytes(asciiJsonBytes(items.map((i) => [i.key, map.valueOf(i.key)])));
      return [shardKey, blob];
    });
  }

  /**
   * A map stored by `storeShards` (or the part of it in some of its shards); undefined when a shard
   * is missing or damaged (the caller then computes the map again). Every shard is read even after
   * one fails, so that the store knows each damaged one and the next `storeShards` writes it again
   * instead of reusing it.
   */
  private loadShards<V>(table: ShardTable): Map<string, V> | undefined {
    if (table.length === 0) return undefined;
    const shards = table.map(([, blob]) => this.readBlob(blob));
    if (!shards.every((rows) => Array.isArray(rows))) return undefined;
    return new Map((shards as Array<Array<[string, V]>>).flat());
  }

  private readBlob(hash: string): unknown {
    try {
      // Hashed as bytes, decoded once: the footprints of a large doc set are tens of megabytes.
      const bytes = readFileSync(path.join(this.dir, `${hash}.json`));
      if (sha256Hex(bytes) === hash) return JSON.parse(decodeUtf8(bytes)) as unknown;
    } catch {
      // Missing, or not JSON.
    }
    this.damaged.add(hash);
    return undefined;
  }

  /** Writes a blob unless it is stored already (and not found damaged); returns its hash. */
  private writeBlob(value: unknown): string {
    return this.writeBytes(Buffer.from(JSON.stringify(value), 'utf8'));
  }

  /** Writes the blob `text` unless it is stored already (and not found damaged); returns its hash. */
  private writeBytes(text: Buffer): string {
    const hash = sha256Hex(text);
    const file = path.join(this.dir, `${hash}.json`);
    if (this.damaged.has(hash) || !existsSync(file)) {
      this.writeAtomic(file, text);
      this.damaged.delete(hash);
    }
    return hash;
  }

  private writeAtomic(file: string, text: string | Buffer): void {
    const tmp = `${file}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(tmp, text);
      renameSync(tmp, file);
    } catch (error) {
      unlinkSafe(tmp);
      throw error;
    }
  }
}

/**
 * The rows of `docs` and `entries` that differ from those of `base`, by position; undefined when the
 * list of files or entries itself changed (a delta could not say so).
 */
function deltaOf(base: { docs: DocRow[]; entries: EntryRow[] }, docs: DocRow[], entries: EntryRow[]): Pick<DeltaFile, 'docs' | 'entries'> | undefined {
  if (base.docs.length !== docs.length || base.entries.length !== entries.length) return undefined;
  const changed = <R extends unknown[]>(before: R[], after: R[]): Record<string, R> | undefined => {
    const out: Record<string, R> = {};
    for (let i = 0; i < after.length; i++) {
      const a = before[i]!;
      const b = after[i]!;
      if (a[0] !== b[0]) return undefined;
      // Rows hold strings and numbers, and one array of numbers (an output's deps, not in these rows).
      if (a.length !== b.length || a.some((v, k) => v !== b[k])) out[i] = b;
    }
    return out;
  };
  const d = changed(base.docs, docs);
  const e = changed(base.entries, entries);
  return d && e ? { docs: d, entries: e } : undefined;
}

/** `value` when it is a count of each severity, as the state records it. */
function countsOrUndefined(value: unknown): DiagnosticCounts | undefined {
  const counts = value as Partial<Record<string, unknown>> | undefined;
  return counts && (['error', 'warning', 'info'] as const).every((k) => Number.isSafeInteger(counts[k]) && (counts[k] as number) >= 0) ? (value as DiagnosticCounts) : undefined;
}

/** Deletes the blobs in `dir` whose names `keep` does not hold. */
function deleteOthers(dir: string, keep: ReadonlySet<string>): void {
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    if (BLOB.test(name) && !keep.has(name)) unlinkSafe(path.join(dir, name));
  }
}

function unlinkSafe(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}
