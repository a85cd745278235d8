/**
 * The README of the generated package, in two levels so that it stays readable (and small) for a
 * doc set of tens of thousands of APIs:
 *
 * - `README.md`: what the package is, the status families and the status representation rule, how
 *   to use the bindings, and one row per header: its APIs by kind, its documented codes, its
 *   conformance coverage, and a link to its page;
 * - `docs/<header>.md`, one page per header (named like the header's module, `docs/sspi.md`):
 *   every API of the header, what was generated for it, what the docs leave out (no prototype,
 *   unknown or inferred types, codes without a value, unknown status type), and its coverage.
 */
import { compareStrings } from '../diagnostics.js';
import type { ApiSummary as Api } from '../build/summary.js';
import type { EmitContext as EmitCtx, Emitter } from './emitter.js';
import { hex32 } from './escape.js';
import { coverageLines, type ApiCoverage } from '../conformance/derive.js';
import { conformanceModel } from './conformance.js';
import { familyInfo, type PackagePlan } from './plan.js';
import { moduleNameFromHeader } from '../naming/names.js';
import { perObject } from '../memo.js';

export interface ReadmeItem {
  text: string;
  /** Inline-code items after the text (names), comma-separated. */
  code: string[];
  /** A file the item is in (`in src/sspi.ts`), or null. */
  file: string | null;
}

export interface ReadmeApi {
  name: string;
  facts: ReadmeItem[];
  generated: ReadmeItem[];
  missing: ReadmeItem[];
}

/** One header's row in the README. */
export interface ReadmeHeaderRow {
  /** The header as the docs name it, or a note for APIs without one. */
  header: string;
  /** Its page, relative to the package root (`docs/sspi.md`). */
  page: string;
  apis: number;
  /** The APIs by kind, `2 functions, 1 structure`. */
  kinds: string;
  /** Distinct documented return codes of its APIs. */
  codes: number;
  /** Conformance coverage of its bound APIs (`no bound APIs` without any). */
  coverage: string;
}

export interface ReadmeView {
  packageName: string;
  docgenVersion: string;
  summary: string;
  example: string | null;
  families: Array<{ family: string; enumName: string; module: string; namespace: string; errorClass: string; count: number; notSupported: string }>;
  /** How many APIs the package describes (listed on the header pages). */
  apiCount: number;
  /** `12 APIs in 3 headers.` */
  headerSummary: string;
  headers: ReadmeHeaderRow[];
  diagnostics: string;
  /** Conformance coverage of the whole package, one line; empty when nothing is bound. */
  conformance: string;
}

/** A header's page (`docs/<header>.md`): every API of the header as the README used to list them. */
export interface ReadmeHeaderView {
  packageName: string;
  header: string;
  summary: string;
  apis: ReadmeApi[];
  /** Conformance coverage per bound API of the header (see src/conformance/). */
  conformance: string[];
}

const item = (text: string, ...code: string[]): ReadmeItem => ({ text, code, file: null });
const inFile = (file: string, text: string, ...code: string[]): ReadmeItem => ({ text, code, file });

type PlacedApi = { header: PackagePlan['headers'][number]; method: string };

