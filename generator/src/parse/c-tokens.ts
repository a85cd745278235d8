/**
 * A small C/C++ tokenizer for the syntax blocks of documentation pages, and the helpers the
 * declaration parser shares: balanced-group scanning, annotation recognition and the
 * normalised spelling of a C type.
 *
 * Never throws: unknown characters become one-character punctuation tokens.
 */

export type TokenKind = 'ident' | 'number' | 'string' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  /** 0-based line within the block text. */
  line: number;
}

const MULTI_CHAR_PUNCT = ['...', '::', '->', '&&', '||', '==', '!=', '<=', '>=', '<<', '>>'];

/**
 * Tokenizes `text`. Comments are skipped; preprocessor lines are skipped, and of an
 * `#if … #else … #endif` only the first branch is kept (pages that show both branches,
 * such as a kernel-mode and a user-mode parameter, mean "one of these"; the first is the
 * one the header declares first).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const conditionals: { keeping: boolean }[] = [];
  const keeping = () => conditionals.every((c) => c.keeping);
  let line = 0;
  let atLineStart = true;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      atLineStart = true;
      i++;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) if (text[k] === '\n') line++;
      i = stop;
      continue;
    }
    if (ch === '#' && atLineStart) {
      // A directive runs to the end of the line, with backslash continuations.
      let end = i;
      let directive = '';
      while (end < n) {
        const nl = text.indexOf('\n', end);
        const stop = nl < 0 ? n : nl;
        const piece = text.slice(end, stop);
        directive += piece;
        if (/\\\s*$/.test(piece) && nl >= 0) {
          line++;
          end = nl + 1;
          continue;
        }
        end = stop;
        break;
      }
      applyDirective(directive, conditionals);
      i = end;
      continue;
    }
    atLineStart = false;
    const start = i;
    let kind: TokenKind;
    if (/[A-Za-z_$]/.test(ch)) {
      while (i < n && /[\w$]/.test(text[i]!)) i++;
      kind = 'ident';
    } else if (/[0-9]/.test(ch)) {
      while (i < n && /[\w.]/.test(text[i]!)) i++;
      kind = 'number';
    } else if (ch === '"' || ch === "'") {
      i++;
      while (i < n && text[i] !== ch && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i = Math.min(n, i + 1);
      kind = 'string';
    } else {
      const multi = MULTI_CHAR_PUNCT.find((p) => text.startsWith(p, i));
      i += multi ? multi.length : 1;
      kind = 'punct';
    }
    if (keeping()) tokens.push({ kind, text: text.slice(start, i), line });
  }
  return tokens;
}

function applyDirective(directive: string, conditionals: { keeping: boolean }[]): void {
  const word = /^#\s*(\w+)/.exec(directive)?.[1] ?? '';
  if (word.startsWith('if')) conditionals.push({ keeping: true });
  else if (word === 'else' || word === 'elif') {
    const top = conditionals[conditionals.length - 1];
    if (top) top.keeping = false;
  } else if (word === 'endif') conditionals.pop();
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Index of the token closing the group opened at `open`, or -1 when it is not closed. */
export function closingIndexIfClosed(tokens: ReadonlyArray<{ kind: string; text: string }>, open: number): number {
  const stack: string[] = [];
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    const closer = OPENERS[t.text];
    if (closer) stack.push(closer);
    else if (stack.length && t.text === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** Index of the token closing the group opened at `open`, or the last index when unbalanced. */
export function closingIndex(tokens: readonly Token[], open: number): number {
  const close = closingIndexIfClosed(tokens, open);
  return close === -1 ? tokens.length - 1 : close;
}

/**
 * Splits `tokens` at depth-0 occurrences of the punctuation `separator`. An opener that is never
 * closed keeps the rest in its part (nothing there is known to be at depth 0); a stray closer is
 * an ordinary token. Shared by the page and header readers, so both split unbalanced text alike.
 */
export function splitTopLevel<T extends Token>(tokens: readonly T[], separator: string): T[][] {
  const parts: T[][] = [[]];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && OPENERS[t.text]) {
      const close = closingIndex(tokens, i);
      parts[parts.length - 1]!.push(...tokens.slice(i, close + 1));
      i = close;
      continue;
    }
    if (t.kind === 'punct' && t.text === separator) parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts;
}

export const isPunct = (t: Token | undefined, text: string): boolean => t?.kind === 'punct' && t.text === text;
export const isIdent = (t: Token | undefined): t is Token => t?.kind === 'ident';

// ---------------------------------------------------------------------------------------
// Words with a fixed role in declarations.

/** C/C++ built-in type words; they combine (`unsigned long`, `long long int`). */
export const BUILTIN_TYPE_WORDS = new Set([
  'void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', 'bool', '_Bool',
  'wchar_t', 'char16_t', 'char32_t', '__int8', '__int16', '__int32', '__int64', '__wchar_t',
]);

export const TAG_KEYWORDS = new Set(['struct', 'union', 'enum', 'class']);

export const QUALIFIERS = new Set(['const', 'volatile']);

/** Calling conventions as the headers spell them. */
export const CALLING_CONVENTIONS = new Set([
  'WINAPI', 'WINAPIV', 'APIENTRY', 'APIPRIVATE', 'CALLBACK', 'NTAPI', 'NTAPI_INLINE', 'SEC_ENTRY', 'SEC_Entry',
  'SEC_ENTRY', '__stdcall', '_stdcall', '__cdecl', '_cdecl', '__fastcall', '_fastcall', '__vectorcall',
  '__thiscall', '__clrcall', 'STDMETHODCALLTYPE', 'STDMETHODVCALLTYPE', 'STDAPICALLTYPE', 'STDAPIVCALLTYPE',
  'PASCAL', 'FASTCALL', 'WSAAPI', 'RPC_ENTRY', 'NET_API_FUNCTION', 'IMAGEAPI', 'FORCEINLINE_CC', 'CDECL',
]);

/** Storage classes, inline markers and import/export decorations: dropped from types. */
const DECORATION_WORDS = new Set([
  'extern', 'static', 'inline', '__inline', '_inline', '__forceinline', 'FORCEINLINE', 'CFORCEINLINE',
  'virtual', 'explicit', 'friend', 'constexpr', 'register', 'EXTERN_C', 'EXTERN_C_START', 'STDAPI_',
  'typename', 'mutable', '__declspec', 'PURE', 'override', 'final', 'noexcept',
]);

/** Pointer decorations with no meaning on 64-bit Windows. */
const POINTER_DECORATIONS = new Set([
  '__ptr64', '__ptr32', 'POINTER_64', 'POINTER_32', 'POINTER_SIGNED', 'POINTER_UNSIGNED', 'UNALIGNED',
  '__unaligned', '__RPC_FAR', 'FAR', 'NEAR', 'far', 'near', '__restrict', 'restrict', '__restrict__',
  '__sptr', '__uptr',
]);

/** Import/export and similar macros: `NTSYSAPI`, `WDFAPI`, `DECLSPEC_IMPORT`, `DECLSPEC_NOINLINE`. */
export function isDecorationWord(word: string): boolean {
  return (
    DECORATION_WORDS.has(word) ||
    POINTER_DECORATIONS.has(word) ||
    /^DECLSPEC_\w+$/.test(word) ||
    (/^[A-Z][A-Z0-9_]*API$/.test(word) && !CALLING_CONVENTIONS.has(word))
  );
}

/**
 * SAL annotations: `_In_`, `_Out_writes_bytes_(cb)`, `_IRQL_requires_max_(x)`, legacy
 * `__in`, `__out_ecount(n)`, `__drv_maxIRQL(x)`, and a lenient `Inout_` (a typo seen on pages).
 */
export function isSalWord(word: string): boolean {
  if (BUILTIN_TYPE_WORDS.has(word) || CALLING_CONVENTIONS.has(word) || isDecorationWord(word)) return false;
  if (/^_[A-Za-z][A-Za-z0-9_]*_$/.test(word)) return true; // modern SAL: _X_
  if (/^__drv_\w+$/.test(word)) return true;
  if (/^__(in|out|inout|deref|reserved|opt|checkReturn|success|nullterminated|bcount|ecount|callback|format_string)\w*$/i.test(word)) return true;
  if (/^(In|Out|Inout|Outptr)_\w*$/.test(word) && word.endsWith('_')) return true; // missing leading underscore
  return false;
}

/** `IN`, `OUT`, `OPTIONAL` and friends from the DDK headers. */
export const DIRECTION_MACROS = new Set(['IN', 'OUT', 'OPTIONAL', 'INOUT', 'IN_OUT']);

// ---------------------------------------------------------------------------------------
// The normalised spelling of a type.

const TIGHT_AFTER = new Set(['(', '[', '::', '<', '~']);
const TIGHT_BEFORE = new Set([')', ']', ',', '[', '::', '>', ';']);

/**
 * Joins type tokens with the project's spacing: single spaces between words, a space
 * before a run of stars (`SspiAsyncContext *`, `char **`, `char * const`), none inside
 * brackets (`BYTE[16]`), `void (*)(int, char)` for function pointers.
 */
export function formatTypeTokens(tokens: readonly Token[]): string {
  let out = '';
  let prev: Token | undefined;
  for (const t of tokens) {
    const text = t.text === 'CONST' ? 'const' : t.text;
    if (prev) {
      const p = prev.text;
      let space = true;
      if (TIGHT_AFTER.has(p) || TIGHT_BEFORE.has(text)) space = false;
      else if ((text === '*' || text === '&') && (p === '*' || p === '&' || p === '(')) space = false;
      else if (text === '(' && (p === '*' || p === ')')) space = p === ')' ? false : true;
      else if (text === '<') space = false;
      if (p === ',') space = true;
      if (space) out += ' ';
    }
    out += text;
    prev = t;
  }
  return out;
}

/** Normalises the spelling of a C type: `SspiAsyncContext*` and `SspiAsyncContext  *` both give `SspiAsyncContext *`. */
export function normalizeCType(text: string): string {
  return formatTypeTokens(tokenize(text));
}
