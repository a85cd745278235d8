/**
 * The outline of a Markdown page, shared by the status-code and conceptual readers: the page
 * title and, for every top-level block, the chain of headings it sits under.
 */
import type { ElementContent } from 'hast';
import { frontMatterString, headingLevel, plainText, type MarkdownDoc } from '../parse/markdown.js';

export interface Heading {
  text: string;
  level: number;
  line: number;
}

/** The first `#` heading, else the front matter `title`. */
export function pageTitle(doc: MarkdownDoc): string | undefined {
  for (const block of doc.blocks) {
    if (headingLevel(block) === 1) {
      const text = plainText(block);
      if (text) return text;
    }
  }
  return frontMatterString(doc.frontMatter, 'title');
}

export interface OutlinedBlock {
  node: ElementContent;
  /** Index among the top-level blocks. */
  index: number;
  /** The headings above the block, outermost first. Empty for content before the first heading. */
  headings: Heading[];
}

/** Visits the top-level blocks that are not headings, each with its heading chain. */
export function outline(doc: MarkdownDoc): OutlinedBlock[] {
  const out: OutlinedBlock[] = [];
  let chain: Heading[] = [];
  doc.blocks.forEach((node, index) => {
    const level = headingLevel(node);
    if (level !== undefined) {
      chain = [...chain.filter((h) => h.level < level), { text: plainText(node), level, line: lineAt(node, 1) }];
      return;
    }
    out.push({ node, index, headings: chain });
  });
  return out;
}

/** The innermost heading of a chain, if any. */
export function nearestHeading(headings: Heading[]): Heading | undefined {
  return headings[headings.length - 1];
}

/**
 * The 1-based line a node starts on, or `fallback`. Unlike `lineOf` this tolerates the partial
 * positions hast-util-raw leaves on nodes it re-created (`position: {}`).
 */
export function lineAt(node: { position?: { start?: { line?: number } } } | undefined, fallback: number): number {
  const line = node?.position?.start?.line;
  return typeof line === 'number' && line > 0 ? line : fallback;
}

/** Plain text of a run of inline nodes, joined as written (no space added between nodes, unlike `plainText(array)`). */
export function inlineText(nodes: ElementContent[]): string {
  return plainText({ type: 'element', tagName: 'span', properties: {}, children: nodes });
}
