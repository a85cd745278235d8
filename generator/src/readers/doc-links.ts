/**
 * Where a page is published, and where its links lead: the addresses the docs build gives pages on
 * the documentation site (learn.microsoft.com for Microsoft's docs).
 *
 * The docs build publishes each Markdown file at its path below the content folder of its doc set,
 * `.md` dropped and lower-cased (`index.md` is the folder itself). Which content folder a docs
 * folder is, and the address of that folder, are not in the pages: the `links` setting says, per
 * folder of the docs (the most specific folder that holds a page decides):
 *
 * - `apiref`: the address of an API reference set (sdk-api `/windows/win32/api`, the driver
 *   reference `/windows-hardware/drivers/ddi`). An apiref page is published at
 *   `<apiref>/<header>/<file name>` (`sspi/nf-sspi-deletesecuritycontext`): its header comes from
 *   its UID and its file name is kept when it is the page's published name (it starts with the
 *   UID's kind and header, `nf-sspi-`). A page whose file was renamed (`DeleteSecurityContext.md`) is
 *   placed by its UID, kind + header + name parts lower-cased and joined with `-`
 *   (`NF:sspi.DeleteSecurityContext` → `nf-sspi-deletesecuritycontext`), the docs' naming rule, only
 *   for UIDs where that rule is known to hold: names of letters, digits and `_` that do not start
 *   with `_` or `tag` (the docs publish those under other names, as they do overloads `~r1` or
 *   names with parentheses); other renamed pages get no address.
 * - `pages`: the address of a folder whose pages are published by their path (a desktop-src
 *   folder: `SecAuthN/acceptsecuritycontext--general.md` → `<pages>/secauthn/acceptsecuritycontext--general`).
 *
 * Pages docgen wrote itself (`docgen-authored: true`) and pages read from rendered text have no
 * address. Links in a page are resolved the way a browser resolves them on the published page: a
 * site-absolute target (`/windows/win32/api/...`) against the site (`https://learn.microsoft.com/en-us`
 * unless the setting says otherwise), a relative one (`nf-sspi-freecontextbuffer.md`,
 * `../secgloss/s-gly.md#anchor`) against the page's own address, so only when the page has one. A
 * link that cannot be resolved keeps its text only; only http(s) targets are kept.
 */
import type { DocsUrl } from '../model/page.js';

/** The site Microsoft's documentation is published on, in the language of its source pages. */
export const DEFAULT_SITE = 'https://learn.microsoft.com/en-us';

/** The `links` setting of the config file, as written. */
export interface DocsLinksSetting {
  /** The site that site-absolute paths (`/windows/...`) are on; default `DEFAULT_SITE`. */
  site?: string;
  /** Docs folder (relative to the docs folder, `.` for all of it) → the addresses of its pages. */
  folders?: Record<string, { apiref?: string; pages?: string }>;
}

/** The setting resolved: every address absolute, without a trailing `/`; folders most specific first. */
export interface DocsLinks {
  site: string;
  folders: Array<{ folder: string; apiref?: string; pages?: string }>;
}

/** A mistake in the `links` setting, in one sentence (the config reports it as DG7001). */
export class DocsLinksError extends Error {}

/** The links every read uses without a setting: site-absolute links only. */
export const NO_FOLDER_LINKS: DocsLinks = { site: DEFAULT_SITE, folders: [] };

