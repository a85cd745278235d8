/**
 * FFI loaders: one per header, `src/ffi/<module>.ts`, exporting `load<Header>(options?)` that binds
 * the header's documented functions through koffi and returns an object implementing `<Header>Api`
 * (plus `missing`, `unregisterCallbacks()` and `close()`).
 *
 * - Library: each function's documented DLL (`requirements.dll`), or `options.libraryPath` for all of
 *   them. Without a path, on a platform other than Windows, loading fails with one sentence naming the
 *   DLL(s); when the docs name no DLL at all, it fails asking for a path.
 * - Kernel-mode-only APIs, APIs without a documented DLL and callbacks (which no DLL exports) are
 *   bound only from an explicit `libraryPath` (an export of the API's name); APIs with an unknown
 *   type are never bound. Everything not bound is listed in `missing` with the reason, and its method
 *   throws an Error saying so.
 * - Types: fixed-width koffi types from `ffiMapping` (`LONG`/`ULONG`/`DWORD` → `int32`/`uint32`,
 *   statuses → `uint32`, never C `long`); structures as anonymous `koffi.struct`s (so several
 *   loaders, or packages, never clash on a type name), callbacks as `koffi.proto` with functions
 *   registered through `koffi.register`, output pointers through `koffi.out`/`koffi.inout`.
 * - Statuses go through `normalizeStatus`, so they compare `===` to the enum members.
 *
 * The loader modules are the only modules importing koffi; the package entry point does not
 * re-export them (import `<package>/ffi/<header>`), so status enums and stubs never load koffi.
 */
import { compareStrings } from '../diagnostics.js';
import type { Emitter, PlannedFile } from './emitter.js';
import { apiSignature, familyImports, headerInputs, importPath, typeImports, type ImportView, type ParamView } from './bindings.js';
import type { PackagePlan, PlannedHeader } from './plan.js';
import { assertTypeText, koffiCode, type PlannedType, type TypeRef } from './type-plan.js';

export interface LoaderFunctionView {
  method: string;
  name: string;
  local: string;
  dll: string | null;
  kernelModeOnly: boolean;
  callback: boolean;
  /** Why it can never be bound (unknown types), or null. */
  unbindable: string | null;
  convention: string;
  resultCode: string;
  paramsCode: string;
  params: ParamView[];
  /** Argument expressions, in order. */
  args: string;
  returnType: string;
  returnsStatus: boolean;
  returnsVoid: boolean;
}

export interface LoaderView {
  header: string;
  interfaceName: string;
  bindingsModule: string;
  libraryName: string;
  optionsName: string;
  loaderName: string;
  typeImports: ImportView[];
  enumImports: ImportView[];
  commonModule: string;
  usesStatus: boolean;
  dlls: string[];
  noLibraryMessage: string;
  typeDecls: Array<{ id: string; code: string }>;
  functions: LoaderFunctionView[];
}

