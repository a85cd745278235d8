/**
 * Resolves the C types the APIs use into `TypeInfo` facts, saying how each was resolved:
 *
 * - `header`: defined in the C headers given with `--headers` (see header-types.ts); a header is
 *   the authority for types, so it wins over a page, and a page that defines the type differently
 *   is reported (DG3007);
 * - `prototype`: defined in a syntax block of the page that documents that type;
 * - `other-page`: defined in a syntax block of some other page (a typedef in a sample);
 * - `catalogue`: from the built-in catalogue of well-known Windows types;
 * - `inferred`: from a naming convention (`P`/`LP` prefix over a known type, `*_HANDLE`,
 *   `PFN_`/`EVT_` callbacks), reported as DG5002 info;
 * - `unknown`: none of the above, reported as DG5001 with the file:line of its first use.
 *
 * Pure: the same uses and definitions give the same output in any input order. The types
 * a resolved type refers to (pointees, aliases, struct fields) are resolved too, so every
 * `pointee`/`alias` key can be looked up in the result.
 */
import { compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { Direction, SourceRef } from '../model/page.js';
import type { TypeInfo } from '../model/spec.js';
import type { CTypeDefinition } from '../parse/c-declaration.js';
import { normalizeCType } from '../parse/c-tokens.js';
import { lookupCatalogueType, type CatalogueField } from './catalogue.js';
import { resolveHeaderType, type KnownType } from './header-types.js';
import { layOut, type LayoutMember, type SizeOf } from './layout.js';
import type { HeaderLookup } from '../headers/lookup.js';

/** One use of a C type by an API (a parameter, a return type, a field), with where it is written. */
export interface TypeUse {
  type: string;
  source: SourceRef;
}

/** A definition read from a syntax block, with the API the page documents (to tell `prototype` from `other-page`). */
export interface LearnedDefinition {
  definition: CTypeDefinition;
  /** The name of the API the page documents (e.g. `SecHandle` for the SecHandle structure page). */
  documents?: string;
}

export interface ResolvedTypes {
  /** Sorted by name (code-unit order). */
  types: TypeInfo[];
  diagnostics: Diagnostic[];
}

/** The stable key of a C type spelling: `SspiAsyncContext*` and `SspiAsyncContext  *` give `SspiAsyncContext *`. */
export function typeKey(cType: string): string {
  return normalizeCType(cType);
}

/** What the resolver knows of a type: its facts, its alignment (for laying out structs that contain it) and the types it refers to. */
type Known = KnownType;

interface DocumentedName {
  definition: CTypeDefinition;
  type: string;
  resolution: 'prototype' | 'other-page';
}

const CHARACTER_TYPES = new Set(['char', 'CHAR', 'WCHAR', 'wchar_t', 'SEC_CHAR', 'SEC_WCHAR', 'TCHAR', 'OLECHAR']);

export function resolveTypes(uses: readonly TypeUse[], definitions: readonly LearnedDefinition[], headers?: HeaderLookup): ResolvedTypes {
  const documented = indexDefinitions(definitions);
  const conflicts: Diagnostic[] = [];
  const firstUse = new Map<string, SourceRef>();
  const pending: { type: string; source?: SourceRef }[] = [];
  for (const use of [...uses].sort((a, b) => compareSources(a.source, b.source) || compareStrings(a.type, b.type))) {
    const key = typeKey(use.type);
    if (!key) continue; // a declaration without a return type has nothing to resolve
    if (!firstUse.has(key)) firstUse.set(key, use.source);
    pending.push({ type: key, source: use.source });
  }
  const resolved = new Map<string, Known>();
  const resolving = new Set<string>();
  const resolveKey = (key: string): Known => {
    const done = resolved.get(key);
    if (done) return done;
    if (resolving.has(key)) return { info: { name: key, category: 'unknown', resolution: 'unknown' }, refs: [] }; // a cycle
    resolving.add(key);
    const known = resolveOne(key, documented, resolveKey, headers, conflicts);
    resolving.delete(key);
    resolved.set(key, known);
    return known;
  };
  // Resolve uses, then everything they refer to (also types first met while laying out a struct).
  const expanded = new Set<string>();
  const expand = (key: string, source: SourceRef | undefined): void => {
    if (expanded.has(key)) return;
    expanded.add(key);
    if (source && !firstUse.has(key)) firstUse.set(key, source);
    for (const ref of resolveKey(key).refs) {
      const refKey = typeKey(ref.type);
      if (refKey) pending.push({ type: refKey, source: ref.source ?? source });
    }
  };
  for (let i = 0; i < pending.length; i++) expand(pending[i]!.type, pending[i]!.source);
  for (let more = [...resolved.keys()].filter((k) => !expanded.has(k)); more.length; more = [...resolved.keys()].filter((k) => !expanded.has(k))) {
    for (const key of more.sort(compareStrings)) expand(key, undefined);
    for (let i = 0; i < pending.length; i++) expand(pending[i]!.type, pending[i]!.source);
  }
  const types: TypeInfo[] = [];
  const diagnostics: Diagnostic[] = [...conflicts];
  for (const key of [...resolved.keys()].sort(compareStrings)) {
    const known = resolved.get(key)!;
    const where = firstUse.get(key);
    const info = { ...known.info };
    if (!info.source && where && info.resolution !== 'catalogue') info.source = where;
    types.push(info);
    // A pointer, array or qualified form of an unknown type shares its base's diagnostic.
    const isDerivedSpelling = /[*\]]$|^(const|volatile) |\s(const|volatile)$/.test(key);
    if (info.resolution === 'unknown' && !isDerivedSpelling) {
      diagnostics.push(diagnostic('DG5001', where?.file ?? '', where?.line ?? 0, `The C type \`${key}\` is not defined on any page, header or in the catalogue; it is recorded as unknown.`, where?.headers));
    } else if (info.resolution === 'inferred' && known.inferredBecause) {
      diagnostics.push(diagnostic('DG5002', where?.file ?? '', where?.line ?? 0, `The C type \`${key}\` was inferred ${known.inferredBecause}.`, where?.headers));
    }
  }
  return { types, diagnostics };
}

