/**
 * Documented return codes, from every layout pages use: tables (HTML, GFM, `<dl><dt>` cells,
 * `**NAME**<br>0x…L` cells, flattened text tables: all arrive here as rows of cell texts),
 * list items that start with a status name, and status names in prose ("the return value is
 * SEC_E_OK"), each with the sentence that states when it occurs.
 *
 * Format readers turn their section into `ReturnBlock`s; this module only interprets them.
 */
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import type { ReturnCodeDoc, ReturnsDoc, SourceRef } from '../../model/page.js';
import { splitSentences } from './sentences.js';
import { findStatusNames, firstStatusName, inlineValue } from './status-names.js';

export interface TableRow {
  cells: string[];
  line: number;
}

export type ReturnBlock =
  | { kind: 'prose'; text: string; line: number }
  | { kind: 'list-item'; text: string; line: number }
  | { kind: 'table'; rows: TableRow[]; line: number; /** True when the first row is known to be a header (`<th>`). */ header: boolean };

export interface ReadReturns {
  returns: ReturnsDoc;
  diagnostics: Diagnostic[];
}

/** Phrases saying the listed codes are examples, not the full set. */
const NOT_EXHAUSTIVE = [
  /\bnot limited to\b/i,
  /\b(?:any )?other (?:\w+ )?(?:error|status|return|result)? ?(?:codes?|values?)\b/i,
  /\bor one of the (?![\w ]*\b(?:following|below|above|listed|table)\b)[\w ]*\b(?:values|codes)\b/i,
  /\b(?:values?|codes?|errors?) (?:\w+ )?include(?: the following)?\b/i,
  /\bamong others\b/i,
  /\bfor example\b[^.]*\b(?:return|error|status)/i,
];

export function readReturns(blocks: ReturnBlock[], source: SourceRef): ReadReturns {
  const diagnostics: Diagnostic[] = [];
  const codes = new CodeList();
  const prose: string[] = [];
  let exhaustive = true;
  for (const block of blocks) {
    if (block.kind === 'table') {
      const table = readTable(block, source.file);
      table.codes.forEach((c) => codes.add(c));
      diagnostics.push(...table.diagnostics);
      exhaustive &&= table.exhaustive;
      continue;
    }
    prose.push(block.text);
    if (NOT_EXHAUSTIVE.some((re) => re.test(block.text))) exhaustive = false;
    const from = block.kind === 'list-item' ? 'list' : 'prose';
    const listName = from === 'list' ? leadingStatusName(block.text) : undefined;
    if (listName) {
      codes.add(listItemCode(listName, block.text, { file: source.file, line: block.line }));
      continue;
    }
    for (const sentence of splitSentences(block.text)) {
      for (const { name } of findStatusNames(sentence)) {
        codes.add({ name, description: sentence, condition: sentence, from, source: { file: source.file, line: block.line } });
      }
    }
  }
  return { returns: { description: prose.join('\n\n'), codes: codes.list(), exhaustive, source }, diagnostics };
}

/** Codes keyed by name in order of first appearance; a table row's description wins over prose, prose keeps the condition. */
class CodeList {
  private readonly byName = new Map<string, ReturnCodeDoc>();
  add(code: ReturnCodeDoc): void {
    const seen = this.byName.get(code.name);
    if (!seen) {
      this.byName.set(code.name, code);
      return;
    }
    if (seen.from !== 'table' && code.from === 'table') {
      this.byName.set(code.name, { ...code, condition: seen.condition ?? code.condition, inlineValue: code.inlineValue ?? seen.inlineValue });
    } else if (seen.inlineValue === undefined && code.inlineValue !== undefined) {
      seen.inlineValue = code.inlineValue;
    }
  }
  list(): ReturnCodeDoc[] {
    return [...this.byName.values()];
  }
}

