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
