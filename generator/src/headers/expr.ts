/**
 * Integer constant expressions, as the preprocessor (`#if`, 64-bit `intmax_t`) and as C on
 * Windows (LLP64: `int` and `long` are 32-bit, `long long` 64-bit) evaluate them: literals in
 * every base with `u`/`l`/`ll`/`i64` suffixes, character literals, the unary, binary and
 * conditional operators, and casts (in C mode) to types whose width the caller knows.
 *
 * Identifiers left after macro expansion are the caller's: 0 in `#if`, an enumeration constant
 * in C, or unknown. An unknown operand makes the result unknown unless the operator does not
 * need it (`0 && X`, `1 || X`, `1 ? 2 : X`), which is how a condition is partly decided before
 * the other headers are known.
 */
import type { Tok } from './macros.js';

export interface IntValue {
  v: bigint;
  /** Width in bits (32 or 64) and signedness: the C type of the value. */
  bits: 32 | 64;
  unsigned: boolean;
}

export interface CastType {
  bits: 8 | 16 | 32 | 64;
  unsigned: boolean;
}

export interface EvalContext {
  /** `preprocessor`: every value is 64-bit (intmax_t); `c`: LLP64 C types, casts allowed. */
  mode: 'preprocessor' | 'c';
  /** The value of an identifier: a value, `unknown`, or undefined (the expression cannot be evaluated). */
  identifier(name: string): IntValue | 'unknown' | undefined;
  /** The width of a cast target (`DWORD`, `unsigned long`, `NTSTATUS`); undefined when not a known type. */
  castType?(words: string[], pointer: boolean): CastType | undefined;
}

export type EvalResult = { value: IntValue } | { unknown: true } | { error: string };

const UNKNOWN = Symbol('unknown');
type V = IntValue | typeof UNKNOWN;

class EvalError extends Error {}

export function evaluate(tokens: readonly Tok[], context: EvalContext): EvalResult {
  try {
    const parser = new Parser(tokens, context);
    const value = parser.conditional();
    if (parser.pos < tokens.length) throw new EvalError(`unexpected \`${tokens[parser.pos]!.text}\``);
    return value === UNKNOWN ? { unknown: true } : { value };
  } catch (error) {
    if (error instanceof EvalError) return { error: error.message };
    throw error;
  }
}

export function int(v: bigint, bits: 32 | 64 = 64, unsigned = false): IntValue {
  return { v: wrap(v, bits, unsigned), bits, unsigned };
}

function wrap(v: bigint, bits: number, unsigned: boolean): bigint {
  return unsigned ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
}

/** Parses a C integer literal; undefined for floating literals and malformed numbers. */
export function parseIntLiteral(text: string, mode: 'preprocessor' | 'c'): IntValue | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)((?:[uU](?:ll|LL|l|L|i64|I64)?)|(?:(?:ll|LL|l|L)[uU]?)|(?:[uU]?[iI](?:8|16|32|64)))?$/.exec(text);
  if (!m) return undefined;
  const digits = m[1]!;
  const suffix = (m[2] ?? '').toLowerCase();
  let v: bigint;
  if (/^0[xX]/.test(digits) || /^0[bB]/.test(digits)) v = BigInt(digits);
  else if (digits.length > 1 && digits.startsWith('0')) {
    if (/[89]/.test(digits)) return undefined;
    v = BigInt(`0o${digits.slice(1)}`);
  } else v = BigInt(digits);
  const unsignedSuffix = suffix.includes('u');
  if (mode === 'preprocessor') {
    const unsigned = unsignedSuffix || v > 0x7fffffffffffffffn;
    return int(v, 64, unsigned);
  }
  const decimal = !/^0/.test(digits) || digits === '0';
  const wide = suffix.includes('ll') || suffix.includes('i64');
  const candidates: [32 | 64, boolean][] = [];
  for (const bits of wide ? [64 as const] : [32 as const, 64 as const]) {
    if (!unsignedSuffix) candidates.push([bits, false]);
    if (unsignedSuffix || !decimal) candidates.push([bits, true]);
  }
  if (!unsignedSuffix && decimal) candidates.push([64, true]);
  for (const [bits, unsigned] of candidates) {
    const max = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n;
    if (v <= max) return { v, bits, unsigned };
  }
  return undefined;
}