const SAFE_CODE = /^[A-Za-z0-9_ ."*(),:{}[\]]*$/;
function code(text: string): string {
  if (!SAFE_CODE.test(text)) throw new Error(`internal error: unsafe generated code ${JSON.stringify(text)}`);
  return text;
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const STDCALL = /^(WINAPI|SEC_ENTRY|NTAPI|CALLBACK|APIENTRY|__stdcall|_stdcall|PASCAL|WINAPIV?)$/;

/** The planned types a set of references needs declared in koffi, dependencies first. */
function koffiTypesFor(refs: readonly TypeRef[], plan: PackagePlan): PlannedType[] {
  const order: PlannedType[] = [];
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    const t = plan.types.byKey.get(key);
    if (!t || t.kind === 'opaque') return;
    for (const f of t.fields) for (const u of f.ref.uses) visit(u);
    for (const p of t.callback?.params ?? []) for (const u of p.ref.uses) visit(u);
    for (const u of t.callback?.returns.uses ?? []) visit(u);
    order.push(t);
  };
  for (const key of [...new Set(refs.flatMap((r) => r.uses))].sort(compareStrings)) visit(key);
  return order;
}

function typeDeclCode(t: PlannedType, plan: PackagePlan): string {
  if (t.kind === 'struct') {
    return code(`koffi.struct({ ${t.fields.map((f) => `${f.id}: ${koffiCode(f.ref.koffi, plan.types.byKey, '')}`).join(', ')} })`);
  }
  const cb = t.callback!;
  const convention = cb.api.declaration?.callingConvention && STDCALL.test(cb.api.declaration.callingConvention) ? '"__stdcall", ' : '';
  const result = cb.api.statusFamily ? '"uint32"' : koffiCode(cb.returns.koffi, plan.types.byKey, '');
  return code(`koffi.proto(${convention}${result}, [${cb.params.map((p) => koffiCode(p.ref.koffi, plan.types.byKey, '')).join(', ')}])`);
}

export function loaderView(h: PlannedHeader, plan: PackagePlan): LoaderView {
  const refs: TypeRef[] = [];
  const functions = h.apis.map((a): LoaderFunctionView => {
    const sig = apiSignature(a, plan);
    const unknownParam = sig.params.find((p) => !p.ref.bindable);
    const unknownResult = !a.api.statusFamily && (sig.returnType === 'unknown' || (sig.result !== null && !sig.result.bindable));
    const unbindable = unknownParam
      ? `the type of its parameter ${unknownParam.param.name} is not known (${unknownParam.ref.unknownBecause ?? 'not documented'})`
      : unknownResult
        ? 'its return type is not known'
        : null;
    if (!unbindable) {
      refs.push(...sig.params.map((p) => p.ref));
      if (sig.result) refs.push(sig.result);
    }
    const returnsVoid = !a.api.statusFamily && sig.returnType === 'void';
    const resultCode = a.api.statusFamily ? '"uint32"' : sig.result ? koffiCode(sig.result.koffi, plan.types.byKey, 'T') : '"void"';
    const cc = a.api.declaration?.callingConvention;
    return {
      method: a.method,
      name: a.api.name,
      local: `f_${a.method}`,
      dll: a.api.requirements.dll ?? null,
      kernelModeOnly: a.api.requirements.kernelModeOnly,
      callback: a.api.kind === 'callback',
      unbindable,
      convention: cc && STDCALL.test(cc) ? '__stdcall' : '',
      resultCode: unbindable ? '"void"' : code(resultCode),
      paramsCode: unbindable ? '' : code(sig.params.map((p) => koffiCode(p.ref.koffi, plan.types.byKey, 'T')).join(', ')),
      params: sig.params.map((p) => ({ id: p.id, description: '', ts: assertTypeText(p.ref.ts) })),
      args: code(
        sig.params
          .map((p) => {
            // Only a bound function's code refers to the declared koffi types (`T`), which are
            // declared for exactly those functions (`refs`).
            const cb = unbindable ? undefined : p.ref.uses.map((u) => plan.types.byKey.get(u)).find((t) => t?.kind === 'callback' && p.ref.koffi.kind === 'pointer');
            return cb ? `callbackArg(${p.id}, T.${cb.id})` : p.id;
          })
          .join(', '),
      ),
      returnType: sig.returnType,
      returnsStatus: a.api.statusFamily !== undefined,
      returnsVoid,
    };
  });
  const dlls = [...new Set(h.apis.filter((a) => a.api.kind === 'function' && !a.api.requirements.kernelModeOnly).map((a) => a.api.requirements.dll).filter((d): d is string => d !== undefined))].sort(compareStrings);
  const header = h.header ?? '(no header)';
  const uses = new Set(h.apis.flatMap((a) => [...apiSignature(a, plan).uses]));
  return {
    header,
    interfaceName: h.interfaceName,
    bindingsModule: importPath('ffi', h.module),
    libraryName: h.libraryName,
    optionsName: h.loaderOptionsName,
    loaderName: h.loaderName,
    typeImports: typeImports(uses, plan, 'ffi', null),
    enumImports: familyImports(h.apis, 'ffi', plan),
    commonModule: importPath('ffi', 'status/common'),
    usesStatus: h.apis.some((a) => a.api.statusFamily !== undefined),
    dlls,
    noLibraryMessage:
      dlls.length === 0
        ? `The docs name no DLL for the functions of ${header}; pass libraryPath to load a library that exports them.`
        : `${joinNames(dlls)} ${dlls.length === 1 ? 'is a Windows library' : 'are Windows libraries'}; pass libraryPath to load another build of these functions.`,
    typeDecls: koffiTypesFor(refs, plan).map((t) => ({ id: t.id, code: typeDeclCode(t, plan) })),
    functions,
  };
}

export const loader: Emitter = {
  name: 'loader',
  emit({ plan }) {
    // Not re-exported by the entry point: importing the package must not load koffi.
    const files = plan.headers.map(
      (h): PlannedFile => ({
        path: `src/ffi/${h.module}.ts`,
        template: 'loader.ts.hbs',
        view: () => loaderView(h, plan),
        inputs: headerInputs(h),
      }),
    );
    if (files.length > 0) files.push({ path: 'src/ffi/runtime.ts', template: 'ffi-runtime.ts.hbs', view: () => ({}) });
    return { files };
  },
};
