/**
 * The generate, check and diff commands: configuration in, files and reports out.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';

import { compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';
import { EmitError } from '../emit/errors.js';
import type { EmitResult } from '../emit/keys.js';
import { startEmit } from '../emit/run.js';
import { isReused, type OutputContent, type PreparedFile } from '../emit/output-content.js';
import { defaultCacheDir } from '../io/cache.js';
import { lockOutput, LockTimeoutError, LockUnavailableError, type LockOwner } from '../io/lock.js';
import { contentBytes, MANIFEST, preparedSpecFile, writeContent, writeOutput } from '../io/write-output.js';
import type { Spec } from '../model/spec.js';
import { formatOnThreads, THREAD_CHUNK } from '../emit/format-pool.js';
import { FORMAT_CHUNK, type RenderedFile } from '../emit/format.js';
import { jobCount } from '../parallel/pool.js';
import { buildDocs, DOCGEN_VERSION, specFromDocs, type DocsBuild, type LoadOptions } from '../pipeline.js';
import { diffSpecs, formatChanges } from '../model/spec-diff.js';
import { resolveConfig, type ConfigFlags, type ResolvedConfig } from './config.js';
import { DEFAULT_LOCK_TIMEOUT_S, printDiagnostics, UsageError, type DiagnosticView, type Io } from './main.js';
import { isDocumentFormat } from './report.js';
import { PhaseTimer } from '../timings.js';
import { BUILTIN_TEMPLATES } from '../paths.js';

/** Folders inside the output that belong to the generated package's own build, not to docgen. */
const BUILD_PRODUCTS = new Set(['node_modules', 'dist']);

interface CommonOptions extends ConfigFlags, DiagnosticView {
  quiet?: boolean;
  /** `--lock-timeout`: seconds to wait for another run on the same output folder. */
  lockTimeout?: number;
  /** `--cache DIR`, or false for `--no-cache`. */
  cache?: string | false;
  jobs?: number;
  /** `--timings`: print how long each stage took. */
  timings?: boolean;
}

/**
 * Runs `section` holding the lock of the output folder (io/lock.ts): a run that finds another one
 * using the folder waits for it, up to `--lock-timeout`, then stops with exit 2 (DG7003).
 */
async function withOutputLock<T>(config: ResolvedConfig, opts: CommonOptions, io: Io, command: 'generate' | 'check', section: () => Promise<T>): Promise<T> {
  const out = `${relative(io, config.out)}/`;
  const timeoutS = opts.lockTimeout ?? DEFAULT_LOCK_TIMEOUT_S;
  let lock;
  try {
    lock = await lockOutput(config.out, {
      command,
      timeoutMs: timeoutS * 1000,
      onWait: (holder) => {
        if (!opts.quiet) io.err(`docgen: waiting for another docgen run (${holderName(holder)}) to finish ${holder?.command === 'check' ? 'checking' : 'writing'} ${out}`);
      },
      onStale: (holder) => {
        if (!opts.quiet) io.err(`docgen: took over the lock of ${out} from a docgen run that has ended (${holderName(holder)}).`);
      },
    });
  } catch (error) {
    if (error instanceof LockTimeoutError) {
      const elsewhere = error.holder && error.holder.host !== hostname() ? `; if that run has ended, delete ${relative(io, config.out)}.docgen-lock` : '';
      throw new UsageError(`${out} is still in use by another docgen run (${holderName(error.holder)}) after waiting ${timeoutS} s${elsewhere}; run docgen again when it has finished, or raise --lock-timeout.`, 'DG7003');
    }
    // A folder this user cannot write: check only reads it, and no run of this user can write it meanwhile.
    if (error instanceof LockUnavailableError && command === 'check') return section();
    if (error instanceof LockUnavailableError) throw new UsageError(`${out} cannot be locked for writing: ${relative(io, error.file)} could not be created (${error.reason}).`, 'DG7004');
    throw error;
  }
  try {
    return await section();
  } finally {
    lock.release();
  }
}

function holderName(holder: LockOwner | undefined): string {
  if (!holder) return 'its lock file cannot be read yet';
  return holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
}

/** Where the cache lives for these options, or undefined when it is off. */
function cacheDirOf(opts: CommonOptions, io: Io): string | undefined {
  if (opts.cache === false) return undefined;
  return opts.cache ? path.resolve(io.cwd, opts.cache) : defaultCacheDir(io.cwd);
}

