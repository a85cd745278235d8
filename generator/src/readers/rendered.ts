// Placeholder: the rendered plain-text reader is being written (issue 2).
import { emptyPage, type PageModel } from '../model/page.js';
export function isRenderedPage(_text: string): boolean { return false; }
export function readRendered(file: string, _text: string): PageModel { return emptyPage(file, 'rendered'); }
