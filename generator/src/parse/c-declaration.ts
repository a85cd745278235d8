/**
 * Parses the C/C++ declarations found in syntax blocks of documentation pages.
 *
 * `parseCDeclaration` reads a function prototype (return type, calling convention, name,
 * typed parameters with direction and optionality from SAL, `IN`/`OUT`/`OPTIONAL` or
 * `[in, optional]` brackets). `parseCTypeDefinitions` reads structure, union, enumeration,
 * callback and plain typedef definitions, so that types can be resolved from other pages.
 *
 * The approach: tokenize (comments and preprocessor lines dropped), cut the token stream
 * into top-level items (ending at `;` or at a `{…}` body), and read each item with a small
 * recursive-descent reader. Neither function throws; text that holds no declaration gives
 * `undefined` / an empty list.
 */
import type { CDeclaration, CParameter, Direction, SourceRef } from '../model/page.js';
import {
  BUILTIN_TYPE_WORDS,
  CALLING_CONVENTIONS,
  DIRECTION_MACROS,
  QUALIFIERS,
  TAG_KEYWORDS,
  closingIndex,
  formatTypeTokens,
  isDecorationWord,
  isIdent,
  isPunct,
  isSalWord,
  splitTopLevel,
  tokenize,
  type Token,
} from './c-tokens.js';

export { normalizeCType } from './c-tokens.js';

/** A structure field, union member or enumeration constant read from a definition. */
export interface CField {
  name: string;
  /** Normalised C type; absent for enumeration constants. */
  type?: string;
  /** Bit-field width (`ULONG Flag : 1`). */
  bits?: number;
  /** Enumeration constant value as written (`0x00000001`). */
  value?: string;
  /** Members of an anonymous or nested struct/union. */
  fields?: CField[];
}

/** A name a definition introduces and the C type it stands for (`PSecHandle` → `struct _SecHandle *`). */
export interface CTypedefName {
  name: string;
  type: string;
}

export interface CTypeDefinition {
  kind: 'struct' | 'union' | 'enum' | 'callback' | 'typedef';
  /** The tag of a struct/union/enum (`_SecHandle` in `typedef struct _SecHandle {…}`). */
  tag?: string;
  /** Names introduced: typedef names, or the tag itself for a C++-style `struct X {…};`. */
  names: CTypedefName[];
  fields: CField[];
  /** For callbacks: the function signature. */
  declaration?: CDeclaration;
  text: string;
  source: SourceRef;
}

interface Item {
  /** Tokens before any body, without the terminating `;`. */
  head: Token[];
  /** Tokens inside a depth-0 `{…}`, when present. */
  body?: Token[];
  /** Tokens after the body (`X, *PX` of a typedef). */
  tail: Token[];
}

const STATEMENT_KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'defined', 'do', 'else', 'case', 'goto', 'new', 'delete']);

// =======================================================================================
// Public API

/**
 * Parses the text of a syntax block (a C/C++ function prototype, possibly preceded by a
 * callback typedef line such as `LSA_DELETE_LOGON_SESSION LsaDeleteLogonSession;`, possibly
 * followed by `{...}`) into a declaration. Returns undefined when the text holds no function
 * declaration (e.g. a struct or enum definition, or a macro).
 */
export function parseCDeclaration(text: string, source: SourceRef): CDeclaration | undefined {
  try {
    return parseDeclarationUnsafe(text, source);
  } catch {
    return undefined; // defensive: malformed input must never break a page
  }
}

/** The first type definition of a syntax block (structure, enumeration, callback or typedef page). */
export function parseCTypeDefinition(text: string, source: SourceRef): CTypeDefinition | undefined {
  return parseCTypeDefinitions(text, source)[0];
}

/** Every type definition of a block, in order of appearance. */
export function parseCTypeDefinitions(text: string, source: SourceRef): CTypeDefinition[] {
  try {
    return parseDefinitionsUnsafe(text, source);
  } catch {
    return [];
  }
}

// =======================================================================================
// Items

