/**
 * Numeric values: `#define` constants, status values and enumeration constants, evaluated as
 * C on 64-bit Windows (LLP64) with every header's macros and enumeration constants.
 *
 * A constant's status space comes from its form: `_HRESULT_TYPEDEF_(n)`-style macros and casts
 * to a status type (`((NTSTATUS)0xC0000001L)`, `((HRESULT)0x…)`, `((SECURITY_STATUS)…)`)
 * name it; anything else is plain.
 */
import { evaluate, parseIntLiteral, type CastType, type IntValue } from './expr.js';
import type { GlobalMacros } from './global-macros.js';
import { lexTokens } from './lex.js';
import type { Tok } from './macros.js';
import type { ConstantForm, HeaderInt, StatusSpace } from './model.js';

/** Widths of the C types and Windows base types casts name (LLP64). */
const KNOWN_WIDTHS: Record<string, CastType> = {};
const widths: [number, boolean, string[]][] = [
  [8, false, ['char', 'signed char', 'CHAR', 'CCHAR', 'INT8', '__int8']],
  [8, true, ['unsigned char', 'BYTE', 'UCHAR', 'BOOLEAN', 'UINT8', '_Bool', 'bool', 'unsigned __int8']],
  [16, false, ['short', 'short int', 'signed short', 'SHORT', 'INT16', '__int16']],
  [16, true, ['unsigned short', 'unsigned short int', 'WORD', 'USHORT', 'WCHAR', 'wchar_t', 'UINT16', 'ATOM', 'LANGID', 'unsigned __int16']],
  [32, false, ['int', 'signed', 'signed int', 'long', 'long int', 'signed long', 'INT', 'LONG', 'BOOL', 'WINBOOL', 'INT32', 'LONG32', 'HRESULT', 'SCODE', 'NTSTATUS', 'SECURITY_STATUS', 'NDIS_STATUS', '__int32', '__LONG32']],
  [32, true, ['unsigned', 'unsigned int', 'unsigned long', 'unsigned long int', 'UINT', 'ULONG', 'DWORD', 'DWORD32', 'UINT32', 'ULONG32', 'COLORREF', 'LCID', 'unsigned __int32', 'unsigned __LONG32']],
  [64, false, ['long long', 'long long int', 'signed long long', '__int64', 'signed __int64', 'LONGLONG', 'LONG64', 'INT64', 'INT_PTR', 'LONG_PTR', 'SSIZE_T', 'ptrdiff_t', 'intptr_t', 'LPARAM', 'LRESULT']],
  [64, true, ['unsigned long long', 'unsigned long long int', 'unsigned __int64', 'ULONGLONG', 'DWORDLONG', 'DWORD64', 'ULONG64', 'UINT64', 'UINT_PTR', 'ULONG_PTR', 'DWORD_PTR', 'SIZE_T', 'size_t', 'uintptr_t', 'WPARAM']],
];
for (const [bits, unsigned, names] of widths) for (const name of names) KNOWN_WIDTHS[name] = { bits: bits as CastType['bits'], unsigned };

const STATUS_TYPES: Record<string, StatusSpace> = { HRESULT: 'HRESULT', SCODE: 'HRESULT', SECURITY_STATUS: 'HRESULT', NTSTATUS: 'NTSTATUS', NDIS_STATUS: 'NTSTATUS' };

export interface ValueContext {
  macros: GlobalMacros;
  /** A typedef's target type (resolved), to follow casts to their width. */
  typedefTarget(name: string): string | undefined;
  /** An enumeration constant's value, evaluated on demand. */
  enumConstant(name: string): IntValue | undefined;
}

