/**
 * Formatting a TypeScript file piece by piece, so that a run formats only the pieces it did not
 * format before.
 *
 * A generated file is mostly lists of entries, an API's each, and an edit to a page changes a few
 * of them. A **piece** is a run of whole lines: a top-level statement, from the first line of its
 * leading comments to the line break ending its last line (blank lines after it included); a long
 * statement (an interface of many methods, an array of many cases) is cut again into its head (up
 * to its first member), a piece per member and its tail. The formatter's edits and the clean-ups
 * after them (`format.ts`) stay within a line, or within comments and literals, so a piece formats
 * to the same text wherever it stands in the same context (the heads of the pieces it is in, which
 * decide its indentation), provided that every member starts a line of its own and the next token
 * another: the formatter inserts a missing semicolon only where a line break follows.
 * `cutIntoPieces` checks that; a file where a statement does not is formatted whole, and a list
 * where a member does not is not cut.
 *
 * A formatted file is stored with its pieces (`PieceRow`: the hash of the rendered text of the
 * piece in its context, and where its formatted text is), and the next rendering of that file takes
 * the formatted text of every piece whose hash it finds there. Tests assert that formatting a file
 * piece by piece gives the text that formatting it whole gives, with and without pieces to reuse.
 */
import type { ts as TsNamespace } from 'ts-morph';
import { sha256Hex } from '../hash.js';

/** One formatted piece of a file: the hash of its rendered text, and the range of its formatted text in the file. */
export type PieceRow = readonly [hash: string, start: number, length: number];

/** What a previous run formatted for an output path: the file's text, and its pieces in it. */
export interface FormatMemo {
  text: string;
  pieces: readonly PieceRow[];
}

/**
 * The hash of a piece's rendered text in its context (`PieceCut.contexts`): the same text in the
 * same context always formats to the same piece.
 */
export function pieceHash(rendered: string, context: string): string {
  return sha256Hex(`${context}\0\0${rendered}`).slice(0, 32);
}

/** The formatted text of each piece of `memo`, by hash (a row out of range is ignored). */
export function knownPieces(memo: FormatMemo | undefined): Map<string, string> {
  const known = new Map<string, string>();
  for (const [hash, start, length] of memo?.pieces ?? []) {
    if (Number.isSafeInteger(start) && Number.isSafeInteger(length) && start >= 0 && length >= 0 && start + length <= memo!.text.length) {
      known.set(hash, memo!.text.slice(start, start + length));
    }
  }
  return known;
}

const LF = 0x0a;
const SLASH = 0x2f;
const STAR = 0x2a;

/** How a file is cut into pieces: where each starts (the first at 0), and what each is formatted in. */
export interface PieceCut {
  starts: number[];
  /**
   * Each piece's context: its role (a whole item, or the head, a member or the tail of a cut item)
   * and the heads of the items it is in, which decide how the formatter indents it.
   */
  contexts: string[];
}

/** Items shorter than this are one piece: cutting them would make more rows than it saves. */
const CUT_MIN_CHARS = 2_000;

/**
 * The pieces of `sf`: a piece per top-level statement, and a long statement (an interface, a class,
 * an array or object of many entries, a function body) cut again into its head, a piece per member
 * and its tail; undefined when the file cannot be cut (no statements, or a statement or the end of
 * the file not on a line of its own).
 */
export function cutIntoPieces(sf: TsNamespace.SourceFile): PieceCut | undefined {
  const statements = sf.statements;
  if (statements.length === 0) return undefined;
  const bounds = itemBounds(sf.text, sf, statements, 0);
  // The last statement must end its line too: only then does it format as it would before another.
  if (!bounds || lineBreakAfter(sf.text, statements[statements.length - 1]!.end, sf.text.length) === undefined) return undefined;
  bounds.push(sf.text.length);
  const cut: PieceCut = { starts: [], contexts: [] };
  statements.forEach((statement, i) => addItem(sf, statement, bounds[i]!, bounds[i + 1]!, i === statements.length - 1 ? 'last' : '', cut));
  return cut;
}

/** The piece starts of `items` (a list, each on lines of its own), the first at `first`; undefined when two share a line. */
function itemBounds(text: string, sf: TsNamespace.SourceFile, items: readonly TsNamespace.Node[], first: number): number[] | undefined {
  const bounds = [first];
  for (let i = 1; i < items.length; i++) {
    const start = nextLineStart(text, items[i - 1]!.end, items[i]!.getStart(sf));
    if (start === undefined) return undefined;
    bounds.push(start);
  }
  return bounds;
}

