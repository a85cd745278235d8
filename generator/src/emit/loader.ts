/**
 * FFI loaders: one per header, `src/ffi/<module>.ts`, exporting `load<Header>(options?)` that binds
 * the header's documented functions through koffi and returns an object implementing `<Header>Api`
 * (plus `missing`, `callbacks`, `lastError()`, `unregisterCallbacks()` and `close()`).
 *
 * - Library: each function's documented DLL (`requirements.dll`), or `options.libraryPath` for all of
 *   them. Without a path, on a platform other than Windows, loading fails with one sentence naming the
 *   DLL(s); when the docs name no DLL at all, it fails asking for a path. A header with only callback
 *   types needs no library.
 * - Kernel-mode-only APIs and APIs without a documented DLL are bound only from an explicit
 *   `libraryPath`; APIs with an unknown type are never bound. Everything not bound is listed in
 *   `missing` with the reason, and its method throws an Error saying so.
 * - Callback types are never looked up as exports. `callbacks.<Name>` offers each one whose
 *   signature is fully known: `register(fn)` makes a native pointer of a JavaScript function (pointer
 *   parameters decoded for it, outputs written back), `unregister(pointer)` releases it, and
 *   `fromPointer(address)` calls a native function pointer (from a function table, say) with the
 *   callback's TypeScript signature. The callback's method on the library object calls the pointer
 *   given in `options.callbackPointers`, and is missing without one.
 * - Last error: for functions whose docs say to call GetLastError (`last-error.ts`), the runtime reads
 *   the thread's last error right after each call (`GetLastError` through koffi on Windows, which koffi
 *   preserves across its own work; `errno` elsewhere) and `lastError()` returns it.
 * - Types: fixed-width koffi types from `ffiMapping` (`LONG`/`ULONG`/`DWORD` → `int32`/`uint32`,
 *   statuses → `uint32`, never C `long`); structures as `koffi.struct`s and callbacks as
 *   `koffi.proto`s, each under a name no other koffi type of the process has (`uniqueTypeName`), so
 *   several loaders, or packages, never clash; functions registered through `koffi.register`,
 *   output pointers through `koffi.out`/`koffi.inout`.
 * - Statuses go through `normalizeStatus`, so they compare `===` to the enum members.
 *
 * The last-error facts come from the entries' prose, so a loader's view is assembled from its
 * context and those entries (`assembleLoader`).
 *
 * The loader modules are the only modules importing koffi; the package entry point does not
 * re-export them (import `<package>/ffi/<header>`), so status enums and stubs never load koffi.
 */
import { compareStrings } from '../diagnostics.js';
import { isSafeIdentifier } from '../naming/names.js';
import type { Emitter, PlannedFile } from './emitter.js';
import { apiSignature, familyImports, headerInputs, headerScope, importPath, typeImports, type ImportView, type ParamView } from './bindings.js';
import type { PackagePlan, PlannedApi, PlannedHeader } from './plan.js';
import { assertTypeText, koffiCode, type PlannedType, type TypeRef } from './type-plan.js';

/** One API of the header as the loader binds it, without the facts read from its prose. */
export interface LoaderApiContext {
  method: string;
  name: string;
  /** The export it is bound from: its name, or the wide function of a neutral A/W name. */
  exportName: string;
  /** The docs say to call GetLastError after it (`Api.lastError`). */
  lastError: boolean;
  local: string;
  /** A callback type: never an export; its method calls the pointer the caller gives, and it is offered in `callbacks` unless unbindable. */
  isCallback: boolean;
  dll: string | null;
  kernelModeOnly: boolean;
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
  /** For an offered callback type: its koffi prototype (code over the declared types `T`). */
  protoCode: string;
  /** For an offered callback type: the `CallbackShape.params` code (how pointer parameters reach a JavaScript function). */
  pointerParamsCode: string;
  /** For an offered callback type: why a JavaScript function cannot be registered for it, or null. */
  cannotRegister: string | null;
}

export interface LoaderApiView extends LoaderApiContext {
  /** The docs say to call GetLastError after it. */
  lastError: boolean;
}

