/**
 * Reader for apiref Markdown (sdk-api, windows-driver-docs-ddi): YAML front matter whose `UID`
 * gives kind and name, `req.*` requirement keys, and `## -description`, `## -parameters`,
 * `## -returns`, `## -remarks`, `## -see-also`, `## -syntax`, `## -struct-fields`,
 * `## -enum-fields`, `## -ioctlparameters` sections, and on a few pages a `## -requirements` table.
 * Code in the remarks or an examples section becomes the page's samples.
 */
import type { ElementContent } from 'hast';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { emptyPage, type ApiKind, type MemberDoc, type PageModel, type ReturnsDoc, type SourceRef } from '../model/page.js';
import { frontMatterString, headingLevel, isElement, lineOf, plainText, sections, type MarkdownDoc, type Section } from '../parse/markdown.js';
import { assembleApi } from './api-sections/api-page.js';
import { codeBlocks, dropStaleHeadings, entryDescription, requirementsTableRows, returnBlocks, sectionText, syntaxBlockText, termEntries, withReturnsMarkdown } from './api-sections/markdown-blocks.js';
import type { MarkdownContext } from './api-sections/markdown-text.js';
import { apirefPageUrl, pageLinks, type PageLinkContext } from './doc-links.js';
import { cleanParameterName, splitNameAndAnnotation, type ParameterEntry } from './api-sections/parameters.js';
import { frontMatterRequirementRows, requirementsFrom } from './api-sections/requirements.js';
import { codeSamples } from './api-sections/samples.js';
import { readReturns } from './api-sections/return-codes.js';
import { seeAlsoLinks } from './api-sections/see-also.js';
import { parseTitle } from './api-sections/title.js';

const UID = /^(N[A-Z]):(.+)$/;

export function isApirefPage(doc: MarkdownDoc): boolean {
  return UID.test(frontMatterString(doc.frontMatter, 'UID') ?? '');
}

const KIND_BY_PREFIX: Record<string, ApiKind> = {
  NF: 'function',
  NC: 'callback',
  NS: 'structure',
  NE: 'enumeration',
  NI: 'ioctl',
  NN: 'interface',
  // NL pages document C++ classes (base implementations of interfaces, helper classes): an interface with code.
  NL: 'interface',
  NA: 'header',
};

interface Identity {
  name: string;
  kind: ApiKind;
  header?: string;
  parent?: string;
}

/** `NF:sspi.DeleteSecurityContext` → function DeleteSecurityContext in sspi; `NF:hdr.IFace.Method` → method of IFace. */
function identityFromUid(uid: string, file: string, line: number, diagnostics: Diagnostic[]): Identity {
  const m = UID.exec(uid);
  const prefix = m?.[1] ?? '';
  const parts = (m?.[2] ?? uid).split('.').map((p) => p.trim()).filter((p) => p !== '');
  let kind = KIND_BY_PREFIX[prefix];
  if (!kind) {
    diagnostics.push(diagnostic('DG2004', file, line, `The UID ${uid} has the unknown kind prefix ${prefix}; the page is read as a function.`));
    kind = 'function';
  }
  if (kind === 'header' || parts.length < 2) return { name: parts.join('.') || uid, kind };
  // The UID names the header without extension (`sspi`); the requirements usually give the file name.
  const header = `${parts[0]}.h`;
  if (parts.length >= 3 && kind === 'function') return { name: parts.slice(2).join('.'), kind: 'method', header, parent: parts[1] };
  return { name: parts.slice(1).join('.'), kind, header };
}

/** Section headings are `-description`, `-parameters`...; a few pages write `Return values` or add spaces. */
function sectionKey(heading: string): string {
  return heading.trim().toLowerCase().replace(/^-\s*/, '').replace(/\s+/g, '-');
}

