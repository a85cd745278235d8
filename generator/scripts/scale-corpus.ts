/**
 * Builds a large, realistic docs folder for benchmarks from the real apiref pages of the shared
 * corpus: every output page is a copy of a real page with its API names renamed, so the pages are
 * all distinct while keeping the real page structure (front matter, sections, HTML, tables).
 *
 * Usage: npm run scale-corpus -- --out DIR [--pages 24000] [--seed 1] [--from DIR]... [--headers-every 6]
 *
 * - `--from` (repeatable; default ../shared/corpus/ddi): folders of source pages. Every file is used.
 * - Copy k of the source set renames every name the source pages define (the UID's API name, the
 *   interface of a method, `api_name`, `req.typenames`) by inserting a copy tag (`AtaPortInitQueueTag`
 *   → `AtaPortInitQueueTagQk3`; `FooAsync` → `FooQk3Async`, so async/sync pairs stay pairs), everywhere
 *   it appears as a whole word in the page (front matter, title, prose, syntax), consistently across
 *   all pages of the copy. Lower-case spellings (keywords, links, file names) get the lower-case tag.
 * - Every `--headers-every` copies share one renamed header (`irb.h` → `irb3.h`), so the corpus has
 *   roughly as many pages per header as the real driver reference (about 20) instead of piling
 *   thousands of APIs into one header.
 * - Deterministic: the page order and the copy tags come from a seeded PRNG (`--seed`); the same
 *   arguments write byte-identical files.
 * - The output folder must be outside the repository; an existing folder is replaced only when a
 *   previous run of this script made it (it holds `.scale-corpus.json`).
 */
import { classifyByName } from '../src/readers/non-page-files.js';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compareStrings } from '../src/diagnostics.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MARKER = '.scale-corpus.json';

interface SourcePage {
  /** Path relative to its source folder. */
  rel: string;
  text: string;
  header?: string;
}

/** mulberry32: a small seeded PRNG, enough for shuffles and tags. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, base));
    else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort(compareStrings);
}

function frontMatterOf(text: string): string {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return m ? m[1]! : '';
}

/** The names a page defines: UID segments after the header, `api_name` entries, `req.typenames`. */
export function definedNames(text: string): { header?: string; names: string[] } {
  const fm = frontMatterOf(text);
  const names: string[] = [];
  const uid = /^UID:\s*(N[A-Z]):([^\s]+)\s*$/m.exec(fm);
  let header: string | undefined;
  if (uid) {
    const [h, ...rest] = uid[2]!.split('.');
    header = h;
    if (uid[1] !== 'NA') names.push(...rest);
  }
  const apiNames = /^api_name:\s*\n((?:[ \t]*-[^\n]*\n?)*)/m.exec(fm);
  if (apiNames && uid?.[1] !== 'NA') {
    for (const line of apiNames[1]!.split('\n')) {
      const v = line.replace(/^[ \t]*-\s*/, '').trim();
      if (v) names.push(...v.split('.'));
    }
  }
  const typenames = /^req\.typenames:[ \t]*(.*)$/m.exec(fm);
  if (typenames) for (const t of typenames[1]!.split(',')) names.push(t.trim().replace(/^\*+/, ''));
  return { header, names: names.filter((n) => /^[A-Za-z_][A-Za-z0-9_]{3,}$/.test(n)) };
}