export interface LoaderContext {
  header: string;
  interfaceName: string;
  bindingsModule: string;
  libraryName: string;
  optionsName: string;
  loaderName: string;
  callbacksName: string;
  pointersName: string;
  typeImports: ImportView[];
  enumImports: ImportView[];
  commonModule: string;
  usesStatus: boolean;
  dlls: string[];
  /** False when the header has only callback types (nothing is looked up in a library). */
  needsLibrary: boolean;
  noLibraryMessage: string;
  typeDecls: Array<{ id: string; code: string }>;
  apis: LoaderApiContext[];
}

export interface LoaderView extends Omit<LoaderContext, 'apis'> {
  apis: LoaderApiView[];
  /** Neutral A/W names (`Foo`) of documented wide functions (`FooW`): the library answers to both. */
  aliases: Array<{ alias: string; method: string; ansi: string }>;
  /** The callback types offered in `callbacks` (their signature is fully known). */
  callbacks: LoaderApiView[];
  hasCallbacks: boolean;
  capturesLastError: boolean;
  /** The documented names of the functions whose last error is captured. */
  lastErrorFunctions: string;
  /** The members of `createBinder`'s result this loader uses (no unused local in generated code). */
  binderMembers: string;
  /** Whether any koffi type is declared (`declareTypes`, `T`). */
  declaresTypes: boolean;
  /** Whether the code calls koffi itself (types, prototypes, pointers). */
  importsKoffi: boolean;
  /** What the loader imports from the runtime. */
  runtimeImports: string;
}

