// Placeholder: the apiref reader is being written (issue 2).
import { emptyPage, type PageModel } from '../model/page.js';
import type { MarkdownDoc } from '../parse/markdown.js';
export function isApirefPage(doc: MarkdownDoc): boolean { return /^N[A-Z]:/.test(String(doc.frontMatter?.data['UID'] ?? '')); }
export function readApiref(doc: MarkdownDoc): PageModel { return emptyPage(doc.file, 'apiref'); }
