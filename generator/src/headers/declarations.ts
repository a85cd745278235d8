/**
 * Reads one top-level item of a header (the tokens up to `;` or a function body) into raw
 * facts: a function prototype, a callback or plain typedef, a struct/union/enum definition or
 * forward declaration, or a macro invocation left for the merge to expand.
 *
 * Only what the compiler itself defines is interpreted here (`__declspec`, `__attribute__`,
 * `extern`, SAL annotations, the calling conventions docgen knows by name); every other word
 * stays in the specifiers as written, because whether `WINBASEAPI` or `KSECDDDECLSPEC` is a
 * decoration is defined in another header. The merge resolves them.
 *
 * Never throws on any token sequence (the caller still guards against bugs).
 */
import { CALLING_CONVENTIONS, isSalWord } from '../parse/c-tokens.js';
import { joinTokens, type HToken } from './lex.js';
import type { HeaderFileFacts, RawEnumerator, RawField, RawParameter, RawRecord, RawRecordBody, RawSignature } from './model.js';
import {
  COMPILER_CALLING_CONVENTIONS,
  NOT_A_NAME,
  QUALIFIER_WORDS,
  closeOf,
  formatTypeTokens,
  isAnnotationWord,
  isBuiltinTypeWord,
  isCompilerDecoration,
  isId,
  isP,
  isTagKeyword,
  isWord,
  skipDecoration,
  splitTopLevel,
} from './syntax.js';

/** Why an item could not be read (counted by the corpus script). */
export class Unreadable {
  constructor(readonly reason: string) {}
}

export interface ItemContext {
  region: number;
  /** `#pragma pack` in effect at the item, as written. */
  pack?: string;
}

/** Type names C++ makes keywords but C leaves to typedefs (so C headers define them). */
const LIBRARY_TYPE_NAMES = new Set(['wchar_t', 'char16_t', 'char32_t', 'bool', '__int128']);

const isCallingConvention = (word: string): boolean => CALLING_CONVENTIONS.has(word) || COMPILER_CALLING_CONVENTIONS.has(word);

// =======================================================================================
// Items

/** Reads an item into `facts`; returns an `Unreadable` when it holds a declaration it cannot read. */
export function readItem(tokens: HToken[], context: ItemContext, facts: HeaderFileFacts): Unreadable | undefined {
  const cut = invocationPrefix(tokens);
  if (cut > 0) {
    recordInvocation(tokens.slice(0, cut), context, facts);
    tokens = tokens.slice(cut);
  }
  if (tokens.length === 0) return undefined;
  const typedefAt = leadingKeyword(tokens, 'typedef');
  if (typedefAt >= 0) return readTypedef([...tokens.slice(0, typedefAt), ...tokens.slice(typedefAt + 1)], tokens[typedefAt]!.line, context, facts);
  const bodyOpen = depthZeroIndex(tokens, '{');
  if (bodyOpen >= 0) return readItemWithBody(tokens, bodyOpen, context, facts);
  return readItemWithoutBody(tokens, context, facts);
}

/**
 * Macro invocations that end their line before a declaration (`__MINGW_TYPEDEF_AW(CREDENTIAL)`,
 * a run of `TM_STATE(…)` lines) stand for declarations of their own; they are cut off for the
 * merge to expand. The last one stays when a bare `NAME(…)` follows that needs it as its return
 * type (`WINOLEAPI_(LPVOID)` on the line before `CoTaskMemAlloc(…)`), or when a body follows
 * (`DECLARE_INTERFACE_(IFoo, IUnknown) {…}`, expanded whole).
 */
function invocationPrefix(tokens: readonly HToken[]): number {
  let end = 0;
  let lastStart = 0;
  while (isInvocationStart(tokens, end)) {
    const close = closeOf(tokens, end + 1);
    if (close < 0) break;
    const next = tokens[close + 1];
    if (next && next.line === tokens[close]!.line) break;
    lastStart = end;
    end = close + 1;
  }
  if (end === tokens.length && lastStart > 0 && looksLikeParameters(tokens.slice(lastStart + 2, end - 1))) {
    // `RETURNS_(ULONG)` on its own line, then `GizmoCount(void)`: a function, not two invocations.
    return runStartBefore(tokens, lastStart);
  }
  if (end === 0 || end === tokens.length) return end;
  if (isP(tokens[end], '{')) return lastStart;
  if (isId(tokens[end]) && isP(tokens[end + 1], '(')) {
    // A bare `NAME(…)` after the run reads as a declaration only with the last invocation as its
    // return type; one that has its own return type (`SHSTDAPI_(int) SHFileOperationA(…)`) or
    // heads a body (`DECLARE_INTERFACE_(…) {…}`) does not need it.
    const rest = tokens.slice(end);
    const close = closeOf(rest, 1);
    if (close > 0 && isP(rest[close + 1], '{')) return end;
    return findFunctionDeclarator(rest) ? end : lastStart;
  }
  return end;
}

