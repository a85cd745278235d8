// Placeholder: the status-code reference reader is being written (issue 2).
import { emptyPage, type PageModel } from '../model/page.js';
import type { MarkdownDoc } from '../parse/markdown.js';
export function readStatusReference(doc: MarkdownDoc): PageModel { return emptyPage(doc.file, 'status-reference'); }
