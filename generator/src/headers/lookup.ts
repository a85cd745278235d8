/**
 * Lookups the spec builder needs over a merged `HeaderIndex`: by name, typedef chains followed
 * with cycle detection, records and enumerations by typedef name or tag, status values, A/W
 * variants, and the closure of types a declaration uses.
 */
import type {
  HeaderCallback,
  HeaderConstant,
  HeaderEnum,
  HeaderField,
  HeaderFunction,
  HeaderIndex,
  HeaderNameVariants,
  HeaderRecord,
  HeaderSignature,
  HeaderTypedef,
  StatusSpace,
} from './model.js';
import type { SourceRef } from '../model/page.js';
import { QUALIFIER_WORDS, isBuiltinTypeWord, isTagKeyword } from './syntax.js';

export interface TypedefChain {
  /** The names followed, starting with the one asked for (`PSecHandle`, …). */
  chain: string[];
  /** The type the chain ends in: a built-in, `struct X`, a pointer, a function type, or a name no typedef defines. */
  type: string;
  /** True when the chain came back to a name it had passed (A → B → A). */
  cycle: boolean;
}

export interface HeaderLookup {
  index: HeaderIndex;
  function(name: string): HeaderFunction | undefined;
  callback(name: string): HeaderCallback | undefined;
  typedef(name: string): HeaderTypedef | undefined;
  /** Follows typedefs while the target is a single name (pointers and arrays stop the chain). */
  resolveTypedef(name: string): TypedefChain;
  /** A struct or union by tag, tagless key, or any typedef name that leads to it without a pointer. */
  record(name: string): HeaderRecord | undefined;
  enumeration(name: string): HeaderEnum | undefined;
  /** The enumeration a constant belongs to. */
  enumerationOf(constant: string): HeaderEnum | undefined;
  constant(name: string): HeaderConstant | undefined;
  /** A status value: its unsigned 32-bit value and the space its definition's form gives. */
  status(name: string): { value: number; space: StatusSpace; source: HeaderConstant['source'] } | undefined;
  /** A/W variants by neutral, ANSI or wide name. */
  nameVariants(name: string): HeaderNameVariants | undefined;
  /** A fact's source with the index of the headers folder its file is in (`SourceRef.headers`). */
  sourceRef(ref: { file: string; line: number }): SourceRef;
}

/** The words a type is written with that may name other types: `const PFOO *` → `PFOO`; `struct _X` → `struct _X`. */
export function typeNames(type: string): string[] {
  const words = type.replace(/[*&()[\],.]/g, ' ').split(/\s+/).filter(Boolean);
  const names: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (isTagKeyword(w)) {
      if (words[i + 1]) names.push(`${w} ${words[++i]}`); // a lone keyword is an inline body, read through its fields
      continue;
    }
    if (!QUALIFIER_WORDS.has(w) && !isBuiltinTypeWord(w) && /^[A-Za-z_]\w*$/.test(w)) names.push(w);
  }
  return names;
}

