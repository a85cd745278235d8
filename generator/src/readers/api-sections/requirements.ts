/**
 * Requirements, from apiref `req.*` front matter keys or a Requirements table / key-value
 * lines ("Minimum supported client", "Header", "Library", "DLL", "Unicode and ANSI names").
 */
import type { Requirements, SourceRef } from '../../model/page.js';
import type { FrontMatter } from '../../parse/markdown.js';

/** Requirement rows (label, value) with the line of the first, from one place on the page. */
export interface RequirementRows {
  rows: { label: string; value: string }[];
  line?: number;
}

/** `req.*` front matter keys as rows; values may be scalars or YAML lists (`req.dll` with several DLLs). */
export function frontMatterRequirementRows(fm: FrontMatter | undefined): RequirementRows {
  const keys = Object.keys(fm?.data ?? {}).filter((k) => k.startsWith('req.'));
  const line = keys.map((k) => fm?.lines[k]).find((l) => l !== undefined);
  return { rows: keys.map((k) => ({ label: k, value: requirementValue(fm?.data[k]) })), ...(line !== undefined ? { line } : {}) };
}

function requirementValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.map((v) => String(v).trim()).filter((v) => v !== '').join(', ') : String(value).trim();
}

/**
 * Requirements from every place the page gives them (front matter keys, a Requirements table), in
 * order of precedence: a field takes the first non-empty value; `raw` keeps every row. The source is
 * the first place that has rows.
 */
export function requirementsFrom(file: string, ...places: RequirementRows[]): Requirements {
  const withRows = places.filter((p) => p.rows.length > 0);
  const line = withRows.find((p) => p.line !== undefined)?.line;
  return buildRequirements(withRows.flatMap((p) => p.rows), line !== undefined ? { file, line } : undefined);
}

type Field = 'header' | 'includeHeader' | 'library' | 'dll' | 'minClient' | 'minServer' | 'irql' | 'unicodeAnsi' | 'targetType';

/** Labels normalised to lower case, single spaces, no `req.` prefix. */
const FIELDS: [RegExp, Field][] = [
  [/^(?:header|headers)$/, 'header'],
  [/^include[- ]header$/, 'includeHeader'],
  [/^(?:lib|library|libraries)$/, 'library'],
  [/^dlls?$/, 'dll'],
  [/^(?:target-min-winverclnt|minimum supported client)$/, 'minClient'],
  [/^(?:target-min-winversvr|minimum supported server)$/, 'minServer'],
  [/^irql$/, 'irql'],
  [/^(?:unicode-ansi|unicode and ansi names)$/, 'unicodeAnsi'],
  [/^(?:target-type|target platform)$/, 'targetType'],
];

export function normaliseLabel(label: string): string {
  return label.trim().toLowerCase().replace(/^req\./, '').replace(/\s+/g, ' ').replace(/:$/, '');
}

/** Known requirement labels (for recognising key/value lines in plain text). */
export function isRequirementLabel(label: string): boolean {
  const key = normaliseLabel(label);
  return FIELDS.some(([re]) => re.test(key)) || /^(?:end of (?:client|server) support|type library|iid|version|redistributable|minimum (?:kmdf|umdf) version|ddi compliance rules|namespace|mof|assembly|idl|context)$/.test(key);
}

/** Builds requirements from rows (label, value) in page order; empty values are kept in `raw` only. */
export function buildRequirements(rows: { label: string; value: string }[], source?: SourceRef): Requirements {
  const requirements: Requirements = { raw: {} };
  if (source) requirements.source = source;
  for (const { label, value } of rows) {
    const text = value.trim();
    requirements.raw[label.trim()] = text;
    if (text === '') continue;
    const key = normaliseLabel(label);
    const field = FIELDS.find(([re]) => re.test(key))?.[1];
    if (field === 'header') assignHeader(requirements, text);
    else if (field === 'targetType') {
      if (/kernel/i.test(text)) requirements.kernelModeOnly = true;
    } else if (field && requirements[field] === undefined) requirements[field] = text;
    if (/kernel[- ]mode drivers only|\bkernel mode\b/i.test(text)) requirements.kernelModeOnly = true;
  }
  return requirements;
}

/** `Sspi.h (include Security.h)` gives both the header and the header to include. */
function assignHeader(requirements: Requirements, text: string): void {
  const m = /^(.*?)\s*\(\s*include\s+([^)]+?)\s*\)\s*$/i.exec(text);
  if (m?.[1]) {
    requirements.header ??= m[1];
    requirements.includeHeader ??= m[2];
  } else {
    requirements.header ??= text;
  }
}
