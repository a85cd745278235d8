/** Splitting prose into sentences, for condition sentences and prose facts. */

/** Abbreviations after which a period does not end a sentence. */
const ABBREVIATION = /\b(?:e\.g|i\.e|etc|vs|cf|Ex|No|approx)\.$/i;

/** The sentences of a plain-text paragraph, trimmed, in order. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const m of text.matchAll(/[.!?](?=\s+[A-Z0-9*"'(\[])/g)) {
    const end = (m.index ?? 0) + 1;
    const candidate = text.slice(start, end);
    if (ABBREVIATION.test(candidate)) continue;
    sentences.push(candidate.trim());
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest !== '') sentences.push(rest);
  return sentences.filter((s) => s !== '');
}
