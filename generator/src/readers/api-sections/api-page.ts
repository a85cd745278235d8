/**
 * Assembling one `ApiPage` from the parts a format reader found: parses the prototype,
 * interprets parameter entries, fills directions from SAL and checks the prototype against
 * the documented parameters, and collects A/W variants.
 */
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import type { ApiKind, ApiPage, CDeclaration, DocsUrl, ForeignLanguage, ForeignSyntax, InterfaceLanguage, LinkRef, MemberDoc, Requirements, ReturnsDoc, SourceRef, SourcedText } from '../../model/page.js';
import { parseCDeclaration } from '../../parse/c-declaration.js';
import { toParameterDoc, type ParameterEntry } from './parameters.js';
import { checkParameters } from './prototype-check.js';
import { apiLanguage, cBlocks, languageName, syntaxLanguage, type ClassifiedSyntax, type SyntaxBlockText } from './syntax-language.js';
import { variantNames } from './variants.js';

export interface ApiParts {
  name: string;
  kind: ApiKind;
  uid?: string;
  header?: string;
  parent?: string;
  title?: string;
  description?: SourcedText;
  /**
   * The page's syntax blocks in page order, with their language when the reader classified them
   * (`classifySyntax`, which can use page-level cues); the others are classified here. Only C
   * blocks are parsed as C.
   */
  syntax: (SyntaxBlockText & { language?: InterfaceLanguage })[];
  /** A declaration the reader already parsed from the C blocks of `syntax`. */
  declaration?: CDeclaration;
  /** True when the reader already parsed the C blocks (with `parseFirstDeclaration`): they are not parsed, nor reported, again. */
  declarationRead?: boolean;
  parameters: ParameterEntry[];
  fields: MemberDoc[];
  returns?: ReturnsDoc;
  remarks?: SourcedText;
  seeAlso: LinkRef[];
  requirements: Requirements;
  /** Page text where A/W variant names may appear. */
  text: string[];
  /** The page's address on its documentation site, when it can be derived. */
  docsUrl?: DocsUrl;
  source: SourceRef;
}

/** Kinds whose syntax block should be a function prototype. */
const FUNCTION_LIKE = new Set<ApiKind>(['function', 'callback', 'method']);

export function assembleApi(parts: ApiParts): { api: ApiPage; diagnostics: Diagnostic[] } {
  const file = parts.source.file;
  const diagnostics: Diagnostic[] = [];
  const blocks = parts.syntax.map((b): ClassifiedSyntax => ({ ...b, language: b.language ?? syntaxLanguage(b) }));
  const cSyntax = cBlocks(blocks);
  const language = apiLanguage(blocks);
  const parse = !parts.declaration && !parts.declarationRead && FUNCTION_LIKE.has(parts.kind);
  const declaration = parse ? parseFirstDeclaration(cSyntax, file, diagnostics) : parts.declaration;
  if (language) diagnostics.push(languageDiagnostic(parts.name, language, blocks[0]!, file));
  const checked = checkParameters(parts.name, parts.parameters.map(toParameterDoc), declaration, file);
  diagnostics.push(...checked.diagnostics);
  const api: ApiPage = {
    name: parts.name,
    kind: parts.kind,
    parameters: checked.parameters,
    fields: parts.fields,
    seeAlso: parts.seeAlso,
    requirements: parts.requirements,
    variants: variantNames(parts.name, [parts.requirements.unicodeAnsi ?? '', ...parts.text]).filter((v) => v !== parts.name),
    source: parts.source,
  };
  if (parts.uid) api.uid = parts.uid;
  const header = parts.header ?? parts.requirements.header;
  if (header) api.header = header;
  if (parts.parent) api.parent = parts.parent;
  if (parts.title) api.title = parts.title;
  if (parts.description) api.description = parts.description;
  if (declaration) api.declaration = declaration;
  if (language) api.language = language;
  if (cSyntax.length > 0) api.syntax = cSyntax.map((b) => ({ text: b.text, source: { file, line: b.line } }));
  const foreign = blocks.filter((b) => b.language !== 'c').map((b) => foreignSyntax(b, file));
  if (foreign.length > 0) api.foreignSyntax = foreign;
  if (parts.returns) api.returns = parts.returns;
  if (parts.remarks) api.remarks = parts.remarks;
  if (parts.docsUrl) api.docsUrl = parts.docsUrl;
  return { api, diagnostics };
}

function foreignSyntax(block: ClassifiedSyntax, file: string): ForeignSyntax {
  const out: ForeignSyntax = { text: block.text, source: { file, line: block.line }, language: block.language as ForeignLanguage };
  if (block.info) out.info = block.info;
  return out;
}

/** DG2014: the API is declared in another language than C, so it is not bound as C. */
function languageDiagnostic(name: string, language: ForeignLanguage, first: ClassifiedSyntax, file: string): Diagnostic {
  return diagnostic(
    'DG2014',
    file,
    first.line,
    `${name} is declared in ${languageName(language, first.info)}, not C: it is kept with that language, and no C declaration or type is read from its syntax.`,
  );
}

/** The first syntax block that parses as a function declaration; DG2005 when blocks exist but none parses. */
export function parseFirstDeclaration(syntax: { text: string; line: number }[], file: string, diagnostics: Diagnostic[]): CDeclaration | undefined {
  for (const block of syntax) {
    const parsed = safeParse(block.text, { file, line: block.line });
    if (parsed) return parsed;
  }
  const first = syntax[0];
  if (first && !/^\s*#\s*define\b/m.test(first.text)) {
    diagnostics.push(diagnostic('DG2005', file, first.line, 'The syntax block could not be parsed as a C function declaration.'));
  }
  return undefined;
}

/** The C parser is expected not to throw; a page must still never stop the run if it does. */
function safeParse(text: string, source: SourceRef): CDeclaration | undefined {
  try {
    return parseCDeclaration(text, source);
  } catch {
    return undefined;
  }
}