interface Rendered {
  build: DocsBuild;
  emitted: EmitResult;
  /** `spec.json`, when it was prepared beside the output folder (see `renderBuild`). */
  spec?: PreparedFile;
}

/**
 * Pages read from which the heap's growth is bounded (`tightenHeapGrowth`): a run that reads this
 * many builds and emits a spec large enough for V8's default growth to take it over 1 GB (24,000
 * pages: 1.4 GB), where a smaller one stays well under (6,000 pages: 0.6 GB).
 */
const LARGE_READ_PAGES = 10_000;

/**
 * After a large read the run holds the spec, the summaries and the plan while it makes many
 * short-lived objects, and by default V8 lets the heap grow to two or three times what is live
 * before it collects. Growing it by at most a quarter over what is live after each full collection
 * measured under 1 GB on 24,000 pages, for 4% more time after the read. Not before the pages are
 * read (on the threads that parse them the limit cost more time than it saved memory), and not
 * after a smaller read, where it only costs time (11-22% after the read of 6,000 pages; 10% after a
 * parameter was renamed in one of 24,000). A V8 setting for the whole process: see the README's
 * Memory.
 */
function tightenHeapGrowth(pagesRead: number): void {
  if (pagesRead >= LARGE_READ_PAGES) v8.setFlagsFromString('--heap-growing-percent=25');
}

/**
 * Reads the docs and renders the package in memory; the output folder is not touched (a new
 * `spec.json` may be prepared beside it, and the cache is updated). With a cache, only what
 * changed since the previous run for the same output folder is read, built and rendered; files that
 * did not change come back as `ReusedFile`s.
 */
async function render(config: ResolvedConfig, opts: CommonOptions, io: Io, timer: PhaseTimer, writing: boolean): Promise<Rendered> {
  const build = await buildDocs(config.docs, {
    ...progress(io),
    cacheDir: cacheDirOf(opts, io),
    jobs: opts.jobs,
    timer,
    outDir: config.out,
    racyMs: io.racyMs,
    headers: config.headers,
    ...(config.links ? { read: { links: config.links } } : {}),
    onRead: tightenHeapGrowth,
  });
  try {
    return await renderBuild(build, config, timer, writing, jobCount(opts.jobs));
  } catch (error) {
    await discardPrepared(build, config);
    throw error;
  }
}

/** Removes a spec.json the background thread wrote that the writer did not move, and ends the thread. */
async function discardPrepared(build: DocsBuild, config: ResolvedConfig): Promise<void> {
  await build.specWrite?.catch(() => undefined);
  await rm(preparedSpecFile(config.out), { force: true });
  build.background?.close();
}

/**
 * The package of a build, through the one emit path (`emit/run.ts`): the plan recalled from the
 * previous emit when its records allow it, else planned; the files whose key changed rendered, and
 * formatted on threads as they come.
 */
async function emitBuild(build: DocsBuild, config: ResolvedConfig, timer: PhaseTimer, writing: boolean, jobs: number): Promise<EmitResult> {
  const emitOptions = {
    packageName: config.packageName,
    packageVersion: config.packageVersion,
    docgenVersion: DOCGEN_VERSION,
    templatesDir: config.templates,
    builtinTemplatesDir: BUILTIN_TEMPLATES,
  };
  // A run that writes reads no entry after the emit: each is let go once the files that list it are rendered.
  const run = await startEmit(build.source, emitOptions, build, writing);
  timer.lap(`plan (${run.stats.files} files${run.stats.planned ? '' : ', recalled'})`);
  // Once every file is rendered, the entries they read are let go, before formatting ends.
  const rendered = run.render();
  function* thenCompact(): Iterable<RenderedFile> {
    yield* rendered;
    if (writing) build.source.compact();
  }
  // Formatted while the rest is rendered, on threads of their own whose heaps the formatter's many
  // short-lived syntax trees cannot swell (see emit/format-pool.ts); a few files on this thread.
  // One thread fewer than the jobs (at least one): this thread renders meanwhile, so each core has
  // one busy thread. (One per job, measured on two cores: the driver reference's 6,000 pages
  // rendered 5-10% slower and peaked 90-120 MB higher; 24,000 pages rendered as fast, within the
  // noise, and peaked 130-160 MB higher, at 1.0 GB.)
  const formatted = await formatOnThreads(thenCompact(), { chunk: THREAD_CHUNK, threads: Math.max(1, jobs - 1), fewest: FORMAT_CHUNK + 1 });
  timer.lap(`render + check + format (${formatted.length} files rendered, ${run.stats.reused} unchanged, ${run.stats.viewed} views computed)`);
  return run.finish(formatted);
}