/** `STATUS_X if …`, `**STATUS_X**: …`, `STATUS_X (0xC0000001) - …`: a list item led by a status name. */
function leadingStatusName(text: string): string | undefined {
  const first = /^\W*([A-Z][A-Z0-9_]*)/.exec(text)?.[1];
  return first && firstStatusName(first) === first ? first : undefined;
}

function listItemCode(name: string, text: string, source: SourceRef): ReturnCodeDoc {
  const afterName = text.slice(text.indexOf(name) + name.length);
  const value = /^[\s(=:]{0,3}(?:0x[0-9A-Fa-f]+L?|-?\d+)\)?/.exec(afterName);
  const description = (value ? afterName.slice(value[0].length) : afterName).replace(/^[\s:.,;–—-]+/, '').trim();
  const code: ReturnCodeDoc = { name, description, condition: splitSentences(text)[0] ?? text, from: 'list', source };
  const v = value ? inlineValue(value[0]) : undefined;
  if (v !== undefined) code.inlineValue = v;
  return code;
}

interface ReadTable {
  codes: ReturnCodeDoc[];
  diagnostics: Diagnostic[];
  exhaustive: boolean;
}

const HEADER_WORDS = /\b(?:return|code|value|description|meaning|status|error|result|hresult)s?\b/i;

function readTable(table: Extract<ReturnBlock, { kind: 'table' }>, file: string): ReadTable {
  const rows = table.rows.filter((r) => r.cells.some((c) => c !== ''));
  const first = rows[0];
  const hasHeader = !!first && (table.header || (!first.cells.some((c) => firstStatusName(c)) && first.cells.every((c) => c === '' || HEADER_WORDS.test(c))));
  const header = hasHeader ? first?.cells ?? [] : [];
  const body = hasHeader ? rows.slice(1) : rows;
  const nameColumn = pickNameColumn(body);
  const mentionsCodes = header.some((c) => /\b(?:return|status|error|result)\b/i.test(c));
  if (nameColumn === undefined && !mentionsCodes) return { codes: [], diagnostics: [], exhaustive: true };
  const column = nameColumn ?? 0;
  const valueColumn = header.findIndex((c, i) => i !== column && /^(?:value|hex(?:adecimal)?|numeric value|code value)$/i.test(c.trim()));
  const codes: ReturnCodeDoc[] = [];
  const diagnostics: Diagnostic[] = [];
  let exhaustive = true;
  for (const row of body) {
    const nameCell = row.cells[column] ?? '';
    const name = firstStatusName(nameCell);
    if (!name) {
      // "Other status codes", "Others", "An error code defined in Winerror.h": the list is open.
      if (/^\W*(?:(?:all |any )?others?\b|an?y? (?:other )?(?:error|status|failure|hresult)\b)/i.test(nameCell)) exhaustive = false;
      else diagnostics.push(diagnostic('DG2012', file, row.line, `The return-code table row "${truncate(row.cells.join(' | '))}" has no recognisable status name.`));
      continue;
    }
    const description = row.cells.filter((_, i) => i !== column && i !== valueColumn).join(' ').trim();
    const code: ReturnCodeDoc = { name, description, from: 'table', source: { file, line: row.line } };
    const value = inlineValue(nameCell.replace(name, ' ')) ?? (valueColumn >= 0 ? inlineValue(row.cells[valueColumn] ?? '') : undefined);
    if (value !== undefined) code.inlineValue = value;
    codes.push(code);
  }
  return { codes, diagnostics, exhaustive };
}

/** The column whose cells most often start with a status name (ties: the leftmost). */
function pickNameColumn(rows: TableRow[]): number | undefined {
  const counts = new Map<number, number>();
  for (const row of rows) {
    const i = row.cells.findIndex((c) => leadingStatusName(c) !== undefined);
    if (i >= 0) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  let best: number | undefined;
  for (const [i, n] of [...counts].sort((a, b) => a[0] - b[0])) if (best === undefined || n > (counts.get(best) ?? 0)) best = i;
  return best;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
