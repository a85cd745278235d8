/**
 * Requirements, from apiref `req.*` front matter keys or a Requirements table / key-value
 * lines ("Minimum supported client", "Header", "Library", "DLL", "Unicode and ANSI names").
 */
import type { Requirements, SourceRef } from '../../model/page.js';

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
