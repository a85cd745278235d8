/**
 * Typed bindings: one module per header, `src/<module>.ts`, exporting
 *
 * - the interface `<Header>Api` with one method per documented function or callback of that header,
 *   parameters typed from their resolved C types (`type-plan.ts` over `ffiMapping`), returning the
 *   API's status enum, `void`, or the mapped return type;
 * - the named types the header owns: structures (`CtxtHandle` as `{ dwLower; dwUpper }`), branded
 *   opaque pointers (`SspiAsyncContextPtr`), callback function types (`SspiAsyncNotifyCallback`);
 * - for each status-returning API that documents codes of its family, the union of those enum
 *   members (`DeleteSecurityContextResult`) and its type guard (`isDeleteSecurityContextResult`).
 *   When the docs say the list is complete, the method returns that union (or the family's "not
 *   supported" code, a stub's answer) instead of the whole enum, so implementations are checked
 *   against the docs and a `switch` over a result is exhaustive.
 *
 * TSDoc comes from the docs: description, `@param` with direction/optional/C type and how the type
 * was resolved, `@returns` with every documented code, its value and its condition, `@remarks`,
 * `@see`, requirements (minimum OS, DLL, kernel-mode only). A type the docs do not give is `unknown`
 * and says so; an inferred type says it was inferred.
 *
 * The interface name, module path and method/parameter names are decided by `planPackage` and
 * shared with the stubs, the loaders and the wrappers.
 */
import { compareStrings } from '../diagnostics.js';
import type { Api } from '../model/spec.js';
import { statusValueOf } from '../build/status-codes.js';
import type { ApiSummary, EntryResolver, SpecSummary } from '../build/summary.js';
import type { Emitter, PlannedFile } from './emitter.js';
import { docsLink, docText, hex32, type TsdocLink } from './escape.js';
import { familyInfo, type PackagePlan, type PlannedApi, type PlannedHeader, type PlannedResult } from './plan.js';
import { assertTypeText, type PlannedType, type TypeRef } from './type-plan.js';
import { perObject } from '../memo.js';

export interface ParamView {
  id: string;
  description: string;
  /** TypeScript type text (identifiers and type punctuation only; checked by `assertTypeText`). */
  ts: string;
}

export interface MethodView {
  id: string;
  /** The documented API name. */
  name: string;
  kind: string;
  description: string;
  params: ParamView[];
  /** TypeScript return type text: `SecurityStatus`, `void`, `SspiAsyncContextPtr | null`, `unknown`. */
  returnType: string;
  returns: string;
  /** Facts for the doc comment: requirements, missing or inferred prototype, … (one paragraph). */
  notes: string;
  remarks: string | null;
  see: string[];
  /** The API's page on its documentation site (`docsUrl` in the spec), when the docs give one. */
  docsLink: TsdocLink | null;
}

export interface ImportView {
  names: string[];
  from: string;
}

export interface FieldView {
  id: string;
  ts: string;
  description: string;
}

export interface TypeDeclView {
  id: string;
  description: string;
  isStruct: boolean;
  isOpaque: boolean;
  isCallback: boolean;
  /** A documented enumeration: its constants when every one has a value (a TypeScript enum), else none (a `number` type). */
  isEnum: boolean;
  /** A documented enumeration some of whose values the docs do not give: `type X = number`. */
  isNumber: boolean;
  members: Array<{ id: string; value: number; description: string }>;
  fields: FieldView[];
  params: ParamView[];
  returnType: string;
  /** For opaque pointers: the brand string. */
  brand: string;
}

/** A result type and its guard. */
export interface ResultView {
  typeName: string;
  guardName: string;
  enumName: string;
  /** Member identifiers of the enum, sorted by value. */
  members: string[];
  /** The interface and method the doc comment links to. */
  interfaceName: string;
  methodId: string;
  /** What the type is and how the method uses it (plain text). */
  description: string;
}

export interface BindingsView {
  header: string;
  interfaceName: string;
  title: string;
  /** Value imports (the status enums the guards compare with). */
  valueImports: ImportView[];
  imports: ImportView[];
  types: TypeDeclView[];
  methods: MethodView[];
  results: ResultView[];
}