/** Where the invocation before the one at `at` starts (the run is contiguous). */
function runStartBefore(tokens: readonly HToken[], at: number): number {
  let start = 0;
  for (let i = 0; i < at; ) {
    const close = closeOf(tokens, i + 1);
    if (close + 1 >= at) return start;
    start = close + 1;
    i = close + 1;
  }
  return start;
}

/** `(void)`, `(ULONG Count)`, `(char *)`: a parameter list rather than macro arguments. */
function looksLikeParameters(inner: readonly HToken[]): boolean {
  if (inner.length === 0 || looksLikeArguments(inner)) return false;
  return splitTopLevel(inner, ',').some((segment) => segment.length > 1 || (segment.length === 1 && (segment[0]!.text === 'void' || segment[0]!.text === 'VOID')));
}

function isInvocationStart(tokens: readonly HToken[], i: number): boolean {
  const t = tokens[i];
  return (
    isId(t) &&
    isP(tokens[i + 1], '(') &&
    !isCompilerDecoration(t!.text) &&
    !isAnnotationWord(t!.text) &&
    !NOT_A_NAME.has(t!.text) &&
    !/^DECLSPEC_|ALIGN/.test(t!.text)
  );
}

function readItemWithBody(tokens: HToken[], bodyOpen: number, context: ItemContext, facts: HeaderFileFacts): Unreadable | undefined {
  const head = tokens.slice(0, bodyOpen);
  if (hasDepthZero(head, '=')) return undefined; // a variable with an initializer
  // `struct _TEB *NtCurrentTeb(VOID) {…}` is a function that returns a struct, not a struct.
  const fn = isP(head[head.length - 1], ')') ? findFunctionDeclarator(head) : undefined;
  if (fn) {
    readFunction(head, fn, context, facts, true);
    return undefined;
  }
  const tagAt = lastTagKeyword(head);
  if (tagAt >= 0) {
    readTagDefinition(tokens, tagAt, bodyOpen, false, context, facts);
    return undefined;
  }
  const words = head.filter((t) => !(isId(t) && isCompilerDecoration(t.text)));
  if (words.length === 2 && words.every(isId) && !NOT_A_NAME.has(words[0]!.text)) {
    // `interface IFoo { … }`: a keyword that a header defines as a macro.
    readTagDefinition(tokens, head.indexOf(words[0]!), bodyOpen, false, context, facts, words[0]!.text);
    return undefined;
  }
  if (startsWithInvocation(tokens)) return recordInvocation(tokens, context, facts);
  if (words.length === 1 && isId(words[0]) && !NOT_A_NAME.has(words[0]!.text)) {
    // `RASCONNW { … }` where a header defines `RASCONNW` as `struct tagRASCONNW`: the merge expands it.
    return recordInvocation(tokens, context, facts);
  }
  return new Unreadable(cppOr(tokens, 'a body that is neither a struct, union or enum nor a function'));
}

function readItemWithoutBody(tokens: HToken[], context: ItemContext, facts: HeaderFileFacts): Unreadable | undefined {
  const forward = readForwardDeclaration(tokens, context, facts);
  if (forward) return undefined;
  if (hasDepthZero(tokens, '=')) return undefined; // a variable with an initializer
  const fn = findFunctionDeclarator(tokens);
  if (fn) {
    readFunction(tokens, fn, context, facts, false);
    return undefined;
  }
  const paren = findParenDeclarator(tokens);
  if (paren && !paren.pointer) {
    // `BOOLEAN (RtlFoo)(ULONG Version)`: a function declared with its name in parentheses.
    const signature = readSignature(tokens.slice(0, paren.open), tokens.slice(paren.paramsOpen + 1, paren.paramsClose), context.region, paren.callingConvention);
    const nameLine = tokens.slice(paren.open, paren.close).find((t) => t.text === paren.name)?.line ?? tokens[0]!.line;
    facts.functions.push({ name: paren.name, ...signature, line: nameLine, region: context.region });
    return undefined;
  }
  if (startsWithInvocation(tokens)) return recordInvocation(tokens, context, facts);
  if (!hasDepthZero(cleanSpecifiers(tokens).tokens, '(') || paren) return undefined; // a variable
  return new Unreadable(cppOr(tokens, 'no declarator could be found'));
}

