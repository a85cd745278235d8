/**
 * Turns declaration specifiers as written into normalised C types, using what the headers say
 * their macros mean. A macro is classified by its expansion:
 *
 * - nothing, or only compiler decorations (`__declspec(dllimport)`, `__attribute__((pure))`,
 *   `extern`): dropped (`WINBASEAPI`, `KSECDDDECLSPEC`, `__MINGW_ATTRIB_PURE`, `_In_` in mingw);
 * - a calling convention (`__stdcall`, or GCC's `__attribute__((__stdcall__))`): the calling
 *   convention, recorded as written (`WINAPI`, `SEC_ENTRY`, `NTAPI`);
 * - compiler plumbing spelled with a reserved name that expands to built-in type words
 *   (`__LONG32` → `long`), or a tag keyword (`interface` → `struct`): expanded;
 * - a mixture of a type with decorations or a calling convention (`STDAPI`, `WINOLEAPI_(LPVOID)`,
 *   `__MINGW_NAME_AW(CREDENTIAL)`): expanded one level and read again;
 * - anything else (`VOID`, `BOOL` → `WINBOOL`, `CONST`): a type name, kept as written.
 *
 * Words no header defines fall back to the shared vocabulary of the page reader
 * (c-tokens.ts: `DECLSPEC_*`, `…API`, `FAR`), so a partial headers folder still reads well.
 */
import { CALLING_CONVENTIONS, isDecorationWord } from '../parse/c-tokens.js';
import type { GlobalMacros } from './global-macros.js';
import { lexTokens } from './lex.js';
import { collectArguments, expandMacros, placeholderCall, type Macro, type Tok } from './macros.js';
import { COMPILER_CALLING_CONVENTIONS, QUALIFIER_WORDS, formatTypeTokens, isAnnotationWord, isBuiltinTypeWord, isCompilerDecoration, isTagKeyword } from './syntax.js';

export type MacroRole = 'empty' | 'decoration' | 'convention' | 'pointer-convention' | 'keep' | 'expand';

export interface ResolvedSpec {
  type: string;
  callingConvention?: string;
}

const MAX_DEPTH = 8;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const CONVENTION_ATTRIBUTE = /^_*(stdcall|cdecl|fastcall|thiscall|vectorcall|pascal|ms_abi)_*$/;

const isBuiltinConvention = (word: string): boolean => CALLING_CONVENTIONS.has(word) || COMPILER_CALLING_CONVENTIONS.has(word);

export class TypeResolver {
  private readonly roles = new Map<string, MacroRole | null>();
  private readonly specs = new Map<string, ResolvedSpec>();
  private readonly sensitive = new Map<string, string[]>();
  /** The header whose declaration is being resolved, when its own macros matter (see `resolve`). */
  private scope: number | undefined;

  /**
   * @param declaredTypes names some header declares with `typedef`: a macro of the same name from
   *   another header does not replace them (`HTTP_VERSION` is a typedef in http.h and a string
   *   macro in wininet.h, which http.h never includes).
   */
  constructor(
    private readonly macros: GlobalMacros,
    private readonly variant = 0,
    private readonly declaredTypes: ReadonlySet<string> = new Set(),
  ) {}

  private lookup(name: string): Macro | undefined {
    if (this.scope !== undefined && this.variant === 0) {
      const own = this.macros.ownDefinition(name, this.scope);
      if (own) return own;
    }
    return this.macros.lookup(name, this.variant);
  }

  /** What a macro name stands for in declarations; undefined when no header defines it. */
  role(name: string): MacroRole | undefined {
    const own = this.scope !== undefined && this.variant === 0 ? this.macros.ownDefinition(name, this.scope) : undefined;
    if (own) return this.classify(name, own);
    let role = this.roles.get(name);
    if (role === undefined) {
      const macro = this.macros.lookup(name, this.variant);
      role = macro ? this.classify(name, macro) : null;
      if (role === 'empty' && this.conventionElsewhere(name)) role = 'convention';
      this.roles.set(name, role);
    }
    return role ?? undefined;
  }

