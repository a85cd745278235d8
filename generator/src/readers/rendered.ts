/**
 * Reader for API pages saved as rendered plain text (what a browser shows): a title line
 * `Name function (header.h)`, then standalone section lines ("Syntax", "Parameters",
 * "Return value", "Remarks", "Requirements", "See also") with their content as plain lines;
 * return-code tables flattened to lines, requirements as "Label value" lines.
 */
import type { ApiKind, SourceRef } from '../model/page.js';
import { emptyPage, type PageModel } from '../model/page.js';
import { foldSpace } from '../parse/markdown.js';
import { assembleApi, parseFirstDeclaration } from './api-sections/api-page.js';
import { alertLabel } from './api-sections/alerts.js';
import { codeSample } from './api-sections/samples.js';
import { parseAnnotation } from './api-sections/annotations.js';
import { linkRef } from './api-sections/links.js';
import { splitNameAndAnnotation, type ParameterEntry } from './api-sections/parameters.js';
import { buildRequirements, isRequirementLabel } from './api-sections/requirements.js';
import { readReturns, type ReturnBlock, type TableRow } from './api-sections/return-codes.js';
import { firstStatusName, inlineValue } from './api-sections/status-names.js';
import { cBlocks, classifySyntax, isMofRequirements } from './api-sections/syntax-language.js';
import { parseTitle } from './api-sections/title.js';

type SectionName = 'syntax' | 'parameters' | 'returns' | 'remarks' | 'requirements' | 'see-also' | 'members' | 'examples';

const SECTION_LINES: [RegExp, SectionName][] = [
  [/^syntax$/i, 'syntax'],
  [/^parameters$/i, 'parameters'],
  [/^return (?:value|values)$/i, 'returns'],
  [/^remarks$/i, 'remarks'],
  [/^requirements$/i, 'requirements'],
  // Newer pages call the See also section "Related content".
  [/^see also$|^related (?:content|topics)$/i, 'see-also'],
  [/^members$/i, 'members'],
  [/^examples?$/i, 'examples'],
];

/** A line of the page with its 1-based number; `text` is trimmed. */
interface Line {
  text: string;
  number: number;
}

function sectionName(text: string): SectionName | undefined {
  return SECTION_LINES.find(([re]) => re.test(text.trim()))?.[1];
}