function splitItems(tokens: readonly Token[]): Item[] {
  const items: Item[] = [];
  let current: Item = { head: [], tail: [] };
  const flush = () => {
    if (current.head.length || current.body) items.push(current);
    current = { head: [], tail: [] };
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, ';')) {
      flush();
      continue;
    }
    if (isPunct(t, '(') || isPunct(t, '[')) {
      const close = closingIndex(tokens, i);
      (current.body ? current.tail : current.head).push(...tokens.slice(i, close + 1));
      i = close;
      continue;
    }
    if (isPunct(t, '{')) {
      const close = closingIndex(tokens, i);
      if (current.body) {
        // A second body in one item: the first was a function body; start a new item.
        flush();
      }
      current.body = tokens.slice(i + 1, close);
      i = close;
      // A function definition body ends the item; a struct body is followed by names.
      if (endsWithParamList(current.head)) flush();
      continue;
    }
    (current.body ? current.tail : current.head).push(t);
  }
  flush();
  return items;
}

/** True when the tokens end with `( … )` possibly followed by `const`/SAL/`= 0` (a function head). */
function endsWithParamList(head: readonly Token[]): boolean {
  let i = head.length - 1;
  while (i >= 0 && (isIdent(head[i]) && (head[i]!.text === 'const' || isSalWord(head[i]!.text) || isDecorationWord(head[i]!.text)))) i--;
  return isPunct(head[i], ')');
}

// =======================================================================================
// Function declarations

interface FunctionHead {
  name: string;
  returnTokens: Token[];
  callingConvention?: string;
  paramTokens: Token[];
  isTypedef: boolean;
  /** `typedef R (CC *PFN)(…)` or a variable `R (*name)(…)`: declares a pointer to function. */
  isPointer: boolean;
}

function parseDeclarationUnsafe(text: string, source: SourceRef): CDeclaration | undefined {
  const items = splitItems(tokenize(text));
  // Callback pages start with `TYPEDEF_NAME FunctionName;`: remember such lines.
  const typedefUses = new Map<string, string>();
  for (const item of items) {
    if (item.body && !endsWithParamList(item.head)) continue; // struct/enum definition
    const use = readTypedefUse(item);
    if (use) {
      typedefUses.set(use.name.toLowerCase(), use.typedefName);
      continue;
    }
    const head = readFunctionHead(item.head);
    if (!head || looksLikeCallArguments(head.paramTokens)) continue;
    return toDeclaration(head, typedefUses, text, source);
  }
  return undefined;
}

/** `EVT_WDF_DRIVER_UNLOAD EvtDriverUnload;` (optionally with stray `*`): a function declared through its typedef. */
function readTypedefUse(item: Item): { typedefName: string; name: string } | undefined {
  if (item.body) return undefined;
  const words = item.head.filter((t) => !isPunct(t, '*'));
  if (words.length !== 2 || !words.every(isIdent)) return undefined;
  const [typedefName, name] = [words[0]!.text, words[1]!.text];
  if (typedefName === 'typedef' || BUILTIN_TYPE_WORDS.has(typedefName) || TAG_KEYWORDS.has(typedefName)) return undefined;
  return { typedefName, name };
}

function toDeclaration(head: FunctionHead, typedefUses: Map<string, string>, text: string, source: SourceRef): CDeclaration {
  const { parameters, variadic } = readParameters(head.paramTokens);
  const typedefName = head.isTypedef ? head.name : typedefUses.get(head.name.toLowerCase());
  const declaration: CDeclaration = {
    name: head.name,
    returnType: typeText(cleanTypeTokens(head.returnTokens)),
    parameters,
    text,
    source,
  };
  if (head.callingConvention) declaration.callingConvention = head.callingConvention;
  if (typedefName) declaration.typedefName = typedefName;
  if (variadic) declaration.variadic = true;
  return declaration;
}

/** Expands `STDMETHOD(Name)` and `STDMETHOD_(Type, Name)` (COM interface macros). */
function expandComMacros(tokens: Token[]): Token[] {
  const first = tokens.findIndex((t) => isIdent(t) && /^(STDMETHOD|IFACEMETHOD)_?$/.test(t.text));
  if (first < 0 || !isPunct(tokens[first + 1], '(')) return tokens;
  const close = closingIndex(tokens, first + 1);
  const inner = splitTopLevel(tokens.slice(first + 2, close), ',');
  const macro = tokens[first]!;
  const make = (text: string): Token => ({ kind: 'ident', text, line: macro.line });
  const returnType = macro.text.endsWith('_') && inner.length === 2 ? inner[0]! : [make('HRESULT')];
  const name = inner[inner.length - 1] ?? [];
  return [...tokens.slice(0, first), ...returnType, make('STDMETHODCALLTYPE'), ...name, ...tokens.slice(close + 1)];
}

