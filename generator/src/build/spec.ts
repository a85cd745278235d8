/**
 * Building the spec model from page models: merge API pages, resolve status codes and types,
 * attach groups and related APIs, collect diagnostics. Pure: pages in, spec out.
 *
 * In two parts, so that an incremental run can rebuild only what a page edit reaches:
 *
 * - the globals, from the footprints of all pages (`footprint.ts`): which pages document each
 *   API (its key), merge diagnostics, groups, async/sync counterparts, C types, status codes, flows,
 *   and for each key the facts its entry takes from them (`KeyContext`). Itself in two steps: the
 *   per-page and per-key stages of `key-facts.ts`, then the cross-page part (`crossPageGlobals`),
 *   which reads only their outputs (`global-stages.ts` puts them together);
 * - `apiEntry`, per key: the merged full pages of that API and its `KeyContext`.
 *
 * `updateSpec` (`incremental.ts`) runs both, for every command; page diagnostics are the pages' own.
 */
import { compareDiagnostics, compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { ApiGroup, PageModel, SourceRef } from '../model/page.js';
import type { Api, Flow, Group, Spec, StatusCode, StatusFamily, TypeInfo } from '../model/spec.js';
import { isolate } from '../isolate.js';
import { lastErrorFacts } from '../conditions/last-error.js';
import { NON_PAGE_FORMAT, skippedFilesDiagnostics } from '../readers/non-page-files.js';
import { resolveApiTypes, type ApiTypes } from './api-types.js';
import { mergeApiPages, type MergedApi, type RankedApiPage } from './merge-apis.js';
import { headerStatus, withHeaderMembers, type HeaderApi, type HeaderMember } from './header-facts.js';
import type { HeaderLookup } from '../headers/lookup.js';
import { indexReferences, resolveStatusCodes, type CodeUse } from './status-codes.js';
import { familyOf, givingWay, pagesByKey, type KeyFacts, type PageFacts } from './key-facts.js';

export interface InputFile {
  file: string;
  format: string;
  sha256: string;
}

/** What an API's entry takes from the globals. */
export interface KeyContext {
  /** Names of the groups that list the API, in group order. */
  groups: string[];
  synchronousCounterpart?: string;
  asynchronousCounterpart?: string;
  /** Resolved return and parameter types. */
  types?: ApiTypes;
  /** What the C headers declare for the API: its prototype and A/W mapping (`header-facts.ts`). */
  header?: HeaderApi;
  /** What the headers say of a documented structure's fields or enumeration's constants, by name. */
  members?: HeaderMember[];
}

/** Everything of the spec that is computed across pages (from their footprints). */
export interface SpecGlobals {
  /**
   * API keys in spec order (name, then interface), each with the files of the pages that document
   * it, and those of the pages the docgen project wrote that give way to them, if any.
   */
  keys: Array<{ key: string; files: string[]; replaced?: string[] }>;
  contexts: Map<string, KeyContext>;
  statusCodes: StatusCode[];
  types: TypeInfo[];
  groups: Group[];
  flows: Flow[];
  /** The header files facts were taken from (undefined when no headers were given). */
  headers?: NonNullable<Spec['headers']>;
}

/**
 * The inputs spec.json lists: the documentation pages, sorted. Files that are not pages (images,
 * diagrams, config files) are left out, so adding one changes no generated file but the count in
 * the spec's DG1007 note.
 */
export function specInputs(inputs: readonly InputFile[]): InputFile[] {
  return inputs.filter((i) => i.format !== NON_PAGE_FORMAT).sort((a, b) => compareStrings(a.file, b.file));
}

/** The spec's diagnostics: the pages' own and the cross-page ones, each once, sorted. */
export function specDiagnostics(pageDiagnostics: readonly Diagnostic[], globalDiagnostics: readonly Diagnostic[]): Diagnostic[] {
  return dedupe([...pageDiagnostics, ...globalDiagnostics]).sort(compareDiagnostics);
}

/**
 * The cross-page part of the spec, from what the inner stages (`key-facts.ts`) found of each page (in
 * path order) and each API (in key order), and, when given, the C headers (the authority for
 * prototypes, types, layouts and status values; see `header-facts.ts`), with the diagnostics of its
 * stages (groups, types, status codes). It reads nothing else of the pages.
 */
export function crossPageGlobals(pages: readonly PageFacts[], apis: readonly KeyFacts[], headers: HeaderLookup | undefined): { globals: SpecGlobals; diagnostics: Diagnostic[] } {
  // One DG1007 for all the files that are not documentation pages.
  const diagnostics: Diagnostic[] = [...skippedFilesDiagnostics(pages)];
  const documentedNames = new Set(apis.map((a) => a.name));
  diagnostics.push(...apis.flatMap((a) => unknownLinkDiagnostics(a, documentedNames)));

  const groups = buildGroups(pages.flatMap((p) => p.groups), documentedNames);
  diagnostics.push(...groups.diagnostics);

  const counterparts = findCounterparts(apis);
  const asyncOf = new Map([...counterparts].map(([a, s]) => [s, a]));
  const groupsOf = groupsByMember(groups.groups);
  const types = resolveApiTypes(apis, pages.flatMap((p) => p.definitions), counterparts, headers);
  diagnostics.push(...types.diagnostics);

  const ours = new Set(pages.filter((p) => p.authoredByDocgen).flatMap((p) => p.statusCodes));
  const references = indexReferences(pages.flatMap((p) => p.statusCodes), ours);
  diagnostics.push(...references.diagnostics);
  const uses: CodeUse[] = apis.flatMap((a) =>
    a.codes.map((c) => ({
      name: c.name,
      api: a.name,
      family: a.family,
      inlineValue: isStatusValue(c.inlineValue) ? c.inlineValue : undefined,
      description: c.description,
      source: c.source,
    })),
  );
  const families = [...new Set(apis.map((a) => a.family).filter((f): f is StatusFamily => !!f))].sort(compareStrings);
  const status = resolveStatusCodes(uses, families, references, headers && ((name) => headerStatus(headers, name)));
  diagnostics.push(...status.diagnostics);

  const contexts = new Map<string, KeyContext>();
  for (const a of apis) {
    contexts.set(a.key, {
      groups: [...(groupsOf.get(a.name) ?? [])],
      synchronousCounterpart: counterparts.get(a.name),
      asynchronousCounterpart: asyncOf.get(a.name),
      types: types.apiTypes.get(a.key),
      ...(a.header ? { header: a.header } : {}),
      ...(a.members ? { members: a.members } : {}),
    });
  }
  const keys = [...apis].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.parent, b.parent));
  const headerFiles = headers && headerFilesUsed(headers, [...contexts.values()], status.codes, types.types);
  if (headers && headerFiles) diagnostics.push(...headerDiagnostics(headers, headerFiles));
  const globals: SpecGlobals = {
    keys: keys.map(({ key, files, replaced }) => ({ key, files, ...(replaced.length > 0 ? { replaced } : {}) })),
    contexts,
    statusCodes: status.codes,
    types: types.types,
    groups: groups.groups,
    flows: pages.flatMap((p) => p.flows),
    ...(headerFiles ? { headers: headerFiles } : {}),
  };
  return { globals, diagnostics };
}

