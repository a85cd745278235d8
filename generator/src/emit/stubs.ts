/**
 * Stubs: one class per header interface, `src/stubs/<module>.ts`, implementing `<Header>Api`
 * from `../<module>.js`. Every method records the call in `calls` and returns its family's
 * documented "not supported" status (SEC_E_UNSUPPORTED_FUNCTION, STATUS_NOT_IMPLEMENTED, E_NOTIMPL,
 * ERROR_CALL_NOT_IMPLEMENTED). When the docs give no value for that code (DG6004), or the API has
 * no status family, the method throws an Error that says so instead of inventing a value.
 */
import { hex32 } from './escape.js';
import type { Emitter, PlannedFile } from './emitter.js';
import { apiSignature, assembleMethod, familyImports, headerInputs, importPath, methodContext, typeImports, type ImportView, type MethodContext, type MethodView } from './bindings.js';
import type { EntryResolver, SpecSummary } from '../build/summary.js';
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

/** A stub method's view without prose: the method's context and what the stub does. */
export type StubMethodContext = MethodContext & Pick<StubMethodView, 'behaviour' | 'returnsStatus' | 'throws'>;

function stubMethodContext(a: PlannedApi, h: PlannedHeader, plan: PackagePlan, spec: SpecSummary): StubMethodContext {
  const base = methodContext(a, plan, spec);
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

export type StubsContext = Omit<StubsView, 'methods'> & { methods: StubMethodContext[] };

export function stubsContext(h: PlannedHeader, plan: PackagePlan, spec: SpecSummary): StubsContext {
  const uses = new Set(h.apis.flatMap((a) => [...apiSignature(a, plan).uses]));
  return {
    header: h.header ?? '(no header)',
    interfaceName: h.interfaceName,
    stubName: h.stubName,
    bindingsModule: importPath('stubs', h.module),
    imports: familyImports(h.apis, 'stubs', plan),
    typeImports: typeImports(uses, plan, 'stubs', null),
    methods: h.apis.map((a) => stubMethodContext(a, h, plan, spec)),
  };
}

/** The stubs view: its context and the prose of its APIs' entries. */
export function assembleStubs(c: StubsContext, entries: EntryResolver): StubsView {
  return {
    ...c,
    methods: c.methods.map((m) => ({ ...assembleMethod(m, entries(m.key)), behaviour: m.behaviour, returnsStatus: m.returnsStatus, throws: m.throws })),
  };
}

export const stubs: Emitter = {
  name: 'stubs',
  emit({ plan, spec }) {
    const files = plan.headers.map(
      (h): PlannedFile => ({
        path: `src/stubs/${h.module}.ts`,
        template: 'stubs.ts.hbs',
        context: () => stubsContext(h, plan, spec),
        assembler: 'stubs',
        deps: h.apis.map((a) => a.api.key),
        inputs: headerInputs(h),
        exports: [{ kind: 'names', names: [h.stubName] }],
      }),
    );
    return { files };
  },
};
