/**
 * Conceptual-article reader: what an overview page says about how APIs belong together and are
 * used. It reads
 *
 * - the page title (first `#` heading, else the front matter `title`);
 * - groups: each table whose rows start with an API link followed by a description, and each
 *   bulleted list whose items start with an API link followed by a description; a group is named
 *   by the nearest heading above it. Tables whose first column is about return values, status or
 *   error codes, requirements, values, flags, constants, parameters or members are not groups;
 * - flows: numbered lists (`1.` / `1)` items, or a paragraph or table cell whose lines start
 *   `1)`, `2)`, …)
 *   in which at least two steps link an API; each step keeps the APIs it links;
 * - samples: code blocks with their language and the API-like functions they call.
 *
 * API names come from links: the link text when it is an identifier, checked against the
 * target when the target is an API reference page (`nf-sspi-sspicreateasynccontext`). When the
 * text names something else than the target (`[SspiAsyncNotifyCallback](…nf-sspi-sspisetasyncnotifycallback)`),
 * the target wins if the page spells its name somewhere (its case cannot be recovered otherwise).
 *
 * Calls in samples: an identifier followed by `(` counts when it looks like a Windows API name:
 * PascalCase with a lower-case letter (`SspiGetAsyncCallStatus`, `RtlZeroMemory`) or an
 * upper-case macro with an underscore (`NT_SUCCESS`, `HRESULT_FROM_WIN32`). One-word upper-case
 * macros (`ASSERT`, `FAILED`, `TEXT`), lower-case C and CRT names (`if`, `sizeof`, `memset`),
 * member calls (`p->Release(`, `obj.Method(`, `ns::f(`), constructors (`new Foo(`), functions the
 * sample itself defines, comments, strings and preprocessor lines are left out.
 */
import type { Element, ElementContent, Text } from 'hast';
import { emptyPage, type ApiGroup, type CallFlow, type CodeSample, type PageModel } from '../model/page.js';
import { findAll, plainText, type MarkdownDoc } from '../parse/markdown.js';
import { isStatusName } from './status-reference.js';
import { inlineText, lineAt, outline, pageTitle, type Heading, type OutlinedBlock } from './outline.js';

/** First-column headers of tables that are not API groups. */
const NOT_A_GROUP_HEADER =
  /\b(?:return|returns|requirements?|errors?|status|values?|flags?|constants?|codes?|parameters?|members?|fields?|settings?|properties|registry|keys?)\b/i;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)?$/;