/**
 * What reading the headers found (DG80xx), with each header's folder: every error (a header that
 * could not be read is bad input wherever it is), and the warnings and notes about the headers the
 * spec took facts from. A conflict between two OpenGL headers says nothing about the docs of SSPI.
 */
function headerDiagnostics(headers: HeaderLookup, used: NonNullable<Spec['headers']>): Diagnostic[] {
  const usedFiles = new Set(used.map((f) => `${f.folder}\u0000${f.file}`));
  return headers.index.diagnostics.flatMap((d) => {
    const folder = headers.sourceRef(d).headers!;
    return d.severity === 'error' || usedFiles.has(`${folder}\u0000${d.file}`) ? [{ ...d, headers: folder }] : [];
  });
}

/** The header files the spec took a fact from, with their content hashes (for `docgen check`). */
function headerFilesUsed(headers: HeaderLookup, contexts: readonly KeyContext[], codes: readonly StatusCode[], types: readonly TypeInfo[]): NonNullable<Spec['headers']> {
  const used = new Set<string>();
  const add = (s: SourceRef | undefined): void => {
    if (s?.headers !== undefined) used.add(`${s.headers}\u0000${s.file}`);
  };
  for (const c of contexts) {
    add(c.header?.declaration.source);
    add(c.header?.nameVariants?.source);
    for (const m of c.members ?? []) add(m.source);
  }
  for (const c of codes) add(c.source);
  for (const t of types) add(t.source);
  return headers.index.files
    .filter((f) => used.has(`${f.root}\u0000${f.file}`))
    .map((f) => ({ folder: f.root, file: f.file, sha256: f.sha256 }))
    .sort((a, b) => a.folder - b.folder || compareStrings(a.file, b.file));
}

