/**
 * Merging what several pages say about one API into one record, keeping the source of every
 * fact and reporting disagreements.
 *
 * Pages are ranked by format (apiref Markdown, then Win32 desktop-src, then rendered text) and
 * then by path; each fact is taken from the best-ranked page that states it.
 *
 * When a C header declares the API (`HeaderApi`), the header is the authority for the prototype:
 * its parameter list, C types and SAL directions; the pages stay the authority for prose, and for
 * parameter names: a parameter the header names differently is matched by position when the
 * counts agree (DG3008, info). A prototype on a page that differs from the header's in count,
 * order, types, return type or directions, and a direction the prose states against the header's
 * SAL, are reported with both positions (DG3007).
 */
import { compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { ApiPage, CDeclaration, PageFormat, ParameterDoc, SourceRef } from '../model/page.js';
import { normalizeCType } from '../parse/c-tokens.js';
import type { HeaderApi } from './header-facts.js';

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
  /** Where the declaration comes from: the primary page, another page of the API, or a C header. */
  declarationFrom?: 'prototype' | 'other-page' | 'header';
  /** The A/W mapping a header declares for the API's name. */
  nameVariants?: HeaderApi['nameVariants'];
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
  directionFrom?: ParameterDoc['directionFrom'] | 'header' | 'inferred';
  description: string;
  source: SourceRef;
}

export function mergeApiPages(group: RankedApiPage[], header?: HeaderApi): MergedApi {
  const pages = [...group].sort(rankPages);
  const primary = pages[0]!.page;
  const diagnostics: Diagnostic[] = [];
  diagnostics.push(...sameUidConflicts(pages));
  diagnostics.push(...factConflicts(pages));
  diagnostics.push(...sectionsOfOnePage(pages));

  const declarationPage = pages.find((p) => p.page.declaration);
  const onPage = declarationPage?.page.declaration;
  if (header && onPage) diagnostics.push(...prototypeConflicts(primary.name, onPage, header.declaration));
  const declaration = header?.declaration ?? onPage;
  const documented = pages.find((p) => p.page.parameters.length > 0)?.page.parameters ?? [];
  const merged = header
    ? mergeWithHeader(primary.name, documented, header.declaration, pages)
    : { parameters: mergeParameters(documented, declaration, pages), diagnostics: [] };
  diagnostics.push(...merged.diagnostics);
  const returns = mergeReturns(pages);
  return {
    pages,
    primary,
    declaration,
    declarationFrom: header ? 'header' : declarationPage ? (declarationPage.page === primary ? 'prototype' : 'other-page') : undefined,
    ...(header?.nameVariants ? { nameVariants: header.nameVariants } : {}),
    parameters: merged.parameters,
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

/**
 * Parameters from the header's prototype (types and SAL directions), with the docs' names and
 * prose: by name, or by position when the header names them differently and the counts agree.
 */
function mergeWithHeader(api: string, documented: ParameterDoc[], declaration: CDeclaration, pages: RankedApiPage[]): { parameters: MergedParameter[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const otherDocs = pages.flatMap((p) => p.page.parameters);
  const byName = (name: string): ParameterDoc | undefined => documented.find((d) => d.name === name) ?? documented.find((d) => d.name.toLowerCase() === name.toLowerCase());
  const sameCount = documented.length === declaration.parameters.length;
  const renamed: string[] = [];
  const parameters = declaration.parameters.map((param, index): MergedParameter => {
    const doc = byName(param.name) ?? (sameCount ? documented[index] : undefined);
    if (doc && doc.name !== param.name && !byName(param.name)) renamed.push(`${doc.name} (${param.name} in the header)`);
    const name = doc?.name ?? param.name;
    const stated = doc?.direction ? doc : otherDocs.find((d) => d.name === name && d.direction);
    if (stated?.direction && param.direction && stated.direction !== param.direction) {
      diagnostics.push(
        diagnostic(
          'DG3007',
          stated.source.file,
          stated.source.line,
          `The docs give parameter ${name} of ${api} the direction ${stated.direction}, but the header ${where(declaration.source)} annotates it ${param.sal ?? param.direction}; the header's is used.`,
        ),
      );
    }
    const description = doc?.description.trim() ? doc.description : (otherDocs.find((d) => d.name === name && d.description.trim() !== '')?.description ?? '');
    return {
      doc,
      name,
      cType: param.type,
      direction: param.direction ?? stated?.direction,
      optional: !!(param.optional || doc?.optional || stated?.optional),
      directionFrom: param.direction ? 'header' : stated?.directionFrom,
      description,
      source: doc?.source ?? declaration.source,
    };
  });
  if (renamed.length > 0) {
    diagnostics.push(
      diagnostic('DG3008', declaration.source.file, declaration.source.line, `The header names parameters of ${api} differently from the docs; matched by position: ${renamed.join(', ')}.`, declaration.source.headers),
    );
  }
  if (documented.length > 0 && !sameCount && documented.some((d) => !declaration.parameters.some((p) => p.name === d.name))) {
    const first = documented[0]!;
    diagnostics.push(
      diagnostic(
        'DG3007',
        first.source.file,
        first.source.line,
        `The docs list ${documented.length} parameter(s) of ${api} (${documented.map((d) => d.name).join(', ')}) but the header ${where(declaration.source)} declares ${declaration.parameters.length} (${declaration.parameters.map((p) => p.name).join(', ')}); the header's are used.`,
      ),
    );
  }
  return { parameters, diagnostics };
}

/** A page's prototype against the header's: count, order, types, return type. */
function prototypeConflicts(api: string, page: CDeclaration, header: CDeclaration): Diagnostic[] {
  const differences: string[] = [];
  const norm = (t: string): string => normalizeCType(t).replace(/\b(const|volatile)\s+/g, '');
  if (norm(page.returnType) !== norm(header.returnType)) differences.push(`return type ${page.returnType} vs ${header.returnType}`);
  if (page.parameters.length !== header.parameters.length) differences.push(`${page.parameters.length} vs ${header.parameters.length} parameters`);
  else {
    page.parameters.forEach((p, i) => {
      const h = header.parameters[i]!;
      if (p.name !== h.name && header.parameters.some((x) => x.name === p.name)) differences.push(`parameter ${p.name} is at position ${i + 1} on the page but ${header.parameters.findIndex((x) => x.name === p.name) + 1} in the header`);
      else if (norm(p.type) !== norm(h.type)) differences.push(`parameter ${i + 1} (${p.name}) is ${p.type} vs ${h.type}`);
      else if (p.direction && h.direction && p.direction !== h.direction) differences.push(`parameter ${p.name} is ${p.direction} vs ${h.direction}`);
    });
  }
  if (differences.length === 0) return [];
  return [
    diagnostic(
      'DG3007',
      page.source.file,
      page.source.line,
      `The prototype of ${api} on this page differs from the header ${where(header.source)}: ${differences.join('; ')}; the header's is used.`,
    ),
  ];
}

function where(source: SourceRef): string {
  return `${source.file}:${source.line}`;
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
