/**
 * Markdown front end shared by the Markdown readers.
 *
 * Parses a page with unified + remark-parse + remark-frontmatter + the GFM table and
 * strikethrough extensions (`remarkGfmTables` below), turns it into a hast tree and, when the page
 * contains raw HTML, re-parses that HTML with parse5 (through hast-util-raw) so that `<table>`s split
 * by blank lines come back whole. GFM tables and HTML tables therefore look the same to every
 * reader. Positions are kept (1-based lines in the file). The front matter is read with js-yaml.
 */
import type { Element, ElementContent, Root as HastRoot, RootContent } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { raw } from 'hast-util-raw';
import { toText } from 'hast-util-to-text';
import { toHast } from 'mdast-util-to-hast';
import jsYaml from 'js-yaml';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { VFile } from 'vfile';
import { diagnostic, type Diagnostic } from '../diagnostics.js';

/**
 * The GFM constructs API reference pages use: tables (return-code and requirement tables) and
 * strikethrough. This is remark-gfm without autolink literals, footnotes and task lists, wired the
 * way remark-gfm wires its extensions. Autolink literals (a bare `https://…` or `www.…` becomes a
 * link) cost about a quarter of the whole parse, because they are tried at every word of prose,
 * and change nothing docgen reads: the text is the same either way, and reference pages write
 * their links as links. Footnotes and task lists do not occur in reference pages.
 */
function remarkGfmTables(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmStrikethrough());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown());
}

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfmTables);

export interface FrontMatter {
  data: Record<string, unknown>;
  /** Line of each top-level key (1-based, in the file). */
  lines: Record<string, number>;
  startLine: number;
}

export interface Section {
  /** Heading text, plain. */
  heading: string;
  level: number;
  line: number;
  /** The nodes between this heading and the next heading of the same or a higher level (sub-headings included). */
  nodes: ElementContent[];
}

export interface MarkdownDoc {
  file: string;
  frontMatter?: FrontMatter;
  /** Top-level hast nodes of the body, front matter removed, whitespace-only text dropped. */
  blocks: ElementContent[];
  diagnostics: Diagnostic[];
}

export function parseMarkdown(file: string, text: string): MarkdownDoc {
  const diagnostics: Diagnostic[] = [];
  const mdast = processor.parse(text) as MdastRoot;
  let frontMatter: FrontMatter | undefined;
  const first = mdast.children[0];
  if (first && first.type === 'yaml') {
    frontMatter = readFrontMatter(file, first.value, (first.position?.start.line ?? 1) + 1, diagnostics);
    mdast.children.shift();
  }
  const hast = toHast(mdast, { allowDangerousHtml: true }) as HastRoot;
  const tree = containsRaw(hast) ? (raw(hast, { file: new VFile({ value: text }) }) as HastRoot) : hast;
  const blocks = tree.children.filter(isContent).filter((n) => !(n.type === 'text' && n.value.trim() === ''));
  return { file, frontMatter, blocks, diagnostics };
}

function isContent(node: RootContent): node is ElementContent {
  return node.type === 'element' || node.type === 'text' || node.type === 'comment';
}

function containsRaw(node: { type: string; children?: unknown[] }): boolean {
  if (node.type === 'raw') return true;
  return Array.isArray(node.children) && node.children.some((c) => containsRaw(c as { type: string; children?: unknown[] }));
}

function readFrontMatter(file: string, yamlText: string, startLine: number, diagnostics: Diagnostic[]): FrontMatter {
  let source = yamlText;
  if (/^\t+/m.test(source)) {
    // Real pages indent YAML lists with tabs, which YAML forbids; read them as two spaces.
    source = source.replace(/^\t+/gm, (tabs) => '  '.repeat(tabs.length));
    diagnostics.push(diagnostic('DG2002', file, startLine, 'The front matter indents with tabs; they were read as spaces.'));
  }
  const lines: Record<string, number> = {};
  source.split('\n').forEach((line, i) => {
    const key = /^([A-Za-z_][\w.-]*)\s*:/.exec(line)?.[1];
    if (key && !(key in lines)) lines[key] = startLine + i;
  });
  try {
    // The core schema: plain scalars are strings, numbers, booleans or null (a date stays a string).
    const data: unknown = jsYaml.load(source, { schema: jsYaml.CORE_SCHEMA, json: true });
    if (data === null || data === undefined) return { data: {}, lines, startLine };
    if (typeof data !== 'object' || Array.isArray(data)) {
      diagnostics.push(diagnostic('DG2001', file, startLine, 'The front matter is not a YAML mapping.'));
      return { data: {}, lines, startLine };
    }
    return { data: data as Record<string, unknown>, lines, startLine };
  } catch (error) {
    const { line, message } = yamlError(error);
    diagnostics.push(diagnostic('DG2001', file, startLine + line - 1, `The front matter is not valid YAML (${message}).`));
    return { data: {}, lines, startLine };
  }
}

