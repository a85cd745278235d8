/**
 * Raw facts of one header → the index's facts, once the macros of every header are known:
 * specifiers become normalised types, members under `#if` are kept when the build reads them,
 * SAL annotations give directions, bit widths and array sizes are evaluated.
 */
import { salMeaning } from '../parse/c-declaration.js';
import type { Direction } from '../model/page.js';
import type {
  HeaderField,
  HeaderParameter,
  HeaderRecordBody,
  HeaderSignature,
  RawField,
  RawParameter,
  RawRecordBody,
  RawSignature,
} from './model.js';
import type { TypeResolver } from './resolve-types.js';
import type { ValueEvaluator } from './values.js';
import { CALLING_CONVENTIONS, isDecorationWord } from '../parse/c-tokens.js';
import { COMPILER_CALLING_CONVENTIONS } from './syntax.js';

export interface ConvertContext {
  resolver: TypeResolver;
  /** The header (index in the merge's file order) the facts come from. */
  file: number;
  /** Whether a member region of the header is read in the chosen build. */
  active(region: number): boolean;
  values(): ValueEvaluator;
}

export function convertSignature(raw: RawSignature, context: ConvertContext): HeaderSignature {
  const ret = context.resolver.resolve(raw.returnSpec, context.file);
  const signature: HeaderSignature = {
    returnType: ret.type,
    parameters: raw.parameters.filter((p) => p.region === undefined || context.active(p.region)).map((p) => convertParameter(p, context)),
  };
  const convention = raw.callingConvention !== undefined ? resolveConvention(raw.callingConvention, context).convention : ret.callingConvention;
  if (convention) signature.callingConvention = convention;
  if (raw.variadic) signature.variadic = true;
  return signature;
}

/**
 * The words written before the `*` of a function-pointer declarator (`NTAPI`, `APIENTRYP`,
 * `USB_BUSIFFN`): calling conventions are kept as written, decorations dropped; a macro such
 * as `APIENTRYP` that also holds the `*` makes the declarator a pointer.
 */
export function resolveConvention(words: string, context: ConvertContext): { convention?: string; pointer: boolean } {
  const kept: string[] = [];
  let pointer = false;
  for (const word of words.split(' ').filter(Boolean)) {
    if (CALLING_CONVENTIONS.has(word) || COMPILER_CALLING_CONVENTIONS.has(word)) {
      kept.push(word);
      continue;
    }
    const role = context.resolver.role(word);
    if (role === 'pointer-convention') pointer = true;
    if (role === 'convention' || role === 'pointer-convention' || (role === undefined && !isDecorationWord(word)) || role === 'keep' || role === 'expand') kept.push(word);
  }
  return kept.length ? { convention: kept.join(' '), pointer } : { pointer };
}

/** `R (*)(T1, T2)` — the spelling the page reader gives function-pointer types. */
export function functionPointerType(signature: HeaderSignature, pointer: boolean): string {
  const params = signature.parameters.map((p) => p.type);
  if (signature.variadic) params.push('...');
  return `${signature.returnType} (${pointer ? '*' : ''})(${params.join(', ')})`;
}

/** The type of a parameter or field: a function pointer's (with its signature), else its resolved specifier's. */
function typeOfDeclarator(raw: Pick<RawParameter, 'signature' | 'pointer' | 'spec'>, context: ConvertContext): { type: string; signature?: HeaderSignature } {
  if (!raw.signature) return { type: context.resolver.resolve(raw.spec, context.file).type };
  const signature = convertSignature(raw.signature, context);
  const pointer = raw.pointer === true || resolveConvention(raw.signature.callingConvention ?? '', context).pointer;
  return { type: functionPointerType(signature, pointer), signature };
}

function convertParameter(raw: RawParameter, context: ConvertContext): HeaderParameter {
  const parameter = { type: '' } as HeaderParameter;
  if (raw.name !== undefined) parameter.name = raw.name;
  Object.assign(parameter, typeOfDeclarator(raw, context));
  if (raw.dims) parameter.dims = raw.dims;
  if (raw.sal?.length) {
    parameter.sal = raw.sal.join(' ');
    const meaning = annotationMeaning(raw.sal);
    if (meaning.direction) parameter.direction = meaning.direction;
    if (meaning.optional) parameter.optional = true;
  }
  return parameter;
}

