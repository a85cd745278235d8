/**
 * Named types of the generated bindings: which C types get a TypeScript declaration (and a koffi
 * type in the loaders), what each is called, which header module declares it, and how every
 * parameter and return type is written in TypeScript and in koffi.
 *
 * Declared kinds:
 *
 * - `struct`: a structure of known size whose fields are known (from a structure page of the docs,
 *   or the catalogue, e.g. `CtxtHandle`, `LUID`): a TS interface and a `koffi.struct`;
 * - `opaque`: a pointer to a structure of unknown layout (`SspiAsyncContext *`): a branded `bigint`
 *   type (`SspiAsyncContextPtr`), `void *` in koffi;
 * - `callback`: a callback type with a documented declaration (`SspiAsyncNotifyCallback`): a TS
 *   function type and a `koffi.proto`.
 *
 * Everything else maps through `ffiMapping` (ctypes/resolve.ts). A type is owned by the module of
 * the header of the page that documents it, otherwise by the first module (in module order) that
 * uses it; other modules import it from there. Identifiers are claimed by `planPackage` in the
 * package-wide export scope.
 *
 * Type text produced here is built from claimed identifiers and fixed keywords only, never from
 * doc text; `assertTypeText` enforces that before it reaches a template.
 */
import { compareStrings } from '../diagnostics.js';
import type { Direction } from '../model/page.js';
import type { TypeInfo } from '../model/spec.js';
import type { ApiSummary, SpecSummary } from '../build/summary.js';
import { ffiMapping, typeKey, typeTable } from '../ctypes/resolve.js';
import { IdentifierScope } from '../naming/names.js';

export type KoffiExpr =
  | { kind: 'prim'; type: string }
  | { kind: 'named'; key: string }
  | { kind: 'pointer'; of: KoffiExpr }
  | { kind: 'dir'; dir: 'out' | 'inout'; of: KoffiExpr };

export interface TypeRef {
  /** TypeScript type text (identifiers of planned types, keywords, `|`, `[]`, `()`). */
  ts: string;
  koffi: KoffiExpr;
  bindable: boolean;
  /** Keys of planned types this reference uses. */
  uses: string[];
  /** Why the reference is typed `unknown`, when it is. */
  unknownBecause?: string;
}

export interface PlannedField {
  id: string;
  name: string;
  cType: string;
  ref: TypeRef;
}

export interface PlannedType {
  /** The normalised C type key (`CtxtHandle`, `SspiAsyncContext *`). */
  key: string;
  kind: 'struct' | 'opaque' | 'callback' | 'enum';
  /** Exported TypeScript name. */
  id: string;
  /** Module (without `src/` and `.ts`) that declares it. */
  module: string;
  resolution: TypeInfo['resolution'];
  /** Struct fields in order. */
  fields: PlannedField[];
  /** Callback signature. */
  callback?: { api: ApiSummary; params: Array<{ id: string; name: string; ref: TypeRef }>; returns: TypeRef };
  /** The opaque struct name for `opaque`. */
  pointee?: string;
  /**
   * For `enum`: the documented constants with their values, when every one has an integer value
   * (a TypeScript enum); null when some value is not given (then a plain `number` type, never an
   * invented value).
   */
  members?: Array<{ id: string; name: string; value: number }> | null;
  /** For `enum`: the documented constant names (all of them, with or without a value). */
  memberNames?: string[];
  size?: number;
  note?: string;
}

export interface TypePlan {
  types: PlannedType[];
  byKey: Map<string, PlannedType>;
  /** The type reference of any C type key, with the declared types substituted. */
  ref(key: string, direction?: Direction): TypeRef;
}

const SAFE_TYPE_TEXT = /^[A-Za-z0-9_ |()[\]]*$/;

/** Type text reaches templates unescaped (it is not one identifier); it may only hold identifiers and type punctuation. */
export function assertTypeText(text: string): string {
  if (!SAFE_TYPE_TEXT.test(text)) throw new Error(`internal error: unsafe type text ${JSON.stringify(text)}`);
  return text;
}

const unknownRef = (because: string): TypeRef => ({ ts: 'unknown', koffi: { kind: 'prim', type: 'void *' }, bindable: false, uses: [], unknownBecause: because });

