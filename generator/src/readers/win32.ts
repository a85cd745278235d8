/**
 * Reader for Win32 desktop-src API pages: `# Name function` title, `## Syntax` with a C/C++
 * prototype, `## Parameters` as `*name* [in]` paragraphs, `<dl><dt>` blocks or `### name [in]`
 * headings, `## Return value` (or `## Returns`) prose and tables, `## Members`, `## Requirements`
 * table (or `req.*` front matter), `## See also` (or `## Related content`), `## Examples`.
 * WMI class and method pages have the same layout with MOF syntax (see `syntax-language.ts`).
 * A page is recognised by that structure, never by its file name.
 */
import type { ElementContent } from 'hast';
import type { ApiKind, ForeignLanguage, MemberDoc, PageModel, SourceRef } from '../model/page.js';
import { emptyPage } from '../model/page.js';
import { frontMatterList, frontMatterString, headingLevel, leadingBlocks, lineOf, plainText, sections, type MarkdownDoc, type Section } from '../parse/markdown.js';
import { assembleApi, parseFirstDeclaration } from './api-sections/api-page.js';
import { codeBlocks, requirementsTableRows, returnBlocks, sectionText, syntaxBlockText, termEntries, withReturnsMarkdown } from './api-sections/markdown-blocks.js';
import type { MarkdownContext } from './api-sections/markdown-text.js';
import { pageLinks, pathPageUrl, type PageLinkContext } from './doc-links.js';
import { frontMatterRequirementRows, requirementsFrom } from './api-sections/requirements.js';
import { codeSamples } from './api-sections/samples.js';
import { readReturns } from './api-sections/return-codes.js';
import { seeAlsoLinks } from './api-sections/see-also.js';
import { apiLanguage, cBlocks, classifySyntax, isMofRequirements, type SyntaxBlockText } from './api-sections/syntax-language.js';
import { parseTitle } from './api-sections/title.js';

type SectionName = 'description' | 'syntax' | 'parameters' | 'returns' | 'remarks' | 'requirements' | 'see-also' | 'members' | 'examples';

const SECTION_NAMES: [RegExp, SectionName][] = [
  [/^description$/i, 'description'],
  [/^syntax$/i, 'syntax'],
  [/^parameters?$/i, 'parameters'],
  [/^returns?$|^return (?:value|values|code|codes)$/i, 'returns'],
  [/^remarks$/i, 'remarks'],
  [/^requirements$/i, 'requirements'],
  // Newer pages call the See also section "Related content".
  [/^see also$|^related (?:content|topics)$/i, 'see-also'],
  [/^members$/i, 'members'],
  [/^examples?$/i, 'examples'],
];

function pageSections(doc: MarkdownDoc): Map<SectionName, Section> {
  const map = new Map<SectionName, Section>();
  for (const s of sections(doc.blocks, 2)) {
    const name = SECTION_NAMES.find(([re]) => re.test(s.heading.trim()))?.[1];
    if (name && !map.has(name)) map.set(name, s);
  }
  return map;
}

/** A `## Syntax` section holding code, or the `## Parameters` + `## Return value` pair. */
export function isWin32ApiPage(doc: MarkdownDoc): boolean {
  const s = pageSections(doc);
  const syntax = s.get('syntax');
  if (syntax && codeBlocks(syntax.nodes, syntax.line).some((b) => b.text.trim() !== '')) return true;
  return s.has('parameters') && s.has('returns');
}