/** Microsoft API reference page slugs: `nf-sspi-sspicreateasynccontext`, `ns-sspi-secbuffer`, `nf-unknwn-iunknown-release`. */
const APIREF_SLUG = /(?:^|\/)n[a-z]-[a-z0-9_.]+-([a-z0-9_-]+?)(?:\([^)]*\))?\/?(?:[?#].*)?$/i;

export function readConceptual(doc: MarkdownDoc): PageModel {
  const page = emptyPage(doc.file, 'conceptual');
  page.title = pageTitle(doc);
  const blocks = outline(doc);
  const names = new PageNames(doc.blocks);
  const groupName = (headings: Heading[]): string => headings[headings.length - 1]?.text ?? page.title ?? '';

  const wanted = new Set(['table', 'ul', 'ol', 'p', 'td', 'pre']);
  for (const block of blocks) {
    const name = groupName(block.headings);
    const fallback = lineAt(block.node, 1);
    // One walk per block (table cells may hold flows and samples too).
    for (const e of findElements(block.node, wanted)) {
      if (e.tagName === 'table') {
        const group = tableGroup(e, block, names, page.title ?? '', name, doc.file);
        if (group) page.groups.push(group);
      } else if (e.tagName === 'ul') {
        const group = listGroup(e, block, names, page.title ?? '', name, doc.file);
        if (group) page.groups.push(group);
      } else if (e.tagName === 'ol') {
        const flow = listFlow(e, names, name, doc.file, fallback);
        if (flow) page.flows.push(flow);
      } else if (e.tagName === 'p' || e.tagName === 'td') {
        const flow = paragraphFlow(e, names, name, doc.file);
        if (flow) page.flows.push(flow);
      } else {
        page.samples.push(sample(e, doc.file, fallback));
      }
    }
  }
  return page;
}

/** Elements with one of `tags` below `node` (itself included), in document order, without entering code blocks. */
function findElements(node: ElementContent, tags: Set<string>): Element[] {
  const out: Element[] = [];
  const visit = (n: ElementContent): void => {
    if (n.type !== 'element') return;
    if (tags.has(n.tagName)) out.push(n);
    if (n.tagName === 'pre') return;
    for (const c of n.children) visit(c);
  };
  visit(node);
  return out;
}

// ---------------------------------------------------------------------------------------------
// API names

/** Identifiers the page spells (link texts, bold and code spans), by lower-case form, to recover the case of link targets. */
class PageNames {
  private index: Map<string, string> | undefined;
  constructor(private readonly blocks: ElementContent[]) {}

  lookup(lower: string): string | undefined {
    if (!this.index) {
      this.index = new Map();
      for (const block of this.blocks) {
        for (const e of findAll(block, (x) => x.tagName === 'a' || x.tagName === 'strong' || x.tagName === 'code' || x.tagName === 'b')) {
          const id = identifierOf(plainText(e));
          if (id && !this.index.has(id.toLowerCase())) this.index.set(id.toLowerCase(), id);
          if (e.tagName === 'code' && isCodeBlock(e)) for (const call of samplesCalls(e)) if (!this.index.has(call.toLowerCase())) this.index.set(call.toLowerCase(), call);
        }
      }
    }
    return this.index.get(lower);
  }
}

function isCodeBlock(code: Element): boolean {
  return /\n/.test(rawText(code));
}

function samplesCalls(code: Element): string[] {
  return callsIn(rawText(code));
}

/** The identifier a link text or name cell spells: `Foo`, `**Foo**`, `Foo()`, `Foo function`, `Foo (General)`. */
export function identifierOf(text: string): string | undefined {
  const t = text
    .trim()
    .replace(/\s*\(\s*\)$/, '')
    .replace(/\s+\([^()]*\)$/, '')
    .replace(/\s+(?:callback\s+)?(?:function|functions|structure|callback|macro|method|interface|enumeration|union|type|class|ioctl)$/i, '')
    .replace(/\s*\(\s*\)$/, '');
  return IDENTIFIER.test(t) ? t : undefined;
}

/** Looks like a Windows API name: PascalCase with an inner capital (`SspiFree`, `IUnknown`), or `UPPER_SNAKE`. */
export function isApiLikeName(name: string): boolean {
  if (!IDENTIFIER.test(name)) return false;
  return /[a-z0-9][A-Z]|[A-Z]{2}[a-z]/.test(name) || /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(name) || name.includes('::');
}

/** The lower-case API name an API reference link points to. */
export function apirefTarget(href: string): string | undefined {
  const m = APIREF_SLUG.exec(href);
  if (!m) return undefined;
  const slug = (m[1] ?? '').toLowerCase();
  const dash = slug.lastIndexOf('-');
  return dash >= 0 ? slug.slice(dash + 1) : slug;
}

function resolveLink(text: string, href: string, names: PageNames): string | undefined {
  const id = identifierOf(text);
  const target = apirefTarget(href);
  if (target) {
    if (id) {
      const simple = (id.split('::').pop() ?? id).toLowerCase();
      if (simple === target || simple + 'a' === target || simple + 'w' === target) return id;
    }
    const known = names.lookup(target) ?? (/[aw]$/.test(target) ? names.lookup(target.slice(0, -1)) : undefined);
    if (known) return known;
    return id;
  }
  return id && isApiLikeName(id) ? id : undefined;
}

/** The first link of a node and the API it names, if the node starts with it. */
function leadingLink(nodes: ElementContent[], names: PageNames): { api: string; link: Element } | undefined {
  for (const node of nodes) {
    if (node.type === 'text') {
      if (node.value.trim() === '') continue;
      return undefined;
    }
    if (node.type !== 'element') continue;
    if (node.tagName === 'a') {
      const api = resolveLink(plainText(node), typeof node.properties?.href === 'string' ? node.properties.href : '', names);
      return api ? { api, link: node } : undefined;
    }
    if (['strong', 'b', 'em', 'i', 'code', 'span', 'p'].includes(node.tagName)) {
      if (node.tagName === 'span' && node.children.length === 0) continue;
      return leadingLink(node.children, names);
    }
    return undefined;
  }
  return undefined;
}

function isGroupMember(api: string): boolean {
  return !isStatusName(api) || !/(?:^|_)[ESIW]_|^(?:STATUS|ERROR)_/.test(api);
}

// ---------------------------------------------------------------------------------------------
// Groups

function cellsOf(tr: Element): Element[] {
  return tr.children.filter((c): c is Element => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th'));
}

function tableGroup(table: Element, block: OutlinedBlock, names: PageNames, page: string, name: string, file: string): ApiGroup | undefined {
  const rows = findAll(table, (e) => e.tagName === 'tr').map(cellsOf).filter((r) => r.length > 0);
  const first = rows[0];
  if (!first) return undefined;
  const hasHeader = first.every((c) => c.tagName === 'th');
  if (hasHeader && NOT_A_GROUP_HEADER.test(plainText(first[0] as Element))) return undefined;
  const data = hasHeader ? rows.slice(1) : rows;
  if (data.length === 0 || data.every((r) => r.length < 2)) return undefined;
  const members: ApiGroup['members'] = [];
  for (const row of data) {
    const key = row[0] as Element;
    const line = lineAt(key, lineAt(table, 1));
    const link = leadingLink(key.children, names);
    const api = link?.api;
    if (!api || !isGroupMember(api)) continue;
    const description = row
      .slice(1)
      .map((c) => plainText(c))
      .filter((t) => t !== '')
      .join(' ');
    members.push({ api, description, source: { file, line } });
  }
  if (members.length === 0 || members.length * 2 < data.length) return undefined;
  return { name, page, members, source: { file, line: lineAt(table, lineAt(block.node, 1)) } };
}

function listGroup(list: Element, block: OutlinedBlock, names: PageNames, page: string, name: string, file: string): ApiGroup | undefined {
  const items = list.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'li');
  if (items.length < 2) return undefined;
  const members: ApiGroup['members'] = [];
  for (const li of items) {
    const own = li.children.filter((c) => !(c.type === 'element' && (c.tagName === 'ul' || c.tagName === 'ol' || c.tagName === 'pre' || c.tagName === 'table')));
    const link = leadingLink(own, names);
    if (!link || !isGroupMember(link.api)) continue;
    const text = inlineText(own);
    const linkText = plainText(link.link);
    const rest = text.startsWith(linkText) ? text.slice(linkText.length) : text;
    const description = rest.replace(/^[\s:;,.\-–—]+/, '').trim();
    if (description === '') continue;
    members.push({ api: link.api, description, source: { file, line: lineAt(li, lineAt(list, 1)) } });
  }
  if (members.length < 2 || members.length * 2 < items.length) return undefined;
  return { name, page, members, source: { file, line: lineAt(list, lineAt(block.node, 1)) } };
}

// ---------------------------------------------------------------------------------------------
// Flows

function linkedApis(nodes: ElementContent[], names: PageNames): string[] {
  const apis: string[] = [];
  for (const node of nodes) {
    for (const a of findAll(node, (e) => e.tagName === 'a')) {
      const api = resolveLink(plainText(a), typeof a.properties?.href === 'string' ? a.properties.href : '', names);
      if (api && !apis.includes(api)) apis.push(api);
    }
  }
  return apis;
}

function listFlow(list: Element, names: PageNames, name: string, file: string, fallbackLine: number): CallFlow | undefined {
  const items = list.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'li');
  const steps: CallFlow['steps'] = items.map((li) => {
    const own = li.children.filter((c) => !(c.type === 'element' && (c.tagName === 'ul' || c.tagName === 'ol' || c.tagName === 'pre' || c.tagName === 'table')));
    return { text: inlineText(own), apis: linkedApis(own, names), source: { file, line: lineAt(li, lineAt(list, fallbackLine)) } };
  });
  return flowOf(steps, name, file, lineAt(list, fallbackLine));
}

function flowOf(steps: CallFlow['steps'], name: string, file: string, line: number): CallFlow | undefined {
  if (steps.length < 2 || steps.filter((s) => s.apis.length > 0).length < 2) return undefined;
  return { name, steps, source: { file, line } };
}

/**
 * A paragraph or table cell whose lines are numbered `1)`, `2.`, … : a list Markdown did not
 * recognise (inside a table cell, with `<br>` between the steps, or not starting at 1).
 */
function paragraphFlow(p: Element, names: PageNames, name: string, file: string): CallFlow | undefined {
  // A cell holding paragraphs is read through them.
  if (p.tagName === 'td' && p.children.some((c) => c.type === 'element' && ['p', 'ol', 'ul', 'div', 'dl'].includes(c.tagName))) return undefined;
  // Cheap test first: most paragraphs have no numbered lines at all.
  if ((rawText(p, '\n').match(/(?:^|\n)\s*\d{1,2}[.)]\s/g) ?? []).length < 2) return undefined;
  const lines = splitLines(p);
  if (lines.length < 2) return undefined;
  const steps: { nodes: ElementContent[]; line: number }[] = [];
  let expected: number | undefined;
  for (const line of lines) {
    const text = inlineText(line.nodes);
    const m = /^(\d{1,2})[.)]\s/.exec(text);
    if (m && (expected === undefined || Number(m[1]) === expected)) {
      steps.push({ nodes: [...line.nodes], line: line.line });
      expected = Number(m[1]) + 1;
    } else if (steps.length > 0) {
      steps[steps.length - 1]?.nodes.push({ type: 'text', value: ' ' }, ...line.nodes);
    }
  }
  return flowOf(
    steps.map((s) => ({ text: inlineText(s.nodes).replace(/^\d{1,2}[.)]\s+/, ''), apis: linkedApis(s.nodes, names), source: { file, line: s.line } })),
    name,
    file,
    lineAt(p, 1),
  );
}

