/**
 * The package plan: the decisions every emitter shares, made once per run from the spec.
 *
 * - which status families get an enum, and which status codes go in which enum;
 * - which module each header's APIs live in (file names come only from sanitised header names);
 * - the identifier of every generated name (API methods, parameters, enum members, exported types),
 *   with collisions resolved deterministically and renames reported (DG6002).
 *
 * ## Which codes go in which enum
 *
 * A status code's `space` is its numbering (HRESULT, NTSTATUS, WIN32); a family is the C type an
 * API returns. SECURITY_STATUS and HRESULT both take HRESULT-space values. A code with a value
 * (`valueFrom` is not `missing`) goes into:
 *
 * 1. every family of an API in its `usedBy` whose family takes the code's space (SspiFoo returns
 *    SECURITY_STATUS and documents E_OUTOFMEMORY → E_OUTOFMEMORY is in `SecurityStatus`);
 * 2. when step 1 finds none (no user, or only users of another family): the default family of its
 *    space: NTSTATUS → NTSTATUS, WIN32 → WIN32, HRESULT → SECURITY_STATUS for `SEC_*` names,
 *    otherwise HRESULT.
 *
 * A code may therefore be in two enums (an HRESULT used by SECURITY_STATUS and HRESULT APIs).
 * Codes without a value are never enum members; the README lists them as unresolved. A family gets
 * an enum when an API returns it or a code lands in it.
 */
import { compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';
import { hasValue, type StatusFamily, type StatusSpace, type ValuedStatusCode } from '../model/spec.js';
import type { ApiSummary, SpecSummary } from '../build/summary.js';
import { FAMILY_CODES } from '../build/status-codes.js';
import { BODY_NAMES, identifier, IdentifierScope, pascalCase } from '../naming/names.js';
import { COMMON_STATUS_EXPORTS } from './status-enums.js';
import { hex32 } from './escape.js';
import { INTERFACE_KINDS, nameApis, type NamedHeader } from '../naming/api-names.js';

export { INTERFACE_KINDS };
import { planTypes, type TypePlan } from './type-plan.js';
import { findAsyncFlows, type AsyncFlow } from './async-flow.js';

export interface FamilyInfo {
  family: StatusFamily;
  space: StatusSpace;
  /** Exported enum name. */
  enumName: string;
  /** Exported Error subclass. */
  errorClass: string;
  /** Namespace the barrel exports the module's helpers under. */
  namespace: string;
  /** Module path without extension, relative to `src/`. */
  module: string;
  /** Name of the code stubs return for "not supported". */
  notSupported: string;
  /** Exported type alias of the "not supported" member (`SecurityStatusNotSupported`), declared in the family module. */
  notSupportedType: string;
  /** Name of the family's success code. */
  success: string;
  /** Names preferred when several codes share a value (`statusName`). */
  preferredPrefixes: readonly string[];
}

/** Fixed, in the order enums are listed everywhere. */
export const FAMILIES: readonly FamilyInfo[] = [
  {
    family: 'SECURITY_STATUS',
    space: 'HRESULT',
    enumName: 'SecurityStatus',
    errorClass: 'SecurityStatusError',
    namespace: 'securityStatus',
    module: 'status/security-status',
    notSupported: FAMILY_CODES.SECURITY_STATUS.notSupported,
    notSupportedType: 'SecurityStatusNotSupported',
    success: FAMILY_CODES.SECURITY_STATUS.success,
    preferredPrefixes: ['SEC_'],
  },
  {
    family: 'NTSTATUS',
    space: 'NTSTATUS',
    enumName: 'NtStatus',
    errorClass: 'NtStatusError',
    namespace: 'ntStatus',
    module: 'status/ntstatus',
    notSupported: FAMILY_CODES.NTSTATUS.notSupported,
    notSupportedType: 'NtStatusNotSupported',
    success: FAMILY_CODES.NTSTATUS.success,
    preferredPrefixes: ['STATUS_'],
  },
  {
    family: 'HRESULT',
    space: 'HRESULT',
    enumName: 'HResult',
    errorClass: 'HResultError',
    namespace: 'hResult',
    module: 'status/hresult',
    notSupported: FAMILY_CODES.HRESULT.notSupported,
    notSupportedType: 'HResultNotSupported',
    success: FAMILY_CODES.HRESULT.success,
    preferredPrefixes: ['S_', 'E_'],
  },
  {
    family: 'WIN32',
    space: 'WIN32',
    enumName: 'Win32ErrorCode',
    errorClass: 'Win32Error',
    namespace: 'win32Error',
    module: 'status/win32-error',
    notSupported: FAMILY_CODES.WIN32.notSupported,
    notSupportedType: 'Win32ErrorCodeNotSupported',
    success: FAMILY_CODES.WIN32.success,
    preferredPrefixes: ['ERROR_', 'NO_ERROR'],
  },
];

export function familyInfo(family: StatusFamily): FamilyInfo {
  return FAMILIES.find((f) => f.family === family)!;
}

/** A status code as a member of one family's enum. */
export interface PlannedMember {
  code: ValuedStatusCode;
  /** The enum member identifier. */
  id: string;
}

export interface PlannedFamily {
  info: FamilyInfo;
  /** Members sorted by value, then name (code-unit order). */
  members: PlannedMember[];
  /** APIs returning this family, sorted by name. */
  apis: ApiSummary[];
  /** The not-supported member, when the spec has that code with a value. */
  notSupported: PlannedMember | undefined;
}

export interface PlannedParameter {
  id: string;
  param: ApiSummary['parameters'][number];
}

export interface PlannedApi {
  api: ApiSummary;
  /** Method name in the header's interface and stub class. */
  method: string;
  parameters: PlannedParameter[];
  /** The type of its documented codes, for a function or callback returning a status that documents any. */
  result: PlannedResult | null;
}

/**
 * The documented codes of one status-returning API as a type (`<Method>Result`, a union of members
 * of the family enum) and its type guard (`is<Method>Result`), declared in the header's module.
 */
export interface PlannedResult {
  typeName: string;
  guardName: string;
  family: FamilyInfo;
  /** The documented codes that are members of the family enum, sorted by value, then name. */
  members: PlannedMember[];
  /** Documented codes that cannot be in the union, sorted by name, with why. */
  leftOut: Array<{ name: string; why: string }>;
  /** The docs say the list is complete (`returns.exhaustive`). */
  docsExhaustive: boolean;
  /**
   * The method returns `typeName` (or the family's "not supported" code, a stub's answer) instead of
   * the whole enum: when the docs say the list is complete and no documented code was left out.
   */
  narrowsReturn: boolean;
  /** The "not supported" member the narrowed return adds, or null (already in the union, no value, or not narrowed). */
  notSupported: PlannedMember | null;
}

export interface PlannedHeader {
  /** The header as the docs name it (`sspi.h`), or undefined for APIs without one. */
  header: string | undefined;
  /** Sanitised module name: `src/<module>.ts`, `src/stubs/<module>.ts`. */
  module: string;
  interfaceName: string;
  stubName: string;
  /** `load<Header>` in `src/ffi/<module>.ts`, its options interface and the interface of what it returns. */
  loaderName: string;
  loaderOptionsName: string;
  libraryName: string;
  /** `throwing<Header>(api)` in `src/throwing/<module>.ts`. */
  throwingName: string;
  /** Functions and callbacks, sorted by name. */
  apis: PlannedApi[];
  /** The header's documented structures and enumerations (declared as types of the module). */
  types: ApiSummary[];
}

export interface PlannedAsyncFlow extends AsyncFlow {
  /** `callAsync`: resolves with the final status. */
  callName: string;
  /** `callAsyncOrThrow`: resolves with a success status, rejects with the family's error. */
  callOrThrowName: string;
  /** The `Pick<…Api, …>` type the functions take. */
  apiTypeName: string;
}

export interface PackagePlan {
  families: PlannedFamily[];
  /** Every header with a module: those with functions or callbacks, and those whose pages document only types. */
  headers: PlannedHeader[];
  /** The headers with functions or callbacks: what the loaders, stubs, throwing wrappers and conformance cases cover. */
  bound: PlannedHeader[];
  /** Every API kind the interfaces cover. */
  interfaceKinds: readonly ApiSummary['kind'][];
  /** Named types (structures, opaque pointers, callbacks) and the TS/koffi form of every C type. */
  types: TypePlan;
  /** Asynchronous-call flows found in the spec (`src/async.ts`), with their exported names. */
  asyncFlows: PlannedAsyncFlow[];
  /** The result types by API key, with the module declaring them. */
  results: ReadonlyMap<string, { result: PlannedResult; module: string }>;
  diagnostics: Diagnostic[];
}


const FAMILY_OF_SPACE: Record<StatusSpace, StatusFamily[]> = {
  HRESULT: ['SECURITY_STATUS', 'HRESULT'],
  NTSTATUS: ['NTSTATUS'],
  WIN32: ['WIN32'],
};

function defaultFamily(code: ValuedStatusCode): StatusFamily {
  if (code.space === 'NTSTATUS') return 'NTSTATUS';
  if (code.space === 'WIN32') return 'WIN32';
  return code.name.startsWith('SEC_') ? 'SECURITY_STATUS' : 'HRESULT';
}

function apiSource(api: ApiSummary): { file: string; line: number } {
  return api.sources[0] ?? { file: '', line: 0 };
}

export function planPackage(spec: SpecSummary): PackagePlan {
  const diagnostics: Diagnostic[] = [];
  const apis = [...spec.apis].sort((a, b) => compareStrings(a.name, b.name));
  const families = planFamilies(apis, spec.statusCodes, diagnostics);
  // Exported names of the whole package (the barrel re-exports them all).
  const exported = packageScope();
  const headers = planHeaders(apis, exported, diagnostics);
  const types = planTypes(
    spec,
    headers.map((h) => ({ module: h.module, header: h.header, apis: h.apis.map((a) => a.api) })),
    (name) => exported.claim(name).id,
  );
  // After the documented types, so a structure keeps its documented name when a result type would take it.
  planResults(headers, families, spec, exported, diagnostics);
  const asyncFlows = planAsyncFlows(headers, types, exported);
  const results = new Map(headers.flatMap((h) => h.apis.filter((a) => a.result).map((a) => [a.api.key, { result: a.result!, module: h.module }] as const)));
  return { families, headers, bound: headers.filter((h) => h.apis.length > 0), interfaceKinds: INTERFACE_KINDS, types, asyncFlows, results, diagnostics };
}

/** The valued status codes of each family's enum (see "Which codes go in which enum"), sorted by value, then name. */
function codesByFamily(apis: readonly ApiSummary[], statusCodes: SpecSummary['statusCodes']): Map<StatusFamily, ValuedStatusCode[]> {
  const familyOfApi = new Map(apis.map((a) => [a.name, a.statusFamily] as const));
  const byFamily = new Map<StatusFamily, ValuedStatusCode[]>();
  const codes = statusCodes.filter(hasValue).sort((a, b) => a.value - b.value || compareStrings(a.name, b.name));
  for (const code of codes) {
    const targets = new Set<StatusFamily>();
    for (const user of code.usedBy) {
      const f = familyOfApi.get(user);
      if (f && FAMILY_OF_SPACE[code.space].includes(f)) targets.add(f);
    }
    if (targets.size === 0) targets.add(defaultFamily(code));
    for (const f of targets) {
      const list = byFamily.get(f);
      if (list) list.push(code);
      else byFamily.set(f, [code]);
    }
  }
  return byFamily;
}

/** One enum per family that an API returns or a code lands in, in `FAMILIES` order. */
function planFamilies(apis: readonly ApiSummary[], statusCodes: SpecSummary['statusCodes'], diagnostics: Diagnostic[]): PlannedFamily[] {
  const codes = codesByFamily(apis, statusCodes);
  const apiFamilies = new Set(apis.map((a) => a.statusFamily).filter((f): f is StatusFamily => f !== undefined));
  const families: PlannedFamily[] = [];
  for (const info of FAMILIES) {
    const familyCodes = codes.get(info.family) ?? [];
    if (!apiFamilies.has(info.family) && familyCodes.length === 0) continue;
    const members = planMembers(info, familyCodes, diagnostics);
    const familyApis = apis.filter((a) => a.statusFamily === info.family);
    const notSupported = members.find((m) => m.code.name === info.notSupported);
    if (!notSupported && familyApis.some((a) => INTERFACE_KINDS.includes(a.kind))) {
      diagnostics.push(
        diagnostic(
          'DG6004',
          '',
          0,
          `No status-code reference in the docs gives a value for ${info.notSupported}, so the stubs of ${info.family} functions throw instead of returning it.`,
        ),
      );
    }
    families.push({ info, members, apis: familyApis, notSupported });
  }
  return families;
}

/** The enum members of a family's codes, each name once, with renames reported (DG6002). */
function planMembers(info: FamilyInfo, familyCodes: readonly ValuedStatusCode[], diagnostics: Diagnostic[]): PlannedMember[] {
  const scope = new IdentifierScope();
  const members: PlannedMember[] = [];
  const seenNames = new Set<string>();
  for (const code of familyCodes) {
    if (seenNames.has(code.name)) continue; // the same name from two spaces: first (lowest value) wins
    seenNames.add(code.name);
    const { id, renamed } = scope.claim(code.name);
    if (renamed) {
      diagnostics.push(
        diagnostic('DG6002', code.source.file, code.source.line, `Status code ${JSON.stringify(code.name)} is ${id} in the ${info.enumName} enum.`),
      );
    }
    members.push({ code, id });
  }
  return members;
}

/** The package's exported scope, with the names every package exports or its generated code uses already taken. */
function packageScope(): IdentifierScope {
  return new IdentifierScope([
    ...COMMON_STATUS_EXPORTS.values,
    ...COMMON_STATUS_EXPORTS.types,
    // Names the generated loaders, wrappers and async helpers use for their own locals and imports.
    'koffi', 'T', 'declareTypes', 'platform', 'throwIfFailed', 'C', 'declareCallbacks', 'BoundFunction', 'CallbackType', 'uniqueTypeName', 'checkLastErrors', 'LastErrorSource', 'LastErrorCheck',
    ...FAMILIES.flatMap((f) => [f.enumName, f.errorClass, f.namespace, f.notSupportedType]),
  ]);
}

/** Names the generated function bodies use besides `BODY_NAMES`: a parameter may not take them. */
const FAMILY_BODY_NAMES = FAMILIES.flatMap((f) => [f.enumName, f.errorClass, `throwIf${f.enumName}Failed`]);

/** Every header's module and exported names, claimed in `exported`, sorted by module. */
function planHeaders(apis: readonly ApiSummary[], exported: IdentifierScope, diagnostics: Diagnostic[]): PlannedHeader[] {
  const headers: PlannedHeader[] = [];
  for (const h of nameApis(apis)) {
    const { header, module } = h;
    if (header !== undefined && module !== h.natural) {
      const src = apiSource(h.apis[0]?.api ?? h.types[0]!);
      diagnostics.push(
        diagnostic('DG6002', src.file, src.line, `Header ${JSON.stringify(header)} cannot name a generated module as is; its modules are src/${module}.ts and src/stubs/${module}.ts.`),
      );
    }
    const base = pascalCase(module);
    const interfaceName = exported.claim(`${base}Api`).id;
    const stubName = exported.claim(`${base}Stub`).id;
    const loaderName = exported.claim(`load${base}`).id;
    const loaderOptionsName = exported.claim(`Load${base}Options`).id;
    const libraryName = exported.claim(`${base}Library`).id;
    const throwingName = exported.claim(`throwing${base}`).id;
    const planned = planHeaderApis(h, interfaceName, diagnostics);
    headers.push({ header, module, types: h.types, interfaceName, stubName, loaderName, loaderOptionsName, libraryName, throwingName, apis: planned });
  }
  return headers.sort((a, b) => compareStrings(a.module, b.module));
}

/** A header's APIs with their method and parameter identifiers; renames and clashes are reported. */
function planHeaderApis(h: NamedHeader, interfaceName: string, diagnostics: Diagnostic[]): PlannedApi[] {
  // The loader binds each method's native function to a local `f_<method>`.
  // One set for all the header's parameter scopes (each API's own would make the header's plan quadratic).
  const bodyNames = new Set([...BODY_NAMES, ...FAMILY_BODY_NAMES, ...h.apis.map((a) => `f_${a.method}`)]);
  return h.apis.map(({ api, method, renamed, clashWith }): PlannedApi => {
    const src = apiSource(api);
    if (clashWith !== undefined) {
      diagnostics.push(
        diagnostic('DG3005', src.file, src.line, `${JSON.stringify(api.name)} and ${JSON.stringify(clashWith)} would both be the method ${identifier(api.name)} of ${interfaceName}; ${JSON.stringify(api.name)} is ${method}.`),
      );
    } else if (renamed) diagnostics.push(diagnostic('DG6002', src.file, src.line, `API ${JSON.stringify(api.name)} is the method ${method} in ${interfaceName}.`));
    const params = new IdentifierScope(bodyNames);
    const parameters = api.parameters.map((param) => {
      const p = params.claim(param.name);
      if (p.renamed) {
        diagnostics.push(
          diagnostic('DG6002', param.source.file, param.source.line, `Parameter ${JSON.stringify(param.name)} of ${api.name} is ${p.id} in generated code.`),
        );
      }
      return { id: p.id, param };
    });
    return { api, method, parameters, result: null };
  });
}

/** The async flows with their exported names: the first flow's are plain, the others' are suffixed with their context type. */
function planAsyncFlows(headers: readonly PlannedHeader[], types: TypePlan, exported: IdentifierScope): PlannedAsyncFlow[] {
  return findAsyncFlows(headers, types).map((f, i): PlannedAsyncFlow => {
    const suffix = i === 0 ? '' : pascalCase(types.byKey.get(f.contextKey)!.id);
    return {
      ...f,
      callName: exported.claim(`callAsync${suffix}`).id,
      callOrThrowName: exported.claim(`callAsync${suffix}OrThrow`).id,
      apiTypeName: exported.claim(`AsyncCallApi${suffix}`).id,
    };
  });
}

/** Upper-cases the first character: `gss_init` → `Gss_init`, so `<Method>Result` reads as a type. */
function upperFirst(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

/**
 * Gives every status-returning function and callback that documents a code of its family enum a
 * result type and guard (`PlannedApi.result`), claiming their names in the package's exported scope.
 */
function planResults(headers: PlannedHeader[], families: PlannedFamily[], spec: SpecSummary, exported: IdentifierScope, diagnostics: Diagnostic[]): void {
  const valued = spec.statusCodes.filter(hasValue);
  const owners = new Map<string, string>(); // claimed result names → what they name
  for (const h of headers) {
    for (const a of h.apis) {
      const family = families.find((f) => f.info.family === a.api.statusFamily);
      const documented = [...new Set((a.api.returns?.codes ?? []).map((c) => c.name))].sort(compareStrings);
      if (!family || !INTERFACE_KINDS.includes(a.api.kind) || documented.length === 0) continue;
      const members: PlannedMember[] = [];
      const leftOut: PlannedResult['leftOut'] = [];
      for (const name of documented) {
        const member = family.members.find((m) => m.code.name === name);
        if (member) {
          members.push(member);
          continue;
        }
        const other = valued.find((c) => c.name === name);
        leftOut.push({ name, why: other ? `a ${other.space} value (${hex32(other.value)}), not a ${family.info.family} code` : 'the docs give no value for it' });
      }
      if (members.length === 0) continue;
      members.sort((x, y) => x.code.value - y.code.value || compareStrings(x.code.name, y.code.name));
      const base = upperFirst(a.method);
      const src = apiSource(a.api);
      const claim = (name: string, what: string): string => {
        const c = exported.claim(name);
        owners.set(c.id, `the ${what} of ${JSON.stringify(a.api.name)}`);
        if (c.id !== name) {
          const taken = owners.get(name) ?? 'another exported name of the package';
          diagnostics.push(diagnostic('DG3005', src.file, src.line, `The ${what} of ${JSON.stringify(a.api.name)} would be ${name}, the name of ${taken}; it is ${c.id}.`));
        }
        return c.id;
      };
      const docsExhaustive = a.api.returns?.exhaustive ?? true;
      const narrowsReturn = docsExhaustive && leftOut.length === 0;
      const ns = family.notSupported;
      a.result = {
        typeName: claim(`${base}Result`, 'result type'),
        guardName: claim(`is${base}Result`, 'result guard'),
        family: family.info,
        members,
        leftOut,
        docsExhaustive,
        narrowsReturn,
        notSupported: narrowsReturn && ns && !members.includes(ns) ? ns : null,
      };
    }
  }
}