interface Candidate {
  key: string;
  kind: PlannedType['kind'];
  preferredName: string;
  members?: PlannedType['members'];
  memberNames?: string[];
}

/**
 * The struct a documented structure page stands for: its own key, or, for a page named by its tag
 * (`_WIDGET_INFO`, the driver reference's way), the typedef name the tag aliases (`WIDGET_INFO`).
 */
function declaredStruct(name: string, table: Map<string, TypeInfo>): string | undefined {
  let key = name;
  for (let i = 0; i < 8; i++) {
    const info = table.get(key);
    if (!info || info.category !== 'struct') return undefined;
    const target = info.alias ? table.get(info.alias) : undefined;
    if (target?.category !== 'struct') return info.fields ? key : undefined;
    key = target.name;
  }
  return undefined;
}

/** A documented enumeration as a declared type: an enum when every constant has an integer value. */
function enumCandidate(api: ApiSummary): Candidate | undefined {
  if (api.fields.length === 0) return undefined;
  const values = api.fields.map((f) => integerValue(f.value));
  const complete = values.every((v): v is number => v !== undefined);
  return {
    key: api.name,
    kind: 'enum',
    preferredName: api.name,
    members: complete ? api.fields.map((f, i) => ({ id: '', name: f.name, value: values[i]! })) : null,
    memberNames: api.fields.map((f) => f.name),
  };
}

/** A C integer literal (`16`, `0x20`, `-1`, `0x10UL`) as a number; undefined for anything else or beyond 32 bits. */
function integerValue(text: string | undefined): number | undefined {
  const m = /^\s*(-?)(0x[0-9a-f]+|\d+)[ul]*\s*$/i.exec(text ?? '');
  if (!m) return undefined;
  const n = Number(m[2]) * (m[1] ? -1 : 1);
  return Number.isSafeInteger(n) && n >= -0x80000000 && n <= 0xffffffff ? n : undefined;
}

/**
 * Plans the named types used by the given APIs (the interface APIs, by module) and by documented
 * structures. `claim` hands out exported identifiers (shared with the rest of the plan).
 */
