/**
 * Page reading: recognise a page's format by its content (never its name) and hand it to
 * the reader for that format. Every reader returns the same normalised `PageModel`.
 */
import { diagnostic } from '../diagnostics.js';
import { emptyPage, type PageModel } from '../model/page.js';
import { isAuthoredByDocgen, parseMarkdown } from '../parse/markdown.js';
import { isApirefPage, readApiref } from './apiref.js';
import { NO_FOLDER_LINKS, type DocsLinks } from './doc-links.js';
import { readConceptual } from './conceptual.js';
import { isRenderedPage, readRendered } from './rendered.js';
import { readStatusReference } from './status-reference.js';
import { isWin32ApiPage, readWin32 } from './win32.js';

/** What reading a page depends on besides its file and text. */
export interface ReadOptions {
  /** Where the docs' pages are published (the `links` setting, resolved); site-absolute links only by default. */
  links?: DocsLinks;
}

/** Reads one page. `text` is already decoded; `file` is relative to the docs root. Never throws for page content. */
export function readPage(file: string, text: string, options: ReadOptions = {}): PageModel {
  if (isRenderedPage(text)) return readRendered(file, text);
  const doc = parseMarkdown(file, text);
  const context = { links: options.links ?? NO_FOLDER_LINKS, authored: isAuthoredByDocgen(doc.frontMatter) };
  let page: PageModel;
  if (isApirefPage(doc)) page = readApiref(doc, context);
  else if (isWin32ApiPage(doc)) page = readWin32(doc, context);
  else page = readNonApiPage(file, doc);
  if (context.authored) page.authoredByDocgen = true;
  page.diagnostics.unshift(...doc.diagnostics);
  return page;
}

/**
 * A page without an API of its own: status-code tables, conceptual content (an article with a
 * title: groups, flows and samples when it has them), or both.
 */
function readNonApiPage(file: string, doc: ReturnType<typeof parseMarkdown>): PageModel {
  const status = readStatusReference(doc);
  const conceptual = readConceptual(doc);
  const title = conceptual.title ?? status.title;
  const format = status.statusCodes.length > 0 ? 'status-reference' : title ? 'conceptual' : 'unknown';
  const page: PageModel = {
    ...emptyPage(file, format),
    title,
    statusCodes: status.statusCodes,
    groups: conceptual.groups,
    flows: conceptual.flows,
    samples: conceptual.samples,
    diagnostics: [...status.diagnostics, ...conceptual.diagnostics],
  };
  if (format === 'unknown') {
    page.diagnostics.push(diagnostic('DG2003', file, 1, 'The page has no API, status-code table or conceptual content that docgen recognises.'));
  }
  return page;
}
