/**
 * The corpus suite: runs docgen on a whole corpus folder (../shared/corpus in CI) the way a user
 * does, through the CLI, and checks what comes out:
 *
 * 1. `docgen generate` (cold, default text output) exits 0 or 1, never 2 or 3, and prints at most a
 *    screenful;
 * 2. a second `generate` (warm, `--format json`) reads no docs file again (nothing changed) and
 *    gives every diagnostic: no page made a reader throw (DG9001) and no stage failed for an API
 *    (DG9002);
 * 3. `docgen check` finds the output in step;
 * 4. spec.json matches its schema and holds no status value that no source gave;
 * 5. the generated package type-checks with `tsc --strict --noUnusedLocals` (a user's strict build must accept it);
 * 6. after edits a user makes (a function's parameter renamed, a page renamed, a sentence added),
 *    a warm `generate` gives byte for byte the output of a `generate` without a build state.
 *
 * It prints what docgen made of the corpus: pages by format, APIs by kind, how many functions,
 * callbacks and methods are fully typed, status codes with a value, diagnostics by code.
 *
 * Usage: node generator/dist/scripts/corpus.js <folder> [--headers DIR]...
 * With headers, the suite runs once without and once with them and prints both typed shares; it
 * also says how many APIs a header declares but docgen could not type from it, and how many of
 * their functions the loaders cannot bind, and it checks the seeds (the repository's docs/) against
 * the headers: without our status-code page, every status value equals the one the page gives, and
 * the APIs the headers declare take their prototypes from them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareStrings, type Diagnostic } from '../src/diagnostics.js';
import { validateSpec, type Api, type Spec } from '../src/model/spec.js';
import { withParameterRenamed } from './doc-edits.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DOCGEN = path.join(REPO, 'generator/bin/docgen.js');
/** What "a screenful" means for the default output. */
const SCREENFUL = 60;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

