/**
 * Views of a Markdown section (hast nodes) that the API readers need: a flat list of blocks
 * (definition lists opened up), prose as sourced text, return-code blocks, parameter and
 * member entries, code blocks. Works on the hast tree only; no HTML is read with regexes.
 */
import type { Element, ElementContent } from 'hast';
import { toText } from 'hast-util-to-text';
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import type { ReturnsDoc, SourceRef, SourcedText } from '../../model/page.js';
import { findAll, headingLevel, isElement, lineOf, plainText, tableRows, type Section } from '../../parse/markdown.js';
import { joinAlertLabels, withAlertLabel } from './alerts.js';
import { sectionMarkdown, type MarkdownContext } from './markdown-text.js';
import { parseAnnotation } from './annotations.js';
import { cleanParameterName, isParameterName, splitNameAndAnnotation, type ParameterEntry } from './parameters.js';
import type { RequirementRows } from './requirements.js';
import type { ReturnBlock } from './return-codes.js';
import type { SyntaxBlockText } from './syntax-language.js';

/**
 * Markdown written inside raw HTML blocks is not parsed by remark and reaches the text as
 * `[label](target)`, `**bold**`, `*italic*`: keep the words, drop the markup.
 */
export function cleanStrayMarkdown(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)\s]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[\s(\[])\*([^*\s][^*]*?)\*(?=$|[\s.,;:)\]])/g, '$1$2');
}

/** Plain text of blocks, stray Markdown removed (never inside code, where `*` and `[` are literal). */
export function blockText(node: ElementContent | ElementContent[]): string {
  return withAlertLabel(plainText(Array.isArray(node) ? node.map(withoutStrayMarkdown) : withoutStrayMarkdown(node)));
}

function withoutStrayMarkdown(node: ElementContent): ElementContent {
  if (node.type === 'text') return { ...node, value: cleanStrayMarkdown(node.value) };
  if (node.type !== 'element' || node.tagName === 'code' || node.tagName === 'pre') return node;
  return { ...node, children: node.children.map(withoutStrayMarkdown) };
}

/** Elements that only group other blocks; their children are read as blocks. */
const CONTAINERS = new Set(['dl', 'dd', 'div', 'section', 'blockquote', 'details', 'tbody', 'span']);
const PROSE = new Set(['p', 'li', 'dt', 'blockquote']);

/** A leaf block: paragraph, heading, table, list, code block, or a definition term (`<dt>`). */
export function flattenBlocks(nodes: ElementContent[]): Element[] {
  const out: Element[] = [];
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    if (CONTAINERS.has(node.tagName) && node.children.some((c) => c.type === 'element' && !isInline(c))) {
      out.push(...flattenBlocks(node.children));
    } else if (node.tagName === 'dd' || node.tagName === 'div') {
      out.push({ ...node, tagName: 'p' });
    } else {
      out.push(node);
    }
  }
  return out;
}

const INLINE = new Set(['a', 'b', 'strong', 'i', 'em', 'code', 'span', 'br', 'sup', 'sub', 'img', 'u', 'del', 'kbd', 'var', 'small']);
function isInline(node: Element): boolean {
  return INLINE.has(node.tagName);
}

/**
 * Prose blocks of a section as one text (paragraphs separated by blank lines), tables and code left
 * out; with the whole section as Markdown (tables and code kept) when that differs from the text.
 * Undefined when the section has no prose, unless `markdownOnly` keeps a section of only tables or
 * code (remarks that are one code sample, a parameter described by a table) as its Markdown with an
 * empty text.
 */
export function sectionText(nodes: ElementContent[], fallback: SourceRef, markdown: MarkdownContext, options: { markdownOnly?: boolean } = {}): SourcedText | undefined {
  const blocks = flattenBlocks(nodes).filter((b) => PROSE.has(b.tagName) || b.tagName === 'ul' || b.tagName === 'ol');
  const texts = joinAlertLabels(
    blocks.map((b) => blockText(b)).filter((t) => t !== ''),
    (t) => t,
    (_, label, next) => `${label} ${next}`,
  );
  if (texts.length === 0) {
    const only = options.markdownOnly ? sectionMarkdown(nodes, markdown) : '';
    return only === '' ? undefined : { text: '', markdown: only, source: { file: fallback.file, line: lineOf(flattenBlocks(nodes)[0], fallback.line) } };
  }
  const text = texts.join('\n\n');
  return { text, ...markdownBeside(text, sectionMarkdown(nodes, markdown)), source: { file: fallback.file, line: lineOf(blocks[0], fallback.line) } };
}

/** `{ markdown }` when the Markdown says more than the plain text (or says it differently), else nothing. */
export function markdownBeside(text: string, markdown: string): { markdown?: string } {
  return markdown === '' || markdown === text ? {} : { markdown };
}

