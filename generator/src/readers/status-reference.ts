/**
 * Status-code reference reader: finds the status codes a page defines (name, numeric value,
 * description, numbering space, line), whatever the layout.
 *
 * A page is read by content, never by name. A definition is a status-like name paired with a
 * number, in one of these shapes:
 *
 * 1. a table row whose cell holds the name and a hex value together, in either order
 *    (`0x80090301 SEC_E_INVALID_HANDLE`, `**NAME**<br>0x80090301L`, `<dl><dt>NAME</dt><dt>0x…</dt></dl>`),
 *    the description being another cell;
 * 2. a table row with separate cells under a header row that names the columns
 *    (`| Name | Value | Description |`); the value may be decimal there;
 * 3. a run of blocks: a block that is only the name, the next block only the value
 *    (`5 (0x5)`, `0x802A0001`), then the description blocks (`**ERROR_X**` / `5 (0x5)` /
 *    text paragraphs, or the same inside nested `<dl><dt>`/`<dd>` lists);
 * 4. one list item or paragraph that starts with the name and a hex value, then the description
 *    (`- SEC_E_OK (0x00000000): ...`).
 *
 * Two guards keep other name/number tables (flags, IOCTL codes, bug checks, the facility field
 * table) out: the page title, a heading above the definition or the table's header row must speak
 * of errors, status or return values (or name a status space), and the bit-field constants that
 * headers define beside the codes (`FACILITY_*`, `*SEVERITY_*`) are not codes. A table counts
 * only when at least half of its rows are definitions.
 *
 * The space comes from the nearest table header, heading or title that names exactly one of
 * HRESULT (or SECURITY_STATUS), NTSTATUS and Win32; otherwise it is inferred from the name and
 * value (`spaceFromName`).
 *
 * Cost: a page whose title, headings and table headers never speak of status codes is left after
 * one pass over its headings and table header rows.
 */
import type { Element, ElementContent } from 'hast';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { emptyPage, type PageModel, type StatusCodeDef, type StatusType } from '../model/page.js';
import { findAll, headingLevel, plainText, tableRows, type MarkdownDoc, type TableCell } from '../parse/markdown.js';
import { parseStatusNumber, spaceFromName } from '../status/decode.js';
import { inlineText, lineAt, outline, pageTitle, type Heading } from './outline.js';

/** Words that say a page, section or column is about status codes. */
const STATUS_CONTEXT =
  /\b(?:errors?|status(?:es)?|hresults?|ntstatus|win32|security_status|return(?:ed)?\s+(?:values?|codes?)|result\s+codes?)\b/i;

/** A status name: an upper-case first segment, then `_`-separated segments (`NERR_Success`, `NS_E_A__B`), or one upper-case word of 4+ characters (`WSAEINTR`). */
const STATUS_NAME = /^(?:[A-Z][A-Z0-9]*(?:_+[A-Za-z0-9]+)+|[A-Z][A-Z0-9]{3,})$/;
/** Bit-field constants defined beside the codes, not codes themselves. */
const NOT_A_CODE = /^FACILITY_|(?:^|_)SEVERITY_/;

const NAME_HEADER = /\b(?:name|constant|symbol|identifier)\b/i;
const VALUE_HEADER = /\b(?:value|hex(?:adecimal)?|decimal|number)\b/i;
const DESCRIPTION_HEADER = /\b(?:description|meaning|message|text|remarks?)\b/i;