function cppOr(tokens: readonly HToken[], reason: string): string {
  const cpp = tokens.find((t) => isId(t) && ['class', 'template', 'namespace', 'operator', 'public', 'private', 'virtual'].includes(t.text));
  return cpp ? `C++ syntax, \`${cpp.text}\`` : reason;
}

/** `IDENT (…)` first (not a compiler decoration): a macro that stands for declarations. */
function startsWithInvocation(tokens: readonly HToken[]): boolean {
  const first = tokens[0];
  return isId(first) && isP(tokens[1], '(') && !isCompilerDecoration(first!.text) && !isSalWord(first!.text) && !NOT_A_NAME.has(first!.text);
}

function recordInvocation(tokens: readonly HToken[], context: ItemContext, facts: HeaderFileFacts): undefined {
  const macro = tokens[0]!.text;
  const close = closeOf(tokens, 1);
  const line = tokens[0]!.line;
  if (macro === 'DECLARE_HANDLE' && close === 3 && isId(tokens[2])) {
    // The Windows convention for a distinct opaque handle type (`struct NAME__ *` in STRICT builds).
    const name = tokens[2]!.text;
    facts.typedefs.push({ name, spec: `struct ${name}__ *`, handle: true, line, region: context.region });
    return undefined;
  }
  facts.invocations.push({ macro, text: tokens.map((t) => t.text).join(' '), line, region: context.region });
  return undefined;
}

// =======================================================================================
// Token scanning helpers

function depthZeroIndex(tokens: readonly HToken[], text: string, from = 0): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (depth === 0 && t.text === text) return i;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
  }
  return -1;
}

const hasDepthZero = (tokens: readonly HToken[], text: string): boolean => depthZeroIndex(tokens, text) >= 0;

/** Index of `keyword` when only decorations and macro words stand before it (`__MINGW_EXTENSION typedef`). */
function leadingKeyword(tokens: readonly HToken[], keyword: string): number {
  for (let i = 0; i < tokens.length && i < 12; i++) {
    const t = tokens[i]!;
    if (isWord(t, keyword)) return i;
    if (!isId(t)) {
      if (isP(t, '(')) {
        const close = closeOf(tokens, i);
        if (close < 0) return -1;
        i = close;
        continue;
      }
      return -1;
    }
    if (isTagKeyword(t.text)) return -1;
  }
  return -1;
}

function lastTagKeyword(head: readonly HToken[]): number {
  let found = -1;
  let depth = 0;
  head.forEach((t, i) => {
    if (isP(t, '(')) depth++;
    else if (isP(t, ')')) depth--;
    else if (depth === 0 && isId(t) && isTagKeyword(t.text)) found = i;
  });
  return found;
}

// =======================================================================================
// Specifiers

interface CleanSpec {
  tokens: HToken[];
  callingConvention?: string;
  sal: string[];
}

/**
 * Removes what the compiler defines (storage classes, `__declspec(…)`, `__attribute__((…))`)
 * and annotations (recorded) from specifier tokens; takes out a calling convention docgen
 * knows by name. Unknown words stay: the merge knows what they mean.
 */
const NO_ANNOTATIONS: string[] = [];

function cleanSpecifiers(tokens: readonly HToken[]): CleanSpec {
  if (!tokens.some(needsCleaning)) return { tokens: tokens as HToken[], sal: NO_ANNOTATIONS };
  const kept: HToken[] = [];
  const sal: string[] = [];
  let callingConvention: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'string') continue; // `extern "C"`
    if (isP(t, '[') && isP(tokens[i + 1], '[')) {
      const close = closeOf(tokens, i);
      i = close < 0 ? tokens.length : close;
      continue;
    }
    if (isId(t)) {
      const previous = kept[kept.length - 1];
      if (previous && isId(previous) && isTagKeyword(previous.text)) {
        kept.push(t); // a tag, even one spelled like SAL (`struct _FOO_`)
        continue;
      }
      if (isCallingConvention(t.text)) {
        callingConvention ??= t.text;
        continue;
      }
      const after = skipDecoration(tokens, i);
      if (after > i) {
        if (isAnnotationWord(t.text)) sal.push(formatTypeTokens(tokens.slice(i, after)).replace(/\s*\(\s*/, '('));
        i = after - 1;
        continue;
      }
    }
    kept.push(t);
  }
  const result: CleanSpec = { tokens: kept, sal };
  if (callingConvention) result.callingConvention = callingConvention;
  return result;
}

const specText = (tokens: readonly HToken[]): string => formatTypeTokens(tokens);