/** The import specifier of a module path (relative to `src/`) from a module in `src/<fromDir>`. */
export function importPath(fromDir: '' | 'stubs' | 'ffi' | 'throwing', module: string): string {
  return fromDir === '' ? `./${module}.js` : `../${module}.js`;
}

/**
 * Status-enum imports for a header's methods: one per family used, in family order. With `named`,
 * only the enums the file's code names (a method whose result the docs narrow names its own result
 * type instead, and a stub that throws names no member).
 */
export function familyImports(apis: ReadonlyArray<{ api: Pick<ApiSummary, 'statusFamily'> }>, fromDir: '' | 'stubs' | 'ffi' | 'throwing', plan: PackagePlan, named?: ReadonlySet<string>): ImportView[] {
  return plan.families
    .filter((f) => apis.some((a) => a.api.statusFamily === f.info.family) && (named === undefined || named.has(f.info.enumName)))
    .map((f) => ({ names: [f.info.enumName], from: importPath(fromDir, f.info.module) }));
}

/** The key of an API's result type in `ApiSignature.uses`. */
export const resultKey = (apiKey: string): string => `result:${apiKey}`;
/** The key of a family's "not supported" type (`SecurityStatusNotSupported`) in `ApiSignature.uses`. */
export const notSupportedKey = (family: string): string => `not-supported:${family}`;

/** The exported name and declaring module of a key of `ApiSignature.uses`. */
function namedType(key: string, plan: PackagePlan): { id: string; module: string } | undefined {
  const t = plan.types.byKey.get(key);
  if (t) return t;
  if (key.startsWith('result:')) {
    const r = plan.results.get(key.slice('result:'.length));
    return r && { id: r.result.typeName, module: r.module };
  }
  if (key.startsWith('not-supported:')) {
    const f = plan.families.find((x) => x.info.family === key.slice('not-supported:'.length));
    return f && { id: f.info.notSupportedType, module: f.info.module };
  }
  return undefined;
}

/** Imports of the named types `uses` names, grouped by declaring module, skipping `ownModule`. */
export function typeImports(uses: Iterable<string>, plan: PackagePlan, fromDir: '' | 'stubs' | 'ffi' | 'throwing', ownModule: string | null): ImportView[] {
  const byModule = new Map<string, Set<string>>();
  for (const key of uses) {
    const t = namedType(key, plan);
    if (!t || t.module === ownModule) continue;
    byModule.set(t.module, (byModule.get(t.module) ?? new Set()).add(t.id));
  }
  return [...byModule]
    .sort((a, b) => compareStrings(a[0], b[0]))
    .map(([module, names]) => ({ names: [...names].sort(compareStrings), from: importPath(fromDir, module) }));
}

type SummaryParameter = ApiSummary['parameters'][number];

/** The TypeScript form of each parameter of an API, and of its result. */
export interface ApiSignature {
  params: Array<{ id: string; param: SummaryParameter; ref: TypeRef }>;
  /** The result's reference; status results are typed with their enum instead. */
  result: TypeRef | null;
  /**
   * The method's TypeScript return type: the result type plus the family's "not supported" type
   * when the docs list the codes completely (`DeleteSecurityContextResult | SecurityStatusNotSupported`),
   * else the status enum, `void`, or the mapped C type.
   */
  returnType: string;
  /** Keys of the named types the signature uses: planned types, and `resultKey` / `notSupportedKey` for a narrowed status result. */
  uses: Set<string>;
}

/** The return type text of an API returning a status (its result type, when the docs narrow it), and the named types it uses. */
function statusReturn(api: ApiSummary, r: PlannedResult | null): { text: string; uses: string[] } {
  const info = familyInfo(api.statusFamily!);
  if (!r?.narrowsReturn) return { text: info.enumName, uses: [] };
  return r.notSupported
    ? { text: `${r.typeName} | ${info.notSupportedType}`, uses: [resultKey(api.key), notSupportedKey(info.family)] }
    : { text: r.typeName, uses: [resultKey(api.key)] };
}

/**
 * The return type of a callback type, what a JavaScript function passed as one returns: a status as
 * the callback's own method returns it (and as `callbacks.<Name>.register` takes it), else the
 * mapped C type; with the named types it uses.
 */
