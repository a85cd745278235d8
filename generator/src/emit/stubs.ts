/**
 * Stubs: one class per header interface, `src/stubs/<module>.ts`, implementing `<Header>Api`
 * from `../<module>.js`. Every method records the call in `calls` and returns its family's
 * documented "not supported" status (SEC_E_UNSUPPORTED_FUNCTION, STATUS_NOT_IMPLEMENTED, E_NOTIMPL,
 * ERROR_CALL_NOT_IMPLEMENTED). When the docs give no value for that code (DG6004), or the API has
 * no status family, the method throws an Error that says so instead of inventing a value.
 *
 * A stub method's doc comment inherits the interface method's (`{@inheritDoc <Header>Api.<method>}`)
 * and adds only what the stub does, as its `@returns` or `@throws` block (TSDoc does not allow a
 * summary or `@remarks` beside `@inheritDoc`). So the stubs read no prose of the docs: a page edit
 * that changes no summary never renders them again.
 */
import { hex32 } from './escape.js';
import type { Emitter, PlannedFile } from './emitter.js';
import { apiSignature, familyImports, headerInputs, headerScope, importPath, typeImports, type ImportView, type ParamView } from './bindings.js';
import type { PackagePlan, PlannedApi, PlannedHeader } from './plan.js';
import { assertTypeText } from './type-plan.js';

export interface StubMethodView {
  id: string;
  params: ParamView[];
  returnType: string;
  /** What the stub does, for its `@returns` block (status) or `@throws` block. */
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

function stubMethodView(a: PlannedApi, h: PlannedHeader, plan: PackagePlan): StubMethodView {
  const sig = apiSignature(a, plan);
  const base = {
    id: a.method,
    params: sig.params.map((p) => ({ id: p.id, ts: assertTypeText(p.ref.ts), description: '' })),
    returnType: sig.returnType,
  };
  const family = plan.families.find((f) => f.info.family === a.api.statusFamily);
  if (family?.notSupported) {
    const { code, id } = family.notSupported;
    return {
      ...base,
      behaviour: `${code.name} (${hex32(code.value)}), always: this stub records the call and does not implement ${a.api.name}. Override the method in a subclass to implement it.`,
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
    behaviour: `Error, always: this stub records the call and does not implement ${a.api.name}, and it cannot return a "not supported" status because ${why}. Override the method in a subclass to implement it.`,
    returnsStatus: null,
    throws: `${h.stubName}.${a.method}: ${a.api.name} is not implemented, and this stub cannot return a "not supported" status because ${why}.`,
  };
}

export function stubsView(h: PlannedHeader, plan: PackagePlan): StubsView {
  const uses = new Set(h.apis.flatMap((a) => [...apiSignature(a, plan).uses]));
  const methods = h.apis.map((a) => stubMethodView(a, h, plan));
  const named = new Set(methods.flatMap((m) => [m.returnType, ...(m.returnsStatus ? [m.returnsStatus.enumName] : [])]));
  return {
    header: h.header ?? '(no header)',
    interfaceName: h.interfaceName,
    stubName: h.stubName,
    bindingsModule: importPath('stubs', h.module),
    imports: familyImports(h.apis, 'stubs', plan, named),
    typeImports: typeImports(uses, plan, 'stubs', null),
    methods,
  };
}

export const stubs: Emitter = {
  name: 'stubs',
  emit({ plan }) {
    const files = plan.bound.map(
      (h): PlannedFile => ({
        path: `src/stubs/${h.module}.ts`,
        template: 'stubs.ts.hbs',
        view: () => stubsView(h, plan),
        inputs: headerInputs(h),
        scope: headerScope(h, plan),
        exports: [{ kind: 'names', names: [h.stubName] }],
      }),
    );
    return { files };
  },
};
