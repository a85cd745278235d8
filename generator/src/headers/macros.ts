/**
 * C macro expansion: object-like and function-like macros, `#` and `##`, `__VA_ARGS__`, and
 * the rule that a macro is not expanded again inside its own expansion (hide sets). Used for
 * `#if` conditions, constant values and macro invocations that stand for declarations.
 * Bounded: an expansion that grows without end stops with `complete: false`.
 */
import type { TokenKind } from '../parse/c-tokens.js';
import { lexTokens } from './lex.js';

export interface Tok {
  kind: TokenKind;
  text: string;
  hide?: ReadonlySet<string>;
}

export interface Macro {
  /** Parameter names of a function-like macro; `__VA_ARGS__` (or a named one) last for `...`. */
  params?: string[];
  variadic?: boolean;
  body: readonly Tok[];
}

export interface MacroEnv {
  lookup(name: string): Macro | undefined;
  /** Replacement for `defined NAME` (only in `#if`); without it `defined` is an ordinary word. */
  defined?(name: string): Tok[];
}

export interface Expansion {
  tokens: Tok[];
  complete: boolean;
}

const STEP_LIMIT = 20000;

/** Builds a macro from `#define` parts as stored (`params`, `body` text). */
export function makeMacro(params: string[] | undefined, body: string): Macro {
  const macro: Macro = { body: lexTokens(body) };
  if (params) {
    macro.params = params.map((p) => (p.endsWith('...') ? (p === '...' ? '__VA_ARGS__' : p.slice(0, -3)) : p));
    if (params.length && params[params.length - 1]!.endsWith('...')) macro.variadic = true;
  }
  return macro;
}

export function expandMacros(input: readonly Tok[], env: MacroEnv): Expansion {
  const work: Tok[] = input.slice();
  const out: Tok[] = [];
  let steps = 0;
  let i = 0;
  while (i < work.length) {
    if (++steps > STEP_LIMIT) return { tokens: out.concat(work.slice(i)), complete: false };
    const t = work[i]!;
    if (t.kind !== 'ident') {
      out.push(t);
      i++;
      continue;
    }
    if (t.text === 'defined' && env.defined) {
      const operand = readDefinedOperand(work, i);
      if (operand) {
        out.push(...env.defined(operand.name));
        i = operand.end + 1;
        continue;
      }
    }
    const macro = t.hide?.has(t.text) ? undefined : env.lookup(t.text);
    if (!macro) {
      out.push(t);
      i++;
      continue;
    }
    const hide = withName(t.hide, t.text);
    if (!macro.params) {
      work.splice(i, 1, ...macro.body.map((b) => ({ ...b, hide: union(b.hide, hide) })));
      continue;
    }
    const call = isPunctText(work[i + 1], '(') ? collectArguments(work, i + 1) : undefined;
    if (!call) {
      out.push(t);
      i++;
      continue;
    }
    const replaced = substitute(macro, call.args, env);
    if (!replaced) return { tokens: out.concat(work.slice(i)), complete: false };
    work.splice(i, call.end - i + 1, ...replaced.map((b) => ({ ...b, hide: union(b.hide, hide) })));
  }
  return { tokens: out, complete: true };
}

function isPunctText(t: Tok | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === text;
}

function withName(hide: ReadonlySet<string> | undefined, name: string): ReadonlySet<string> {
  const set = new Set(hide);
  set.add(name);
  return set;
}

function union(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): ReadonlySet<string> {
  if (!a || a.size === 0) return b;
  const set = new Set(a);
  for (const x of b) set.add(x);
  return set;
}

/** `defined X` or `defined ( X )`. */
function readDefinedOperand(tokens: readonly Tok[], at: number): { name: string; end: number } | undefined {
  const next = tokens[at + 1];
  if (next?.kind === 'ident') return { name: next.text, end: at + 1 };
  if (isPunctText(next, '(') && tokens[at + 2]?.kind === 'ident' && isPunctText(tokens[at + 3], ')')) {
    return { name: tokens[at + 2]!.text, end: at + 3 };
  }
  return undefined;
}

/** The arguments of a call whose `(` is at `open`, split at depth-0 commas; undefined when unterminated. */
export function collectArguments(tokens: readonly Tok[], open: number): { args: Tok[][]; end: number } | undefined {
  const args: Tok[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct') {
      if (t.text === '(') depth++;
      else if (t.text === ')') {
        if (depth === 0) return { args: args.length === 1 && args[0]!.length === 0 ? [] : args, end: i };
        depth--;
      } else if (t.text === ',' && depth === 0) {
        args.push([]);
        continue;
      }
    }
    args[args.length - 1]!.push(t);
  }
  return undefined;
}

/** The body of a function-like macro with its arguments substituted, `#` and `##` applied. */
function substitute(macro: Macro, rawArgs: Tok[][], env: MacroEnv): Tok[] | undefined {
  const params = macro.params ?? [];
  const args = bindArguments(params, macro.variadic === true, rawArgs);
  const expanded = new Map<string, Tok[]>();
  const argument = (name: string): Tok[] | undefined => args.get(name);
  const expandedArgument = (name: string): Tok[] | undefined => {
    let value = expanded.get(name);
    if (!value) {
      const result = expandMacros(args.get(name) ?? [], env);
      if (!result.complete) return undefined;
      value = result.tokens;
      expanded.set(name, value);
    }
    return value;
  };
  const body = macro.body;
  const out: Tok[] = [];
  let pasteNext = false;
  for (let k = 0; k < body.length; k++) {
    const b = body[k]!;
    let piece: Tok[];
    if (isPunctText(b, '##')) {
      pasteNext = true;
      continue;
    }
    if (isPunctText(b, '#') && body[k + 1]?.kind === 'ident' && args.has(body[k + 1]!.text)) {
      piece = [stringify(argument(body[k + 1]!.text)!)];
      k++;
    } else if (b.kind === 'ident' && args.has(b.text)) {
      const adjacentPaste = pasteNext || isPunctText(body[k + 1], '##');
      const value = adjacentPaste ? argument(b.text) : expandedArgument(b.text);
      if (!value) return undefined;
      piece = value;
    } else {
      piece = [b];
    }
    if (pasteNext && out.length && piece.length) {
      const left = out.pop()!;
      out.push(...paste(left, piece[0]!), ...piece.slice(1));
    } else {
      out.push(...piece);
    }
    pasteNext = false;
  }
  return out;
}

function bindArguments(params: string[], variadic: boolean, rawArgs: Tok[][]): Map<string, Tok[]> {
  const args = new Map<string, Tok[]>();
  params.forEach((name, index) => {
    if (variadic && index === params.length - 1) {
      const rest = rawArgs.slice(index);
      const joined: Tok[] = [];
      rest.forEach((arg, k) => {
        if (k > 0) joined.push({ kind: 'punct', text: ',' });
        joined.push(...arg);
      });
      args.set(name, joined);
    } else {
      args.set(name, rawArgs[index] ?? []);
    }
  });
  return args;
}

function stringify(tokens: readonly Tok[]): Tok {
  const text = tokens.map((t) => t.text).join(' ');
  return { kind: 'string', text: `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` };
}

/** `func ## W` → `funcW`; a paste that does not make one token keeps both pieces. */
function paste(left: Tok, right: Tok): Tok[] {
  const tokens = lexTokens(left.text + right.text);
  if (tokens.length === 1) return [{ kind: tokens[0]!.kind, text: tokens[0]!.text, ...(left.hide ? { hide: left.hide } : {}) }];
  return [left, right];
}