function apiEntry(api: Api, plan: PackagePlan, codeValues: Map<string, boolean>, placed: PlacedApi | undefined): ReadmeApi {
  const facts: ReadmeItem[] = [item('Kind:', api.kind)];
  const header = api.header ?? api.requirements.header;
  if (header) facts.push(item('Header:', header));
  if (api.requirements.dll) facts.push(item('DLL:', api.requirements.dll));
  if (api.statusFamily) {
    const info = familyInfo(api.statusFamily);
    facts.push(item('Status type:', api.statusFamily), inFile(`src/${info.module}.ts`, 'Status enum:', info.enumName));
  }
  facts.push(item('Documented in:', ...[...new Set(api.sources.map((s) => s.file))].sort(compareStrings)));

  const generated: ReadmeItem[] = [];
  const missing: ReadmeItem[] = [];
  if (placed) {
    const { header: h, method } = placed;
    const planned = { method };
    generated.push(inFile(`src/${h.module}.ts`, 'Interface method', `${h.interfaceName}.${planned.method}`));
    const unknownTypes = api.parameters.some((p) => p.type === 'unknown' || p.typeResolution === 'unknown');
    const binding = unknownTypes
      ? 'Not bound by the loader (a parameter type is unknown):'
      : api.kind === 'callback'
        ? `Callback type, never looked up as an export (register a function or call a pointer with callbacks.${method}, or pass callbackPointers.${method}):`
        : api.requirements.kernelModeOnly
          ? 'Kernel-mode only; bound by the loader only from an explicit libraryPath:'
          : api.requirements.dll
            ? `Bound by the loader from ${api.requirements.dll}:`
            : 'No DLL in the docs; bound by the loader only from an explicit libraryPath:';
    generated.push(inFile(`src/ffi/${h.module}.ts`, binding, `${h.loaderName}()`));
    const family = plan.families.find((f) => f.info.family === api.statusFamily);
    if (family?.notSupported) {
      generated.push(
        inFile(`src/stubs/${h.module}.ts`, `Stub returning ${family.notSupported.code.name} (${hex32(family.notSupported.code.value)}):`, `${h.stubName}.${planned.method}`),
      );
    } else {
      generated.push(inFile(`src/stubs/${h.module}.ts`, 'Stub that throws (no "not supported" status is known):', `${h.stubName}.${planned.method}`));
    }
  }
  const codes = [...new Set(api.returns?.codes.map((c) => c.name) ?? [])].sort(compareStrings);
  const resolved = codes.filter((c) => codeValues.get(c) === true);
  const unresolved = codes.filter((c) => codeValues.get(c) !== true);
  if (resolved.length > 0) generated.push(item('Status codes in the enum:', ...resolved));
  if (generated.length === 0) generated.push(item(`Nothing yet: ${api.kind} pages are recorded in spec.json only.`));

  if (!api.declaration && (api.kind === 'function' || api.kind === 'callback' || api.kind === 'method')) missing.push(item('No prototype in the docs.'));
  const unknownParams = api.parameters.filter((p) => p.typeResolution === 'unknown' || p.type === 'unknown').map((p) => p.name);
  if (unknownParams.length > 0) missing.push(item('Unknown parameter types:', ...unknownParams));
  const inferred = api.parameters.filter((p) => p.typeResolution === 'inferred').map((p) => p.name);
  if (inferred.length > 0) missing.push(item('Parameter types inferred, not documented:', ...inferred));
  if (unresolved.length > 0) missing.push(item('Codes without a numeric value in the docs:', ...unresolved));
  if (!api.statusFamily && (api.kind === 'function' || api.kind === 'callback')) missing.push(item('The status type it returns is not known.'));
  if (!api.hasDescription) missing.push(item('No description.'));
  return { name: api.name, facts, generated, missing };
}

/** The README's view: the package and one row per header. */
export function readmeView(ctx: EmitCtx, pages: readonly HeaderPage[] = headerPages(ctx)): ReadmeView {
  const { spec, plan, options } = ctx;
  const counts = spec.diagnosticCounts;
  const total = counts.error + counts.warning + counts.info;
  const coverage = conformanceOf(ctx);
  return {
    packageName: options.packageName,
    docgenVersion: options.docgenVersion,
    summary: `${spec.apis.length} documented API${spec.apis.length === 1 ? '' : 's'} from ${spec.inputFiles.length} docs page${spec.inputFiles.length === 1 ? '' : 's'}, ${plan.families.length} status famil${plan.families.length === 1 ? 'y' : 'ies'}, ${plan.headers.length} API interface${plan.headers.length === 1 ? '' : 's'} with stubs.`,
    example: usageExample(ctx),
    families: plan.families.map((f) => ({
      family: f.info.family,
      enumName: f.info.enumName,
      module: `src/${f.info.module}.ts`,
      namespace: f.info.namespace,
      errorClass: f.info.errorClass,
      count: f.members.length,
      notSupported: f.notSupported ? `${f.notSupported.code.name} (${hex32(f.notSupported.code.value)})` : `${f.info.notSupported}: no value in the docs, stubs throw`,
    })),
    apiCount: spec.apis.length,
    headerSummary: `${spec.apis.length} API${spec.apis.length === 1 ? '' : 's'} in ${pages.length} header${pages.length === 1 ? '' : 's'}.`,
    headers: pages.map((p) => ({
      header: p.header ?? '(no header)',
      page: p.path,
      apis: p.apis.length,
      kinds: kindCounts(p.apis),
      codes: new Set(p.apis.flatMap((a) => a.returns?.codes.map((c) => c.name) ?? [])).size,
      coverage: coverageText(p.apis.flatMap((a) => coverage.byApi.get(a.name) ?? [])),
    })),
    conformance: coverage.all.length > 0 ? `${coverageText(coverage.all)} across ${coverage.all.length} bound API${coverage.all.length === 1 ? '' : 's'}.` : '',
    diagnostics: `spec.json records ${total} diagnostic${total === 1 ? '' : 's'} about the docs: ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info.`,
  };
}

