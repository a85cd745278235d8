/**
 * The preprocessor of one header, run for every build variant at once.
 *
 * The header's directives become a tree of conditional groups. Walking it, each `#if` is
 * evaluated per variant with what this header alone knows: the build's predefined macros and
 * the macros the header defined above it (not `#include`d ones: every header is read anyway).
 * A condition that needs a macro from another header (`NTDDI_WIN8`, `WINAPI_FAMILY_PARTITION`)
 * is not guessed: the branch is read with its residual condition, which the merge evaluates
 * once every header's macros are known. So this step is a pure function of the header's bytes
 * and the config, and the cross-header step only evaluates short residual conditions.
 *
 * `defined(X)` asks only this header and the build, never other headers: otherwise a header's
 * own include guard, defined further down, would hide the header from itself.
 *
 * Output: the tokens of every branch that some variant reads, each tagged with its region
 * (the branch and its activity per variant), streamed to the caller; the regions, the
 * `#define`s, and `#pragma pack` changes.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { Activity, HeaderMacroDef, HeaderRegion } from './model.js';
import { joinTokens, lexTokens, tokenizeRange, type Chunk, type Directive, type HToken, type TextRange } from './lex.js';
import { evaluate, int } from './expr.js';
import { andActivity, isLive, notActivity } from './activity.js';
import { expandMacros, makeMacro, type Macro, type MacroEnv, type Tok } from './macros.js';
import { perObject } from '../memo.js';

interface TextNode {
  kind: 'text';
  range: TextRange;
  /** Tokenized when a build reads it (or its bracket shape is needed). */
  tokens?: HToken[];
}
interface DirectiveNode {
  kind: 'directive';
  directive: Directive;
}
interface GroupNode {
  kind: 'group';
  branches: { directive: Directive; body: TreeNode[] }[];
  line: number;
}
type TreeNode = TextNode | DirectiveNode | GroupNode;

/** A change of `#pragma pack` before token `at` of the output (undefined: the default packing). */
export interface PackChange {
  at: number;
  pack?: string;
}

export interface Preprocessed {
  regions: HeaderRegion[];
  macros: HeaderMacroDef[];
  packs: PackChange[];
  /** An `#error` the main build reaches. */
  error?: { message: string; line: number };
  diagnostics: Diagnostic[];
}

export interface PreprocessOptions {
  /** Receives every token some build reads, in order, tagged with its region. */
  onToken(token: HToken): void;
  /** Filled as the header is read (the token consumer looks regions and packing up as it goes). */
  regions: HeaderRegion[];
  packs: PackChange[];
  /** Predefined macros per variant (index 0: the main build). */
  builds: Map<string, string>[];
  packIncludes: Record<string, string>;
  /** Macros the build knowingly leaves undefined (`__cplusplus`): testing them assumes nothing. */
  undefinedMacros: ReadonlySet<string>;
}

const CONDITIONALS = new Set(['if', 'ifdef', 'ifndef']);
const CONTINUATIONS = new Set(['elif', 'else', 'elifdef', 'elifndef']);

// =======================================================================================
// The conditional tree

function buildTree(chunks: Chunk[], file: string, diagnostics: Diagnostic[]): TreeNode[] {
  const root: TreeNode[] = [];
  const open: { group: GroupNode; body: TreeNode[] }[] = [];
  const current = (): TreeNode[] => open[open.length - 1]?.body ?? root;
  for (const chunk of chunks) {
    if (chunk.kind === 'text') {
      current().push({ kind: 'text', range: chunk });
      continue;
    }
    const d = chunk.directive;
    if (CONDITIONALS.has(d.name)) {
      const body: TreeNode[] = [];
      const group: GroupNode = { kind: 'group', branches: [{ directive: d, body }], line: d.line };
      current().push(group);
      open.push({ group, body });
    } else if (CONTINUATIONS.has(d.name) || d.name === 'endif') {
      const top = open[open.length - 1];
      if (!top) {
        diagnostics.push(diagnostic('DG8006', file, d.line, `#${d.name} has no matching #if; it was ignored.`));
        continue;
      }
      if (d.name === 'endif') {
        open.pop();
        continue;
      }
      const body: TreeNode[] = [];
      top.group.branches.push({ directive: d, body });
      top.body = body;
    } else {
      current().push({ kind: 'directive', directive: d });
    }
  }
  for (const { group } of open.reverse()) {
    const first = group.branches[0]!.directive;
    diagnostics.push(diagnostic('DG8005', file, group.line, `#${first.name} ${joinTokens(first.tokens)} has no matching #endif; it was closed at the end of the header.`));
  }
  return root;
}

// =======================================================================================
// Bracket shape of a branch: does it hold whole declarations, or split one?

const OPENING = new Set(['(', '[', '{']);
const CLOSING = new Set([')', ']', '}']);