function callbackReturn(cb: NonNullable<PlannedType['callback']>, plan: PackagePlan): { text: string; uses: readonly string[] } {
  if (cb.api.statusFamily) return statusReturn(cb.api, plan.results.get(cb.api.key)?.result ?? null);
  return { text: cb.returns.ts, uses: cb.returns.uses };
}

export function apiSignature(a: PlannedApi, plan: PackagePlan): ApiSignature {
  const params = a.parameters.map((p) => ({ id: p.id, param: p.param, ref: parameterRef(p.param, plan) }));
  const uses = new Set(params.flatMap((p) => p.ref.uses));
  let result: TypeRef | null = null;
  let returnType: string;
  if (a.api.statusFamily) {
    const status = statusReturn(a.api, a.result);
    returnType = status.text;
    for (const u of status.uses) uses.add(u);
  } else if (a.api.returnType === undefined || a.api.returnType === 'unknown' || a.api.returnTypeResolution === 'unknown') returnType = 'unknown';
  else {
    result = plan.types.ref(a.api.returnType);
    returnType = result.ts;
    for (const u of result.uses) uses.add(u);
  }
  return { params, result, returnType: assertTypeText(returnType), uses };
}

function parameterRef(param: SummaryParameter, plan: PackagePlan): TypeRef {
  if (param.type === 'unknown' || param.typeResolution === 'unknown') {
    return { ts: 'unknown', koffi: { kind: 'prim', type: 'void *' }, bindable: false, uses: [], unknownBecause: 'the docs do not give its type' };
  }
  return plan.types.ref(param.type, param.direction);
}

const RESOLUTION_TEXT: Record<SummaryParameter['typeResolution'], string> = {
  prototype: '',
  'other-page': 'Type from another page documenting this API.',
  header: 'Type from the C header that declares this API.',
  catalogue: 'Type from the catalogue of Windows types.',
  inferred: 'Type inferred, not documented: the docs give no prototype for this API.',
  unknown: 'Type unknown: the docs do not give it, so it is typed `unknown`.',
};

/** The facts docgen adds to a parameter's doc: direction, C type, how the type was resolved, output convention. */
function paramFacts(p: { id: string; param: SummaryParameter; ref: TypeRef }, counterpart: string | undefined): string {
  const direction = p.param.direction
    ? `[${p.param.direction}${p.param.optional ? ', optional' : ''}]`
    : p.param.optional
      ? '[optional, direction not documented]'
      : '[direction not documented]';
  const resolution =
    p.param.typeResolution === 'inferred' && counterpart
      ? `Type inferred from ${counterpart}, not documented for this API.`
      : RESOLUTION_TEXT[p.param.typeResolution];
  const facts = [
    direction,
    p.param.cType ? `C type ${p.param.cType}.` : p.param.type !== 'unknown' ? `C type ${p.param.type}.` : 'C type not documented.',
    resolution,
    p.ref.unknownBecause && p.param.typeResolution !== 'unknown' ? `Typed \`unknown\`: ${p.ref.unknownBecause}.` : '',
    p.param.direction === 'out' || p.param.direction === 'inout' ? outputConvention(p.ref) : '',
    p.id !== p.param.name ? `Documented as ${JSON.stringify(p.param.name)}.` : '',
  ].filter(Boolean);
  return facts.join(' ');
}

/** A parameter's doc: its documented description (from the full entry), then the facts docgen adds. */
function paramDescription(facts: string, documented: string): string {
  const description = documented.trim();
  return description === '' ? facts : `${description}\n\n${facts}`;
}

function outputConvention(ref: TypeRef): string {
  if (ref.ts.endsWith('[] | null')) return 'Output: pass a one-element array; the function writes the value into element 0.';
  if (ref.uses.length > 0 && ref.koffi.kind === 'dir') return 'Output: pass an object; the function fills its fields.';
  if (/Array \| null$/.test(ref.ts)) return 'Output: pass a typed array; the function writes into it.';
  return '';
}

/**
 * The `@returns` text: the documented prose and codes of `entry`, each code with its value
 * (`values`: the codes that have one); `unknownReturn` adds that the result is typed `unknown`.
 */
