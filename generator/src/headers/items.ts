/**
 * Cuts a header's token stream into top-level items (a declaration ends at `;`, a function
 * definition at its body's `}`; `extern "C" {…}` is transparent) and reads each one.
 *
 * Tokens of different conditional regions can share an item. When each region holds whole
 * members (a field, an enumerator, a parameter under `#if`), the item is read once and the
 * members keep their region. Otherwise (`#if` around a return type) the item is read once per
 * combination of branches, each with a region of its own, and the merge keeps the one whose
 * conditions hold.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { andActivity, isLive, notActivity } from './activity.js';
import { Unreadable, readItem } from './declarations.js';
import type { HToken } from './lex.js';
import type { Activity, HeaderFileFacts, HeaderRegion } from './model.js';
import type { PackChange } from './preprocess.js';
import { isP, isWord } from './syntax.js';

export interface Item {
  tokens: HToken[];
  /** Index of the first token in the header's token stream. */
  start: number;
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Cuts a token stream into items as the tokens arrive, so a header's tokens need not all be kept. */
export class ItemSplitter {
  private pending: HToken[] = [];
  private start = 0;
  private index = 0;
  private readonly stack: HToken[] = [];
  private linkage = 0;

  constructor(
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
    private readonly onItem: (item: Item) => void,
  ) {}

  private flush(next: number): void {
    if (this.pending.length) this.onItem({ tokens: this.pending, start: this.start });
    this.pending = [];
    this.start = next;
  }

  push(t: HToken): void {
    const i = this.index++;
    const { pending, stack } = this;
    if (t.kind !== 'punct') {
      pending.push(t);
      return;
    }
    if (stack.length === 0) {
      if (t.text === ';') return this.flush(i + 1);
      if (t.text === '{' && pending.length === 2 && isWord(pending[0], 'extern') && pending[1]!.kind === 'string') {
        this.linkage++;
        this.pending = [];
        this.start = i + 1;
        return;
      }
      if (t.text === '}' || t.text === ')' || t.text === ']') {
        if (t.text === '}' && this.linkage > 0 && pending.length === 0) this.linkage--;
        else this.diagnostics.push(diagnostic('DG8004', this.file, t.line, `\`${t.text}\` closes nothing; it was ignored.`));
        if (t.text === '}') this.flush(i + 1);
        return;
      }
    }
    pending.push(t);
    if (CLOSERS[t.text]) {
      stack.push(t);
      return;
    }
    if (t.text !== ')' && t.text !== ']' && t.text !== '}') return;
    const top = stack[stack.length - 1];
    if (top && CLOSERS[top.text] === t.text) {
      stack.pop();
      if (stack.length === 0 && t.text === '}' && isFunctionDefinition(pending)) this.flush(i + 1);
      return;
    }
    // A closer that does not match: drop the openers it skips if it matches an outer one, else the closer.
    const match = stack.map((s) => CLOSERS[s.text]).lastIndexOf(t.text);
    const culprit = match >= 0 ? stack[stack.length - 1]! : t;
    this.diagnostics.push(diagnostic('DG8004', this.file, culprit.line, `\`${culprit.text}\` is not balanced; the declaration around it may be read wrongly.`));
    if (match >= 0) {
      stack.length = match;
      if (stack.length === 0 && t.text === '}') this.flush(i + 1);
    } else pending.pop();
  }

  end(): void {
    const open = this.stack[0];
    if (open) this.diagnostics.push(diagnostic('DG8004', this.file, open.line, `\`${open.text}\` is never closed; the declaration it opens was read up to the end of the header.`));
    this.flush(this.index);
  }
}

export function splitItems(tokens: readonly HToken[], file: string, diagnostics: Diagnostic[]): Item[] {
  const items: Item[] = [];
  const splitter = new ItemSplitter(file, diagnostics, (item) => items.push(item));
  for (const t of tokens) splitter.push(t);
  splitter.end();
  return items;
}

/** `… name(params) [decorations] { body }` (not `struct X {…}`, not `= {…}`). */
function isFunctionDefinition(tokens: readonly HToken[]): boolean {
  let depth = 0;
  let sawParen = false;
  for (const t of tokens) {
    if (t.kind === 'punct') {
      if (t.text === '{' && depth === 0) return sawParen;
      if (t.text === '(' || t.text === '[') {
        if (depth === 0 && t.text === '(') sawParen = true;
        depth++;
      } else if (t.text === ')' || t.text === ']') depth--;
      else if (t.text === '=' && depth === 0) return false;
    } else if (depth === 0 && t.kind === 'ident' && (t.text === 'struct' || t.text === 'union' || t.text === 'enum' || t.text === 'typedef')) return false;
  }
  return false;
}

// =======================================================================================
// Regions of an item

export interface ItemReaderContext {
  file: string;
  regions: HeaderRegion[];
  packs: PackChange[];
  facts: HeaderFileFacts;
  diagnostics: Diagnostic[];
}

const MAX_COMBINATIONS = 16;

export function readItemInRegions(item: Item, context: ItemReaderContext): void {
  readRegionedItem(item.tokens, item.start, context, 0);
}

