/**
 * Resolving a C type from the C headers (`--headers`): typedef chains, handles, callback typedefs,
 * enumerations, and structures and unions with their layout on 64-bit Windows (MSVC rules:
 * natural alignment capped by `#pragma pack`, `DECLSPEC_ALIGN`, bit-fields sharing a unit of their
 * declared type), so that koffi can bind them field by field. Everything found here is resolved
 * `header`, with the header file and line.
 *
 * A header says what a type is made of, not what it means: where the catalogue of well-known
 * Windows types gives a name a meaning its definition cannot show (a status type, a BOOL, a handle),
 * that meaning is kept and the header's definition stays the source.
 */
import type { TypeInfo } from '../model/spec.js';
import type { HeaderLookup } from '../headers/lookup.js';
import type { HeaderField, HeaderRecord, HeaderRecordBody } from '../headers/model.js';
import { layOut, type LayoutBody, type LayoutMember } from './layout.js';
import { normalizeCType } from '../parse/c-tokens.js';
import { lookupCatalogueEntry } from './catalogue.js';

/** What the resolver knows of a type (see resolve.ts). */
export interface KnownType {
  info: TypeInfo;
  align?: number;
  refs: { type: string; source?: TypeInfo['source'] }[];
  inferredBecause?: string;
}

type ResolveKey = (key: string) => KnownType;

const MEANINGS = new Set<TypeInfo['category']>(['status', 'bool', 'handle']);

/** The type `key` as the headers define it, or undefined when no header does. */
export function resolveHeaderType(key: string, lookup: HeaderLookup, resolveKey: ResolveKey): KnownType | undefined {
  const tagged = /^(struct|union|enum) (\w+)$/.exec(key);
  if (tagged) return tagged[1] === 'enum' ? headerEnum(key, lookup) : headerRecordType(key, lookup, resolveKey);
  const callback = lookup.callback(key);
  if (callback) {
    return { info: { name: key, category: 'callback', resolution: 'header', size: 8, source: lookup.sourceRef(callback.source) }, align: 8, refs: [] };
  }
  const typedef = lookup.typedef(key);
  // A bare tag (`_SecHandle`, the name of a documented structure's page) is its structure or enumeration.
  if (!typedef) return lookup.record(`struct ${key}`) || lookup.record(`union ${key}`) ? headerRecordType(`struct ${key}`, lookup, resolveKey, key) : lookup.enumeration(`enum ${key}`) ? headerEnum(`enum ${key}`, lookup, key) : undefined;
  const source = lookup.sourceRef(typedef.source);
  if (typedef.handle) return { info: { name: key, category: 'handle', resolution: 'header', size: 8, source, note: 'A handle (DECLARE_HANDLE).' }, align: 8, refs: [] };
  const record = lookup.record(typedef.type);
  // `typedef struct _X {…} X`: X is the structure itself, laid out under its own name; the same for an enumeration.
  if (record && record.names.includes(key) && !typedef.dims) return layoutRecord(key, record, lookup, resolveKey);
  const enumeration = /^enum \w+$/.test(typedef.type) ? lookup.enumeration(typedef.type) : undefined;
  if (enumeration?.names.includes(key)) return headerEnum(typedef.type, lookup, key);
  const target = normalizeCType(preferTypedefName(typedef.type, lookup) + (typedef.dims ? typedef.dims.map((d, i) => `[${typedef.sizes?.[i] ?? d}]`).join('') : ''));
  if (target === key) return undefined;
  const resolved = resolveKey(target);
  const { source: _s, name: _n, resolution: _r, alias: _a, fields: _f, ...facts } = resolved.info;
  const info: TypeInfo = { ...facts, name: key, resolution: 'header', alias: target, source };
  const meaning = lookupCatalogueEntry(key);
  if (meaning && MEANINGS.has(meaning.category) && (meaning.size === undefined || meaning.size === info.size)) info.category = meaning.category;
  return { info, ...(resolved.align !== undefined ? { align: resolved.align } : {}), refs: [{ type: target, source }] };
}

