/**
 * The large maps of the build state (the page footprints, the API summaries) are stored in shards,
 * so that a run that changes a few items writes a few small blobs instead of the whole map again.
 *
 * Every item has a key and a hash of its value that the build knows without serialising the value
 * (a page's footprint hash, an entry's summary hash). An item's shard follows from its key alone,
 * and a shard is named by its *shard key*: the hash of its items' keys and value hashes, in key
 * order. So whether a shard changed is known from hashes alone: a shard whose key the previous
 * state holds is not serialised again, its blob is reused (`BuildStateStore`). This module is the
 * pure part: which items go together, and what names them.
 */
import { stateHash } from '../hash.js';
import { compareStrings } from '../diagnostics.js';
import { SHA256_HEX } from '../hash.js';

/**
 * How many shards a map is split into. Fixed rather than by size, so that an item's shard depends
 * on its key alone (adding a page moves no other item). 64: at 24,000 pages the footprints (38 MB)
 * make shards of about 600 KB, so a one-page edit writes about 1/64 of the map, while a load reads
 * 64 files instead of one (a small cost beside parsing them) and the table the index records on
 * every run stays at 64 rows.
 */
export const SHARD_COUNT = 64;

/** A sharded map as the index records it: for each shard in turn, its shard key and the hash of the blob holding its items. */
export type ShardTable = Array<[shardKey: string, blob: string]>;

/** An item of a sharded map: its key and the hash of its value. */
export interface ShardItem {
  key: string;
  hash: string;
}

/** A map to store in shards: its items, the value of each (asked for only when its shard changed), and the table the previous state recorded for it. */
export interface ShardedMap<V> {
  items: readonly ShardItem[];
  valueOf(key: string): V;
  previous: ShardTable | undefined;
}

/** The shard of a key: FNV-1a (32 bits) of its UTF-16 code units, the same on every run and machine. */
export function shardOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % SHARD_COUNT;
}

/** The items of each shard (all `SHARD_COUNT`, some maybe empty), in key order, with the shard's key. */
export function shardsOf(items: readonly ShardItem[]): Array<{ shardKey: string; items: ShardItem[] }> {
  const shards = Array.from({ length: SHARD_COUNT }, (): ShardItem[] => []);
  for (const item of items) shards[shardOf(item.key)]!.push(item);
  return shards.map((shard) => {
    shard.sort((a, b) => compareStrings(a.key, b.key));
    return { shardKey: stateHash(JSON.stringify(shard.map((i) => [i.key, i.hash]))), items: shard };
  });
}

/** `value` when it is a table of `SHARD_COUNT` shards, each a shard key and a blob hash; else an empty table (a map that is not stored). */
export function shardTableOrEmpty(value: unknown): ShardTable {
  const wellFormed =
    Array.isArray(value) &&
    value.length === SHARD_COUNT &&
    value.every((row) => Array.isArray(row) && row.length === 2 && typeof row[0] === 'string' && typeof row[1] === 'string' && SHA256_HEX.test(row[1]));
  return wellFormed ? (value as ShardTable) : [];
}
