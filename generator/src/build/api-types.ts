/**
 * Resolving the C types the APIs use: collects every use (return types, parameters, fields) and
 * every type definition the pages' syntax blocks give, and hands them to ctypes/resolve.ts.
 *
 * An API with no prototype on any page borrows the types of its counterpart (the asynchronous
 * functions take "all the same parameters as their synchronous counterpart"): a parameter of the
 * same name gets the counterpart's C type, and the return type is the counterpart's; both are
 * marked `inferred` and reported (DG5002). Anything else stays `unknown` (DG5003).
 */
import { compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { CDeclaration, PageModel } from '../model/page.js';
import type { Api, ApiParameter, TypeInfo } from '../model/spec.js';
import { parseCTypeDefinitions } from '../parse/c-declaration.js';
import { resolveTypes, typeKey, type LearnedDefinition, type TypeUse } from '../ctypes/resolve.js';
import { apiKey, type MergedApi } from './merge-apis.js';
import type { HeaderLookup } from '../headers/lookup.js';

type Resolution = ApiParameter['typeResolution'];

export interface ApiTypes {
  returnType?: string;
  returnTypeResolution?: Resolution;
  parameters: Pick<ApiParameter, 'cType' | 'type' | 'typeResolution'>[];
}

export interface ApiTypeResult {
  types: TypeInfo[];
  /** Per API (by `apiKey`). */
  apiTypes: Map<string, ApiTypes>;
  diagnostics: Diagnostic[];
}

const KINDS_WITH_SIGNATURES = new Set<Api['kind']>(['function', 'callback', 'method']);

interface Signature {
  returnType?: { cType: string; resolution: Resolution };
  parameters: { cType?: string; resolution: Resolution }[];
}

/** `counterparts`: async API name → sync API name. */
export function resolveApiTypes(merged: MergedApi[], pages: PageModel[], counterparts: Map<string, string>, headers?: HeaderLookup): ApiTypeResult {
  const { signatures, diagnostics } = collectSignatures(merged, counterparts);
  const definitions = learnDefinitions(pages);
  const resolved = resolveTypes(typeUses(merged, signatures, definitions, headers), definitions, headers);
  const apiTypes = typesOfApis(merged, signatures, new Set(resolved.types.map((t) => t.name)));
  const all = [...diagnostics, ...resolved.diagnostics].sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line);
  return { types: resolved.types, apiTypes, diagnostics: all };
}

/**
 * The C signature of every API (by `apiKey`): its own declaration's, else one borrowed from its
 * counterpart (DG5002); an API with neither has none (DG5003).
 */
function collectSignatures(merged: MergedApi[], counterparts: Map<string, string>): { signatures: Map<string, Signature>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byName = new Map(merged.map((m) => [m.primary.name, m]));
  const related = new Map<string, string>();
  for (const [asyncName, syncName] of counterparts) {
    related.set(asyncName, syncName);
    related.set(syncName, asyncName);
  }
  const signatures = new Map<string, Signature>();
  for (const m of merged) {
    const own: Resolution = m.declarationFrom ?? 'prototype';
    if (m.declaration) {
      signatures.set(apiKey(m.primary), {
        returnType: m.declaration.returnType ? { cType: m.declaration.returnType, resolution: own } : undefined,
        parameters: m.parameters.map((p) => ({ cType: p.cType, resolution: p.cType ? own : 'unknown' })),
      });
      continue;
    }
    // An API declared in another language (a WMI method in MOF) has no C types to resolve.
    if (!KINDS_WITH_SIGNATURES.has(m.primary.kind) || m.primary.language !== undefined) continue;
    const partnerName = related.get(m.primary.name);
    const partner = partnerName ? byName.get(partnerName)?.declaration : undefined;
    const s = m.primary.source;
    if (!partner || !partnerName) {
      diagnostics.push(diagnostic('DG5003', s.file, s.line, `${m.primary.name} has no C declaration on any page, so its parameter and return types are unknown.`));
      continue;
    }
    const signature = borrowSignature(m, partner);
    signatures.set(apiKey(m.primary), signature);
    const borrowed = signature.parameters.filter((p) => p.cType).length;
    diagnostics.push(
      diagnostic(
        'DG5002',
        s.file,
        s.line,
        `${m.primary.name} has no C declaration; its return type and ${borrowed} of ${signature.parameters.length} parameter type(s) were inferred from its counterpart ${partnerName}.`,
      ),
    );
  }
  return { signatures, diagnostics };
}