export function returnsText(entry: Api, values: Readonly<Record<string, number>>, unknownReturn: boolean): string {
  const parts = [(entry.returns?.descriptionMarkdown ?? entry.returns?.description ?? '').trim()];
  const codes = entry.returns?.codes ?? [];
  if (codes.length > 0) {
    parts.push(`Documented codes${entry.returns?.exhaustive === false ? ' (not an exhaustive list)' : ''}:`);
    const seen = new Set<string>();
    for (const c of codes) {
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      const value = Object.hasOwn(values, c.name) ? values[c.name] : undefined;
      const when = (c.condition ?? c.description).trim();
      parts.push(`- ${c.name}${value !== undefined ? ` (${hex32(value)})` : ' (no value in the docs)'}${when ? `: ${when}` : ''}`);
    }
  }
  if (unknownReturn) parts.push('The return type of this API is not known, so the result is typed `unknown`.');
  return parts.filter(Boolean).join('\n\n') || 'Not documented.';
}

/** The values of the codes an API documents (those the docs give a value for), for `returnsText`. */
function codeValues(api: ApiSummary, spec: Pick<SpecSummary, 'statusCodes'>): Record<string, number> {
  const names = new Set(api.returns?.codes.map((c) => c.name) ?? []);
  const values: Record<string, number> = {};
  for (const name of names) {
    const value = statusValueOf(spec.statusCodes, name, api.statusFamily);
    if (value !== undefined) values[name] = value;
  }
  return values;
}

function counterpartOf(api: ApiSummary): string | undefined {
  return api.asynchronousCounterpart ?? api.synchronousCounterpart;
}

export function apiNotes(api: ApiSummary): string {
  const r = api.requirements;
  const inferred = api.parameters.some((p) => p.typeResolution === 'inferred') || api.returnTypeResolution === 'inferred';
  const unknown = api.parameters.some((p) => p.typeResolution === 'unknown' || p.type === 'unknown') || api.returnTypeResolution === 'unknown' || api.returnType === undefined;
  let prototype = '';
  if (api.declaration?.source.headers !== undefined) {
    prototype = `Prototype from the C header ${api.declaration.source.file}:${api.declaration.source.line}.`;
  } else if (!api.declaration) {
    if (unknown) prototype = 'The docs give no prototype for this API; the types they do not give are typed `unknown`.';
    else if (inferred) {
      const from = counterpartOf(api);
      prototype = `The docs give no prototype for this API; its parameter and return types were inferred${from ? ` from its counterpart ${from}` : ''} (not documented for this API).`;
    } else prototype = 'The docs give no prototype for this API; its types come from the parameter descriptions.';
  }
  const notes = [
    `${api.kind === 'callback' ? 'Callback' : 'Function'} ${api.name}${api.header ? ` (${api.header})` : ''}.`,
    r.dll ? `DLL ${r.dll}.` : api.kind === 'function' ? 'The docs name no DLL.' : '',
    r.minClient ? `Minimum client: ${r.minClient}.` : '',
    r.minServer ? `Minimum server: ${r.minServer}.` : '',
    api.kind === 'callback'
      ? 'A callback type: the loader never looks it up as an export; `callbacks.' + api.name + '.register(fn)` gives a pointer to a JavaScript function of this type, `callbacks.' + api.name + '.fromPointer(address)` calls a native one.'
      : r.kernelModeOnly
        ? 'Kernel-mode only: the loader binds it only from an explicitly given library.'
        : '',
    api.nameVariants ? `${api.nameVariants.neutral} is ${api.nameVariants.wide} in a UNICODE build (the ANSI one is ${api.nameVariants.ansi}).` : '',
    prototype,
    `Documented in ${[...new Set(api.sources.map((s) => s.file))].sort(compareStrings).join(', ') || 'no file'}.`,
  ];
  return notes.filter(Boolean).join(' ');
}

/** A method's view without the API's prose: its signature and the facts from the plan and summary. */
export interface MethodContext {
  /** The key of the API's entry. */
  key: string;
  id: string;
  name: string;
  kind: string;
  params: Array<{ id: string; ts: string; facts: string }>;
  returnType: string;
  notes: string;
  codeValues: Record<string, number>;
  unknownReturn: boolean;
}