async function renderBuild(build: DocsBuild, config: ResolvedConfig, timer: PhaseTimer, writing: boolean, jobs: number): Promise<Rendered> {
  // The new parts of the spec are checked against its schema (DG6006) meanwhile; nothing is
  // written from a spec that fails (a docgen bug, never a docs mistake).
  const validation = build.validate();
  validation.catch(() => undefined);
  // A new spec.json is written next to the output folder on the background thread while the other
  // files are emitted; the writer moves it into place.
  let spec: PreparedFile | undefined;
  const json = writing ? build.source.json() : undefined;
  if (json && json.key !== build.previousSpecKey) {
    const file = preparedSpecFile(config.out);
    mkdirSync(path.dirname(file), { recursive: true });
    // Without a background thread it is written now, before the entries' text is let go.
    const sha = build.background ? build.background.write(file, json.content) : Promise.resolve().then(() => writeContent(file, json.content));
    spec = { prepared: sha.then((sha256) => ({ file, sha256 })) };
    spec.prepared.catch(() => undefined);
    build.specWrite = spec.prepared;
    if (!build.background) await spec.prepared.catch(() => undefined);
    // The background thread has its own copy of the text; the emitted spec.json is dropped below.
    build.source.releaseJsonText();
  }
  let emitted: EmitResult;
  try {
    emitted = await emitBuild(build, config, timer, writing, jobs);
  } catch (error) {
    if (error instanceof EmitError) throw new UsageError(error.message, error.code);
    throw error;
  }
  // The prepared spec.json stands for the emitted one only when the emit took the source's text
  // (then the emitted one, emptied by releaseJsonText, is dropped).
  if (spec && emitted.files.get('spec.json') !== json!.content) spec = undefined;
  if (spec) emitted.files.delete('spec.json');
  if (writing) build.source.compact();
  const errors = await validation;
  if (errors.length > 0) throw new UsageError(`The spec does not match the spec schema: ${errors.slice(0, 3).join('; ')}.`, 'DG6006');
  return { build, emitted, spec };
}

/**
 * The spec's diagnostics and the generation diagnostics of a render; with `errorsOnly`, its errors.
 * The spec's are read (from the previous build, when they did not change) only when some are wanted.
 */
function diagnosticsOf({ build, emitted }: Rendered, errorsOnly: boolean): Diagnostic[] {
  const spec = errorsOnly && build.update.diagnosticCounts.error === 0 ? [] : build.update.diagnostics();
  const all = [...spec, ...emitted.diagnostics];
  return errorsOnly ? all.filter((d) => d.severity === 'error') : all;
}

export async function runGenerate(opts: CommonOptions, io: Io): Promise<number> {
  const config = resolveConfig(opts, io.cwd);
  const timer = new PhaseTimer();
  // From reading the build state to saving it, the output folder and its state are this run's alone.
  const { rendered, files, kept } = await withOutputLock(config, opts, io, 'generate', async () => {
    const rendered = await render(config, opts, io, timer, true);
    const { build, emitted, spec } = rendered;
    const files = new Map<string, OutputContent>(emitted.files);
    if (spec) files.set('spec.json', spec);
    let saving;
    let written;
    try {
      // The build state is laid out while the background thread still writes spec.json.
      saving = build.prepareSave(emitted);
      written = await writeOutput(config.out, files, `docgen ${DOCGEN_VERSION}`);
    } finally {
      await discardPrepared(build, config);
    }
    saving.commit(written.shas);
    return { rendered, files, kept: written.kept };
  });
  timer.lap('write');
  const foreign = kept
    .filter((k) => !BUILD_PRODUCTS.has(k.split('/')[0]!))
    .map((entry) => diagnostic('DG6003', '', 0, `${path.join(relative(io, config.out), entry)} was not produced by docgen and was left in place.`));
  // A quiet run reads the spec's diagnostics only when some are errors; otherwise they are built once.
  const all = opts.quiet ? undefined : diagnosticsOf(rendered, false);
  const errors = all ? all.filter((d) => d.severity === 'error') : diagnosticsOf(rendered, true);
  const shown = all ? [...all, ...foreign] : [...errors, ...foreign.filter((d) => d.severity === 'error')];
  printDiagnostics(shown, opts, io, relative(io, config.docs), config.headers.map((h) => relative(io, h)));
  const { update } = rendered.build;
  if (!opts.quiet) io.err(`Wrote ${files.size + 1} files to ${relative(io, config.out)} (${update.entries.length} APIs, ${update.globals.statusCodes.length} status codes).`);
  if (opts.timings) io.err(timer.format());
  return errors.length > 0 ? 1 : 0;
}

