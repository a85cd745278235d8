/**
 * The corpus suite: reads every page of a corpus folder (../shared/corpus in CI), prints counts,
 * and exits non-zero if any page makes a reader throw or the spec model does not validate.
 *
 * Usage: node generator/dist/scripts/corpus.js <folder>
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_TEMPLATES } from '../src/paths.js';
import { emitPackage } from '../src/emit/index.js';
import { compareStrings } from '../src/diagnostics.js';
import { sha256Hex } from '../src/hash.js';
import { decodePage, listDocFiles, readDocBytes } from '../src/io/read-docs.js';
import type { PageModel } from '../src/model/page.js';
import { validateSpec } from '../src/model/spec.js';
import { readPage } from '../src/readers/index.js';
import { buildSpec } from '../src/spec/build.js';
import { DOCGEN_VERSION } from '../src/pipeline.js';

const root = path.resolve(process.argv[2] ?? '../shared/corpus');

function tally(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function table(title: string, map: Map<string, number>): string {
  const rows = [...map].sort((a, b) => compareStrings(a[0], b[0]));
  return [`${title}:`, ...rows.map(([k, v]) => `  ${k.padEnd(28)} ${v}`)].join('\n');
}

async function main(): Promise<number> {
  let files: string[];
  try {
    files = await listDocFiles(root);
  } catch (error) {
    process.stderr.write(`corpus: ${(error as Error).message}\n`);
    return 2;
  }
  const pages: PageModel[] = [];
  const failures: string[] = [];
  const inputs = [];
  for (const file of files) {
    const read = readDocBytes(root, file);
    if ('diagnostic' in read) continue;
    inputs.push({ file, format: 'unknown', sha256: sha256Hex(read.bytes) });
    const { text } = decodePage(file, read.bytes);
    if (text === undefined) continue;
    try {
      pages.push(readPage(file, text));
    } catch (error) {
      failures.push(`${file}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  const formats = new Map<string, number>();
  const kinds = new Map<string, number>();
  let parameters = 0;
  let returnCodes = 0;
  let declarations = 0;
  for (const page of pages) {
    tally(formats, page.format);
    for (const api of page.apis) {
      tally(kinds, api.kind);
      parameters += api.parameters.length;
      returnCodes += api.returns?.codes.length ?? 0;
      if (api.declaration) declarations++;
    }
  }
  const formatOf = new Map(pages.map((p) => [p.file, p.format]));
  const spec = buildSpec(pages, inputs.map((i) => ({ ...i, format: formatOf.get(i.file) ?? 'unknown' })), DOCGEN_VERSION);
  const schemaErrors = validateSpec(spec);
  const diagnostics = new Map<string, number>();
  for (const d of spec.diagnostics) tally(diagnostics, `${d.code} (${d.severity})`);
  const resolved = spec.statusCodes.filter((c) => c.valueFrom !== 'missing').length;

  const out = [
    `corpus: ${root}`,
    `files: ${files.length}, pages read: ${pages.length}, reader failures: ${failures.length}`,
    table('pages by format', formats),
    table('APIs by kind', kinds),
    `APIs (merged): ${spec.apis.length}; API pages with a parsed declaration: ${declarations}`,
    `parameters: ${parameters}; documented return codes: ${returnCodes}`,
    `status-code definitions read: ${pages.reduce((n, p) => n + p.statusCodes.length, 0)}`,
    `status codes used by APIs: ${spec.statusCodes.length}, with a value: ${resolved}`,
    `groups: ${spec.groups.length}; call flows: ${spec.flows.length}`,
    table('diagnostics by code', diagnostics),
    `spec schema: ${schemaErrors.length === 0 ? 'valid' : `INVALID\n  ${schemaErrors.join('\n  ')}`}`,
  ];
  const typeCheck = emitAndTypeCheck(spec);
  out.push(`generated package: ${typeCheck.files} files; tsc --strict: ${typeCheck.ok ? 'no errors' : `FAILED\n${typeCheck.output}`}`);
  process.stdout.write(`${out.join('\n')}\n`);
  for (const f of failures) process.stderr.write(`FAILED ${f}\n`);
  return failures.length > 0 || schemaErrors.length > 0 || !typeCheck.ok ? 1 : 0;
}

/** Emits the package for the whole corpus into a temporary folder and type-checks it strictly. */
function emitAndTypeCheck(spec: ReturnType<typeof buildSpec>): { files: number; ok: boolean; output: string } {
  const { files } = emitPackage(spec, {
    packageName: 'corpus-check',
    packageVersion: '0.0.0',
    docgenVersion: DOCGEN_VERSION,
    builtinTemplatesDir: BUILTIN_TEMPLATES,
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docgen-corpus-'));
  try {
    for (const [rel, text] of files) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const repo = fileURLToPath(new URL('../../../', import.meta.url));
    symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const tsc = spawnSync(process.execPath, [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', dir, '--noEmit'], { encoding: 'utf8' });
    return { files: files.size, ok: tsc.status === 0, output: `${tsc.stdout}${tsc.stderr}`.split('\n').slice(0, 30).join('\n') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
