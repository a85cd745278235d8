/**
 * Stubs: one class per header interface, `src/stubs/<module>.ts`, implementing `<Header>Api`
 * from `../<module>.js`. Every method records the call in `calls` and returns its family's
 * documented "not supported" status (SEC_E_UNSUPPORTED_FUNCTION, STATUS_NOT_IMPLEMENTED, E_NOTIMPL,
 * ERROR_CALL_NOT_IMPLEMENTED). When the docs give no value for that code (DG6004), or the API has
 * no status family, the method throws an Error that says so instead of inventing a value.
 */
import { hex32 } from './escape.js';
import type { Emitter, PlannedFile } from './emitter.js';
import { apiSignature, familyImports, headerInputs, importPath, methodView, typeImports, type ImportView, type MethodView } from './bindings.js';
import type { Spec } from '../model/spec.js';
import type { PackagePlan, PlannedApi, PlannedHeader } from './plan.js';

export interface StubMethodView extends MethodView {
  /** What the stub does, for its doc comment. */
  behaviour: string;
  /** Set when the method returns a status: the enum and member. */
  returnsStatus: { enumName: string; memberId: string } | null;
  /** Set when the method throws: the error message. */
  throws: string | null;
}

export interface StubsView {
  header: string;
  interfaceName: string;
  stubName: string;
  bindingsModule: string;
  imports: ImportView[];
  /** Type-only imports: the interface's parameter and result types. */
  typeImports: ImportView[];
  methods: StubMethodView[];
}

function stubMethod(a: PlannedApi, h: PlannedHeader, plan: PackagePlan, spec: Spec): StubMethodView {
  const base = methodView(a, plan, spec);
  const family = plan.families.find((f) => f.info.family === a.api.statusFamily);
  if (family?.notSupported) {
    const { code, id } = family.notSupported;
    return {
      ...base,
      behaviour: `Not supported by this stub: records the call and returns ${code.name} (${hex32(code.value)}). Override it in a subclass to implement ${a.api.name}.`,
      returnsStatus: { enumName: family.info.enumName, memberId: id },
      throws: null,
    };
  }
  const why = family
    ? `the docs give no value for ${family.info.notSupported}, the ${family.info.family} "not supported" status`
    : a.api.returnType !== undefined && a.api.returnType !== 'unknown' && a.api.returnTypeResolution !== 'unknown'
      ? `${a.api.name} returns no status (its C result type is ${a.api.returnType})`
      : `the docs do not say which status type ${a.api.name} returns`;
  return {
    ...base,
    behaviour: `Not supported by this stub: records the call and throws, because ${why}. Override it in a subclass to implement ${a.api.name}.`,
    returnsStatus: null,
    throws: `${h.stubName}.${a.method}: ${a.api.name} is not implemented, and this stub cannot return a "not supported" status because ${why}.`,
  };
}

export function stubsView(h: PlannedHeader, plan: PackagePlan, spec: Spec): StubsView {
  const methods = h.apis.map((a) => stubMethod(a, h, plan, spec));
  const uses = new Set(h.apis.flatMap((a) => [...apiSignature(a, plan).uses]));
  return {
    header: h.header ?? '(no header)',
    interfaceName: h.interfaceName,
    stubName: h.stubName,
    bindingsModule: importPath('stubs', h.module),
    imports: familyImports(h.apis, 'stubs', plan),
    typeImports: typeImports(uses, plan, 'stubs', null),
    methods,
  };
}

export const stubs: Emitter = {
  name: 'stubs',
  emit({ plan, spec }) {
    const files = plan.headers.map(
      (h): PlannedFile => ({
        path: `src/stubs/${h.module}.ts`,
        template: 'stubs.ts.hbs',
        view: stubsView(h, plan, spec),
        inputs: headerInputs(h),
        exports: [{ kind: 'names', names: [h.stubName] }],
      }),
    );
    return { files };
  },
};