/** `struct _SecHandle *` → `SecHandle *` when a typedef names the structure itself: keys stay readable. */
function preferTypedefName(type: string, lookup: HeaderLookup): string {
  const m = /^(?:const\s+)?(struct|union|enum) (\w+)(.*)$/.exec(type);
  if (!m) return type;
  const named = m[1] === 'enum' ? lookup.enumeration(`enum ${m[2]}`)?.names[0] : lookup.record(`${m[1]} ${m[2]}`)?.names[0];
  return named ? `${type.startsWith('const') ? 'const ' : ''}${named}${m[3]}` : type;
}

/** An enumeration (by `enum Tag`), named `name` in the spec. */
function headerEnum(key: string, lookup: HeaderLookup, name = key): KnownType | undefined {
  const found = lookup.enumeration(key);
  if (!found) return undefined;
  return { info: { name, category: 'enum', resolution: 'header', size: 4, signed: true, source: lookup.sourceRef(found.source) }, align: 4, refs: [] };
}

/** A structure or union (by `struct Tag`), named `name` in the spec. */
function headerRecordType(key: string, lookup: HeaderLookup, resolveKey: ResolveKey, name = key): KnownType | undefined {
  const record = lookup.record(key);
  if (!record) return undefined;
  // A tag with a typedef name for the structure itself is an alias of that name.
  const named = record.names[0];
  if (named && named !== name) {
    const target = resolveKey(named);
    const { source: _s, name: _n, alias: _a, fields: _f, ...facts } = target.info;
    return { info: { ...facts, name, resolution: 'header', alias: named, source: lookup.sourceRef(record.source) }, ...(target.align !== undefined ? { align: target.align } : {}), refs: [{ type: named }] };
  }
  return layoutRecord(name, record, lookup, resolveKey);
}

/**
 * A structure's size, alignment and fields on 64-bit Windows (`layout.ts`); its size only when a
 * member is a nested body: koffi binds plain fields, not overlapping ones.
 */
function layoutRecord(key: string, record: HeaderRecord, lookup: HeaderLookup, resolveKey: ResolveKey): KnownType {
  const source = lookup.sourceRef(record.source);
  const info: TypeInfo = { name: key, category: 'struct', resolution: 'header', source };
  if (record.incomplete) return { info: { ...info, note: 'Declared but never defined in the headers: only usable through a pointer.' }, refs: [] };
  const refs = fieldTypes(record.fields).map((type) => ({ type, source }));
  const layout = layOut(layoutBody(record), (type) => {
    const known = resolveKey(type);
    return { size: known.info.size, align: known.align };
  });
  if (!layout) return { info: { ...info, note: 'The size of a member is not known, so the layout is not either.' }, refs };
  info.size = layout.size;
  info.align = layout.align;
  if (record.pack !== undefined && record.pack < layout.natural) info.pack = record.pack;
  if (layout.fields) info.fields = layout.fields;
  else info.note = 'Has nested structures or unions, or a flexible array: bound through pointers only.';
  return { info, align: layout.align, refs };
}

function fieldType(f: HeaderField): string {
  if (f.signature) return 'void *'; // a function pointer: pointer-sized
  const dims = f.sizes ?? (f.dims?.every((d) => /^\d+$/.test(d)) ? f.dims.map(Number) : undefined);
  if (f.dims?.length && !dims) return `${f.type}[]`;
  return normalizeCType(dims ? `${f.type}${dims.map((d) => `[${d}]`).join('')}` : f.type);
}

function fieldTypes(fields: readonly HeaderField[]): string[] {
  return fields.flatMap((f) => (f.record ? fieldTypes(f.record.fields) : [fieldType(f)]));
}

/** A header's record body as the layout's members (arrays as array types, function pointers pointer-sized). */
function layoutBody(body: HeaderRecordBody): LayoutBody {
  return {
    kind: body.kind,
    members: body.fields.flatMap((f): LayoutMember[] => {
      if (f.record) return [{ ...(f.name !== undefined ? { name: f.name } : {}), nested: layoutBody(f.record) }];
      const type = fieldType(f);
      // A flexible array member ends the structure and adds no size.
      if (type.endsWith('[]')) return [];
      return [{ ...(f.name !== undefined ? { name: f.name } : {}), type, ...(f.bits !== undefined ? { bits: f.bits } : {}) }];
    }),
    ...(body.pack !== undefined ? { pack: body.pack } : {}),
    ...(body.alignValue !== undefined ? { alignValue: body.alignValue } : {}),
  };
}