export function readWin32(doc: MarkdownDoc, context: PageLinkContext): PageModel {
  const file = doc.file;
  const page = emptyPage(file, 'win32');
  const s = pageSections(doc);
  const at = (line: number): SourceRef => ({ file, line });
  const h1 = doc.blocks.find((b) => headingLevel(b) === 1);
  // Desktop-src pages are published by their path; their links resolve against that address.
  const { docsUrl, link } = pageLinks(context, () => pathPageUrl(file, context.links), at(h1 ? lineOf(h1, 1) : 1));
  const md: MarkdownContext = { link };
  const title = h1 ? plainText(h1) : frontMatterString(doc.frontMatter, 'title');
  page.title = title;
  const introNodes = h1 ? leadingBlocks(doc.blocks.slice(doc.blocks.indexOf(h1) + 1), 2) : leadingBlocks(doc.blocks, 2);
  const descriptionSection = s.get('description');
  const syntaxSection = s.get('syntax');
  // Without a Syntax section, the prototype is the code block of the introduction or description.
  const codeInSyntax = syntaxSection ? codeBlocks(syntaxSection.nodes, syntaxSection.line) : codeBlocks([...introNodes, ...(descriptionSection?.nodes ?? [])], 1);
  // The Requirements table; pages in the apiref layout without a UID give `req.*` keys instead.
  const requirements = requirementsFrom(file, requirementsTableRows(s.get('requirements')), frontMatterRequirementRows(doc.frontMatter));
  // Only the C blocks are read as C; a WMI page (its requirements name a MOF file) has MOF blocks.
  const syntax = classifySyntax(codeInSyntax.map(syntaxBlockText), isMofRequirements(requirements.raw));
  const language = apiLanguage(syntax);
  const parsedTitle = [title, frontMatterString(doc.frontMatter, 'title')].map((t) => (t ? parseTitle(t) : undefined)).find((t) => t !== undefined);
  const kind = parsedTitle?.kind ?? kindFromSyntax(cBlocks(syntax)) ?? 'function';
  const declaration = ['function', 'callback', 'method'].includes(kind) ? parseFirstDeclaration(cBlocks(syntax), file, page.diagnostics) : undefined;
  const name = parsedTitle?.name ?? frontMatterList(doc.frontMatter, 'api_name')[0] ?? declaration?.name ?? title ?? file;
  const header = parsedTitle?.header ?? (frontMatterString(doc.frontMatter, 'title') ? parseTitle(frontMatterString(doc.frontMatter, 'title') ?? '')?.header : undefined);
  const params = s.get('parameters');
  const returns = s.get('returns');
  const remarks = s.get('remarks');
  const seeAlso = s.get('see-also');
  const members = s.get('members');
  const description = descriptionSection ? sectionText(descriptionSection.nodes, at(descriptionSection.line), md) : sectionText(introNodes, at(lineOf(introNodes[0], 1)), md);
  const readReturnsResult = returns ? readReturns(returnBlocks(returns.nodes, returns.line), at(returns.line)) : undefined;
  page.diagnostics.push(...(readReturnsResult?.diagnostics ?? []));
  const remarksText = remarks ? sectionText(remarks.nodes, at(remarks.line), md, { markdownOnly: true }) : undefined;

  const { api, diagnostics } = assembleApi({
    name,
    kind,
    ...(parsedTitle?.parent ? { parent: parsedTitle.parent } : {}),
    ...(header ? { header } : {}),
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    syntax,
    ...(declaration ? { declaration } : {}),
    declarationRead: true,
    parameters: params ? termEntries(params.nodes, { file, fallbackLine: params.line, emphasis: 'italic', markdown: md }) : [],
    fields: members ? memberFields(members, kind, language, file, md) : [],
    ...(readReturnsResult && returns ? { returns: withReturnsMarkdown(readReturnsResult.returns, returns.nodes, md) } : {}),
    ...(remarksText ? { remarks: remarksText } : {}),
    seeAlso: seeAlso ? seeAlsoLinks(seeAlso.nodes, file, seeAlso.line) : [],
    requirements,
    text: [plainText(doc.blocks)],
    ...(docsUrl ? { docsUrl } : {}),
    source: at(h1 ? lineOf(h1, 1) : 1),
  });
  page.apis.push(api);
  page.diagnostics.push(...diagnostics);
  // Code in the remarks and the Examples section: the page's samples (the remarks keep their prose).
  page.samples = [remarks, s.get('examples')].flatMap((section) => (section ? codeSamples(section.nodes, file, section.line) : []));
  return page;
}

function kindFromSyntax(syntax: SyntaxBlockText[]): ApiKind | undefined {
  const text = syntax[0]?.text ?? '';
  if (/\btypedef\s+(?:struct|union)\b|^\s*(?:struct|union)\s+\w*\s*\{/m.test(text)) return 'structure';
  if (/\btypedef\s+enum\b|^\s*enum\s+\w*\s*\{/m.test(text)) return 'enumeration';
  if (/^\s*#\s*define\b/m.test(text)) return 'macro';
  return undefined;
}

/**
 * The fields a `## Members` section documents. A C interface's members are its methods (each on
 * a page of its own), so it has none; a WMI class lists its methods and then, under
 * `### Properties`, its properties: those are its fields (names and prose; their MOF types are not
 * C types).
 */
function memberFields(members: Section, kind: ApiKind, language: ForeignLanguage | undefined, file: string, md: MarkdownContext): MemberDoc[] {
  if (kind !== 'interface') return readMembers(members.nodes, file, members.line, md);
  if (language !== 'mof') return [];
  const properties = sections(members.nodes, 3).find((sub) => /^properties$/i.test(sub.heading.trim()));
  return properties ? readMembers(properties.nodes, file, properties.line, md) : [];
}

/** `**member**` terms (paragraphs or `<dl><dt>`) followed by their description. */
function readMembers(nodes: ElementContent[], file: string, line: number, md: MarkdownContext): MemberDoc[] {
  return termEntries(nodes, { file, fallbackLine: line, emphasis: 'any', markdown: md }).map((e) => ({
    name: e.name,
    description: e.description,
    ...(e.descriptionMarkdown !== undefined ? { descriptionMarkdown: e.descriptionMarkdown } : {}),
    source: e.source,
  }));
}