const SAFE_CODE = /^[A-Za-z0-9_ ."*(),:{}[\]]*$/;
function code(text: string): string {
  if (!SAFE_CODE.test(text)) throw new Error(`internal error: unsafe generated code ${JSON.stringify(text)}`);
  return text;
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Calling conventions that are __stdcall on 32-bit Windows (WINAPIV is __cdecl, so it is not one). */
const STDCALL = /^(WINAPI|SEC_ENTRY|NTAPI|CALLBACK|APIENTRY|__stdcall|_stdcall|PASCAL)$/;

/** The planned types a set of references needs declared in koffi, dependencies first. */
function koffiTypesFor(refs: ReadonlyArray<Pick<TypeRef, 'uses'>>, plan: PackagePlan): PlannedType[] {
  const order: PlannedType[] = [];
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    const t = plan.types.byKey.get(key);
    if (!t || t.kind === 'opaque' || t.kind === 'enum') return;
    for (const f of t.fields) for (const u of f.ref.uses) visit(u);
    for (const p of t.callback?.params ?? []) for (const u of p.ref.uses) visit(u);
    for (const u of t.callback?.returns.uses ?? []) visit(u);
    order.push(t);
  };
  for (const key of [...new Set(refs.flatMap((r) => r.uses))].sort(compareStrings)) visit(key);
  return order;
}

/**
 * The koffi name a declared type asks for. koffi 3.3 names anonymous types after its type count, and
 * a prototype declared right after a structure can get that structure's name; `koffi.pointer` then
 * returns the cached pointer type of the wrong one. Every declared type is therefore named, by the
 * runtime's `uniqueTypeName` (which adds a suffix when the name is taken, so loaders never clash).
 */
function koffiName(module: string, id: string): string {
  return JSON.stringify(`docgen_${module.replace(/[^A-Za-z0-9_]/g, '_')}_${id}`);
}

/** `koffi.proto(…)` of a callback: its convention, a unique name, its result and parameters. */
function protoCode(module: string, id: string, stdcall: boolean, result: string, params: string): string {
  return code(`koffi.proto(${stdcall ? '"__stdcall", ' : ''}uniqueTypeName(${koffiName(module, id)}), ${result}, [${params}])`);
}

function typeDeclCode(t: PlannedType, plan: PackagePlan, module: string): string {
  if (t.kind === 'struct') {
    return code(`koffi.struct(uniqueTypeName(${koffiName(module, t.id)}), { ${t.fields.map((f) => `${f.id}: ${koffiCode(f.ref.koffi, plan.types.byKey, '')}`).join(', ')} })`);
  }
  const cb = t.callback!;
  const stdcall = cb.api.declaration?.callingConvention !== undefined && STDCALL.test(cb.api.declaration.callingConvention);
  const result = cb.api.statusFamily ? '"uint32"' : koffiCode(cb.returns.koffi, plan.types.byKey, '');
  return protoCode(module, t.id, stdcall, result, cb.params.map((p) => koffiCode(p.ref.koffi, plan.types.byKey, '')).join(', '));
}

/** The `CallbackShape.params` entry of one callback parameter (see `PointerParam` in the runtime), or why none can exist. */
function pointerParam(p: { param: { name: string }; ref: TypeRef }, plan: PackagePlan): { code: string } | { cannot: string } {
  let k = p.ref.koffi;
  const writeBack = k.kind === 'dir';
  if (k.kind === 'dir') k = k.of;
  if (k.kind === 'pointer' && k.of.kind === 'named' && plan.types.byKey.get(k.of.key)?.kind === 'struct') {
    return { code: `{ pointee: ${koffiCode(k.of, plan.types.byKey, 'T')}, shape: "object", writeBack: ${writeBack} }` };
  }
  if (k.kind === 'prim' && p.ref.ts.endsWith('[] | null') && k.type.endsWith('*')) {
    return { code: `{ pointee: ${JSON.stringify(k.type.slice(0, -1).trim())}, shape: "array", writeBack: ${writeBack} }` };
  }
  if (/Array \| null$/.test(p.ref.ts)) return { cannot: `its parameter ${p.param.name} is a buffer whose length a callback cannot know` };
  return { code: 'null' };
}

function apiContext(a: PlannedApi, plan: PackagePlan, module: string): { context: LoaderApiContext; refs: Array<Pick<TypeRef, 'uses'>> } {
  const sig = apiSignature(a, plan);
  const unknownParam = sig.params.find((p) => !p.ref.bindable);
  const unknownResult = !a.api.statusFamily && (sig.returnType === 'unknown' || (sig.result !== null && !sig.result.bindable));
  const unbindable = unknownParam
    ? `the type of its parameter ${unknownParam.param.name} is not known (${unknownParam.ref.unknownBecause ?? 'not documented'})`
    : unknownResult
      ? 'its return type is not known'
      : null;
  const refs: Array<Pick<TypeRef, 'uses'>> = unbindable ? [] : [...sig.params.map((p) => p.ref), ...(sig.result ? [sig.result] : [])];
  const byKey = plan.types.byKey;
  const isCallback = a.api.kind === 'callback';
  // A callback type the bindings declare (it is a parameter type somewhere) reuses that declaration's prototype.
  const declaredType = isCallback && unbindable === null ? plan.types.types.find((t) => t.kind === 'callback' && t.callback?.api.key === a.api.key) : undefined;
  if (declaredType) refs.push({ uses: [declaredType.key] });
  const cc = a.api.declaration?.callingConvention;
  const stdcall = cc !== undefined && STDCALL.test(cc);
  const resultCode = a.api.statusFamily ? '"uint32"' : sig.result ? koffiCode(sig.result.koffi, byKey, 'T') : '"void"';
  const paramsCode = sig.params.map((p) => koffiCode(p.ref.koffi, byKey, 'T')).join(', ');
  const offered = isCallback && unbindable === null;
  const pointerParams = offered ? sig.params.map((p) => pointerParam(p, plan)) : [];
  const cannot = pointerParams.find((x): x is { cannot: string } => 'cannot' in x);
  return {
    refs,
    context: {
      method: a.method,
      name: a.api.name,
      // A neutral A/W name (`CreateFile`) is no export: a UNICODE build calls the wide function.
      exportName: a.api.nameVariants?.neutral === a.api.name ? a.api.nameVariants.wide : a.api.name,
      lastError: a.api.lastError !== undefined,
      local: `f_${a.method}`,
      isCallback,
      dll: a.api.requirements.dll ?? null,
      kernelModeOnly: a.api.requirements.kernelModeOnly,
      unbindable,
      convention: stdcall ? '__stdcall' : '',
      resultCode: unbindable ? '"void"' : code(resultCode),
      paramsCode: unbindable ? '' : code(paramsCode),
      params: sig.params.map((p) => ({ id: p.id, description: '', ts: assertTypeText(p.ref.ts) })),
      args: code(
        sig.params
          .map((p) => {
            // Only a bound function's code refers to the declared koffi types (`T`), which are
            // declared for exactly those functions (`refs`).
            const cb = unbindable ? undefined : p.ref.uses.map((u) => byKey.get(u)).find((t) => t?.kind === 'callback' && p.ref.koffi.kind === 'pointer');
            return cb ? `callbackArg(${p.id}, T.${cb.id})` : p.id;
          })
          .join(', '),
      ),
      returnType: sig.returnType,
      returnsStatus: a.api.statusFamily !== undefined,
      returnsVoid: !a.api.statusFamily && sig.returnType === 'void',
      protoCode: !offered ? '' : declaredType ? code(`T.${declaredType.id}`) : protoCode(module, a.method, stdcall, resultCode, paramsCode),
      pointerParamsCode: offered ? code(`[${pointerParams.map((x) => ('code' in x ? x.code : 'null')).join(', ')}]`) : '[]',
      cannotRegister: cannot?.cannot ?? null,
    },
  };
}

/** A name for a loader-only export that no imported name of the module takes. */
function freeName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  while (taken.has(name)) name = `${name}_`;
  return name;
}

