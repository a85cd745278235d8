/**
 * The C lexer for headers: one pass over the text that removes comments, splices continued
 * lines, splits preprocessor directives from the code between them and cuts both into tokens
 * with their 1-based line. Written with char codes rather than regular expressions because
 * it reads every byte of tens of megabytes of headers. Never throws.
 */
import type { TokenKind } from '../parse/c-tokens.js';

/** A token; `region` is filled in by the preprocessor (the conditional region it was read in). */
export interface HToken {
  kind: TokenKind;
  text: string;
  line: number;
  region: number;
}

export interface Directive {
  /** `if`, `ifdef`, `define`, … (empty for a null directive or a line marker). */
  name: string;
  /** The tokens after the directive name. */
  tokens: HToken[];
  line: number;
  /** For `#define NAME(`: the parenthesis touches the name, so the macro is function-like. */
  functionLike?: boolean;
  /** For `#error` and `#warning`: the message as written. */
  message?: string;
}

/** Code between directives, as a range of the text: tokenized only if a build reads it. */
export interface TextRange {
  kind: 'text';
  start: number;
  end: number;
  line: number;
}

export type Chunk = TextRange | { kind: 'directive'; directive: Directive };

export interface ScanResult {
  chunks: Chunk[];
  /** Characters outside comments and literals that C source never holds (control characters, `@`, non-ASCII). */
  strays: number;
  /** Characters outside comments, white space included only once per run. */
  significant: number;
  /** The first character that is not white space or a comment (C never starts with `<`). */
  firstSignificant?: string;
}

const enum C {
  Tab = 9,
  LF = 10,
  VT = 11,
  FF = 12,
  CR = 13,
  Space = 32,
  Quote = 34,
  Hash = 35,
  Apostrophe = 39,
  Dot = 46,
  Slash = 47,
  Star = 42,
  Backslash = 92,
}

const IDENT_START = new Uint8Array(128);
const IDENT_PART = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_$]/.test(ch)) IDENT_START[c] = 1;
  if (/[A-Za-z0-9_$]/.test(ch)) IDENT_PART[c] = 1;
}

/** Two-character punctuators, keyed by `first * 128 + second` char code. */
const PUNCT2 = new Set(
  ['->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', '##', '::'].map(
    (p) => p.charCodeAt(0) * 128 + p.charCodeAt(1),
  ),
);

