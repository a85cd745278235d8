/**
 * Token predicates and bracket helpers shared by the header item splitter and declaration
 * reader, and the few words that come from the compiler rather than from any header.
 */
import { BUILTIN_TYPE_WORDS, DIRECTION_MACROS, TAG_KEYWORDS, closingIndexIfClosed, isIdent, isPunct, isSalWord, splitTopLevel } from '../parse/c-tokens.js';
import type { HToken } from './lex.js';

export { isIdent as isId, isPunct as isP, splitTopLevel };
export const isWord = (t: { kind: string; text: string } | undefined, text: string): boolean => t !== undefined && t.kind === 'ident' && t.text === text;

/** Index of the token that closes the bracket at `open`; -1 when it is not closed. */
export const closeOf: (tokens: readonly HToken[], open: number) => number = closingIndexIfClosed;

/**
 * Words the compiler gives meaning to (no header defines them). With their argument list when
 * they take one: `__declspec(dllimport)`, `__attribute__((pure))`, `__asm__("name")`.
 */
const COMPILER_DECORATIONS = new Set([
  'extern', 'static', 'inline', '__inline', '__inline__', '_inline', '__forceinline', 'register', 'auto', '_Noreturn',
  '__extension__', '__restrict', '__restrict__', 'restrict', '__ptr64', '__ptr32', '__unaligned', '__sptr', '__uptr',
  '__declspec', '__attribute__', '__attribute', '__asm__', '__asm', 'asm', '_Alignas', 'alignas', '__pragma', '_Pragma',
  '__w64', '__stdcall__', '__cdecl__', 'thread_local', '_Thread_local', '__thread',
]);

/** Calling conventions the compiler knows, and `__stdcall__`-style GCC spellings. */
export const COMPILER_CALLING_CONVENTIONS = new Set([
  '__stdcall', '_stdcall', '__cdecl', '_cdecl', '__fastcall', '_fastcall', '__vectorcall', '__thiscall', '__clrcall', '__pascal', 'pascal', '__syscall',
]);

export function isCompilerDecoration(word: string): boolean {
  return COMPILER_DECORATIONS.has(word);
}

/** SAL annotations and the DDK's `IN`/`OUT`/`OPTIONAL`: recorded on parameters, dropped from types. */
export const DIRECTION_WORDS = DIRECTION_MACROS;

const annotationWords = new Map<string, boolean>();

/**
 * SAL (`_In_`, `__in_opt`, `__drv_x`) starts with `_`, the DDK's words are `IN`, `OUT`, …, and
 * the page reader's lenient `Inout_` starts with `In`/`Out`: everything else is ruled out on its
 * first letter. Memoised because headers repeat the few that pass millions of times.
 */
export function isAnnotationWord(word: string): boolean {
  const first = word.charCodeAt(0);
  if (first !== 95 && first !== 73 && first !== 79) return false; // `_`, `I`, `O`
  let value = annotationWords.get(word);
  if (value === undefined) {
    // The legacy `__in…` pattern would also take `__int128` and `__inline`.
    value = !isBuiltinTypeWord(word) && !COMPILER_DECORATIONS.has(word) && (isSalWord(word) || DIRECTION_WORDS.has(word));
    annotationWords.set(word, value);
  }
  return value;
}

export function isTagKeyword(word: string): boolean {
  return TAG_KEYWORDS.has(word) && word !== 'class';
}

export const QUALIFIER_WORDS = new Set(['const', 'volatile', 'CONST', 'VOLATILE', '__const']);

export function isBuiltinTypeWord(word: string): boolean {
  return BUILTIN_TYPE_WORDS.has(word) || word === '_Bool' || word === '__int128';
}

/** Words that can never be a declared name. */
export const NOT_A_NAME = new Set([
  'typedef', 'struct', 'union', 'enum', 'class', 'return', 'if', 'while', 'for', 'switch', 'do', 'else', 'case', 'goto', 'sizeof',
  'defined', 'new', 'delete', 'operator', 'template', 'namespace', 'using', 'public', 'private', 'protected', 'virtual',
]);

/** A compiler decoration or annotation, with the argument group it takes, starting at `i`: the index after it, or `i`. */
export function skipDecoration(tokens: readonly HToken[], i: number): number {
  const t = tokens[i];
  if (!isIdent(t) || !(isCompilerDecoration(t.text) || isAnnotationWord(t.text))) return i;
  if (isPunct(tokens[i + 1], '(')) {
    const close = closeOf(tokens, i + 1);
    return close < 0 ? tokens.length : close + 1;
  }
  return i + 1;
}

/** Formats tokens the way normalizeCType does (spacing only). */
export { formatTypeTokens } from '../parse/c-tokens.js';