function tokensOf(text: string, node: TextNode): HToken[] {
  node.tokens ??= tokenizeRange(text, node.range);
  return node.tokens;
}

/** Net depth change and lowest depth of a node list; undefined when a nested group's branches disagree. */
function shapeOf(text: string, nodes: readonly TreeNode[]): { net: number; min: number } | undefined {
  let depth = 0;
  let min = 0;
  for (const node of nodes) {
    if (node.kind === 'text') {
      for (const t of tokensOf(text, node)) {
        if (t.kind !== 'punct') continue;
        if (OPENING.has(t.text)) depth++;
        else if (CLOSING.has(t.text)) min = Math.min(min, --depth);
      }
    } else if (node.kind === 'group') {
      for (const branch of node.branches) {
        const inner = shapeOf(text, branch.body);
        if (!inner || inner.net !== 0 || inner.min < 0) return undefined;
      }
    }
  }
  return { net: depth, min };
}

// =======================================================================================
// Activities

const and = andActivity;
const not = notActivity;

/** What this header knows of a macro name in one variant. */
interface LocalMacro {
  macro?: Macro;
  /** Set when the `#define`/`#undef` was read under a condition other headers decide. */
  residual?: string;
}

class Preprocessor {
  private tokenCount = 0;
  readonly regions: HeaderRegion[];
  readonly packs: PackChange[];
  readonly macros: HeaderMacroDef[] = [];
  readonly diagnostics: Diagnostic[];
  error: { message: string; line: number } | undefined;
  private readonly locals: Map<string, LocalMacro>[];
  private readonly pushed: Map<string, { entry: LocalMacro | undefined; mark: number }[]>[];
  private readonly builds: Map<string, Macro>[];
  private readonly configNames: Set<string>;
  private readonly packStack: (string | undefined)[] = [];
  private pack: string | undefined;
  /** Per region: reached only by assuming a macro no header here defines is undefined (`#ifndef __RPCNDR_H_VERSION__`). */
  private assuming = false;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly options: PreprocessOptions,
    diagnostics: Diagnostic[],
  ) {
    const variants = options.builds.length;
    this.diagnostics = diagnostics;
    const all = Array<Activity>(variants).fill(true);
    this.regions = options.regions;
    this.packs = options.packs;
    this.regions.push({ when: all, own: all, parent: 0, group: 0, branch: 0, condition: '', line: 1 });
    this.locals = options.builds.map(() => new Map());
    this.pushed = options.builds.map(() => new Map());
    this.builds = buildMacrosOf(options.builds);
    this.configNames = configNamesOf(options.builds);
  }

  walk(nodes: readonly TreeNode[], region: number, assumed: boolean): void {
    const when = this.regions[region]!.when;
    for (const node of nodes) {
      if (this.error !== undefined) return;
      if (node.kind === 'text') {
        const tokens = node.tokens ?? tokenizeRange(this.text, node.range);
        this.tokenCount += tokens.length;
        for (const t of tokens) {
          t.region = region;
          this.options.onToken(t);
        }
      } else if (node.kind === 'directive') {
        this.directive(node.directive, region, when, assumed);
      } else {
        this.group(node, region, assumed);
      }
    }
  }

  private group(node: GroupNode, parent: number, parentAssumed: boolean): void {
    const parentWhen = this.regions[parent]!.when;
    const variants = parentWhen.length;
    let notBefore: Activity[] = Array<Activity>(variants).fill(true);
    this.assuming = false;
    const branches = node.branches.map((branch) => {
      const condition = parentWhen.map((w, v) => (w === false ? false : this.condition(branch.directive, v)));
      const own = condition.map((c, v) => and(notBefore[v]!, c));
      notBefore = notBefore.map((n, v) => and(n, not(condition[v]!)));
      return { branch, own, when: own.map((o, v) => and(parentWhen[v]!, o)) };
    });
    const assumed = parentAssumed || (this.assuming && !isIncludeGuard(node));
    let live = branches.filter((b) => isLive(b.when));
    if (live.length > 1 && live.some((b) => !isWhole(shapeOf(this.text, b.branch.body)))) live = [this.chooseStructuralBranch(node, live)];
    const opening = node.branches[0]!.directive;
    for (const { branch, own, when } of live) {
      const index = node.branches.indexOf(branch);
      let region = parent;
      if (!own.every((o) => o === true)) {
        region = this.regions.length;
        const condition = index === 0 ? directiveText(branch.directive) : `${directiveText(branch.directive)} (of ${directiveText(opening)})`;
        this.regions.push({ when, own, parent, group: node.line, branch: index, condition, line: branch.directive.line });
      }
      this.walk(branch.body, region, assumed);
    }
  }

  /**
   * Branches that do not hold whole declarations (a different struct head per branch) cannot be
   * read side by side: the main build's branch is read when this header decides it, else the first.
   */
  private chooseStructuralBranch<T extends { when: Activity[] }>(node: GroupNode, live: T[]): T {
    const decided = live.find((b) => b.when[0] === true);
    if (decided) return decided;
    const chosen = live.find((b) => b.when[0] !== false) ?? live[0]!;
    this.diagnostics.push(
      diagnostic('DG8013', this.file, node.line, `The branches of ${directiveText(node.branches[0]!.directive)} split a declaration and depend on other headers; only one branch was read.`),
    );
    return chosen;
  }

  // -------------------------------------------------------------------------------------
  // Conditions

  private condition(d: Directive, variant: number): Activity {
    if (d.name === 'else') return true;
    if (d.name === 'ifdef' || d.name === 'ifndef' || d.name === 'elifdef' || d.name === 'elifndef') {
      const name = d.tokens[0]?.text ?? '';
      const defined = this.definedState(name, variant);
      return d.name.endsWith('ndef') ? not(defined) : defined;
    }
    const expanded = expandMacros(d.tokens, this.conditionEnv(variant));
    const result = evaluate(expanded.tokens, {
      mode: 'preprocessor',
      identifier: (name) => (this.configNames.has(name) || name.startsWith('__has_') || name === 'true' || name === 'false' ? int(name === 'true' ? 1n : 0n) : 'unknown'),
    });
    if ('value' in result && expanded.complete) return result.value.v !== 0n;
    if ('unknown' in result) return joinTokens(expanded.tokens);
    if (variant === 0) {
      const reason = 'error' in result ? result.error : 'the expansion does not end';
      this.diagnostics.push(diagnostic('DG8015', this.file, d.line, `${directiveText(d)}: ${reason}; the condition was taken as false.`));
    }
    return false;
  }

  private definedState(name: string, variant: number): Activity {
    const local = this.locals[variant]!.get(name);
    if (local) {
      if (local.residual === undefined) return local.macro !== undefined;
      return local.macro ? local.residual : not(local.residual);
    }
    if (this.builds[variant]!.has(name)) return true;
    if (!this.configNames.has(name) && !this.options.undefinedMacros.has(name)) this.assuming = true;
    return false;
  }

  private conditionEnv(variant: number): MacroEnv {
    return {
      lookup: (name) => {
        const local = this.locals[variant]!.get(name);
        if (local) return local.residual === undefined ? local.macro : undefined;
        return this.builds[variant]!.get(name);
      },
      defined: (name) => {
        const state = this.definedState(name, variant);
        if (typeof state === 'boolean') return [{ kind: 'number', text: state ? '1' : '0' }];
        return [{ kind: 'punct', text: '(' }, ...lexTokens(state), { kind: 'punct', text: ')' }];
      },
    };
  }

  // -------------------------------------------------------------------------------------
  // Other directives

  private directive(d: Directive, region: number, when: readonly Activity[], assumed: boolean): void {
    switch (d.name) {
      case 'define':
        return this.define(d, region, when);
      case 'undef':
        return this.undefine(d.tokens[0]?.text, when);
      case 'pragma':
        return this.pragma(d, when);
      case 'include':
        return this.include(d, when);
      case 'error':
        // An #error reached only by assuming another header's macro is missing says nothing about this build.
        if (when[0] === true && !assumed) this.error = { message: d.message ?? joinTokens(d.tokens), line: d.line };
        return;
    }
  }

  private define(d: Directive, region: number, when: readonly Activity[]): void {
    const nameToken = d.tokens[0];
    if (nameToken?.kind !== 'ident') return;
    let params: string[] | undefined;
    let bodyStart = 1;
    if (d.functionLike) {
      params = [];
      let k = 2;
      for (; k < d.tokens.length && d.tokens[k]!.text !== ')'; k++) {
        const t = d.tokens[k]!;
        if (t.kind === 'ident') params.push(isVariadicMarker(d.tokens[k + 1]) ? `${t.text}...` : t.text);
        else if (t.text === '...') params.push('...');
      }
      bodyStart = k + 1;
    }
    const bodyTokens = d.tokens.slice(bodyStart);
    const def: HeaderMacroDef = { name: nameToken.text, body: bodyTokens.map((t) => t.text).join(' '), line: d.line, region };
    if (params) def.params = params;
    this.macros.push(def);
    const macro = makeMacro(params, bodyTokens);
    when.forEach((w, v) => {
      if (w !== false) this.locals[v]!.set(nameToken.text, w === true ? { macro } : { macro, residual: w });
    });
  }

  private undefine(name: string | undefined, when: readonly Activity[]): void {
    if (!name) return;
    when.forEach((w, v) => {
      if (w !== false) this.locals[v]!.set(name, w === true ? {} : { residual: w });
    });
    if (when[0] === true) this.markTransient(name, 0);
  }

  private markTransient(name: string, from: number): void {
    for (let k = from; k < this.macros.length; k++) if (this.macros[k]!.name === name) this.macros[k]!.transient = true;
  }

  private pragma(d: Directive, when: readonly Activity[]): void {
    const word = d.tokens[0]?.text;
    if (word === 'push_macro' || word === 'pop_macro') {
      const name = /^"(.*)"$/.exec(d.tokens[2]?.text ?? '')?.[1];
      if (name) this.pushOrPopMacro(word, name, when);
      return;
    }
    if (word === 'pack' && when[0] !== false) this.packPragma(d.tokens.slice(2, -1));
  }

  private pushOrPopMacro(word: string, name: string, when: readonly Activity[]): void {
    when.forEach((w, v) => {
      if (w === false) return;
      const stacks = this.pushed[v]!;
      const stack = stacks.get(name) ?? [];
      stacks.set(name, stack);
      if (word === 'push_macro') {
        stack.push({ entry: this.locals[v]!.get(name), mark: this.macros.length });
        return;
      }
      const saved = stack.pop();
      if (!saved) return;
      if (saved.entry) this.locals[v]!.set(name, saved.entry);
      else this.locals[v]!.delete(name);
      if (v === 0 && w === true) this.markTransient(name, saved.mark);
    });
  }

  /** `pack(n)`, `pack()`, `pack(push[, id][, n])`, `pack(pop[, id])`. */
  private packPragma(args: HToken[]): void {
    const words = args.filter((t) => t.text !== ',').map((t) => t.text);
    if (words[0] === 'push') {
      this.packStack.push(this.pack);
      // `push, n` or `push, label, n`: the value is the last word after the label.
      if (words.length >= 2) this.setPack(words[words.length - 1]);
    } else if (words[0] === 'pop') {
      this.setPack(this.packStack.pop());
    } else {
      this.setPack(words[0]);
    }
  }

  private include(d: Directive, when: readonly Activity[]): void {
    if (when[0] === false) return;
    const target = d.tokens.map((t) => t.text).join('');
    const name = /([^/\\<>"]+)[>"]$/.exec(target)?.[1]?.toLowerCase();
    const effect = name ? this.options.packIncludes[name] : undefined;
    if (effect === 'pop') this.setPack(this.packStack.pop());
    else if (effect !== undefined) {
      this.packStack.push(this.pack);
      this.setPack(effect);
    }
  }

  private setPack(pack: string | undefined): void {
    this.pack = pack;
    this.packs.push(pack === undefined ? { at: this.tokenCount } : { at: this.tokenCount, pack });
  }
}