export function resolveDocsLinks(setting: DocsLinksSetting | undefined): DocsLinks {
  if (!setting) return NO_FOLDER_LINKS;
  const site = setting.site === undefined ? DEFAULT_SITE : absoluteBase(setting.site, 'links.site');
  const folders = Object.entries(setting.folders ?? {}).map(([key, value]) => {
    const folder = folderKey(key);
    const entry: DocsLinks['folders'][number] = { folder };
    for (const kind of ['apiref', 'pages'] as const) {
      const base = value[kind];
      if (base !== undefined) entry[kind] = base.startsWith('/') && !base.startsWith('//') ? absoluteBase(site + base, `links.folders["${key}"].${kind}`) : absoluteBase(base, `links.folders["${key}"].${kind}`);
    }
    return entry;
  });
  const seen = new Set<string>();
  for (const f of folders) {
    if (seen.has(f.folder)) throw new DocsLinksError(`links.folders names the folder "${f.folder || '.'}" twice.`);
    seen.add(f.folder);
  }
  folders.sort((a, b) => b.folder.length - a.folder.length || (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  return { site, folders };
}

/** A stable text of resolved links, for cache keys (parsed pages depend on it). */
export function docsLinksKey(links: DocsLinks): string {
  return JSON.stringify(links);
}

function absoluteBase(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DocsLinksError(`${where} must be an https:// address or a path starting with /, not ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DocsLinksError(`${where} must be an http(s) address, not ${JSON.stringify(value)}.`);
  if (url.search || url.hash) throw new DocsLinksError(`${where} must be an address without ? or #, not ${JSON.stringify(value)}.`);
  return url.href.replace(/\/+$/, '');
}

function folderKey(key: string): string {
  const folder = key.replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/\/+$/, '');
  if (folder.split('/').some((s) => s === '..' || s === '.') || folder.startsWith('/')) {
    throw new DocsLinksError(`links.folders: "${key}" must be a folder inside the docs folder (relative, without ..).`);
  }
  return folder;
}

/** The setting of the most specific configured folder that holds `file`. */
function folderOf(file: string, links: DocsLinks): DocsLinks['folders'][number] | undefined {
  return links.folders.find((f) => f.folder === '' || file.startsWith(`${f.folder}/`));
}

const UID = /^(N[A-Z]):(.+)$/;
/** UID name parts the docs' naming rule is known to turn into the published file name. */
const PLAIN_PART = /^(?!_|tag[A-Z_])[A-Za-z][A-Za-z0-9_]*$/;

/** The address of an apiref page (`file` relative to the docs folder, `uid` from its front matter). */
export function apirefPageUrl(file: string, uid: string, links: DocsLinks): Omit<DocsUrl, 'source'> | undefined {
  const entry = folderOf(file, links);
  if (!entry?.apiref) return entry?.pages ? pathPageUrl(file, links) : undefined;
  const m = UID.exec(uid.trim());
  if (!m) return undefined;
  const prefix = m[1]!.toLowerCase();
  const parts = m[2]!.split('.');
  const header = parts[0]!.toLowerCase();
  if (!/^[a-z0-9_][a-z0-9_-]*$/.test(header)) return undefined;
  const base = `${entry.apiref}/${header}/`;
  const stem = fileStem(file);
  if (prefix === 'na') return parts.length === 1 ? { url: base, from: stem === 'index' ? 'file-name' : 'uid' } : undefined;
  if (stem !== undefined && stem.toLowerCase().startsWith(`${prefix}-${header}-`)) return { url: urlOf(base, stem.toLowerCase()), from: 'file-name' };
  const names = parts.slice(1);
  if (names.length === 0 || !names.every((p) => PLAIN_PART.test(p))) return undefined;
  return { url: urlOf(base, [prefix, header, ...names].join('-').toLowerCase()), from: 'uid' };
}

/** The address of a Markdown page published by its path below a configured `pages` folder. */
export function pathPageUrl(file: string, links: DocsLinks): Omit<DocsUrl, 'source'> | undefined {
  const entry = folderOf(file, links);
  if (!entry?.pages || !/\.md$/i.test(file)) return undefined;
  const relative = (entry.folder === '' ? file : file.slice(entry.folder.length + 1)).replace(/\.md$/i, '').toLowerCase();
  const path = relative === 'index' ? '' : relative.replace(/\/index$/, '/');
  return { url: urlOf(`${entry.pages}/`, path), from: 'path' };
}

/** The file name without its folder and `.md`; undefined for another extension. */
function fileStem(file: string): string | undefined {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return /\.md$/i.test(name) ? name.slice(0, -3) : undefined;
}

/** `base` (ending in `/`) joined with a path whose segments are taken literally (percent-encoded). */
function urlOf(base: string, path: string): string {
  return new URL(path.split('/').map(encodeURIComponent).join('/'), base).href;
}

/** What a reader knows of where its page is published. */
export interface PageLinkContext {
  links: DocsLinks;
  /** The page was written by the docgen project: it has no address of its own. */
  authored: boolean;
}

/** The address (with its source) and the link resolver of one page; no address for pages docgen wrote. */
export function pageLinks(
  context: PageLinkContext,
  address: () => Omit<DocsUrl, 'source'> | undefined,
  source: DocsUrl['source'],
): { docsUrl?: DocsUrl; link: (href: string) => string | undefined } {
  const found = context.authored ? undefined : address();
  const docsUrl = found ? { ...found, source } : undefined;
  return { ...(docsUrl ? { docsUrl } : {}), link: linkResolver(docsUrl?.url, context.links) };
}

/**
 * Resolves the link targets of one page: an absolute http(s) address, or undefined when the target
 * cannot be resolved (a relative link on a page without an address, another scheme).
 */
export function linkResolver(pageUrl: string | undefined, links: DocsLinks): (href: string) => string | undefined {
  return (href) => {
    const target = href.trim();
    if (target === '') return undefined;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return /^https?:/i.test(target) ? httpUrl(target) : undefined;
    if (target.startsWith('//')) return httpUrl(`https:${target}`);
    if (target.startsWith('/')) return httpUrl(links.site + withoutMd(target));
    return pageUrl === undefined ? undefined : httpUrl(new URL(withoutMd(target), pageUrl).href);
  };
}

/** A target with its `.md` dropped as the docs build drops it (`index.md` is its folder). */
function withoutMd(target: string): string {
  const cut = target.search(/[?#]/);
  const path = cut < 0 ? target : target.slice(0, cut);
  const rest = cut < 0 ? '' : target.slice(cut);
  const published = /(^|\/)index\.md$/i.test(path) ? path.replace(/index\.md$/i, '') || './' : path.replace(/\.md$/i, '');
  return `${published}${rest}`;
}

function httpUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
