/**
 * Parameter documentation, whatever the notation: a documented entry (name, the annotation
 * text beside it, its description) becomes a `ParameterDoc` with direction and optionality
 * from the annotation, else from the prose.
 */
import type { ParameterDoc, SourceRef } from '../../model/page.js';
import { parseAnnotation, proseSaysOptional } from './annotations.js';

/** A parameter as found on the page, before interpretation. */
export interface ParameterEntry {
  /** The name as written, possibly with decoration (`*ppOutput`, `phContext:`). */
  name: string;
  /** Whatever follows the name on its line (`[in, optional]`), possibly empty. */
  annotation: string;
  description: string;
  /** The description as Markdown, when it differs from `description`. */
  descriptionMarkdown?: string;
  source: SourceRef;
}

/** Strips decoration that is not part of a C identifier (emphasis stars, pointer stars, colons). */
export function cleanParameterName(name: string): string {
  return name.replace(/^[\s*&`]+|[\s*`:]+$/g, '').trim();
}

export function toParameterDoc(entry: ParameterEntry): ParameterDoc {
  const annotation = parseAnnotation(entry.annotation) ?? parseAnnotation(leadingBracket(entry.description));
  const proseOptional = proseSaysOptional(entry.description);
  const description = stripLeadingAnnotation(entry.description);
  const doc: ParameterDoc = {
    name: cleanParameterName(entry.name),
    optional: (annotation?.optional ?? false) || proseOptional,
    description,
    source: entry.source,
  };
  if (entry.descriptionMarkdown !== undefined) {
    // The annotation the text lost leads the Markdown too (escaped: `\[in\]`).
    const markdown = description === entry.description ? entry.descriptionMarkdown : entry.descriptionMarkdown.replace(/^\s*\\\[[^\]]*?\\\]\s*/, '');
    if (markdown !== description) doc.descriptionMarkdown = markdown;
  }
  if (annotation?.direction) {
    doc.direction = annotation.direction;
    doc.directionFrom = 'annotation';
  } else if (annotation?.optional) {
    doc.directionFrom = 'annotation';
  } else if (proseOptional) {
    doc.directionFrom = 'prose';
  }
  return doc;
}

/** Some pages put the annotation at the start of the description instead of beside the name. */
function leadingBracket(description: string): string {
  return /^\s*\[[^\]]*\]/.exec(description)?.[0] ?? '';
}

function stripLeadingAnnotation(description: string): string {
  const lead = leadingBracket(description);
  return lead && parseAnnotation(lead) ? description.slice(lead.length).trim() : description;
}

/**
 * Splits a heading or term such as `phContext [in, optional]`, `-param Name [in]`,
 * `[in] LogonId` into name and annotation text. Undefined when no identifier-like name is there.
 */
export function splitNameAndAnnotation(text: string): { name: string; annotation: string } | undefined {
  const trimmed = text.trim();
  const before = /^(\[[^\]]*\])\s*(.+)$/.exec(trimmed);
  if (before?.[1] && before[2] && parseAnnotation(before[1]) && isParameterName(cleanParameterName(before[2]))) {
    return { name: cleanParameterName(before[2]), annotation: before[1] };
  }
  const m = /^(\S+)\s*(.*)$/.exec(trimmed);
  if (!m?.[1]) return undefined;
  const name = cleanParameterName(m[1]);
  return isParameterName(name) ? { name, annotation: m[2] ?? '' } : undefined;
}

/** C identifiers, `...` for varargs, and dotted/arrow member paths (`u.s.Flags`) used by field lists. */
export function isParameterName(name: string): boolean {
  return /^(?:[A-Za-z_][A-Za-z0-9_]*(?:(?:\.|->|::)[A-Za-z_][A-Za-z0-9_]*)*(?:\[[^\]]*\])?|\.\.\.)$/.test(name);
}
