/**
 * The scale benchmark: how docgen compares with a bare Markdown parse of the same pages, cold and
 * warm. Measures, each in a fresh child process:
 *
 *   (a) baseline: unified + remark-parse + remark-frontmatter + remark-gfm `parse` of every file,
 *       on one thread (read, UTF-8 decode, parse; nothing else);
 *   (b) cold: `docgen generate` end to end (the real CLI, `generator/bin/docgen.js`) into a
 *       temporary folder, with an empty cache folder;
 *   (c) warm: the same command again after one page changed (a sentence appended to one page);
 *   (d) warm again after a change that the generated code shows (a sentence added to the
 *       description of a function page, found by its content), so files are rendered again;
 *   (e) warm again after an edit that changes an API's summary: a parameter of a function page
 *       renamed (its heading and so the binding's parameter name);
 *   (f) warm again after a page is renamed (moved to a new file name in its folder).
 *
 * With `--repeat N` each warm run (c)–(f) is timed N times, the edit and its undo alternately (an
 * undo is the same kind of change: a sentence removed, a parameter renamed back, a page renamed
 * back), and the table shows the run of median wall time; on a busy machine one warm run can be
 * 20% off, and the median of five is not.
 *
 * The docs folder is copied into the temporary folder first, so the page edited for (c) is never
 * one of yours, and so is the built generator (`generator/dist/src`, `bin`, `templates`), so a
 * rebuild during the benchmark cannot change the code between (b) and (c) (which would rightly
 * invalidate the cache). For each run: wall time (spawn to exit), pages/s, MB/s and peak memory. Peak
 * memory is the child's `process.resourceUsage().maxRSS` (getrusage's ru_maxrss: the peak resident
 * set of the whole process, worker threads included), written by a tiny `--import` preload when the
 * child exits: no `/usr/bin/time` needed, and no sampling gaps. The same hook reports the CPU time
 * the child used on all its threads (user + system): CPU time over wall time is how many cores a
 * run kept busy. (On small machines a single-thread parse is not single-core: V8 collects garbage
 * and compiles on helper threads; the table shows it.)
 *
 * Usage: npm run bench -- <docs folder> [--json] [--jobs N] [--repeat N] [--keep]
 *        npm run bench:smoke   (200 pages of the scale corpus when ../shared exists, else docs/)
 * Asserts nothing about time; exits 2 when a run crashes or the arguments are wrong.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { listDocFiles } from '../src/io/read-docs.js';
import { buildScaleCorpus } from './scale-corpus.js';
import { PARAMETER_HEADING, withParameterRenamed } from './doc-edits.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SELF = fileURLToPath(import.meta.url);

interface RunResult {
  name: string;
  wallMs: number;
  pagesPerSec: number;
  mbPerSec: number;
  peakRssMb: number;
  /** CPU time of the child on all threads (user + system), ms. */
  cpuMs: number;
  exitCode: number;
  /** 1-minute load average just before the run. */
  load: number;
  /** With `--repeat`: the wall time of every run, ms, in order (this result is the median one). */
  samples?: number[];
}

/** A warm run's change to the docs: made by `apply`, taken back by `undo`. */
interface Edit {
  name: string;
  apply(): void;
  undo(): void;
}

/** The child side of (a): parse every file, then report. */
async function baselineChild(folder: string): Promise<void> {
  const files = await listDocFiles(folder);
  const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);
  const decoder = new TextDecoder('utf-8');
  let nodes = 0;
  for (const file of files) {
    const tree = processor.parse(decoder.decode(readFileSync(path.join(folder, file))));
    nodes += tree.children.length;
  }
  process.stdout.write(`${JSON.stringify({ files: files.length, nodes })}\n`);
}

const PRELOAD = `import { writeFileSync } from 'node:fs';
const out = process.env.DOCGEN_BENCH_RSS_FILE;
process.on('exit', () => {
  const u = process.resourceUsage();
  if (out) writeFileSync(out, JSON.stringify({ maxRSS: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
});
`;

function timed(name: string, args: string[], cwd: string, work: string, pages: number, bytes: number): RunResult {
  const rssFile = path.join(work, `rss-${name.replace(/\W+/g, '-')}.json`);
  rmSync(rssFile, { force: true });
  const load = os.loadavg()[0]!;
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(path.join(work, 'rss-preload.mjs')).href, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, DOCGEN_BENCH_RSS_FILE: rssFile, CI: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  const exitCode = child.status ?? -1;
  if (exitCode > 1 || exitCode < 0) {
    throw new Error(`${name} failed (exit ${exitCode}${child.signal ? `, ${child.signal}` : ''}):\n${(child.stderr ?? '').slice(-2000)}`);
  }
  let peakRssMb = NaN;
  let cpuMs = NaN;
  try {
    const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRSS: number; cpuUs: number };
    peakRssMb = usage.maxRSS / 1024;
    cpuMs = usage.cpuUs / 1000;
  } catch {
    // Reported as n/a.
  }
  const seconds = wallMs / 1000;
  return { name, wallMs, pagesPerSec: pages / seconds, mbPerSec: bytes / 1024 / 1024 / seconds, peakRssMb, cpuMs, exitCode, load };
}

