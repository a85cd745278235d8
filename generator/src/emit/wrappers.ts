/**
 * The idiomatic layer over the `<Header>Api` interfaces (no koffi: it works on the loader, a stub or
 * a JavaScript implementation alike):
 *
 * - `src/throwing/<header>.ts`: `throwing<Header>(api)` returns the same interface whose status-returning
 *   functions throw the family's Error class (`SecurityStatusError`, …) on a failure status and
 *   return success and informational statuses unchanged; functions whose docs say to call
 *   GetLastError (`last-error.ts`) throw, when they return the documented failure value (FALSE, NULL,
 *   INVALID_HANDLE_VALUE, …), the `Win32Error` of `api.lastError()` (a `StatusError` of family WIN32
 *   when the docs give no Win32 codes); the few helpers this takes are rendered into the module only
 *   when one of its functions needs them (which ones is read from prose, after the file list is made);
 * - `src/async.ts` (only when the docs describe an asynchronous-call flow, see `async-flow.ts`):
 *   `callAsync(api, start)` creates a context, registers a completion callback, makes the call,
 *   waits for the callback, reads the status and frees the context; it resolves with the final
 *   status. `callAsyncOrThrow` rejects with the family's Error on a failure status.
 */
import type { Emitter, PlannedFile } from './emitter.js';
import type { FailureKind } from '../conditions/last-error.js';
import { apiSignature, familyImports, headerInputs, headerScope, importPath, typeImports, type ImportView, type ParamView } from './bindings.js';
import { assertTypeText } from './type-plan.js';
import { familyInfo, type PackagePlan, type PlannedAsyncFlow, type PlannedHeader } from './plan.js';

interface ThrowingMethodContext {
  id: string;
  name: string;
  /** The documented failure value when the docs say to call GetLastError (`Api.lastError`). */
  failure: { kind: FailureKind; text: string } | null;
  params: ParamView[];
  args: string;
  returnType: string;
  /** The aliased `throwIfFailed` of the family, or null for pass-through. */
  check: string | null;
}

interface ThrowingMethodView extends ThrowingMethodContext {
  /** For a function documented to set the last error, the failure return the docs give (a status check wins). */
  lastError: { failure: FailureKind; documented: string } | null;
}

export interface ThrowingContext {
  interfaceImports: ImportView[];
  typeImports: ImportView[];
  enumImports: ImportView[];
  checks: Array<{ alias: string; from: string }>;
  /** The error class a last error becomes: the Win32 family's, else the common StatusError, else none (a plain Error). */
  win32: { errorClass: string; module: string } | null;
  common: string | null;
  headers: Array<{ interfaceName: string; throwingName: string; header: string; methods: ThrowingMethodContext[] }>;
}

/** The throwing wrapper of one header's interface, `src/throwing/<module>.ts`, without the facts read from prose. */
function throwingContext(plan: PackagePlan, h: PlannedHeader): ThrowingContext {
  const families = plan.families.filter((f) => h.apis.some((a) => a.api.statusFamily === f.info.family));
  const win32 = plan.families.find((f) => f.info.family === 'WIN32');
  const alias = (enumName: string) => `throwIf${enumName}Failed`;
  const uses = new Set<string>();
  const headers = [h].map((h) => ({
    interfaceName: h.interfaceName,
    throwingName: h.throwingName,
    header: h.header ?? '(no header)',
    methods: h.apis.map((a): ThrowingMethodContext => {
      const sig = apiSignature(a, plan);
      for (const u of sig.uses) uses.add(u);
      return {
        id: a.method,
        name: a.api.name,
        failure: a.api.lastError?.failure ?? null,
        params: sig.params.map((p) => ({ id: p.id, ts: assertTypeText(p.ref.ts), description: '' })),
        args: sig.params.map((p) => p.id).join(', '),
        returnType: sig.returnType,
        check: a.api.statusFamily ? alias(familyInfo(a.api.statusFamily).enumName) : null,
      };
    }),
  }));
  return {
    interfaceImports: [{ names: [h.interfaceName], from: importPath('throwing', h.module) }],
    typeImports: typeImports(uses, plan, 'throwing', null),
    enumImports: familyImports(h.apis, 'throwing', plan, new Set(headers.flatMap((x) => x.methods.map((m) => m.returnType)))),
    checks: families.map((f) => ({ alias: alias(f.info.enumName), from: importPath('throwing', f.info.module) })),
    win32: win32 ? { errorClass: win32.info.errorClass, module: importPath('throwing', win32.info.module) } : null,
    common: plan.families.length > 0 ? importPath('throwing', 'status/common') : null,
    headers,
  };
}

