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
import type { Api, ApiParameter, TypeInfo } from '../model/spec.js';
import { resolveTypes, typeKey, type LearnedDefinition, type TypeUse } from '../ctypes/resolve.js';
import type { KeyFacts } from './key-facts.js';
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

/** `definitions`: the type definitions the pages give; `counterparts`: async API name → sync API name. */
export function resolveApiTypes(apis: readonly KeyFacts[], definitions: LearnedDefinition[], counterparts: Map<string, string>, headers?: HeaderLookup): ApiTypeResult {
  const { signatures, diagnostics } = collectSignatures(apis, counterparts);
  const resolved = resolveTypes(typeUses(apis, signatures, definitions, headers), definitions, headers);
  const apiTypes = typesOfApis(apis, signatures, new Set(resolved.types.map((t) => t.name)));
  const all = [...diagnostics, ...resolved.diagnostics].sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line);
  return { types: resolved.types, apiTypes, diagnostics: all };
}

/**
 * The C signature of every API (by key): its own declaration's, else one borrowed from its
 * counterpart (DG5002); an API with neither has none (DG5003).
 */
function collectSignatures(apis: readonly KeyFacts[], counterparts: Map<string, string>): { signatures: Map<string, Signature>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byName = new Map(apis.map((a) => [a.name, a]));
  const related = new Map<string, string>();
  for (const [asyncName, syncName] of counterparts) {
    related.set(asyncName, syncName);
    related.set(syncName, asyncName);
  }
  const signatures = new Map<string, Signature>();
  for (const a of apis) {
    if (a.declaration) {
      const own = a.declaration.from;
      signatures.set(a.key, {
        returnType: a.declaration.returnType ? { cType: a.declaration.returnType, resolution: own } : undefined,
        parameters: a.parameterTypes.map((cType) => ({ cType, resolution: cType ? own : 'unknown' })),
      });
      continue;
    }
    // An API declared in another language (a WMI method in MOF) has no C types to resolve.
    if (!KINDS_WITH_SIGNATURES.has(a.kind) || a.language !== undefined) continue;
    const partnerName = related.get(a.name);
    const partner = partnerName ? byName.get(partnerName) : undefined;
    const s = a.source;
    if (!partner?.declaration || !partnerName) {
      diagnostics.push(diagnostic('DG5003', s.file, s.line, `${a.name} has no C declaration on any page, so its parameter and return types are unknown.`));
      continue;
    }
    const signature = borrowSignature(a, partner);
    signatures.set(a.key, signature);
    const borrowed = signature.parameters.filter((p) => p.cType).length;
    diagnostics.push(
      diagnostic(
        'DG5002',
        s.file,
        s.line,
        `${a.name} has no C declaration; its return type and ${borrowed} of ${signature.parameters.length} parameter type(s) were inferred from its counterpart ${partnerName}.`,
      ),
    );
  }
  return { signatures, diagnostics };
}

/** Every C type the APIs use: return, parameter and field types, and the documented types a source defines. */
function typeUses(apis: readonly KeyFacts[], signatures: Map<string, Signature>, definitions: LearnedDefinition[], headers: HeaderLookup | undefined): TypeUse[] {
  const defined = new Set(definitions.flatMap((d) => [...d.definition.names.map((n) => n.name), ...(d.definition.tag ? [d.definition.tag] : [])]));
  const uses: TypeUse[] = [];
  for (const a of apis) {
    const signature = signatures.get(a.key);
    const source = a.declaration?.source ?? a.source;
    if (signature?.returnType) uses.push({ type: signature.returnType.cType, source });
    for (const p of signature?.parameters ?? []) if (p.cType) uses.push({ type: p.cType, source });
    for (const f of a.fieldTypes) uses.push({ type: f.type, source: f.source });
    // A documented structure, enumeration or callback type that a header or a page's syntax block
    // defines is a type the package declares, used or not (one no source defines stays as the pages give it).
    const declared = (headers && declaresType(headers, a.name)) || defined.has(a.name);
    if ((a.kind === 'structure' || a.kind === 'enumeration' || a.kind === 'callback') && a.language === undefined && declared) {
      uses.push({ type: a.name, source: a.source });
    }
  }
  return uses;
}

/** Each API's return and parameter types as resolved type keys (`unknown` for a type that did not resolve). */
function typesOfApis(apis: readonly KeyFacts[], signatures: Map<string, Signature>, known: ReadonlySet<string>): Map<string, ApiTypes> {
  const keyOf = (cType: string | undefined): string => {
    const key = cType ? typeKey(cType) : '';
    return key && known.has(key) ? key : 'unknown';
  };
  const apiTypes = new Map<string, ApiTypes>();
  for (const a of apis) {
    const signature = signatures.get(a.key);
    apiTypes.set(a.key, {
      returnType: signature?.returnType ? keyOf(signature.returnType.cType) : undefined,
      returnTypeResolution: signature?.returnType?.resolution,
      parameters: a.parameterTypes.map((_, i) => {
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

/**
 * Parameters of the same name take the counterpart's C type; the return type is the counterpart's.
 * The only reader of parameter names here (`KeyFacts.counterpartNames`).
 */
function borrowSignature(api: KeyFacts, partner: KeyFacts): Signature {
  return {
    returnType: partner.declaration?.returnType ? { cType: partner.declaration.returnType, resolution: 'inferred' } : undefined,
    parameters: api.counterpartNames.parameters.map((name) => {
      const match = partner.counterpartNames.declared.find((q) => q.name === name);
      return match ? { cType: match.type, resolution: 'inferred' } : { resolution: 'unknown' };
    }),
  };
}
