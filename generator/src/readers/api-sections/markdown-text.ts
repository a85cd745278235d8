/**
 * A section of a page as GitHub-flavoured Markdown, for documentation comments: the hast tree the
 * Markdown front end built (GFM and raw HTML alike) written back as Markdown that keeps what a
 * reader needs and nothing that could mean more:
 *
 * - paragraphs; headings inside a section as bold paragraphs;
 * - lists (nested, numbered from their `start`), code blocks (fenced, with their language), block
 *   quotes (an alert `[!NOTE]` as `**Note:**`);
 * - tables, HTML ones too, as GFM tables: a row per `<tr>`, a cell's blocks on one line (`<br>`,
 *   paragraphs, `<dl>` terms and list items separated by spaces), `|` escaped;
 * - code spans, bold, italic, strikethrough; links keep their text, and their target only when the
 *   page's link resolver gives an absolute http(s) address for it (`doc-links.ts`);
 * - text with every character that could start Markdown or HTML syntax escaped, so the words of
 *   the docs read as words. Markdown that raw HTML left unparsed (`**NAME**`, `[text](target)`,
 *   `` `code` `` inside an HTML table) is read as the markup it is.
 *
 * One pass over the tree, no other parser: it runs on every section of every page.
 */
import type { Element, ElementContent } from 'hast';
import { toText } from 'hast-util-to-text';

export interface MarkdownContext {
  /** An absolute http(s) address for a link target, or undefined to keep the link's text only. */
  link(href: string): string | undefined;
}

interface Mode {
  link: MarkdownContext['link'];
  /** Inside a table cell: one line, `|` escaped. */
  cell: boolean;
  /** Inside a link's text (no nested links), bold or italic (not opened twice). */
  inLink: boolean;
  strong: boolean;
  emphasis: boolean;
}

/** The blocks of a section as Markdown (blocks separated by blank lines), '' when there is nothing. */
export function sectionMarkdown(nodes: readonly ElementContent[], context: MarkdownContext): string {
  return renderBlocks(nodes, { link: context.link, cell: false, inLink: false, strong: false, emphasis: false }).join('\n\n');
}

const INLINE = new Set(['a', 'b', 'strong', 'i', 'em', 'code', 'span', 'br', 'sup', 'sub', 'img', 'u', 'del', 's', 'strike', 'kbd', 'var', 'small', 'font', 'abbr', 'cite', 'q', 'mark', 'tt', 'samp', 'dfn', 'bdi', 'bdo', 'time', 'label', 'wbr']);
const SKIPPED = new Set(['script', 'style', 'template', 'head', 'title', 'meta', 'link', 'input', 'button', 'select', 'textarea', 'iframe', 'object', 'embed', 'svg', 'math']);

function isInline(node: ElementContent): boolean {
  if (node.type === 'text') return true;
  return node.type === 'element' && INLINE.has(node.tagName) && !node.children.some((c) => c.type === 'element' && !isInline(c));
}

function renderBlocks(nodes: readonly ElementContent[], mode: Mode): string[] {
  const out: string[] = [];
  let run: ElementContent[] = [];
  const flush = (): void => {
    const paragraph = renderParagraph(run, mode);
    if (paragraph !== '') out.push(paragraph);
    run = [];
  };
  for (const node of nodes) {
    if (node.type === 'comment') continue;
    if (isInline(node)) {
      run.push(node);
      continue;
    }
    flush();
    out.push(...renderBlock(node as Element, mode));
  }
  flush();
  return out;
}

function renderBlock(el: Element, mode: Mode): string[] {
  const tag = el.tagName;
  if (SKIPPED.has(tag)) return [];
  if (tag === 'p') return nonEmpty(alertParagraph(el, mode));
  if (/^h[1-6]$/.test(tag)) return nonEmpty(renderParagraph([{ type: 'element', tagName: 'strong', properties: {}, children: el.children }], mode));
  if (tag === 'ul' || tag === 'ol') return nonEmpty(renderList(el, mode));
  if (tag === 'pre') return [renderCode(el, mode)];
  if (tag === 'table') return nonEmpty(mode.cell ? renderBlocks(el.children, mode).join(' ') : renderTable(el, mode));
  if (tag === 'blockquote') return nonEmpty(renderQuote(el, mode));
  if (tag === 'hr' || tag === 'br') return [];
  // Containers (div, section, dl, dt, dd, li outside a list, tbody, …): their blocks.
  return renderBlocks(el.children, mode);
}

function nonEmpty(text: string): string[] {
  return text.trim() === '' ? [] : [text];
}

/** Inline content as one paragraph (lines from `<br>` outside tables), line starts made safe. */
function renderParagraph(nodes: readonly ElementContent[], mode: Mode): string {
  const text = nodes.map((n) => renderInline(n, mode)).join('');
  const lines = text
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter((line) => line !== '');
  return lines.map(safeLineStart).join('\n');
}

