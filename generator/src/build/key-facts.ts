/**
 * The two inner stages of the globals (`spec.ts`), each a pure function of a few footprints (and of
 * the headers):
 *
 * - `pageFacts`, per page: what the cross-page stage reads of a page beside its APIs (its format,
 *   status-code definitions, groups, flows, the type definitions its syntax blocks give, the keys of
 *   the APIs it documents);
 * - `keyStage`, per API key: the key's pages merged (`merge-apis.ts`) with what the C headers say
 *   of the API, the diagnostics that need no other API, and the facts the cross-page stage reads of
 *   the API (`KeyFacts`).
 *
 * The cross-page stage reads nothing else of the pages, so the globals are a function of these
 * outputs: a build whose changed pages leave every page's facts and every key stage's output as
 * they were keeps the previous globals (`global-stages.ts`, `globalsThatHold`). That is why `KeyFacts`
 * holds only what the cross-page stage reads, and why the names of parameters, which it reads
 * only to lend a prototype between asynchronous and synchronous counterparts, are kept apart
 * (`KeyFacts.counterpartNames`): renaming a parameter changes the globals only for such an API.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { ApiPage, PageModel, SourceRef, StatusCodeDef } from '../model/page.js';
import type { Api, StatusFamily } from '../model/spec.js';
import type { HeaderLookup } from '../headers/lookup.js';
import type { LearnedDefinition } from '../ctypes/resolve.js';
import { apiKey, mergeApiPages, rankPages, type MergedApi, type RankedApiPage } from './merge-apis.js';
import { headerApi, headerMembers, type HeaderApi, type HeaderMember } from './header-facts.js';
import { statusFamilyOf } from './status-codes.js';
import type { Footprint } from './footprint.js';

/** What the cross-page stage reads of one page beside its APIs. */
export interface PageFacts {
  file: string;
  format: string;
  authoredByDocgen: boolean;
  statusCodes: StatusCodeDef[];
  groups: PageModel['groups'];
  flows: PageModel['flows'];
  /** The type definitions the page's syntax blocks give, each with the API whose page gives it. */
  definitions: LearnedDefinition[];
  /** The keys of the APIs the page documents, in page order. */
  keys: string[];
}

export function pageFacts(page: Footprint): PageFacts {
  return {
    file: page.file,
    format: page.format,
    authoredByDocgen: page.authoredByDocgen === true,
    statusCodes: page.statusCodes,
    groups: page.groups,
    flows: page.flows,
    definitions: page.definitions,
    keys: page.apis.map(apiKey),
  };
}

/** What the cross-page stage reads of one API (see the module comment). */
export interface KeyFacts {
  key: string;
  name: string;
  /** The interface of a method, else ''. */
  parent: string;
  kind: Api['kind'];
  language?: string;
  source: SourceRef;
  /** The files of the pages that document the API, best first. */
  files: string[];
  /** The files of the pages the docgen project wrote that give way to those (see `givingWay`), in path order. */
  replaced: string[];
  /** The APIs the see-also sections of its pages link to, each with its first link, in page order. */
  links: Array<{ api: string; source: SourceRef }>;
  family?: StatusFamily;
  /** The return codes its pages document. */
  codes: Array<{ name: string; inlineValue?: number; description: string; source: SourceRef }>;
  /** Its C declaration: where it comes from, where it is and its return type. */
  declaration?: { from: NonNullable<MergedApi['declarationFrom']>; source: SourceRef; returnType: string };
  /** The C type of each of its parameters, in order (undefined where none is known). */
  parameterTypes: Array<string | undefined>;
  /** The C types of a structure's fields. */
  fieldTypes: Array<{ type: string; source: SourceRef }>;
  /** What the headers declare for it and for its members. */
  header?: HeaderApi;
  members?: HeaderMember[];
  /**
   * Read only between asynchronous and synchronous counterparts, to lend one's prototype to the
   * other: its parameters' names, and its declaration's parameters.
   */
  counterpartNames: { parameters: string[]; declared: Array<{ name: string; type: string }> };
}

/** One key stage's output: the API's facts and the diagnostics that need no other API. */
export interface KeyStage {
  facts: KeyFacts;
  diagnostics: Diagnostic[];
}

/** A page of an API, with whether the docgen project wrote it. */
export type OwnedPage = RankedApiPage & { ours: boolean };

/** The pages of each API key, in the order of `pages`. */
export function pagesByKey(pages: readonly PageModel[]): Map<string, OwnedPage[]> {
  const byKey = new Map<string, OwnedPage[]>();
  for (const page of pages) {
    for (const api of page.apis) {
      const key = apiKey(api);
      const list = byKey.get(key);
      const entry = { page: api, format: page.format, file: page.file, ours: page.authoredByDocgen === true };
      if (list) list.push(entry);
      else byKey.set(key, [entry]);
    }
  }
  return byKey;
}

/**
 * Pages the docgen project wrote (front matter `docgen-authored: true`, where the seeds leave a
 * gap) give way to Microsoft's pages of the same API: once the user adds Microsoft's page, ours is
 * left out (DG3009, info), never a conflict.
 */
export function givingWay(pages: OwnedPage[]): { kept: OwnedPage[]; replaced: OwnedPage[] } {
  if (!pages.some((p) => p.ours) || pages.every((p) => p.ours)) return { kept: pages, replaced: [] };
  return { kept: pages.filter((p) => !p.ours), replaced: pages.filter((p) => p.ours) };
}

