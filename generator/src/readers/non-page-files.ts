/**
 * Files of a docs checkout that are not documentation pages: images, diagrams, archives, build and
 * publishing configuration, style sheets and scripts. They are recognised before their bytes are
 * parsed and skipped quietly: a docs folder never fails because it holds a picture.
 *
 * The rule, in order:
 * 1. a page extension (`.md`, `.markdown`, `.txt`, ...) makes the file a page, whatever its bytes
 *    (a binary or empty `.md` is an error when it is decoded, as before);
 * 2. a known non-page extension (`.png`, `.vsdx`, `.yml`, `.json`, `.css`, ...) makes it a non-page,
 *    without reading it;
 * 3. any other file (no extension, or one docgen does not know) is a page when its first bytes are
 *    text, and a non-page when they are binary (a NUL byte or a known file signature).
 *
 * All the non-pages of a run are reported together by one info diagnostic (DG1007), not one each.
 */
import { compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { PageFormat } from '../model/page.js';

/** Extensions of files that hold documentation pages (Markdown source, rendered plain text). */
const PAGE_EXTENSIONS = new Set(['md', 'markdown', 'mdown', 'mkd', 'mdx', 'txt', 'text']);

/** Extensions of files that are never documentation pages, by what they hold. */
const NON_PAGE_EXTENSIONS = new Set([
  // images
  ...['png', 'gif', 'jpg', 'jpeg', 'jpe', 'jfif', 'bmp', 'tif', 'tiff', 'ico', 'cur', 'svg', 'svgz', 'webp', 'avif', 'emf', 'wmf', 'eps', 'psd'],
  // diagrams, office documents, PDF
  ...['vsd', 'vsdx', 'vss', 'vssx', 'vst', 'vstx', 'vdx', 'vsx', 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'rtf', 'one', 'xps'],
  // archives and installers
  ...['zip', 'cab', '7z', 'gz', 'tgz', 'bz2', 'xz', 'tar', 'rar', 'msi', 'exe', 'dll', 'sys', 'lib', 'pdb', 'bin', 'iso'],
  // audio, video, fonts
  ...['mp3', 'mp4', 'wav', 'wma', 'wmv', 'avi', 'mov', 'webm', 'ogg', 'ttf', 'otf', 'woff', 'woff2', 'eot'],
  // build, publishing and editor configuration, data
  ...['yml', 'yaml', 'json', 'jsonc', 'xml', 'xsd', 'xsl', 'xslt', 'config', 'ini', 'toml', 'csv', 'tsv', 'lock', 'editorconfig', 'gitignore', 'gitattributes'],
  // web assets
  ...['css', 'scss', 'less', 'js', 'mjs', 'cjs', 'ts', 'map'],
  // source and script files (headers are read with --headers, not as pages)
  ...['h', 'hpp', 'hxx', 'c', 'cpp', 'cxx', 'cc', 'cs', 'vb', 'vbs', 'idl', 'mof', 'def', 'rc', 'inf', 'reg', 'ps1', 'psm1', 'py', 'sh', 'bat', 'cmd', 'sln', 'vcxproj', 'csproj', 'props', 'targets'],
]);

/** The extension of a docs file (lower case, no dot), or '' when its name has none. */
export function extensionOf(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** The page format of a file that is not a documentation page. */
export const NON_PAGE_FORMAT = 'non-page' satisfies PageFormat;

export type FileClass = 'page' | 'non-page' | 'by-content';

/** What a file's name says it is: a page, not a page, or unknown until its first bytes are seen. */
export function classifyByName(file: string): FileClass {
  const ext = extensionOf(file);
  if (PAGE_EXTENSIONS.has(ext)) return 'page';
  if (NON_PAGE_EXTENSIONS.has(ext)) return 'non-page';
  return 'by-content';
}

/** How many leading bytes decide whether a file of unknown kind is text (as git decides). */
const SNIFF_BYTES = 8000;

/** Signatures of binary formats that may have no NUL byte near their start. */
const SIGNATURES: Buffer[] = [
  Buffer.from([0x89, 0x50, 0x4e, 0x47]), // PNG
  Buffer.from('GIF8', 'latin1'),
  Buffer.from([0xff, 0xd8, 0xff]), // JPEG
  Buffer.from('%PDF-', 'latin1'),
  Buffer.from([0x50, 0x4b, 0x03, 0x04]), // ZIP, and the Office and Visio formats built on it
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), // OLE compound file (.vsd, .doc)
  Buffer.from('MSCF', 'latin1'), // cabinet
  Buffer.from([0x1f, 0x8b]), // gzip
  Buffer.from('BM', 'latin1'),
  Buffer.from('RIFF', 'latin1'),
];

/**
 * True when the first bytes of a file of unknown kind are not text: a known binary signature, or a
 * NUL byte (UTF-16 text with a byte-order mark has NUL bytes and is text).
 */
export function looksBinary(bytes: Buffer): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return false;
  if (SIGNATURES.some((s) => bytes.length >= s.length && bytes.subarray(0, s.length).equals(s))) return true;
  return bytes.subarray(0, SNIFF_BYTES).includes(0);
}

/** The label a non-page file is counted under in DG1007: its extension, or `no extension`. */
function label(file: string): string {
  return extensionOf(file) || 'no extension';
}

/**
 * The one DG1007 diagnostic of a run: how many files were skipped as not documentation pages, by
 * extension. Attached to the first of them in path order (line 0: the whole file), so it has a
 * place, and is the same whatever the order of files on disk. Empty when no file was skipped.
 * `inputs` are all docs files of the run (page models, footprints or spec inputs): those whose
 * format is `non-page` are counted.
 */
export function skippedFilesDiagnostics(inputs: readonly { file: string; format: string }[]): Diagnostic[] {
  const sorted = inputs.filter((i) => i.format === NON_PAGE_FORMAT).map((i) => i.file).sort(compareStrings);
  if (sorted.length === 0) return [];
  const counts = new Map<string, number>();
  for (const file of sorted) counts.set(label(file), (counts.get(label(file)) ?? 0) + 1);
  const byCount = [...counts].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
  const what = sorted.length === 1 ? '1 file that is not a documentation page was' : `${sorted.length} files that are not documentation pages were`;
  const list = byCount.map(([ext, n]) => `${ext} ${n}`).join(', ');
  return [diagnostic('DG1007', sorted[0]!, 0, `${what} skipped (${list}); this is the first of them in path order.`)];
}