function compareSources(a: SourceRef, b: SourceRef): number {
  return compareStrings(a.file, b.file) || a.line - b.line;
}

/** Indexes the names each definition introduces; a page about the type wins over a sample elsewhere, then the earliest source. */
function indexDefinitions(definitions: readonly LearnedDefinition[]): Map<string, DocumentedName> {
  const index = new Map<string, DocumentedName>();
  const ordered = [...definitions].sort((a, b) => compareSources(a.definition.source, b.definition.source));
  for (const { definition, documents } of ordered) {
    const ownNames = new Set([...definition.names.map((n) => n.name), ...(definition.tag ? [definition.tag] : [])]);
    const resolution = documents !== undefined && ownNames.has(documents) ? 'prototype' : 'other-page';
    const entries: [string, string][] = definition.names.map((n) => [n.name, n.type]);
    if (definition.tag && definition.kind !== 'callback' && definition.kind !== 'typedef') {
      const keyword = definition.kind === 'enum' ? 'enum' : definition.kind === 'union' ? 'union' : 'struct';
      entries.push([`${keyword} ${definition.tag}`, `${keyword} ${definition.tag}`]);
      // The bare tag too: the driver reference names a structure's page by its tag (`_GADGET_INFO`);
      // it stands for the typedef name of the structure itself (`GADGET_INFO`) when there is one.
      if (!definition.names.some((n) => n.name === definition.tag)) {
        const named = definition.names.find((n) => typeKey(n.type) === `${keyword} ${definition.tag}`)?.name;
        entries.push([definition.tag, named ?? `${keyword} ${definition.tag}`]);
      }
    }
    for (const [name, type] of entries) {
      const key = typeKey(name);
      const existing = index.get(key);
      if (existing && (existing.resolution === 'prototype' || resolution === 'other-page')) continue;
      index.set(key, { definition, type: typeKey(type), resolution });
    }
  }
  return index;
}