/** Punctuators as shared strings rather than slices of the header text (a third of all tokens). */
const PUNCT_TEXT = new Map<number, string>();
function punctText(text: string, start: number, end: number): string {
  if (end - start > 2) return text.slice(start, end);
  const key = end - start === 1 ? text.charCodeAt(start) : text.charCodeAt(start) * 65536 + text.charCodeAt(start + 1);
  let value = PUNCT_TEXT.get(key);
  if (value === undefined) {
    value = text.slice(start, end);
    PUNCT_TEXT.set(key, value);
  }
  return value;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isStray = (c: number): boolean => c >= 127 || (c < 32 && c !== C.Tab && c !== C.LF && c !== C.CR && c !== C.FF && c !== C.VT) || c === 64 || c === 96;

/** Finds the directives of a header and the code ranges between them; only directives are tokenized. */
export function scan(text: string): ScanResult {
  return new Lexer(text, 'scan', 0, text.length, 1).scan();
}

/** Tokens of a code range (no directives in it). */
export function tokenizeRange(text: string, range: TextRange): HToken[] {
  return new Lexer(text, 'tokens', range.start, range.end, range.line).tokenize();
}

/** Tokens from a text that has no directives (a macro body, a residual condition, a type). */
export function lexTokens(text: string): HToken[] {
  return new Lexer(text, 'tokens', 0, text.length, 1).tokenize();
}

class Lexer {
  private i: number;
  private line: number;
  private atLineStart = true;
  private directive: Directive | undefined;
  private tokens: HToken[] = [];
  private readonly chunks: Chunk[] = [];
  private strays = 0;
  private significant = 0;
  private firstSignificant: string | undefined;
  /** Start of the code range being scanned, -1 when none is open. */
  private rangeStart = -1;
  private rangeLine = 1;
  /** Where the text of an `#error` starts, -1 otherwise. */
  private directiveStart = -1;

  constructor(
    private readonly text: string,
    private readonly mode: 'scan' | 'tokens',
    start: number,
    private readonly end: number,
    line: number,
  ) {
    this.i = start;
    this.line = line;
  }

  tokenize(): HToken[] {
    while (this.i < this.end) this.step();
    return this.tokens;
  }

  scan(): ScanResult {
    while (this.i < this.end) this.step();
    this.endDirective();
    this.closeRange(this.end);
    const result: ScanResult = { chunks: this.chunks, strays: this.strays, significant: this.significant };
    if (this.firstSignificant !== undefined) result.firstSignificant = this.firstSignificant;
    return result;
  }

  /** One character, comment, continuation, directive start or token. */
  private step(): void {
    const { text } = this;
    const c = text.charCodeAt(this.i);
    if (c === C.LF) {
      this.i++;
      this.endDirective();
      this.line++;
      this.atLineStart = true;
      return;
    }
    if (c === C.Space || c === C.Tab || c === C.CR || c === C.FF || c === C.VT) {
      this.i++;
      return;
    }
    if (c === C.Backslash && this.skipContinuation()) return;
    if (c === C.Slash && text.charCodeAt(this.i + 1) === C.Star) return this.skipBlockComment();
    if (c === C.Slash && text.charCodeAt(this.i + 1) === C.Slash) return this.skipLineComment();
    if (this.mode === 'tokens' || this.directive) {
      this.atLineStart = false;
      this.readToken(c);
      return;
    }
    this.firstSignificant ??= text[this.i];
    if (c === C.Hash && this.atLineStart) {
      this.closeRange(this.i);
      this.startDirective();
      return;
    }
    if (this.rangeStart < 0) {
      this.rangeStart = this.i;
      this.rangeLine = this.line;
    }
    this.atLineStart = false;
    this.skipCode(c);
  }

  /** Passes over code without making tokens; literals are skipped whole so that `"#"` or `"/*"` in them mislead nothing. */
  private skipCode(c: number): void {
    this.significant++;
    if (c === C.Quote || c === C.Apostrophe) {
      this.readQuoted(c);
      return;
    }
    if (isStray(c)) this.strays++;
    this.i++;
    if (c < 128 && IDENT_PART[c]) {
      const { text } = this;
      while (this.i < this.end) {
        const d = text.charCodeAt(this.i);
        if (d >= 128 || !IDENT_PART[d]) break;
        this.i++;
      }
    }
  }

  private closeRange(end: number): void {
    if (this.rangeStart < 0) return;
    this.chunks.push({ kind: 'text', start: this.rangeStart, end, line: this.rangeLine });
    this.rangeStart = -1;
  }

  /** A backslash before the end of a line joins the next line (trailing blanks tolerated, as GCC does). */
  private skipContinuation(): boolean {
    const { text } = this;
    let j = this.i + 1;
    while (text.charCodeAt(j) === C.Space || text.charCodeAt(j) === C.Tab) j++;
    if (text.charCodeAt(j) === C.CR) j++;
    if (text.charCodeAt(j) !== C.LF && j < this.end) return false;
    this.i = j + 1;
    this.line++;
    return true;
  }

  private skipBlockComment(): void {
    const end = this.text.indexOf('*/', this.i + 2);
    const stop = end < 0 || end + 2 > this.end ? this.end : end + 2;
    for (let k = this.text.indexOf('\n', this.i); k >= 0 && k < stop; k = this.text.indexOf('\n', k + 1)) this.line++;
    this.i = stop;
  }

  /** To the end of the line; a backslash at the end continues the comment, as in C. */
  private skipLineComment(): void {
    const { text } = this;
    for (;;) {
      const nl = text.indexOf('\n', this.i);
      if (nl < 0 || nl >= this.end) {
        this.i = this.end;
        return;
      }
      let k = nl - 1;
      if (text.charCodeAt(k) === C.CR) k--;
      if (text.charCodeAt(k) === C.Backslash) {
        this.line++;
        this.i = nl + 1;
        continue;
      }
      this.i = nl;
      return;
    }
  }

  private startDirective(): void {
    const { text } = this;
    this.i++;
    while (text.charCodeAt(this.i) === C.Space || text.charCodeAt(this.i) === C.Tab) this.i++;
    let name = '';
    const start = this.i;
    const c = text.charCodeAt(this.i);
    if (c < 128 && IDENT_START[c]) {
      while (this.i < this.end && text.charCodeAt(this.i) < 128 && IDENT_PART[text.charCodeAt(this.i)]) this.i++;
      name = text.slice(start, this.i);
    }
    this.directive = { name, tokens: [], line: this.line };
    this.atLineStart = false;
    if (name === 'define') this.readDefineName();
    if (name === 'error' || name === 'warning') this.directiveStart = this.i;
  }

  /** Reads the macro name of a `#define` and whether a `(` touches it. */
  private readDefineName(): void {
    const { text } = this;
    while (text.charCodeAt(this.i) === C.Space || text.charCodeAt(this.i) === C.Tab) this.i++;
    const c = text.charCodeAt(this.i);
    if (!(c < 128 && IDENT_START[c])) return;
    this.readToken(c);
    if (text.charCodeAt(this.i) === 40) this.directive!.functionLike = true;
  }

  private endDirective(): void {
    if (!this.directive) return;
    if (this.directiveStart >= 0) {
      this.directive.message = this.text.slice(this.directiveStart, this.i).replace(/\\?\r?\n/g, ' ').trim();
      this.directiveStart = -1;
    }
    this.chunks.push({ kind: 'directive', directive: this.directive });
    this.directive = undefined;
  }

  private push(kind: TokenKind, start: number): void {
    const text = kind === 'punct' ? punctText(this.text, start, this.i) : this.text.slice(start, this.i);
    const token: HToken = { kind, text, line: this.line, region: 0 };
    if (this.directive) this.directive.tokens.push(token);
    else this.tokens.push(token);
  }

  private readToken(c: number): void {
    const { text } = this;
    const start = this.i;
    if (c < 128 && IDENT_START[c]) {
      this.i++;
      while (this.i < this.end) {
        const d = text.charCodeAt(this.i);
        if (d >= 128 || !IDENT_PART[d]) break;
        this.i++;
      }
      const next = text.charCodeAt(this.i);
      if ((next === C.Quote || next === C.Apostrophe) && this.i - start <= 2 && /^(L|u8|u|U)$/.test(text.slice(start, this.i))) {
        this.readQuoted(next);
        this.push('string', start);
        return;
      }
      this.push('ident', start);
      return;
    }
    if (isDigit(c) || (c === C.Dot && isDigit(text.charCodeAt(this.i + 1)))) {
      this.readNumber();
      this.push('number', start);
      return;
    }
    if (c === C.Quote || c === C.Apostrophe) {
      this.readQuoted(c);
      this.push('string', start);
      return;
    }
    const c2 = text.charCodeAt(this.i + 1);
    const c3 = text.charCodeAt(this.i + 2);
    if ((c === C.Dot && c2 === C.Dot && c3 === C.Dot) || ((c === 60 || c === 62) && c2 === c && c3 === 61)) this.i += 3;
    else if (c2 < 128 && PUNCT2.has(c * 128 + c2)) this.i += 2;
    else this.i++;
    this.push('punct', start);
  }

  /** A pp-number: digits, letters, dots, and signs after an exponent letter. */
  private readNumber(): void {
    const { text } = this;
    this.i++;
    while (this.i < this.end) {
      const d = text.charCodeAt(this.i);
      if (d < 128 && (IDENT_PART[d] || d === C.Dot)) {
        this.i++;
        const lower = d | 0x20;
        const sign = text.charCodeAt(this.i);
        if ((lower === 101 || lower === 112) && (sign === 43 || sign === 45)) this.i++;
        continue;
      }
      break;
    }
  }

  /** A string or character literal; an unterminated one stops at the end of the line. */
  private readQuoted(quote: number): void {
    const { text } = this;
    this.i++;
    while (this.i < this.end) {
      const d = text.charCodeAt(this.i);
      if (d === quote) {
        this.i++;
        return;
      }
      if (d === C.LF) return;
      if (d === C.Backslash) {
        if (text.charCodeAt(this.i + 1) === C.LF) this.line++;
        this.i += 2;
        continue;
      }
      this.i++;
    }
  }
}

/** Joins tokens for display: `defined(_WIN64) && (NTDDI_VERSION >= NTDDI_WIN8)`. */
export function joinTokens(tokens: readonly { kind: TokenKind; text: string }[]): string {
  let out = '';
  let prev: { kind: TokenKind; text: string } | undefined;
  let beforePrev: { kind: TokenKind; text: string } | undefined;
  for (const t of tokens) {
    if (prev) {
      const unarySign = (prev.text === '-' || prev.text === '+') && (!beforePrev || (beforePrev.kind === 'punct' && beforePrev.text !== ')' && beforePrev.text !== ']'));
      const tight =
        unarySign ||
        prev.text === '(' ||
        prev.text === '!' ||
        prev.text === '~' ||
        prev.text === '#' ||
        t.text === ')' ||
        t.text === ',' ||
        (t.text === '(' && prev.kind === 'ident');
      if (!tight) out += ' ';
    }
    out += t.text;
    beforePrev = prev;
    prev = t;
  }
  return out;
}
