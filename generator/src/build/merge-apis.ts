/**
 * Merging what several pages say about one API into one record, keeping the source of every
 * fact and reporting disagreements.
 *
 * Pages are ranked by format (apiref Markdown, then Win32 desktop-src, then rendered text) and
 * then by path; each fact is taken from the best-ranked page that states it.
 */
import { compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { ApiPage, CDeclaration, PageFormat, ParameterDoc, SourceRef } from '../model/page.js';

export interface RankedApiPage {
  page: ApiPage;
  format: PageFormat;
  file: string;
}

const FORMAT_RANK: Partial<Record<PageFormat, number>> = { apiref: 0, win32: 1, rendered: 2 };

export function rankPages(a: RankedApiPage, b: RankedApiPage): number {
  return (FORMAT_RANK[a.format] ?? 9) - (FORMAT_RANK[b.format] ?? 9) || compareStrings(a.file, b.file);
}

/** The identity of an API across pages: methods are qualified by their interface. */
export function apiKey(page: ApiPage): string {
  return page.parent ? `${page.parent}::${page.name}` : page.name;
}

export interface MergedApi {
  /** Pages best first. */
  pages: RankedApiPage[];
  primary: ApiPage;
  declaration?: CDeclaration;
  /** True when the declaration comes from a page other than the primary one. */
  declarationFromOtherPage: boolean;
  parameters: MergedParameter[];
  returns?: ApiPage['returns'];
  diagnostics: Diagnostic[];
}

export interface MergedParameter {
  doc?: ParameterDoc;
  name: string;
  cType?: string;
  direction?: ParameterDoc['direction'];
  optional: boolean;
  directionFrom?: ParameterDoc['directionFrom'] | 'inferred';
  description: string;
  source: SourceRef;
}

export function mergeApiPages(group: RankedApiPage[]): MergedApi {
  const pages = [...group].sort(rankPages);
  const primary = pages[0]!.page;
  const diagnostics: Diagnostic[] = [];
  diagnostics.push(...sameUidConflicts(pages));
  diagnostics.push(...factConflicts(pages));
  diagnostics.push(...sectionsOfOnePage(pages));

  const declarationPage = pages.find((p) => p.page.declaration);
  const declaration = declarationPage?.page.declaration;
  const documented = pages.find((p) => p.page.parameters.length > 0)?.page.parameters ?? [];
  const parameters = mergeParameters(documented, declaration, pages);
  const returns = mergeReturns(pages);
  return {
    pages,
    primary,
    declaration,
    declarationFromOtherPage: !!declarationPage && declarationPage.page !== primary,
    parameters,
    returns,
    diagnostics,
  };
}

/**
 * Parameters in prototype order when a prototype exists (the readers report any mismatch),
 * with the prose's name, direction and description; otherwise the documented list.
 */
function mergeParameters(documented: ParameterDoc[], declaration: CDeclaration | undefined, pages: RankedApiPage[]): MergedParameter[] {
  const otherDocs = pages.flatMap((p) => p.page.parameters);
  const docFor = (name: string): ParameterDoc | undefined =>
    documented.find((d) => d.name === name) ?? documented.find((d) => d.name.toLowerCase() === name.toLowerCase());
  const directionFor = (name: string): ParameterDoc | undefined => otherDocs.find((d) => d.name === name && d.direction);
  // A parameter one page leaves undescribed takes the description another page gives.
  const describedBy = (doc: ParameterDoc | undefined, name: string): string =>
    doc?.description.trim() ? doc.description : (otherDocs.find((d) => d.name === name && d.description.trim() !== '')?.description ?? doc?.description ?? '');
  if (!declaration) {
    return documented.map((doc) => {
      const other = doc.direction ? undefined : directionFor(doc.name);
      return {
        doc,
        name: doc.name,
        direction: doc.direction ?? other?.direction,
        optional: doc.optional || !!other?.optional,
        directionFrom: doc.direction ? doc.directionFrom : other?.directionFrom,
        description: describedBy(doc, doc.name),
        source: doc.source,
      };
    });
  }
  return declaration.parameters.map((param, index) => {
    const doc = docFor(param.name) ?? (documented.length === declaration.parameters.length ? documented[index] : undefined);
    const fromDocs = doc?.direction ? doc : directionFor(param.name);
    const direction = fromDocs?.direction ?? param.direction;
    return {
      doc,
      name: param.name,
      cType: param.type,
      direction,
      optional: !!(doc?.optional || fromDocs?.optional || param.optional),
      directionFrom: fromDocs?.direction ? fromDocs.directionFrom : param.direction ? 'sal' : undefined,
      description: describedBy(doc, doc?.name ?? param.name),
      source: doc?.source ?? declaration.source,
    };
  });
}

/** The returns section: the best-ranked page's prose, and the codes of the best-ranked page that lists any. */
function mergeReturns(pages: RankedApiPage[]): ApiPage['returns'] {
  const prose = pages.find((p) => p.page.returns?.description)?.page.returns;
  const coded = pages.find((p) => (p.page.returns?.codes.length ?? 0) > 0)?.page.returns;
  if (!prose || !coded || prose === coded) return coded ?? prose;
  return { ...coded, description: prose.description, source: prose.source };
}

/** Sections of an API that only one of its pages gives (kept, and reported so a reviewer can see where they came from). */
const SECTIONS: ReadonlyArray<[string, (page: ApiPage) => boolean]> = [
  ['description', (p) => !!p.description?.text],
  ['parameter descriptions', (p) => p.parameters.some((x) => x.description.trim() !== '')],
  ['return codes', (p) => (p.returns?.codes.length ?? 0) > 0],
  ['remarks', (p) => !!p.remarks?.text],
  ['see-also links', (p) => p.seeAlso.length > 0],
  ['requirements', (p) => Object.keys(p.requirements.raw).length > 0],
];

function sectionsOfOnePage(pages: RankedApiPage[]): Diagnostic[] {
  if (pages.length < 2) return [];
  const out: Diagnostic[] = [];
  for (const [section, has] of SECTIONS) {
    const having = pages.filter((p) => has(p.page));
    if (having.length !== 1) continue;
    const only = having[0]!;
    out.push(diagnostic('DG3006', only.file, only.page.source.line, `Only this page of the ${pages.length} that document ${only.page.name} gives its ${section}; they are kept.`));
  }
  return out;
}

function sameUidConflicts(pages: RankedApiPage[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byUid = new Map<string, RankedApiPage>();
  for (const p of pages) {
    if (!p.page.uid) continue;
    const first = byUid.get(p.page.uid);
    if (!first) {
      byUid.set(p.page.uid, p);
      continue;
    }
    const differences = describeDifferences(first.page, p.page);
    if (differences.length > 0) {
      out.push(
        diagnostic('DG3001', p.file, p.page.source.line, `This page has the same UID ${p.page.uid} as ${first.file} but differs in ${differences.join(', ')}.`),
      );
    }
  }
  return out;
}

/** Disagreements between pages of different UIDs or formats about facts that change generated code. */
function factConflicts(pages: RankedApiPage[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = pages[0]!;
  for (const other of pages.slice(1)) {
    if (first.page.uid && first.page.uid === other.page.uid) continue; // reported by sameUidConflicts
    for (const difference of describeDifferences(first.page, other.page)) {
      out.push(
        diagnostic('DG3002', other.file, other.page.source.line, `This page and ${first.file} disagree about ${first.page.name}: ${difference}.`),
      );
    }
  }
  return out;
}

/** Human-readable differences in kind, header, return type, parameter names and return codes. */
export function describeDifferences(a: ApiPage, b: ApiPage): string[] {
  const out: string[] = [];
  if (a.kind !== b.kind) out.push(`kind (${a.kind} vs ${b.kind})`);
  if (a.header && b.header && a.header.toLowerCase() !== b.header.toLowerCase()) out.push(`header (${a.header} vs ${b.header})`);
  const ra = a.declaration?.returnType;
  const rb = b.declaration?.returnType;
  if (ra && rb && ra !== rb) out.push(`return type (${ra} vs ${rb})`);
  const pa = parameterNames(a);
  const pb = parameterNames(b);
  if (pa.length > 0 && pb.length > 0 && pa.join(',') !== pb.join(',')) out.push(`parameters (${pa.join(', ')} vs ${pb.join(', ')})`);
  const ca = new Set(a.returns?.codes.map((c) => c.name) ?? []);
  const cb = new Set(b.returns?.codes.map((c) => c.name) ?? []);
  if (ca.size > 0 && cb.size > 0) {
    const onlyA = [...ca].filter((c) => !cb.has(c)).sort(compareStrings);
    const onlyB = [...cb].filter((c) => !ca.has(c)).sort(compareStrings);
    if (onlyA.length + onlyB.length > 0) {
      const parts = [onlyA.length ? `only the first names ${onlyA.join(', ')}` : '', onlyB.length ? `only the second names ${onlyB.join(', ')}` : ''];
      out.push(`return codes (${parts.filter(Boolean).join('; ')})`);
    }
  }
  return out;
}

function parameterNames(page: ApiPage): string[] {
  return page.parameters.length > 0 ? page.parameters.map((p) => p.name) : (page.declaration?.parameters.map((p) => p.name) ?? []);
}
