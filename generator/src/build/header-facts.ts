/**
 * What the spec takes from the C headers (`--headers`), as the page model's shapes: an API's
 * declaration (`CDeclaration`, the prototype Microsoft's docs build injects into the "Syntax"
 * block), its A/W mapping, status values and the members of documented structures and
 * enumerations. Pure: a header lookup in, facts out; every fact keeps its header file and line
 * (`SourceRef.headers` says which headers folder).
 *
 * Which declaration an API gets:
 * - a function: the header function of its name; a documented neutral name (`AcquireCredentialsHandle`)
 *   gets the wide function it stands for (`AcquireCredentialsHandleW`), as a UNICODE build does;
 * - a callback: the callback typedef of its name (`typedef NTSTATUS (NTAPI NAME)(…)` or a pointer
 *   typedef);
 * - a method: the function-pointer member of its interface's vtable (`IFooVtbl`), without `This`.
 */
import type { CDeclaration, CParameter, SourceRef } from '../model/page.js';
import type { HeaderLookup } from '../headers/lookup.js';
import type { HeaderField, HeaderParameter, HeaderSignature, StatusSpace as HeaderSpace } from '../headers/model.js';
import type { Api, StatusSpace } from '../model/spec.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { apiKey, type MergedApi } from './merge-apis.js';

export interface HeaderApi {
  /** The declaration as the header gives it (parameters named as the header names them). */
  declaration: CDeclaration;
  /** The A/W mapping of the API's name, when the header declares one. */
  nameVariants?: { neutral: string; ansi: string; wide: string; source: SourceRef };
}

/** A header fact's source with the headers folder it is in. */
export function headerSource(lookup: HeaderLookup, ref: { file: string; line: number }): SourceRef {
  return lookup.sourceRef(ref);
}

/** The header's declaration of a documented API, or undefined when no header declares it. */
export function headerApi(lookup: HeaderLookup, api: { name: string; kind: string; parent?: string }): HeaderApi | undefined {
  const variants = lookup.nameVariants(api.name);
  const nameVariants = variants && { neutral: variants.neutral, ansi: variants.ansi, wide: variants.wide, source: headerSource(lookup, variants.source) };
  const found = findSignature(lookup, api, variants?.neutral === api.name ? variants.wide : undefined);
  if (!found) return undefined;
  const declaration = toDeclaration(found.name, found.signature, headerSource(lookup, found.source), found.typedefName);
  return { declaration, ...(nameVariants ? { nameVariants } : {}) };
}

interface FoundSignature {
  name: string;
  signature: HeaderSignature;
  source: { file: string; line: number };
  typedefName?: string;
}

function findSignature(lookup: HeaderLookup, api: { name: string; kind: string; parent?: string }, wide: string | undefined): FoundSignature | undefined {
  if (api.kind === 'function') {
    const fn = lookup.function(api.name) ?? (wide !== undefined ? lookup.function(wide) : undefined);
    return fn && { name: fn.name, signature: fn, source: fn.source };
  }
  if (api.kind === 'callback') {
    const cb = lookup.callback(api.name) ?? (wide !== undefined ? lookup.callback(wide) : undefined);
    return cb && { name: cb.name, signature: cb, source: cb.source, typedefName: cb.name };
  }
  if (api.kind === 'method' && api.parent) {
    const vtable = lookup.record(`${api.parent}Vtbl`);
    const slot = vtable && findMethodSlot(vtable.fields, api.name);
    if (!vtable || !slot?.signature) return undefined;
    // The first parameter of a vtable slot is the interface pointer (`This`), which the docs never list.
    const signature = { ...slot.signature, parameters: slot.signature.parameters.slice(1) };
    return { name: api.name, signature, source: { file: vtable.source.file, line: slot.line } };
  }
  return undefined;
}

function findMethodSlot(fields: readonly HeaderField[], name: string): HeaderField | undefined {
  for (const f of fields) {
    if (f.name === name && f.signature) return f;
    const inner = f.record && findMethodSlot(f.record.fields, name);
    if (inner) return inner;
  }
  return undefined;
}

/** A header signature as the page model's declaration, with a prototype text written the way the docs show it. */
export function toDeclaration(name: string, signature: HeaderSignature, source: SourceRef, typedefName?: string): CDeclaration {
  const parameters = signature.parameters.map((p, i) => toParameter(p, i));
  const declaration: CDeclaration = {
    name,
    returnType: signature.returnType,
    parameters,
    text: prototypeText(name, signature, parameters, typedefName !== undefined),
    source,
  };
  if (signature.callingConvention) declaration.callingConvention = signature.callingConvention;
  if (typedefName !== undefined) declaration.typedefName = typedefName;
  if (signature.variadic) declaration.variadic = true;
  return declaration;
}

function toParameter(p: HeaderParameter, index: number): CParameter {
  // An array parameter decays to a pointer; the dimension stays in the type for the reader of the prototype.
  const type = p.dims?.length ? `${p.type}[${p.dims.join('][')}]` : p.type;
  const parameter: CParameter = { name: p.name ?? `unnamedParam${index + 1}`, type };
  if (p.direction) parameter.direction = p.direction;
  if (p.optional) parameter.optional = true;
  if (p.sal) parameter.sal = p.sal;
  return parameter;
}

