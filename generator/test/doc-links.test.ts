/**
 * Where pages are published and where their links lead (`readers/doc-links.ts`): the address rules
 * for apiref pages (by published file name, else by UID where the docs' naming rule is known to
 * hold), for pages published by their path, what gets no address, how links resolve, and the
 * mistakes in the `links` setting that are reported.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apirefPageUrl, DEFAULT_SITE, DocsLinksError, linkResolver, pathPageUrl, resolveDocsLinks } from '../src/readers/doc-links.js';
import { resolveConfig, ConfigError } from '../src/cli/config.js';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DOCS, runCli, tempDir } from './helpers.js';

const SDK = resolveDocsLinks({ folders: { '.': { apiref: '/windows/win32/api' } } });
const MIXED = resolveDocsLinks({
  site: 'https://learn.microsoft.com/en-us/',
  folders: {
    '': { apiref: '/windows/win32/api' },
    ddi: { apiref: 'https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/' },
    'desktop-src': { pages: '/windows/win32' },
    'desktop-src/legacy': {},
  },
});

test('an apiref page under its published file name keeps that name, below the header of its UID', () => {
  assert.deepEqual(apirefPageUrl('ddi/1394/ni-1394-ioctl_1394_class.md', 'NI:1394.IOCTL_1394_CLASS', MIXED), {
    url: 'https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/1394/ni-1394-ioctl_1394_class',
    from: 'file-name',
  });
  // The published name is not always what the UID spells: the file name wins.
  assert.equal(apirefPageUrl('ddi/sddef/ns-sddef-sd_rw_direct_argument.md', 'NS:sddef._SD_RW_DIRECT_ARGUMENT', MIXED)?.url, 'https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/sddef/ns-sddef-sd_rw_direct_argument');
  assert.equal(apirefPageUrl('ddi/wdm/nf-wdm-rtlulongbyteswap.md', 'NF:wdm.RtlUlongByteSwap~r1', MIXED)?.from, 'file-name');
  // A header page is its header's folder.
  assert.deepEqual(apirefPageUrl('ddi/irb/index.md', 'NA:irb', MIXED), { url: 'https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/irb/', from: 'file-name' });
});

test('a renamed apiref page is placed by its UID: kind, header and name parts, lower-cased', () => {
  assert.deepEqual(apirefPageUrl('sspi/DeleteSecurityContext.md', 'NF:sspi.DeleteSecurityContext', SDK), {
    url: 'https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-deletesecuritycontext',
    from: 'uid',
  });
  assert.equal(apirefPageUrl('x/Method.md', 'NF:gizmo.IGizmo.Tune', SDK)?.url, 'https://learn.microsoft.com/en-us/windows/win32/api/gizmo/nf-gizmo-igizmo-tune');
  assert.equal(apirefPageUrl('x/cb.md', 'NC:ntsecpkg.LSA_DELETE_LOGON_SESSION', SDK)?.url, 'https://learn.microsoft.com/en-us/windows/win32/api/ntsecpkg/nc-ntsecpkg-lsa_delete_logon_session');
  // A file name of another kind or header is not the page's published name.
  assert.equal(apirefPageUrl('x/nf-other-thing.md', 'NF:gizmo.Thing', SDK)?.url, 'https://learn.microsoft.com/en-us/windows/win32/api/gizmo/nf-gizmo-thing');
});

test('a renamed page whose UID the naming rule does not cover gets no address', () => {
  // The docs publish `_NAME` structures and `tagNAME` types under other names, and overloads, operators
  // and names with parentheses under names the UID does not spell.
  for (const uid of ['NS:gizmo._GIZMO_INFO', 'NS:gizmo.tagGIZMO_INFO', 'NF:wdm.RtlUlongByteSwap~r1', 'NF:x.C.Get(INT,LONG)', 'NF:x.C.operator-assign', 'XX:gizmo.Thing', 'NF:gizmo', 'NF:gi zmo.Thing']) {
    assert.equal(apirefPageUrl('renamed/Thing.md', uid, SDK), undefined, uid);
  }
});

test('pages published by their path: lower-cased, .md dropped, index.md is its folder', () => {
  assert.deepEqual(pathPageUrl('desktop-src/SecAuthN/AcceptSecurityContext--General.md', MIXED), {
    url: 'https://learn.microsoft.com/en-us/windows/win32/secauthn/acceptsecuritycontext--general',
    from: 'path',
  });
  assert.equal(pathPageUrl('desktop-src/SecAuthN/index.md', MIXED)?.url, 'https://learn.microsoft.com/en-us/windows/win32/secauthn/');
  assert.equal(pathPageUrl('desktop-src/SecAuthN/page.txt', MIXED), undefined, 'only Markdown pages are published by path');
  assert.equal(pathPageUrl('desktop-src/a b(1).md', MIXED)?.url, 'https://learn.microsoft.com/en-us/windows/win32/a%20b(1)');
});

test('the most specific folder decides, and a folder without an address gives none', () => {
  assert.equal(pathPageUrl('desktop-src/legacy/old.md', MIXED), undefined);
  assert.equal(apirefPageUrl('desktop-src/legacy/old.md', 'NF:old.Old', MIXED), undefined);
  // An apiref page in a folder published by path is placed by its path.
  assert.equal(apirefPageUrl('desktop-src/api/nf-gizmo-x.md', 'NF:gizmo.X', MIXED)?.url, 'https://learn.microsoft.com/en-us/windows/win32/api/nf-gizmo-x');
  // `ddi` is a folder, not a prefix of `ddi-extra`.
  assert.equal(apirefPageUrl('ddi-extra/gizmo/nf-gizmo-x.md', 'NF:gizmo.X', MIXED)?.url, 'https://learn.microsoft.com/en-us/windows/win32/api/gizmo/nf-gizmo-x');
});

test('without a links setting no page has an address', () => {
  const none = resolveDocsLinks(undefined);
  assert.equal(none.site, DEFAULT_SITE);
  assert.equal(apirefPageUrl('sspi/nf-sspi-deletesecuritycontext.md', 'NF:sspi.DeleteSecurityContext', none), undefined);
  assert.equal(pathPageUrl('SecAuthN/x.md', none), undefined);
});

test('links resolve like a browser on the published page; unresolvable ones keep their text only', () => {
  const page = 'https://learn.microsoft.com/en-us/windows/win32/secauthn/acceptsecuritycontext--general';
  const link = linkResolver(page, MIXED);
  assert.equal(link('../secgloss/s-gly.md#security-context'), 'https://learn.microsoft.com/en-us/windows/win32/secgloss/s-gly#security-context');
  assert.equal(link('initializesecuritycontext--general.md'), 'https://learn.microsoft.com/en-us/windows/win32/secauthn/initializesecuritycontext--general');
  assert.equal(link('../api/index.md'), 'https://learn.microsoft.com/en-us/windows/win32/api/');
  assert.equal(link('index.md'), 'https://learn.microsoft.com/en-us/windows/win32/secauthn/');
  assert.equal(link('#remarks'), `${page}#remarks`);
  assert.equal(link('/windows/win32/api/sspi/nf-sspi-freecontextbuffer'), 'https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-freecontextbuffer');
  assert.equal(link('https://example.com/a b'), 'https://example.com/a%20b');
  assert.equal(link('//example.com/x'), 'https://example.com/x');
  for (const bad of ['javascript:alert(1)', 'mailto:a@b.c', 'file:///etc/passwd', '', '   ']) assert.equal(link(bad), undefined, bad);
  // A page without an address: relative links cannot be resolved, site-absolute ones can.
  const homeless = linkResolver(undefined, MIXED);
  assert.equal(homeless('nf-sspi-freecontextbuffer.md'), undefined);
  assert.equal(homeless('#x'), undefined);
  assert.equal(homeless('/windows/desktop/SecGloss/s-gly'), 'https://learn.microsoft.com/en-us/windows/desktop/SecGloss/s-gly');
});

test('mistakes in the links setting are one sentence each', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ site: 'ftp://x' }, /links\.site must be an http\(s\) address/],
    [{ site: 'learn.microsoft.com' }, /links\.site must be an https:\/\/ address or a path starting with \//],
    [{ folders: { '.': { apiref: 'windows/win32/api' } } }, /links\.folders\["\."\]\.apiref must be/],
    [{ folders: { '../up': { pages: '/x' } } }, /must be a folder inside the docs folder/],
    [{ folders: { '.': { pages: '/a' }, '': { pages: '/b' } } }, /names the folder "\." twice/],
    [{ folders: { '.': { apiref: '/a?x=1' } } }, /without \? or #/],
  ];
  for (const [setting, message] of cases) assert.throws(() => resolveDocsLinks(setting as never), (e: unknown) => e instanceof DocsLinksError && message.test((e as Error).message), JSON.stringify(setting));
});

test('the config file carries the links setting, resolved, and reports its mistakes as DG7001', () => {
  const dir = tempDir('links-config');
  writeFileSync(path.join(dir, 'docgen.config.json'), JSON.stringify({ links: { folders: { '.': { apiref: '/windows/win32/api' } } } }));
  assert.deepEqual(resolveConfig({}, dir).links, { site: DEFAULT_SITE, folders: [{ folder: '', apiref: 'https://learn.microsoft.com/en-us/windows/win32/api' }] });
  writeFileSync(path.join(dir, 'docgen.config.json'), JSON.stringify({ links: { folders: { '.': { apiref: '/a', base: '/b' } } } }));
  assert.throws(() => resolveConfig({}, dir), (e: unknown) => e instanceof ConfigError && /links\/folders\/\.\/base is not a known setting \(known: apiref, pages\)/.test((e as Error).message));
  writeFileSync(path.join(dir, 'docgen.config.json'), JSON.stringify({ links: { site: 'nope' } }));
  assert.throws(() => resolveConfig({}, dir), (e: unknown) => e instanceof ConfigError && /^docgen\.config\.json: links\.site must be/.test((e as Error).message));
  writeFileSync(path.join(dir, 'docgen.config.json'), JSON.stringify({}));
  assert.equal(resolveConfig({}, dir).links, undefined);
});

test('generate writes each API its docs address; another links setting rebuilds it even from a warm cache, and check follows', async () => {
  const dir = tempDir('links-run');
  cpSync(DOCS, path.join(dir, 'docs'), { recursive: true });
  const urlOf = (name: string): string | undefined =>
    (JSON.parse(readFileSync(path.join(dir, 'generated/spec.json'), 'utf8')) as { apis: Array<{ name: string; docsUrl?: { url: string } }> }).apis.find((a) => a.name === name)?.docsUrl?.url;
  const config = (apiref: string): void => writeFileSync(path.join(dir, 'docgen.config.json'), JSON.stringify({ links: { folders: { '.': { apiref } } } }));
  config('/windows/win32/api');
  assert.equal((await runCli(['generate', '--quiet'], dir)).code, 0);
  assert.equal(urlOf('DeleteSecurityContext'), 'https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-deletesecuritycontext');
  assert.equal(urlOf('SspiFreeAsyncContext'), undefined, 'a page docgen wrote has no address');
  assert.equal(urlOf('LSA_DELETE_LOGON_SESSION'), undefined, 'a rendered page has no address');
  assert.match(readFileSync(path.join(dir, 'generated/src/sspi.ts'), 'utf8'), /@see \{@link https:\/\/learn\.microsoft\.com\/en-us\/windows\/win32\/api\/sspi\/nf-sspi-deletesecuritycontext \| DeleteSecurityContext on learn\.microsoft\.com\}/);
  config('https://docs.example/api');
  const stale = await runCli(['check'], dir);
  assert.equal(stale.code, 1, 'the output is out of step with the new setting');
  assert.equal((await runCli(['generate', '--quiet'], dir)).code, 0);
  assert.equal(urlOf('DeleteSecurityContext'), 'https://docs.example/api/sspi/nf-sspi-deletesecuritycontext');
  assert.equal((await runCli(['check'], dir)).code, 0);
});