function docgen(args: string[]): Run {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [DOCGEN, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, CI: 'true' } });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function tally(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function table(title: string, map: Map<string, number>): string {
  const rows = [...map].sort((a, b) => compareStrings(a[0], b[0]));
  return [`${title}:`, ...rows.map(([k, v]) => `  ${k.padEnd(28)} ${v}`)].join('\n');
}

const percent = (n: number, of: number): string => (of === 0 ? 'n/a' : `${((100 * n) / of).toFixed(1)}%`);

/** A function, callback or method whose return type and every parameter type are known. */
function fullyTyped(api: Api): boolean {
  const known = (t: string | undefined, how: string | undefined): boolean => t !== undefined && t !== 'unknown' && how !== 'unknown';
  return known(api.returnType, api.returnTypeResolution) && api.parameters.every((p) => known(p.type, p.typeResolution));
}

/** One pass of the suite over `corpus` (with `headers`); returns its report lines and its failures. */
function suite(corpus: string, headers: string[], label: string): { lines: string[]; failures: string[] } {
  const work = mkdtempSync(path.join(os.tmpdir(), 'docgen-corpus-'));
  const out = path.join(work, 'out');
  // A copy, which step 6 edits.
  const docs = path.join(work, 'docs');
  cpSync(corpus, docs, { recursive: true });
  const withHeaders = headers.flatMap((h) => ['--headers', h]);
  const common = ['--docs', docs, '--out', out, '--cache', path.join(work, 'cache'), ...withHeaders];
  const failures: string[] = [];
  const lines: string[] = [`== ${label}`];
  try {
    const cold = docgen(['generate', ...common]);
    const printed = cold.stderr.trimEnd().split('\n');
    lines.push(`generate (cold): exit ${cold.code}, ${cold.seconds.toFixed(1)} s, ${printed.length} lines printed`);
    if (cold.code !== 0 && cold.code !== 1) failures.push(`generate exited ${cold.code}:\n${cold.stderr.slice(-4000)}`);
    if (printed.length > SCREENFUL) failures.push(`generate printed ${printed.length} lines by default (a screenful is ${SCREENFUL})`);
    if (failures.length > 0) return { lines, failures };

    const warm = docgen(['generate', ...common, '--format', 'json', '--timings']);
    const reread = /read pages \((\d+) of (\d+) not known unchanged\)/.exec(warm.stderr);
    lines.push(`generate (warm, --format json): exit ${warm.code}, ${warm.seconds.toFixed(1)} s, ${reread ? `${reread[1]} of ${reread[2]}` : '?'} docs files read again`);
    if (!reread || reread[1] !== '0') failures.push(`the warm run read docs files again though none changed:\n${warm.stderr.slice(-2000)}`);
    const diagnostics = JSON.parse(warm.stdout.trim() || '[]') as Diagnostic[];
    for (const d of diagnostics.filter((x) => x.code === 'DG9001' || x.code === 'DG9002')) failures.push(`${d.code} ${d.file}:${d.line}: ${d.message}`);

    const check = docgen(['check', ...common]);
    lines.push(`check: exit ${check.code}, ${check.seconds.toFixed(1)} s`);
    if (check.code !== 0) failures.push(`check found the output out of step:\n${check.stderr.slice(-2000)}`);

    const spec = JSON.parse(readFileSync(path.join(out, 'spec.json'), 'utf8')) as Spec;
    lines.push(...describe(spec, diagnostics));
    if (headers.length > 0) lines.push(...headerCoverage(spec, out));
    const schema = validateSpec(spec);
    if (schema.length > 0) failures.push(`spec.json does not match its schema:\n  ${schema.join('\n  ')}`);
    const invented = spec.statusCodes.filter((c) => c.valueFrom === 'missing' && (c.value !== null || c.hex !== null || c.severity !== null));
    if (invented.length > 0) failures.push(`status codes with a value no source gave: ${invented.map((c) => c.name).join(', ')}`);

    const edits = editDocs(docs, spec);
    const edited = docgen(['generate', ...common, '--timings']);
    const rendered = /\((\d+) files? rendered, (\d+) unchanged, (\d+) views computed\)/.exec(edited.stderr);
    const fresh = docgen(['generate', '--docs', docs, '--out', path.join(work, 'fresh'), '--cache', path.join(work, 'fresh-cache'), ...withHeaders]);
    const differ = differingFiles(out, path.join(work, 'fresh'));
    lines.push(`generate (warm) after ${edits.join('; ')}: exit ${edited.code}, ${edited.seconds.toFixed(1)} s, ${rendered ? `${rendered[1]} files rendered, ${rendered[2]} unchanged, ${rendered[3]} views computed` : '?'}; ${differ.length} files differ from a generate without a build state`);
    if (edited.code !== fresh.code) failures.push(`after the edits, the warm generate exited ${edited.code} and a generate without a build state ${fresh.code}`);
    if (differ.length > 0) failures.push(`after the edits, the warm output differs from the output of a generate without a build state: ${differ.slice(0, 20).join(', ')}`);

    const tsc = typeCheck(out);
    lines.push(`tsc --strict --noUnusedLocals: ${tsc.ok ? 'no errors' : 'FAILED'} (${tsc.seconds.toFixed(1)} s)`);
    if (!tsc.ok) failures.push(`the generated package does not type-check:\n${tsc.output}`);
    return { lines, failures };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Edits the docs the way a user does, in pages chosen by what the spec says they hold, and says
 * what it did: in the first page (by path) of a function with parameters, its first parameter is
 * renamed (`withParameterRenamed`); the page a quarter down the sorted list is moved to a new name;
 * the last page gets a sentence.
 */
function editDocs(docs: string, spec: Spec): string[] {
  const pages = (readdirSync(docs, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.md')).sort(compareStrings);
  const done: string[] = [];
  const functionPages = spec.apis.filter((a) => a.kind === 'function' && a.parameters.length > 0).flatMap((a) => a.sources.slice(0, 1).map((s) => s.file));
  for (const page of [...new Set(functionPages)].sort(compareStrings)) {
    const file = path.join(docs, page);
    const renamed = withParameterRenamed(readFileSync(file, 'utf8'));
    if (!renamed) continue;
    writeFileSync(file, renamed.text);
    done.push(`parameter ${renamed.name} of ${page} renamed`);
    break;
  }
  const moved = pages[Math.floor(pages.length / 4)]!;
  renameSync(path.join(docs, moved), path.join(docs, moved.replace(/\.md$/, '-renamed.md')));
  done.push(`${moved} renamed`);
  const last = path.join(docs, pages[pages.length - 1]!);
  writeFileSync(last, `${readFileSync(last, 'utf8')}\nA sentence added by the corpus suite.\n`);
  done.push(`a sentence added to ${pages[pages.length - 1]}`);
  return done;
}

/** The files (relative paths) that are not the same in both folders. */
function differingFiles(a: string, b: string): string[] {
  const list = (dir: string): string[] =>
    (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  const left = new Set(list(a));
  const right = new Set(list(b));
  const differ = [...right].filter((f) => !left.has(f) || !readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))));
  return [...differ, ...[...left].filter((f) => !right.has(f))].sort(compareStrings);
}

function describe(spec: Spec, diagnostics: Diagnostic[]): string[] {
  const formats = new Map<string, number>();
  for (const input of spec.inputs) tally(formats, input.format);
  const kinds = new Map<string, number>();
  for (const api of spec.apis) tally(kinds, api.kind);
  const callable = spec.apis.filter((a) => a.kind === 'function' || a.kind === 'callback' || a.kind === 'method');
  const parameters = callable.flatMap((a) => a.parameters);
  const typedParameters = parameters.filter((p) => p.type !== 'unknown' && p.typeResolution !== 'unknown').length;
  const byCode = new Map<string, number>();
  for (const d of diagnostics) tally(byCode, `${d.code} (${d.severity})`);
  const valued = spec.statusCodes.filter((c) => c.value !== null).length;
  return [
    table('inputs by format', formats),
    table('APIs by kind', kinds),
    `functions, callbacks and methods fully typed: ${callable.filter(fullyTyped).length} of ${callable.length} (${percent(callable.filter(fullyTyped).length, callable.length)})`,
    `their parameters typed: ${typedParameters} of ${parameters.length} (${percent(typedParameters, parameters.length)})`,
    `status codes: ${spec.statusCodes.length}, with a value: ${valued}`,
    `groups: ${spec.groups.length}; call flows: ${spec.flows.length}`,
    table('diagnostics by code', byCode),
  ];
}

/** APIs a header declares that are still not fully typed, and their functions the loaders leave unbound. */
function headerCoverage(spec: Spec, out: string): string[] {
  const fromHeaders = spec.apis.filter((a) => a.declaration?.source.headers !== undefined);
  const untyped = fromHeaders.filter((a) => !fullyTyped(a));
  const unbound: string[] = [];
  for (const file of readdirSync(path.join(out, 'src/ffi'))) {
    const text = readFileSync(path.join(out, 'src/ffi', file), 'utf8');
    for (const m of text.matchAll(/bind\("([^"]+)", "[^"]*", \{[^}]*unbindable: "([^"]*)"/g)) unbound.push(`${m[1]} (${m[2]})`);
  }
  const headerBound = new Set(fromHeaders.map((a) => a.name));
  const unboundFromHeaders = unbound.filter((u) => headerBound.has(u.split(' ')[0]!));
  return [
    `APIs whose prototype a header gives: ${fromHeaders.length}; of them not fully typed: ${untyped.length}${untyped.length ? ` (e.g. ${untyped.slice(0, 3).map((a) => a.name).join(', ')})` : ''}`,
    `functions with a header prototype the loaders cannot bind: ${unboundFromHeaders.length}${unboundFromHeaders.length ? ` (e.g. ${unboundFromHeaders.slice(0, 3).join('; ')})` : ''}`,
    `header files used: ${spec.headers?.length ?? 0}`,
  ];
}

/**
 * The seeds with the headers: docs/ without the status-code page we wrote must get every status
 * value from the headers, equal to what that page gives, and the APIs the headers declare their
 * prototypes. Returns report lines and failures.
 */
function seedChecks(headers: readonly string[]): { lines: string[]; failures: string[] } {
  const work = mkdtempSync(path.join(os.tmpdir(), 'docgen-seeds-'));
  const failures: string[] = [];
  try {
    cpSync(path.join(REPO, 'docs'), path.join(work, 'docs'), { recursive: true });
    const ours = path.join(work, 'docs/status');
    rmSync(ours, { recursive: true, force: true });
    const run = docgen(['generate', '--docs', path.join(work, 'docs'), '--out', path.join(work, 'out'), '--no-cache', ...headers.flatMap((h) => ['--headers', h])]);
    if (run.code !== 0 && run.code !== 1) return { lines: [], failures: [`seeds with headers: generate exited ${run.code}:\n${run.stderr.slice(-2000)}`] };
    const spec = JSON.parse(readFileSync(path.join(work, 'out/spec.json'), 'utf8')) as Spec;
    const withPage = JSON.parse(readFileSync(path.join(REPO, 'generated/spec.json'), 'utf8')) as Spec;
    for (const code of withPage.statusCodes.filter((c) => c.value !== null)) {
      const got = spec.statusCodes.find((c) => c.name === code.name && c.space === code.space);
      if (got?.value !== code.value) failures.push(`seeds with headers: ${code.name} is ${got?.hex ?? 'missing'}, our status page gives ${code.hex}`);
      else if (got.valueFrom !== 'header') failures.push(`seeds with headers: ${code.name} has its value from ${got.valueFrom}, not a header`);
    }
    const declared = spec.apis.filter((a) => a.declaration?.source.headers !== undefined).map((a) => `${a.name} (${a.declaration!.source.file}:${a.declaration!.source.line})`);
    for (const name of ['DeleteSecurityContext', 'SspiDeleteSecurityContextAsync', 'LSA_DELETE_LOGON_SESSION']) {
      const api = spec.apis.find((a) => a.name === name);
      if (api?.declaration?.source.headers === undefined || !fullyTyped(api)) failures.push(`seeds with headers: ${name} is not typed from a header`);
    }
    return {
      lines: [`== seeds (docs/ without our status page) with headers`, `status values from the headers: ${spec.statusCodes.filter((c) => c.valueFrom === 'header').length} of ${spec.statusCodes.length}`, `prototypes from the headers: ${declared.join(', ')}`],
      failures,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Type-checks the generated package in `dir` with its own (strict) tsconfig.json, and no unused local. */
function typeCheck(dir: string): { ok: boolean; output: string; seconds: number } {
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const started = process.hrtime.bigint();
  const tsc = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', dir, '--noEmit', '--noUnusedLocals'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ok: tsc.status === 0, output: `${tsc.stdout}${tsc.stderr}`.split('\n').slice(0, 40).join('\n'), seconds };
}

function main(): number {
  const args = process.argv.slice(2);
  const headers: string[] = [];
  let corpus: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--headers') headers.push(path.resolve(args[++i] ?? ''));
    else corpus ??= path.resolve(args[i]!);
  }
  corpus ??= path.resolve(REPO, '../shared/corpus');
  const passes = [suite(corpus, [], `${corpus} without headers`)];
  if (headers.length > 0) passes.push(suite(corpus, headers, `${corpus} with headers ${headers.join(', ')}`), seedChecks(headers));
  for (const pass of passes) process.stdout.write(`${pass.lines.join('\n')}\n`);
  const failures = passes.flatMap((p) => p.failures);
  for (const f of failures) process.stderr.write(`FAILED ${f}\n`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = main();