function readRegionedItem(tokens: HToken[], start: number, context: ItemReaderContext, depth: number, region?: number): void {
  const common = region ?? commonRegion(context.regions, tokens);
  if (depth < 2 && tokens.some((t) => t.region !== common) && !membersAligned(tokens, common)) {
    const variants = branchCombinations(tokens, common, context);
    if (variants) {
      for (const variant of variants) readRegionedItem(variant.tokens, start, context, depth + 1, variant.region);
      return;
    }
  }
  const pack = packAt(context.packs, start);
  let outcome: Unreadable | undefined;
  try {
    outcome = readItem(tokens, { region: common, ...(pack !== undefined ? { pack } : {}) }, context.facts);
  } catch (error) {
    outcome = new Unreadable(`docgen failed on it (${error instanceof Error ? error.message : String(error)})`);
  }
  if (outcome) {
    const text = tokens.slice(0, 12).map((t) => t.text).join(' ');
    context.diagnostics.push(diagnostic('DG8007', context.file, tokens[0]!.line, `A declaration could not be read (${outcome.reason}): \`${text}${tokens.length > 12 ? ' …' : ''}\`.`));
  }
}

function packAt(packs: readonly PackChange[], index: number): string | undefined {
  let pack: string | undefined;
  for (const change of packs) {
    if (change.at > index) break;
    pack = change.pack;
  }
  return pack;
}

function ancestors(regions: readonly HeaderRegion[], region: number): number[] {
  const chain = [region];
  while (region !== 0) {
    region = regions[region]!.parent;
    chain.push(region);
  }
  return chain;
}

/** The innermost region that contains every token of the item. */
function commonRegion(regions: readonly HeaderRegion[], tokens: readonly HToken[]): number {
  const first = tokens[0]!.region;
  let uniform = true;
  for (const t of tokens) {
    if (t.region !== first) {
      uniform = false;
      break;
    }
  }
  if (uniform) return first;
  let chain = ancestors(regions, first);
  const seen = new Set([first]);
  for (const t of tokens) {
    if (seen.has(t.region)) continue;
    seen.add(t.region);
    const other = new Set(ancestors(regions, t.region));
    chain = chain.filter((r) => other.has(r));
  }
  return chain[0] ?? 0;
}

/**
 * True when every run of tokens from an inner region is whole members: inside brackets, after
 * `{`, `;` or `,`, balanced, and ending with `;` or `,` or before the closing bracket.
 */
function membersAligned(tokens: readonly HToken[], common: number): boolean {
  let depth = 0;
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i]!;
    if (t.region === common) {
      if (t.kind === 'punct') {
        if (CLOSERS[t.text]) depth++;
        else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
      }
      i++;
      continue;
    }
    const before = tokens[i - 1];
    if (depth === 0 || !(isP(before, '{') || isP(before, ';') || isP(before, ',') || isP(before, '('))) return false;
    let runDepth = 0;
    let j = i;
    for (; j < tokens.length && tokens[j]!.region !== common; j++) {
      const u = tokens[j]!;
      if (u.kind !== 'punct') continue;
      if (CLOSERS[u.text]) runDepth++;
      else if ((u.text === ')' || u.text === ']' || u.text === '}') && --runDepth < 0) return false;
    }
    const last = tokens[j - 1];
    const next = tokens[j];
    if (runDepth !== 0 || !(isP(last, ';') || isP(last, ',') || isP(next, '}') || isP(next, ')') || isP(next, ','))) return false;
    i = j;
  }
  return true;
}

/** The child region of `common` that `region` lies in (undefined when it is `common` itself). */
function childOf(regions: readonly HeaderRegion[], region: number, common: number): number | undefined {
  let r = region;
  while (r !== common && r !== 0) {
    const parent = regions[r]!.parent;
    if (parent === common) return r;
    r = parent;
  }
  return undefined;
}

/** The item once per combination of the branches it spans; undefined when there are too many. */
function branchCombinations(tokens: readonly HToken[], common: number, context: ItemReaderContext): { tokens: HToken[]; region: number }[] | undefined {
  const { regions } = context;
  const groups = new Map<string, number[]>();
  for (const t of tokens) {
    const child = childOf(regions, t.region, common);
    if (child === undefined) continue;
    const key = String(regions[child]!.group);
    const members = groups.get(key) ?? [];
    if (!members.includes(child)) members.push(child);
    groups.set(key, members);
  }
  // Each group: one of its branches, or none of them when only one branch is present (no `#else`).
  let combos: { chosen: number[]; when: Activity[]; conditions: string[] }[] = [{ chosen: [], when: regions[common]!.when, conditions: [] }];
  for (const members of groups.values()) {
    const options: ({ region: number } | { none: number })[] = members.map((region) => ({ region }));
    if (members.length === 1) options.push({ none: members[0]! });
    const next: typeof combos = [];
    for (const combo of combos) {
      for (const option of options) {
        if ('region' in option) {
          const r = regions[option.region]!;
          next.push({ chosen: [...combo.chosen, option.region], when: combo.when.map((w, v) => andActivity(w, r.own[v]!)), conditions: [...combo.conditions, r.condition] });
        } else {
          const r = regions[option.none]!;
          next.push({ chosen: combo.chosen, when: combo.when.map((w, v) => andActivity(w, notActivity(r.own[v]!))), conditions: [...combo.conditions, `not ${r.condition}`] });
        }
      }
    }
    combos = next;
    if (combos.length > MAX_COMBINATIONS) return undefined;
  }
  const out: { tokens: HToken[]; region: number }[] = [];
  for (const combo of combos) {
    if (!isLive(combo.when)) continue;
    const region = regions.length;
    regions.push({ when: combo.when, own: combo.when, parent: common, group: -1, branch: out.length, condition: combo.conditions.join(' and '), line: tokens[0]!.line });
    const chosen = new Set(combo.chosen);
    const kept: HToken[] = [];
    for (const t of tokens) {
      const child = childOf(regions, t.region, common);
      if (child === undefined) kept.push(t.region === common ? { ...t, region } : t);
      else if (chosen.has(child)) kept.push(t.region === child ? { ...t, region } : t);
    }
    out.push({ tokens: kept, region });
  }
  return out;
}
