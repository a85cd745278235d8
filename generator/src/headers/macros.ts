/**
 * C macro expansion: object-like and function-like macros, `#` and `##`, `__VA_ARGS__`, and
 * the rule that a macro is not expanded again inside its own expansion. Used for
 * `#if` conditions, constant values and macro invocations that stand for declarations.
 * Bounded: an expansion that grows without end stops with `complete: false`.
 */
import type { TokenKind } from '../parse/c-tokens.js';
import { lexTokens } from './lex.js';

export interface Tok {
  kind: TokenKind;
  text: string;
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

interface ExpandState {
  steps: number;
  complete: boolean;
}

/** The macros being expanded around a point, innermost first (a short chain, cheaper than copying sets). */
interface Active {
  name: string;
  outer: Active | undefined;
}

function isActive(active: Active | undefined, name: string): boolean {
  for (let a = active; a; a = a.outer) if (a.name === name) return true;
  return false;
}

/** Builds a macro from `#define` parts: parameter names, and the body as stored (text) or as read (tokens). */
export function makeMacro(params: string[] | undefined, body: string | readonly Tok[]): Macro {
  const macro: Macro = { body: typeof body === 'string' ? lexTokens(body) : body };
  if (params) {
    macro.params = params.map((p) => (p.endsWith('...') ? (p === '...' ? '__VA_ARGS__' : p.slice(0, -3)) : p));
    if (params.length && params[params.length - 1]!.endsWith('...')) macro.variadic = true;
  }
  return macro;
}

/** `NAME` or `NAME(__docgen_arg0, …)`: a use of a macro whose arguments stand for themselves, to see what it makes. */
export function placeholderCall(name: string, macro: Macro | undefined): Tok[] {
  const call: Tok[] = [{ kind: 'ident', text: name }];
  if (!macro?.params) return call;
  call.push({ kind: 'punct', text: '(' });
  macro.params.forEach((_, k) => {
    if (k) call.push({ kind: 'punct', text: ',' });
    call.push({ kind: 'ident', text: `__docgen_arg${k}` });
  });
  call.push({ kind: 'punct', text: ')' });
  return call;
}

export function expandMacros(input: readonly Tok[], env: MacroEnv): Expansion {
  const state: ExpandState = { steps: 0, complete: true };
  const tokens = expandList(input, env, undefined, state);
  return { tokens, complete: state.complete };
}

/**
 * Expands a token list; `active` holds the macros being expanded around it, which are not
 * expanded again. A function-like macro name that ends a replacement takes its arguments from
 * the tokens after the replacement, as C's rescanning does (`#define F G` then `F(x)`).
 */
function expandList(input: readonly Tok[], env: MacroEnv, active: Active | undefined, state: ExpandState): Tok[] {
  const out: Tok[] = [];
  let work = input;
  for (let i = 0; i < work.length; i++) {
    if (++state.steps > STEP_LIMIT) {
      state.complete = false;
      for (let k = i; k < work.length; k++) out.push(work[k]!);
      return out;
    }
    const t = work[i]!;
    if (t.kind !== 'ident') {
      out.push(t);
      continue;
    }
    if (t.text === 'defined' && env.defined) {
      const operand = readDefinedOperand(work, i);
      if (operand) {
        out.push(...env.defined(operand.name));
        i = operand.end;
        continue;
      }
    }
    const macro = isActive(active, t.text) ? undefined : env.lookup(t.text);
    if (!macro || (macro.params && !isPunctText(work[i + 1], '('))) {
      out.push(t);
      continue;
    }
    let replacement: readonly Tok[] = macro.body;
    let end = i;
    if (macro.params) {
      const call = collectArguments(work, i + 1);
      if (!call) {
        out.push(t);
        continue;
      }
      replacement = substitute(macro, call.args, env, active, state);
      end = call.end;
    }
    const inner = expandList(replacement, env, { name: t.text, outer: active }, state);
    const last = inner[inner.length - 1];
    if (last?.kind === 'ident' && isPunctText(work[end + 1], '(') && !isActive(active, last.text) && env.lookup(last.text)?.params) {
      for (let k = 0; k < inner.length - 1; k++) out.push(inner[k]!);
      work = [last, ...work.slice(end + 1)];
      i = -1;
      continue;
    }
    for (const x of inner) out.push(x);
    i = end;
  }
  return out;
}

function isPunctText(t: Tok | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === text;
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
function substitute(macro: Macro, rawArgs: Tok[][], env: MacroEnv, active: Active | undefined, state: ExpandState): Tok[] {
  const params = macro.params ?? [];
  const args = bindArguments(params, macro.variadic === true, rawArgs);
  const expanded = new Map<string, Tok[]>();
  const argument = (name: string): Tok[] | undefined => args.get(name);
  const expandedArgument = (name: string): Tok[] => {
    let value = expanded.get(name);
    if (!value) {
      value = expandList(args.get(name) ?? [], env, active, state);
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
      piece = adjacentPaste ? argument(b.text)! : expandedArgument(b.text);
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
  if (tokens.length === 1) return [{ kind: tokens[0]!.kind, text: tokens[0]!.text }];
  return [left, right];
}