/** The throwing view of a header. */
export function throwingView(plan: PackagePlan, header: PlannedHeader) {
  const c = throwingContext(plan, header);
  const headers = c.headers.map((h) => {
    const methods = h.methods.map((m): ThrowingMethodView => {
      const failure = m.check === null && m.returnType !== 'void' ? m.failure : null;
      return { ...m, lastError: failure ? { failure: failure.kind, documented: failure.text } : null };
    });
    const checked = methods.filter((m) => m.lastError !== null);
    return { ...h, methods, lastErrorChecks: checked, usesLastError: checked.length > 0 };
  });
  return { ...c, headers, usesLastError: headers.some((h) => h.usesLastError) };
}

function asyncView(plan: PackagePlan, flows: readonly PlannedAsyncFlow[]) {
  return {
    flows: flows.map((f) => {
      const info = familyInfo(f.status.api.statusFamily!);
      const context = plan.types.byKey.get(f.contextKey)!;
      const callback = plan.types.byKey.get(f.callbackKey)!;
      const registerArgs = f.register.parameters.map((p, i) => (i === 0 ? 'context' : i === f.callbackIndex ? 'notify' : 'null')).join(', ');
      return {
        callName: f.callName,
        callOrThrowName: f.callOrThrowName,
        apiTypeName: f.apiTypeName,
        contextType: context.id,
        callbackType: callback.id,
        enumName: info.enumName,
        errorClass: info.errorClass,
        create: f.create.method,
        register: f.register.method,
        status: f.status.method,
        free: f.free.method,
        registerArgs,
        roles: [f.create, f.register, f.status, f.free].map((a) => a.method),
        interfaces: f.headers.map((h) => h.interfaceName),
        starts: f.starts.map((a) => a.api.name),
        example: f.starts[0] ? `${f.callName}(api, (context) => api.${f.starts[0].method}(context, …))` : `${f.callName}(api, (context) => …)`,
        summary: `Derived from the docs: ${f.create.api.name} creates the context, ${f.register.api.name} registers the ${callback.key} callback, ${f.status.api.name} reads the status once the callback has fired and ${f.free.api.name} frees the context.${f.starts.length ? ` Calls that start an asynchronous operation on the context: ${f.starts.map((a) => a.api.name).join(', ')}.` : ''}`,
      };
    }),
    imports: [
      ...[...new Map(flows.flatMap((f) => f.headers.map((h) => [h.module, h] as const))).values()].map((h): ImportView => ({ names: [h.interfaceName], from: importPath('', h.module) })),
      ...typeImports(new Set(flows.flatMap((f) => [f.contextKey, f.callbackKey])), plan, '', null),
    ],
    statusImports: [...new Set(flows.map((f) => familyInfo(f.status.api.statusFamily!).module))].map((m) => {
      const info = plan.families.find((x) => x.info.module === m)!.info;
      return { names: [info.enumName, info.errorClass], from: importPath('', m), isFailure: `is${info.enumName}Failure`, throwIfFailed: `throwIf${info.enumName}Failed` };
    }),
  };
}

export const wrappers: Emitter = {
  name: 'wrappers',
  emit({ plan }) {
    const files: PlannedFile[] = plan.bound.map((h) => ({
      path: `src/throwing/${h.module}.ts`,
      template: 'throwing.ts.hbs',
      view: () => throwingView(plan, h),
      inputs: headerInputs(h),
      scope: headerScope(h, plan),
      exports: [{ kind: 'names', names: [h.throwingName] }],
    }));

    // A flow whose roles do not share one status family, or whose register function takes a
    // non-nullable extra parameter, is not wrapped (the generic code could not type it).
    const flows = plan.asyncFlows.filter((f) => {
      const fam = f.status.api.statusFamily;
      const sameFamily = [f.register, ...f.starts].every((a) => a.api.statusFamily === fam);
      const nullable = f.register.parameters.every((p, i) => i === 0 || i === f.callbackIndex || apiSignature(f.register, plan).params[i]!.ref.ts.includes('null'));
      return fam !== undefined && sameFamily && nullable;
    });
    if (flows.length > 0) {
      files.push({
        path: 'src/async.ts',
        template: 'async.ts.hbs',
        view: () => asyncView(plan, flows),
        inputs: [...new Set(flows.flatMap((f) => f.headers.flatMap(headerInputs)))].sort(),
        exports: [
          { kind: 'names', names: flows.flatMap((f) => [f.callName, f.callOrThrowName]) },
          { kind: 'names', names: flows.map((f) => f.apiTypeName), typeOnly: true },
        ],
      });
    }
    return { files };
  },
};