export function createHeaderLookup(index: HeaderIndex): HeaderLookup {
  const byName = <T extends { name: string }>(items: readonly T[]): Map<string, T> => new Map(items.map((i) => [i.name, i]));
  const functions = byName(index.functions);
  const callbacks = byName(index.callbacks);
  const typedefs = byName(index.typedefs);
  const constants = byName(index.constants);
  const records = new Map(index.records.map((r) => [r.key, r]));
  const enums = new Map(index.enums.map((e) => [e.key, e]));
  const enumOf = new Map<string, HeaderEnum>();
  for (const e of index.enums) for (const c of e.constants) if (!enumOf.has(c.name)) enumOf.set(c.name, e);
  const folders = new Map<string, number>();
  for (const f of index.files) if (!folders.has(f.file)) folders.set(f.file, f.root);
  const variants = new Map<string, HeaderNameVariants>();
  for (const v of index.nameVariants) for (const n of [v.neutral, v.ansi, v.wide]) if (!variants.has(n)) variants.set(n, v);

  const resolveTypedef = (name: string): TypedefChain => {
    const chain: string[] = [];
    let type = name;
    for (;;) {
      const words = type.split(/\s+/).filter((w) => w && !QUALIFIER_WORDS.has(w));
      const single = words.length === 1 ? words[0]! : undefined;
      const next = single ? typedefs.get(single) : undefined;
      if (!single || !next || next.dims) return { chain, type, cycle: false };
      if (chain.includes(single)) return { chain, type, cycle: true };
      chain.push(single);
      type = next.type;
    }
  };
  const tagged = (type: string, keywords: string[]): string | undefined => {
    const m = /^(struct|union|enum)\s+(\w+)$/.exec(type.replace(/\b(const|volatile)\s+/g, '').trim());
    return m && keywords.includes(m[1]!) ? m[2] : undefined;
  };

  return {
    index,
    function: (name) => functions.get(name),
    callback: (name) => callbacks.get(name),
    typedef: (name) => typedefs.get(name),
    resolveTypedef,
    record: (name) => {
      const direct = records.get(name) ?? records.get(tagged(name, ['struct', 'union']) ?? '');
      if (direct) return direct;
      const key = tagged(resolveTypedef(name).type, ['struct', 'union']);
      return key ? records.get(key) : undefined;
    },
    enumeration: (name) => {
      const direct = enums.get(name) ?? enums.get(tagged(name, ['enum']) ?? '');
      if (direct) return direct;
      const key = tagged(resolveTypedef(name).type, ['enum']);
      return key ? enums.get(key) : undefined;
    },
    enumerationOf: (constant) => enumOf.get(constant),
    constant: (name) => constants.get(name),
    status: (name) => {
      const c = constants.get(name);
      return c && c.u32 !== undefined ? { value: c.u32, space: c.space, source: c.source } : undefined;
    },
    nameVariants: (name) => variants.get(name),
    sourceRef: (ref) => ({ file: ref.file, line: ref.line, headers: folders.get(ref.file) ?? 0 }),
  };
}

export interface TypeClosure {
  typedefs: string[];
  records: string[];
  enums: string[];
  callbacks: string[];
  /** Names no header defines (Windows base types the headers take from the compiler, or typos). */
  unknown: string[];
}

/**
 * Every typedef, record, enumeration and callback a set of types needs, following typedef
 * targets, record fields and callback signatures — what the spec builder copies for an API.
 */
export function typeClosure(lookup: HeaderLookup, types: readonly string[]): TypeClosure {
  const seen = new Set<string>();
  const closure: TypeClosure = { typedefs: [], records: [], enums: [], callbacks: [], unknown: [] };
  const queue = types.flatMap(typeNames);
  const signature = (s: HeaderSignature): void => {
    queue.push(...typeNames(s.returnType));
    for (const p of s.parameters) queue.push(...(p.signature ? [] : typeNames(p.type)));
    for (const p of s.parameters) if (p.signature) signature(p.signature);
  };
  const fields = (list: readonly HeaderField[]): void => {
    for (const f of list) {
      if (f.signature) signature(f.signature);
      else queue.push(...typeNames(f.type));
      if (f.record) fields(f.record.fields);
    }
  };
  while (queue.length) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const tag = /^(struct|union|enum) (\w+)$/.exec(name);
    if (tag) {
      const found = tag[1] === 'enum' ? lookup.enumeration(name) : lookup.record(name);
      if (found && tag[1] === 'enum') closure.enums.push((found as HeaderEnum).key);
      else if (found) {
        closure.records.push((found as HeaderRecord).key);
        fields((found as HeaderRecord).fields);
      } else closure.unknown.push(name);
      continue;
    }
    const typedef = lookup.typedef(name);
    const callback = lookup.callback(name);
    if (typedef) {
      closure.typedefs.push(name);
      queue.push(...typeNames(typedef.type));
    } else if (callback) {
      closure.callbacks.push(name);
      signature(callback);
    } else if (lookup.record(name)) {
      const r = lookup.record(name)!;
      closure.records.push(r.key);
      fields(r.fields);
    } else if (lookup.enumeration(name)) closure.enums.push(lookup.enumeration(name)!.key);
    else closure.unknown.push(name);
  }
  for (const list of Object.values(closure)) list.sort();
  return { ...closure, records: [...new Set(closure.records)].sort(), enums: [...new Set(closure.enums)].sort() };
}