export function readApiref(doc: MarkdownDoc, context: PageLinkContext): PageModel {
  const file = doc.file;
  const page = emptyPage(file, 'apiref');
  const fm = doc.frontMatter;
  const uid = frontMatterString(fm, 'UID') ?? '';
  const uidLine = fm?.lines['UID'] ?? 1;
  const identity = identityFromUid(uid, file, uidLine, page.diagnostics);
  const h1 = doc.blocks.find((b) => headingLevel(b) === 1);
  const title = h1 ? plainText(h1) : frontMatterString(fm, 'title');
  page.title = title;
  const kind = refineKind(identity.kind, title);
  const byKey = new Map<string, Section>();
  for (const s of sections(doc.blocks, 2)) if (!byKey.has(sectionKey(s.heading))) byKey.set(sectionKey(s.heading), s);
  const at = (line: number): SourceRef => ({ file, line });
  // The page's address and how its links resolve (the Markdown of its sections keeps the links).
  const { docsUrl, link } = pageLinks(context, () => apirefPageUrl(file, uid, context.links), at(uidLine));
  const md: MarkdownContext = { link };

  const description = byKey.get('description');
  const descriptionText = description ? sectionText(description.nodes, at(description.line), md) : undefined;
  const fmDescription = frontMatterString(fm, 'description');
  const syntax = ['syntax', 'prototype'].flatMap((k) => {
    const s = byKey.get(k);
    return s ? codeBlocks(s.nodes, s.line) : [];
  });
  const parameters = readParameterSection(byKey.get('parameters'), file, md, page.diagnostics);
  const ioctl = byKey.get('ioctlparameters');
  if (ioctl) parameters.push(...ioctlBuffers(ioctl, file, md));
  const returnsSection = byKey.get('returns') ?? byKey.get('return-values') ?? byKey.get('return-value');
  const statusBlock = ioctl ? sections(ioctl.nodes, 3).find((s) => sectionKey(s.heading) === 'status-block') : undefined;
  const returns = readReturnsSection([returnsSection, statusBlock], file, md, page.diagnostics);
  const remarks = byKey.get('remarks');
  const seeAlso = byKey.get('see-also');
  const fieldsSection = byKey.get('struct-fields') ?? byKey.get('enum-fields');
  // The `req.*` keys first; a few pages also (or only) have a `## -requirements` table.
  const requirements = requirementsFrom(file, frontMatterRequirementRows(fm), requirementsTableRows(byKey.get('requirements')));

  const { api, diagnostics } = assembleApi({
    ...identity,
    ...(identity.header ? { header: requirements.header ?? identity.header } : {}),
    kind,
    ...(uid ? { uid } : {}),
    ...(title ? { title } : {}),
    ...(descriptionText ? { description: descriptionText } : fmDescription ? { description: { text: fmDescription, source: at(fm?.lines['description'] ?? uidLine) } } : {}),
    syntax: syntax.map(syntaxBlockText),
    parameters,
    fields: fieldsSection ? readFields(fieldsSection, file, md) : [],
    ...(returns ? { returns } : {}),
    ...(remarks ? optional('remarks', sectionText(remarks.nodes, at(remarks.line), md, { markdownOnly: true })) : {}),
    seeAlso: seeAlso ? seeAlsoLinks(seeAlso.nodes, file, seeAlso.line) : [],
    requirements,
    text: [plainText(doc.blocks)],
    ...(docsUrl ? { docsUrl } : {}),
    source: at(h1 ? lineOf(h1, uidLine) : uidLine),
  });
  page.apis.push(api);
  page.diagnostics.push(...diagnostics);
  // Code in the remarks and an examples section: the page's samples (the remarks keep their prose).
  page.samples = [remarks, byKey.get('examples')].flatMap((section) => (section ? codeSamples(section.nodes, file, section.line) : []));
  return page;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** `NF:` pages also document macros; their title says so. */
function refineKind(kind: ApiKind, title: string | undefined): ApiKind {
  const titled = title ? parseTitle(title)?.kind : undefined;
  return kind === 'function' && titled === 'macro' ? 'macro' : kind;
}

/** `### -param Name [in]` sub-sections; stale `#### - Name` headings dropped with DG2011. */
function readParameterSection(section: Section | undefined, file: string, md: MarkdownContext, diagnostics: Diagnostic[]): ParameterEntry[] {
  if (!section) return [];
  const cleaned = dropStaleHeadings(section.nodes, file, section.line);
  diagnostics.push(...cleaned.diagnostics);
  const params = sections(cleaned.nodes, 3)
    .map((s) => paramFromHeading(s, file, md))
    .filter((p): p is ParameterEntry => p !== undefined);
  if (params.length > 0) return params;
  // No `-param` headings: some pages list parameters as terms instead.
  return termEntries(cleaned.nodes, { file, fallbackLine: section.line, emphasis: 'italic', markdown: md });
}

function paramFromHeading(section: Section, file: string, md: MarkdownContext): ParameterEntry | undefined {
  const m = /^-param\s+(.*)$/i.exec(section.heading.trim());
  if (!m?.[1]) return undefined;
  // The heading declares a parameter, so a name that is not a C identifier (`p-Context`) is kept:
  // the emitters rename it for code and report that (DG6002).
  const split = splitNameAndAnnotation(m[1]) ?? anyNameAndAnnotation(m[1]);
  if (!split) return undefined;
  const source = { file, line: section.line };
  return { ...split, ...entryDescription(sectionText(section.nodes, source, md, { markdownOnly: true })), source };
}

function anyNameAndAnnotation(text: string): { name: string; annotation: string } | undefined {
  const m = /^(\S+)\s*(.*)$/.exec(text.trim());
  const name = m?.[1] ? cleanParameterName(m[1]) : '';
  return name ? { name, annotation: m![2] ?? '' } : undefined;
}

/** IOCTL buffers as the parameters of the request. */
const IOCTL_BUFFERS: Record<string, { name: string; annotation: string }> = {
  'input-buffer': { name: 'InputBuffer', annotation: '[in]' },
  'input-buffer-length': { name: 'InputBufferLength', annotation: '[in]' },
  'output-buffer': { name: 'OutputBuffer', annotation: '[out]' },
  'output-buffer-length': { name: 'OutputBufferLength', annotation: '[in]' },
  'in-out-buffer': { name: 'InOutBuffer', annotation: '[in, out]' },
  'inout-buffer-length': { name: 'InOutBufferLength', annotation: '[in]' },
};

function ioctlBuffers(section: Section, file: string, md: MarkdownContext): ParameterEntry[] {
  return sections(section.nodes, 3).flatMap((s) => {
    const buffer = IOCTL_BUFFERS[sectionKey(s.heading)];
    const source = { file, line: s.line };
    const described = entryDescription(sectionText(s.nodes, source, md, { markdownOnly: true }));
    // Empty or "None." sections say the request has no such buffer.
    if (!buffer || (described.description === '' && described.descriptionMarkdown === undefined) || /^none\.?$/i.test(described.description)) return [];
    return [{ ...buffer, ...described, source }];
  });
}

/** The returns section and an IOCTL's status block (either or both), read as one returns section. */
function readReturnsSection(parts: (Section | undefined)[], file: string, md: MarkdownContext, diagnostics: Diagnostic[]): ReturnsDoc | undefined {
  const present = parts.filter((p): p is Section => p !== undefined);
  const first = present[0];
  if (!first) return undefined;
  const read = readReturns(present.flatMap((p) => returnBlocks(p.nodes, p.line)), { file, line: first.line });
  diagnostics.push(...read.diagnostics);
  return withReturnsMarkdown(read.returns, present.flatMap((p) => p.nodes), md);
}

/** `### -field Name` (structures) and `### -field NAME:0x1` (enumerations, value after the colon). */
function readFields(section: Section, file: string, md: MarkdownContext): MemberDoc[] {
  const members: MemberDoc[] = [];
  let current: { member: MemberDoc; nodes: ElementContent[] } | undefined;
  const finish = (): void => {
    if (current) members.push({ ...current.member, ...entryDescription(sectionText(current.nodes, current.member.source, md, { markdownOnly: true })) });
  };
  for (const node of section.nodes) {
    const level = headingLevel(node);
    const m = level !== undefined && level >= 3 ? /^-field\s+(\S+?)(?::\s*(.+))?\s*$/i.exec(plainText(node)) : null;
    if (m?.[1] && isElement(node)) {
      finish();
      const member: MemberDoc = { name: m[1], description: '', source: { file, line: lineOf(node, section.line) } };
      if (m[2]) member.value = m[2].trim();
      current = { member, nodes: [] };
    } else {
      current?.nodes.push(node);
    }
  }
  finish();
  return members;
}
