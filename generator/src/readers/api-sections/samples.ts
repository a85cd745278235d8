/**
 * Code samples on API pages (an Examples section, code in the remarks): kept in the page's
 * `samples`, with the functions they call, as conceptual pages keep theirs. Prose sections carry
 * prose only, so without this the code would be read and dropped.
 */
import type { ElementContent } from 'hast';
import type { CodeSample } from '../../model/page.js';
import { callsIn } from '../conceptual.js';
import { codeBlocks } from './markdown-blocks.js';

export function codeSamples(nodes: ElementContent[], file: string, fallbackLine: number): CodeSample[] {
  return codeBlocks(nodes, fallbackLine).map((b) => codeSample(b.text, b.language ?? '', { file, line: b.line }));
}

/** One sample from its text. */
export function codeSample(code: string, language: string, source: { file: string; line: number }): CodeSample {
  return { language, code, calls: callsIn(code), source };
}