type ResolveKey = (key: string) => Known;

function resolveOne(key: string, documented: Map<string, DocumentedName>, resolveKey: ResolveKey, headers: HeaderLookup | undefined, conflicts: Diagnostic[]): Known {
  const fromHeader = headers && !/[*\]]$|^(const|volatile) |\s(const|volatile)$|\)\s*\(/.test(key) ? resolveHeaderType(key, headers, resolveKey) : undefined;
  if (fromHeader) {
    const page = documented.get(key);
    if (page) conflicts.push(...definitionConflicts(key, page, fromHeader, resolveKey));
    return fromHeader;
  }
  return (
    resolveSyntax(key, resolveKey) ??
    resolveDocumented(key, documented, resolveKey) ??
    resolveCatalogue(key, resolveKey) ??
    resolveInferred(key, documented, resolveKey) ?? { info: { name: key, category: 'unknown', resolution: 'unknown' }, refs: [] }
  );
}

/** Types spelled with C syntax: `X *`, `const X`, `X[16]`, `R (*)(…)`, `struct _X` (when no page defines it). */
function resolveSyntax(key: string, resolveKey: ResolveKey): Known | undefined {
  if (/\(\s*\*\s*\)\s*\(/.test(key) || /\)\s*\(/.test(key)) {
    return { info: { name: key, category: 'callback', resolution: 'prototype', size: 8, note: 'Function pointer written out in the declaration.' }, align: 8, refs: [] };
  }
  const array = /^(.*\S)\s*\[([^\]]*)\]$/.exec(key);
  if (array) {
    const element = typeKey(array[1]!);
    const inner = resolveKey(element);
    const count = Number(array[2]);
    const info: TypeInfo = { name: key, category: 'pointer', resolution: inner.info.resolution, pointee: element, note: `Array of ${array[2] || 'unspecified'} ${element}; decays to a pointer as a parameter.` };
    if (Number.isInteger(count) && inner.info.size !== undefined) info.size = count * inner.info.size;
    return { info, ...(inner.align !== undefined ? { align: inner.align } : {}), refs: [{ type: element }] };
  }
  if (key.endsWith('*')) {
    // The pointer itself is syntax; its resolution is that of what it points to.
    const pointeeSpelling = key.slice(0, -1).trim();
    const pointee = typeKey(pointeeSpelling.replace(/^const\s+/, '').replace(/\s+const$/, ''));
    const target = resolveKey(pointee);
    const isString = CHARACTER_TYPES.has(pointee) || (target.info.category === 'integer' && target.info.size !== undefined && target.info.size <= 2 && CHARACTER_TYPES.has(target.info.alias ?? ''));
    const info: TypeInfo = { name: key, category: isString ? 'string' : 'pointer', resolution: target.info.resolution, size: 8, pointee };
    if (pointeeSpelling.startsWith('const ')) info.note = 'Pointer to const.';
    return { info, align: 8, refs: [{ type: pointee }] };
  }
  const qualified = /^(?:const|volatile)\s+(.+)$/.exec(key) ?? /^(.+?)\s+(?:const|volatile)$/.exec(key);
  if (qualified) {
    const base = typeKey(qualified[1]!);
    const target = resolveKey(base);
    const { source: _source, ...facts } = target.info;
    return { info: { ...facts, name: key, alias: base }, ...(target.align !== undefined ? { align: target.align } : {}), refs: [{ type: base }] };
  }
  return undefined;
}