/** A line that would start a heading, quote, list, rule or setext underline reads as text. */
function safeLineStart(line: string): string {
  return line
    .replace(/^([#>+=-])/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

function renderInline(node: ElementContent, mode: Mode): string {
  if (node.type === 'text') return inlineText(node.value, mode);
  if (node.type !== 'element' || SKIPPED.has(node.tagName)) return '';
  const inner = (next: Mode = mode): string => node.children.map((c) => renderInline(c, next)).join('');
  switch (node.tagName) {
    case 'br':
      return mode.cell ? ' ' : '\n';
    case 'code':
    case 'kbd':
    case 'samp':
    case 'tt':
      return codeSpan(toText(node), mode);
    case 'b':
    case 'strong':
      return mode.strong ? inner() : wrap('**', inner({ ...mode, strong: true }));
    case 'i':
    case 'em':
    case 'var':
    case 'dfn':
    case 'cite':
      return mode.emphasis ? inner() : wrap('*', inner({ ...mode, emphasis: true }));
    case 'del':
    case 's':
    case 'strike':
      return wrap('~~', inner());
    case 'img':
      return inlineText(typeof node.properties?.alt === 'string' ? node.properties.alt : '', mode);
    case 'a':
      return link(node, mode);
    default:
      return inner();
  }
}

function link(a: Element, mode: Mode): string {
  if (mode.inLink) return a.children.map((c) => renderInline(c, mode)).join('');
  const text = a.children
    .map((c) => renderInline(c, { ...mode, inLink: true }))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  const href = typeof a.properties?.href === 'string' ? a.properties.href : '';
  const target = href === '' ? undefined : mode.link(href);
  if (text === '' || target === undefined) return text;
  return `[${text}](${linkDestination(target)})`;
}

/** An address as a link destination: nothing in it can end the destination or a comment. */
export function linkDestination(url: string): string {
  return url.replace(/[\s()<>*\\`"{}|[\]^]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `**text**` around the text, its outer spaces outside the markers; nothing for empty text. */
function wrap(marker: string, text: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return m[2] === '' ? text : `${m[1]}${marker}${m[2]}${marker}${m[3]}`;
}

/** A code span whose fence is longer than any run of backticks inside. */
function codeSpan(text: string, mode: Mode): string {
  let body = text.replace(/\s+/g, ' ');
  if (body.trim() === '') return body;
  if (mode.cell) body = body.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** `[text](target)`, `**bold**`, `*italic*`, `` `code` `` left in text by raw HTML blocks. */
const STRAY = /\[([^\]\n]*)\]\(([^)\s]*)\)|\*\*([^*\n]+)\*\*|`([^`\n]+)`/g;

/** Text, with Markdown that raw HTML left unparsed read as markup, the rest escaped. */
function inlineText(value: string, mode: Mode): string {
  let out = '';
  let last = 0;
  for (const m of value.matchAll(STRAY)) {
    out += escapeText(value.slice(last, m.index), mode);
    if (m[1] !== undefined) {
      const target = mode.inLink ? undefined : mode.link(m[2]!);
      const text = escapeText(m[1], mode);
      out += target === undefined || text.trim() === '' ? text : `[${text}](${linkDestination(target)})`;
    } else if (m[3] !== undefined) {
      out += mode.strong ? escapeText(m[3], mode) : wrap('**', escapeText(m[3], mode));
    } else {
      out += codeSpan(m[4]!, mode);
    }
    last = m.index + m[0].length;
  }
  return out + escapeText(value.slice(last), mode);
}

/**
 * Words as Markdown text: `` ` ``, `*`, `[`, `]`, `~` escaped, and `\` where it would escape (before
 * punctuation or at the end: `C:\Windows` stays as it is); `_` where it could open or
 * close emphasis (not inside a word: `SEC_E_OK` stays as it is); `<` before a tag or autolink; `&`
 * before an entity; `|` inside a table cell. Whitespace is folded (line starts are made safe per line).
 */
function escapeText(text: string, mode: Mode): string {
  let out = text
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/\u200b/g, '')
    .replace(/\\(?=[!-/:-@[-`{-~]|$)/g, '\\\\')
    .replace(/[`*[\]~]/g, (c) => `\\${c}`)
    .replace(/_/g, (_c, i: number, all: string) => (/[A-Za-z0-9]/.test(all[i - 1] ?? '') && /[A-Za-z0-9]/.test(all[i + 1] ?? '') ? '_' : '\\_'))
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
  if (mode.cell) out = out.replace(/\|/g, '\\|');
  return out;
}

/** The items of a list, each item's blocks indented under its marker. */
function renderList(list: Element, mode: Mode): string {
  const ordered = list.tagName === 'ol';
  const startValue = Number(list.properties?.start ?? 1);
  let number = Number.isInteger(startValue) && startValue >= 0 && startValue < 1e9 ? startValue : 1;
  const items: string[] = [];
  for (const child of list.children) {
    if (child.type !== 'element') {
      if (child.type === 'text' && child.value.trim() !== '') items.push(`- ${renderParagraph([child], mode)}`);
      continue;
    }
    const blocks = child.tagName === 'li' ? renderBlocks(child.children, mode) : renderBlock(child, mode);
    if (blocks.length === 0) continue;
    const marker = ordered ? `${number++}. ` : '- ';
    if (mode.cell) {
      items.push(`${marker}${blocks.join(' ')}`);
      continue;
    }
    const body = blocks.reduce((acc, block, i) => (i === 0 ? block : `${acc}${/^(?:- |\d+\. )/.test(block) ? '\n' : '\n\n'}${block}`), '');
    const indent = ' '.repeat(marker.length);
    items.push(body.split('\n').map((line, i) => (i === 0 ? `${marker}${line}` : line === '' ? '' : `${indent}${line}`)).join('\n'));
  }
  return items.join(mode.cell ? ' ' : '\n');
}

/** A fenced code block: the text as written, a fence longer than any run of backticks in it. */
function renderCode(pre: Element, mode: Mode): string {
  const code = pre.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
  const text = toText(pre).replace(/\n+$/, '');
  if (mode.cell) return codeSpan(text, mode);
  const className = code?.properties?.className;
  const language = Array.isArray(className) ? String(className.find((c) => String(c).startsWith('language-')) ?? '').replace('language-', '') : '';
  const info = /^[A-Za-z0-9_+#.-]{1,40}$/.test(language) ? language : '';
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

const ALERT = /^\s*\[!(note|tip|important|warning|caution)\]\s*/i;

/** A paragraph; one that starts with an alert marker (`[!WARNING]`, a quote opened up) starts with its label. */
function alertParagraph(p: Element, mode: Mode): string {
  const first = p.children[0];
  const m = first?.type === 'text' ? ALERT.exec(first.value) : null;
  if (!m || first?.type !== 'text') return renderParagraph(p.children, mode);
  const rest = renderParagraph([{ ...first, value: first.value.slice(m[0].length) }, ...p.children.slice(1)], mode);
  return `${alertLabel(m[1]!)} ${rest}`.trim();
}

function alertLabel(kind: string): string {
  return `**${kind.charAt(0).toUpperCase()}${kind.slice(1).toLowerCase()}:**`;
}

/** A block quote; an alert's `[!NOTE]` marker becomes its bold label. */
function renderQuote(quote: Element, mode: Mode): string {
  const children = [...quote.children];
  const firstIndex = children.findIndex((c) => c.type === 'element');
  const first = children[firstIndex];
  let label = '';
  if (first?.type === 'element' && first.tagName === 'p') {
    const text = first.children[0];
    const m = text?.type === 'text' ? ALERT.exec(text.value) : null;
    if (m && text?.type === 'text') {
      label = `${alertLabel(m[1]!)} `;
      children[firstIndex] = { ...first, children: [{ ...text, value: text.value.slice(m[0].length) }, ...first.children.slice(1)] };
    }
  }
  const body = renderBlocks(children, mode).join('\n\n');
  if (mode.cell) return `${label}${body}`;
  const text = label && !body.startsWith('```') ? `${label}${body}` : `${label.trim()}${label ? '\n\n' : ''}${body}`;
  return text
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

/** A GFM table: the first row (the header row when there is one) heads it; short rows are padded. */
function renderTable(table: Element, mode: Mode): string {
  const rows = tableRows(table);
  if (rows.length === 0) return '';
  const cellMode: Mode = { ...mode, cell: true };
  const cells = rows.map((row) => row.map((cell) => renderBlocks(cell.children, cellMode).join(' ').replace(/\s+/g, ' ').trim()));
  const width = Math.max(...cells.map((r) => r.length));
  if (width === 0) return '';
  const line = (row: string[]): string => `| ${[...row, ...Array<string>(width - row.length).fill('')].join(' | ')} |`.replace(/ {2,}\|/g, ' |');
  return [line(cells[0]!), `|${' --- |'.repeat(width)}`, ...cells.slice(1).map(line)].join('\n');
}

/** The rows of a table (not of tables nested in its cells), each as its cells. */
function tableRows(table: Element): Element[][] {
  const rows: Element[][] = [];
  const visit = (el: Element): void => {
    for (const child of el.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === 'tr') rows.push(child.children.filter((c): c is Element => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th')));
      else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') visit(child);
    }
  };
  visit(table);
  return rows.filter((r) => r.length > 0);
}