/** Markdown or HTML markers that a rendered page never has. */
const MARKDOWN = [/^\uFEFF?---[ \t]*\r?\n/, /^#{1,6}\s/m, /^\s*\|.*\|\s*$/m, /^\s*(?:```|~~~)/m, /<\/?(?:p|b|i|a|table|tr|td|th|dl|dt|dd|div|br|span|strong|em|code|pre|ul|ol|li|h[1-6])\b[^>]*>/i];

/** Plain text with at least two standalone section lines and no Markdown structure at all. */
export function isRenderedPage(text: string): boolean {
  if (MARKDOWN.some((re) => re.test(text.slice(0, 200_000)))) return false;
  const found = new Set<SectionName>();
  for (const line of text.split(/\r?\n/)) {
    const name = sectionName(line);
    if (name && name !== 'examples' && name !== 'members') found.add(name);
    if (found.size >= 2) return true;
  }
  return false;
}

export function readRendered(file: string, text: string): PageModel {
  const page = emptyPage(file, 'rendered');
  const lines = text.split(/\r?\n/).map((t, i) => ({ text: t.trim(), number: i + 1 }));
  const titleLine = lines.find((l) => l.text !== '');
  const at = (line: number): SourceRef => ({ file, line });
  const { intro, parts } = withAlertsAttached(splitSections(lines, titleLine));
  const title = titleLine?.text;
  const parsedTitle = title ? parseTitle(title) : undefined;
  const kind: ApiKind = parsedTitle?.kind ?? 'function';
  const pageRequirements = requirements(parts.get('requirements') ?? [], file);
  const block = textBlock(parts.get('syntax') ?? []);
  // Only a C prototype is read as C; a WMI page (its requirements name a MOF file) has MOF syntax.
  const syntax = classifySyntax(block ? [block] : [], isMofRequirements(pageRequirements.raw));
  const declaration = ['function', 'callback', 'method'].includes(kind) ? parseFirstDeclaration(cBlocks(syntax), file, page.diagnostics) : undefined;
  const prototypeNames = new Set(declaration?.parameters.map((p) => p.name) ?? []);
  const returns = parts.get('returns');
  const readReturnsResult = returns ? readReturns(returnBlocks(returns), at(returns[0]?.number ?? 1)) : undefined;
  page.diagnostics.push(...(readReturnsResult?.diagnostics ?? []));
  const description = prose(intro);
  const remarks = prose(parts.get('remarks') ?? []);
  page.title = title;

  const { api, diagnostics } = assembleApi({
    name: parsedTitle?.name ?? declaration?.name ?? title ?? file,
    kind,
    ...(parsedTitle?.parent ? { parent: parsedTitle.parent } : {}),
    ...(parsedTitle?.header ? { header: parsedTitle.header } : {}),
    ...(title ? { title } : {}),
    ...(description ? { description: { text: description.text, source: at(description.line) } } : {}),
    syntax,
    ...(declaration ? { declaration } : {}),
    declarationRead: true,
    parameters: parameterEntries(parts.get('parameters') ?? [], prototypeNames, file),
    fields: parameterEntries(parts.get('members') ?? [], new Set(), file).map((e) => ({ name: e.name, description: e.description, source: e.source })),
    ...(readReturnsResult ? { returns: readReturnsResult.returns } : {}),
    ...(remarks ? { remarks: { text: remarks.text, source: at(remarks.line) } } : {}),
    seeAlso: (parts.get('see-also') ?? []).filter((l) => l.text !== '').map((l) => linkRef(l.text, undefined, at(l.number))),
    requirements: pageRequirements,
    text: [text],
    source: at(titleLine?.number ?? 1),
  });
  page.apis.push(api);
  page.diagnostics.push(...diagnostics);
  // Plain text cannot tell an example's code from its prose: the section is kept whole as one sample.
  const examples = textBlock(parts.get('examples') ?? []);
  if (examples) page.samples.push(codeSample(examples.text, '', at(examples.line)));
  return page;
}

/** Lines between the title and the first section line (the description), and each section's lines. */
function splitSections(lines: Line[], titleLine: Line | undefined): { intro: Line[]; parts: Map<SectionName, Line[]> } {
  const parts = new Map<SectionName, Line[]>();
  const intro: Line[] = [];
  let current: Line[] = intro;
  for (const line of lines) {
    if (line === titleLine) continue;
    const name = sectionName(line.text);
    if (name && !parts.has(name)) {
      current = [];
      parts.set(name, current);
      continue;
    }
    current.push(line);
  }
  return { intro, parts };
}

/** Sections whose lines are prose, where an alert can stand (not code, key/value lines or link lists). */
const PROSE_SECTIONS = new Set<SectionName>(['parameters', 'returns', 'remarks', 'members']);

function withAlertsAttached(split: { intro: Line[]; parts: Map<SectionName, Line[]> }): { intro: Line[]; parts: Map<SectionName, Line[]> } {
  const parts = new Map([...split.parts].map(([name, lines]) => [name, PROSE_SECTIONS.has(name) ? attachAlerts(lines) : lines] as const));
  return { intro: attachAlerts(split.intro), parts };
}

/**
 * A label line (`Warning`, `Note:`) and the paragraph after it are an alert: the paragraph's first
 * line is given the label (`Warning: Do not...`) and the label's line number, so the alert stays
 * with the parameter or section it follows and is never read as a parameter of its own.
 */
function attachAlerts(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const label = alertLabel(line.text);
    let next = i + 1;
    while (label && lines[next]?.text === '') next++;
    const text = lines[next]?.text;
    if (label && text !== undefined && alertLabel(text) === undefined) {
      out.push({ text: `${label} ${text}`, number: line.number });
      i = next;
    } else {
      out.push(line);
    }
  }
  return out;
}

