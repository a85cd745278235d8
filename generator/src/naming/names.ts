/**
 * The naming policy of generated code, in one place: how a documented name becomes a TypeScript
 * identifier or a module file name, how collisions in one scope are numbered, and which names the
 * generated code reserves for itself (members of stubs and loaded libraries, and the values the
 * bodies of generated functions refer to). The package plan, the conformance suite and `inspect`
 * all name APIs through it, so they always agree.
 */
/**
 * Names that cannot (or should not) be bound or declared in generated code: ECMAScript reserved
 * words, strict-mode reserved words, names strict mode forbids as bindings, global values that
 * an enum member or parameter would shadow, and names with special meaning on objects and classes.
 */
const RESERVED = new Set([
  // ECMAScript reserved words
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with',
  // strict mode and module code
  'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static', 'yield', 'await',
  'arguments', 'eval',
  // globals an enum member or binding must not shadow or be named after
  'undefined', 'NaN', 'Infinity', 'globalThis',
  // special object and class member names
  'constructor', 'prototype', '__proto__',
]);

/** True when `name` is an ASCII identifier that `identifier()` leaves unchanged. */
export function isSafeIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name);
}

/**
 * A valid, non-reserved TypeScript identifier for any documented name, deterministically:
 * every character outside `[A-Za-z0-9_]` becomes `_` (`p-Context` → `p_Context`), a leading
 * digit gets a `_` prefix, an empty name becomes `_`, and a reserved name gets a `_` suffix
 * (`default` → `default_`, `__proto__` → `__proto___`). Idempotent: `identifier(identifier(x))`
 * equals `identifier(x)`. Collisions are resolved by `IdentifierScope`.
 */
export function identifier(name: string): string {
  let id = String(name).replace(/[^A-Za-z0-9_]/g, '_');
  if (id === '') id = '_';
  if (/^[0-9]/.test(id)) id = `_${id}`;
  if (RESERVED.has(id)) id = `${id}_`;
  return id;
}

/**
 * Hands out unique identifiers within one scope (a parameter list, a class, an enum, a module's
 * exports). Names are claimed in the caller's order, which must itself be deterministic; the
 * first claimant of a spelling keeps it and later ones get `_2`, `_3`, … appended.
 */
export class IdentifierScope {
  private readonly taken = new Set<string>();
  /** Identifier → the name that claimed it (reserved identifiers have none). */
  private readonly claimedBy = new Map<string, string>();
  private readonly reserved: ReadonlySet<string>;

  /**
   * `reserved`: identifiers no name may take. A `Set` is shared, not copied (many scopes may reserve
   * the same large set); it must not change while the scope is in use.
   */
  constructor(reserved: Iterable<string> = []) {
    this.reserved = reserved instanceof Set ? (reserved as ReadonlySet<string>) : new Set(reserved);
  }

  /**
   * Claims an identifier for `name`; `renamed` is true when it differs from `name`, and `clashWith`
   * names the earlier claimant when another name of this scope already had its identifier.
   */
  claim(name: string): { id: string; renamed: boolean; clashWith?: string } {
    const base = identifier(name);
    let id = base;
    for (let n = 2; this.has(id); n++) id = `${base}_${n}`;
    this.taken.add(id);
    this.claimedBy.set(id, name);
    const clashWith = id !== base ? this.claimedBy.get(base) : undefined;
    return { id, renamed: id !== name, ...(clashWith !== undefined ? { clashWith } : {}) };
  }

  has(id: string): boolean {
    return this.reserved.has(id) || this.taken.has(id);
  }
}

/** `foo_bar-baz` → `FooBarBaz`; a result starting with a digit is prefixed with `H`. */
export function pascalCase(name: string): string {
  const id = String(name)
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  if (id === '') return 'H';
  return /^[0-9]/.test(id) ? `H${id}` : id;
}

/** Module names that would collide with files the pipeline writes itself, or that Windows cannot create. */
const RESERVED_MODULES = new Set([
  'index', 'status', 'stubs', 'loader', 'async', 'common', 'bindings', 'types', 'conformance', 'throwing', 'ffi', 'runtime',
  'con', 'prn', 'aux', 'nul',
  'com1', 'com2', 'com3', 'com4', 'com5', 'com6', 'com7', 'com8', 'com9',
  'lpt1', 'lpt2', 'lpt3', 'lpt4', 'lpt5', 'lpt6', 'lpt7', 'lpt8', 'lpt9',
]);

/**
 * The file name (without extension) a header's generated module gets, from the header name only:
 * lower-cased, the `.h`/`.hpp`/`.hxx`/`.idl` extension dropped, every character outside
 * `[a-z0-9_-]` replaced by `_`, runs of `_` collapsed and leading/trailing `_`/`-` trimmed. The
 * result can never contain a path separator or `..`, so no header name can address a file outside
 * the output folder. `natural` is the name a well-formed header would get; when `module` differs
 * from it, the header was renamed (a DG6002 for the caller).
 */
export function moduleNameFromHeader(header: string): { module: string; natural: string } {
  const natural = String(header).trim().toLowerCase().replace(/\.(h|hpp|hxx|idl)$/, '');
  let module = natural
    .replace(/[^a-z0-9_-]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[-_]+|[-_]+$/g, '');
  if (module === '') module = 'header';
  if (RESERVED_MODULES.has(module)) module = `${module}_h`;
  return { module, natural };
}

/** Members every stub class declares itself; API methods must not take these names. */
export const STUB_MEMBERS = ['calls'] as const;

/** Members every loaded library declares itself (`src/ffi/<module>.ts`); API methods must not take these names. */
export const LOADER_MEMBERS = ['missing', 'callbacks', 'lastError', 'unregisterCallbacks', 'close'] as const;

/**
 * Values the bodies of generated functions refer to while the API's parameters are in scope (the
 * stubs' `throw new Error`, the loaders' locals and helpers, the throwing wrappers' `api`, the
 * status enums and checks), and the globals any of them may use: a parameter documented under one
 * of these names is renamed, so it can never shadow what the body needs.
 */
export const BODY_NAMES = [
  'Error', 'TypeError', 'RangeError', 'Promise', 'Object', 'Array', 'Number', 'BigInt', 'String', 'Symbol', 'Boolean',
  'JSON', 'Math', 'Map', 'Set', 'WeakMap', 'Reflect', 'console', 'process', 'Buffer',
  'api', 'options', 'koffi', 'T', 'declared', 'DLLS', 'normalizeStatus', 'callbackArg', 'unbound', 'bind', ...LOADER_MEMBERS,
] as const;