/**
 * `edit` timed `repeat` times, applied and undone alternately (it is left applied when `repeat` is
 * odd); the result of median wall time, with every run's time in `samples`.
 */
function timedEdit(edit: Edit, repeat: number, run: (name: string) => RunResult): RunResult {
  const runs: RunResult[] = [];
  for (let i = 0; i < repeat; i++) {
    if (i % 2 === 0) edit.apply();
    else edit.undo();
    runs.push(run(edit.name));
  }
  const median = [...runs].sort((x, y) => x.wallMs - y.wallMs)[Math.floor((repeat - 1) / 2)]!;
  return repeat === 1 ? median : { ...median, name: `${edit.name}, median of ${repeat}`, samples: runs.map((r) => r.wallMs) };
}

/** An edit that replaces the text of `file` with `edited(text)`, and puts the text back. */
function textEdit(name: string, file: string, edited: (text: string) => string): Edit {
  const original = readFileSync(file, 'utf8');
  return { name, apply: () => writeFileSync(file, edited(original)), undo: () => writeFileSync(file, original) };
}

function table(results: RunResult[], ratios: Record<string, number>, meta: { pages: number; mb: number; cores: number; jobs: string }): string {
  const head = ['run', 'wall s', 'pages/s', 'MB/s', 'peak RSS MB', 'CPU s', 'cores', 'exit', 'load (1 min)'];
  const rows = results.map((r) => [
    r.name,
    (r.wallMs / 1000).toFixed(2),
    r.pagesPerSec.toFixed(0),
    r.mbPerSec.toFixed(2),
    Number.isNaN(r.peakRssMb) ? 'n/a' : r.peakRssMb.toFixed(0),
    Number.isNaN(r.cpuMs) ? 'n/a' : (r.cpuMs / 1000).toFixed(2),
    Number.isNaN(r.cpuMs) ? 'n/a' : (r.cpuMs / r.wallMs).toFixed(2),
    String(r.exitCode),
    r.load.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `${meta.pages} pages, ${meta.mb.toFixed(1)} MB, ${meta.cores} cores, docgen --jobs ${meta.jobs}`,
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    ...Object.entries(ratios).map(([k, v]) => `${k}: ${v.toFixed(3)}`),
    ...results.filter((r) => r.samples).map((r) => `${r.name.slice(0, 3)} every run, s: ${r.samples!.map((ms) => (ms / 1000).toFixed(2)).join(' ')}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--baseline-child') {
    await baselineChild(argv[1]!);
    return 0;
  }
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, jobs: { type: 'string' }, repeat: { type: 'string' }, keep: { type: 'boolean' }, smoke: { type: 'boolean' } },
    }));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'docgen-bench-'));
  try {
    let source: string;
    if (values.smoke) {
      const ddi = path.join(ROOT, '../shared/corpus/ddi');
      if (existsSync(ddi)) {
        source = path.join(work, 'scale-200');
        buildScaleCorpus({ out: source, pages: 200, seed: 1, from: [ddi], headersEvery: 6 });
      } else {
        source = path.join(ROOT, 'docs');
      }
    } else {
      if (positionals.length !== 1) {
        process.stderr.write('usage: npm run bench -- <docs folder> [--json] [--jobs N] [--repeat N] [--keep]\n');
        return 2;
      }
      source = path.resolve(positionals[0]!);
    }
    if (!existsSync(source) || !statSync(source).isDirectory()) {
      process.stderr.write(`bench: ${source} is not a folder\n`);
      return 2;
    }
    for (const option of ['jobs', 'repeat'] as const) {
      if (values[option] !== undefined && !/^[1-9]\d*$/.test(values[option])) {
        process.stderr.write(`bench: --${option} must be a whole number of 1 or more\n`);
        return 2;
      }
    }
    const repeat = Number(values.repeat ?? 1);
    writeFileSync(path.join(work, 'rss-preload.mjs'), PRELOAD);
    // Run a snapshot of the current build, so a rebuild by someone else during the benchmark can
    // neither mix two builds nor invalidate the cache between (b) and (c). The bundle is part of it:
    // `docgen` runs from the bundle when the build made one, and so must the benchmark.
    const gen = path.join(work, 'docgen');
    for (const part of ['generator/bin', 'generator/dist/src', 'generator/dist/bundle', 'generator/package.json', 'templates']) {
      if (existsSync(path.join(ROOT, part))) cpSync(path.join(ROOT, part), path.join(gen, part), { recursive: true });
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(gen, 'node_modules'), 'dir');
    const bin = path.join(gen, 'generator/bin/docgen.js');
    const docs = path.join(work, 'docs');
    cpSync(source, docs, { recursive: true });
    const files = await listDocFiles(docs);
    const bytes = files.reduce((sum, f) => sum + statSync(path.join(docs, f)).size, 0);
    const pages = files.length;
    if (pages === 0) {
      process.stderr.write(`bench: ${source} has no files\n`);
      return 2;
    }
    const out = path.join(work, 'generated');
    const cache = path.join(work, 'cache');
    mkdirSync(cache);
    const generate = [bin, 'generate', '--docs', docs, '--out', out, '--cache', cache, '--quiet', ...(values.jobs ? ['--jobs', values.jobs] : [])];

    const log = (s: string): void => {
      if (!values.json) process.stderr.write(`${s}\n`);
    };
    log(`bench: ${pages} pages (${(bytes / 1024 / 1024).toFixed(1)} MB) from ${source}; work folder ${work}`);
    log('bench: (a) baseline, bare unified + remark parse on one thread ...');
    const a = timed('(a) bare remark parse, 1 thread', [SELF, '--baseline-child', docs], work, work, pages, bytes);
    log('bench: (b) docgen generate, cold ...');
    const b = timed('(b) docgen generate, cold', generate, work, work, pages, bytes);
    const warm = (edit: Edit, describe: string): RunResult => {
      log(`bench: ${edit.name.slice(0, 3)} docgen generate, warm, after ${describe}${repeat > 1 ? ` (${repeat} runs: the edit and its undo alternately)` : ''} ...`);
      return timedEdit(edit, repeat, (name) => timed(name, generate, work, work, pages, bytes));
    };
    // (c): change one page, chosen by position (the middle of the sorted list), never by name.
    const changed = files[Math.floor(files.length / 2)]!;
    const c = warm(
      textEdit('(c) docgen generate, warm (1 page changed)', path.join(docs, changed), (text) => `${text}\n\nThis sentence was added by the docgen benchmark.\n`),
      `changing ${changed}`,
    );
    const results = [a, b, c];
    const ratios: Record<string, number> = { '(b)/(a) cold vs baseline': b.wallMs / a.wallMs, '(c)/(b) warm vs cold': c.wallMs / b.wallMs };
    // (d): a sentence added to the description of a function page (found by its content), which the
    // generated bindings and stubs show.
    const described = functionPageFrom(docs, files, Math.floor(files.length / 2));
    if (described) {
      const edit = textEdit('(d) docgen generate, warm (a description edited)', path.join(docs, described), (text) =>
        text.replace(DESCRIPTION, '$& This sentence was added by the docgen benchmark.'),
      );
      const d = warm(edit, `editing the description of ${described}`);
      results.push(d);
      ratios['(d)/(b) warm vs cold'] = d.wallMs / b.wallMs;
    }
    // (e): a parameter renamed in the first function page with a parameter section after (d)'s, as
    // a user renames one: its heading, and the name wherever the page writes it (the prototype
    // among them, which would otherwise keep the old name in the API's summary).
    const withParameter = functionPageFrom(docs, files, Math.floor(files.length / 2) + 1, PARAMETER_HEADING);
    if (withParameter) {
      const edit = textEdit('(e) docgen generate, warm (a parameter renamed)', path.join(docs, withParameter), (text) => withParameterRenamed(text)!.text);
      const e = warm(edit, `renaming a parameter in ${withParameter}`);
      results.push(e);
      ratios['(e)/(b) warm vs cold'] = e.wallMs / b.wallMs;
    }
    // (f): the page a quarter of the way down the sorted list, renamed.
    const renamed = files[Math.floor(files.length / 4)]!;
    const extension = path.extname(renamed);
    const renamedTo = `${renamed.slice(0, renamed.length - extension.length)}-renamed${extension}`;
    const f = warm(
      {
        name: '(f) docgen generate, warm (a page renamed)',
        apply: () => renameSync(path.join(docs, renamed), path.join(docs, renamedTo)),
        undo: () => renameSync(path.join(docs, renamedTo), path.join(docs, renamed)),
      },
      `renaming ${renamed} to ${path.basename(renamedTo)}`,
    );
    results.push(f);
    ratios['(f)/(b) warm vs cold'] = f.wallMs / b.wallMs;
    const meta = { pages, mb: bytes / 1024 / 1024, cores: os.availableParallelism?.() ?? os.cpus().length, jobs: values.jobs ?? 'default' };
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...meta, changedPage: changed, loadavg: os.loadavg(), results, ratios }, null, 2)}\n`);
    } else {
      process.stdout.write(`${table(results, ratios, meta)}\nload average now: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
    }
    return 0;
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  } finally {
    if (values.keep) process.stderr.write(`bench: kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

const DESCRIPTION = /## -description\n+[^\n]*\S/;

/** The first page from `start` on (wrapping) that documents a function and matches `has` (by default: a description section). */
function functionPageFrom(root: string, files: readonly string[], start: number, has: RegExp = DESCRIPTION): string | undefined {
  for (let k = 0; k < files.length; k++) {
    const file = files[(start + k) % files.length]!;
    const text = readFileSync(path.join(root, file), 'utf8');
    if (/^UID: NF:/m.test(text) && has.test(text)) return file;
  }
  return undefined;
}

process.exitCode = await main(process.argv.slice(2));