export function planTypes(spec: SpecSummary, modules: ReadonlyArray<{ module: string; header: string | undefined; apis: readonly ApiSummary[] }>, claim: (name: string) => string): TypePlan {
  const table = typeTable(spec.types);
  const apisByName = new Map<string, ApiSummary>();
  for (const api of [...spec.apis].sort((a, b) => compareStrings(a.name, b.name))) if (!apisByName.has(api.name)) apisByName.set(api.name, api);
  const byKey = new Map<string, PlannedType>();
  const candidates = new Map<string, Candidate>();

  /** What a key is, without declaring anything. */
  const classify = (key: string): Candidate | undefined => {
    const info = table.get(key);
    if (!info) return undefined;
    if (info.category === 'struct' && info.size !== undefined && structFields(info, table) !== null) {
      return { key, kind: 'struct', preferredName: key };
    }
    if (info.category === 'pointer' && info.pointee) {
      const pointee = table.get(info.pointee);
      if (pointee?.category === 'struct' && pointee.size === undefined) return { key, kind: 'opaque', preferredName: `${pointee.name}Ptr` };
    }
    if (info.category === 'callback' && (info.resolution === 'prototype' || info.resolution === 'other-page' || info.resolution === 'header')) {
      const api = apisByName.get(key);
      if (api?.kind === 'callback' && api.declaration) return { key, kind: 'callback', preferredName: key };
    }
    return undefined;
  };

  const ref = (rawKey: string, direction?: Direction, depth = 0): TypeRef => {
    const key = typeKey(rawKey);
    if (key === '' || key === 'unknown') return unknownRef('the docs do not give this type');
    const info = table.get(key);
    if (!info || info.category === 'unknown' || info.resolution === 'unknown') return unknownRef(`the C type ${key} is not defined on any page, header or in the catalogue`);
    if (depth > 8) return unknownRef(`the C type ${key} is nested too deeply`);
    const planned = classify(key);
    if (planned) {
      candidates.set(key, planned);
      const name = `\u0000${key}\u0000`; // placeholder, replaced by the claimed identifier in `finish`
      if (planned.kind === 'struct') return { ts: name, koffi: { kind: 'named', key }, bindable: true, uses: [key] };
      if (planned.kind === 'opaque') return { ts: `${name} | null`, koffi: { kind: 'prim', type: 'void *' }, bindable: true, uses: [key] };
      return { ts: `${name} | bigint | null`, koffi: { kind: 'pointer', of: { kind: 'named', key } }, bindable: true, uses: [key] };
    }
    if (info.category === 'pointer' && info.pointee) {
      const pointee = table.get(info.pointee);
      const pointeePlan = pointee ? classify(pointee.name) : undefined;
      if (pointee && pointeePlan?.kind === 'struct') {
        const inner = ref(pointee.name, undefined, depth + 1);
        const pointer: KoffiExpr = { kind: 'pointer', of: inner.koffi };
        return {
          ts: `${inner.ts} | null`,
          koffi: direction === 'out' || direction === 'inout' ? { kind: 'dir', dir: direction, of: pointer } : pointer,
          bindable: inner.bindable,
          uses: inner.uses,
        };
      }
      if (pointee && (pointeePlan || pointee.category === 'pointer' || pointee.category === 'callback')) {
        return { ts: 'bigint | null', koffi: { kind: 'prim', type: 'void *' }, bindable: true, uses: [] }; // pointer to pointer: an address
      }
    }
    if (info.category === 'struct') {
      if (info.size === undefined) return unknownRef(`${key} is an opaque structure, only usable through a pointer`);
      return unknownRef(`the fields of ${key} are not documented`);
    }
    const m = ffiMapping(key, table, direction);
    if (!m.bindable) return unknownRef(`the C type ${key} cannot be bound`);
    if (m.needs.length > 0) return { ts: 'bigint | null', koffi: { kind: 'prim', type: 'void *' }, bindable: true, uses: [] };
    const out = /^_(Out|Inout)_ (.*)$/.exec(m.koffiParam);
    const koffi: KoffiExpr = out ? { kind: 'dir', dir: out[1] === 'Out' ? 'out' : 'inout', of: { kind: 'prim', type: out[2]! } } : { kind: 'prim', type: m.koffiParam };
    return { ts: m.ts, koffi, bindable: true, uses: [] };
  };

  // 1. Walk every interface API and documented structure; collect candidates and owners.
  const owner = new Map<string, string>();
  const moduleOfHeader = new Map<string, string>();
  for (const m of modules) if (m.header !== undefined) moduleOfHeader.set(m.header, m.module);
  const visitUses = (uses: readonly string[], module: string): void => {
    for (const u of uses) if (!owner.has(u)) owner.set(u, module);
  };
  for (const m of modules) {
    for (const api of m.apis) {
      for (const p of api.parameters) visitUses(ref(p.type, p.direction).uses, m.module);
      if (api.returnType) visitUses(ref(api.returnType).uses, m.module);
    }
  }
  // Every documented structure, enumeration and callback type is declared, used or not.
  for (const api of apisByName.values()) {
    if (api.language !== undefined) continue;
    const module = api.header !== undefined ? moduleOfHeader.get(api.header) : undefined;
    if (!module) continue;
    const key = api.kind === 'structure' ? declaredStruct(api.name, table) : api.kind === 'callback' ? api.name : api.kind === 'enumeration' ? api.name : undefined;
    const candidate = key === undefined ? undefined : api.kind === 'enumeration' ? enumCandidate(api) : classify(key);
    if (!key || !candidate || (api.kind === 'structure' && candidate.kind !== 'struct') || (api.kind === 'callback' && candidate.kind !== 'callback')) continue;
    candidates.set(key, candidate);
    owner.set(key, module);
  }
  // A documenting page's header wins over first use.
  for (const [key, c] of candidates) {
    if (c.kind === 'enum') continue;
    const page = apisByName.get(key) ?? apisByName.get(table.get(key)?.pointee ?? '\u0000');
    const module = page?.header !== undefined ? moduleOfHeader.get(page.header) : undefined;
    if (module) owner.set(key, module);
  }

  // 2. Close over struct fields and callback parameters (they may use more types).
  const pending = [...candidates.keys()].sort(compareStrings);
  const done = new Set<string>();
  while (pending.length > 0) {
    const key = pending.shift()!;
    if (done.has(key)) continue;
    done.add(key);
    const c = candidates.get(key)!;
    const module = owner.get(key) ?? modules[0]?.module ?? 'types';
    if (c.kind === 'enum') {
      byKey.set(key, { key, kind: 'enum', id: '', module, resolution: table.get(key)?.resolution ?? 'prototype', fields: [], members: c.members!, memberNames: c.memberNames! });
      continue;
    }
    const info = table.get(key)!;
    const planned: PlannedType = { key, kind: c.kind, id: '', module, resolution: info.resolution, fields: [] };
    if (info.size !== undefined) planned.size = info.size;
    if (info.note) planned.note = info.note;
    if (c.kind === 'struct') {
      const found = structFields(info, table)!;
      const scope = new IdentifierScope();
      planned.fields = found.map((f) => ({ id: scope.claim(f.name).id, name: f.name, cType: f.type, ref: ref(f.type) }));
    } else if (c.kind === 'opaque') {
      planned.pointee = info.pointee!;
    } else {
      const api = apisByName.get(key)!;
      const scope = new IdentifierScope();
      planned.callback = {
        api,
        params: api.parameters.map((p) => ({ id: scope.claim(p.name).id, name: p.name, ref: ref(p.type, p.direction) })),
        returns: api.returnType ? ref(api.returnType) : unknownRef('the docs do not give the return type'),
      };
    }
    byKey.set(key, planned);
    const more = [...planned.fields.flatMap((f) => f.ref.uses), ...(planned.callback ? [...planned.callback.params.flatMap((p) => p.ref.uses), ...planned.callback.returns.uses] : [])];
    for (const u of more) {
      if (!owner.has(u)) owner.set(u, module);
      if (!done.has(u)) pending.push(u);
    }
  }

  // 3. Claim identifiers in a stable order.
  const types = [...byKey.values()].sort((a, b) => compareStrings(a.key, b.key));
  for (const t of types) t.id = claim(candidates.get(t.key)!.preferredName);
  for (const t of types) {
    if (!t.members) continue;
    const scope = new IdentifierScope();
    t.members = t.members.map((m) => ({ ...m, id: scope.claim(m.name).id }));
  }
  const ids = new Map(types.map((t) => [t.key, t.id]));
  const finish = (r: TypeRef): TypeRef => ({ ...r, ts: assertTypeText(r.ts.replace(/\u0000([^\u0000]*)\u0000/g, (_m, k: string) => ids.get(k) ?? 'unknown')) });
  for (const t of types) {
    t.fields = t.fields.map((f) => ({ ...f, ref: finish(f.ref) }));
    if (t.callback) t.callback = { ...t.callback, params: t.callback.params.map((p) => ({ ...p, ref: finish(p.ref) })), returns: finish(t.callback.returns) };
  }
  return { types, byKey, ref: (key, direction) => finish(ref(key, direction)) };
}