export function loaderContext(h: PlannedHeader, plan: PackagePlan): LoaderContext {
  const refs: Array<Pick<TypeRef, 'uses'>> = [];
  const apis = h.apis.map((a) => {
    const { context, refs: used } = apiContext(a, plan, h.module);
    refs.push(...used);
    return context;
  });
  const dlls = [...new Set(h.apis.filter((a) => a.api.kind === 'function' && !a.api.requirements.kernelModeOnly).map((a) => a.api.requirements.dll).filter((d): d is string => d !== undefined))].sort(compareStrings);
  const header = h.header ?? '(no header)';
  // The loader writes code for every function and for the callback types it offers; a callback
  // type it cannot bind is only named in `missing`, so nothing of its signature is imported.
  const isWritten = (a: LoaderApiContext): boolean => !a.isCallback || a.unbindable === null;
  const written = h.apis.filter((_, i) => isWritten(apis[i]!));
  const uses = new Set(written.flatMap((a) => [...apiSignature(a, plan).uses]));
  const typeImportViews = typeImports(uses, plan, 'ffi', null);
  const enumImportViews = familyImports(written, 'ffi', plan, new Set(apis.filter(isWritten).map((a) => a.returnType)));
  const taken = new Set([h.interfaceName, h.libraryName, h.loaderOptionsName, h.loaderName, ...[...typeImportViews, ...enumImportViews].flatMap((i) => i.names)]);
  return {
    header,
    interfaceName: h.interfaceName,
    bindingsModule: importPath('ffi', h.module),
    libraryName: h.libraryName,
    optionsName: h.loaderOptionsName,
    loaderName: h.loaderName,
    callbacksName: freeName(`${h.libraryName}Callbacks`, taken),
    pointersName: freeName(`${h.libraryName}CallbackPointers`, taken),
    typeImports: typeImportViews,
    enumImports: enumImportViews,
    commonModule: importPath('ffi', 'status/common'),
    usesStatus: written.some((a) => a.api.statusFamily !== undefined),
    dlls,
    needsLibrary: h.apis.some((a) => a.api.kind !== 'callback'),
    noLibraryMessage:
      dlls.length === 0
        ? `The docs name no DLL for the functions of ${header}; pass libraryPath to load a library that exports them.`
        : `${joinNames(dlls)} ${dlls.length === 1 ? 'is a Windows library' : 'are Windows libraries'}; pass libraryPath to load another build of these functions.`,
    typeDecls: koffiTypesFor(refs, plan).map((t) => ({ id: t.id, code: typeDeclCode(t, plan, h.module) })),
    apis,
  };
}

