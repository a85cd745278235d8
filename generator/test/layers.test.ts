/**
 * The generator's top-level modules (each folder of generator/src, and each file directly in it)
 * form layers that only point down: no import, type-only or not, makes a cycle between two of
 * them. Data flows one way (read, parse, build, emit, write), and a module can be understood and
 * tested with only the modules below it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.js';

const SRC = path.join(ROOT, 'generator/src');
const IMPORT = /(?:import|export)\s[^'"]*?from\s*'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;

/** The top-level module of a file below generator/src: its folder, or the file's own name. */
function moduleOf(file: string): string {
  const [first, ...rest] = path.relative(SRC, file).split(path.sep);
  return rest.length > 0 ? first! : first!.replace(/\.ts$/, '');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Module → the modules it imports, with one importing file for each edge. */
function moduleGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(SRC)) {
    const from = moduleOf(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), (m[1] ?? m[2])!.replace(/\.js$/, '.ts'));
      const to = moduleOf(target);
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, path.relative(SRC, file));
    }
  }
  return graph;
}

/** A cycle of the graph as `a -> b -> a` with the file behind each edge, or undefined. */
function findCycle(graph: Map<string, Map<string, string>>): string | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (node: string): string | undefined => {
    state.set(node, 'open');
    trail.push(node);
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (state.get(next) === 'open') {
        const loop = [...trail.slice(trail.indexOf(next)), next];
        return loop.map((n, i) => (i < loop.length - 1 ? `${n} (${graph.get(n)!.get(loop[i + 1]!)})` : n)).join(' -> ');
      }
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    trail.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}

test('no import cycle between the top-level modules of generator/src', () => {
  const graph = moduleGraph();
  assert.ok(graph.size > 10, 'the graph was read');
  assert.equal(findCycle(graph), undefined);
});

test('the cycle check finds a cycle', () => {
  const graph = new Map([
    ['emit', new Map([['build', 'emit/index.ts']])],
    ['build', new Map([['model', 'build/spec.ts'], ['emit', 'build/source.ts']])],
  ]);
  assert.equal(findCycle(graph), 'build (build/source.ts) -> emit (emit/index.ts) -> build');
});