function readFunctionHead(rawHead: Token[]): FunctionHead | undefined {
  let head = expandComMacros(rawHead);
  let isTypedef = false;
  if (isIdent(head[0]) && head[0].text === 'typedef') {
    isTypedef = true;
    head = head.slice(1);
  }
  // The first depth-0 `(` that is not the argument list of an annotation.
  let open = -1;
  for (let i = 0; i < head.length; i++) {
    const t = head[i]!;
    if (isPunct(t, '(')) {
      const before = head[i - 1];
      const close = closingIndex(head, i);
      if (isIdent(before) && (isSalWord(before.text) || before.text === '__declspec' || /^DECLSPEC_/.test(before.text))) {
        i = close;
        continue;
      }
      open = i;
      break;
    }
    if (isPunct(t, '=') || isPunct(t, '.') || isPunct(t, '->') || isPunct(t, '[')) return undefined; // a statement
  }
  if (open < 0) return undefined;
  const close = closingIndex(head, open);
  const after = head.slice(close + 1);
  const pointer = readPointerDeclarator(head.slice(open + 1, close));
  if (pointer && isPunct(after[0], '(')) {
    // R (CC *Name)(params)
    const paramsClose = closingIndex(after, 0);
    const spec = stripDecorations(head.slice(0, open));
    const callingConvention = pointer.callingConvention ?? spec.callingConvention;
    return {
      name: pointer.name,
      returnTokens: spec.tokens,
      ...(callingConvention ? { callingConvention } : {}),
      paramTokens: after.slice(1, paramsClose),
      isTypedef,
      isPointer: true,
    };
  }
  const nameToken = head[open - 1];
  if (!isIdent(nameToken) || STATEMENT_KEYWORDS.has(nameToken.text) || BUILTIN_TYPE_WORDS.has(nameToken.text)) return undefined;
  if (isSalWord(nameToken.text) || CALLING_CONVENTIONS.has(nameToken.text) || isDecorationWord(nameToken.text) || QUALIFIERS.has(nameToken.text)) return undefined;
  if (!trailerIsDeclarationLike(after)) return undefined;
  let specEnd = open - 1;
  // C++ qualified names: `IFoo::Method` keeps the method name.
  while (isPunct(head[specEnd - 1], '::') && isIdent(head[specEnd - 2])) specEnd -= 2;
  // Nothing before the name (no return type, calling convention or decoration): a call, not a declaration.
  if (specEnd <= 0) return undefined;
  const spec = stripDecorations(head.slice(0, specEnd));
  if (spec.tokens.some((t) => t.kind === 'punct' && !['*', '&', '::', '<', '>', ','].includes(t.text))) return undefined;
  if (spec.tokens.some((t) => t.kind === 'string' || t.kind === 'number')) return undefined;
  return {
    name: nameToken.text,
    returnTokens: spec.tokens,
    ...(spec.callingConvention ? { callingConvention: spec.callingConvention } : {}),
    paramTokens: head.slice(open + 1, close),
    isTypedef,
    isPointer: false,
  };
}

/** After the parameter list a declaration has only `const`, `= 0`, `PURE`, SAL, `throw()` or `override`. */
function trailerIsDeclarationLike(after: readonly Token[]): boolean {
  for (let i = 0; i < after.length; i++) {
    const t = after[i]!;
    if (isIdent(t) && (QUALIFIERS.has(t.text) || isDecorationWord(t.text) || isSalWord(t.text) || t.text === 'throw')) {
      if (isPunct(after[i + 1], '(')) i = closingIndex(after, i + 1);
      continue;
    }
    if (isPunct(t, '=') && (after[i + 1]?.text === '0' || after[i + 1]?.text === 'default' || after[i + 1]?.text === 'delete')) {
      i++;
      continue;
    }
    return false;
  }
  return true;
}