export function methodContext(a: PlannedApi, plan: PackagePlan, spec: Pick<SpecSummary, 'statusCodes'>): MethodContext {
  const sig = apiSignature(a, plan);
  const counterpart = counterpartOf(a.api);
  return {
    key: a.api.key,
    id: a.method,
    name: a.api.name,
    kind: a.api.kind,
    params: sig.params.map((p) => ({ id: p.id, ts: assertTypeText(p.ref.ts), facts: paramFacts(p, counterpart) })),
    returnType: sig.returnType,
    notes: apiNotes(a.api),
    codeValues: codeValues(a.api, spec),
    unknownReturn: !a.api.statusFamily && a.api.returnType !== 'void' && (a.api.returnType === undefined || a.api.returnType === 'unknown'),
  };
}

/** A method's view: its context and the prose of its entry. */
export function assembleMethod(c: MethodContext, entry: Api): MethodView {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    description: docText(entry.description).trim() || `${c.name} (no description in the docs).`,
    params: c.params.map((p, i) => ({ id: p.id, description: paramDescription(p.facts, entry.parameters[i]?.descriptionMarkdown ?? entry.parameters[i]?.description ?? ''), ts: p.ts })),
    returnType: c.returnType,
    returns: returnsText(entry, c.codeValues, c.unknownReturn),
    notes: c.notes,
    remarks: docText(entry.remarks).trim() || null,
    see: [...new Set(entry.seeAlso.map((l) => l.text.trim()).filter(Boolean))],
    docsLink: entry.docsUrl ? docsLink(c.name, entry.docsUrl.url) : null,
  };
}

/** The docs files of a header's APIs and types (memoised: each of a header's files asks for them). */
export const headerInputs = perObject((h: PlannedHeader): string[] =>
  [...new Set([...h.apis.map((a) => a.api), ...h.types].flatMap((api) => api.sources.map((s) => s.file)))].filter((f) => f !== ''),
);

/** The APIs whose summaries the files of a header read (`PlannedFile.scope`): its APIs and types, and the callbacks whose types it declares. */
export const headerScope = perObject((h: PlannedHeader, plan: PackagePlan): string[] =>
  [...new Set([...headerDeps(h, plan), ...h.types.map((t) => t.key)])].sort(compareStrings),
);

/** The entries a header's bindings read: its APIs, and the callback APIs whose types it declares. */
export function headerDeps(h: PlannedHeader, plan: PackagePlan): string[] {
  return [...new Set([...h.apis.map((a) => a.api.key), ...(callbacksByModule(plan).get(h.module) ?? [])])].sort(compareStrings);
}

/** The keys of the callback APIs whose types each module declares. */
const callbacksByModule = perObject((plan: PackagePlan): Map<string, string[]> => {
  const byModule = new Map<string, string[]>();
  for (const t of plan.types.types) {
    if (!t.callback) continue;
    const keys = byModule.get(t.module);
    if (keys) keys.push(t.callback.api.key);
    else byModule.set(t.module, [t.callback.api.key]);
  }
  return byModule;
});

const RESOLVED_FROM: Record<string, string> = {
  prototype: 'from its page in the docs',
  'other-page': 'from a declaration on another page of the docs',
  header: 'from the C header that declares it',
  catalogue: "from docgen's catalogue of Windows types (the docs use it without defining it)",
  inferred: 'by a naming convention (inferred, not documented)',
  unknown: 'nowhere',
};

/** A type declaration's view without prose; a callback type names the entry its prose comes from. */
export type TypeDeclContext = Omit<TypeDeclView, 'description' | 'params'> & {
  description: string;
  params: Array<{ id: string; ts: string; facts: string; name: string }>;
  /** For callback types: the key of the callback API's entry, and the C type. */
  callback: { entry: string; type: string } | null;
};