/** A page's definition of a type against the header's (DG3007): a struct's fields, or the type a typedef names. */
function definitionConflicts(key: string, page: DocumentedName, header: Known, resolveKey: ResolveKey): Diagnostic[] {
  const at = page.definition.source;
  const headerAt = header.info.source ? `${header.info.source.file}:${header.info.source.line}` : 'the headers';
  if (page.definition.kind === 'struct' || page.definition.kind === 'union') {
    const pageFields = page.definition.fields.map((f) => f.name).join(', ');
    const headerFields = header.info.fields?.map((f) => f.name).join(', ');
    if (headerFields !== undefined && pageFields !== headerFields) {
      return [diagnostic('DG3007', at.file, at.line, `The page defines ${key} with the fields ${pageFields || '(none)'} but the header ${headerAt} with ${headerFields || '(none)'}; the header's are used.`)];
    }
    return [];
  }
  if (page.definition.kind === 'typedef' && page.type !== key) {
    const pageTarget = resolveKey(page.type).info;
    if (pageTarget.size !== undefined && header.info.size !== undefined && pageTarget.size !== header.info.size) {
      return [diagnostic('DG3007', at.file, at.line, `The page defines ${key} as ${page.type} (${pageTarget.size} bytes) but the header ${headerAt} as ${header.info.alias ?? key} (${header.info.size} bytes); the header's is used.`)];
    }
  }
  return [];
}

function resolveDocumented(key: string, documented: Map<string, DocumentedName>, resolveKey: ResolveKey): Known | undefined {
  const found = documented.get(key);
  if (!found) return undefined;
  const { definition, type, resolution } = found;
  const base: Pick<TypeInfo, 'name' | 'resolution' | 'source'> = { name: key, resolution, source: definition.source };
  switch (definition.kind) {
    case 'callback':
      return { info: { ...base, category: 'callback', size: 8 }, align: 8, refs: [] };
    case 'enum':
      if (type !== key && type.endsWith('*')) break;
      return { info: { ...base, category: 'enum', size: 4, signed: true }, align: 4, refs: [] };
    case 'struct':
    case 'union':
      if (type !== key && type.endsWith('*')) break;
      if (type === key || /^(struct|union) /.test(type)) return layoutStruct(base, definition, resolveKey);
      break;
    case 'typedef':
      break;
  }
  // A typedef of another type (`typedef ULONG_PTR X`, `*PX` of a struct): facts come from the target.
  if (type === key) return { info: { ...base, category: 'unknown' }, refs: [] };
  const target = resolveKey(preferTypedefName(type, definition));
  const { source: _s, name: _n, resolution: _r, alias: _a, ...facts } = target.info;
  return { info: { ...facts, ...base, alias: preferTypedefName(type, definition) }, ...(target.align !== undefined ? { align: target.align } : {}), refs: [{ type: preferTypedefName(type, definition), source: definition.source }] };
}

/** `struct _SecHandle *` → `SecHandle *` when the same definition names the struct `SecHandle`: keys stay readable. */
function preferTypedefName(type: string, definition: CTypeDefinition): string {
  const tagged = /^(struct|union|enum) (\w+)(.*)$/.exec(type);
  if (!tagged) return type;
  const plain = definition.names.find((n) => n.type === `${tagged[1]} ${tagged[2]}`);
  return plain ? typeKey(`${plain.name}${tagged[3]}`) : type;
}

/** Size, alignment and fields of a struct/union a page defines (`layout.ts`). */
function layoutStruct(base: Pick<TypeInfo, 'name' | 'resolution' | 'source'>, definition: CTypeDefinition, resolveKey: ResolveKey): Known {
  const refs = collectFieldTypes(definition.fields).map((type) => ({ type, source: definition.source }));
  const layout = layOut({ kind: definition.kind === 'union' ? 'union' : 'struct', members: layoutMembers(definition.fields) }, sizeOf(resolveKey));
  const info: TypeInfo = { ...base, category: 'struct' };
  if (layout) {
    info.size = layout.size;
    info.align = layout.align;
    if (layout.fields) info.fields = layout.fields;
  }
  return { info, ...(layout ? { align: layout.align } : {}), refs };
}

function layoutMembers(fields: CTypeDefinition['fields']): LayoutMember[] {
  return fields.map((f) =>
    f.fields
      ? { ...(f.name ? { name: f.name } : {}), nested: { kind: f.type === 'union' ? 'union' : 'struct', members: layoutMembers(f.fields) } }
      : { ...(f.name ? { name: f.name } : {}), type: typeKey(f.type ?? ''), ...(f.bits !== undefined ? { bits: f.bits } : {}) },
  );
}

