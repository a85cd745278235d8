/**
 * ANSI/Unicode variants: `FooA`/`FooW` named in the unicode-ansi requirement or anywhere on
 * the page, for an API `Foo` (or a page that documents `FooW` itself).
 */

/** Names `stemA`/`stemW` that appear in the text, sorted. */
export function variantNames(apiName: string, texts: string[]): string[] {
  const stem = /[a-z0-9_][AW]$/.test(apiName) ? apiName.slice(0, -1) : apiName;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(stem)) return [];
  const pattern = new RegExp(`\\b${stem}[AW]\\b`, 'g');
  const found = new Set<string>();
  for (const text of texts) {
    // A match contains the stem: most texts do not, and `includes` is much cheaper than the scan.
    if (!text.includes(stem)) continue;
    for (const m of text.matchAll(pattern)) found.add(m[0]);
  }
  return [...found].sort();
}
