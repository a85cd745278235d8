/**
 * Whole-index checks: typedefs that refer back to themselves, and structures that contain
 * themselves by value (which no C compiler accepts; through a pointer is fine).
 */
import { compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { HeaderField, HeaderRecord, HeaderTypedef } from './model.js';
import { QUALIFIER_WORDS, isBuiltinTypeWord, isTagKeyword } from './syntax.js';

/** The typedef name a type is written with (`PVOID`, `const FOO`), if it is one word plus qualifiers. */
function namedType(type: string): string | undefined {
  const words = type.split(/\s+/).filter((w) => w && !QUALIFIER_WORDS.has(w));
  return words.length === 1 && /^[A-Za-z_]\w*$/.test(words[0]!) && !isBuiltinTypeWord(words[0]!) ? words[0] : undefined;
}

/** The typedef name at the base of a type, pointers included (`PFOO *` → `PFOO`). */
function baseName(type: string): string | undefined {
  const words = type.replace(/[*&]/g, ' ').split(/\s+/).filter((w) => w && !QUALIFIER_WORDS.has(w));
  if (words.length !== 1 || isTagKeyword(words[0]!)) return undefined;
  return /^[A-Za-z_]\w*$/.test(words[0]!) && !isBuiltinTypeWord(words[0]!) ? words[0] : undefined;
}

export function checkTypedefCycles(typedefs: readonly HeaderTypedef[]): Diagnostic[] {
  const byName = new Map(typedefs.map((t) => [t.name, t]));
  const state = new Map<string, 'open' | 'done'>();
  const diagnostics: Diagnostic[] = [];
  for (const start of [...byName.keys()].sort(compareStrings)) {
    const path: string[] = [];
    let name: string | undefined = start;
    while (name && byName.has(name) && !state.has(name)) {
      state.set(name, 'open');
      path.push(name);
      name = baseName(byName.get(name)!.type);
    }
    if (name && state.get(name) === 'open') {
      const cycle = [...path.slice(path.indexOf(name)), name];
      const first = byName.get(cycle[0]!)!;
      diagnostics.push(diagnostic('DG8008', first.source.file, first.source.line, `The typedef \`${cycle[0]}\` refers back to itself: ${cycle.join(' → ')}.`));
    }
    for (const p of path) state.set(p, 'done');
  }
  return diagnostics;
}

/** The record a field holds by value (through typedefs, not through pointers), if any. */
function valueRecord(type: string, typedefs: ReadonlyMap<string, HeaderTypedef>, records: ReadonlyMap<string, HeaderRecord>): string | undefined {
  for (let depth = 0; depth < 16; depth++) {
    if (type.includes('*') || type.includes('(')) return undefined;
    const tagged = /^(?:(?:const|volatile)\s+)*(?:struct|union)\s+(\w+)$/.exec(type.trim());
    if (tagged) return records.has(tagged[1]!) ? tagged[1] : undefined;
    const name = namedType(type);
    const typedef = name ? typedefs.get(name) : undefined;
    if (!typedef) return undefined;
    type = typedef.type;
  }
  return undefined;
}

export function checkRecordContainment(records: readonly HeaderRecord[], typedefs: readonly HeaderTypedef[]): Diagnostic[] {
  const byKey = new Map(records.map((r) => [r.key, r]));
  const typedefMap = new Map(typedefs.map((t) => [t.name, t]));
  const edges = new Map<string, { to: string; field: string }[]>();
  const collect = (fields: readonly HeaderField[], out: { to: string; field: string }[]): void => {
    for (const f of fields) {
      if (f.record) collect(f.record.fields, out);
      if (f.signature || f.record) continue;
      const to = valueRecord(f.type, typedefMap, byKey);
      if (to) out.push({ to, field: f.name ?? '(anonymous)' });
    }
  };
  for (const r of records) {
    const out: { to: string; field: string }[] = [];
    collect(r.fields, out);
    edges.set(r.key, out);
  }
  const diagnostics: Diagnostic[] = [];
  const done = new Set<string>();
  for (const start of [...byKey.keys()].sort(compareStrings)) {
    const cycle = findCycle(start, edges, done);
    if (!cycle) continue;
    const record = byKey.get(cycle[0]!.from)!;
    const path = [...cycle.map((c) => c.from), cycle[0]!.from].join(' → ');
    diagnostics.push(diagnostic('DG8009', record.source.file, record.source.line, `\`${record.key}\` contains itself by value through field \`${cycle[0]!.field}\` (${path}).`));
  }
  return diagnostics;
}

/** A cycle through `start` not reported yet (depth-first; each record is explored once). */
function findCycle(start: string, edges: ReadonlyMap<string, { to: string; field: string }[]>, done: Set<string>): { from: string; field: string }[] | undefined {
  const stack: { from: string; field: string }[] = [];
  const onStack = new Set<string>();
  let found: { from: string; field: string }[] | undefined;
  const visit = (key: string): void => {
    if (found || done.has(key)) return;
    onStack.add(key);
    for (const edge of edges.get(key) ?? []) {
      stack.push({ from: key, field: edge.field });
      if (onStack.has(edge.to)) {
        found ??= stack.slice(stack.findIndex((s) => s.from === edge.to));
        return;
      }
      visit(edge.to);
      if (found) return;
      stack.pop();
    }
    onStack.delete(key);
    done.add(key);
  };
  visit(start);
  if (found) for (const s of found) done.add(s.from);
  return found;
}
