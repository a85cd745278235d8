/**
 * Bindings (minimal): one module per header, `src/<module>.ts`, exporting the interface
 * `<Header>Api` with one method per documented function or callback of that header. Parameters
 * are typed `unknown` and the return type is the API's status enum (or `unknown`).
 *
 * The bindings emitter will enrich this (types from `types/resolve.ts`, structures, handles, the
 * koffi loader); the interface name, module path and method/parameter names are decided by
 * `planPackage` and must stay stable, because the stubs implement this interface.
 */
import { compareStrings } from '../diagnostics.js';
import type { Api } from '../model/spec.js';
import type { Emitter, PlannedFile } from './emitter.js';
import { familyInfo, type PackagePlan, type PlannedApi, type PlannedHeader } from './plan.js';

export interface ParamView {
  id: string;
  description: string;
}

export interface MethodView {
  id: string;
  /** The documented API name. */
  name: string;
  kind: string;
  description: string;
  params: ParamView[];
  /** `SecurityStatus`, … or `unknown`. */
  returnType: string;
  returns: string;
  /** Facts for the doc comment: requirements, missing prototype, … (one paragraph). */
  notes: string;
}

export interface ImportView {
  names: string[];
  from: string;
}

export interface BindingsView {
  header: string;
  interfaceName: string;
  title: string;
  imports: ImportView[];
  methods: MethodView[];
}

/** The import specifier of a module path (relative to `src/`) from a module in `src/<fromDir>`. */
export function importPath(fromDir: '' | 'stubs', module: string): string {
  return fromDir === '' ? `./${module}.js` : `../${module}.js`;
}

/** Status-enum imports for a header's methods: one per family used, in family order. */
export function familyImports(apis: readonly PlannedApi[], fromDir: '' | 'stubs', plan: PackagePlan): ImportView[] {
  return plan.families
    .filter((f) => apis.some((a) => a.api.statusFamily === f.info.family))
    .map((f) => ({ names: [f.info.enumName], from: importPath(fromDir, f.info.module) }));
}

function paramDescription(p: PlannedApi['parameters'][number]): string {
  const facts = [
    p.param.direction ? `[${p.param.direction}${p.param.optional ? ', optional' : ''}]` : p.param.optional ? '[optional]' : '',
    p.param.cType ? `C type ${p.param.cType}.` : 'C type not documented.',
    p.id !== p.param.name ? `Documented as ${JSON.stringify(p.param.name)}.` : '',
  ].filter(Boolean);
  const description = p.param.description.trim();
  return description === '' ? facts.join(' ') : `${description}\n\n${facts.join(' ')}`;
}

export function returnsText(api: Api): string {
  const codes = api.returns?.codes.map((c) => c.name) ?? [];
  const parts = [api.returns?.description.trim() ?? ''];
  if (codes.length > 0) parts.push(`Documented codes: ${[...new Set(codes)].join(', ')}${api.returns?.exhaustive === false ? ' (not an exhaustive list)' : ''}.`);
  if (!api.statusFamily) parts.push('The status type of this API is not known, so the result is typed `unknown`.');
  return parts.filter(Boolean).join('\n\n') || 'Not documented.';
}

export function apiNotes(api: Api): string {
  const r = api.requirements;
  const notes = [
    `${api.kind === 'callback' ? 'Callback' : 'Function'} ${api.name}${api.header ? ` (${api.header})` : ''}.`,
    r.dll ? `DLL ${r.dll}.` : '',
    r.minClient ? `Minimum client: ${r.minClient}.` : '',
    r.minServer ? `Minimum server: ${r.minServer}.` : '',
    api.declaration ? '' : 'The docs give no prototype for this API; its parameter types are unknown.',
    `Documented in ${[...new Set(api.sources.map((s) => s.file))].sort(compareStrings).join(', ') || 'no file'}.`,
  ];
  return notes.filter(Boolean).join(' ');
}

export function methodView(a: PlannedApi): MethodView {
  return {
    id: a.method,
    name: a.api.name,
    kind: a.api.kind,
    description: a.api.description?.text.trim() || `${a.api.name} (no description in the docs).`,
    params: a.parameters.map((p) => ({ id: p.id, description: paramDescription(p) })),
    returnType: a.api.statusFamily ? familyInfo(a.api.statusFamily).enumName : 'unknown',
    returns: returnsText(a.api),
    notes: apiNotes(a.api),
  };
}

export function headerInputs(h: PlannedHeader): string[] {
  return [...new Set(h.apis.flatMap((a) => a.api.sources.map((s) => s.file)))].filter((f) => f !== '');
}

export function bindingsView(h: PlannedHeader, plan: PackagePlan): BindingsView {
  const header = h.header ?? '(no header)';
  return {
    header,
    interfaceName: h.interfaceName,
    title: h.header
      ? `The functions and callbacks documented in ${h.header}.`
      : 'The functions and callbacks whose docs name no header.',
    imports: familyImports(h.apis, '', plan),
    methods: h.apis.map(methodView),
  };
}

export const bindings: Emitter = {
  name: 'bindings',
  emit({ plan }) {
    const files = plan.headers.map(
      (h): PlannedFile => ({
        path: `src/${h.module}.ts`,
        template: 'bindings.ts.hbs',
        view: bindingsView(h, plan),
        inputs: headerInputs(h),
        exports: [{ kind: 'names', names: [h.interfaceName], typeOnly: true }],
      }),
    );
    return { files };
  },
};
