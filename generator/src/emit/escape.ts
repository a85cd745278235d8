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
 * Text (Markdown) for the inside of a `/** … *​/` comment. The first line is returned bare (the
 * template writes ` * ` or ` * @param x - ` before it); further lines follow as `\n * line` (a blank
 * line as `\n *`), so the result continues the comment block it was placed in.
 *
 * The Markdown keeps its lines: table rows, list items with their indentation, and fenced code
 * blocks exactly as written. Outside code blocks, runs of spaces are folded and runs of blank lines
 * become one. In every line (code included) the comment terminator is neutralised (`*​/` → `*\/`),
 * control characters and line separators are stripped (U+2028/U+2029 end a line), and `@` is
 * escaped where it could start a TSDoc tag (at the start of a word or after `{` or `(`), so doc
 * text can never end the comment, add `@returns`, `@deprecated` or `{@link}` of its own, or put
 * code after the comment.
 */
export function tsdocText(text: string): string {
  return markdownLines(text)
    .map((line) => line.replace(/\*\//g, '*\\/').replace(/(^|[\s{(])@/g, '$1\\@'))
    .reduce((out, line, i) => (i === 0 ? line : line === '' ? `${out}\n *` : `${out}\n * ${line}`), '');
}

/** The lines of Markdown as a comment keeps them: trimmed at the end, folded outside code fences, no blank runs or edges. */
function markdownLines(text: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const raw of cleanText(text).split('\n')) {
    const line = raw.replace(/\s+$/, '');
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      out.push(line);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (marker) fence = marker;
    const folded = line.replace(/^(\s*)(.*)$/, (_m, indent: string, rest: string) => indent + rest.replace(/\s+/g, ' '));
    if (folded === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(folded.trim() === '' ? '' : folded);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/** The documented text a comment shows: its Markdown when the docs have it, else its plain text. */
export function docText(text: { text: string; markdown?: string } | undefined): string {
  return text === undefined ? '' : (text.markdown ?? text.text);
}

/** A link for a doc comment: `{@link url | text}`. */
export interface TsdocLink {
  url: string;
  text: string;
}

/** A link to an API's documentation page, its text naming the API and the site. */
export function docsLink(name: string, url: string): TsdocLink {
  const host = /^https?:\/\/([^/?#]+)/i.exec(url)?.[1];
  return { url, text: host ? `${name} on ${host}` : name };
}

/**
 * `{@link url | text}` for a doc comment: the address percent-encoded wherever it holds a character
 * that could end the tag, the link or the comment (`}`, `|`, `*`, `@`, spaces, quotes, …), the text
 * on one line with `{`, `}`, `|` and `\` escaped. An address that is not http(s) gives the text
 * alone.
 */
export function tsdocLink(link: TsdocLink): string {
  const text = tsdocText(oneLine(link.text).replace(/[\\{}|]/g, '\\$&'));
  if (!/^https?:\/\/[^\s]/i.test(link.url)) return text;
  const url = link.url.replace(/[^A-Za-z0-9\-._~:/?#!$&'()+,;=%]/gu, (c) => [...new TextEncoder().encode(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
  return `{@link ${url} | ${text}}`;
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