interface CheckOptions extends CommonOptions {
  strict?: boolean;
  warningBudget?: number;
  maxDiffLines: number;
}

export async function runCheck(opts: CheckOptions, io: Io): Promise<number> {
  const config = resolveConfig(opts, io.cwd);
  const missingOutput = (): UsageError => new UsageError(`The output folder ${relative(io, config.out)} does not exist: run docgen generate first.`);
  if (!existsSync(path.dirname(config.out))) throw missingOutput();
  // Under the lock, so that the output is never seen half-swapped by a generate run.
  return withOutputLock(config, opts, io, 'check', async () => {
    if (!existsSync(config.out)) throw missingOutput();
    return compareOutput(config, opts, io);
  });
}

async function compareOutput(config: ResolvedConfig, opts: CheckOptions, io: Io): Promise<number> {
  const timer = new PhaseTimer();
  const rendered = await render(config, opts, io, timer, false);
  const { build, emitted } = rendered;
  const diagnostics = diagnosticsOf(rendered, false);
  build.background?.close();
  const files = emitted.files;
  const onDisk = await listOutput(config.out);
  const expected = new Set([...files.keys(), MANIFEST]);
  const missing = [...expected].filter((f) => !onDisk.has(f)).sort(compareStrings);
  const unexpected = [...onDisk].filter((f) => !expected.has(f)).sort(compareStrings);
  const stale: string[] = [];
  const patches: string[] = [];
  for (const file of [...files.keys()].sort(compareStrings)) {
    const content = files.get(file)!;
    // A reused file is, by its stamp, the file the previous run wrote with the same key.
    if (!onDisk.has(file) || isReused(content)) continue;
    const current = await readFile(path.join(config.out, file));
    const wanted = contentBytes(content);
    if (!current.equals(wanted)) {
      stale.push(file);
      patches.push(patchOf(file, current, wanted));
    }
  }
  const inSync = missing.length === 0 && unexpected.length === 0 && stale.length === 0;
  const strictFailure = strictProblems(diagnostics, config);
  printDiagnostics(diagnostics, opts, io, relative(io, config.docs), config.headers.map((h) => relative(io, h)));
  // With --format json or sarif, stdout is the diagnostics document alone: the report goes to stderr.
  const say = isDocumentFormat(opts.format) ? io.err : io.out;
  if (inSync) {
    say(`${relative(io, config.out)} is in step with ${relative(io, config.docs)}.`);
  } else {
    const out = relative(io, config.out);
    say(`${out} is out of step with the docs and templates:`);
    for (const f of stale) say(`  stale:      ${out}/${f}`);
    for (const f of missing) say(`  missing:    ${out}/${f}`);
    for (const f of unexpected) say(`  unexpected: ${out}/${f}`);
    const before = await readSpecFile(path.join(config.out, 'spec.json'));
    const now = build.source.full();
    const headers = before ? headerChanges(before.headers, now.headers) : [];
    if (headers.length > 0) say(`\nThe C headers differ from those spec.json records:\n${headers.map((h) => `  ${h}`).join('\n')}`);
    if (before) say(`\nAPI changes since the generated package was written:\n${formatChanges(diffSpecs(before, now))}`);
    say(`\n${bounded(patches.join('\n'), opts.maxDiffLines)}`);
    say('Run `docgen generate` to bring it up to date.');
  }
  if (strictFailure) io.err(strictFailure);
  timer.lap('compare');
  if (opts.timings) io.err(timer.format());
  return inSync && !strictFailure ? 0 : 1;
}