/** A type declaration's context; `returns` is a callback type's return type text (`callbackReturn`). */
function typeDeclContext(t: PlannedType, returns: string | undefined): TypeDeclContext {
  const base = { id: t.id, isStruct: false, isOpaque: false, isCallback: false, isEnum: false, isNumber: false, members: [], fields: [], params: [], returnType: 'void', brand: '', callback: null };
  const resolved = RESOLVED_FROM[t.resolution] ?? t.resolution;
  if (t.kind === 'enum') {
    const members = (t.members ?? []).map((m) => ({ id: m.id, value: m.value, description: `${m.name} = ${m.value < 0 ? m.value : hex32(m.value)}.${m.id !== m.name ? ` Documented as ${JSON.stringify(m.name)}.` : ''}` }));
    return {
      ...base,
      isEnum: t.members !== null && t.members !== undefined,
      isNumber: t.members === null,
      members,
      description:
        t.members
          ? `The C enumeration ${t.key}, its values ${resolved === RESOLVED_FROM['prototype'] ? 'from its page in the docs' : resolved}. Passed to and from the native library as a 32-bit integer.`
          : `The C enumeration ${t.key}: its constants are ${t.memberNames!.join(', ')}, but the docs do not give every value, so it is declared as a number.`,
    };
  }
  if (t.kind === 'struct') {
    return {
      ...base,
      isStruct: true,
      description: `The C structure ${t.key}${t.size !== undefined ? ` (${t.size} bytes on 64-bit Windows)` : ''}, known ${resolved}.${t.note ? ` ${t.note}` : ''} Passed to and from the native library field by field (koffi copies it).`,
      fields: t.fields.map((f) => ({
        id: f.id,
        ts: assertTypeText(f.ref.ts),
        description: `C type ${f.cType}.${f.ref.unknownBecause ? ` Typed \`unknown\`: ${f.ref.unknownBecause}.` : ''}${f.ref.ts.includes('bigint') ? ' koffi gives a number when the value fits in 2^53, a bigint otherwise.' : ''}${f.id !== f.name ? ` Documented as ${JSON.stringify(f.name)}.` : ''}`,
      })),
    };
  }
  if (t.kind === 'opaque') {
    return {
      ...base,
      isOpaque: true,
      brand: t.key,
      description: `A pointer to the opaque structure ${t.pointee ?? t.key}, whose layout the docs do not give: only ever created and consumed by the library. Through koffi it is the pointer's address as a bigint; the brand keeps other bigints out.${t.note ? ` ${t.note}` : ''}`,
    };
  }
  const cb = t.callback!;
  return {
    ...base,
    isCallback: true,
    callback: { entry: cb.api.key, type: t.key },
    description: `The callback type ${t.key}, declared ${resolved}. Pass a function of this type where the docs take ${t.key}; the loader registers it with koffi and keeps it registered until \`unregisterCallbacks()\`.`,
    params: cb.params.map((p) => ({
      id: p.id,
      name: p.name,
      ts: assertTypeText(p.ref.ts),
      facts: paramFacts({ id: p.id, param: cb.api.parameters.find((x) => x.name === p.name)!, ref: p.ref }, undefined),
    })),
    returnType: assertTypeText(returns!),
  };
}

function assembleTypeDecl(c: TypeDeclContext, entries: EntryResolver): TypeDeclView {
  const { callback, params, ...rest } = c;
  if (callback === null) return { ...rest, params: [] };
  const entry = entries(callback.entry);
  const lead = docText(entry.description).trim() || `The callback type ${callback.type}.`;
  return {
    ...rest,
    description: `${lead}\n\n${c.description}`,
    params: params.map((p) => {
      const documented = entry.parameters.find((x) => x.name === p.name);
      return { id: p.id, ts: p.ts, description: paramDescription(p.facts, documented?.descriptionMarkdown ?? documented?.description ?? '') };
    }),
  };
}

export type BindingsContext = Omit<BindingsView, 'types' | 'methods'> & { types: TypeDeclContext[]; methods: MethodContext[] };

function memberList(r: PlannedResult): string {
  return r.members.map((m) => `${m.code.name} (${hex32(m.code.value)})`).join(', ');
}

/** The doc text of a result type: its codes, whether the method returns only them, and what was left out. */
function resultDescription(a: PlannedApi, r: PlannedResult): string {
  const enumName = r.family.enumName;
  const lead = `The codes the docs list for ${a.api.name}, as members of ${enumName}: ${memberList(r)}.`;
  let use: string;
  if (r.narrowsReturn) {
    const ns = r.notSupported ? `, or ${r.notSupported.code.name} (${hex32(r.notSupported.code.value)}) when it is not supported (what the stubs return)` : '';
    use = `The docs give this list as complete, so the method returns one of these codes${ns}: a \`switch\` over its result narrows, a \`default\` branch can assert \`never\`, and an implementation that returns another code does not compile. Annotate an implementation's return type with the method's (a method returning a single member infers the whole enum). A native library that returns an undocumented code still passes it through; test with the guard when that matters.`;
  } else if (!r.docsExhaustive) use = `The docs say this list is not complete, so the method returns any ${enumName}; the guard tells a documented code from the others.`;
  else use = `The method returns any ${enumName}, because some documented codes cannot be members of this type.`;
  const left = r.leftOut.length > 0 ? `Left out: ${r.leftOut.map((l) => `${l.name} (${l.why})`).join('; ')}.` : '';
  return [lead, use, left].filter(Boolean).join('\n\n');
}

function resultView(h: PlannedHeader, a: PlannedApi, r: PlannedResult): ResultView {
  return {
    typeName: r.typeName,
    guardName: r.guardName,
    enumName: r.family.enumName,
    members: r.members.map((m) => m.id),
    interfaceName: h.interfaceName,
    methodId: a.method,
    description: resultDescription(a, r),
  };
}

export function bindingsContext(h: PlannedHeader, plan: PackagePlan, spec: SpecSummary): BindingsContext {
  const header = h.header ?? '(no header)';
  const own = plan.types.types.filter((t) => t.module === h.module);
  const uses = new Set<string>();
  for (const a of h.apis) for (const u of apiSignature(a, plan).uses) uses.add(u);
  const returns = new Map(own.flatMap((t) => (t.callback ? [[t, callbackReturn(t.callback, plan)] as const] : [])));
  for (const t of own) {
    for (const f of t.fields) for (const u of f.ref.uses) uses.add(u);
    for (const p of t.callback?.params ?? []) for (const u of p.ref.uses) uses.add(u);
    for (const u of returns.get(t)?.uses ?? []) uses.add(u);
  }
  // The guards compare with the enum members, so those enums are imported as values.
  const withResults = h.apis.filter((a) => a.result !== null);
  const valueEnums = new Set(withResults.map((a) => a.result!.family.enumName));
  // The status enums of the header's methods, and of the callback types the module declares that return one.
  const enumCallbacks = own.flatMap((t) => (t.callback?.api.statusFamily && returns.get(t)!.text === familyInfo(t.callback.api.statusFamily).enumName ? [{ api: t.callback.api }] : []));
  const families = familyImports([...h.apis, ...enumCallbacks], '', plan);
  const valueImports = families.filter((i) => valueEnums.has(i.names[0]!));
  return {
    header,
    interfaceName: h.interfaceName,
    title:
      h.apis.length === 0
        ? `No function or callback is documented in ${h.header ?? 'this header'}: this interface is empty, and the module declares the header's documented types.`
        : h.header
          ? `The functions and callbacks documented in ${h.header}.`
          : 'The functions and callbacks whose docs name no header.',
    valueImports,
    imports: [...families.filter((i) => !valueImports.includes(i)), ...typeImports(uses, plan, '', h.module)],
    types: own.map((t) => typeDeclContext(t, returns.get(t)?.text)),
    methods: h.apis.map((a) => methodContext(a, plan, spec)),
    results: withResults.map((a) => resultView(h, a, a.result!)),
  };
}

/** The bindings view: its context and the prose of the entries it names (and nothing else). */
export function assembleBindings(c: BindingsContext, entries: EntryResolver): BindingsView {
  return { ...c, types: c.types.map((t) => assembleTypeDecl(t, entries)), methods: c.methods.map((m) => assembleMethod(m, entries(m.key))) };
}

export const bindings: Emitter = {
  name: 'bindings',
  emit({ plan, spec }) {
    const files = plan.headers.map(
      (h): PlannedFile => ({
        path: `src/${h.module}.ts`,
        template: 'bindings.ts.hbs',
        context: () => bindingsContext(h, plan, spec),
        assembler: 'bindings',
        deps: headerDeps(h, plan),
        inputs: headerInputs(h),
        scope: headerScope(h, plan),
        exports: [
          {
            kind: 'names',
            names: [h.interfaceName, ...plan.types.types.filter((t) => t.module === h.module).map((t) => t.id), ...h.apis.flatMap((a) => (a.result ? [a.result.typeName] : []))],
            typeOnly: true,
          },
          ...(h.apis.some((a) => a.result) ? [{ kind: 'names' as const, names: h.apis.flatMap((a) => (a.result ? [a.result.guardName] : [])) }] : []),
        ],
      }),
    );
    return { files };
  },
};
