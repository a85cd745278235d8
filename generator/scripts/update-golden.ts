/**
 * The emitter golden cases (`generator/test/fixtures/emit/<case>/`), and the script that rewrites
 * their expected files from the current emitters.
 *
 * A case is a folder holding `spec.json` (the input spec model), `expected/` (the files of the
 * generated package the case pins, each at its path in the package) and optionally `options.json`
 * (`packageName`, `packageVersion`). The emitters' output for a case is `emitPackage` of its spec
 * with the options the emitter tests use (`emit-helpers.ts`: a fixed docgen version, the built-in
 * templates); a case pins exactly the files present in its `expected/` folder, so it is about the
 * emitter(s) that write them and no other.
 *
 * `generator/test/emitter-golden.test.ts` compares every expected file byte for byte. When an
 * output changes on purpose, `npm run golden:update` writes the new expected files (only those a
 * case already pins) and the change is reviewed as a diff of fixture files. A new case: a new
 * folder with `spec.json` and an `expected/` folder holding an empty file at each path to pin;
 * then `npm run golden:update -- <case>` fills them in.
 *
 * Usage: node generator/dist/scripts/update-golden.js [case...]   (every case by default)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitPackage, type EmitOptions } from '../src/emit/index.js';
import { validateSpec, type Spec } from '../src/model/spec.js';
import { OPTIONS } from '../test/emit-helpers.js';
import { FIXTURES } from '../test/helpers.js';

/** The folder of the emitter golden cases. */
export const GOLDEN_DIR = path.join(FIXTURES, 'emit');

/** The names of the cases, sorted. */
export function goldenCases(): string[] {
  return readdirSync(GOLDEN_DIR)
    .filter((name) => statSync(path.join(GOLDEN_DIR, name)).isDirectory())
    .sort();
}

/** The package paths a case pins: every file below its `expected/` folder (POSIX paths, sorted). */
export function pinnedPaths(caseDir: string): string[] {
  const root = path.join(caseDir, 'expected');
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      const child = rel === '' ? name : `${rel}/${name}`;
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else out.push(child);
    }
  };
  if (existsSync(root)) walk('');
  return out.sort();
}

/** The emit options of a case: the tests' options, with `options.json`'s package name and version. */
export function caseOptions(caseDir: string): EmitOptions {
  const file = path.join(caseDir, 'options.json');
  if (!existsSync(file)) return OPTIONS;
  const given = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const unknown = Object.keys(given).filter((k) => k !== 'packageName' && k !== 'packageVersion');
  if (unknown.length > 0) throw new Error(`${file}: only packageName and packageVersion can be set (not ${unknown.join(', ')})`);
  for (const [k, v] of Object.entries(given)) if (typeof v !== 'string') throw new Error(`${file}: ${k} must be a string`);
  return { ...OPTIONS, ...(given as Partial<Pick<EmitOptions, 'packageName' | 'packageVersion'>>) };
}

/** Every file the emitters produce for a case (its spec must be valid). */
export function emitCase(caseDir: string): Map<string, string> {
  const specFile = path.join(caseDir, 'spec.json');
  if (!existsSync(specFile)) throw new Error(`${caseDir} has no spec.json (the input spec model of the case)`);
  const spec: unknown = JSON.parse(readFileSync(specFile, 'utf8'));
  const errors = validateSpec(spec);
  if (errors.length > 0) throw new Error(`${specFile} is not a valid spec: ${errors.slice(0, 3).join('; ')}`);
  return emitPackage(spec as Spec, caseOptions(caseDir)).files;
}

/** Rewrites the expected files of one case; returns what changed and the pinned files no longer produced. */
export function updateCase(caseDir: string): { written: string[]; unchanged: number; notProduced: string[]; produced: string[] } {
  const files = emitCase(caseDir);
  const written: string[] = [];
  const notProduced: string[] = [];
  let unchanged = 0;
  for (const rel of pinnedPaths(caseDir)) {
    const content = files.get(rel);
    if (content === undefined) {
      notProduced.push(rel);
      continue;
    }
    const target = path.join(caseDir, 'expected', rel);
    if (readFileSync(target).equals(Buffer.from(content, 'utf8'))) {
      unchanged++;
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    written.push(rel);
  }
  return { written, unchanged, notProduced, produced: [...files.keys()] };
}

function main(args: readonly string[]): number {
  const all = goldenCases();
  const unknown = args.filter((a) => !all.includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`No golden case named ${unknown.join(', ')} in ${path.relative(process.cwd(), GOLDEN_DIR)} (cases: ${all.join(', ')}).\n`);
    return 2;
  }
  let failed = false;
  for (const name of args.length > 0 ? args : all) {
    const caseDir = path.join(GOLDEN_DIR, name);
    const { written, unchanged, notProduced, produced } = updateCase(caseDir);
    if (written.length + unchanged + notProduced.length === 0) {
      failed = true;
      process.stderr.write(
        `${name}: pins no file. Create an empty file in ${name}/expected/ at each path to pin, then run this again. Its spec produces:\n${produced.map((p) => `  ${p}`).join('\n')}\n`,
      );
      continue;
    }
    process.stdout.write(`${name}: ${written.length} file(s) rewritten${written.length > 0 ? ` (${written.join(', ')})` : ''}, ${unchanged} unchanged.\n`);
    if (notProduced.length > 0) {
      failed = true;
      process.stderr.write(`${name}: the emitters no longer produce ${notProduced.join(', ')}; delete the file(s) from expected/ or change the case.\n`);
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