/** `'a'`, `'\n'`, `'\x41'`, `L'a'`. */
function parseCharLiteral(text: string): IntValue | undefined {
  const m = /^(?:L|u|U|u8)?'(.*)'$/.exec(text);
  if (!m) return undefined;
  const body = m[1]!;
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11, '?': 63 };
  let code: number | undefined;
  if (body.length === 1) code = body.charCodeAt(0);
  else if (body.startsWith('\\x')) code = parseInt(body.slice(2), 16);
  else if (/^\\[0-7]{1,3}$/.test(body)) code = parseInt(body.slice(1), 8);
  else if (body.length === 2 && body[0] === '\\') code = escapes[body[1]!];
  return code === undefined || Number.isNaN(code) ? undefined : int(BigInt(code), 32);
}

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

class Parser {
  pos = 0;

  constructor(
    private readonly tokens: readonly Tok[],
    private readonly context: EvalContext,
  ) {}

  private peek(): Tok | undefined {
    return this.tokens[this.pos];
  }

  private expect(text: string): void {
    const t = this.tokens[this.pos];
    if (!t || t.text !== text) throw new EvalError(`expected \`${text}\``);
    this.pos++;
  }

  conditional(): V {
    const condition = this.binary(1);
    if (this.peek()?.text !== '?') return condition;
    this.pos++;
    const whenTrue = this.conditional();
    this.expect(':');
    const whenFalse = this.conditional();
    if (condition === UNKNOWN) return UNKNOWN;
    const chosen = condition.v !== 0n ? whenTrue : whenFalse;
    if (chosen === UNKNOWN || whenTrue === UNKNOWN || whenFalse === UNKNOWN) return chosen;
    return convert(chosen, common(whenTrue, whenFalse));
  }

  private binary(minPrecedence: number): V {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      const precedence = t && t.kind === 'punct' ? BINARY_PRECEDENCE[t.text] : undefined;
      if (precedence === undefined || precedence < minPrecedence) return left;
      this.pos++;
      const right = this.binary(precedence + 1);
      left = applyBinary(t!.text, left, right, this.context.mode);
    }
  }

  private unary(): V {
    const t = this.peek();
    if (!t) throw new EvalError('unexpected end');
    if (t.kind === 'punct' && ['-', '+', '~', '!'].includes(t.text)) {
      this.pos++;
      const operand = this.unary();
      if (operand === UNKNOWN) return UNKNOWN;
      const promoted = promote(operand, this.context.mode);
      if (t.text === '-') return int(-promoted.v, promoted.bits, promoted.unsigned);
      if (t.text === '~') return int(~promoted.v, promoted.bits, promoted.unsigned);
      if (t.text === '!') return int(operand.v === 0n ? 1n : 0n, this.context.mode === 'c' ? 32 : 64);
      return promoted;
    }
    if (t.kind === 'punct' && t.text === '(') return this.parenthesised();
    return this.primary();
  }

  private parenthesised(): V {
    const cast = this.context.mode === 'c' ? this.readCast() : undefined;
    if (cast !== undefined) {
      const operand = this.unary();
      if (operand === UNKNOWN || cast === null) return operand;
      return castTo(operand, cast);
    }
    this.pos++;
    const inner = this.conditional();
    this.expect(')');
    return inner;
  }

  /** `(TYPE words *)` before an operand: the cast type, null for a type of unknown width, undefined when not a cast. */
  private readCast(): CastType | null | undefined {
    let k = this.pos + 1;
    const words: string[] = [];
    let pointer = false;
    while (k < this.tokens.length) {
      const t = this.tokens[k]!;
      if (t.kind === 'ident') words.push(t.text);
      else if (t.kind === 'punct' && t.text === '*') pointer = true;
      else break;
      k++;
    }
    const close = this.tokens[k];
    const after = this.tokens[k + 1];
    if (!words.length || close?.text !== ')' || !after) return undefined;
    const startsOperand = after.kind !== 'punct' || ['(', '-', '~', '!', '+'].includes(after.text);
    if (!startsOperand) return undefined;
    if (!pointer && words.length === 1 && this.context.identifier(words[0]!) !== undefined) return undefined;
    this.pos = k + 1;
    return this.context.castType?.(words, pointer) ?? null;
  }

  private primary(): V {
    const t = this.tokens[this.pos++]!;
    if (t.kind === 'number') {
      const value = parseIntLiteral(t.text, this.context.mode);
      if (!value) throw new EvalError(`not an integer: ${t.text}`);
      return value;
    }
    if (t.kind === 'string') {
      const value = parseCharLiteral(t.text);
      if (!value) throw new EvalError('a string is not an integer');
      return value;
    }
    if (t.kind === 'ident') {
      if (t.text === 'sizeof' || t.text === '__builtin_offsetof' || t.text === 'FIELD_OFFSET') throw new EvalError(`${t.text} cannot be evaluated`);
      const value = this.context.identifier(t.text);
      if (value === undefined) throw new EvalError(`unknown name ${t.text}`);
      if (value === 'unknown') {
        if (this.peek()?.text === '(') this.skipGroup();
        return UNKNOWN;
      }
      return value;
    }
    throw new EvalError(`unexpected \`${t.text}\``);
  }

  /** An unknown function-like name keeps its arguments out of the way. */
  private skipGroup(): void {
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos++]!;
      if (t.text === '(') depth++;
      else if (t.text === ')' && --depth === 0) return;
    }
  }
}