/** The stage of `key` from the footprints of all its pages, in path order. */
export function keyStageFrom(key: string, footprints: readonly Footprint[], headers: HeaderLookup | undefined): KeyStage {
  return keyStage(pagesByKey(footprints).get(key)!, headers);
}

/** The key stage of the API that `pages` (all its pages, in path order) document. */
export function keyStage(pages: OwnedPage[], headers: HeaderLookup | undefined): KeyStage {
  const { kept, replaced } = givingWay(pages);
  const diagnostics = replaced.map((ours) => {
    const theirs = kept[0]!;
    return diagnostic('DG3009', ours.file, ours.page.source.line, `Microsoft's page ${theirs.file}${theirs.page.uid ? ` (${theirs.page.uid})` : ''} documents ${ours.page.name}, so this page, which the docgen project wrote, is left out.`);
  });
  const primary = [...kept].sort(rankPages)[0]!.page;
  const header = headers && primary.language === undefined ? headerApi(headers, primary) : undefined;
  const merged = mergeApiPages(kept, header);
  diagnostics.push(...merged.diagnostics, ...completenessDiagnostics(merged));
  const members = headers ? headerMembers([merged], headers, diagnostics).get(apiKey(merged.primary)) : undefined;
  return { facts: factsOf(merged, replaced, header, members), diagnostics };
}

function factsOf(m: MergedApi, replaced: readonly OwnedPage[], header: HeaderApi | undefined, members: HeaderMember[] | undefined): KeyFacts {
  const p = m.primary;
  return {
    key: apiKey(p),
    name: p.name,
    parent: p.parent ?? '',
    kind: p.kind,
    language: p.language,
    source: p.source,
    files: m.pages.map((r) => r.file),
    replaced: replaced.map((r) => r.file),
    links: firstLinks(m),
    family: familyOf(m),
    codes: (m.returns?.codes ?? []).map((c) => ({ name: c.name, inlineValue: c.inlineValue, description: c.description, source: c.source })),
    declaration: m.declaration && { from: m.declarationFrom ?? 'prototype', source: m.declaration.source, returnType: m.declaration.returnType },
    parameterTypes: m.parameters.map((param) => param.cType),
    fieldTypes: p.fields.flatMap((f) => (f.type ? [{ type: f.type, source: f.source }] : [])),
    header,
    members,
    counterpartNames: { parameters: m.parameters.map((param) => param.name), declared: (m.declaration?.parameters ?? []).map((d) => ({ name: d.name, type: d.type })) },
  };
}

/** The first see-also link of the API's pages to each API (what the cross-page stage reports and pairs by). */
function firstLinks(m: MergedApi): KeyFacts['links'] {
  const links = new Map<string, SourceRef>();
  for (const r of m.pages) for (const l of r.page.seeAlso) if (l.api && !links.has(l.api)) links.set(l.api, l.source);
  return [...links].map(([api, source]) => ({ api, source }));
}

/** Kinds of API whose pages are expected to carry a description, and the member section some kinds need. */
const MEMBER_SECTION: Partial<Record<Api['kind'], string>> = { structure: 'struct-fields', enumeration: 'enum-fields' };
const DESCRIBED_KINDS = new Set<Api['kind']>(['function', 'callback', 'method', 'structure', 'enumeration', 'ioctl', 'interface']);

/**
 * What the pages of one API leave out that its kind needs (DG2013), and functions whose codes fit
 * no status type (DG4005).
 */
function completenessDiagnostics(m: MergedApi): Diagnostic[] {
  const out: Diagnostic[] = [];
  const p = m.primary;
  const at = p.source;
  if (DESCRIBED_KINDS.has(p.kind) && !m.pages.some((r) => r.page.description?.text)) {
    out.push(diagnostic('DG2013', at.file, at.line, `No page of ${p.name} (${p.kind}) has a description section.`));
  }
  const members = MEMBER_SECTION[p.kind];
  if (members && !m.pages.some((r) => r.page.fields.length > 0)) {
    out.push(diagnostic('DG2013', at.file, at.line, `No page of ${p.name} (${p.kind}) lists its members (a ${members} section).`));
  }
  const codes = m.returns?.codes ?? [];
  if (isCallable(p) && codes.length > 0 && !familyOf(m)) {
    const returnType = m.declaration?.returnType;
    out.push(
      diagnostic(
        'DG4005',
        codes[0]!.source.file,
        codes[0]!.source.line,
        `${p.name} documents return codes (${codes.slice(0, 3).map((c) => c.name).join(', ')}${codes.length > 3 ? ', …' : ''}) but ${returnType ? `returns ${returnType}, which` : 'no page gives its return type, and its codes'} fit no status type; its codes are not typed.`,
      ),
    );
  }
  return out;
}

function isCallable(p: ApiPage): boolean {
  return p.kind === 'function' || p.kind === 'callback' || p.kind === 'method';
}

/** The status family of a merged API (`status-codes.ts`). */
export function familyOf(m: MergedApi): StatusFamily | undefined {
  if (!isCallable(m.primary)) return undefined;
  return statusFamilyOf(m.declaration?.returnType, m.returns?.codes.map((c) => c.name) ?? []);
}