/** Direction and optionality from SAL (`_In_opt_`) and the DDK's `IN`/`OUT`/`OPTIONAL`; `IN OUT` is inout. */
function annotationMeaning(annotations: readonly string[]): { direction?: Direction; optional: boolean } {
  const directions: Direction[] = [];
  let optional = false;
  for (const annotation of annotations) {
    const word = /^\w+/.exec(annotation)?.[0] ?? '';
    if (word === 'OPTIONAL') optional = true;
    else if (word === 'IN') directions.push('in');
    else if (word === 'OUT') directions.push('out');
    else if (word === 'INOUT' || word === 'IN_OUT') directions.push('inout');
    else {
      const meaning = salMeaning(word);
      if (meaning.direction) directions.push(meaning.direction);
      if (meaning.optional) optional = true;
    }
  }
  const result: { direction?: Direction; optional: boolean } = { optional };
  if (directions.includes('inout') || (directions.includes('in') && directions.includes('out'))) result.direction = 'inout';
  else if (directions[0]) result.direction = directions[0];
  return result;
}

export function convertRecordBody(raw: RawRecordBody, context: ConvertContext): HeaderRecordBody {
  const body: HeaderRecordBody = { kind: raw.kind, fields: convertFields(raw.fields, context) };
  if (raw.tag) body.tag = raw.tag;
  if (raw.align) {
    body.align = raw.align;
    const value = alignmentValue(raw.align, context);
    if (value !== undefined) body.alignValue = value;
  }
  if (raw.pack !== undefined) {
    const pack = context.values().evaluateText(raw.pack);
    if (pack && pack.v > 0n && pack.v <= 256n) body.pack = Number(pack.v);
  }
  return body;
}

/** The number in `align(N)` / `aligned(N)` after macro expansion (`DECLSPEC_ALIGN(16)`). */
function alignmentValue(text: string, context: ConvertContext): number | undefined {
  const direct = /align(?:ed)?\W*\(\s*(\w+)\s*\)/i.exec(text)?.[1];
  const argument = direct ?? /\(\s*([^()]+?)\s*\)$/.exec(text)?.[1];
  if (!argument) return undefined;
  const value = context.values().evaluateText(argument);
  return value && value.v > 0n && value.v <= 4096n ? Number(value.v) : undefined;
}

function convertFields(fields: readonly RawField[], context: ConvertContext): HeaderField[] {
  const out: HeaderField[] = [];
  for (const raw of fields) {
    if (raw.region !== undefined && !context.active(raw.region)) continue;
    const field = { type: '', line: raw.line } as HeaderField;
    const name = raw.name === undefined ? undefined : context.resolver.memberName(raw.name);
    if (name !== undefined) field.name = name;
    Object.assign(field, typeOfDeclarator(raw, context));
    if (raw.dims) {
      field.dims = raw.dims;
      const sizes = dimensionSizes(raw.dims, context.values());
      if (sizes) field.sizes = sizes;
    }
    if (raw.bits !== undefined) {
      const bits = context.values().evaluateText(raw.bits);
      if (bits && bits.v >= 0n && bits.v <= 64n) field.bits = Number(bits.v);
    }
    if (raw.record) field.record = convertRecordBody(raw.record, context);
    // A word that resolves to nothing (`END_INTERFACE` before the closing brace) is no member.
    if (field.type === '' && field.name === undefined && !field.record) continue;
    out.push(field);
  }
  return out;
}

/** Array sizes of dimensions that evaluate (`[MAX_PATH + 1]` → 261); undefined when one does not. */
export function dimensionSizes(dims: readonly string[] | undefined, values: ValueEvaluator): number[] | undefined {
  if (!dims?.length) return undefined;
  const sizes: number[] = [];
  for (const dim of dims) {
    const value = dim ? values.evaluateText(dim) : undefined;
    if (!value || value.v < 0n || value.v > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
    sizes.push(Number(value.v));
  }
  return sizes;
}