/** Reads `CC * Name` / `* Name` inside the first parentheses of a function-pointer declarator. */
function readPointerDeclarator(inner: readonly Token[]): { name: string; callingConvention?: string } | undefined {
  const star = inner.findIndex((t) => isPunct(t, '*'));
  if (star < 0) return undefined;
  const rest = inner.slice(star + 1).filter((t) => !(isIdent(t) && (QUALIFIERS.has(t.text) || isDecorationWord(t.text))));
  if (rest.length !== 1 || !isIdent(rest[0])) return undefined;
  const before = inner.slice(0, star).filter(isIdent);
  if (inner.slice(0, star).some((t) => !isIdent(t))) return undefined;
  // Whatever stands before the star is the calling convention (`NTAPI`, or a macro such as `USB_BUSIFFN`).
  const callingConvention = before.map((t) => t.text).join(' ');
  return { name: rest[0].text, ...(callingConvention ? { callingConvention } : {}) };
}

/** Removes SAL, decorations and calling conventions from declaration specifiers; remembers the calling convention. */
function stripDecorations(tokens: readonly Token[]): { tokens: Token[]; callingConvention?: string } {
  const kept: Token[] = [];
  let callingConvention: string | undefined;
  let depth = 0; // a calling convention inside `(CC *)` belongs to a function-pointer type
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(')) depth++;
    if (isPunct(t, ')')) depth--;
    if (isIdent(t)) {
      const takesArgs = isPunct(tokens[i + 1], '(');
      if (CALLING_CONVENTIONS.has(t.text) && depth === 0) {
        callingConvention ??= t.text;
        continue;
      }
      if (isSalWord(t.text) || isDecorationWord(t.text) || t.text === 'typedef') {
        if (takesArgs) i = closingIndex(tokens, i + 1);
        continue;
      }
    }
    if (isPunct(t, '[') && isPunct(tokens[i + 1], '[')) {
      i = closingIndex(tokens, i); // [[attribute]]
      continue;
    }
    if (t.kind === 'string' && kept.length && kept[kept.length - 1]!.text === 'extern') continue;
    kept.push(t);
  }
  return { tokens: kept, ...(callingConvention ? { callingConvention } : {}) };
}

// =======================================================================================
// Parameters

/**
 * True when a parenthesised list reads as call arguments (`&x`, `0`, `sizeof(x)`, `a / 2`),
 * which never appear in parameter declarations (array sizes and default values aside).
 */
function looksLikeCallArguments(tokens: readonly Token[]): boolean {
  return splitTopLevel(tokens, ',').some((segment) => {
    const eq = segment.findIndex((t) => isPunct(t, '='));
    const declarator = eq >= 0 ? segment.slice(0, eq) : segment;
    if (isPunct(declarator[0], '&')) return true;
    for (let i = 0; i < declarator.length; i++) {
      const t = declarator[i]!;
      if (isPunct(t, '[') || isPunct(t, '(')) {
        i = closingIndex(declarator, i); // array sizes and function-pointer parameter lists
        continue;
      }
      if (t.kind === 'number' || t.kind === 'string' || (t.kind === 'ident' && t.text === 'sizeof')) return true;
      if (t.kind === 'punct' && ['/', '+', '-', '.', '->', '!', '&&', '||', '=='].includes(t.text)) return true;
    }
    return false;
  });
}

interface Annotations {
  sal: string[];
  direction?: Direction;
  optional: boolean;
}

function readParameters(tokens: readonly Token[]): { parameters: CParameter[]; variadic: boolean } {
  const segments = parameterSegments(tokens);
  const parameters: CParameter[] = [];
  let variadic = false;
  for (const segment of segments) {
    if (segment.length === 0) continue; // trailing comma
    if (segment.length === 1 && isPunct(segment[0], '...')) {
      variadic = true;
      continue;
    }
    const parameter = readParameter(segment, parameters.length);
    if (parameter) parameters.push(parameter);
  }
  // `(void)` means no parameters.
  if (parameters.length === 1 && parameters[0]!.type === 'void' && parameters[0]!.name.startsWith(UNNAMED_PREFIX)) parameters.length = 0;
  return { parameters, variadic };
}