function prototypeText(name: string, signature: HeaderSignature, parameters: readonly CParameter[], isTypedef: boolean): string {
  const head = [isTypedef ? 'typedef' : '', signature.returnType, isTypedef ? `(${signature.callingConvention ? `${signature.callingConvention} ` : ''}${name})` : [signature.callingConvention, name].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(' ');
  const params = parameters.map((p) => `  ${p.sal ? `${p.sal} ` : ''}${p.type} ${p.name}`);
  if (signature.variadic) params.push('  ...');
  return params.length === 0 ? `${head}(void);` : `${head}(\n${params.join(',\n')}\n);`;
}

/** A status value a header defines: its unsigned 32-bit value, the space its form or name gives, and where. */
export interface HeaderStatus {
  name: string;
  value: number;
  /** The space the definition's form gives (`_HRESULT_TYPEDEF_`, an NTSTATUS cast); undefined for a plain number. */
  space?: StatusSpace;
  source: SourceRef;
}

const SPACE_OF_FORM: Record<HeaderSpace, StatusSpace | undefined> = { HRESULT: 'HRESULT', NTSTATUS: 'NTSTATUS', plain: undefined };

export function headerStatus(lookup: HeaderLookup, name: string): HeaderStatus | undefined {
  const found = lookup.status(name);
  if (!found) return undefined;
  const space = SPACE_OF_FORM[found.space];
  return { name, value: found.value, ...(space ? { space } : {}), source: headerSource(lookup, found.source) };
}

/** What a header says of one member of a documented structure (a field's type) or enumeration (a constant's value). */
export interface HeaderMember {
  name: string;
  type?: string;
  value?: string;
  source: SourceRef;
}

/**
 * The members the headers give each documented structure and enumeration, by API key. A value or
 * type a page states that differs from the header's is reported (DG3007); the header's is used.
 */
export function headerMembers(merged: readonly MergedApi[], lookup: HeaderLookup, diagnostics: Diagnostic[]): Map<string, HeaderMember[]> {
  const out = new Map<string, HeaderMember[]>();
  for (const m of merged) {
    const api = m.primary;
    if (api.language !== undefined) continue;
    const members = api.kind === 'structure' ? recordMembers(lookup, api.name) : api.kind === 'enumeration' ? enumMembers(lookup, api.name) : undefined;
    if (!members || members.length === 0) continue;
    out.set(apiKey(api), members);
    for (const field of api.fields) {
      const h = members.find((x) => x.name === field.name);
      if (h?.value !== undefined && field.value !== undefined && !sameNumber(field.value, h.value)) {
        diagnostics.push(
          diagnostic('DG3007', field.source.file, field.source.line, `The page gives ${api.name}.${field.name} the value ${field.value} but the header ${h.source.file}:${h.source.line} gives ${h.value}; the header's is used.`),
        );
      }
    }
  }
  return out;
}

function recordMembers(lookup: HeaderLookup, name: string): HeaderMember[] | undefined {
  const record = lookup.record(name);
  if (!record || record.incomplete) return undefined;
  const flat = (fields: readonly HeaderField[]): HeaderMember[] =>
    fields.flatMap((f) => {
      if (f.record && f.name === undefined) return flat(f.record.fields);
      if (f.name === undefined) return [];
      const type = f.signature ? 'void *' : f.dims?.length ? `${f.type}[${(f.sizes ?? f.dims).join('][')}]` : f.type;
      return [{ name: f.name, ...(f.record ? {} : { type }), source: lookup.sourceRef({ file: record.source.file, line: f.line }) }];
    });
  return flat(record.fields);
}

function enumMembers(lookup: HeaderLookup, name: string): HeaderMember[] | undefined {
  const found = lookup.enumeration(name);
  if (!found || found.incomplete) return undefined;
  return found.constants.map((c) => ({
    name: c.name,
    ...(c.value !== undefined ? { value: String(c.value) } : {}),
    source: lookup.sourceRef({ file: found.source.file, line: c.line }),
  }));
}

function sameNumber(a: string, b: string): boolean {
  const n = (t: string): bigint | undefined => {
    try {
      return BigInt(t.trim().replace(/[uUlL]+$/, ''));
    } catch {
      return undefined;
    }
  };
  const x = n(a);
  const y = n(b);
  return x !== undefined && y !== undefined ? x === y : a.trim() === b.trim();
}

/**
 * An entry's members with what the header says of each (`header`), the type or value filled in
 * from it when the page gives none; a structure or enumeration whose page lists no members takes
 * the header's.
 */
export function withHeaderMembers(api: Api, members: readonly HeaderMember[] | undefined): Api {
  if (!members || members.length === 0) return api;
  const fact = (h: HeaderMember): NonNullable<Api['fields'][number]['header']> => ({ ...(h.type !== undefined ? { type: h.type } : {}), ...(h.value !== undefined ? { value: h.value } : {}), source: h.source });
  if (api.fields.length === 0) {
    return { ...api, fields: members.map((h) => ({ name: h.name, ...(h.type !== undefined ? { type: h.type } : {}), ...(h.value !== undefined ? { value: h.value } : {}), description: '', source: h.source, header: fact(h) })) };
  }
  return {
    ...api,
    fields: api.fields.map((f) => {
      const h = members.find((x) => x.name === f.name);
      if (!h) return f;
      return { ...f, type: f.type ?? h.type, value: h.value ?? f.value, header: fact(h) };
    }),
  };
}