/** One header's page view: its APIs in name order, as the README used to list them. */
export function headerPageView(ctx: EmitCtx, page: HeaderPage): ReadmeHeaderView {
  const { plan, options } = ctx;
  const { codeValues, placed } = sharedFacts(ctx);
  const coverage = conformanceOf(ctx);
  const codes = new Set(page.apis.flatMap((a) => a.returns?.codes.map((c) => c.name) ?? [])).size;
  return {
    packageName: options.packageName,
    header: page.header ?? '(no header)',
    summary: `${page.apis.length} API${page.apis.length === 1 ? '' : 's'} (${kindCounts(page.apis)}), ${codes} documented code${codes === 1 ? '' : 's'}.`,
    apis: page.apis.map((a) => apiEntry(a, plan, codeValues, placed.get(a))),
    conformance: coverageLines({ ...coverage.model, coverage: [...new Set(page.apis.map((a) => a.name))].flatMap((name) => coverage.byApi.get(name) ?? []) }),
  };
}

/** Which codes have a value and where each bound API is placed: computed once per emit, read by every header page. */
const sharedFacts = perObject((ctx: EmitCtx): { codeValues: Map<string, boolean>; placed: Map<Api, PlacedApi> } => {
  const codeValues = new Map<string, boolean>();
  for (const c of ctx.spec.statusCodes) codeValues.set(c.name, codeValues.get(c.name) === true || c.valueFrom !== 'missing');
  const placed = new Map<Api, PlacedApi>();
  for (const header of ctx.plan.headers) for (const a of header.apis) placed.set(a.api, { header, method: a.method });
  return { codeValues, placed };
});

/** The README example: the first stub method whose family has a documented "not supported" code. */
function usageExample(ctx: EmitCtx): string | null {
  const { plan, options } = ctx;
  const familyWithStubCode = (a: { api: Api }) => plan.families.find((f) => f.info.family === a.api.statusFamily && f.notSupported);
  const firstStub = plan.headers.find((h) => h.apis.some((a) => familyWithStubCode(a)));
  const a = firstStub?.apis.find((x) => familyWithStubCode(x));
  const fam = a ? familyWithStubCode(a) : undefined;
  if (!firstStub || !a || !fam) return null;
  return [
    `import { ${fam.info.enumName}, ${fam.info.namespace}, ${firstStub.stubName} } from ${JSON.stringify(options.packageName)};`,
    '',
    `const api = new ${firstStub.stubName}();`,
    `const status = api.${a.method}(${a.parameters.map(() => 'undefined').join(', ')});`,
    `${fam.info.namespace}.isSuccess(status); // false`,
    `${fam.info.namespace}.statusName(status); // '${fam.notSupported!.code.name}'`,
    `status === ${fam.info.enumName}.${fam.notSupported!.id}; // true`,
  ].join('\n');
}

/** A header and its APIs, with the path of its page. */
export interface HeaderPage {
  header: string | undefined;
  path: string;
  apis: Api[];
}

/**
 * The header pages: every API by its header (`header`, else the requirements' header), one page
 * each. A header whose functions are bound keeps its module's name (`docs/sspi.md` beside
 * `src/sspi.ts`); the others are named the same way (`moduleNameFromHeader`), well-formed header
 * names first, a clash numbered. In page-name order.
 */
