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
import { SHARD_COUNT, shardOf, type ShardedMap, type ShardItem, type ShardTable } from '../src/io/shards.js';
import type { PageModel } from '../src/model/page.js';
import { tempDir } from './helpers.js';

/** 500 items, their values (stand-ins for footprints), and a map to store that records which values were asked for. */
function fixture(): {
  items: ShardItem[];
  values: Map<string, PageModel>;
  asked: string[];
  mapOf(items: readonly ShardItem[], previous: ShardTable | undefined): ShardedMap<PageModel>;
} {
  const items = Array.from({ length: 500 }, (_, i) => ({ key: `fx/page${i}.md`, hash: `h${i}` }));
  const values = new Map(items.map((i) => [i.key, { file: i.key, format: i.hash } as unknown as PageModel] as const));
  const asked: string[] = [];
  const mapOf = (list: readonly ShardItem[], previous: ShardTable | undefined): ShardedMap<PageModel> => ({
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
  const first = store.storeFootprints(mapOf(items, undefined));
  assert.ok(first);
  assert.equal(first.length, SHARD_COUNT);
  assert.equal(asked.length, items.length, 'a first store serialises every item');
  assert.ok(new Set(first.map(([, blob]) => blob)).size > SHARD_COUNT / 2, 'the items are spread over the shards');

  // One item's value changed: only its shard is serialised, and only that row of the table changes.
  asked.length = 0;
  const edited = 'fx/page7.md';
  values.set(edited, { file: edited, format: 'h7 edited' } as unknown as PageModel);
  const after = items.map((i) => (i.key === edited ? { key: i.key, hash: 'h7 edited' } : i));
  const second = store.storeFootprints(mapOf(after, first));
  assert.ok(second);
  assert.deepEqual(asked.sort(), keysOfShard(after, shardOf(edited)));
  assert.deepEqual(changedShards(first, second), [shardOf(edited)]);
  assert.deepEqual(store.loadFootprints(second), values);

  // The same items in another order: the same shards, nothing serialised.
  asked.length = 0;
  assert.deepEqual(store.storeFootprints(mapOf([...after].reverse(), second)), second);
  assert.deepEqual(asked, []);
  assert.equal(store.loadFootprints([]), undefined, 'an empty table is no map');
});

test('a missing or damaged shard fails the whole load, and the next store writes it again instead of reusing it', () => {
  const { items, values, asked, mapOf } = fixture();
  const root = tempDir('shards-damaged');
  const writer = new BuildStateStore(root, 'docs', 'out');
  const table = writer.storeFootprints(mapOf(items, undefined))!;
  const [missing, damaged] = [shardOf('fx/page1.md'), shardOf('fx/page2.md')];
  assert.notEqual(missing, damaged);
  const blobFile = (shard: number): string => path.join(writer.dir, `${table[shard]![1]}.json`);
  rmSync(blobFile(missing));
  // Valid JSON, a value changed: only its hash tells it from the shard stored.
  writeFileSync(blobFile(damaged), readFileSync(blobFile(damaged), 'utf8').replace('"format":"h2"', '"format":"h2 damaged"'));
  assert.match(readFileSync(blobFile(damaged), 'utf8'), /h2 damaged/);

  // The next run: the load fails, and its store serialises those two shards again, to the same blobs.
  const next = new BuildStateStore(root, 'docs', 'out');
  assert.equal(next.loadFootprints(table), undefined);
  asked.length = 0;
  assert.deepEqual(next.storeFootprints(mapOf(items, table)), table);
  assert.deepEqual(asked.sort(), [...keysOfShard(items, missing), ...keysOfShard(items, damaged)].sort());
  assert.deepEqual(new BuildStateStore(root, 'docs', 'out').loadFootprints(table), values);
});