/**
 * Splits a parameter list at its commas. Some pages list parameters one per line with no
 * commas at all; then each line is one parameter, and a line holding only annotations
 * belongs to the next line.
 */
function parameterSegments(tokens: readonly Token[]): Token[][] {
  const byComma = splitTopLevel(tokens, ',');
  const lines = splitByLine(tokens);
  if (byComma.length > 1 || lines.length <= 1) return byComma;
  const segments: Token[][] = [];
  let pending: Token[] = [];
  for (const line of lines) {
    if (line.every((t) => isAnnotationToken(t) || (!isIdent(t) && !isPunct(t, '*')))) {
      pending.push(...line);
      continue;
    }
    segments.push([...pending, ...line]);
    pending = [];
  }
  if (pending.length) segments.push(pending);
  return segments;
}

/** Groups tokens by source line, keeping bracketed groups (which may span lines) with their first line. */
function splitByLine(tokens: readonly Token[]): Token[][] {
  const lines: Token[][] = [];
  let lastLine = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.line !== lastLine) {
      lines.push([]);
      lastLine = t.line;
    }
    if (isPunct(t, '(') || isPunct(t, '[')) {
      const close = closingIndex(tokens, i);
      lines[lines.length - 1]!.push(...tokens.slice(i, close + 1));
      lastLine = tokens[close]!.line;
      i = close;
      continue;
    }
    lines[lines.length - 1]!.push(t);
  }
  return lines;
}

function isAnnotationToken(t: Token): boolean {
  return isIdent(t) && (isSalWord(t.text) || DIRECTION_MACROS.has(t.text));
}

/** Microsoft's own docs name unnamed parameters `unnamedParam1`, `unnamedParam2`, …; so do we. */
const UNNAMED_PREFIX = 'unnamedParam';

function readParameter(segment: Token[], index: number): CParameter | undefined {
  const { tokens, annotations } = extractAnnotations(segment);
  // A default value (`= NULL`) is not part of the type.
  const eq = tokens.findIndex((t) => isPunct(t, '='));
  const declarator = eq >= 0 ? tokens.slice(0, eq) : tokens;
  const { name, typeTokens } = splitNameFromType(declarator);
  const type = typeText(cleanTypeTokens(typeTokens));
  if (!type) return undefined;
  const parameter: CParameter = { name: name ?? `${UNNAMED_PREFIX}${index + 1}`, type };
  if (annotations.direction) parameter.direction = annotations.direction;
  if (annotations.optional) parameter.optional = true;
  if (annotations.sal.length) parameter.sal = annotations.sal.join(' ');
  return parameter;
}