/** The pages of each API key, from full page models (the same grouping the globals make). */
export function rankedPagesByKey(pages: PageModel[]): Map<string, RankedApiPage[]> {
  return new Map([...pagesByKey(pages)].map(([key, list]) => [key, givingWay(list).kept]));
}

/** `apiEntry`, or undefined with a DG9002 in `failures` when building it fails (the API is left out). */
export function isolatedApiEntry(key: string, pages: RankedApiPage[], context: KeyContext, failures: Diagnostic[]): Api | undefined {
  return isolate('spec entry', { name: key, source: pages[0]?.page.source }, failures, () => apiEntry(pages, context));
}

/** One API's spec entry, from the full pages that document it and what the globals say about it. */
export function apiEntry(pages: RankedApiPage[], context: KeyContext): Api {
  const merged = mergeApiPages(pages, context.header);
  const api = withLastError(withHeaderMembers(toApi(merged, context.groups), context.members));
  const linked: Api = { ...api, synchronousCounterpart: context.synchronousCounterpart, asynchronousCounterpart: context.asynchronousCounterpart };
  const resolved = context.types;
  if (!resolved) return linked;
  return {
    ...linked,
    returnType: resolved.returnType,
    returnTypeResolution: resolved.returnTypeResolution,
    parameters: linked.parameters.map((p, i) => ({ ...p, ...resolved.parameters[i] })),
  };
}

/** The see-also links of an API that name an API without a page (DG3004; `links` has one per name). */
function unknownLinkDiagnostics(api: KeyFacts, documented: ReadonlySet<string>): Diagnostic[] {
  return api.links
    .filter((link) => !documented.has(link.api))
    .map((link) => diagnostic('DG3004', link.source.file, link.source.line, `The see-also link to ${link.api} names an API that has no page in the docs.`));
}

/** The entry with the last-error facts its returns and remarks state (`conditions/last-error.ts`). */
function withLastError(api: Api): Api {
  const facts = lastErrorFacts(api);
  if (!facts) return api;
  const source = (facts.section === 'returns' ? api.returns?.source : api.remarks?.source) ?? api.sources[0]!;
  return { ...api, lastError: { ...facts, source } };
}

/**
 * API name → names of the groups that list it, in group order (a group's name appears once per
 * group that lists the API, however often it lists it). One pass over all members, instead of
 * scanning every group for every API.
 */
function groupsByMember(groups: Group[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const g of groups) {
    for (const api of new Set(g.members.map((mem) => mem.api))) {
      const list = out.get(api);
      if (list) list.push(g.name);
      else out.set(api, [g.name]);
    }
  }
  return out;
}