/** The inline content of a paragraph split at line breaks (newlines in text, `<br>`), each with the line it starts on. */
function splitLines(p: Element): { nodes: ElementContent[]; line: number }[] {
  const out: { nodes: ElementContent[]; line: number }[] = [];
  let current: { nodes: ElementContent[]; line: number } | undefined;
  let last = lineAt(p, 1);
  const push = (node: ElementContent, line: number): void => {
    last = line;
    if (current) current.nodes.push(node);
    else current = { nodes: [node], line };
  };
  const flush = (): void => {
    if (current) out.push(current);
    current = undefined;
  };
  for (const child of p.children) {
    if (child.type === 'text') {
      let line = lineAt(child, last);
      child.value.split('\n').forEach((piece, i) => {
        if (i > 0) {
          line++;
          flush();
        }
        if (piece.trim() !== '') push({ type: 'text', value: piece } satisfies Text, line);
      });
    } else if (child.type === 'element' && child.tagName === 'br') {
      flush();
    } else {
      push(child, lineAt(child, last));
    }
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Samples

/** The text of a node as written (whitespace kept); `<br>` becomes `br`. */
function rawText(node: ElementContent, br = ''): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  if (node.tagName === 'br') return br;
  return node.children.map((c) => rawText(c, br)).join('');
}


function sample(pre: Element, file: string, fallbackLine: number): CodeSample {
  const code = pre.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code') ?? pre;
  const classes = Array.isArray(code.properties?.className) ? code.properties.className.map(String) : [];
  const language = classes.find((c) => c.startsWith('language-'))?.slice('language-'.length) ?? '';
  const text = rawText(code);
  return { language, code: text, calls: callsIn(text), source: { file, line: lineAt(pre, fallbackLine) } };
}

const STATEMENT_WORDS = new Set(['return', 'else', 'case', 'throw', 'new', 'delete', 'goto', 'do', 'await', 'co_await', 'co_return', 'co_yield', 'yield', 'sizeof', 'not', 'and', 'or', 'in', 'is']);

/** API-like functions a code sample calls, in order of first call. See the module comment for the rule. */
export function callsIn(code: string): string[] {
  const cleaned = code
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/\/\/[^\n]*/g, '')
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""')
    .replace(/'(?:[^'\\\n]|\\.){1,4}'/g, "''")
    .replace(/^[ \t]*#[^\n]*/gm, '')
    .replace(/^[ \t]*typedef\b[^;]*;/gm, '');
  const lines = cleaned.split('\n');
  const defined = new Set<string>();
  const calls: string[] = [];
  const call = /([A-Za-z_][A-Za-z0-9_]*)\s*\(/g;
  lines.forEach((line, i) => {
    for (const m of line.matchAll(call)) {
      const name = m[1] ?? '';
      const prefix = line.slice(0, m.index);
      if (/(?:\.|->|::)\s*$/.test(prefix) || /\bnew\s+$/.test(prefix)) continue;
      if (isDefinition(prefix, lines, i)) {
        defined.add(name);
        continue;
      }
      if (looksLikeApiCall(name) && !calls.includes(name)) calls.push(name);
    }
  });
  return calls.filter((c) => !defined.has(c));
}

function looksLikeApiCall(name: string): boolean {
  if (name.length < 2 || !/^[A-Z]/.test(name)) return false;
  return /[a-z]/.test(name) || name.includes('_');
}

/** `void Foo(`, `SECURITY_STATUS SEC_ENTRY Foo(`, or `Foo(` after a line holding only the return type. */
function isDefinition(prefix: string, lines: string[], index: number): boolean {
  if (prefix.trim() !== '') return typeWordsOnly(prefix);
  for (let j = index - 1; j >= 0; j--) {
    const previous = lines[j] ?? '';
    if (previous.trim() === '') continue;
    return typeWordsOnly(previous);
  }
  return false;
}

/** True when `text` is only identifiers, `*` and `&` (a return type), not starting with a statement word. */
function typeWordsOnly(text: string): boolean {
  const words = text.split(/[\s*&]+/).filter((w) => w !== '');
  if (words.length === 0 || STATEMENT_WORDS.has(words[0] ?? '')) return false;
  return words.every((w) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(w) && !STATEMENT_WORDS.has(w));
}