/** Removes SAL, `IN`/`OUT`/`OPTIONAL` macros and leading `[in, optional]` brackets; reads direction and optionality from them. */
function extractAnnotations(segment: readonly Token[]): { tokens: Token[]; annotations: Annotations } {
  const annotations: Annotations = { sal: [], optional: false };
  const directions: Direction[] = [];
  const kept: Token[] = [];
  let depth = 0; // inside a function-pointer declarator, calling conventions are part of the type
  for (let i = 0; i < segment.length; i++) {
    const t = segment[i]!;
    if (isPunct(t, '(')) depth++;
    if (isPunct(t, ')')) depth--;
    if (isPunct(t, '[') && kept.length === 0) {
      const close = closingIndex(segment, i);
      const words = segment.slice(i + 1, close).filter(isIdent).map((w) => w.text.toLowerCase());
      if (words.includes('in') && words.includes('out')) directions.push('inout');
      else if (words.includes('in')) directions.push('in');
      else if (words.includes('out')) directions.push('out');
      if (words.includes('optional') || words.includes('opt')) annotations.optional = true;
      i = close;
      continue;
    }
    if (isIdent(t) && DIRECTION_MACROS.has(t.text)) {
      if (t.text === 'OPTIONAL') annotations.optional = true;
      else directions.push(t.text === 'IN' ? 'in' : t.text === 'OUT' ? 'out' : 'inout');
      continue;
    }
    if (isIdent(t) && isSalWord(t.text)) {
      let end = i;
      if (isPunct(segment[i + 1], '(')) end = closingIndex(segment, i + 1);
      const written = formatTypeTokens(segment.slice(i, end + 1)).replace(/\s*\(\s*/, '(');
      const meaning = salMeaning(t.text);
      if (meaning.direction) directions.push(meaning.direction);
      if (meaning.optional) annotations.optional = true;
      if (meaning.direction || meaning.optional) annotations.sal.push(written);
      i = end;
      continue;
    }
    if (isIdent(t) && (isDecorationWord(t.text) || (CALLING_CONVENTIONS.has(t.text) && depth === 0))) {
      if (isPunct(segment[i + 1], '(')) i = closingIndex(segment, i + 1);
      continue;
    }
    kept.push(t);
  }
  // `IN OUT` → inout; otherwise the first stated direction.
  if (directions.includes('in') && directions.includes('out')) annotations.direction = 'inout';
  else if (directions[0]) annotations.direction = directions[0];
  return { tokens: kept, annotations };
}

/**
 * What a SAL annotation says about direction and optionality:
 * `_In_…` in, `_Out_…`/`_Outptr_…`/`_Deref_out_…` out, `_Inout_…` inout, `_Reserved_` in and
 * optional (callers pass NULL/0), `…_opt_…` optional. Others (`_IRQL_…`, `_When_`) say nothing.
 */
export function salMeaning(word: string): { direction?: Direction; optional: boolean } {
  const parts = word.toLowerCase().replace(/^_+|_+$/g, '').split('_').filter(Boolean);
  const optional = parts.includes('opt');
  const first = parts[0] ?? '';
  const second = parts[1] ?? '';
  if (first === 'inout' || (first === 'in' && second === 'out')) return { direction: 'inout', optional };
  if (first === 'in') return { direction: 'in', optional };
  if (first === 'out' || first === 'outptr' || first === 'outref' || (first === 'deref' && second.startsWith('out'))) {
    return { direction: 'out', optional };
  }
  if (first === 'deref' && (second === 'in' || second === 'inout')) return { direction: second === 'in' ? 'in' : 'inout', optional };
  if (first === 'reserved') return { direction: 'in', optional: true };
  return { optional };
}

/**
 * Separates the declared name from the type: `PCtxtHandle phContext`, `SspiAsyncContext *AsyncContext`,
 * `BYTE data[16]`, `void (*pfn)(int)`. A parameter that is only a type (`PVOID`, `const X *`) has no name.
 */
function splitNameFromType(tokens: readonly Token[]): { name?: string; typeTokens: Token[] } {
  // Function pointer parameter: R (CC *name)(args)
  const open = tokens.findIndex((t) => isPunct(t, '('));
  if (open > 0) {
    const close = closingIndex(tokens, open);
    const pointer = readPointerDeclarator(tokens.slice(open + 1, close));
    if (pointer && isPunct(tokens[close + 1], '(')) {
      const inner = tokens.slice(open + 1, close).filter((t) => !(isIdent(t) && t.text === pointer.name));
      return { name: pointer.name, typeTokens: [...tokens.slice(0, open + 1), ...inner, ...tokens.slice(close)] };
    }
  }
  // Trailing array suffixes belong to the type.
  let end = tokens.length;
  const suffix: Token[] = [];
  while (end > 0 && isPunct(tokens[end - 1], ']')) {
    let open = end - 1;
    while (open > 0 && !isPunct(tokens[open], '[')) open--;
    suffix.unshift(...tokens.slice(open, end));
    end = open;
  }
  const last = tokens[end - 1];
  const beforeLast = tokens[end - 2];
  const lastIsName =
    isIdent(last) &&
    !BUILTIN_TYPE_WORDS.has(last.text) &&
    !QUALIFIERS.has(last.text) &&
    last.text !== 'CONST' &&
    beforeLast !== undefined &&
    !(isIdent(beforeLast) && TAG_KEYWORDS.has(beforeLast.text)) &&
    !(isPunct(beforeLast, '::'));
  if (!lastIsName) return { typeTokens: [...tokens] };
  return { name: last.text, typeTokens: [...tokens.slice(0, end - 1), ...suffix] };
}

// =======================================================================================
// Type tokens

/**
 * Cleans the tokens of a type: drops SAL, decorations and pointer decorations; when unknown
 * macro words stand before the real type (`PAGED_CODE_SEG NTSTATUS`, `WDFAPI VOID`), keeps
 * only the last type name (or only the built-in words when there are some).
 */
function cleanTypeTokens(tokens: readonly Token[]): Token[] {
  const stripped = stripDecorations(tokens).tokens;
  // Word roles: built-in, tag (`struct X` counts as one), qualifier, or a typedef name.
  const typedefNameIndexes: number[] = [];
  let hasBuiltin = false;
  let depth = 0;
  for (let i = 0; i < stripped.length; i++) {
    const t = stripped[i]!;
    if (isPunct(t, '(') || isPunct(t, '[') || isPunct(t, '<')) depth++;
    if (isPunct(t, ')') || isPunct(t, ']') || isPunct(t, '>')) depth--;
    if (depth > 0 || !isIdent(t)) continue;
    if (BUILTIN_TYPE_WORDS.has(t.text)) hasBuiltin = true;
    else if (TAG_KEYWORDS.has(t.text)) i++;
    else if (!QUALIFIERS.has(t.text) && t.text !== 'CONST' && !isPunct(stripped[i + 1], '::')) typedefNameIndexes.push(i);
  }
  const drop = new Set(hasBuiltin ? typedefNameIndexes : typedefNameIndexes.slice(0, -1));
  return stripped.filter((_, i) => !drop.has(i));
}

function typeText(tokens: readonly Token[]): string {
  return formatTypeTokens(tokens);
}

// =======================================================================================
// Type definitions

function parseDefinitionsUnsafe(text: string, source: SourceRef): CTypeDefinition[] {
  const items = splitItems(tokenize(text));
  const definitions: CTypeDefinition[] = [];
  for (const item of items) {
    const definition = readDefinition(item, text, source);
    if (definition) definitions.push(definition);
  }
  // A callback page: `TYPEDEF_NAME Name;` then the prototype defines the typedef as a function type.
  const declaration = parseDeclarationUnsafe(text, source);
  if (declaration?.typedefName && !definitions.some((d) => d.names.some((n) => n.name === declaration.typedefName))) {
    definitions.push({
      kind: 'callback',
      names: [{ name: declaration.typedefName, type: declaration.typedefName }],
      fields: [],
      declaration,
      text,
      source,
    });
  }
  return definitions;
}

function readDefinition(item: Item, text: string, source: SourceRef): CTypeDefinition | undefined {
  let head = item.head;
  const isTypedef = isIdent(head[0]) && head[0].text === 'typedef';
  if (isTypedef) head = head.slice(1);
  head = stripDecorations(head).tokens;
  const tagKeyword = head.find((t) => isIdent(t) && TAG_KEYWORDS.has(t.text));
  if (item.body && tagKeyword && !endsWithParamList(item.head)) {
    const kind = tagKeyword.text === 'enum' ? 'enum' : tagKeyword.text === 'union' ? 'union' : 'struct';
    const tagIndex = head.indexOf(tagKeyword);
    const tagToken = head[tagIndex + 1];
    const tag = isIdent(tagToken) ? tagToken.text : undefined;
    const baseType = tag ? `${tagKeyword.text === 'class' ? 'struct' : tagKeyword.text} ${tag}` : tagKeyword.text;
    const names: CTypedefName[] = [];
    if (isTypedef) {
      for (const declarator of splitTopLevel(item.tail, ',')) {
        const named = readDeclaratorName(declarator, baseType);
        // Some pages repeat a name (`} X, X;`); keep one.
        if (named && !names.some((n) => n.name === named.name)) names.push(named);
      }
    } else if (tag) {
      names.push({ name: tag, type: baseType }); // C++: the tag is a type name
    }
    const fields = kind === 'enum' ? readEnumerators(item.body) : readFields(item.body);
    return { kind, ...(tag ? { tag } : {}), names, fields, text, source };
  }
  if (!isTypedef || item.body) return undefined;
  // typedef R (CC *PFN)(…);  typedef R CC FN(…);
  const fn = readFunctionHead(item.head);
  if (fn) {
    const declaration = toDeclaration(fn, new Map(), text, source);
    const type = fn.isPointer ? `${declaration.returnType} (*)(${declaration.parameters.map((p) => p.type).join(', ')})` : fn.name;
    return { kind: 'callback', names: [{ name: fn.name, type }], fields: [], declaration, text, source };
  }
  // typedef ULONG_PTR THING, *PTHING;
  const declarators = splitTopLevel(head, ',');
  const first = declarators[0] ?? [];
  const { name, typeTokens } = splitNameFromType(first);
  if (!name) return undefined;
  const baseType = typeText(cleanTypeTokens(typeTokens.filter((t) => !isPunct(t, '*'))));
  const names: CTypedefName[] = [{ name, type: typeText(cleanTypeTokens(typeTokens)) }];
  for (const declarator of declarators.slice(1)) {
    const named = readDeclaratorName(declarator, baseType);
    if (named) names.push(named);
  }
  return { kind: 'typedef', names, fields: [], text, source };
}

/** `*PSecHandle` after `typedef struct _SecHandle {…}` → `{ PSecHandle, struct _SecHandle * }`. */
function readDeclaratorName(declarator: readonly Token[], baseType: string): CTypedefName | undefined {
  const cleaned = stripDecorations(declarator).tokens;
  const nameToken = [...cleaned].reverse().find(isIdent);
  if (!nameToken || QUALIFIERS.has(nameToken.text)) return undefined;
  const stars = cleaned.filter((t) => isPunct(t, '*')).length;
  return { name: nameToken.text, type: stars ? `${baseType} ${'*'.repeat(stars)}` : baseType };
}

function readEnumerators(body: readonly Token[]): CField[] {
  const fields: CField[] = [];
  for (const part of splitTopLevel(body, ',')) {
    const name = part[0];
    if (!isIdent(name)) continue;
    const eq = part.findIndex((t) => isPunct(t, '='));
    const field: CField = { name: name.text };
    if (eq >= 0) field.value = formatTypeTokens(part.slice(eq + 1));
    fields.push(field);
  }
  return fields;
}

function readFields(body: readonly Token[]): CField[] {
  const fields: CField[] = [];
  for (const item of splitItems(body)) {
    const head = stripDecorations(item.head).tokens;
    if (item.body) {
      // Nested struct/union: anonymous members are flattened into `fields` of one entry.
      const keyword = head.find((t) => isIdent(t) && TAG_KEYWORDS.has(t.text))?.text ?? 'struct';
      const nested = keyword === 'enum' ? readEnumerators(item.body) : readFields(item.body);
      const names = splitTopLevel(item.tail, ',').map((d) => readDeclaratorName(d, keyword)).filter((n) => n !== undefined);
      if (names.length === 0) fields.push({ name: '', type: keyword, fields: nested });
      for (const n of names) fields.push({ name: n.name, type: n.type, fields: nested });
      continue;
    }
    const declarators = splitTopLevel(head, ',');
    const first = readFieldDeclarator(declarators[0] ?? []);
    if (!first) continue;
    fields.push(first.field);
    for (const more of declarators.slice(1)) {
      const next = readFieldDeclarator([...first.baseTokens, ...more]);
      if (next) fields.push(next.field);
    }
  }
  return fields;
}

function readFieldDeclarator(tokens: readonly Token[]): { field: CField; baseTokens: Token[] } | undefined {
  const colon = tokens.findIndex((t) => isPunct(t, ':'));
  const declarator = colon >= 0 ? tokens.slice(0, colon) : [...tokens];
  const { tokens: withoutSal } = extractAnnotations(declarator);
  const { name, typeTokens } = splitNameFromType(withoutSal);
  if (!name) return undefined;
  const field: CField = { name, type: typeText(cleanTypeTokens(typeTokens)) };
  if (colon >= 0) {
    const bits = Number(tokens[colon + 1]?.text);
    if (Number.isInteger(bits)) field.bits = bits;
  }
  const baseTokens = typeTokens.filter((t) => !isPunct(t, '*') && !isPunct(t, '[') && !isPunct(t, ']') && t.kind !== 'number');
  return { field, baseTokens };
}