function needsCleaning(t: HToken): boolean {
  if (t.kind === 'string') return true;
  if (t.kind === 'punct') return t.text === '[';
  return t.kind === 'ident' && (isCallingConvention(t.text) || isCompilerDecoration(t.text) || isAnnotationWord(t.text));
}

// =======================================================================================
// Declarators

/** Splits `spec [*…] name [dims]`; the name is absent when only a type is written. */
function splitDeclarator(tokens: readonly HToken[]): { spec: HToken[]; name?: string; dims: string[] } {
  const { rest, dims } = stripDims(tokens);
  const last = rest[rest.length - 1];
  const before = rest.slice(0, -1);
  if (isId(last) && isNameCandidate(last!.text) && hasTypeWord(before)) return { spec: before, name: last!.text, dims };
  return { spec: rest, dims };
}

function isNameCandidate(word: string): boolean {
  return !isBuiltinTypeWord(word) && !QUALIFIER_WORDS.has(word) && !NOT_A_NAME.has(word) && !isCompilerDecoration(word) && !isAnnotationWord(word);
}

/** True when the tokens hold something that can be a type (not only qualifiers and stars). */
function hasTypeWord(tokens: readonly HToken[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!isId(t) || QUALIFIER_WORDS.has(t.text) || isCompilerDecoration(t.text) || isAnnotationWord(t.text)) continue;
    if (isTagKeyword(t.text)) return isId(tokens[i + 1]) || isP(tokens[i + 1], '{');
    return true;
  }
  return false;
}

interface FunctionDeclarator {
  name: number;
  open: number;
  close: number;
}

/**
 * `… NAME ( params ) trailer`: the leftmost identifier followed by a parameter list that has a
 * return type before it and only decorations after its list. Macro invocations before it
 * (`WINOLEAPI_(LPVOID) CoTaskMemAlloc(…)`, `_Success_(…)`) are passed over.
 */
function findFunctionDeclarator(tokens: readonly HToken[]): FunctionDeclarator | undefined {
  for (let i = 1; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    if (isP(t, '(') || isP(t, '[')) {
      const close = closeOf(tokens, i);
      if (close < 0) return undefined;
      i = close;
      continue;
    }
    if (!isId(t) || !isP(tokens[i + 1], '(') || !isNameCandidate(t.text) || isCallingConvention(t.text)) continue;
    const prev = tokens[i - 1]!;
    if (!(isId(prev) || isP(prev, '*') || isP(prev, '&') || isP(prev, ')'))) continue;
    const close = closeOf(tokens, i + 1);
    if (close < 0) return undefined;
    if (trailerIsDecoration(tokens, close + 1) && !looksLikeArguments(tokens.slice(i + 2, close))) return { name: i, open: i + 1, close };
  }
  return undefined;
}

function trailerIsDecoration(tokens: readonly HToken[], from: number): boolean {
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isId(t)) {
      if (isP(tokens[i + 1], '(')) {
        const close = closeOf(tokens, i + 1);
        if (close < 0) return false;
        i = close;
      }
      continue;
    }
    return false;
  }
  return true;
}

/** Numbers, strings or operators at depth 0: call arguments, not parameter declarations. */
function looksLikeArguments(tokens: readonly HToken[]): boolean {
  return splitTopLevel(tokens, ',').some((segment) => {
    let depth = 0;
    for (const t of segment) {
      if (isP(t, '(') || isP(t, '[')) depth++;
      else if (isP(t, ')') || isP(t, ']')) depth--;
      else if (depth === 0 && (t.kind === 'number' || t.kind === 'string')) return true;
      else if (depth === 0 && t.kind === 'punct' && ['+', '-', '/', '%', '==', '!=', '&&', '||', '!', '.', '->', '<', '>', '='].includes(t.text)) return true;
    }
    return false;
  });
}

interface ParenDeclarator {
  /** The `(` of `(CC *NAME)` and its `)`. */
  open: number;
  close: number;
  paramsOpen: number;
  paramsClose: number;
  name: string;
  dims: string[];
  pointer: boolean;
  callingConvention?: string;
}

/** `R (CC *NAME)(params)` / `R (CC NAME)(params)` / `R (*NAME[4])(params)`. */
function findParenDeclarator(tokens: readonly HToken[]): ParenDeclarator | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (!isP(tokens[i], '(')) continue;
    const close = closeOf(tokens, i);
    if (close < 0) return undefined;
    if (isP(tokens[close + 1], '(')) {
      const inner = readInnerDeclarator(tokens.slice(i + 1, close));
      const paramsClose = closeOf(tokens, close + 1);
      if (inner && paramsClose > 0 && trailerIsDecoration(tokens, paramsClose + 1)) {
        return { open: i, close, paramsOpen: close + 1, paramsClose, ...inner };
      }
    }
    i = close;
  }
  return undefined;
}