function collectFieldTypes(fields: CTypeDefinition['fields']): string[] {
  const types: string[] = [];
  for (const f of fields) {
    if (f.fields) types.push(...collectFieldTypes(f.fields));
    else if (f.type) types.push(f.type);
  }
  return types;
}

function sizeOf(resolveKey: ResolveKey): SizeOf {
  return (type) => {
    const known = resolveKey(typeKey(type));
    return { size: known.info.size, align: known.align };
  };
}

function resolveCatalogue(key: string, resolveKey: ResolveKey): Known | undefined {
  const hit = lookupCatalogueType(key);
  if (!hit || hit.derived) return undefined;
  const info: TypeInfo = { name: key, category: hit.category, resolution: 'catalogue' };
  if (hit.size !== undefined) info.size = hit.size;
  if (hit.signed !== undefined) info.signed = hit.signed;
  if (hit.pointee) info.pointee = typeKey(hit.pointee.replace(/^const\s+/, ''));
  if (hit.alias) info.alias = hit.alias;
  if (hit.note) info.note = hit.note;
  const refs = [
    ...(info.pointee ? [{ type: info.pointee }] : []),
    ...(hit.alias ? [{ type: hit.alias }] : []),
    ...(hit.fields ?? []).map((f: CatalogueField) => ({ type: f.type })),
  ];
  let align: number | undefined;
  if (hit.fields) {
    const layout = layOut({ kind: 'struct', members: hit.fields.map((f) => ({ name: f.name, type: typeKey(f.type) })) }, sizeOf(resolveKey));
    align = layout?.align;
    if (layout?.fields) info.fields = layout.fields;
    if (align !== undefined) info.align = align;
  } else if (hit.size !== undefined) align = Math.min(8, hit.size);
  return { info, ...(align !== undefined ? { align } : {}), refs };
}

const CALLBACK_NAME = /^(PFN_?|LPFN_?|FN_|EVT_|PEVT_)[A-Z0-9]|(_ROUTINE|_CALLBACK|_FN|_FUNCTION|_HANDLER)$/;
const HANDLE_NAME = /(^|_)HANDLE$|^H[A-Z0-9]{2,}(_[A-Z0-9]+)*$/;

/** Naming conventions, in order of reliability. */
function resolveInferred(key: string, documented: Map<string, DocumentedName>, resolveKey: ResolveKey): Known | undefined {
  // P/LP/PC/LPC + a type the docs or the catalogue know.
  for (const [prefix, isConst] of [['LPC', true], ['PC', true], ['LP', false], ['P', false]] as const) {
    if (!key.startsWith(prefix) || key.length <= prefix.length) continue;
    const baseName = key.slice(prefix.length);
    if (!/^[A-Za-z_]/.test(baseName)) continue;
    if (!documented.has(baseName) && !lookupCatalogueType(baseName)) continue;
    const base = resolveKey(baseName);
    if (base.info.resolution === 'unknown' || base.info.category === 'void') continue;
    const info: TypeInfo = { name: key, category: 'pointer', resolution: 'inferred', size: 8, pointee: baseName, note: `Pointer to ${isConst ? 'const ' : ''}${baseName}, by the ${prefix} naming convention.` };
    return { info, align: 8, refs: [{ type: baseName }], inferredBecause: `as a pointer to \`${baseName}\` from its \`${prefix}\` prefix` };
  }
  if (CALLBACK_NAME.test(key)) {
    return {
      info: { name: key, category: 'callback', resolution: 'inferred', size: 8, note: 'Callback, by its name; the signature is not known.' },
      align: 8,
      refs: [],
      inferredBecause: 'as a callback (function pointer) from its name',
    };
  }
  if (HANDLE_NAME.test(key)) {
    return {
      info: { name: key, category: 'handle', resolution: 'inferred', size: 8, note: 'Opaque handle, by its name.' },
      align: 8,
      refs: [],
      inferredBecause: 'as an opaque pointer-sized handle from its name',
    };
  }
  // `struct _X` with no page defining the tag: by convention the tag of typedef `X`.
  const tagged = /^(struct|union) _(\w+)$/.exec(key);
  if (tagged) {
    const target = resolveKey(tagged[2]!);
    if (target.info.resolution !== 'unknown') {
      const { source: _s, ...facts } = target.info;
      return { info: { ...facts, name: key, resolution: 'inferred', alias: tagged[2]! }, ...(target.align !== undefined ? { align: target.align } : {}), refs: [{ type: tagged[2]! }], inferredBecause: `as \`${tagged[2]}\` by the \`_Tag\` naming convention` };
    }
  }
  return undefined;
}

