/**
 * The names of the APIs that generated code binds: which module each header's APIs live in and
 * which method each API is there. The package plan names its files and methods with it, and the
 * conformance suite and `inspect` name the calls they make with it, so all three always agree.
 *
 * - Functions and callbacks declared in C are bound (not WMI classes in MOF, say).
 * - A header's module comes from its name alone (`moduleNameFromHeader`); well-formed header names
 *   claim their module first, so an odd header can never take a legitimate one's module, and a
 *   clash is numbered (`sspi_2`). APIs with no header share `unknown_header`.
 * - Methods are claimed in name order within their header, after the members stubs and loaded
 *   libraries declare themselves; `clashWith` names the API that had the identifier first.
 */
import { compareStrings } from '../diagnostics.js';
import type { ApiSummary } from '../build/summary.js';
import { IdentifierScope, LOADER_MEMBERS, moduleNameFromHeader, STUB_MEMBERS } from './names.js';

/** API kinds that become interface methods (and stub methods). */
export const INTERFACE_KINDS: readonly ApiSummary['kind'][] = ['function', 'callback'];

export interface NamedApi {
  api: ApiSummary;
  method: string;
  renamed: boolean;
  /** The API whose name gave the same identifier first, when the method was numbered for that. */
  clashWith?: string;
}

export interface NamedHeader {
  /** The header as the docs name it (`sspi.h`), or undefined for APIs without one. */
  header: string | undefined;
  /** The module file name (`src/<module>.ts`). */
  module: string;
  /** The module a well-formed header of this name gets; differs from `module` when it was renamed. */
  natural: string;
  /** Its APIs in name order. */
  apis: NamedApi[];
  /** Its documented structures and enumerations (declared as types of the module). */
  types: ApiSummary[];
}

/** True when generated code binds `api` (a C function or callback). */
export function isBound(api: Pick<ApiSummary, 'kind' | 'language'>): boolean {
  return INTERFACE_KINDS.includes(api.kind) && api.language === undefined;
}

/** A documented type generated code declares (a structure or enumeration in C; callbacks are bound). */
function isDeclaredType(api: Pick<ApiSummary, 'kind' | 'language'>): boolean {
  return (api.kind === 'structure' || api.kind === 'enumeration') && api.language === undefined;
}

/**
 * Every bound API's module and method, by header, in module order; a header whose pages document
 * only structures or enumerations has a module too, with no APIs.
 */
export function nameApis(apis: readonly ApiSummary[]): NamedHeader[] {
  const NO_HEADER = '\u0000';
  const byHeader = new Map<string, ApiSummary[]>();
  const typesOf = new Map<string, ApiSummary[]>();
  for (const api of [...apis].sort((a, b) => compareStrings(a.name, b.name))) {
    const header = api.header ?? api.requirements.header ?? NO_HEADER;
    // A header that documents only structures or enumerations gets a module for their types.
    if (isDeclaredType(api) && header !== NO_HEADER) {
      if (!byHeader.has(header)) byHeader.set(header, []);
      typesOf.set(header, [...(typesOf.get(header) ?? []), api]);
    }
    if (!isBound(api)) continue;
    byHeader.set(header, [...(byHeader.get(header) ?? []), api]);
  }
  const candidates = [...byHeader.keys()].map((h) => {
    const { module, natural } = h === NO_HEADER ? { module: 'unknown_header', natural: 'unknown_header' } : moduleNameFromHeader(h);
    return { header: h, module, natural, clean: module === natural };
  });
  candidates.sort((a, b) => Number(b.clean) - Number(a.clean) || compareStrings(a.module, b.module) || compareStrings(a.header, b.header));
  const taken = new Set<string>();
  const named: NamedHeader[] = [];
  for (const c of candidates) {
    let module = c.module;
    for (let n = 2; taken.has(module); n++) module = `${c.module}_${n}`;
    taken.add(module);
    const methods = new IdentifierScope([...STUB_MEMBERS, ...LOADER_MEMBERS]);
    const headerApis = byHeader.get(c.header)!.map((api) => ({ api, ...methods.claim(api.name) }));
    if (headerApis.length === 0 && c.header === NO_HEADER) continue;
    named.push({
      header: c.header === NO_HEADER ? undefined : c.header,
      module,
      natural: c.natural,
      apis: headerApis.map(({ api, id, renamed, clashWith }) => ({ api, method: id, renamed, ...(clashWith !== undefined ? { clashWith } : {}) })),
      types: typesOf.get(c.header) ?? [],
    });
  }
  return named.sort((a, b) => compareStrings(a.module, b.module));
}

/** The module and method of each bound API, by key (`ApiSummary.key`). */
export function apiNameIndex(apis: readonly ApiSummary[]): Map<string, { module: string; method: string }> {
  const index = new Map<string, { module: string; method: string }>();
  for (const h of nameApis(apis)) for (const a of h.apis) index.set(a.api.key, { module: h.module, method: a.method });
  return index;
}