const BLOCK_TAGS = new Set(['p', 'div', 'dl', 'dt', 'dd', 'ul', 'ol', 'li', 'table', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section']);

export function isStatusName(text: string): boolean {
  return STATUS_NAME.test(text) && !NOT_A_CODE.test(text);
}

/** A name token without stray punctuation around it (`>NAME`, `NAME:`, `(NAME)` are typos or separators on real pages). */
function statusNameIn(token: string): string | undefined {
  const name = token.replace(/^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$/g, '');
  return isStatusName(name) ? name : undefined;
}

export function readStatusReference(doc: MarkdownDoc): PageModel {
  const page = emptyPage(doc.file, 'status-reference');
  const title = pageTitle(doc);
  page.title = title;
  const blocks = outline(doc);
  if (!mentionsStatus(title, doc, blocks)) return page;

  const reader = new StatusReader(doc.file, title);
  for (const block of blocks) reader.block(block.node, block.index, block.headings);
  reader.flushParts();
  // Tables are read during the walk and runs of blocks after it: put the codes back in page order.
  page.statusCodes = reader.codes.map((c, i) => ({ c, i })).sort((a, b) => a.c.source.line - b.c.source.line || a.i - b.i).map(({ c }) => c);
  page.diagnostics = reader.diagnostics;
  return page;
}

/** Cheap gate: does the title, any heading or any table header row speak of status codes? */
function mentionsStatus(title: string | undefined, doc: MarkdownDoc, blocks: { node: ElementContent }[]): boolean {
  if (title && STATUS_CONTEXT.test(title)) return true;
  for (const node of doc.blocks) if (headingLevel(node) !== undefined && STATUS_CONTEXT.test(plainText(node))) return true;
  for (const { node } of blocks) {
    for (const table of findAll(node, (e) => e.tagName === 'table')) {
      const header = tableRows(table, 1)[0];
      if (header && STATUS_CONTEXT.test(header.map((c) => c.text).join(' '))) return true;
    }
  }
  return false;
}

/** The space named by exactly one status type in `text`. */
export function spaceStatedBy(text: string): StatusType | undefined {
  const found = new Set<StatusType>();
  if (/\b(?:hresults?|security_status)\b/i.test(text)) found.add('HRESULT');
  if (/\bntstatus\b/i.test(text)) found.add('NTSTATUS');
  if (/\bwin32\b/i.test(text)) found.add('WIN32');
  return found.size === 1 ? [...found][0] : undefined;
}

interface Part {
  text: string;
  line: number;
  /** Index of the top-level block the part belongs to. */
  top: number;
  /** True when the part is itself a top-level block (a paragraph of the page body). */
  topLevel: boolean;
  headings: Heading[];
}

interface Context {
  headings: Heading[];
  /** Header row text of the table, innermost context. */
  header?: string;
}

class StatusReader {
  readonly codes: StatusCodeDef[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private parts: Part[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly title: string | undefined,
  ) {}

  block(node: ElementContent, index: number, headings: Heading[]): void {
    this.collect(node, index, headings, true);
  }

  /** Walks a block: tables are read at once; every other leaf block becomes a part for `flushParts`. */
  private collect(node: ElementContent, top: number, headings: Heading[], topLevel: boolean): void {
    if (node.type !== 'element') return;
    if (node.tagName === 'table') {
      this.table(node, headings);
      return;
    }
    if (node.tagName === 'pre') return;
    const blockChildren = node.children.some((c) => c.type === 'element' && BLOCK_TAGS.has(c.tagName));
    if (!blockChildren) {
      this.addPart(node, top, headings, topLevel);
      return;
    }
    // Mixed content (`<li>text<ul>…</ul></li>`): the inline text first, then the blocks.
    const inline = node.children.filter((c) => !(c.type === 'element' && BLOCK_TAGS.has(c.tagName)));
    const text = inlineText(inline);
    if (text) this.parts.push({ text, line: lineAt(node, 1), top, topLevel: false, headings });
    for (const child of node.children) {
      if (child.type === 'element' && BLOCK_TAGS.has(child.tagName)) this.collect(child, top, headings, false);
    }
  }

  private addPart(node: Element, top: number, headings: Heading[], topLevel: boolean): void {
    const text = plainText(node);
    if (text) this.parts.push({ text, line: lineAt(node, 1), top, topLevel, headings });
  }

  private inContext(ctx: Context): boolean {
    if (ctx.header && STATUS_CONTEXT.test(ctx.header)) return true;
    if (this.title && STATUS_CONTEXT.test(this.title)) return true;
    return ctx.headings.some((h) => STATUS_CONTEXT.test(h.text));
  }

  private spaceFor(ctx: Context, name: string, value: number): StatusType {
    const texts = [ctx.header ?? '', ...ctx.headings.map((h) => h.text).reverse(), this.title ?? ''];
    for (const text of texts) {
      const space = spaceStatedBy(text);
      if (space) return space;
    }
    return spaceFromName(name, value);
  }

  private add(name: string, value: number, description: string, line: number, ctx: Context): void {
    // A page that repeats a definition word for word (mapping tables) defines it once.
    const key = `${name}=${value}=${description}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.codes.push({ name, value, type: this.spaceFor(ctx, name, value), description, source: { file: this.file, line } });
  }

  // Layouts 1 and 2: tables.
  private table(table: Element, headings: Heading[]): void {
    const rows = tableRows(table, lineAt(table, 1)).filter((r) => r.length > 0);
    if (rows.length === 0) return;
    const first = rows[0] ?? [];
    const hasHeader = first.some((c) => c.element.tagName === 'th') || readRow(first, {}) === undefined;
    const header = hasHeader ? first : [];
    const ctx: Context = { headings, header: header.map((c) => c.text).join(' | ') };
    if (!this.inContext(ctx)) return;
    const columns = headerColumns(header);
    const data = hasHeader ? rows.slice(1) : rows;
    const found: { row: RowDef; line: number }[] = [];
    const missing: { name: string; line: number }[] = [];
    for (const row of data) {
      const def = readRow(row, columns);
      const line = row[0]?.line ?? lineAt(table, 1);
      if (def && 'value' in def) found.push({ row: def, line });
      else if (def) missing.push({ name: def.name, line });
    }
    if (found.length === 0 || found.length * 2 < data.length) return;
    for (const { row, line } of found) this.add(row.name, row.value, row.description, line, ctx);
    for (const { name, line } of missing) {
      this.diagnostics.push(
        diagnostic('DG4006', this.file, line, `The status-code table row for ${name} has no numeric value that docgen can read.`),
      );
    }
  }

  // Layouts 3 and 4: runs of blocks, and single blocks.
  flushParts(): void {
    const parts = this.parts;
    this.parts = [];
    let i = 0;
    while (i < parts.length) {
      const part = parts[i] as Part;
      const ctx: Context = { headings: part.headings };
      const pair = pairAt(parts, i);
      if (pair !== undefined) {
        let j = i + 2;
        const description: string[] = [];
        while (j < parts.length && belongsTo(parts[j] as Part, part) && pairAt(parts, j) === undefined && inlineDef(parts[j] as Part) === undefined) {
          description.push((parts[j] as Part).text);
          j++;
        }
        if (this.inContext(ctx)) this.add(statusNameIn(part.text) ?? part.text, pair, description.join(' '), part.line, ctx);
        i = j;
        continue;
      }
      const inline = inlineDef(part);
      if (inline && this.inContext(ctx)) this.add(inline.name, inline.value, inline.description, part.line, ctx);
      i++;
    }
  }
}

/** The value when `parts[i]` is only a status name and `parts[i+1]` only a number, in the same container. */
function pairAt(parts: Part[], i: number): number | undefined {
  const name = parts[i];
  const value = parts[i + 1];
  if (!name || !value || !statusNameIn(name.text) || name.text.includes(' ') || !belongsTo(value, name)) return undefined;
  return parseStatusNumber(value.text);
}

/** Parts of one definition stay in one top-level block, or are consecutive body paragraphs under the same heading. */
function belongsTo(part: Part, start: Part): boolean {
  if (part.top === start.top) return true;
  return part.topLevel && start.topLevel && part.headings === start.headings;
}

interface Columns {
  name?: number;
  value?: number;
  description?: number;
}

function headerColumns(header: TableCell[]): Columns {
  const columns: Columns = {};
  header.forEach((cell, i) => {
    if (columns.name === undefined && NAME_HEADER.test(cell.text)) columns.name = i;
    else if (columns.value === undefined && VALUE_HEADER.test(cell.text)) columns.value = i;
    else if (columns.description === undefined && DESCRIPTION_HEADER.test(cell.text)) columns.description = i;
  });
  return columns;
}

type RowDef = { name: string; value: number; description: string };

/** A row's definition; `{ name }` alone when the row names a code but its value cannot be read. */
function readRow(row: TableCell[], columns: Columns): RowDef | { name: string } | undefined {
  for (let k = 0; k < row.length; k++) {
    const pair = splitNameNumber((row[k] as TableCell).text);
    if (pair) return { ...pair, description: describe(row, columns, [k]) };
  }
  // A name beside something meant as a value that does not read as one (`NAME 0x80280010B`: nine digits).
  for (const cell of row) {
    const broken = brokenPair(cell.text);
    if (broken) return { name: broken };
  }
  if (columns.name === undefined || columns.value === undefined) return undefined;
  const cell = row[columns.name]?.text ?? '';
  const name = cell.includes(' ') ? undefined : statusNameIn(cell);
  if (!name) return undefined;
  const value = parseStatusNumber(row[columns.value]?.text ?? '');
  if (value === undefined) return { name };
  return { name, value, description: describe(row, columns, [columns.name, columns.value]) };
}

function describe(row: TableCell[], columns: Columns, used: number[]): string {
  if (columns.description !== undefined && !used.includes(columns.description)) return row[columns.description]?.text ?? '';
  const after = Math.max(...used);
  const rest = row.map((cell, i) => ({ cell, i })).filter(({ cell, i }) => !used.includes(i) && cell.text !== '');
  const text = (rest.find(({ i }) => i > after) ?? rest[0])?.cell.text ?? '';
  // In a mapping table (`ALERT_X 10 | SEC_E_Y 0x…`) the other cell is another name and number, not a description.
  return isNameNumber(text) ? '' : text;
}

/** `NAME 10`, `NAME 0x…`, `10 NAME`: a constant and its value. */
function isNameNumber(text: string): boolean {
  const tokens = text.split(' ');
  if (tokens.length !== 2) return false;
  const [a, b] = tokens as [string, string];
  return (STATUS_NAME.test(a) && parseStatusNumber(b) !== undefined) || (STATUS_NAME.test(b) && parseStatusNumber(a) !== undefined);
}

/**
 * `NAME 0x…`, `0x… NAME`, `NAME 5 (0x5)`, `NAME (0x…)`: a name and a value that has a hex form.
 * A decimal alone beside a name is too ambiguous in one cell (`FACILITY_SSPI 9`, a count).
 */
export function splitNameNumber(text: string): { name: string; value: number } | undefined {
  if (!/0x/i.test(text)) return undefined;
  const space = text.indexOf(' ');
  if (space < 0) return undefined;
  const head = statusNameIn(text.slice(0, space));
  if (head) {
    const value = readValue(text.slice(space + 1));
    return value === undefined ? undefined : { name: head, value };
  }
  const last = text.lastIndexOf(' ');
  const tail = statusNameIn(text.slice(last + 1));
  if (tail) {
    const value = readValue(text.slice(0, last));
    return value === undefined ? undefined : { name: tail, value };
  }
  return undefined;
}

/** The name of a `NAME 0x…` / `0x… NAME` cell whose value cannot be read. */
function brokenPair(text: string): string | undefined {
  const tokens = text.split(' ');
  if (tokens.length !== 2) return undefined;
  const [a, b] = tokens as [string, string];
  if (/^\(?0x/i.test(b)) return statusNameIn(a);
  if (/^0x/i.test(a)) return statusNameIn(b);
  return undefined;
}

function readValue(text: string): number | undefined {
  const t = text.trim();
  const unwrapped = /^\((.*)\)$/.exec(t)?.[1] ?? t;
  return /0x/i.test(unwrapped) ? parseStatusNumber(unwrapped) : undefined;
}

/** Layout 4: `NAME (0x…): description`, `NAME 0x… - description`, `0x… NAME: description`. */
function inlineDef(part: Part): RowDef | undefined {
  const text = part.text;
  if (!/0x/i.test(text)) return undefined;
  const m =
    /^([A-Za-z0-9_]+)\s*(\(?\s*(?:[-−]?\d+\s*\(\s*0x[0-9A-Fa-f]+\s*\)|0x[0-9A-Fa-f]+[UuLl]*)\s*\)?)\s*[:\-–—,]?\s*(.*)$/.exec(text) ??
    /^(0x[0-9A-Fa-f]+[UuLl]*)\s+([A-Za-z0-9_]+)\s*[:\-–—,]?\s*(.*)$/.exec(text);
  if (!m) return undefined;
  const [a, b, rest] = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
  const [name, valueText] = isStatusName(a) ? [a, b] : [b, a];
  if (!isStatusName(name)) return undefined;
  const value = readValue(valueText);
  if (value === undefined) return undefined;
  return { name, value, description: rest.trim() };
}