export function headerPages(ctx: Pick<EmitCtx, 'spec' | 'plan'>): HeaderPage[] {
  const NO_HEADER = '\u0000';
  const byHeader = new Map<string, Api[]>();
  for (const api of [...ctx.spec.apis].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.key, b.key))) {
    const header = api.header ?? api.requirements.header ?? NO_HEADER;
    const list = byHeader.get(header);
    if (list) list.push(api);
    else byHeader.set(header, [api]);
  }
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const h of ctx.plan.headers) {
    const key = h.header ?? NO_HEADER;
    if (byHeader.has(key) && !names.has(key)) {
      names.set(key, h.module);
      taken.add(h.module);
    }
  }
  const rest = [...byHeader.keys()]
    .filter((k) => !names.has(k))
    .map((k) => {
      const { module, natural } = k === NO_HEADER ? { module: 'unknown_header', natural: 'unknown_header' } : moduleNameFromHeader(k);
      return { key: k, module, clean: module === natural };
    })
    .sort((a, b) => Number(b.clean) - Number(a.clean) || compareStrings(a.module, b.module) || compareStrings(a.key, b.key));
  for (const c of rest) {
    let name = c.module;
    for (let n = 2; taken.has(name); n++) name = `${c.module}_${n}`;
    taken.add(name);
    names.set(c.key, name);
  }
  return [...byHeader]
    .map(([key, apis]) => ({ header: key === NO_HEADER ? undefined : key, path: `docs/${names.get(key)!}.md`, apis }))
    .sort((a, b) => compareStrings(a.path, b.path));
}

const KIND_NAMES: Record<string, [string, string]> = {
  function: ['function', 'functions'],
  callback: ['callback', 'callbacks'],
  structure: ['structure', 'structures'],
  enumeration: ['enumeration', 'enumerations'],
  ioctl: ['IOCTL', 'IOCTLs'],
  interface: ['interface', 'interfaces'],
  method: ['method', 'methods'],
  macro: ['macro', 'macros'],
  header: ['header page', 'header pages'],
};

/** `2 functions, 1 structure`, kinds in a fixed order. */
function kindCounts(apis: readonly Api[]): string {
  const counts = new Map<string, number>();
  for (const a of apis) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  return Object.keys(KIND_NAMES)
    .filter((k) => counts.has(k))
    .map((k) => `${counts.get(k)} ${KIND_NAMES[k]![counts.get(k) === 1 ? 0 : 1]}`)
    .join(', ');
}

type Coverage = { model: ReturnType<typeof conformanceModel>; all: ApiCoverage[]; byApi: Map<string, ApiCoverage[]> };

/** The conformance model's coverage by API name (computed once per emit). */
const conformanceOf = perObject((ctx: EmitCtx): Coverage => {
  if (ctx.plan.headers.length === 0) return { model: { cases: [], fixtures: [], coverage: [], diagnostics: [] }, all: [], byApi: new Map() };
  const model = conformanceModel(ctx);
  const byApi = new Map<string, ApiCoverage[]>();
  for (const c of model.coverage) {
    const list = byApi.get(c.api);
    if (list) list.push(c);
    else byApi.set(c.api, [c]);
  }
  return { model, all: model.coverage, byApi };
});

/** `3/5 documented codes with an executable case, 2 todo`, or `no bound APIs`. */
function coverageText(coverage: readonly ApiCoverage[]): string {
  if (coverage.length === 0) return 'no bound APIs';
  const codes = coverage.reduce((n, c) => n + c.codes, 0);
  const executable = coverage.reduce((n, c) => n + c.executable, 0);
  const todo = coverage.reduce((n, c) => n + c.todo, 0);
  return codes === 0 ? 'no documented codes' : `${executable}/${codes} documented code${codes === 1 ? '' : 's'} with an executable case, ${todo} todo`;
}

export const readme: Emitter = {
  name: 'readme',
  emit(ctx) {
    const pages = headerPages(ctx);
    return {
      files: [
        { path: 'README.md', template: 'README.md.hbs', view: () => readmeView(ctx, pages) },
        ...pages.map((page) => ({
          path: page.path,
          template: 'README-header.md.hbs',
          inputs: [...new Set(page.apis.flatMap((a) => a.sources.map((s) => s.file)))].filter((f) => f !== '').sort(compareStrings),
          view: () => headerPageView(ctx, page),
          scope: page.apis.map((a) => a.key),
        })),
      ],
    };
  },
};
