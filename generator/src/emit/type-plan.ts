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

type PlanModule = { module: string; header: string | undefined; apis: readonly ApiSummary[] };

/**
 * Plans the named types used by the given APIs (the interface APIs, by module) and every documented
 * structure, enumeration and callback type. `claim` hands out exported identifiers (shared with the
 * rest of the plan).
 */
export function planTypes(spec: SpecSummary, modules: readonly PlanModule[], claim: (name: string) => string): TypePlan {
  const planner = new TypePlanner(spec, modules);
  planner.collect();
  planner.closeOver();
  return planner.finish(claim);
}

/** The state of one type plan: candidates found while walking the APIs, their owners, and the planned types. */
class TypePlanner {
  private readonly table: Map<string, TypeInfo>;
  private readonly apisByName = new Map<string, ApiSummary>();
  private readonly byKey = new Map<string, PlannedType>();
  private readonly candidates = new Map<string, Candidate>();
  /** The module that declares each candidate. */
  private readonly owner = new Map<string, string>();
  private readonly moduleOfHeader = new Map<string, string>();

  constructor(
    spec: SpecSummary,
    private readonly modules: readonly PlanModule[],
  ) {
    this.table = typeTable(spec.types);
    for (const api of [...spec.apis].sort((a, b) => compareStrings(a.name, b.name))) if (!this.apisByName.has(api.name)) this.apisByName.set(api.name, api);
    for (const m of modules) if (m.header !== undefined) this.moduleOfHeader.set(m.header, m.module);
  }

  /** What a key is, without declaring anything. */
  private classify(key: string): Candidate | undefined {
    const info = this.table.get(key);
    if (!info) return undefined;
    if (info.category === 'struct' && info.size !== undefined && structFields(info, this.table) !== null) {
      return { key, kind: 'struct', preferredName: key };
    }
    if (info.category === 'pointer' && info.pointee) {
      const pointee = this.table.get(info.pointee);
      if (pointee?.category === 'struct' && pointee.size === undefined) return { key, kind: 'opaque', preferredName: `${pointee.name}Ptr` };
    }
    if (info.category === 'callback' && (info.resolution === 'prototype' || info.resolution === 'other-page' || info.resolution === 'header')) {
      const api = this.apisByName.get(key);
      if (api?.kind === 'callback' && api.declaration) return { key, kind: 'callback', preferredName: key };
    }
    return undefined;
  }

  /** The reference of a C type, noting the named types it needs as candidates. */
  ref(rawKey: string, direction?: Direction, depth = 0): TypeRef {
    const key = typeKey(rawKey);
    if (key === '' || key === 'unknown') return unknownRef('the docs do not give this type');
    const info = this.table.get(key);
    if (!info || info.category === 'unknown' || info.resolution === 'unknown') return unknownRef(`the C type ${key} is not defined on any page, header or in the catalogue`);
    if (depth > 8) return unknownRef(`the C type ${key} is nested too deeply`);
    const planned = this.classify(key);
    if (planned) {
      this.candidates.set(key, planned);
      const name = `\u0000${key}\u0000`; // placeholder, replaced by the claimed identifier in `finish`
      if (planned.kind === 'struct') return { ts: name, koffi: { kind: 'named', key }, bindable: true, uses: [key] };
      if (planned.kind === 'opaque') return { ts: `${name} | null`, koffi: { kind: 'prim', type: 'void *' }, bindable: true, uses: [key] };
      return { ts: `${name} | bigint | null`, koffi: { kind: 'pointer', of: { kind: 'named', key } }, bindable: true, uses: [key] };
    }
    if (info.category === 'pointer' && info.pointee) {
      const viaPointer = this.pointerRef(info.pointee, direction, depth);
      if (viaPointer) return viaPointer;
    }
    if (info.category === 'struct') {
      if (info.size === undefined) return unknownRef(`${key} is an opaque structure, only usable through a pointer`);
      return unknownRef(`the fields of ${key} are not documented`);
    }
    const m = ffiMapping(key, this.table, direction);
    if (!m.bindable) return unknownRef(`the C type ${key} cannot be bound`);
    if (m.needs.length > 0) return { ts: 'bigint | null', koffi: { kind: 'prim', type: 'void *' }, bindable: true, uses: [] };
    const out = /^_(Out|Inout)_ (.*)$/.exec(m.koffiParam);
    const koffi: KoffiExpr = out ? { kind: 'dir', dir: out[1] === 'Out' ? 'out' : 'inout', of: { kind: 'prim', type: out[2]! } } : { kind: 'prim', type: m.koffiParam };
    return { ts: m.ts, koffi, bindable: true, uses: [] };
  }