/** `CC * const NAME [4]` inside the first parentheses of a function-pointer declarator. */
function readInnerDeclarator(inner: readonly HToken[]): { name: string; dims: string[]; pointer: boolean; callingConvention?: string } | undefined {
  const { name, spec, dims } = splitDeclarator(inner);
  const words: string[] = [];
  let pointer = false;
  let lastName = name;
  for (const t of spec) {
    if (isP(t, '*')) pointer = true;
    else if (isId(t) && !QUALIFIER_WORDS.has(t.text) && !isCompilerDecoration(t.text)) words.push(t.text);
    else if (!isId(t)) return undefined;
  }
  if (!lastName) {
    // `(NTAPI NAME)`: splitDeclarator needs a type before the name; here the words before are the convention.
    const last = inner[inner.length - 1];
    if (!isId(last) || !isNameCandidate(last!.text) || inner.some((t) => !isId(t) && !isP(t, '*'))) return undefined;
    lastName = last!.text;
    words.length = 0;
    for (const t of inner.slice(0, -1)) if (isId(t) && !QUALIFIER_WORDS.has(t.text)) words.push(t.text);
    pointer = inner.some((t) => isP(t, '*'));
  }
  const result: { name: string; dims: string[]; pointer: boolean; callingConvention?: string } = { name: lastName, dims, pointer };
  if (words.length) result.callingConvention = words.join(' ');
  return result;
}

// =======================================================================================
// Functions and parameters

function readFunction(tokens: readonly HToken[], fn: FunctionDeclarator, context: ItemContext, facts: HeaderFileFacts, inline: boolean): void {
  const signature = readSignature(tokens.slice(0, fn.name), tokens.slice(fn.open + 1, fn.close), context.region);
  const name = tokens[fn.name]!;
  facts.functions.push({ name: name.text, ...signature, ...(inline ? { inline: true as const } : {}), line: name.line, region: context.region });
}

function readSignature(returnTokens: readonly HToken[], paramTokens: readonly HToken[], itemRegion: number, callingConvention?: string): RawSignature {
  const spec = cleanSpecifiers(returnTokens);
  const signature: RawSignature = { returnSpec: specText(spec.tokens), parameters: [] };
  const cc = callingConvention ?? spec.callingConvention;
  if (cc) signature.callingConvention = cc;
  const segments = splitTopLevel(paramTokens, ',');
  for (const segment of segments) {
    if (segment.length === 0) continue;
    if (segment.length === 1 && isP(segment[0], '...')) {
      signature.variadic = true;
      continue;
    }
    const parameter = readParameter(segment, itemRegion);
    const region = regionOf(segment, itemRegion);
    if (region !== undefined) parameter.region = region;
    signature.parameters.push(parameter);
  }
  const only = signature.parameters[0];
  if (signature.parameters.length === 1 && !only!.name && (only!.spec === 'void' || only!.spec === 'VOID') && !only!.dims) signature.parameters = [];
  return signature;
}

/** A parameter or a field declarator: annotations, type, name, dimensions; function pointers. */
function readParameter(segment: readonly HToken[], itemRegion: number): RawParameter {
  const line = segment[0]?.line ?? 0;
  const paren = findParenDeclarator(segment);
  if (paren) {
    const signature = readSignature(segment.slice(0, paren.open), segment.slice(paren.paramsOpen + 1, paren.paramsClose), itemRegion, paren.callingConvention);
    const outer = cleanSpecifiers(segment.slice(0, paren.open));
    const parameter: RawParameter = { name: paren.name, spec: signature.returnSpec, signature, pointer: paren.pointer, line };
    if (paren.dims.length) parameter.dims = paren.dims;
    if (outer.sal.length) parameter.sal = outer.sal;
    return parameter;
  }
  const clean = cleanSpecifiers(segment);
  const { spec, name, dims } = splitDeclarator(clean.tokens);
  const parameter: RawParameter = { spec: specText(spec), line };
  if (name) parameter.name = name;
  if (dims.length) parameter.dims = dims;
  if (clean.sal.length) parameter.sal = clean.sal;
  return parameter;
}

// =======================================================================================
// Typedefs

