/**
 * Doc-set fixtures, end to end through the CLI: each folder in test/fixtures/docsets/<case>/ holds a
 * small docs folder (`docs/`) that isolates one class of real-world input, beside `expected.json`:
 *
 * - `args`: the command line (default `generate --docs docs --out $OUT --no-cache --format json`),
 *   run in a copy of the case folder, `$OUT` being a fresh output folder;
 * - `setup`: what to arrange first: a `largeFile` of some megabytes, the output lock `lockHeld` by
 *   this process, a `foreignFile` put in the output folder after a first run;
 * - `failpoints`: stages made to fail for named APIs or pages (fault isolation, see src/isolate.ts);
 * - `exitCode`: what the command must exit with; `errorCode`: for a run that stops with exit 2, the
 *   code its one sentence names;
 * - `diagnostics`: diagnostics that must be reported (`code`, and optionally `file` relative to the
 *   docs folder, a piece of the message, `includes`, and how many times it is reported, `count`);
 * - `absentCodes`: codes that must not be reported;
 * - `absentApis`: APIs spec.json must not have;
 * - `apis` / `statusCodes`: spec.json entries by name (a status name with values in several spaces
 *   lists them in spec order), each a subset the entry must match;
 * - `files`: generated files that must contain (`includes`) or not contain (`excludes`) some text;
 * - `typeChecks`: the generated package compiles under `tsc --strict`.
 *
 * A new class of input is a new folder, not new test code.
 */
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from '../src/diagnostics.js';
import type { Spec } from '../src/model/spec.js';
import { buildWithTsc } from './emit-helpers.js';
import { lockOutput } from '../src/io/lock.js';
import { FIXTURES, runCli, subsetMismatch, tempDir, type CliRun } from './helpers.js';

interface Expected {
  args?: string[];
  setup?: { largeFile?: { path: string; megabytes: number }; lockHeld?: boolean; foreignFile?: string };
  /** Stages made to fail for some APIs or pages (`DOCGEN_FAILPOINTS`, see src/isolate.ts). */
  failpoints?: string;
  exitCode: number;
  errorCode?: string;
  diagnostics?: Array<{ code: string; file?: string; includes?: string; count?: number }>;
  absentCodes?: string[];
  apis?: Record<string, unknown>;
  absentApis?: string[];
  statusCodes?: Record<string, unknown>;
  files?: Record<string, { includes?: string[]; excludes?: string[] }>;
  typeChecks?: boolean;
}

const dir = path.join(FIXTURES, 'docsets');

/** Runs `command` after arranging what `expected.setup` asks for, and undoes what must not outlive it. */
async function withSetup(expected: Expected, work: string, out: string, command: () => Promise<CliRun>): Promise<CliRun> {
  const { largeFile, lockHeld, foreignFile } = expected.setup ?? {};
  if (largeFile) writeFileSync(path.join(work, largeFile.path), `# Huge\n\n${'A line of a page far larger than any real one.\n'.repeat((largeFile.megabytes << 20) / 48)}`);
  if (foreignFile) {
    assert.equal((await runCli(['generate', '--docs', 'docs', '--out', out, '--no-cache'], work)).code, 0);
    writeFileSync(path.join(out, foreignFile), 'not generated');
  }
  const lock = lockHeld ? await lockOutput(out, { command: 'test', timeoutMs: 0 }) : undefined;
  if (expected.failpoints) process.env['DOCGEN_FAILPOINTS'] = expected.failpoints;
  try {
    return await command();
  } finally {
    delete process.env['DOCGEN_FAILPOINTS'];
    lock?.release();
  }
}
for (const name of readdirSync(dir).sort()) {
  test(`doc-set fixture: ${name}`, async () => {
    const work = tempDir(`docset-${name}`);
    cpSync(path.join(dir, name), work, { recursive: true });
    const expected = JSON.parse(readFileSync(path.join(work, 'expected.json'), 'utf8')) as Expected;
    const out = path.join(work, 'out');
    const args = (expected.args ?? ['generate', '--docs', 'docs', '--out', '$OUT', '--no-cache', '--format', 'json']).map((a) => a.replace('$OUT', out));
    const run = await withSetup(expected, work, out, () => runCli(args, work));
    assert.equal(run.code, expected.exitCode, `exit code; stderr:\n${run.err}`);
    if (expected.errorCode) assert.match(run.err, new RegExp(`^docgen: ${expected.errorCode}: `, 'm'));
    if (run.code === 2) return;
    const reported = (JSON.parse(run.out.trim() || '[]') as Diagnostic[]).map((d) => ({ ...d, file: d.file.replace(/^(docs|headers)\//, '') }));

    for (const want of expected.diagnostics ?? []) {
      const found = reported.filter((d) => d.code === want.code && (want.file === undefined || d.file === want.file) && (want.includes === undefined || d.message.includes(want.includes)));
      assert.ok(found.length > 0, `expected ${JSON.stringify(want)} among:\n${reported.map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`).join('\n')}`);
      if (want.count !== undefined) assert.equal(found.length, want.count, `${JSON.stringify(want)} reported ${found.length} times`);
    }
    for (const code of expected.absentCodes ?? []) {
      const hit = reported.find((d) => d.code === code);
      assert.equal(hit, undefined, `${code} must not be reported: ${JSON.stringify(hit)}`);
    }

    const spec = JSON.parse(readFileSync(path.join(out, 'spec.json'), 'utf8')) as Spec;
    for (const [api, subset] of Object.entries(expected.apis ?? {})) {
      const entry = spec.apis.find((a) => a.name === api);
      assert.ok(entry, `spec.json has no API ${api}`);
      const mismatch = subsetMismatch(entry, subset);
      assert.equal(mismatch, undefined, `${api}: ${mismatch}`);
    }
    for (const api of expected.absentApis ?? []) assert.ok(!spec.apis.some((a) => a.name === api), `spec.json must not have ${api}`);
    for (const [code, subset] of Object.entries(expected.statusCodes ?? {})) {
      const entries = spec.statusCodes.filter((c) => c.name === code);
      const mismatch = subsetMismatch(entries, subset);
      assert.equal(mismatch, undefined, `${code}: ${mismatch}`);
    }

    for (const [file, want] of Object.entries(expected.files ?? {})) {
      const text = readFileSync(path.join(out, file), 'utf8');
      for (const piece of want.includes ?? []) assert.ok(text.includes(piece), `${file} must contain ${JSON.stringify(piece)}`);
      for (const piece of want.excludes ?? []) assert.ok(!text.includes(piece), `${file} must not contain ${JSON.stringify(piece)}`);
    }

    if (expected.typeChecks) {
      const errors = buildWithTsc(out);
      assert.deepEqual(errors, [], errors.join('\n'));
    }
  });
}