  /** A pointer to a planned struct (the struct, through `koffi.pointer`), or to a pointer or callback (an address). */
  private pointerRef(pointeeKey: string, direction: Direction | undefined, depth: number): TypeRef | undefined {
    const pointee = this.table.get(pointeeKey);
    const pointeePlan = pointee ? this.classify(pointee.name) : undefined;
    if (pointee && pointeePlan?.kind === 'struct') {
      const inner = this.ref(pointee.name, undefined, depth + 1);
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
    return undefined;
  }

  /** Walks every interface API and documented type: the candidates and the modules that own them. */
  collect(): void {
    for (const m of this.modules) {
      for (const api of m.apis) {
        for (const p of api.parameters) this.own(this.ref(p.type, p.direction).uses, m.module);
        if (api.returnType) this.own(this.ref(api.returnType).uses, m.module);
      }
    }
    // Every documented structure, enumeration and callback type is declared, used or not.
    for (const api of this.apisByName.values()) {
      if (api.language !== undefined) continue;
      const module = api.header !== undefined ? this.moduleOfHeader.get(api.header) : undefined;
      if (!module) continue;
      const key = api.kind === 'structure' ? declaredStruct(api.name, this.table) : api.kind === 'callback' || api.kind === 'enumeration' ? api.name : undefined;
      const candidate = key === undefined ? undefined : api.kind === 'enumeration' ? enumCandidate(api) : this.classify(key);
      if (!key || !candidate || (api.kind === 'structure' && candidate.kind !== 'struct') || (api.kind === 'callback' && candidate.kind !== 'callback')) continue;
      this.candidates.set(key, candidate);
      this.owner.set(key, module);
    }
    // A documenting page's header wins over first use.
    for (const [key, c] of this.candidates) {
      if (c.kind === 'enum') continue;
      const page = this.apisByName.get(key) ?? this.apisByName.get(this.table.get(key)?.pointee ?? '\u0000');
      const module = page?.header !== undefined ? this.moduleOfHeader.get(page.header) : undefined;
      if (module) this.owner.set(key, module);
    }
  }

  private own(uses: readonly string[], module: string): void {
    for (const u of uses) if (!this.owner.has(u)) this.owner.set(u, module);
  }

  /** Plans every candidate, and the types their fields and callback parameters use in turn. */
  closeOver(): void {
    const pending = [...this.candidates.keys()].sort(compareStrings);
    const done = new Set<string>();
    while (pending.length > 0) {
      const key = pending.shift()!;
      if (done.has(key)) continue;
      done.add(key);
      const planned = this.planOne(key);
      this.byKey.set(key, planned);
      const more = [...planned.fields.flatMap((f) => f.ref.uses), ...(planned.callback ? [...planned.callback.params.flatMap((p) => p.ref.uses), ...planned.callback.returns.uses] : [])];
      for (const u of more) {
        if (!this.owner.has(u)) this.owner.set(u, planned.module);
        if (!done.has(u)) pending.push(u);
      }
    }
  }

  private planOne(key: string): PlannedType {
    const c = this.candidates.get(key)!;
    const module = this.owner.get(key) ?? this.modules[0]?.module ?? 'types';
    if (c.kind === 'enum') return { key, kind: 'enum', id: '', module, resolution: this.table.get(key)?.resolution ?? 'prototype', fields: [], members: c.members!, memberNames: c.memberNames! };
    const info = this.table.get(key)!;
    const planned: PlannedType = { key, kind: c.kind, id: '', module, resolution: info.resolution, fields: [] };
    if (info.size !== undefined) planned.size = info.size;
    if (info.note) planned.note = info.note;
    if (c.kind === 'struct') {
      const scope = new IdentifierScope();
      planned.fields = structFields(info, this.table)!.map((f) => ({ id: scope.claim(f.name).id, name: f.name, cType: f.type, ref: this.ref(f.type) }));
    } else if (c.kind === 'opaque') {
      planned.pointee = info.pointee!;
    } else {
      const api = this.apisByName.get(key)!;
      const scope = new IdentifierScope();
      planned.callback = {
        api,
        params: api.parameters.map((p) => ({ id: scope.claim(p.name).id, name: p.name, ref: this.ref(p.type, p.direction) })),
        returns: api.returnType ? this.ref(api.returnType) : unknownRef('the docs do not give the return type'),
      };
    }
    return planned;
  }

  /** Claims identifiers in a stable order and puts them in every reference. */
  finish(claim: (name: string) => string): TypePlan {
    const types = [...this.byKey.values()].sort((a, b) => compareStrings(a.key, b.key));
    for (const t of types) t.id = claim(this.candidates.get(t.key)!.preferredName);
    for (const t of types) {
      if (!t.members) continue;
      const scope = new IdentifierScope();
      t.members = t.members.map((m) => ({ ...m, id: scope.claim(m.name).id }));
    }
    const ids = new Map(types.map((t) => [t.key, t.id]));
    const named = (r: TypeRef): TypeRef => ({ ...r, ts: assertTypeText(r.ts.replace(/\u0000([^\u0000]*)\u0000/g, (_m, k: string) => ids.get(k) ?? 'unknown')) });
    for (const t of types) {
      t.fields = t.fields.map((f) => ({ ...f, ref: named(f.ref) }));
      if (t.callback) t.callback = { ...t.callback, params: t.callback.params.map((p) => ({ ...p, ref: named(p.ref) })), returns: named(t.callback.returns) };
    }
    return { types, byKey: this.byKey, ref: (key, direction) => named(this.ref(key, direction)) };
  }
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