/** Paragraphs: runs of non-empty lines. */
function paragraphs(lines: Line[]): Line[][] {
  const out: Line[][] = [];
  let current: Line[] = [];
  for (const line of lines) {
    if (line.text === '') {
      if (current.length > 0) out.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) out.push(current);
  return out;
}

function prose(lines: Line[]): { text: string; line: number } | undefined {
  const paras = paragraphs(lines);
  const first = paras[0]?.[0];
  if (!first) return undefined;
  return { text: paras.map((p) => foldSpace(p.map((l) => l.text).join(' '))).join('\n\n'), line: first.number };
}

/** The lines from the first non-empty one to the last, as one text (indentation is not kept: the C parser does not need it). */
function textBlock(lines: Line[]): { text: string; line: number } | undefined {
  const nonEmpty = lines.filter((l) => l.text !== '');
  const first = nonEmpty[0];
  const last = nonEmpty.at(-1);
  if (!first || !last) return undefined;
  return { text: lines.filter((l) => l.number >= first.number && l.number <= last.number).map((l) => l.text).join('\n'), line: first.number };
}

/**
 * Parameters: a line holding only a name (optionally with an `[in]` annotation before or after it)
 * starts an entry; the paragraphs after it are its description. UPPER_CASE lines inside a
 * description are taken as flag names of a flattened value table unless the prototype has them.
 */
function parameterEntries(lines: Line[], prototypeNames: Set<string>, file: string): ParameterEntry[] {
  const entries: ParameterEntry[] = [];
  let current: { entry: ParameterEntry; lines: Line[] } | undefined;
  const finish = (): void => {
    if (current) entries.push({ ...current.entry, description: prose(current.lines)?.text ?? '' });
  };
  for (const para of paragraphs(lines)) {
    const only = para.length === 1 ? para[0] : undefined;
    const term = only ? parameterTerm(only.text, prototypeNames) : undefined;
    if (only && term) {
      finish();
      current = { entry: { ...term, description: '', source: { file, line: only.number } }, lines: [] };
    } else if (current) {
      current.lines.push(...para, { text: '', number: 0 });
    }
  }
  finish();
  return entries;
}

function parameterTerm(text: string, prototypeNames: Set<string>): { name: string; annotation: string } | undefined {
  const split = splitNameAndAnnotation(text);
  if (!split) return undefined;
  // A label line left without a paragraph (at the end of the section) is still not a parameter.
  if (alertLabel(text) && !prototypeNames.has(split.name)) return undefined;
  const annotated = parseAnnotation(split.annotation) !== undefined;
  if (split.annotation !== '' && !annotated) return undefined;
  if (annotated || prototypeNames.has(split.name)) return split;
  return /^[A-Z0-9_]+$/.test(split.name) && split.name.includes('_') ? undefined : split;
}

/** A "Return code" / "Return value" / "Description" header line of a flattened table. */
const TABLE_HEADER = /^(?:return (?:code|value)s?(?:\/value)?|error codes?|status(?: code)?|value)(?:\s+(?:description|meaning))?$/i;
const HEADER_CONTINUATION = /^(?:description|meaning)$/i;

/** Prose paragraphs, and flattened tables: after a header line, rows led by a status name. */
function returnBlocks(lines: Line[]): ReturnBlock[] {
  const blocks: ReturnBlock[] = [];
  let table: { rows: TableRow[]; line: number } | undefined;
  let row: { name: string; rest: string[]; line: number } | undefined;
  const endRow = (): void => {
    if (row && table) table.rows.push({ cells: [row.name, row.rest.join(' ').trim()], line: row.line });
    row = undefined;
  };
  const endTable = (): void => {
    endRow();
    if (table) blocks.push({ kind: 'table', header: false, rows: table.rows, line: table.line });
    table = undefined;
  };
  let paragraph: Line[] = [];
  const endParagraph = (): void => {
    if (paragraph.length > 0) blocks.push({ kind: 'prose', text: foldSpace(paragraph.map((l) => l.text).join(' ')), line: paragraph[0]?.number ?? 0 });
    paragraph = [];
  };
  for (const line of lines) {
    if (TABLE_HEADER.test(line.text)) {
      endParagraph();
      endTable();
      table = { rows: [], line: line.number };
      continue;
    }
    if (table) {
      if (HEADER_CONTINUATION.test(line.text) && table.rows.length === 0 && !row) continue;
      const name = leadingName(line.text);
      if (name) {
        endRow();
        row = { name, rest: [line.text.slice(name.length)], line: line.number };
        continue;
      }
      if (line.text === '') {
        endRow();
        continue;
      }
      if (row) {
        // A value line under the name (`0x80090300L`) belongs to the name cell.
        if (row.rest.join('').trim() === '' && /^(?:0x[0-9a-f]+l?|-?\d+)$/i.test(line.text) && inlineValue(line.text) !== undefined) row.name += ` ${line.text}`;
        else row.rest.push(line.text);
        continue;
      }
      endTable();
    }
    if (line.text === '') endParagraph();
    else paragraph.push(line);
  }
  endTable();
  endParagraph();
  return blocks;
}

function leadingName(text: string): string | undefined {
  const first = /^[A-Z][A-Z0-9_]*/.exec(text)?.[0];
  return first && firstStatusName(first) === first ? first : undefined;
}

/** "Label value" lines; the label is the longest run of leading words that is a known requirement label. */
function requirements(lines: Line[], file: string) {
  const rows: { label: string; value: string }[] = [];
  for (const line of lines) {
    if (line.text === '' || /^requirements?\s+value$/i.test(line.text)) continue;
    const tab = line.text.split('\t').map((p) => p.trim()).filter((p) => p !== '');
    if (tab.length >= 2 && isRequirementLabel(tab[0] ?? '')) {
      rows.push({ label: tab[0] ?? '', value: tab.slice(1).join(' ') });
      continue;
    }
    const words = line.text.split(/\s+/);
    for (let n = Math.min(5, words.length - 1); n >= 1; n--) {
      const label = words.slice(0, n).join(' ');
      if (isRequirementLabel(label)) {
        rows.push({ label, value: words.slice(n).join(' ') });
        break;
      }
    }
  }
  const first = lines.find((l) => l.text !== '');
  return buildRequirements(rows, first ? { file, line: first.number } : undefined);
}