/** The type definitions the pages' syntax blocks give, each with the API whose page gives it. */
function learnDefinitions(pages: PageModel[]): LearnedDefinition[] {
  return pages.flatMap((page) =>
    page.apis.flatMap((api) =>
      (api.syntax ?? []).flatMap((block) => parseCTypeDefinitions(block.text, block.source).map((definition) => ({ definition, documents: api.name }))),
    ),
  );
}

/** Every C type the APIs use: return, parameter and field types, and the documented types a source defines. */
function typeUses(merged: MergedApi[], signatures: Map<string, Signature>, definitions: LearnedDefinition[], headers: HeaderLookup | undefined): TypeUse[] {
  const defined = new Set(definitions.flatMap((d) => [...d.definition.names.map((n) => n.name), ...(d.definition.tag ? [d.definition.tag] : [])]));
  const uses: TypeUse[] = [];
  for (const m of merged) {
    const signature = signatures.get(apiKey(m.primary));
    const source = m.declaration?.source ?? m.primary.source;
    if (signature?.returnType) uses.push({ type: signature.returnType.cType, source });
    for (const p of signature?.parameters ?? []) if (p.cType) uses.push({ type: p.cType, source });
    for (const f of m.primary.fields) if (f.type) uses.push({ type: f.type, source: f.source });
    // A documented structure, enumeration or callback type that a header or a page's syntax block
    // defines is a type the package declares, used or not (one no source defines stays as the pages give it).
    const declared = (headers && declaresType(headers, m.primary.name)) || defined.has(m.primary.name);
    if ((m.primary.kind === 'structure' || m.primary.kind === 'enumeration' || m.primary.kind === 'callback') && m.primary.language === undefined && declared) {
      uses.push({ type: m.primary.name, source: m.primary.source });
    }
  }
  return uses;
}

/** Each API's return and parameter types as resolved type keys (`unknown` for a type that did not resolve). */
function typesOfApis(merged: MergedApi[], signatures: Map<string, Signature>, known: ReadonlySet<string>): Map<string, ApiTypes> {
  const keyOf = (cType: string | undefined): string => {
    const key = cType ? typeKey(cType) : '';
    return key && known.has(key) ? key : 'unknown';
  };
  const apiTypes = new Map<string, ApiTypes>();
  for (const m of merged) {
    const signature = signatures.get(apiKey(m.primary));
    apiTypes.set(apiKey(m.primary), {
      returnType: signature?.returnType ? keyOf(signature.returnType.cType) : undefined,
      returnTypeResolution: signature?.returnType?.resolution,
      parameters: m.parameters.map((p, i) => {
        const s = signature?.parameters[i];
        return { cType: s?.cType, type: keyOf(s?.cType), typeResolution: s?.cType ? s.resolution : 'unknown' };
      }),
    });
  }
  return apiTypes;
}

function declaresType(headers: HeaderLookup, name: string): boolean {
  return !!(headers.typedef(name) ?? headers.callback(name) ?? headers.record(`struct ${name}`) ?? headers.record(`union ${name}`) ?? headers.enumeration(`enum ${name}`));
}

/** Parameters of the same name take the counterpart's C type; the return type is the counterpart's. */
function borrowSignature(m: MergedApi, partner: CDeclaration): Signature {
  return {
    returnType: partner.returnType ? { cType: partner.returnType, resolution: 'inferred' } : undefined,
    parameters: m.parameters.map((p) => {
      const match = partner.parameters.find((q) => q.name === p.name);
      return match ? { cType: match.type, resolution: 'inferred' } : { resolution: 'unknown' };
    }),
  };
}
