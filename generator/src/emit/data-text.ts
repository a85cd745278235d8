/**
 * Data as a TypeScript literal a reviewer can read in a diff: an object or array that fits in the
 * line width stays on one line, a longer one gets one member per line (with a trailing comma, so
 * adding a member changes one line). Keys that are identifiers are written bare. Every string and
 * number is written by `jsonText`, so doc text cannot change the meaning of the code around it.
 *
 * Deterministic: the layout depends only on the value (its own key order) and the options.
 */
import { jsonText } from './escape.js';

export interface DataTextOptions {
  /** Line width the one-line form must fit in, indentation included. Default 100. */
  width?: number;
  /** Objects and arrays nested less deep than this are always one member per line. Default 0. */
  expand?: number;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const INDENT = '  ';

export function dataText(value: unknown, options: DataTextOptions = {}): string {
  const width = options.width ?? 100;
  const expand = options.expand ?? 0;
  return layout(value, 0, 0, width, expand);
}

const keyText = (key: string): string => (IDENTIFIER.test(key) ? key : jsonText(key));

function isComposite(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** The members of an object or array: `key: ` prefixes (empty for arrays) and values. */
function members(value: object): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.map((v) => ['', v]);
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [`${keyText(k)}: `, v]);
}

function brackets(value: object): [string, string] {
  return Array.isArray(value) ? ['[', ']'] : ['{', '}'];
}

/** One-line form. */
function inline(value: unknown): string {
  if (!isComposite(value)) return jsonText(value);
  const [open, close] = brackets(value);
  const parts = members(value).map(([prefix, v]) => prefix + inline(v));
  if (parts.length === 0) return open + close;
  return Array.isArray(value) ? `${open}${parts.join(', ')}${close}` : `${open} ${parts.join(', ')} ${close}`;
}

/**
 * `value` starting at column `column` (after its key) on a line indented `depth` levels; the
 * one-line form is used when it fits (with the comma that may follow) and the depth allows it.
 */
function layout(value: unknown, depth: number, column: number, width: number, expand: number): string {
  if (!isComposite(value)) return jsonText(value);
  const one = inline(value);
  const entries = members(value);
  if (entries.length === 0 || (depth >= expand && column + one.length + 1 <= width)) return one;
  const [open, close] = brackets(value);
  const pad = INDENT.repeat(depth + 1);
  const lines = entries.map(([prefix, v]) => `${pad}${prefix}${layout(v, depth + 1, pad.length + prefix.length, width, expand)},`);
  return `${open}\n${lines.join('\n')}\n${INDENT.repeat(depth)}${close}`;
}