/**
 * The returns prose as Markdown: the section without its tables (they are the documented codes,
 * listed with their values in the comments), when the prose is there and the Markdown differs.
 */
export function withReturnsMarkdown(returns: ReturnsDoc, nodes: ElementContent[], md: MarkdownContext): ReturnsDoc {
  if (returns.description === '') return returns;
  const markdown = markdownBeside(returns.description, sectionMarkdown(withoutTables(nodes), md)).markdown;
  return markdown === undefined ? returns : { ...returns, descriptionMarkdown: markdown };
}

/** The nodes with every table (and every block holding only tables) left out. */
function withoutTables(nodes: ElementContent[]): ElementContent[] {
  return nodes.flatMap((n): ElementContent[] => {
    if (n.type !== 'element') return [n];
    if (n.tagName === 'table') return [];
    return [{ ...n, children: withoutTables(n.children) }];
  });
}

/** The blocks of a returns section as the return-code reader wants them. */
export function returnBlocks(nodes: ElementContent[], fallbackLine: number): ReturnBlock[] {
  const out: ReturnBlock[] = [];
  for (const block of flattenBlocks(nodes)) {
    const line = lineOf(block, fallbackLine);
    if (block.tagName === 'table') {
      const rows = tableRows(block, line);
      const header = (rows[0] ?? []).length > 0 && (rows[0] ?? []).every((c) => c.element.tagName === 'th');
      out.push({ kind: 'table', header, line, rows: rows.map((r) => ({ cells: r.map((c) => blockText(c.element)), line: r[0]?.line ?? line })) });
    } else if (block.tagName === 'ul' || block.tagName === 'ol') {
      for (const li of listItems(block)) out.push({ kind: 'list-item', text: blockText(li), line: lineOf(li, line) });
    } else if (PROSE.has(block.tagName)) {
      const text = blockText(block);
      if (text !== '') out.push({ kind: 'prose', text, line });
    }
  }
  // An alert's label and its paragraph are one prose block.
  return joinAlertLabels(
    out,
    (b) => (b.kind === 'prose' ? b.text : ''),
    (label, word, next) => (next.kind === 'prose' ? { ...next, text: `${word} ${next.text}`, line: label.line } : undefined),
  );
}

/** List items, nested lists flattened (a nested item is its own entry). */
function listItems(list: Element): Element[] {
  return list.children.filter((c): c is Element => isElement(c, 'li')).flatMap((li) => {
    const nested = li.children.filter((c): c is Element => isElement(c) && (c.tagName === 'ul' || c.tagName === 'ol'));
    if (nested.length === 0) return [li];
    const own: Element = { ...li, children: li.children.filter((c) => !nested.includes(c as Element)) };
    return [own, ...nested.flatMap(listItems)];
  });
}

export interface EntryOptions {
  file: string;
  fallbackLine: number;
  /** How the descriptions' links resolve, for their Markdown. */
  markdown: MarkdownContext;
  /** Which emphasis may mark a term paragraph without an annotation: italic (parameters) or bold too (members). */
  emphasis: 'italic' | 'any';
}

/**
 * Entries written as terms followed by description blocks: `*name* [in]` paragraphs,
 * `<dl><dt>name</dt><dd>…</dd>` blocks, `### name [in]` headings. Blocks before the first term are ignored.
 */
export function termEntries(nodes: ElementContent[], options: EntryOptions): ParameterEntry[] {
  const entries: ParameterEntry[] = [];
  let current: { entry: ParameterEntry; blocks: Element[] } | undefined;
  const finish = (): void => {
    if (current) entries.push({ ...current.entry, ...entryDescription(sectionText(current.blocks, current.entry.source, options.markdown, { markdownOnly: true })) });
  };
  for (const block of flattenBlocks(nodes)) {
    const term = readTerm(block, options);
    if (term) {
      finish();
      const line = lineOf(termTarget(block), lineOf(block, options.fallbackLine));
      current = { entry: { ...term, description: '', source: { file: options.file, line } }, blocks: [] };
    } else {
      current?.blocks.push(block);
    }
  }
  finish();
  return entries;
}

/** A parameter's or member's description (and its Markdown) from its section text. */
export function entryDescription(text: SourcedText | undefined): { description: string; descriptionMarkdown?: string } {
  return text?.markdown === undefined ? { description: text?.text ?? '' } : { description: text.text, descriptionMarkdown: text.markdown };
}

function readTerm(block: Element, options: EntryOptions): { name: string; annotation: string } | undefined {
  const level = headingLevel(block);
  if (level !== undefined) return level >= 3 ? splitNameAndAnnotation(plainText(block)) : undefined;
  if (block.tagName !== 'p' && block.tagName !== 'dt') return undefined;
  const target = termTarget(block);
  return emphasisedTerm(target, options.emphasis) ?? annotatedPlainTerm(target);
}