/** How the header files a spec used differ from those another recorded, one line each. */
function headerChanges(recorded: Spec['headers'], current: Spec['headers']): string[] {
  const key = (h: NonNullable<Spec['headers']>[number]): string => `${h.folder}\u0000${h.file}`;
  const before = new Map((recorded ?? []).map((h) => [key(h), h] as const));
  const after = new Map((current ?? []).map((h) => [key(h), h] as const));
  const label = (h: NonNullable<Spec['headers']>[number]): string => `${h.file} (headers folder ${h.folder + 1})`;
  const lines: string[] = [];
  if (recorded === undefined && current !== undefined) lines.push('spec.json was generated without headers; this run reads headers (--headers).');
  if (recorded !== undefined && current === undefined) lines.push('spec.json was generated with headers; this run reads none (pass the same --headers).');
  for (const [k, h] of after) {
    const was = before.get(k);
    if (!was) lines.push(`used now, not recorded: ${label(h)}`);
    else if (was.sha256 !== h.sha256) lines.push(`changed: ${label(h)} (recorded ${was.sha256.slice(0, 12)}…, now ${h.sha256.slice(0, 12)}…)`);
  }
  for (const [k, h] of before) if (!after.has(k)) lines.push(`recorded, not used now: ${label(h)}`);
  return lines;
}

/** Files larger than this get a one-line note instead of a unified diff (spec.json of a large doc set). */
const MAX_DIFF_BYTES = 2 * 1024 * 1024;

function patchOf(file: string, current: Buffer, wanted: Buffer): string {
  if (current.length > MAX_DIFF_BYTES || wanted.length > MAX_DIFF_BYTES) {
    return `--- ${file} (on disk)\n+++ ${file} (from docs)\n(${current.length} bytes on disk, ${wanted.length} bytes from the docs: too large to show a line diff)\n`;
  }
  const { createTwoFilesPatch } = createRequire(import.meta.url)('diff') as typeof import('diff');
  return createTwoFilesPatch(`${file} (on disk)`, `${file} (from docs)`, current.toString('utf8'), wanted.toString('utf8'), '', '', { context: 3 });
}

function strictProblems(diagnostics: readonly Diagnostic[], config: ResolvedConfig): string | undefined {
  if (!config.strict) return undefined;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (errors > 0) return `--strict: ${errors} error-level diagnostic(s).`;
  if (config.warningBudget !== undefined && warnings > config.warningBudget) return `--strict: ${warnings} warnings, over the budget of ${config.warningBudget}.`;
  return undefined;
}

function bounded(text: string, maxLines: number): string {
  const lines = text.split('\n');
  if (lines.length <= maxLines) return text;
  return `${lines.slice(0, maxLines).join('\n')}\n... (${lines.length - maxLines} more diff lines; raise --max-diff-lines to see them)`;
}

async function listOutput(outDir: string): Promise<Set<string>> {
  const out = new Set<string>();
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(outDir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (!rel && BUILD_PRODUCTS.has(entry.name)) continue;
      if (entry.isDirectory()) await walk(child);
      else out.add(child);
    }
  };
  await walk('');
  return out;
}

export async function runDiff(a: string, b: string, opts: { json?: boolean }, io: Io): Promise<number> {
  const before = await loadSpec(path.resolve(io.cwd, a));
  const after = await loadSpec(path.resolve(io.cwd, b));
  const changes = diffSpecs(before, after);
  io.out(opts.json ? JSON.stringify({ breaking: changes.some((c) => c.breaking), changes }, null, 2) : formatChanges(changes));
  return 0;
}

/** A spec from a spec.json file (validated) or from a docs folder. */
async function loadSpec(target: string): Promise<Spec> {
  let info;
  try {
    info = await stat(target);
  } catch {
    throw new UsageError(`${target} does not exist.`);
  }
  if (info.isDirectory()) return (await specFromDocs(target)).spec;
  const spec = await readSpecFile(target);
  if (!spec) throw new UsageError(`${target} is not a docgen spec.json file.`);
  return spec;
}

async function readSpecFile(file: string): Promise<Spec | undefined> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  const { validateSpec } = await import('../model/spec.js');
  const errors = validateSpec(data);
  if (errors.length > 0) throw new UsageError(`${file} does not match the spec schema (${errors[0]}).`, 'DG6006');
  return data as Spec;
}

function progress(io: Io): LoadOptions {
  if (!io.isTTY || io.ci) return {};
  let bar: import('cli-progress').SingleBar | undefined;
  return {
    onProgress: (done, total) => {
      if (total < 200) return;
      if (!bar) {
        const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
        bar = new cliProgress.SingleBar({ format: 'reading docs [{bar}] {value}/{total} pages', stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic);
        bar.start(total, 0);
      }
      bar.update(done);
      if (done === total) bar.stop();
    },
  };
}

function relative(io: Io, p: string): string {
  return path.relative(io.cwd, p) || '.';
}