function readTypedef(rest: HToken[], line: number, context: ItemContext, facts: HeaderFileFacts): Unreadable | undefined {
  const bodyOpen = depthZeroIndex(rest, '{');
  if (bodyOpen >= 0) {
    const tagAt = lastTagKeyword(rest.slice(0, bodyOpen));
    if (tagAt < 0) return new Unreadable('a typedef with a body that is not a struct, union or enum');
    readTagDefinition(rest, tagAt, bodyOpen, true, context, facts);
    return undefined;
  }
  const parts = splitTopLevel(rest, ',');
  const first = parts[0]!;
  const paren = findParenDeclarator(first);
  if (paren) {
    const signature = readSignature(first.slice(0, paren.open), first.slice(paren.paramsOpen + 1, paren.paramsClose), context.region, paren.callingConvention);
    const nameLine = first.slice(paren.open, paren.close).find((t) => t.text === paren.name)?.line ?? line;
    facts.callbacks.push({ name: paren.name, pointer: paren.pointer, ...signature, line: nameLine, region: context.region });
    return undefined;
  }
  const fn = findFunctionDeclarator(first);
  if (fn) {
    const signature = readSignature(first.slice(0, fn.name), first.slice(fn.open + 1, fn.close), context.region);
    facts.callbacks.push({ name: first[fn.name]!.text, pointer: false, ...signature, line: first[fn.name]!.line, region: context.region });
    return undefined;
  }
  const clean = cleanSpecifiers(first);
  const declarator = splitDeclarator(clean.tokens);
  const last = clean.tokens[clean.tokens.length - 1];
  if (!declarator.name && isId(last) && LIBRARY_TYPE_NAMES.has(last!.text) && hasTypeWord(clean.tokens.slice(0, -1))) {
    // `typedef unsigned short wchar_t;`: in C these are library typedefs, not keywords.
    declarator.name = last!.text;
    declarator.spec = clean.tokens.slice(0, -1);
  }
  if (!declarator.name) return new Unreadable('a typedef without a name');
  const base = withoutTrailingStars(declarator.spec);
  pushTypedef(facts, declarator.name, declarator.spec, declarator.dims, line, context);
  for (const more of parts.slice(1)) {
    const next = splitDeclarator([...base, ...cleanSpecifiers(more).tokens]);
    if (next.name) pushTypedef(facts, next.name, next.spec, next.dims, line, context);
  }
  noteTagReference(clean.tokens, line, context, facts);
  return undefined;
}

function pushTypedef(facts: HeaderFileFacts, name: string, spec: readonly HToken[], dims: string[], line: number, context: ItemContext): void {
  facts.typedefs.push({ name, spec: specText(spec), ...(dims.length ? { dims } : {}), line, region: context.region });
}

function withoutTrailingStars(spec: readonly HToken[]): HToken[] {
  let end = spec.length;
  while (end > 0 && (isP(spec[end - 1], '*') || (isId(spec[end - 1]) && QUALIFIER_WORDS.has(spec[end - 1]!.text) && spec.slice(0, end - 1).some((t) => isP(t, '*'))))) end--;
  return spec.slice(0, end);
}

/** `typedef struct _X *PX;` names a record that may be defined nowhere: remember it as incomplete. */
function noteTagReference(tokens: readonly HToken[], line: number, context: ItemContext, facts: HeaderFileFacts): void {
  const at = tokens.findIndex((t) => isId(t) && isTagKeyword(t.text));
  const tag = tokens[at + 1];
  if (at < 0 || !isId(tag)) return;
  pushIncomplete(tokens[at]!.text, tag!.text, line, context, facts);
}

function pushIncomplete(keyword: string, tag: string, line: number, context: ItemContext, facts: HeaderFileFacts): void {
  if (keyword === 'enum') facts.enums.push({ tag, names: [], enumerators: [], incomplete: true, line, region: context.region });
  else facts.records.push({ kind: keyword === 'union' ? 'union' : 'struct', tag, names: [], fields: [], incomplete: true, line, region: context.region });
}

/** `struct X;`, `union X;`, `enum X;` (decorations allowed). */
function readForwardDeclaration(tokens: readonly HToken[], context: ItemContext, facts: HeaderFileFacts): boolean {
  const words = tokens.filter((t) => !(isId(t) && isCompilerDecoration(t.text)));
  if (words.length !== 2 || !isId(words[0]) || !isTagKeyword(words[0]!.text) || !isId(words[1])) return false;
  pushIncomplete(words[0]!.text, words[1]!.text, words[0]!.line, context, facts);
  return true;
}

// =======================================================================================
// Struct, union and enum definitions

