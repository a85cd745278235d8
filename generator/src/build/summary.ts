/**
 * API summaries: each spec entry without its prose, plus the facts the conformance derivation
 * reads from that prose.
 *
 * Everything that looks across APIs (the package plan, type plan, async flows, status enums,
 * conformance derivation, README, entry point) works on summaries; only the per-header views of
 * bindings and stubs read an entry's prose, through an `EntryResolver` and for the APIs they list
 * as dependencies. A summary is a few hundred bytes where an entry is a few kilobytes, so an
 * incremental run can plan the whole package from stored summaries and read the full entries of
 * changed APIs only. The types keep the two apart: a summary has no descriptions to read.
 */
import type { Diagnostic } from '../diagnostics.js';
import { conformanceFacts, type ConformanceFacts } from '../conditions/facts.js';
import type { Api, ApiParameter, Spec } from '../model/spec.js';

export interface ApiSummary {
  /** The API's identity across pages (`apiKey`): the name, qualified by the interface for methods. */
  key: string;
  name: string;
  kind: Api['kind'];
  uid?: string;
  header?: string;
  parent?: string;
  /** Set when the API is declared in another language than C (it is never bound). */
  language?: string;
  hasDescription: boolean;
  declaration?: { returnType: string; callingConvention?: string; typedefName?: string; source: Api['sources'][number] };
  nameVariants?: Api['nameVariants'];
  returnType?: string;
  returnTypeResolution?: Api['returnTypeResolution'];
  statusFamily?: Api['statusFamily'];
  parameters: Array<Omit<ApiParameter, 'description'>>;
  fields: Array<{ name: string; type?: string; value?: string }>;
  returns?: { exhaustive: boolean; codes: Array<{ name: string }> };
  requirements: Api['requirements'];
  variants: string[];
  lastError?: Api['lastError'];
  synchronousCounterpart?: string;
  asynchronousCounterpart?: string;
  groups: string[];
  sources: Api['sources'];
  conformance: ConformanceFacts;
}

/** The spec as the package-wide stages see it: summaries instead of entries, diagnostics counted. */
export interface SpecSummary {
  /** The docs files the spec was built from (relative paths, sorted; their hashes are in the spec). */
  inputFiles: string[];
  apis: ApiSummary[];
  statusCodes: Spec['statusCodes'];
  types: Spec['types'];
  groups: Spec['groups'];
  flows: Spec['flows'];
  diagnosticCounts: DiagnosticCounts;
}

/** How many diagnostics there are of each severity. */
export type DiagnosticCounts = Record<Diagnostic['severity'], number>;

/** The key of an API entry (as `apiKey` of the merge gives it). */
export function entryKey(api: Pick<Api, 'name' | 'parent'>): string {
  return api.parent ? `${api.parent}::${api.name}` : api.name;
}

export function summarizeApi(api: Api): ApiSummary {
  return {
    key: entryKey(api),
    name: api.name,
    kind: api.kind,
    uid: api.uid,
    header: api.header,
    parent: api.parent,
    ...(api.language !== undefined ? { language: api.language } : {}),
    hasDescription: api.description !== undefined,
    declaration: api.declaration && {
      returnType: api.declaration.returnType,
      callingConvention: api.declaration.callingConvention,
      typedefName: api.declaration.typedefName,
      source: api.declaration.source,
    },
    ...(api.nameVariants ? { nameVariants: api.nameVariants } : {}),
    returnType: api.returnType,
    returnTypeResolution: api.returnTypeResolution,
    statusFamily: api.statusFamily,
    parameters: api.parameters.map((p) => ({
      name: p.name,
      direction: p.direction,
      optional: p.optional,
      cType: p.cType,
      type: p.type,
      typeResolution: p.typeResolution,
      source: p.source,
      directionFrom: p.directionFrom,
    })),
    fields: api.fields.map((f) => ({ name: f.name, type: f.type, ...(f.value !== undefined ? { value: f.value } : {}) })),
    returns: api.returns && { exhaustive: api.returns.exhaustive, codes: api.returns.codes.map((c) => ({ name: c.name })) },
    requirements: api.requirements,
    variants: api.variants,
    ...(api.lastError ? { lastError: api.lastError } : {}),
    synchronousCounterpart: api.synchronousCounterpart,
    asynchronousCounterpart: api.asynchronousCounterpart,
    groups: api.groups,
    sources: api.sources,
    conformance: conformanceFacts(api),
  };
}

/**
 * What the generated files of one header may read of an API of another (`PlannedFile.scope`), as
 * JSON: its summary without where its facts come from (every `source` and `sources`, at any depth),
 * the names of a function's or method's parameters (a callback's stay: the type plan declares
 * callback types wherever they are used), and the two facts only its own pages show (`uid`,
 * `hasDescription`). `view-locality.test.ts` changes all of these outside a header and checks that
 * its files stay the same.
 */
export function sharedFactsText(api: ApiSummary): string {
  const { uid: _uid, hasDescription: _hasDescription, parameters, ...facts } = api;
  const named = api.kind === 'callback' ? parameters : parameters.map(({ name: _name, ...p }) => p);
  return JSON.stringify({ ...facts, parameters: named }, withoutSources);
}

/** A `JSON.stringify` replacer that leaves out where facts come from: every `source` and `sources`. */
export function withoutSources(key: string, value: unknown): unknown {
  return key === 'source' || key === 'sources' ? undefined : value;
}

/** The `DiagnosticCounts` of `diagnostics`. */
export function countBySeverity(diagnostics: readonly Pick<Diagnostic, 'severity'>[]): DiagnosticCounts {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

export function summarizeSpec(spec: Spec): SpecSummary {
  return {
    inputFiles: spec.inputs.map((i) => i.file),
    apis: spec.apis.map(summarizeApi),
    statusCodes: spec.statusCodes,
    types: spec.types,
    groups: spec.groups,
    flows: spec.flows,
    diagnosticCounts: countBySeverity(spec.diagnostics),
  };
}

/** The full spec entry of an API; emitters ask only for the APIs they declare as dependencies. */
export type EntryResolver = (key: string) => Api;