// =======================================================================================
// Mapping to koffi and TypeScript

/**
 * How status types cross FFI. The spec stores status values as unsigned 32-bit numbers
 * (`0x80090301`), so statuses are bound as `uint32`: a returned SEC_E_* code then compares
 * equal (`===`) to its enum member. ABI-wise `uint32` and `int32` are the same register.
 */
export const STATUS_KOFFI_TYPE = 'uint32';

export interface FfiMapping {
  /** The koffi type string for this type, e.g. `uint32`, `uintptr_t`, `SecBufferDesc *`, `const char16_t *`. */
  koffi: string;
  /** The koffi parameter type with its `_Out_`/`_Inout_` qualifier for output pointers (koffi copies values back). */
  koffiParam: string;
  /** The TypeScript type of a value of this type at the binding boundary. */
  ts: string;
  /** Struct or callback names the emitter must declare with koffi.struct/koffi.proto before use. */
  needs: { kind: 'struct' | 'callback'; name: string }[];
  /** False when the type is unknown and cannot be bound safely. */
  bindable: boolean;
}

const POINTER_SIZED = new Set(['INT_PTR', 'UINT_PTR', 'LONG_PTR', 'ULONG_PTR', 'DWORD_PTR', 'SIZE_T', 'SSIZE_T', 'size_t', 'WPARAM', 'LPARAM', 'LRESULT', 'KAFFINITY']);

/**
 * Maps a resolved type to koffi and TypeScript. Windows integer types map to fixed-width
 * koffi types (`LONG`/`ULONG` → `int32`/`uint32`, never koffi's platform-dependent `long`).
 * Pointer-sized integers map to `intptr_t`/`uintptr_t` (pointer width on both 32- and 64-bit
 * Windows, as `*_PTR` types are), typed `number | bigint` in TypeScript because koffi returns
 * a Number when the value fits in 2^53 and a BigInt otherwise, and accepts both.
 * Pointers are BigInt addresses in koffi 3 (`bigint | null`).
 */
export function ffiMapping(name: string, types: ReadonlyMap<string, TypeInfo>, direction?: Direction): FfiMapping {
  return mapType(typeKey(name), types, direction, 0);
}

/** Builds the lookup map `ffiMapping` takes from the resolver's list. */
export function typeTable(types: readonly TypeInfo[]): Map<string, TypeInfo> {
  return new Map(types.map((t) => [t.name, t]));
}

function simple(koffi: string, ts: string, bindable = true): FfiMapping {
  return { koffi, koffiParam: koffi, ts, needs: [], bindable };
}