/** Adds the piece(s) of `item`, the lines [from, to), in `context`: one piece, or its head, members and tail. */
function addItem(sf: TsNamespace.SourceFile, item: TsNamespace.Node, from: number, to: number, context: string, cut: PieceCut): void {
  const inner = to - from >= CUT_MIN_CHARS ? memberList(sf, item, from, to) : undefined;
  if (!inner) {
    cut.starts.push(from);
    cut.contexts.push(context);
    return;
  }
  const { members, bounds } = inner;
  // A member formats as it does under this head, at the head's depth.
  const under = pieceHash(sf.text.slice(from, bounds[0]), context);
  cut.starts.push(from);
  cut.contexts.push(`${context}\0head`);
  members.forEach((member, i) => addItem(sf, member, bounds[i]!, bounds[i + 1]!, `${under}\0member`, cut));
  cut.starts.push(bounds[members.length]!);
  cut.contexts.push(`${under}\0tail`);
}

/**
 * The longest of the lists nearest the item's root (of at least two nodes) whose members are on
 * lines of their own, between an opening line and a closing one, with where each member's piece
 * starts and where the tail starts; undefined when there is none.
 */
function memberList(sf: TsNamespace.SourceFile, item: TsNamespace.Node, from: number, to: number): { members: readonly TsNamespace.Node[]; bounds: number[] } | undefined {
  let level: TsNamespace.Node[] = [item];
  while (level.length > 0) {
    const next: TsNamespace.Node[] = [];
    let best: { members: readonly TsNamespace.Node[]; bounds: number[] } | undefined;
    for (const node of level) {
      node.forEachChild(
        (child) => void next.push(child),
        (list) => {
          const found = lineAlignedList(sf, list, from, to);
          if (found && (!best || span(found) > span(best))) best = found;
          // Given a list callback, `forEachChild` passes the nodes of lists only to it.
          next.push(...list);
        },
      );
    }
    if (best) return best;
    level = next;
  }
  return undefined;
}

const span = (list: { bounds: number[] }): number => list.bounds[list.bounds.length - 1]! - list.bounds[0]!;

/** `list` with its piece bounds when its members are on lines of their own, after its opening line and before its closing one. */
function lineAlignedList(sf: TsNamespace.SourceFile, list: TsNamespace.NodeArray<TsNamespace.Node>, from: number, to: number): { members: readonly TsNamespace.Node[]; bounds: number[] } | undefined {
  if (list.length < 2) return undefined;
  const text = sf.text;
  const first = nextLineStart(text, list.pos, list[0]!.getStart(sf));
  if (first === undefined || first <= from) return undefined;
  const bounds = itemBounds(text, sf, list, first);
  const close = closingToken(text, list.end);
  const tail = bounds && close < to ? nextLineStart(text, list[list.length - 1]!.end, close) : undefined;
  if (!bounds || tail === undefined || tail >= to) return undefined;
  bounds.push(tail);
  return { members: list, bounds };
}

/** The start of the token that closes a list ending at `end`: past blanks, comments and a trailing comma. */
function closingToken(text: string, end: number): number {
  let i = end;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === LF || c === 0x2c) i++;
    else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) i = endOf(text.indexOf('\n', i), 0, text.length);
    else if (c === SLASH && text.charCodeAt(i + 1) === STAR) i = endOf(text.indexOf('*/', i + 2), 2, text.length);
    else return i;
  }
}

/** The position `length` past `found` (an `indexOf` result), or `end` when it found nothing. */
function endOf(found: number, length: number, end: number): number {
  return found < 0 ? end : found + length;
}

/**
 * In the trivia between `from` (the end of a statement) and `to` (the next token's start): the start
 * of the first line after the statement's last line that holds anything but blanks, or undefined
 * when the next token is on the statement's last line.
 */
function nextLineStart(text: string, from: number, to: number): number | undefined {
  const afterBreak = lineBreakAfter(text, from, to);
  if (afterBreak === undefined) return undefined;
  // Blank lines stay with the piece before: a run of them is never cut in two.
  let lineStart = afterBreak;
  for (let i = afterBreak; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) lineStart = i + 1;
    else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
  }
  return lineStart;
}

/** The position after the first line break outside comments in the trivia [from, to), or undefined. */
function lineBreakAfter(text: string, from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) return i + 1;
    if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      const eol = text.indexOf('\n', i);
      return eol < 0 || eol >= to ? undefined : eol + 1;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close >= to) return undefined;
      i = close + 1;
    }
  }
  return undefined;
}

/** Runs of consecutive indexes for which `missing` holds, as [first, last + 1). */
export function missingRuns(count: number, missing: (i: number) => boolean): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    if (!missing(i)) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else runs.push([i, i + 1]);
  }
  return runs;
}

/** The rows of `pieces` (formatted texts, in order) in the file made of them. */
export function pieceRows(hashes: readonly string[], pieces: readonly string[]): PieceRow[] {
  let at = 0;
  return pieces.map((piece, i) => {
    const row = [hashes[i]!, at, piece.length] as const;
    at += piece.length;
    return row;
  });
}