  /**
   * 64-bit Windows has one calling convention, so mingw-w64 defines `__stdcall` as nothing there
   * and `__RPC_STUB` → `__RPC_API` → `__stdcall` vanishes: a macro that is a calling convention
   * in another build (32-bit) is still one, recorded as written.
   */
  private conventionElsewhere(name: string): boolean {
    for (let variant = 0; variant < this.macros.variants; variant++) {
      if (variant === this.variant) continue;
      const macro = this.macros.lookup(name, variant);
      const expansion = macro ? expandMacros(placeholderCall(name, macro), this.macros.env(variant)) : undefined;
      if (expansion?.complete && expansion.tokens.length > 0 && stripDecorations(expansion.tokens).convention) return true;
    }
    return false;
  }

  private classify(name: string, macro: Macro): MacroRole {
    const call = placeholderCall(name, macro);
    const expansion = this.expandWith(call, name, macro);
    if (!expansion.complete) return 'keep';
    if (expansion.tokens.length === 0) return 'empty';
    const { rest, convention, decorated } = stripDecorations(expansion.tokens);
    if (rest.length === 0) return convention ? 'convention' : 'decoration';
    if (convention && rest.length === 1 && rest[0]!.text === '*') return 'pointer-convention';
    if (macro.params) return 'expand';
    if (isBuiltinTypeWord(name)) return 'keep';
    const plainWords = rest.every((t) => t.kind === 'ident' && (isBuiltinTypeWord(t.text) || QUALIFIER_WORDS.has(t.text) || isTagKeyword(t.text)));
    if (plainWords) return name.startsWith('_') || rest.some((t) => isTagKeyword(t.text)) ? 'expand' : 'keep';
    if (convention || decorated) return 'expand';
    return 'keep';
  }

  /** Full expansion with this resolver's view of the macros (a header's own definitions first). */
  private expandWith(tokens: readonly Tok[], name: string, macro: Macro): { tokens: Tok[]; complete: boolean } {
    return expandMacros(tokens, { lookup: (n) => (n === name ? macro : this.lookup(n)) });
  }

  /**
   * A specifier text as written → the normalised type and the calling convention found in it.
   * `file` is the header it was written in: its own macro definitions and typedef names count
   * there, so a spelling resolves per header when a word in it is defined differently elsewhere.
   */
  resolve(spec: string, file?: number): ResolvedSpec {
    const scoped = file !== undefined && this.dependsOnHeader(spec, file);
    const key = scoped ? `${file}\u0000${spec}` : spec;
    let resolved = this.specs.get(key);
    if (!resolved && !scoped && IDENTIFIER.test(spec) && this.isPlainTypeName(spec)) {
      resolved = { type: spec };
      this.specs.set(key, resolved);
    }
    if (!resolved) {
      this.scope = scoped ? file : undefined;
      const state: { out: Tok[]; convention?: string } = { out: [] };
      this.walk(lexTokens(spec), 0, state);
      this.scope = undefined;
      resolved = { type: formatTypeTokens(state.out.map((t) => ({ kind: t.kind, text: t.text, line: 0 }))) };
      if (state.convention) resolved.callingConvention = state.convention;
      this.specs.set(key, resolved);
    }
    return resolved;
  }

  /** Whether the words of a spelling mean something else in `file` than across all headers. */
  private dependsOnHeader(spec: string, file: number): boolean {
    let words = this.sensitive.get(spec);
    if (words === undefined) {
      words = (spec.match(/[A-Za-z_$][\w$]*/g) ?? []).filter((w) => this.macros.hasSeveralDefinitions(w) || (this.declaredTypes.has(w) && this.macros.hasDefinition(w)));
      this.sensitive.set(spec, words);
    }
    return words.some((w) => this.macros.ownDefinition(w, file) !== undefined || (this.declaredTypes.has(w) && !this.macros.definedIn(w, file)));
  }

  /** A typedef name that the macro of another header must not replace. */
  private shieldedTypeName(word: string): boolean {
    return this.scope !== undefined && this.declaredTypes.has(word) && !this.macros.definedIn(word, this.scope);
  }

