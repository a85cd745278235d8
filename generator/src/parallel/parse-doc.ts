/**
 * Parsing one decoded file into a page model. Kept apart from `pipeline.ts` so that worker threads
 * (and warm runs that hit the cache) load the Markdown and HTML parsers only when a page misses.
 */
import { diagnostic } from '../diagnostics.js';
import { failpoint } from '../isolate.js';
import type { DocFile } from '../io/read-docs.js';
import { emptyPage, type PageModel } from '../model/page.js';
import { readPage, type ReadOptions } from '../readers/index.js';

/** Reads and parses one decoded file; a reader failure becomes a DG9001 diagnostic, never an exception. */
export function parseDocFile(doc: DocFile, options?: ReadOptions): PageModel {
  if (doc.text === undefined) return { ...emptyPage(doc.file, 'unknown'), diagnostics: doc.diagnostics };
  try {
    failpoint('read', doc.file);
    const page = readPage(doc.file, doc.text, options);
    page.diagnostics.unshift(...doc.diagnostics);
    return page;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ...emptyPage(doc.file, 'unknown'),
      diagnostics: [...doc.diagnostics, diagnostic('DG9001', doc.file, 0, `docgen failed to read this page (${reason}); please report it.`)],
    };
  }
}
