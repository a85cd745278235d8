/** See-also lists in Markdown: every link, and unlinked entries that are API names. */
import type { ElementContent } from 'hast';
import type { LinkRef } from '../../model/page.js';
import { lineOf, links, plainText } from '../../parse/markdown.js';
import { linkName, linkRef } from './links.js';
import { flattenBlocks } from './markdown-blocks.js';

export function seeAlsoLinks(nodes: ElementContent[], file: string, fallbackLine: number): LinkRef[] {
  const refs: LinkRef[] = [];
  for (const block of flattenBlocks(nodes)) {
    const line = lineOf(block, fallbackLine);
    const found = links(block, line);
    if (found.length > 0) {
      for (const link of found) if (link.text !== '') refs.push(linkRef(link.text, link.href || undefined, { file, line: link.line }));
      continue;
    }
    const text = plainText(block);
    if (text !== '' && /^[A-Za-z_][\w:]*$/.test(linkName(text))) refs.push(linkRef(text, undefined, { file, line }));
  }
  return refs;
}
