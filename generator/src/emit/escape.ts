/**
 * Context escapers: the only way doc text reaches generated files.
 *
 * Every function here is pure and total: it accepts any string (including `*​/`, quotes,
 * backticks, `${`, `</script>`, control characters, U+2028/U+2029) and returns text that can
 * only mean what it says in its target context. Templates reach them as Handlebars helpers
 * (see `templates.ts`); view models call them directly when they need the result (identifiers).
 */

/** Control characters (C0 except tab/newline, DEL, C1), and the BOM / zero-width no-break space. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF]/g;

/** Normalises line breaks (CRLF, CR, U+2028, U+2029) to `\n`, tabs to spaces, and drops other control characters. */
export function cleanText(text: string): string {
  return String(text)
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '');
}

/** Splits text into paragraphs (separated by blank lines), each collapsed onto one line. */
export function paragraphs(text: string): string[] {
  return cleanText(text)
    .split(/\n[ ]*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/** One line of text: all paragraphs joined with a space. */
export function oneLine(text: string): string {
  return paragraphs(text).join(' ');
}

/**
 * Text for the inside of a `/** … *​/` comment. The first paragraph is returned bare (the template
 * writes ` * ` or ` * @param x - ` before it); further paragraphs follow on their own lines as
 * `\n *\n * para`, so the result continues the comment block it was placed in.
 *
 * Neutralises the comment terminator (`*​/` → `*\/`), strips control characters and line
 * separators, and escapes `@` where it could start a TSDoc tag (at the start of a word or
 * after `{`), so doc text can never add `@returns`, `@deprecated` or `{@link}` of its own.
 */
export function tsdocText(text: string): string {
  return paragraphs(text)
    .map((p) => p.replace(/\*\//g, '*\\/').replace(/(^|[\s{(])@/g, '$1\\@'))
    .join('\n *\n * ');
}

/**
 * Text for a `//` line comment: one line, no line terminators (which would end the comment),
 * no control characters.
 */
export function lineCommentText(text: string): string {
  return oneLine(text);
}

/**
 * A TypeScript string literal for any text: always double-quoted, JSON-escaped (quotes,
 * backslashes, control characters, lone surrogates), plus U+2028/U+2029 and `</script` / `<!--`
 * escaped so the literal is safe in any JavaScript host. Backticks and `${` have no meaning
 * inside a double-quoted literal.
 */
export function tsString(text: string): string {
  return jsonText(String(text));
}

/**
 * JSON for any value, safe to embed in JavaScript and HTML: `<` is written `\u003c`, and
 * U+2028/U+2029 are escaped. Key order is the value's own order (deterministic input gives
 * deterministic output).
 */
export function jsonText(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent);
  if (text === undefined) throw new TypeError('json: value is not serialisable');
  return text.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** `0x` + 8 upper-case hex digits for an unsigned 32-bit value; signed 32-bit input is normalised. */
export function hex32(value: number): string {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
    throw new RangeError(`hex: ${String(value)} is not a 32-bit integer`);
  }
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

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

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name);
  }

  /**
   * Claims an identifier for `name`; `renamed` is true when it differs from `name`, and `clashWith`
   * names the earlier claimant when another name of this scope already had its identifier.
   */
  claim(name: string): { id: string; renamed: boolean; clashWith?: string } {
    const base = identifier(name);
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}_${n}`;
    this.taken.add(id);
    this.claimedBy.set(id, name);
    const clashWith = id !== base ? this.claimedBy.get(base) : undefined;
    return { id, renamed: id !== name, ...(clashWith !== undefined ? { clashWith } : {}) };
  }

  has(id: string): boolean {
    return this.taken.has(id);
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

/**
 * Markdown inline text: one line, with the characters that could start Markdown or HTML syntax
 * escaped (`` ` * [ ] \\ | ~ ``, `_` at a word boundary, `<`, `>`, `&` as entities, and a leading
 * `#`, `+`, `-` or `1.` followed by a space, which would start a heading or list).
 */
export function markdownText(text: string): string {
  return oneLine(text)
    .replace(/[\\`*[\]|~]/g, (c) => `\\${c}`)
    .replace(/_/g, (_c, i: number, all: string) => (/[A-Za-z0-9]/.test(all[i - 1] ?? '') && /[A-Za-z0-9]/.test(all[i + 1] ?? '') ? '_' : '\\_'))
    .replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'))
    .replace(/^([#+-]|\d+\.)(?=\s|$)/, (m) => `\\${m}`.replace(/^\\(\d+)\./, '$1\\.'));
}

/** Markdown inline code for any text: a backtick fence longer than any run of backticks inside. */
export function markdownCode(text: string): string {
  const body = oneLine(text).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Text for an HTML comment (`<!-- … -->`): one line, with `--` (which may end or break the comment) split. */
export function htmlCommentText(text: string): string {
  return oneLine(text).replace(/-(?=-)/g, '- ').replace(/-$/, '- ');
}