/** A declarator after a known base type: `*PX`, `FAR *LPX`, `X[4]`, `a : 3` — stars and words before the name kept as written. */
function readPlainDeclarator(tokens: readonly HToken[]): { name?: string; pointer: string; dims: string[]; bits?: string } {
  const colon = depthZeroIndex(tokens, ':');
  const clean = cleanSpecifiers(colon >= 0 ? tokens.slice(0, colon) : tokens).tokens;
  const { rest, dims } = stripDims(clean);
  const last = rest[rest.length - 1];
  const named = isId(last) && isNameCandidate(last!.text);
  const result: { name?: string; pointer: string; dims: string[]; bits?: string } = { pointer: formatTypeTokens(named ? rest.slice(0, -1) : rest), dims };
  if (named) result.name = last!.text;
  if (colon >= 0) result.bits = tokens.slice(colon + 1).map((t) => t.text).join(' ');
  return result;
}

/**
 * `[typedef] [decorations] struct|union|enum [decorations] [TAG] { body } [declarators]`.
 * The record is keyed by its tag, or by its first typedef name when it has none.
 */
function readTagDefinition(
  tokens: readonly HToken[],
  tagAt: number,
  bodyOpen: number,
  isTypedef: boolean,
  context: ItemContext,
  facts: HeaderFileFacts,
  keywordMacro?: string,
): void {
  const keyword = keywordMacro ? 'struct' : tokens[tagAt]!.text;
  const bodyClose = closeOf(tokens, bodyOpen);
  const body = tokens.slice(bodyOpen + 1, bodyClose < 0 ? tokens.length : bodyClose);
  const tail = bodyClose < 0 ? [] : tokens.slice(bodyClose + 1);
  const between = tokens.slice(tagAt + 1, bodyOpen);
  const tag = tagOf(between);
  const declarators = isTypedef ? splitTopLevel(tail, ',').map(readPlainDeclarator) : [];
  const plainNames = declarators.filter((d) => d.name && !d.pointer && d.dims.length === 0).map((d) => d.name!);
  const key = tag ?? plainNames[0] ?? declarators.find((d) => d.name)?.name;
  const line = tokens[tagAt]!.line;
  if (keyword === 'enum') {
    facts.enums.push({ ...(tag ? { tag } : {}), names: plainNames, enumerators: readEnumerators(body, context.region), line, region: context.region });
  } else {
    const record: RawRecord = { kind: keyword === 'union' ? 'union' : 'struct', names: plainNames, fields: readFields(body, context, facts), line, region: context.region };
    if (tag) record.tag = tag;
    const align = alignmentOf([...tokens.slice(0, tagAt), ...between]);
    if (align) record.align = align;
    if (context.pack !== undefined) record.pack = context.pack;
    if (keywordMacro) record.keywordMacro = keywordMacro;
    facts.records.push(record);
  }
  if (!key) return;
  const target = `${keyword === 'enum' ? 'enum' : keyword === 'union' ? 'union' : 'struct'} ${key}`;
  for (const d of declarators) {
    if (!d.name) continue;
    facts.typedefs.push({ name: d.name, spec: d.pointer ? `${target} ${d.pointer}` : target, ...(d.dims.length ? { dims: d.dims } : {}), line, region: context.region });
  }
}

/** The tag between the keyword and the body: the last plain name, not a macro invocation such as `DECLSPEC_ALIGN(16)`. */
function tagOf(between: readonly HToken[]): string | undefined {
  for (let i = between.length - 1; i >= 0; i--) {
    const t = between[i]!;
    if (isP(t, ')')) {
      let depth = 0;
      for (; i >= 0; i--) {
        if (isP(between[i], ')')) depth++;
        else if (isP(between[i], '(') && --depth === 0) break;
      }
      i--; // the macro name before the group
      continue;
    }
    // A tag may look like SAL (`struct _FOO_ {`): only keywords and decorations are ruled out.
    if (isId(t) && !isBuiltinTypeWord(t.text) && !QUALIFIER_WORDS.has(t.text) && !NOT_A_NAME.has(t.text) && !isCompilerDecoration(t.text)) return t.text;
  }
  return undefined;
}

function stripDims(tokens: readonly HToken[]): { rest: HToken[]; dims: string[] } {
  let end = tokens.length;
  const dims: string[] = [];
  while (end > 0 && isP(tokens[end - 1], ']')) {
    let open = end - 1;
    let depth = 0;
    for (; open >= 0; open--) {
      if (isP(tokens[open], ']')) depth++;
      else if (isP(tokens[open], '[') && --depth === 0) break;
    }
    if (open < 0) break;
    dims.unshift(formatTypeTokens(tokens.slice(open + 1, end - 1)));
    end = open;
  }
  return { rest: tokens.slice(0, end), dims };
}

/** `DECLSPEC_ALIGN(16)`, `__declspec(align(16))`, `__attribute__((aligned(16)))` as written. */
function alignmentOf(tokens: readonly HToken[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!isId(t) || !isP(tokens[i + 1], '(')) continue;
    const close = closeOf(tokens, i + 1);
    if (close < 0) return undefined;
    const text = tokens.slice(i, close + 1).map((x) => x.text).join('');
    if (/align/i.test(text)) return text;
    i = close;
  }
  return undefined;
}

