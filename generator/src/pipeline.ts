/**
 * The read → parse → model stages, end to end: a docs folder in, a spec model out.
 */
import { readFileSync } from 'node:fs';
import { diagnostic } from './diagnostics.js';
import { listDocFiles, readDocFile, type DocFile } from './io/read-docs.js';
import { emptyPage, type PageModel } from './model/page.js';
import type { Spec } from './model/spec.js';
import { readPage } from './readers/index.js';
import { buildSpec } from './spec/build.js';

export const DOCGEN_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface LoadOptions {
  /** Called after each file is read, for progress display. */
  onProgress?: (done: number, total: number) => void;
}

/** Reads and parses one decoded file; a reader failure becomes a DG9001 diagnostic, never an exception. */
export function parseDocFile(doc: DocFile): PageModel {
  if (doc.text === undefined) return { ...emptyPage(doc.file, 'unknown'), diagnostics: doc.diagnostics };
  try {
    const page = readPage(doc.file, doc.text);
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

export async function loadPages(docsDir: string, options: LoadOptions = {}): Promise<{ pages: PageModel[]; docs: DocFile[] }> {
  const files = await listDocFiles(docsDir);
  const pages: PageModel[] = [];
  const docs: DocFile[] = [];
  for (const [i, file] of files.entries()) {
    const doc = await readDocFile(docsDir, file);
    docs.push({ ...doc, text: undefined });
    pages.push(parseDocFile(doc));
    options.onProgress?.(i + 1, files.length);
  }
  return { pages, docs };
}

export async function specFromDocs(docsDir: string, options: LoadOptions = {}): Promise<{ spec: Spec; pages: PageModel[] }> {
  const { pages, docs } = await loadPages(docsDir, options);
  const formats = new Map(pages.map((p) => [p.file, p.format]));
  const inputs = docs.map((d) => ({ file: d.file, format: formats.get(d.file) ?? 'unknown', sha256: d.sha256 }));
  return { spec: buildSpec(pages, inputs, DOCGEN_VERSION), pages };
}
