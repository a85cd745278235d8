/**
 * The README of the generated package: what was generated for every documented API, what the docs
 * leave out (no prototype, unknown or inferred types, codes without a value, unknown status type),
 * the status families and the status representation rule.
 */
import { compareStrings } from '../diagnostics.js';
import type { ApiSummary as Api } from '../build/summary.js';
import type { Emitter } from './emitter.js';
import { hex32 } from './escape.js';
import { coverageLines } from '../conformance/derive.js';
import { conformanceModel } from './conformance.js';
import { familyInfo, type PackagePlan } from './plan.js';

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

export interface ReadmeView {
  packageName: string;
  docgenVersion: string;
  summary: string;
  example: string | null;
  families: Array<{ family: string; enumName: string; module: string; namespace: string; errorClass: string; count: number; notSupported: string }>;
  apis: ReadmeApi[];
  diagnostics: string;
  /** Conformance coverage per API (see src/conformance/). */
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

export function readmeView(ctx: Parameters<Emitter['emit']>[0]): ReadmeView {
  const { spec, plan, options } = ctx;
  const codeValues = new Map<string, boolean>();
  for (const c of spec.statusCodes) codeValues.set(c.name, codeValues.get(c.name) === true || c.valueFrom !== 'missing');
  const apis = [...spec.apis].sort((a, b) => compareStrings(a.name, b.name));
  const placed = new Map<Api, PlacedApi>();
  for (const header of plan.headers) for (const a of header.apis) placed.set(a.api, { header, method: a.method });
  const counts = spec.diagnosticCounts;
  const total = counts.error + counts.warning + counts.info;
  // The README example: the first stub method whose family has a documented "not supported" code.
  const familyWithStubCode = (a: { api: Api }) => plan.families.find((f) => f.info.family === a.api.statusFamily && f.notSupported);
  const firstStub = plan.headers.find((h) => h.apis.some((a) => familyWithStubCode(a)));
  let example: string | null = null;
  const a = firstStub?.apis.find((x) => familyWithStubCode(x));
  const fam = a ? familyWithStubCode(a) : undefined;
  if (firstStub && a && fam) {
    example = [
      `import { ${fam.info.enumName}, ${fam.info.namespace}, ${firstStub.stubName} } from ${JSON.stringify(options.packageName)};`,
      '',
      `const api = new ${firstStub.stubName}();`,
      `const status = api.${a.method}(${a.parameters.map(() => 'undefined').join(', ')});`,
      `${fam.info.namespace}.isSuccess(status); // false`,
      `${fam.info.namespace}.statusName(status); // '${fam.notSupported!.code.name}'`,
      `status === ${fam.info.enumName}.${fam.notSupported!.id}; // true`,
    ].join('\n');
  }
  return {
    packageName: options.packageName,
    docgenVersion: options.docgenVersion,
    summary: `${spec.apis.length} documented API${spec.apis.length === 1 ? '' : 's'} from ${spec.inputFiles.length} docs page${spec.inputFiles.length === 1 ? '' : 's'}, ${plan.families.length} status famil${plan.families.length === 1 ? 'y' : 'ies'}, ${plan.headers.length} API interface${plan.headers.length === 1 ? '' : 's'} with stubs.`,
    example,
    families: plan.families.map((f) => ({
      family: f.info.family,
      enumName: f.info.enumName,
      module: `src/${f.info.module}.ts`,
      namespace: f.info.namespace,
      errorClass: f.info.errorClass,
      count: f.members.length,
      notSupported: f.notSupported ? `${f.notSupported.code.name} (${hex32(f.notSupported.code.value)})` : `${f.info.notSupported}: no value in the docs, stubs throw`,
    })),
    apis: apis.map((a) => apiEntry(a, plan, codeValues, placed.get(a))),
    conformance: plan.headers.length > 0 ? coverageLines(conformanceModel(ctx)) : [],
    diagnostics: `spec.json records ${total} diagnostic${total === 1 ? '' : 's'} about the docs: ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info.`,
  };
}

export const readme: Emitter = {
  name: 'readme',
  emit(ctx) {
    return { files: [{ path: 'README.md', template: 'README.md.hbs', view: () => readmeView(ctx) }] };
  },
};