function regionOf(tokens: readonly HToken[], itemRegion: number): number | undefined {
  const region = tokens[0]?.region;
  return region === undefined || region === itemRegion ? undefined : region;
}

function readEnumerators(body: readonly HToken[], itemRegion: number): RawEnumerator[] {
  const out: RawEnumerator[] = [];
  for (const part of splitTopLevel(body, ',')) {
    const name = part[0];
    if (!isId(name)) continue;
    const eq = part.findIndex((t) => isP(t, '='));
    const enumerator: RawEnumerator = { name: name!.text, line: name!.line };
    if (eq >= 0) enumerator.expr = joinTokens(part.slice(eq + 1));
    const region = regionOf(part, itemRegion);
    if (region !== undefined) enumerator.region = region;
    out.push(enumerator);
  }
  return out;
}

/** Members of a record body, split at depth-0 `;` (a nested body ends at its `;`, not at its `}`). */
function readFields(body: readonly HToken[], context: ItemContext, facts: HeaderFileFacts): RawField[] {
  const fields: RawField[] = [];
  for (const member of splitTopLevel(body, ';')) {
    if (member.length === 0) continue;
    const region = regionOf(member, context.region);
    const nestedOpen = depthZeroIndex(member, '{');
    const added = nestedOpen >= 0 ? readNestedRecordFields(member, nestedOpen, context, facts) : readFieldDeclarators(member, context.region);
    for (const field of added) {
      if (region !== undefined) field.region = region;
      fields.push(field);
    }
  }
  return fields;
}

/** `struct|union [TAG] { … } [declarators]` inside a record: a named or anonymous member. */
function readNestedRecordFields(member: readonly HToken[], open: number, context: ItemContext, facts: HeaderFileFacts): RawField[] {
  const head = member.slice(0, open);
  const tagAt = lastTagKeyword(head);
  const keyword = tagAt >= 0 ? head[tagAt]!.text : 'struct';
  const close = closeOf(member, open);
  const inner = member.slice(open + 1, close < 0 ? member.length : close);
  const tag = tagAt >= 0 ? tagOf(head.slice(tagAt + 1)) : undefined;
  const line = member[0]!.line;
  const tail = close < 0 ? [] : member.slice(close + 1);
  const declarators = splitTopLevel(tail, ',').filter((d) => d.length > 0).map(readPlainDeclarator);
  if (keyword === 'enum') {
    facts.enums.push({ ...(tag ? { tag } : {}), names: [], enumerators: readEnumerators(inner, context.region), line, region: context.region });
    const spec = tag ? `enum ${tag}` : 'int';
    return declarators.map((d) => plainField(d, d.pointer ? `${spec} ${d.pointer}` : spec, line));
  }
  const kind = keyword === 'union' ? 'union' : 'struct';
  const body: RawRecordBody = { kind, fields: readFields(inner, context, facts) };
  if (tag) body.tag = tag;
  const align = alignmentOf(head);
  if (align) body.align = align;
  if (tag) facts.records.push({ ...body, names: [], line, region: context.region });
  if (declarators.length === 0) return [{ spec: kind, record: body, line }];
  return declarators.map((d) => ({ ...plainField(d, d.pointer ? `${kind} ${d.pointer}` : kind, line), record: body }));
}

function plainField(d: { name?: string; dims: string[]; bits?: string }, spec: string, line: number): RawField {
  const field: RawField = { spec, line };
  if (d.name) field.name = d.name;
  if (d.dims.length) field.dims = d.dims;
  if (d.bits !== undefined) field.bits = d.bits;
  return field;
}

/** `TYPE a, *b, c[4], d : 3;` — declarators after the first share its base type. */
function readFieldDeclarators(member: readonly HToken[], itemRegion: number): RawField[] {
  const parts = splitTopLevel(member, ',');
  const fields: RawField[] = [];
  let base: HToken[] | undefined;
  for (const part of parts) {
    const colon = depthZeroIndex(part, ':');
    const declarator = colon >= 0 ? part.slice(0, colon) : part;
    const field: RawField = readParameter(base ? [...base, ...declarator] : declarator, itemRegion);
    if (colon >= 0) field.bits = part.slice(colon + 1).map((t) => t.text).join(' ');
    base ??= withoutTrailingStars(splitDeclarator(cleanSpecifiers(declarator).tokens).spec);
    fields.push(field);
  }
  return fields;
}
