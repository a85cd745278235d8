/** Edits of docs pages as a user makes them, for the benchmark and the corpus suite. */

/** The heading of a page's first parameter (apiref format), its name in group 2. */
export const PARAMETER_HEADING = /^(### -param\s+([A-Za-z_]\w*))/m;

/**
 * `text` with its first parameter renamed as a user renames one: the heading, and the name wherever
 * the page writes it as a word (the prototype among them, which would otherwise keep the old name
 * in the API's summary). Undefined for a page without a parameter heading.
 */
export function withParameterRenamed(text: string): { text: string; name: string } | undefined {
  const name = PARAMETER_HEADING.exec(text)?.[2];
  return name === undefined ? undefined : { text: text.replace(new RegExp(`\\b${name}\\b`, 'g'), `${name}Renamed`), name };
}