function mapType(key: string, types: ReadonlyMap<string, TypeInfo>, direction: Direction | undefined, depth: number): FfiMapping {
  const info = types.get(key);
  if (!info || depth > 16) return simple('void *', 'unknown', false);
  switch (info.category) {
    case 'void':
      return simple('void', 'void');
    case 'status':
      return simple(STATUS_KOFFI_TYPE, 'number');
    case 'enum':
      return simple('int32', 'number'); // MSVC enums are int
    case 'bool':
      // BOOL is a 32-bit int and BOOLEAN a byte; koffi `bool` is a 1-byte C bool, so neither maps to it.
      return info.size === 1 ? simple('uint8', 'number') : simple('int32', 'number');
    case 'float':
      return simple(info.size === 4 ? 'float' : 'double', 'number');
    case 'integer':
      return mapInteger(key, info, types);
    case 'handle':
      return simple('void *', 'bigint | null');
    case 'string':
      return mapString(info, types, direction);
    case 'callback':
      if (info.resolution === 'inferred' || info.resolution === 'unknown') return simple('void *', 'bigint | null');
      return { koffi: `${key} *`, koffiParam: `${key} *`, ts: `${key} | bigint | null`, needs: [{ kind: 'callback', name: key }], bindable: true };
    case 'struct':
      if (info.size === undefined) return simple('void *', 'bigint | null', false); // opaque: only usable through a pointer
      return { koffi: key, koffiParam: key, ts: key, needs: [{ kind: 'struct', name: key }], bindable: true };
    case 'pointer':
      return mapPointer(info, types, direction, depth);
    default:
      return simple('void *', 'unknown', false);
  }
}

function isPointerSized(key: string, types: ReadonlyMap<string, TypeInfo>): boolean {
  for (let name: string | undefined = key, i = 0; name && i < 16; name = types.get(name)?.alias, i++) {
    if (POINTER_SIZED.has(name)) return true;
  }
  return false;
}

function mapInteger(key: string, info: TypeInfo, types: ReadonlyMap<string, TypeInfo>): FfiMapping {
  if (isPointerSized(key, types)) return simple(info.signed ? 'intptr_t' : 'uintptr_t', 'number | bigint');
  const bits = (info.size ?? 4) * 8;
  const koffi = `${info.signed === false ? 'uint' : 'int'}${bits}`;
  return simple(koffi, bits > 32 ? 'number | bigint' : 'number');
}

function mapString(info: TypeInfo, types: ReadonlyMap<string, TypeInfo>, direction: Direction | undefined): FfiMapping {
  const unit = types.get(info.pointee ?? '');
  const wide = (unit?.size ?? 1) === 2;
  const isConst = (info.note ?? '').includes('const') || /^(L?PC|const )/.test(info.name);
  if (!isConst && (direction === 'out' || direction === 'inout')) {
    // Output buffers: the caller passes a typed array the function fills.
    const koffi = wide ? 'uint16_t *' : 'uint8_t *';
    return { koffi, koffiParam: koffi, ts: wide ? 'Uint16Array | null' : 'Uint8Array | null', needs: [], bindable: true };
  }
  // koffi converts JS strings to UTF-16 (`char16_t *`) or UTF-8 (`char *`); ANSI APIs expect the active code page.
  const koffi = `${isConst ? 'const ' : ''}${wide ? 'char16_t' : 'char'} *`;
  return simple(koffi, 'string | null');
}

function mapPointer(info: TypeInfo, types: ReadonlyMap<string, TypeInfo>, direction: Direction | undefined, depth: number): FfiMapping {
  const pointee = info.pointee ? types.get(info.pointee) : undefined;
  const qualifier = direction === 'out' ? '_Out_ ' : direction === 'inout' ? '_Inout_ ' : '';
  if (!pointee || pointee.category === 'void' || pointee.category === 'unknown' || (pointee.category === 'struct' && pointee.size === undefined)) {
    return simple('void *', 'bigint | null');
  }
  const inner = mapType(pointee.name, types, undefined, depth + 1);
  if (!inner.bindable || inner.koffi === 'void') return simple('void *', 'bigint | null');
  const koffi = inner.koffi.endsWith('*') ? `${inner.koffi}*` : `${inner.koffi} *`;
  // A struct pointer takes a JS object (copied in, and back out with _Out_/_Inout_); a pointer to a scalar takes a one-element array.
  const element = inner.ts.includes('|') ? `(${inner.ts})` : inner.ts;
  const ts = pointee.category === 'struct' ? `${inner.ts} | null` : `${element}[] | null`;
  return { koffi, koffiParam: `${qualifier}${koffi}`, ts, needs: inner.needs, bindable: true };
}