/** A `<dt>` often wraps its term in a paragraph: the term is that paragraph. */
function termTarget(block: Element): Element {
  const inner = block.children.filter((c): c is Element => c.type === 'element');
  return block.tagName === 'dt' && inner.length === 1 && inner[0]?.tagName === 'p' ? inner[0] : block;
}

/** `name [in]` without emphasis: accepted only with a real annotation. */
function annotatedPlainTerm(block: Element): { name: string; annotation: string } | undefined {
  const split = splitNameAndAnnotation(plainText(block));
  return split && /^\s*\[[^\]]*\]\s*$/.test(split.annotation) && parseAnnotation(split.annotation) ? split : undefined;
}

const ITALIC = new Set(['em', 'i']);
const BOLD = new Set(['strong', 'b']);

/** `*name* [in]` / `<i>name</i>` / `**Member**` alone in a paragraph, optionally followed by an annotation. */
function emphasisedTerm(p: Element, emphasis: EntryOptions['emphasis']): { name: string; annotation: string } | undefined {
  const children = p.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  const first = children[0];
  if (!first || first.type !== 'element') {
    // `[in] *name*`: annotation first.
    const text = plainText(p);
    const split = /^\[[^\]]*\]/.test(text) ? splitNameAndAnnotation(text) : undefined;
    return split && parseAnnotation(split.annotation) ? split : undefined;
  }
  const italic = ITALIC.has(first.tagName);
  if (!italic && !BOLD.has(first.tagName)) return undefined;
  const name = cleanParameterName(plainText(first));
  if (!isParameterName(name)) return undefined;
  const rest = plainText(children.slice(1));
  if (rest === '') return italic || emphasis === 'any' ? { name, annotation: '' } : undefined;
  return parseAnnotation(rest) && /^\s*\[[^\]]*\]\s*$/.test(rest) ? { name, annotation: rest } : undefined;
}

/** Stale `#### - Name [in]` headings left from an older page layout: removed, each reported. */
export function dropStaleHeadings(nodes: ElementContent[], file: string, fallbackLine: number): { nodes: ElementContent[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const kept = nodes.filter((n) => {
    const level = headingLevel(n);
    if (level === undefined || level < 4 || !/^-\s/.test(plainText(n))) return true;
    diagnostics.push(diagnostic('DG2011', file, lineOf(n as Element, fallbackLine), `The stale sub-heading "${plainText(n)}" was ignored.`));
    return false;
  });
  return { nodes: kept, diagnostics };
}

export interface CodeBlock {
  text: string;
  /** The fence's info string (its first word), when there was one. */
  language?: string;
  line: number;
}

/** A code block as a syntax block: its text, line and fence info string. */
export function syntaxBlockText(block: CodeBlock): SyntaxBlockText {
  return { text: block.text, line: block.line, ...(block.language ? { info: block.language } : {}) };
}

/** Code blocks (`pre`) below the nodes, with the line of their first code line. */
export function codeBlocks(nodes: ElementContent[], fallbackLine: number): CodeBlock[] {
  return flattenBlocks(nodes)
    .filter((b) => b.tagName === 'pre')
    .map((pre) => {
      const code = pre.children.find((c): c is Element => isElement(c, 'code'));
      const className = code?.properties?.className;
      const language = Array.isArray(className) ? String(className.find((c) => String(c).startsWith('language-')) ?? '').replace('language-', '') : '';
      const firstText = (code ?? pre).children.find((c) => c.type === 'text');
      // Fenced code has no position on its text: its first line is the one after the fence.
      const line = firstText?.position ? firstText.position.start.line : lineOf(pre, fallbackLine) + 1;
      // The text of the `pre`, not of its `code`: only a `pre` keeps line breaks, and a `//` comment
      // ends at the line break (folded onto one line it would swallow the declaration after it).
      return { text: toText(pre).replace(/\n$/, ''), line, ...(language ? { language } : {}) };
    });
}

/** A Requirements table's rows (`Header | gadget.h`), its `Requirement | Value` header left out. */
export function requirementsTableRows(section: Section | undefined): RequirementRows {
  if (!section) return { rows: [] };
  const rows = section.nodes
    .flatMap((n) => (n.type === 'element' ? findAll(n, (e) => e.tagName === 'table') : []))
    .flatMap((t) => tableRows(t, section.line))
    .filter((r) => r.length >= 2 && !(r[0]?.element.tagName === 'th'))
    .map((r) => ({ label: r[0]?.text ?? '', value: r.slice(1).map((c) => c.text).join(' ') }))
    .filter((r) => r.label !== '' && !/^requirements?$/i.test(r.label));
  return { rows, line: section.line };
}
