/**
 * See-also links: which API a link names, from its text (`DeleteSecurityContext`,
 * `InitializeSecurityContext (General)`, `IUnknown::Release`) checked against its target
 * (`nf-sspi-deletesecuritycontext.md`, `/windows/win32/api/sspi/nf-sspi-freecontextbuffer`).
 */
import type { LinkRef, SourceRef } from '../../model/page.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)?$/;
/** apiref page targets: `nf-header-name`, `ns-header-_name`, `nn-header-iface`. */
const APIREF_TARGET = /(?:^|\/)n[fcseinl]-[a-z0-9_]+-([a-z0-9_.-]+?)(?:\.md)?(?:[#?].*)?$/i;

/** Link text without qualifiers: `(General)`, a trailing `function`/`structure`, bold marks. */
export function linkName(text: string): string {
  return text
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/\s+(?:function|callback|structure|enumeration|method|interface|macro|IOCTL|routine|class)$/i, '')
    .replace(/[*`]/g, '')
    .trim();
}

/** The API a link names: its cleaned text when that is an identifier, else undefined. */
export function resolveApi(text: string, href?: string): string | undefined {
  const name = linkName(text);
  if (IDENTIFIER.test(name)) return name;
  // The text is prose ("SSPI Functions"); an apiref target still names the API, but only in
  // lower case: use it when a word of the text spells it.
  const target = href ? APIREF_TARGET.exec(href)?.[1] : undefined;
  if (!target) return undefined;
  const word = name.split(/[^A-Za-z0-9_:]+/).find((w) => w.toLowerCase().replace(/^_/, '') === target.replace(/^_/, '').replace(/-/g, '::'));
  return word && IDENTIFIER.test(word) ? word : undefined;
}

export function linkRef(text: string, href: string | undefined, source: SourceRef): LinkRef {
  const ref: LinkRef = { text, source };
  if (href) ref.href = href;
  const api = resolveApi(text, href);
  if (api) ref.api = api;
  return ref;
}