/** The loader view of a header. */
export function loaderView(h: PlannedHeader, plan: PackagePlan): LoaderView {
  const c = loaderContext(h, plan);
  const apis = c.apis.map((a): LoaderApiView => ({ ...a, lastError: a.unbindable === null && a.lastError }));
  const capturing = apis.filter((a) => a.lastError);
  const callbacks = apis.filter((a) => a.isCallback && a.unbindable === null);
  const methods = new Set(c.apis.map((a) => a.method));
  const aliases = h.apis
    .filter((a) => a.api.nameVariants && a.api.name === a.api.nameVariants.wide && !methods.has(a.api.nameVariants.neutral) && isSafeIdentifier(a.api.nameVariants.neutral))
    .map((a) => ({ alias: a.api.nameVariants!.neutral, method: a.method, ansi: a.api.nameVariants!.ansi }));
  return {
    ...c,
    apis,
    aliases,
    callbacks,
    hasCallbacks: callbacks.length > 0,
    capturesLastError: capturing.length > 0,
    lastErrorFunctions: joinNames(capturing.map((a) => a.name)),
    binderMembers: binderMembers(apis, callbacks.length > 0),
    declaresTypes: c.typeDecls.length > 0,
    ...runtimeImports(c, callbacks.length > 0),
  };
}

/**
 * What the loader imports from koffi and the runtime: only what its code uses (no unused import in
 * generated code). The koffi code of types and prototypes is this module's own (`typeDeclCode`,
 * `protoCode`, `koffiCode`), so what it calls can be read off it.
 */
function runtimeImports(c: LoaderContext, offersCallbacks: boolean): Pick<LoaderView, 'importsKoffi' | 'runtimeImports'> {
  const snippets = [...c.typeDecls.map((t) => t.code), ...c.apis.flatMap((a) => [a.protoCode, a.paramsCode, a.resultCode, a.pointerParamsCode])];
  const uses: Array<[string, boolean]> = [
    ['createBinder', true],
    ['uniqueTypeName', snippets.some((s) => s.includes('uniqueTypeName('))],
    ['type BoundFunction', offersCallbacks],
    ['type CallbackType', offersCallbacks],
  ];
  return {
    importsKoffi: snippets.some((s) => s.includes('koffi.')),
    runtimeImports: namesUsed(uses),
  };
}

/** What the loader takes from `createBinder`: what every library has, and the helpers its functions and callbacks use. */
function binderMembers(apis: readonly LoaderApiView[], offersCallbacks: boolean): string {
  const uses: Array<[string, boolean]> = [
    ['missing', true],
    ['bind', apis.some((a) => !a.isCallback)],
    ['bindPointer', apis.some((a) => a.isCallback)],
    ['callbackType', offersCallbacks],
    ['unbound', apis.length > 0],
    ['callbackArg', apis.some((a) => a.args.includes('callbackArg('))],
    ['lastError', true],
    ['unregisterCallbacks', true],
    ['close', true],
  ];
  return namesUsed(uses);
}

/** The names of `uses` whose flag is set, as a comma-separated list for an import or a destructuring. */
function namesUsed(uses: ReadonlyArray<[string, boolean]>): string {
  return uses.filter(([, used]) => used).map(([name]) => name).join(', ');
}

export const loader: Emitter = {
  name: 'loader',
  emit({ plan }) {
    // Not re-exported by the entry point: importing the package must not load koffi.
    const files = plan.bound.map(
      (h): PlannedFile => ({
        path: `src/ffi/${h.module}.ts`,
        template: 'loader.ts.hbs',
        view: () => loaderView(h, plan),
        inputs: headerInputs(h),
        scope: headerScope(h, plan),
      }),
    );
    if (files.length > 0) files.push({ path: 'src/ffi/runtime.ts', template: 'ffi-runtime.ts.hbs', view: () => ({}) });
    return { files };
  },
};