export function toHeaderInt(v: bigint): HeaderInt {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** The value as an unsigned 32-bit number when it fits in 32 bits, signed or unsigned. */
export function toU32(v: bigint): number | undefined {
  if (v < -(1n << 31n) || v >= 1n << 32n) return undefined;
  return Number(BigInt.asUintN(32, v));
}

export class ValueEvaluator {
  private readonly castCache = new Map<string, CastType | null>();
  private readonly textCache = new Map<string, IntValue | null>();

  constructor(private readonly context: ValueContext) {}

  /** Evaluates C tokens (macros expanded first); undefined when they are not an integer constant expression. */
  evaluate(tokens: readonly Tok[], local?: (name: string) => IntValue | undefined): IntValue | undefined {
    if (tokens.length === 1 && tokens[0]!.kind === 'number') return parseIntLiteral(tokens[0]!.text, 'c');
    const expanded = this.context.macros.expand(tokens);
    if (!expanded.complete || expanded.tokens.length === 0) return undefined;
    const result = evaluate(expanded.tokens, {
      mode: 'c',
      identifier: (name) => local?.(name) ?? this.context.enumConstant(name),
      castType: (words, pointer) => this.castType(words, pointer),
    });
    return 'value' in result ? result.value : undefined;
  }

  /** Without `local` names the result depends on the text alone, so it is remembered. */
  evaluateText(text: string, local?: (name: string) => IntValue | undefined): IntValue | undefined {
    if (local) return this.evaluate(lexTokens(text), local);
    let value = this.textCache.get(text);
    if (value === undefined) {
      value = this.evaluate(lexTokens(text)) ?? null;
      this.textCache.set(text, value);
    }
    return value ?? undefined;
  }

  private castType(words: string[], pointer: boolean): CastType | undefined {
    if (pointer) return { bits: 64, unsigned: true };
    const key = words.filter((w) => w !== 'const' && w !== 'volatile' && w !== 'CONST').join(' ');
    let cached = this.castCache.get(key);
    if (cached === undefined) {
      cached = this.widthOf(key, 0) ?? null;
      this.castCache.set(key, cached);
    }
    return cached ?? undefined;
  }

  private widthOf(type: string, depth: number): CastType | undefined {
    const known = KNOWN_WIDTHS[type];
    if (known || depth > 12) return known;
    if (type.endsWith('*')) return { bits: 64, unsigned: true };
    if (/^enum\b/.test(type)) return { bits: 32, unsigned: false };
    const target = /^\w+$/.test(type) ? this.context.typedefTarget(type) : undefined;
    return target === undefined ? undefined : this.widthOf(target.replace(/\b(const|volatile)\s*/g, '').trim(), depth + 1);
  }

  /** The status space a constant's replacement text announces, and how. */
  statusForm(body: string): { space: StatusSpace; form: ConstantForm } {
    let tokens = stripParens(lexTokens(body));
    let form: ConstantForm = 'status-cast';
    if (tokens[0]?.kind === 'ident' && tokens[1]?.text === '(' && tokens[tokens.length - 1]?.text === ')') {
      const macro = this.context.macros.lookup(tokens[0].text);
      if (!macro?.params) return { space: 'plain', form: 'value' };
      tokens = stripParens(this.context.macros.expand(tokens.slice(0, closeIndex(tokens, 1) + 1)).tokens);
      form = 'status-macro';
    }
    if (tokens[0]?.text !== '(' || tokens[1]?.kind !== 'ident' || tokens[2]?.text !== ')') return { space: 'plain', form: 'value' };
    const space = this.statusSpaceOfType(tokens[1].text);
    return space ? { space, form } : { space: 'plain', form: 'value' };
  }

  private statusSpaceOfType(name: string): StatusSpace | undefined {
    for (let depth = 0, type: string | undefined = name; type && depth < 8; depth++) {
      const space = STATUS_TYPES[type];
      if (space) return space;
      type = this.context.typedefTarget(type);
      if (type && !/^\w+$/.test(type)) return undefined;
    }
    return undefined;
  }
}

function stripParens(tokens: Tok[]): Tok[] {
  while (tokens.length >= 2 && tokens[0]!.text === '(' && closeIndex(tokens, 0) === tokens.length - 1) tokens = tokens.slice(1, -1);
  return tokens;
}

function closeIndex(tokens: readonly Tok[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.text === '(') depth++;
    else if (tokens[i]!.text === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Whether a value agrees with the severity its name announces: `…_E_…` names are errors (bit 31
 * set in an HRESULT), `…_S_…` names successes. Names that announce nothing agree with any value.
 */
export function consistentWithName(name: string, u32: number | undefined): boolean {
  if (u32 === undefined) return true;
  const error = (u32 & 0x80000000) !== 0;
  if (/(^|_)E_/.test(name)) return error;
  if (/(^|_)S_/.test(name)) return !error;
  return true;
}