function toApi(m: MergedApi, groups: string[]): Api {
  const p = m.primary;
  const pick = <T>(get: (page: RankedApiPage['page']) => T | undefined): T | undefined => {
    for (const r of m.pages) {
      const v = get(r.page);
      if (v !== undefined && v !== '') return v;
    }
    return undefined;
  };
  const requirementsPage = m.pages.find((r) => Object.keys(r.page.requirements.raw).length > 0)?.page.requirements;
  return {
    name: p.name,
    kind: p.kind,
    uid: pick((x) => x.uid),
    header: pick((x) => x.header ?? x.requirements.header),
    parent: p.parent,
    language: pick((x) => x.language),
    description: pick((x) => x.description),
    declaration: m.declaration
      ? {
          returnType: m.declaration.returnType,
          callingConvention: m.declaration.callingConvention,
          typedefName: m.declaration.typedefName,
          text: m.declaration.text,
          source: m.declaration.source,
        }
      : undefined,
    // Return and parameter types are filled in by resolveApiTypes (build/api-types.ts), which decides how each was resolved.
    returnType: undefined,
    statusFamily: familyOf(m),
    parameters: m.parameters.map((param) => ({
      name: param.name,
      direction: param.direction,
      optional: param.optional,
      cType: undefined,
      type: 'unknown',
      typeResolution: 'unknown',
      description: param.description,
      descriptionMarkdown: parameterMarkdown(m, param),
      source: param.source,
      directionFrom: param.directionFrom,
    })),
    fields: p.fields.length > 0 ? p.fields : (pick((x) => (x.fields.length > 0 ? x.fields : undefined)) ?? []),
    returns: m.returns
      ? {
          description: m.returns.description,
          descriptionMarkdown: m.pages.find((r) => r.page.returns?.description === m.returns!.description)?.page.returns?.descriptionMarkdown,
          exhaustive: m.returns.exhaustive,
          source: m.returns.source,
          codes: m.returns.codes.map((c) => ({ name: c.name, description: c.description, condition: c.condition, source: c.source })),
        }
      : undefined,
    remarks: pick((x) => x.remarks),
    seeAlso: p.seeAlso.length > 0 ? p.seeAlso : (pick((x) => (x.seeAlso.length > 0 ? x.seeAlso : undefined)) ?? []),
    requirements: {
      header: pick((x) => x.requirements.header ?? x.header),
      library: pick((x) => x.requirements.library),
      dll: pick((x) => x.requirements.dll),
      minClient: pick((x) => x.requirements.minClient),
      minServer: pick((x) => x.requirements.minServer),
      kernelModeOnly: m.pages.some((r) => r.page.requirements.kernelModeOnly === true),
      irql: pick((x) => x.requirements.irql),
      source: requirementsPage?.source,
    },
    variants: [...new Set([...m.pages.flatMap((r) => r.page.variants), ...(m.nameVariants ? [m.nameVariants.ansi, m.nameVariants.wide].filter((n) => n !== p.name) : [])])].sort(compareStrings),
    ...(m.nameVariants ? { nameVariants: m.nameVariants } : {}),
    groups: [...groups],
    sources: m.pages.map((r) => r.page.source),
    docsUrl: pick((x) => x.docsUrl),
  };
}

/** The Markdown of a merged parameter's description: that of the page whose description it took. */
function parameterMarkdown(m: MergedApi, param: MergedApi['parameters'][number]): string | undefined {
  if (param.doc?.description === param.description) return param.doc.descriptionMarkdown;
  return m.pages.flatMap((r) => r.page.parameters).find((d) => d.name === param.name && d.description === param.description)?.descriptionMarkdown;
}

function buildGroups(raw: ApiGroup[], documented: Set<string>): { groups: Group[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const groups = raw.map((g) => ({
    name: g.name,
    page: g.page,
    source: g.source,
    members: g.members.map((m) => {
      const isDocumented = documented.has(m.api);
      if (!isDocumented) diagnostics.push(diagnostic('DG3003', m.source.file, m.source.line, `The group "${g.name}" lists ${m.api}, which has no page in the docs.`));
      return { api: m.api, description: m.description, documented: isDocumented, source: m.source };
    }),
  }));
  return { groups, diagnostics };
}

/**
 * An API named `XAsync` is the asynchronous counterpart of `X`, or of `X` without its first
 * PascalCase word (`SspiDeleteSecurityContextAsync` → `DeleteSecurityContext`), when that API is
 * documented or linked from the page. Returns async name → sync name.
 */
export function findCounterparts(apis: readonly KeyFacts[]): Map<string, string> {
  const documented = new Set(apis.map((a) => a.name));
  const pairs = new Map<string, string>();
  for (const a of apis) {
    const match = /^(.+?)Async$/.exec(a.name);
    if (!match) continue;
    const base = match[1]!;
    const linked = new Set(a.links.map((l) => l.api));
    const known = (c: string): boolean => documented.has(c) || linked.has(c);
    const sync = [base, base.replace(/^[A-Z][a-z0-9]+(?=[A-Z])/, '')].find((c) => c !== a.name && known(c));
    if (sync) pairs.set(a.name, sync);
  }
  return pairs;
}

function isStatusValue(n: number | undefined): n is number {
  return n !== undefined && Number.isInteger(n) && n >= -0x80000000 && n <= 0xffffffff;
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.code}|${d.file}|${d.line}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
