// Placeholder: the Win32 desktop-src reader is being written (issue 2).
import { emptyPage, type PageModel } from '../model/page.js';
import type { MarkdownDoc } from '../parse/markdown.js';
export function isWin32ApiPage(_doc: MarkdownDoc): boolean { return false; }
export function readWin32(doc: MarkdownDoc): PageModel { return emptyPage(doc.file, 'win32'); }
