/** Helpers of the emitter tests: fixture specs, emitting, writing to a temp dir and compiling with tsc. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { emitPackage, type EmitOptions } from '../src/emit/index.js';
import { validateSpec, type Spec } from '../src/model/spec.js';
import { FIXTURES, ROOT } from './helpers.js';

export const TEMPLATES = path.join(ROOT, 'templates');

export const OPTIONS: EmitOptions = {
  packageName: '@docgen-test/windows',
  packageVersion: '1.2.3',
  docgenVersion: '0.1.0-test',
  builtinTemplatesDir: TEMPLATES,
};

/** Loads `fixtures/spec/<name>.json` and asserts it is a valid spec. */
export function loadSpec(name: string): Spec {
  const value: unknown = JSON.parse(readFileSync(path.join(FIXTURES, 'spec', `${name}.json`), 'utf8'));
  assert.deepEqual(validateSpec(value), [], `fixture ${name}.json is not a valid spec`);
  return value as Spec;
}

export function emit(spec: Spec, options: Partial<EmitOptions> = {}) {
  return emitPackage(spec, { ...OPTIONS, ...options });
}

export { tempDir } from './helpers.js';

/** Writes the files under `dir` (refusing any path that would leave it) and returns `dir`. */
export function writeFiles(files: Map<string, string>, dir: string): string {
  const root = path.resolve(dir);
  for (const [rel, content] of files) {
    const target = path.resolve(root, rel);
    assert.ok(target.startsWith(root + path.sep), `${rel} escapes the output folder`);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return root;
}

/**
 * Type-checks and builds a generated package with its own tsconfig.json (strict) using the
 * TypeScript compiler API; returns the diagnostics as text (empty when clean).
 */
export function buildWithTsc(dir: string): string[] {
  // The loaders (src/ffi/*) import koffi: resolve it (and its types) from the workspace.
  if (!existsSync(path.join(dir, 'node_modules'))) symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const configPath = path.join(dir, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  assert.ok(parsed, 'tsconfig.json could not be read');
  assert.equal(parsed.options.strict, true, 'the generated tsconfig must be strict');
  // Stricter than the package's own tsconfig: a user's strict build (noUnusedLocals) must accept it too.
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noUnusedLocals: true } });
  const result = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  return diagnostics.map((d) => {
    const where = d.file && d.start !== undefined ? `${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, ' ');
  });
}

/** Runs an ES module script with node in `cwd`; returns stdout parsed as JSON (the script's last line). */
export function runNode(script: string, cwd: string, timeout = 30_000): unknown {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8', timeout });
  assert.equal(r.status, 0, `node failed (${r.status}): ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

/** Imports every built module in a fresh node process, checks the canary, then runs `body`. */
export function importAll(dir: string, body = 'return {};'): Record<string, unknown> {
  const script = `
    import { readdirSync } from 'node:fs';
    import path from 'node:path';
    import { pathToFileURL } from 'node:url';
    const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.js') ? [path.join(d, e.name)] : []);
    const modules = {};
    for (const f of walk('dist').sort()) modules[path.relative('dist', f)] = await import(pathToFileURL(path.resolve(f)).href);
    // Call every stub method with hostile-ish arguments, so code in any method body would run too.
    const stubResults = {};
    for (const [file, mod] of Object.entries(modules)) {
      if (!file.startsWith('stubs/')) continue;
      for (const [name, Stub] of Object.entries(mod)) {
        const stub = new Stub();
        for (const method of Object.getOwnPropertyNames(Stub.prototype).filter((m) => m !== 'constructor').sort()) {
          try { stubResults[name + '.' + method] = stub[method](1, 2, 3, 4, 5, 6); } catch (e) { stubResults[name + '.' + method] = 'threw: ' + e.message; }
        }
        stubResults[name + '#calls'] = stub.calls.length;
      }
    }
    const canary = globalThis.__DOCGEN_CANARY__;
    const extra = await (async () => { ${body} })();
    console.log(JSON.stringify({ canary: canary ?? null, modules: Object.keys(modules), stubResults, ...extra }));
  `;
  return runNode(script, dir) as Record<string, unknown>;
}