/** The line (1-based, in the YAML text) and the reason of a js-yaml error, without its excerpt. */
function yamlError(error: unknown): { line: number; message: string } {
  const e = error as { mark?: { line?: number }; reason?: string; message?: string };
  const line = (e.mark?.line ?? 0) + 1;
  const message = (e.reason ?? e.message ?? 'parse error').split('\n')[0]!.trim();
  return { line, message };
}

/** A front matter value as a string (first item of a list), trimmed; undefined when absent or empty. */
export function frontMatterString(fm: FrontMatter | undefined, key: string): string | undefined {
  const value = fm?.data[key];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === null || first === undefined) return undefined;
  const text = String(first).trim();
  return text === '' ? undefined : text;
}

/** The front matter key that marks a page the docgen project wrote itself (`docgen-authored: true`). */
export const AUTHORED_KEY = 'docgen-authored';

/** True when the front matter marks the page as written by the docgen project (the value `true`, nothing else). */
export function isAuthoredByDocgen(fm: FrontMatter | undefined): boolean {
  return fm?.data[AUTHORED_KEY] === true;
}

/** A front matter value as a list of strings. */
export function frontMatterList(fm: FrontMatter | undefined, key: string): string[] {
  const value = fm?.data[key];
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((v) => String(v).trim()).filter((v) => v !== '');
}

const HEADING = /^h([1-6])$/;

export function headingLevel(node: ElementContent): number | undefined {
  if (node.type !== 'element') return undefined;
  const m = HEADING.exec(node.tagName);
  return m ? Number(m[1]) : undefined;
}

/**
 * Splits blocks into sections at headings of exactly `level` (and stops a section at any
 * heading of a higher level). Content before the first heading is not returned.
 */
export function sections(blocks: ElementContent[], level: number, fallbackLine = 1): Section[] {
  const result: Section[] = [];
  let current: Section | undefined;
  for (const node of blocks) {
    const l = headingLevel(node);
    if (l !== undefined && l <= level) {
      current = l === level ? { heading: plainText(node), level: l, line: lineOf(node, fallbackLine), nodes: [] } : undefined;
      if (current) result.push(current);
      continue;
    }
    current?.nodes.push(node);
  }
  return result;
}

/** Blocks before the first heading of `level` or higher. */
export function leadingBlocks(blocks: ElementContent[], level: number): ElementContent[] {
  const out: ElementContent[] = [];
  for (const node of blocks) {
    const l = headingLevel(node);
    if (l !== undefined && l <= level) break;
    out.push(node);
  }
  return out;
}

/** Plain text of a node, whitespace folded to single spaces, trimmed. */
export function plainText(node: ElementContent | HastRoot | ElementContent[]): string {
  if (Array.isArray(node)) return foldSpace(node.map((n) => toText(n, { whitespace: 'normal' })).join(' '));
  return foldSpace(toText(node, { whitespace: 'normal' }));
}

/** Text of a block sequence with one paragraph per line (for condition sentences and prose). */
export function paragraphsText(nodes: ElementContent[]): string[] {
  return nodes.map((n) => plainText(n)).filter((t) => t !== '');
}

export function foldSpace(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

export function lineOf(node: { position?: { start?: { line: number } } } | undefined, fallback: number): number {
  return node?.position?.start?.line ?? fallback;
}

/** Depth-first list of the elements below `node` (itself included) that match `test`. */
export function findAll(node: ElementContent | HastRoot, test: (e: Element) => boolean): Element[] {
  const out: Element[] = [];
  const visit = (n: ElementContent | HastRoot): void => {
    if (n.type === 'element' && test(n)) out.push(n);
    if ('children' in n) for (const c of n.children) if (c.type !== 'doctype') visit(c as ElementContent);
  };
  visit(node);
  return out;
}

export function isElement(node: ElementContent | undefined, tag?: string): node is Element {
  return !!node && node.type === 'element' && (tag === undefined || node.tagName === tag);
}

/** A table as rows of cells (header row first when present), each cell keeping its element. */
export interface TableCell {
  element: Element;
  text: string;
  line: number;
}

export function tableRows(table: Element, fallbackLine: number): TableCell[][] {
  const rows = findAll(table, (e) => e.tagName === 'tr');
  return rows.map((tr) =>
    tr.children
      .filter((c): c is Element => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th'))
      .map((cell) => ({ element: cell, text: plainText(cell), line: lineOf(cell, lineOf(tr, fallbackLine)) })),
  );
}

/** Links below a node: text, href and line. */
export function links(node: ElementContent | ElementContent[], fallbackLine: number): { text: string; href: string; line: number }[] {
  const roots = Array.isArray(node) ? node : [node];
  return roots.flatMap((root) =>
    findAll(root, (e) => e.tagName === 'a').map((a) => ({
      text: plainText(a),
      href: typeof a.properties?.href === 'string' ? a.properties.href : '',
      line: lineOf(a, lineOf(root as Element, fallbackLine)),
    })),
  );
}
