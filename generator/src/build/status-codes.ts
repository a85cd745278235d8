/**
 * Giving every status code an API names a numeric value, a space and a severity.
 *
 * Values come from status-code reference pages in the docs folder; a value written inline on an
 * API page is used only when no reference has the code. Every disagreement is a diagnostic.
 */
import { compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { SourceRef, StatusCodeDef } from '../model/page.js';
import type { StatusCode, StatusFamily, StatusSpace } from '../model/spec.js';
import type { HeaderStatus } from './header-facts.js';
import { customerBit, facilityOf, hex8, severityOf, spaceFromName, toUint32 } from '../status/decode.js';

/** The status each family's stubs return for "not supported", and its success code. */
export const FAMILY_CODES: Record<StatusFamily, { success: string; notSupported: string }> = {
  SECURITY_STATUS: { success: 'SEC_E_OK', notSupported: 'SEC_E_UNSUPPORTED_FUNCTION' },
  NTSTATUS: { success: 'STATUS_SUCCESS', notSupported: 'STATUS_NOT_IMPLEMENTED' },
  HRESULT: { success: 'S_OK', notSupported: 'E_NOTIMPL' },
  WIN32: { success: 'ERROR_SUCCESS', notSupported: 'ERROR_CALL_NOT_IMPLEMENTED' },
};

export interface CodeUse {
  name: string;
  api: string;
  /** The status type the API returns, when known: it picks the space of a name defined in several. */
  family?: StatusFamily;
  inlineValue?: number;
  description: string;
  source: SourceRef;
}

export interface ReferenceIndex {
  /** Name → its definitions, one per status space (first in file order), in space order. */
  byName: Map<string, StatusCodeDef[]>;
  diagnostics: Diagnostic[];
}

/** The space a reference definition's value is in: the table's, or read from the name and value. */
function spaceOf(def: StatusCodeDef): StatusSpace {
  return def.type ?? spaceFromName(def.name, def.value);
}

const SPACE_ORDER: readonly StatusSpace[] = ['HRESULT', 'NTSTATUS', 'WIN32'];

/**
 * Indexes reference definitions by name and space. One name may have a value in several spaces
 * (ERROR_NOT_SUPPORTED is 0x00000032 as a Win32 error and 0x80070032 as an HRESULT): those are
 * kept side by side. Within one space the first definition (in file order) wins and a different
 * value is reported. Definitions of pages the docgen project wrote (`ours`) come after Microsoft's:
 * where both give a value, Microsoft's is used and ours gives way (DG3009, info).
 */
export function indexReferences(defs: StatusCodeDef[], ours: ReadonlySet<StatusCodeDef> = new Set()): ReferenceIndex {
  const byName = new Map<string, StatusCodeDef[]>();
  const diagnostics: Diagnostic[] = [];
  for (const def of [...defs.filter((d) => !ours.has(d)), ...defs.filter((d) => ours.has(d))]) {
    const list = byName.get(def.name) ?? [];
    const first = list.find((d) => spaceOf(d) === spaceOf(def));
    if (!first) {
      list.push(def);
      list.sort((a, b) => SPACE_ORDER.indexOf(spaceOf(a)) - SPACE_ORDER.indexOf(spaceOf(b)));
      byName.set(def.name, list);
    } else if (ours.has(def) && !ours.has(first)) {
      diagnostics.push(
        diagnostic('DG3009', def.source.file, def.source.line, `${def.name} is given by Microsoft's page ${first.source.file}:${first.source.line}, so the value this page, which the docgen project wrote, gives is not used.`),
      );
    } else if (toUint32(first.value) !== toUint32(def.value)) {
      diagnostics.push(
        diagnostic(
          'DG4003',
          def.source.file,
          def.source.line,
          `${def.name} is ${hex8(def.value)} here but ${hex8(first.value)} in ${first.source.file}:${first.source.line}; the first is used.`,
        ),
      );
    }
  }
  return { byName, diagnostics };
}

const FAMILY_SPACE: Record<StatusFamily, StatusSpace> = { SECURITY_STATUS: 'HRESULT', HRESULT: 'HRESULT', NTSTATUS: 'NTSTATUS', WIN32: 'WIN32' };

/**
 * The definitions of a used name and the uses each one serves: with one definition, all uses;
 * with several (one per space), each use goes to the definition of its API's space, and a use
 * whose API returns no known status type goes to all of them.
 */
function usesPerDefinition(defs: StatusCodeDef[], uses: CodeUse[]): Array<{ def: StatusCodeDef; uses: CodeUse[] }> {
  if (defs.length === 1) return [{ def: defs[0]!, uses }];
  return defs.map((def) => ({ def, uses: uses.filter((u) => !u.family || !defs.some((d) => spaceOf(d) === FAMILY_SPACE[u.family!]) || FAMILY_SPACE[u.family] === spaceOf(def)) }));
}

/**
 * Resolves the codes the APIs use (plus the success and not-supported codes of the families the
 * APIs return, when a reference or a header defines them) into spec status codes. A code no source
 * gives a value for is kept with a null value (and DG4001), never given one.
 *
 * With C headers (`headerValue`), a header's value is the authority: it replaces a reference's in
 * the same space, and a reference that gives another value is reported (DG4007); a reference value
 * in another space (the HRESULT form of a Win32 error) stays beside it.
 */
export function resolveStatusCodes(
  uses: CodeUse[],
  families: StatusFamily[],
  refs: ReferenceIndex,
  headerValue?: (name: string) => HeaderStatus | undefined,
): { codes: StatusCode[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const usesByName = new Map<string, CodeUse[]>();
  for (const use of uses) {
    const list = usesByName.get(use.name);
    if (list) list.push(use);
    else usesByName.set(use.name, [use]);
  }
  const definitions = definitionSource(refs, headerValue, diagnostics);
  const codes = [...usesByName].flatMap(([name, list]) => resolveUsedCode(name, list, definitions, diagnostics));
  for (const family of families) {
    for (const name of [FAMILY_CODES[family].success, FAMILY_CODES[family].notSupported]) {
      const def = definitions.of(name)?.find((d) => spaceOf(d) === FAMILY_SPACE[family]);
      if (def && !usesByName.has(name) && !codes.some((c) => c.name === name && c.space === spaceOf(def))) {
        codes.push(fromValue(name, def.value, spaceOf(def), def.description, def.source, definitions.valueFrom(def), []));
      }
    }
  }
  return { codes: codes.sort(compareCodes), diagnostics };
}

interface DefinitionSource {
  /** The definitions of a name, in space order; undefined when neither a reference nor a header has it. */
  of(name: string): StatusCodeDef[] | undefined;
  /** Where a definition `of` returned came from. */
  valueFrom(def: StatusCodeDef): 'header' | 'reference';
}

/**
 * The reference definitions of a name with a header's value put in place of the reference's in
 * its space (DG4007 when they differ), and the reference's in other spaces beside it.
 */
function definitionSource(refs: ReferenceIndex, headerValue: ((name: string) => HeaderStatus | undefined) | undefined, diagnostics: Diagnostic[]): DefinitionSource {
  const fromHeader = new Set<StatusCodeDef>();
  const of = (name: string): StatusCodeDef[] | undefined => {
    const pages = refs.byName.get(name);
    const h = headerValue?.(name);
    if (!h) return pages;
    const def: StatusCodeDef = { name, value: h.value, type: h.space ?? spaceFromName(name, h.value), description: '', source: h.source };
    const same = pages?.find((d) => spaceOf(d) === spaceOf(def));
    if (same && toUint32(same.value) !== h.value) {
      diagnostics.push(
        diagnostic(
          'DG4007',
          same.source.file,
          same.source.line,
          `${name} is ${hex8(same.value)} here but the header ${h.source.file}:${h.source.line} defines it as ${hex8(h.value)}; the header's value is used.`,
        ),
      );
    }
    def.description = same?.description ?? '';
    fromHeader.add(def);
    return [def, ...(pages ?? []).filter((d) => spaceOf(d) !== spaceOf(def))].sort((a, b) => SPACE_ORDER.indexOf(spaceOf(a)) - SPACE_ORDER.indexOf(spaceOf(b)));
  };
  // Once per name: a name used by an API that is also a family's success or "not supported" code
  // is looked up twice, and its disagreement would be found twice.
  const known = new Map<string, StatusCodeDef[] | undefined>();
  const once = (name: string): StatusCodeDef[] | undefined => {
    if (!known.has(name)) known.set(name, of(name));
    return known.get(name);
  };
  return { of: once, valueFrom: (def) => (fromHeader.has(def) ? 'header' : 'reference') };
}

/**
 * The spec codes of one used name: one per definition (an inline value that disagrees is
 * reported, DG4002), else from the inline value (DG4004), else without a value (DG4001).
 */
function resolveUsedCode(name: string, list: CodeUse[], definitions: DefinitionSource, diagnostics: Diagnostic[]): StatusCode[] {
  const defs = definitions.of(name);
  if (defs) {
    for (const use of list) {
      if (use.inlineValue !== undefined && !defs.some((d) => toUint32(d.value) === toUint32(use.inlineValue!))) {
        const def = defs[0]!;
        diagnostics.push(
          diagnostic(
            'DG4002',
            use.source.file,
            use.source.line,
            `${name} is written as ${hex8(use.inlineValue)} here but the ${definitions.valueFrom(def)} ${def.source.file}:${def.source.line} gives ${hex8(def.value)}; that value is used.`,
          ),
        );
      }
    }
    // A header gives no prose: the description is the reference's, else the API page's.
    return usesPerDefinition(defs, list).map(({ def, uses: served }) =>
      fromValue(name, def.value, spaceOf(def), def.description || list[0]!.description, def.source, definitions.valueFrom(def), served),
    );
  }
  const withValue = list.find((u) => u.inlineValue !== undefined);
  if (withValue) {
    diagnostics.push(
      diagnostic('DG4004', withValue.source.file, withValue.source.line, `${name} has no entry in any status-code reference; the inline value ${hex8(withValue.inlineValue!)} is used.`),
    );
    return [fromValue(name, withValue.inlineValue!, undefined, withValue.description, withValue.source, 'inline', list)];
  }
  const first = list[0]!;
  diagnostics.push(diagnostic('DG4001', first.source.file, first.source.line, `${name} has no numeric value in any status-code reference in the docs.`));
  return [withoutValue(name, first.description, first.source, list)];
}

/**
 * The value of the status `name` for an API of `family`: the one in the family's space when the
 * name has values in several, else the first; undefined when no source gives one.
 */
export function statusValueOf(codes: readonly StatusCode[], name: string, family: StatusFamily | undefined): number | undefined {
  const valued = codes.filter((c) => c.name === name && c.value !== null);
  const inSpace = family ? valued.find((c) => c.space === FAMILY_SPACE[family]) : undefined;
  return (inSpace ?? valued[0])?.value ?? undefined;
}

/** Spec order of status codes: by name, then space (a name may have a value in several spaces). */
export function compareCodes(a: StatusCode, b: StatusCode): number {
  return compareStrings(a.name, b.name) || compareStrings(a.space ?? '', b.space ?? '');
}

function usedBy(uses: CodeUse[]): string[] {
  return [...new Set(uses.map((u) => u.api))].sort(compareStrings);
}

function fromValue(
  name: string,
  rawValue: number,
  type: StatusSpace | undefined,
  description: string,
  source: SourceRef,
  valueFrom: StatusCode['valueFrom'],
  uses: CodeUse[],
): StatusCode {
  const value = toUint32(rawValue);
  const space = type ?? spaceFromName(name, value);
  return {
    name,
    value,
    hex: hex8(value),
    space,
    severity: severityOf(value, space),
    facility: facilityOf(value, space),
    customer: customerBit(value),
    description,
    valueFrom,
    source,
    usedBy: usedBy(uses),
  };
}

/** A code no source gives a value for: every fact decoded from a value is absent. */
function withoutValue(name: string, description: string, source: SourceRef, uses: CodeUse[]): StatusCode {
  return { name, value: null, hex: null, space: null, severity: null, facility: null, customer: null, description, valueFrom: 'missing', source, usedBy: usedBy(uses) };
}

/** The status family of an API from its return type, or from the names of its documented codes. */
export function statusFamilyOf(returnType: string | undefined, codeNames: string[]): StatusFamily | undefined {
  const t = returnType?.replace(/\s+/g, ' ').trim().toUpperCase();
  if (t === 'SECURITY_STATUS') return 'SECURITY_STATUS';
  if (t === 'NTSTATUS') return 'NTSTATUS';
  if (t === 'HRESULT') return 'HRESULT';
  const counts = new Map<StatusFamily, number>();
  for (const name of codeNames) {
    const family: StatusFamily | undefined = /^SEC_[EI]_/.test(name)
      ? 'SECURITY_STATUS'
      : /^STATUS_/.test(name)
        ? 'NTSTATUS'
        : /^(ERROR_|NO_ERROR$)/.test(name)
          ? 'WIN32'
          : /^(S_OK|S_FALSE|E_[A-Z]|[A-Z]+_[ES]_)/.test(name)
            ? 'HRESULT'
            : undefined;
    if (family) counts.set(family, (counts.get(family) ?? 0) + 1);
  }
  if (t === 'VOID' || t === 'VOID *' || t === 'PVOID') return undefined;
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
  return ranked[0]?.[0];
}
