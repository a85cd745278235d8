/**
 * Direction and optionality as pages write them: `[in]`, `[in, optional]`, `[in/out]`,
 * `[in, out]`, `[_In_]`, `[InOut]`, `[out, retval]` (brackets possibly escaped or in code
 * spans, which plain text has already removed), and "Optional." in prose.
 */
import type { Direction } from '../../model/page.js';

export interface Annotation {
  direction?: Direction;
  optional: boolean;
}

/** A bracketed annotation anywhere in a short text, e.g. the rest of a parameter heading. */
const BRACKETED = /\[\s*([A-Za-z_][A-Za-z_ ,/|-]*)\]/;
/** One annotation word, possibly compound (`InOut`, `_In_opt_` once split at underscores is `in opt`). */
const WORD = /^(in)?(out)?(opt|optional)?$/;

/**
 * Reads `[in, optional]`-style text. Returns undefined when the text holds no bracketed
 * annotation made of direction/optional words.
 */
export function parseAnnotation(text: string): Annotation | undefined {
  const m = BRACKETED.exec(text);
  return m?.[1] ? annotationWords(m[1]) : undefined;
}

/** Direction words (`in, optional`, `in/out`, `_Inout_opt_`, `InOut`, `out, retval`) to an annotation. */
export function annotationWords(words: string): Annotation | undefined {
  const tokens = words.toLowerCase().split(/[\s,/|_-]+/).filter((t) => t !== '');
  let hasIn = false;
  let hasOut = false;
  let optional = false;
  for (const token of tokens) {
    if (token === 'retval' || token === 'ref') continue;
    const m = WORD.exec(token);
    if (!m || token === '') return undefined;
    hasIn ||= m[1] !== undefined;
    hasOut ||= m[2] !== undefined;
    optional ||= m[3] !== undefined;
  }
  if (!hasIn && !hasOut && !optional) return undefined;
  const direction: Direction | undefined = hasIn && hasOut ? 'inout' : hasIn ? 'in' : hasOut ? 'out' : undefined;
  return direction ? { direction, optional } : { optional };
}

/** "Optional." / "This parameter is optional" / "(Optional)" in a parameter's description. */
export function proseSaysOptional(description: string): boolean {
  return /^\W*optional\b/i.test(description) || /\bthis (?:parameter|argument|value) is optional\b/i.test(description) || /\(optional\)/i.test(description);
}