function castTo(value: IntValue, cast: CastType): IntValue {
  const bits = cast.bits;
  const narrowed = cast.unsigned ? BigInt.asUintN(bits, value.v) : BigInt.asIntN(bits, value.v);
  // Narrow types promote to int when used.
  if (bits < 32) return int(narrowed, 32, false);
  return int(narrowed, bits as 32 | 64, cast.unsigned);
}

/** Integer promotion: in C, values narrower than int become int; the preprocessor is 64-bit throughout. */
function promote(value: IntValue, mode: 'preprocessor' | 'c'): IntValue {
  if (mode === 'preprocessor' && value.bits !== 64) return int(value.v, 64, value.unsigned);
  return value;
}

/** The usual arithmetic conversions: the wider type, unsigned when the widths tie and either is. */
function common(a: IntValue, b: IntValue): { bits: 32 | 64; unsigned: boolean } {
  if (a.bits !== b.bits) {
    const wider = a.bits > b.bits ? a : b;
    return { bits: wider.bits, unsigned: wider.unsigned };
  }
  return { bits: a.bits, unsigned: a.unsigned || b.unsigned };
}

function convert(value: IntValue, type: { bits: 32 | 64; unsigned: boolean }): IntValue {
  return int(value.v, type.bits, type.unsigned);
}

function applyBinary(op: string, left: V, right: V, mode: 'preprocessor' | 'c'): V {
  const boolBits = mode === 'c' ? 32 : 64;
  if (op === '&&') {
    if (left !== UNKNOWN && left.v === 0n) return int(0n, boolBits);
    if (right !== UNKNOWN && right.v === 0n) return int(0n, boolBits);
    if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
    return int(1n, boolBits);
  }
  if (op === '||') {
    if (left !== UNKNOWN && left.v !== 0n) return int(1n, boolBits);
    if (right !== UNKNOWN && right.v !== 0n) return int(1n, boolBits);
    if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
    return int(0n, boolBits);
  }
  if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
  const a = promote(left, mode);
  const b = promote(right, mode);
  if (op === '<<' || op === '>>') {
    const count = b.v;
    if (count < 0n || count >= BigInt(a.bits)) throw new EvalError('shift out of range');
    return int(op === '<<' ? a.v << count : a.v >> count, a.bits, a.unsigned);
  }
  const type = common(a, b);
  const x = convert(a, type).v;
  const y = convert(b, type).v;
  switch (op) {
    case '+':
      return int(x + y, type.bits, type.unsigned);
    case '-':
      return int(x - y, type.bits, type.unsigned);
    case '*':
      return int(x * y, type.bits, type.unsigned);
    case '/':
    case '%':
      if (y === 0n) throw new EvalError('division by zero');
      return int(op === '/' ? x / y : x % y, type.bits, type.unsigned);
    case '&':
      return int(x & y, type.bits, type.unsigned);
    case '|':
      return int(x | y, type.bits, type.unsigned);
    case '^':
      return int(x ^ y, type.bits, type.unsigned);
    case '==':
      return int(x === y ? 1n : 0n, boolBits);
    case '!=':
      return int(x !== y ? 1n : 0n, boolBits);
    case '<':
      return int(x < y ? 1n : 0n, boolBits);
    case '>':
      return int(x > y ? 1n : 0n, boolBits);
    case '<=':
      return int(x <= y ? 1n : 0n, boolBits);
    case '>=':
      return int(x >= y ? 1n : 0n, boolBits);
  }
  throw new EvalError(`unknown operator ${op}`);
}