/** `#ifndef X` (or `#if !defined(X)`) whose body starts by defining X: a header's include guard. */
function isIncludeGuard(node: GroupNode): boolean {
  const first = node.branches[0]!;
  const tokens = first.directive.tokens.filter((t) => t.text !== '(' && t.text !== ')');
  let name: string | undefined;
  if (first.directive.name === 'ifndef') name = tokens[0]?.text;
  else if (first.directive.name === 'if' && tokens.length === 3 && tokens[0]!.text === '!' && tokens[1]!.text === 'defined') name = tokens[2]!.text;
  const firstDirective = first.body.find((n) => n.kind !== 'text');
  return name !== undefined && firstDirective?.kind === 'directive' && firstDirective.directive.name === 'define' && firstDirective.directive.tokens[0]?.text === name;
}

const buildMacrosOf = perObject((builds: Map<string, string>[]): Map<string, Macro>[] =>
  builds.map((build) => new Map([...build].map(([name, body]) => [name, makeMacro(undefined, body)]))),
);

const configNamesOf = perObject((builds: Map<string, string>[]): Set<string> => new Set(builds.flatMap((build) => [...build.keys()])));

const isWhole = (shape: { net: number; min: number } | undefined): boolean => shape !== undefined && shape.net === 0 && shape.min >= 0;
const isVariadicMarker = (t: Tok | undefined): boolean => t?.text === '...';

function directiveText(d: Directive): string {
  return `#${d.name}${d.tokens.length ? ` ${joinTokens(d.tokens)}` : ''}`;
}

export function preprocess(file: string, text: string, chunks: Chunk[], options: PreprocessOptions): Preprocessed {
  const diagnostics: Diagnostic[] = [];
  const tree = buildTree(chunks, file, diagnostics);
  const pp = new Preprocessor(file, text, options, diagnostics);
  pp.walk(tree, 0, false);
  const result: Preprocessed = { regions: pp.regions, macros: pp.macros, packs: pp.packs, diagnostics: pp.diagnostics };
  if (pp.error !== undefined) result.error = pp.error;
  return result;
}
