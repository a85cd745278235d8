/**
 * Giving every status code an API names a numeric value, a space and a severity.
 *
 * Values come from status-code reference pages in the docs folder; a value written inline on an
 * API page is used only when no reference has the code. Every disagreement is a diagnostic.
 */
import { compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { SourceRef, StatusCodeDef } from '../model/page.js';
import type { StatusCode, StatusFamily, StatusSpace } from '../model/spec.js';
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
  inlineValue?: number;
  description: string;
  source: SourceRef;
}

export interface ReferenceIndex {
  byName: Map<string, StatusCodeDef>;
  diagnostics: Diagnostic[];
}

/** Indexes reference definitions by name; the first definition (in file order) wins, conflicts are reported. */
export function indexReferences(defs: StatusCodeDef[]): ReferenceIndex {
  const byName = new Map<string, StatusCodeDef>();
  const diagnostics: Diagnostic[] = [];
  for (const def of defs) {
    const first = byName.get(def.name);
    if (!first) {
      byName.set(def.name, def);
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

/**
 * Resolves the codes the APIs use (plus the success and not-supported codes of the families the
 * APIs return, when a reference defines them) into spec status codes.
 */
export function resolveStatusCodes(uses: CodeUse[], families: StatusFamily[], refs: ReferenceIndex): { codes: StatusCode[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const usesByName = new Map<string, CodeUse[]>();
  for (const use of uses) {
    const list = usesByName.get(use.name);
    if (list) list.push(use);
    else usesByName.set(use.name, [use]);
  }
  const codes: StatusCode[] = [];

  for (const [name, list] of usesByName) {
    const def = refs.byName.get(name);
    const withValue = list.find((u) => u.inlineValue !== undefined);
    if (def) {
      for (const use of list) {
        if (use.inlineValue !== undefined && toUint32(use.inlineValue) !== toUint32(def.value)) {
          diagnostics.push(
            diagnostic(
              'DG4002',
              use.source.file,
              use.source.line,
              `${name} is written as ${hex8(use.inlineValue)} here but the reference ${def.source.file}:${def.source.line} gives ${hex8(def.value)}; the reference value is used.`,
            ),
          );
        }
      }
      codes.push(fromValue(name, def.value, def.type, def.description, def.source, 'reference', list));
    } else if (withValue) {
      diagnostics.push(
        diagnostic('DG4004', withValue.source.file, withValue.source.line, `${name} has no entry in any status-code reference; the inline value ${hex8(withValue.inlineValue!)} is used.`),
      );
      codes.push(fromValue(name, withValue.inlineValue!, undefined, withValue.description, withValue.source, 'inline', list));
    } else {
      const first = list[0]!;
      diagnostics.push(diagnostic('DG4001', first.source.file, first.source.line, `${name} has no numeric value in any status-code reference in the docs.`));
      codes.push({ ...fromValue(name, 0, undefined, first.description, first.source, 'missing', list) });
    }
  }

  for (const family of families) {
    for (const name of [FAMILY_CODES[family].success, FAMILY_CODES[family].notSupported]) {
      const def = refs.byName.get(name);
      if (def && !usesByName.has(name)) codes.push(fromValue(name, def.value, def.type, def.description, def.source, 'reference', []));
    }
  }
  return { codes: codes.sort((a, b) => compareStrings(a.name, b.name)), diagnostics };
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
    usedBy: [...new Set(uses.map((u) => u.api))].sort(compareStrings),
  };
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