/**
 * The fields of a struct as the spec lays it out (`TypeInfo.fields`, from a C header, a page's
 * definition or the catalogue), when koffi can bind it field by field: every field typed, no
 * bit-fields and no `#pragma pack` below natural alignment.
 */
function structFields(info: TypeInfo, table: Map<string, TypeInfo>): Array<{ name: string; type: string }> | null {
  const fields = info.fields;
  if (!fields || fields.length === 0 || info.pack !== undefined || fields.some((f) => f.bits !== undefined || !table.has(f.type))) return null;
  return fields.map((f) => ({ name: f.name, type: f.type }));
}

/** Renders a koffi type expression as code; `types` is the name of the loader's declared-types object. */
export function koffiCode(expr: KoffiExpr, byKey: ReadonlyMap<string, PlannedType>, types: string): string {
  switch (expr.kind) {
    case 'prim':
      if (!/^[A-Za-z0-9_ *]+$/.test(expr.type)) throw new Error(`internal error: unsafe koffi type ${JSON.stringify(expr.type)}`);
      return JSON.stringify(expr.type);
    case 'named':
      return types === '' ? byKey.get(expr.key)!.id : `${types}.${byKey.get(expr.key)!.id}`;
    case 'pointer':
      return `koffi.pointer(${koffiCode(expr.of, byKey, types)})`;
    case 'dir':
      return `koffi.${expr.dir}(${koffiCode(expr.of, byKey, types)})`;
  }
}