/** The renamed form of `name` in the copy tagged `tag` (tag: `Q` + lower-case base-36 chars). */
export function renamed(name: string, tag: string): string {
  const async = /^(.+?)(Async)$/.exec(name);
  if (async) return `${async[1]}${tag}${async[2]}`;
  return /[a-z]/.test(name) ? `${name}${tag}` : `${name}_${tag.toUpperCase()}`;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface CopyPlan {
  tag: string;
  headerSuffix: string;
}

/** Rewrites one page for copy `plan`: names (case-sensitive, then lower-case spellings) and its header. */
export function rewritePage(text: string, nameRe: RegExp | undefined, lowerRe: RegExp | undefined, header: string | undefined, plan: CopyPlan): string {
  let out = text;
  if (plan.tag) {
    if (nameRe) out = out.replace(nameRe, (m: string) => renamed(m, plan.tag));
    if (lowerRe) out = out.replace(lowerRe, (m: string) => renamed(m, plan.tag).toLowerCase());
  }
  if (header && plan.headerSuffix) {
    const h = escapeRe(header);
    out = out
      .replace(new RegExp(`^(UID:\\s*N[A-Z]:)${h}(?=[.\\s])`, 'm'), `$1${header}${plan.headerSuffix}`)
      .replace(new RegExp(`(?<![\\w.-])(${h})\\.h(?![\\w])`, 'gi'), (_m, name: string) => `${name}${plan.headerSuffix}.h`);
  }
  return out;
}

function wordRegex(words: Iterable<string>, flags = 'g'): RegExp | undefined {
  const list = [...new Set(words)].sort((a, b) => b.length - a.length || compareStrings(a, b));
  if (list.length === 0) return undefined;
  return new RegExp(`(?<![A-Za-z0-9_])(?:${list.map(escapeRe).join('|')})(?![A-Za-z0-9_])`, flags);
}

export interface ScaleOptions {
  out: string;
  pages: number;
  seed: number;
  from: string[];
  headersEvery: number;
}

export function buildScaleCorpus(opts: ScaleOptions): { written: number; bytes: number; sources: number } {
  const sources: SourcePage[] = [];
  for (const dir of opts.from) {
    // Only pages are copied: a copy is always named `.md`, and images or config files are not pages.
    for (const rel of listFiles(dir).filter((file) => classifyByName(file) === 'page')) {
      const text = readFileSync(path.join(dir, rel), 'utf8');
      sources.push({ rel: opts.from.length > 1 ? `${path.basename(dir)}/${rel}` : rel, text, header: definedNames(text).header });
    }
  }
  if (sources.length === 0) throw new Error(`no source pages in ${opts.from.join(', ')}`);
  const allNames = new Set(sources.flatMap((s) => definedNames(s.text).names));
  const nameRe = wordRegex(allNames);
  const lower = [...allNames].map((n) => n.toLowerCase()).filter((n) => !allNames.has(n));
  const lowerRe = wordRegex(lower);

  const random = prng(opts.seed);
  const order = sources.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const copies = Math.ceil(opts.pages / sources.length);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const plans: CopyPlan[] = [];
  for (let k = 0; k < copies; k++) {
    const noise = alphabet[Math.floor(random() * 26)]!;
    const group = Math.floor(k / opts.headersEvery);
    // Copy 0 is the source itself; others get a unique tag (copy number in base 36 plus seeded noise).
    plans.push({ tag: k === 0 ? '' : `Q${noise}${k.toString(36)}`, headerSuffix: group === 0 ? '' : String(group + 1) });
  }

  if (existsSync(opts.out)) {
    if (readdirSync(opts.out).length > 0 && !existsSync(path.join(opts.out, MARKER))) {
      throw new Error(`${opts.out} is not empty and was not made by scale-corpus; choose another --out`);
    }
    rmSync(opts.out, { recursive: true, force: true });
  }
  mkdirSync(opts.out, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < opts.pages; i++) {
    const source = sources[order[i % sources.length]!]!;
    const plan = plans[Math.floor(i / sources.length)]!;
    const text = rewritePage(source.text, nameRe, lowerRe, source.header, plan);
    const dir = path.posix.dirname(source.rel);
    const base = path.posix.basename(source.rel).replace(/\.md$/, '');
    const outDir = dir === '.' ? '' : dir.split('/').map((d, n) => (n === dir.split('/').length - 1 && source.header && d === source.header ? `${d}${plan.headerSuffix}` : d)).join('/');
    const name = plan.tag ? `${base}-${plan.tag.toLowerCase()}.md` : `${base}.md`;
    const target = path.join(opts.out, outDir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    bytes += Buffer.byteLength(text);
  }
  writeFileSync(path.join(opts.out, MARKER), `${JSON.stringify({ pages: opts.pages, seed: opts.seed, from: opts.from.map((f) => path.relative(ROOT, f)), headersEvery: opts.headersEvery }, null, 2)}\n`);
  return { written: opts.pages, bytes, sources: sources.length };
}

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        pages: { type: 'string', default: '24000' },
        seed: { type: 'string', default: '1' },
        from: { type: 'string', multiple: true },
        'headers-every': { type: 'string', default: '6' },
      },
    }));
  } catch (error) {
    process.stderr.write(`scale-corpus: ${(error as Error).message}\n`);
    return 2;
  }
  const whole = (v: string | undefined, name: string): number => {
    if (!v || !/^\d+$/.test(v) || Number(v) < 1) throw new Error(`--${name} must be a positive whole number`);
    return Number(v);
  };
  try {
    if (!values.out) throw new Error('--out DIR is required (a folder outside the repository, e.g. /tmp/docgen-scale)');
    const out = path.resolve(values.out);
    if (out === ROOT || out.startsWith(ROOT + path.sep)) throw new Error(`--out must be outside the repository (${ROOT})`);
    const from = (values.from?.length ? values.from : [path.join(ROOT, '../shared/corpus/ddi')]).map((f) => path.resolve(f));
    for (const f of from) if (!existsSync(f)) throw new Error(`source folder ${f} does not exist`);
    const opts = { out, pages: whole(values.pages, 'pages'), seed: whole(values.seed, 'seed'), from, headersEvery: whole(values['headers-every'], 'headers-every') };
    const started = performance.now();
    const r = buildScaleCorpus(opts);
    process.stdout.write(
      `scale-corpus: wrote ${r.written} pages (${(r.bytes / 1024 / 1024).toFixed(1)} MB) from ${r.sources} source pages to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`scale-corpus: ${(error as Error).message}\n`);
    return 2;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exitCode = main(process.argv.slice(2));
