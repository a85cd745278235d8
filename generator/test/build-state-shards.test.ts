/**
 * The sharded maps of the build state (`io/shards.ts`, `BuildStateStore`): a store serialises only
 * the shards whose items changed, a load gives the whole map back or nothing, and a shard found
 * missing or damaged is written again by the next store. (That warm runs with sharded maps write
 * what cold runs write is tested in incremental.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BuildStateStore } from '../src/io/build-state.js';
import { asciiJsonBytes, decodeUtf8 } from '../src/ascii-json.js';
import { sha256Hex } from '../src/hash.js';
import { SHARD_COUNT, shardOf, type ShardedMap, type ShardItem, type ShardTable } from '../src/io/shards.js';
import type { Footprint } from '../src/build/footprint.js';
import { tempDir } from './helpers.js';

/** 500 items, their values (stand-ins for footprints), and a map to store that records which values were asked for. */
function fixture(): {
  items: ShardItem[];
  values: Map<string, Footprint>;
  asked: string[];
  mapOf(items: readonly ShardItem[], previous: ShardTable | undefined): ShardedMap<Footprint>;
} {
  const items = Array.from({ length: 500 }, (_, i) => ({ key: `fx/page${i}.md`, hash: `h${i}` }));
  const values = new Map(items.map((i) => [i.key, { file: i.key, format: i.hash } as unknown as Footprint] as const));
  const asked: string[] = [];
  const mapOf = (list: readonly ShardItem[], previous: ShardTable | undefined): ShardedMap<Footprint> => ({
    items: list,
    valueOf: (key: string) => {
      asked.push(key);
      return values.get(key)!;
    },
    previous,
  });
  return { items, values, asked, mapOf };
}

/** The positions at which two tables differ. */
const changedShards = (a: ShardTable, b: ShardTable): number[] => a.flatMap((row, i) => (row[0] !== b[i]![0] || row[1] !== b[i]![1] ? [i] : []));

const keysOfShard = (items: readonly ShardItem[], shard: number): string[] => items.filter((i) => shardOf(i.key) === shard).map((i) => i.key).sort();

test('a store serialises only the shards whose items changed, whatever the order of the items, and loads the map back', () => {
  const { items, values, asked, mapOf } = fixture();
  const store = new BuildStateStore(tempDir('shards'), 'docs', 'out');
  const first = store.storeEarly(mapOf(items, undefined));
  assert.ok(first);
  assert.equal(first.length, SHARD_COUNT);
  assert.equal(asked.length, items.length, 'a first store serialises every item');
  assert.ok(new Set(first.map(([, blob]) => blob)).size > SHARD_COUNT / 2, 'the items are spread over the shards');

  // One item's value changed: only its shard is serialised, and only that row of the table changes.
  asked.length = 0;
  const edited = 'fx/page7.md';
  values.set(edited, { file: edited, format: 'h7 edited' } as unknown as Footprint);
  const after = items.map((i) => (i.key === edited ? { key: i.key, hash: 'h7 edited' } : i));
  const second = store.storeEarly(mapOf(after, first));
  assert.ok(second);
  assert.deepEqual(asked.sort(), keysOfShard(after, shardOf(edited)));
  assert.deepEqual(changedShards(first, second), [shardOf(edited)]);
  assert.deepEqual(store.loadMap<Footprint>(second), values);

  // The same items in another order: the same shards, nothing serialised.
  asked.length = 0;
  assert.deepEqual(store.storeEarly(mapOf([...after].reverse(), second)), second);
  assert.deepEqual(asked, []);
  assert.equal(store.loadMap<Footprint>([]), undefined, 'an empty table is no map');
});

test('a missing or damaged shard fails the whole load, and the next store writes it again instead of reusing it', () => {
  const { items, values, asked, mapOf } = fixture();
  const root = tempDir('shards-damaged');
  const writer = new BuildStateStore(root, 'docs', 'out');
  const table = writer.storeEarly(mapOf(items, undefined))!;
  const [missing, damaged] = [shardOf('fx/page1.md'), shardOf('fx/page2.md')];
  assert.notEqual(missing, damaged);
  const blobFile = (shard: number): string => path.join(writer.dir, `${table[shard]![1]}.json`);
  rmSync(blobFile(missing));
  // Valid JSON, a value changed: only its hash tells it from the shard stored.
  writeFileSync(blobFile(damaged), readFileSync(blobFile(damaged), 'utf8').replace('"format":"h2"', '"format":"h2 damaged"'));
  assert.match(readFileSync(blobFile(damaged), 'utf8'), /h2 damaged/);

  // The next run: the load fails, and its store serialises those two shards again, to the same blobs.
  const next = new BuildStateStore(root, 'docs', 'out');
  assert.equal(next.loadMap<Footprint>(table), undefined);
  asked.length = 0;
  assert.deepEqual(next.storeEarly(mapOf(items, table)), table);
  assert.deepEqual(asked.sort(), [...keysOfShard(items, missing), ...keysOfShard(items, damaged)].sort());
  assert.deepEqual(new BuildStateStore(root, 'docs', 'out').loadMap<Footprint>(table), values);
});

test('shards are stored as ASCII, non-ASCII text escaped, and load back as written; a shard in plain UTF-8 loads too', () => {
  const { items, values, mapOf } = fixture();
  // Text beyond ASCII of every width: Latin-1, the footprints' ellipsis, a character outside the BMP.
  const texts = ['caf\u00e9', 'more\u2026', 'emoji \u{1F600}', 'quote \u201cx\u201d'];
  texts.forEach((text, i) => values.set(items[i]!.key, { file: items[i]!.key, format: text } as unknown as Footprint));
  const root = tempDir('shards-ascii');
  const store = new BuildStateStore(root, 'docs', 'out');
  const table = store.storeEarly(mapOf(items, undefined))!;
  for (const [, blob] of table) {
    const bytes = readFileSync(path.join(store.dir, `${blob}.json`));
    assert.ok(bytes.every((b) => b < 0x80), `shard ${blob} is ASCII`);
  }
  assert.deepEqual(new BuildStateStore(root, 'docs', 'out').loadMap<Footprint>(table), values);

  // A shard an earlier docgen wrote, with its text as UTF-8.
  const utf8 = Buffer.from(JSON.stringify([[items[0]!.key, values.get(items[0]!.key)]]), 'utf8');
  assert.ok(utf8.some((b) => b >= 0x80));
  const blob = sha256Hex(utf8);
  writeFileSync(path.join(store.dir, `${blob}.json`), utf8);
  assert.deepEqual(new BuildStateStore(root, 'docs', 'out').loadMap<Footprint>([['0', blob]]), new Map([[items[0]!.key, values.get(items[0]!.key)]]));
});

test('decodeUtf8 decodes ASCII and UTF-8 alike; asciiJsonBytes keeps the value', () => {
  for (const value of [{ a: 'plain' }, { a: 'caf\u00e9 \u2026 \u{1F600}', b: ['\u0000\u007f'] }, 'lone \ud800 surrogate']) {
    const bytes = asciiJsonBytes(value);
    assert.ok(bytes.every((b) => b < 0x80));
    assert.deepEqual(JSON.parse(decodeUtf8(bytes)), value);
    assert.deepEqual(JSON.parse(decodeUtf8(Buffer.from(JSON.stringify(value), 'utf8'))), value);
  }
  assert.equal(decodeUtf8(new Uint8Array([0x68, 0xc3, 0xa9])), 'h\u00e9');
});
