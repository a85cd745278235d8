/**
 * Building the spec model from page models: merge API pages, resolve status codes and types,
 * attach groups and related APIs, collect diagnostics. Pure: pages in, spec out.
 */
import { compareDiagnostics, compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { ApiGroup, PageModel } from '../model/page.js';
import type { Api, Flow, Group, Spec, StatusFamily } from '../model/spec.js';
import { resolveApiTypes } from './types.js';
import { apiKey, mergeApiPages, type MergedApi, type RankedApiPage } from './merge-apis.js';
import { indexReferences, resolveStatusCodes, statusFamilyOf, type CodeUse } from './status-codes.js';

export interface InputFile {
  file: string;
  format: string;
  sha256: string;
}

export function buildSpec(pages: PageModel[], inputs: InputFile[], docgenVersion: string): Spec {
  const sorted = [...pages].sort((a, b) => compareStrings(a.file, b.file));
  const diagnostics: Diagnostic[] = sorted.flatMap((p) => p.diagnostics);

  const merged = mergeAll(sorted);
  diagnostics.push(...merged.flatMap((m) => m.diagnostics));
  const documentedNames = new Set(merged.map((m) => m.primary.name));

  const groups = buildGroups(sorted.flatMap((p) => p.groups), documentedNames);
  diagnostics.push(...groups.diagnostics);

  const counterparts = findCounterparts(merged);
  const groupsOf = groupsByMember(groups.groups);
  let apis = linkCounterparts(
    merged.map((m) => toApi(m, groupsOf)),
    counterparts,
  );

  const types = resolveApiTypes(merged, sorted, counterparts);
  diagnostics.push(...types.diagnostics);
  apis = apis.map((api) => {
    const resolved = types.apiTypes.get(api.parent ? `${api.parent}::${api.name}` : api.name);
    if (!resolved) return api;
    return {
      ...api,
      returnType: resolved.returnType,
      returnTypeResolution: resolved.returnTypeResolution,
      parameters: api.parameters.map((p, i) => ({ ...p, ...resolved.parameters[i] })),
    };
  });

  const references = indexReferences(sorted.flatMap((p) => p.statusCodes));
  diagnostics.push(...references.diagnostics);
  const uses: CodeUse[] = merged.flatMap((m) =>
    (m.returns?.codes ?? []).map((c) => ({
      name: c.name,
      api: m.primary.name,
      inlineValue: isStatusValue(c.inlineValue) ? c.inlineValue : undefined,
      description: c.description,
      source: c.source,
    })),
  );
  const families = [...new Set(apis.map((a) => a.statusFamily).filter((f): f is StatusFamily => !!f))].sort(compareStrings);
  const status = resolveStatusCodes(uses, families, references);
  diagnostics.push(...status.diagnostics);

  const flows: Flow[] = sorted.flatMap((p) => p.flows);
  return {
    schemaVersion: 1,
    generator: { name: 'docgen', version: docgenVersion },
    inputs: [...inputs].sort((a, b) => compareStrings(a.file, b.file)),
    apis: apis.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.parent ?? '', b.parent ?? '')),
    statusCodes: status.codes,
    types: types.types,
    groups: groups.groups,
    flows,
    diagnostics: dedupe(diagnostics).sort(compareDiagnostics),
  };
}

function mergeAll(pages: PageModel[]): MergedApi[] {
  const byKey = new Map<string, RankedApiPage[]>();
  for (const page of pages) {
    for (const api of page.apis) {
      const key = apiKey(api);
      const list = byKey.get(key);
      const entry = { page: api, format: page.format, file: page.file };
      if (list) list.push(entry);
      else byKey.set(key, [entry]);
    }
  }
  return [...byKey.keys()].sort(compareStrings).map((key) => mergeApiPages(byKey.get(key)!));
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

function toApi(m: MergedApi, groupsOf: Map<string, string[]>): Api {
  const p = m.primary;
  const pick = <T>(get: (page: RankedApiPage['page']) => T | undefined): T | undefined => {
    for (const r of m.pages) {
      const v = get(r.page);
      if (v !== undefined && v !== '') return v;
    }
    return undefined;
  };
  const requirementsPage = m.pages.find((r) => Object.keys(r.page.requirements.raw).length > 0)?.page.requirements;
  const codeNames = m.returns?.codes.map((c) => c.name) ?? [];
  const returnType = m.declaration?.returnType;
  return {
    name: p.name,
    kind: p.kind,
    uid: pick((x) => x.uid),
    header: pick((x) => x.header ?? x.requirements.header),
    parent: p.parent,
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
    // Return and parameter types are filled in by resolveApiTypes (spec/types.ts), which decides how each was resolved.
    returnType: undefined,
    statusFamily: p.kind === 'function' || p.kind === 'callback' || p.kind === 'method' ? statusFamilyOf(returnType, codeNames) : undefined,
    parameters: m.parameters.map((param) => ({
      name: param.name,
      direction: param.direction,
      optional: param.optional,
      cType: undefined,
      type: 'unknown',
      typeResolution: 'unknown',
      description: param.description,
      source: param.source,
      directionFrom: param.directionFrom,
    })),
    fields: p.fields.length > 0 ? p.fields : (pick((x) => (x.fields.length > 0 ? x.fields : undefined)) ?? []),
    returns: m.returns
      ? {
          description: m.returns.description,
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
    variants: [...new Set(m.pages.flatMap((r) => r.page.variants))].sort(compareStrings),
    groups: [...(groupsOf.get(p.name) ?? [])],
    sources: m.pages.map((r) => r.page.source),
  };
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
export function findCounterparts(merged: MergedApi[]): Map<string, string> {
  const documented = new Set(merged.map((m) => m.primary.name));
  const pairs = new Map<string, string>();
  for (const m of merged) {
    const match = /^(.+?)Async$/.exec(m.primary.name);
    if (!match) continue;
    const base = match[1]!;
    const linked = new Set(m.pages.flatMap((r) => r.page.seeAlso.map((l) => l.api)).filter((x): x is string => !!x));
    const known = (c: string): boolean => documented.has(c) || linked.has(c);
    const sync = [base, base.replace(/^[A-Z][a-z0-9]+(?=[A-Z])/, '')].find((c) => c !== m.primary.name && known(c));
    if (sync) pairs.set(m.primary.name, sync);
  }
  return pairs;
}

function linkCounterparts(apis: Api[], pairs: Map<string, string>): Api[] {
  const asyncOf = new Map([...pairs].map(([a, s]) => [s, a]));
  return apis.map((api) => ({
    ...api,
    synchronousCounterpart: pairs.get(api.name),
    asynchronousCounterpart: asyncOf.get(api.name),
  }));
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