  /** A single word that is no macro, decoration or calling convention (`ULONG`, `PVOID`): the common case. */
  private isPlainTypeName(word: string): boolean {
    if (isCompilerDecoration(word) || isAnnotationWord(word) || isBuiltinConvention(word)) return false;
    const role = this.role(word);
    return role === undefined ? !isDecorationWord(word) : role === 'keep';
  }

  private walk(tokens: readonly Tok[], depth: number, state: { out: Tok[]; convention?: string }): void {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind !== 'ident') {
        if (t.kind !== 'string') state.out.push(t);
        continue;
      }
      const hasArgs = tokens[i + 1]?.kind === 'punct' && tokens[i + 1]!.text === '(';
      const skipArgs = (): void => {
        if (!hasArgs) return;
        const call = collectArguments(tokens, i + 1);
        i = call ? call.end : tokens.length;
      };
      if (isCompilerDecoration(t.text) || isAnnotationWord(t.text)) {
        skipArgs();
        continue;
      }
      if (isBuiltinConvention(t.text)) {
        state.convention ??= t.text;
        continue;
      }
      const role = this.shieldedTypeName(t.text) ? 'keep' : this.role(t.text);
      if (role === undefined) {
        if (isDecorationWord(t.text)) skipArgs();
        else state.out.push(t);
        continue;
      }
      if (role === 'empty' || role === 'decoration') {
        if (this.lookup(t.text)?.params) skipArgs();
        continue;
      }
      if (role === 'convention' || role === 'pointer-convention') {
        state.convention ??= t.text;
        if (role === 'pointer-convention') state.out.push({ kind: 'punct', text: '*' });
        continue;
      }
      if (role === 'keep' || depth >= MAX_DEPTH) {
        state.out.push(t);
        continue;
      }
      const once = this.expandOnce(tokens, i);
      if (!once) {
        state.out.push(t);
        continue;
      }
      this.walk(once.tokens, depth + 1, state);
      i = once.end;
    }
  }

  /** Replaces the macro at `i` (with its arguments) by its body, other macros left alone. */
  private expandOnce(tokens: readonly Tok[], i: number): { tokens: Tok[]; end: number } | undefined {
    const name = tokens[i]!.text;
    const macro = this.lookup(name);
    if (!macro) return undefined;
    let end = i;
    if (macro.params) {
      const call = tokens[i + 1]?.text === '(' ? collectArguments(tokens, i + 1) : undefined;
      if (!call) return undefined;
      end = call.end;
    }
    const expansion = expandMacros(tokens.slice(i, end + 1), { lookup: (n) => (n === name ? macro : undefined) });
    return expansion.complete ? { tokens: expansion.tokens, end } : undefined;
  }

  /** A field or parameter name that is a macro: `DUMMYUNIONNAME` (nothing: anonymous) or its replacement. */
  memberName(name: string): string | undefined {
    const macro = this.macros.lookup(name, this.variant);
    if (!macro || macro.params) return name;
    const expansion = this.macros.expand([{ kind: 'ident', text: name }], this.variant);
    if (expansion.tokens.length === 0) return undefined;
    return expansion.tokens.length === 1 && expansion.tokens[0]!.kind === 'ident' ? expansion.tokens[0]!.text : name;
  }
}

/** Drops compiler decorations (with their argument groups) and notes a calling convention among them. */
function stripDecorations(tokens: readonly Tok[]): { rest: Tok[]; convention: boolean; decorated: boolean } {
  const rest: Tok[] = [];
  let convention = false;
  let decorated = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'string' && rest.length === 0 && decorated) continue; // `extern "C"`
    if (t.kind === 'string') {
      rest.push(t);
      continue;
    }
    if (t.kind !== 'ident') {
      rest.push(t);
      continue;
    }
    if (isBuiltinConvention(t.text)) {
      convention = true;
      continue;
    }
    if (isCompilerDecoration(t.text)) {
      decorated = true;
      if (tokens[i + 1]?.text === '(') {
        const call = collectArguments(tokens, i + 1);
        if (call?.args.some((arg) => arg.some((a) => a.kind === 'ident' && CONVENTION_ATTRIBUTE.test(a.text)))) convention = true;
        i = call ? call.end : tokens.length;
      }
      continue;
    }
    rest.push(t);
  }
  return { rest, convention, decorated };
}
