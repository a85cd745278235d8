/**
 * Diagnostics a person can read at scale: the text format prints the first errors and warnings,
 * then a count of each code with an example; notes only with --verbose. The machine formats
 * (JSON, GitHub annotations, SARIF 2.1.0) carry every diagnostic.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { formatDiagnostics, SARIF_SCHEMA, type ReportOptions } from '../src/cli/report.js';
import { diagnostic, DIAGNOSTICS, type Diagnostic, type DiagnosticCode } from '../src/diagnostics.js';
import { DOCGEN_VERSION } from '../src/version.js';
import { runCli, tempDir } from './helpers.js';
import { writeScaleFixture } from './scale-fixture.js';

const options: ReportOptions = { color: false, docsPrefix: 'docs', maxShown: 20 };

/** 3 errors, 33 warnings (one of them run-level), 10 notes; in no particular order. */
function sample(): Diagnostic[] {
  const list: Diagnostic[] = [];
  for (let i = 0; i < 10; i++) list.push(diagnostic('DG3003', `c${i}.md`, 4, `Group ${i} lists an API with no page.`));
  for (let i = 29; i >= 0; i--) list.push(diagnostic('DG2006', `w${String(i).padStart(2, '0')}.md`, 5, `Parameter P${i} has no direction.`));
  list.push(diagnostic('DG4001', 'z.md', 9, 'STATUS_A has no value.'), diagnostic('DG4001', 'a.md', 8, 'STATUS_B has no value.'));
  list.push(diagnostic('DG6004', '', 0, 'No value for STATUS_NOT_IMPLEMENTED.'));
  for (let i = 0; i < 3; i++) list.push(diagnostic('DG1001', `e${i}.md`, 0, 'The file is empty.'));
  return list;
}

const DIAGNOSTIC_LINE = /^(?:\S+:\d+: )?(error|warning|info) DG\d{4}: /;

test('text: the first errors and warnings, a count of each code with an example, where the rest are, the summary', () => {
  const lines = formatDiagnostics(sample(), 'text', options).split('\n');
  const listed = lines.slice(0, lines.indexOf(''));
  assert.equal(listed.length, 20);
  assert.ok(listed.every((l) => DIAGNOSTIC_LINE.test(l)), listed.join('\n'));
  assert.deepEqual(listed.slice(0, 5), [
    'docs/e0.md:0: error DG1001: The file is empty.',
    'docs/e1.md:0: error DG1001: The file is empty.',
    'docs/e2.md:0: error DG1001: The file is empty.',
    'warning DG6004: No value for STATUS_NOT_IMPLEMENTED.',
    'docs/a.md:8: warning DG4001: STATUS_B has no value.',
  ]);
  assert.equal(listed[5], 'docs/w00.md:5: warning DG2006: Parameter P0 has no direction.');
  assert.ok(!listed.some((l) => / info /.test(l)), 'no note is listed');
  const table = lines.slice(lines.indexOf('Diagnostics by code:'));
  assert.deepEqual(table.slice(1, 7), [
    '  code    severity  count  example',
    '  DG1001  error         3  docs/e0.md:0: The file is empty.',
    '  DG2006  warning      30  docs/w00.md:5: Parameter P0 has no direction.',
    '  DG4001  warning       2  docs/a.md:8: STATUS_B has no value.',
    '  DG6004  warning       1  No value for STATUS_NOT_IMPLEMENTED.',
    '  DG3003  info         10  docs/c0.md:4: Group 0 lists an API with no page.',
  ]);
  assert.deepEqual(table.slice(7), [
    '',
    'Printed 20 of 46 diagnostics: --verbose prints them all (notes too), --format json or --format sarif writes them all to stdout.',
    '3 error(s), 33 warning(s), 10 note(s)',
  ]);
});

test('text: --verbose lists every diagnostic, notes too; a short list is printed alone; 0 prints only the counts', () => {
  const verbose = formatDiagnostics(sample(), 'text', { ...options, verbose: true }).split('\n');
  const listed = verbose.slice(0, verbose.indexOf(''));
  assert.equal(listed.length, 46);
  assert.equal(listed.filter((l) => / info DG3003: /.test(l)).length, 10);
  assert.ok(verbose.includes('Every diagnostic is printed above; --format json or --format sarif writes them to stdout.'));

  const few = [diagnostic('DG2006', 'b.md', 3, 'Parameter Q has no direction.'), diagnostic('DG1001', 'a.md', 0, 'The file is empty.')];
  assert.equal(
    formatDiagnostics(few, 'text', options),
    'docs/a.md:0: error DG1001: The file is empty.\ndocs/b.md:3: warning DG2006: Parameter Q has no direction.\n1 error(s), 1 warning(s), 0 note(s)',
  );

  const none = formatDiagnostics(sample(), 'text', { ...options, maxShown: 0 }).split('\n');
  assert.equal(none[0], 'Diagnostics by code:');
  assert.match(none.at(-2)!, /^Printed 0 of 46 diagnostics/);

  // A long example is cut at a fixed width, so the table stays one line a code.
  const long = [diagnostic('DG2006', 'a.md', 1, 'x'.repeat(300)), diagnostic('DG3003', 'a.md', 2, 'note')];
  const row = formatDiagnostics(long, 'text', options).split('\n').find((l) => l.startsWith('  DG2006'))!;
  assert.ok(row.endsWith('…') && row.length < 160, row);
});

test('json and GitHub annotations carry every diagnostic, notes included', () => {
  const json = JSON.parse(formatDiagnostics(sample(), 'json', options)) as Diagnostic[];
  assert.equal(json.length, 46);
  assert.deepEqual(json[0], { code: 'DG1001', severity: 'error', file: 'docs/e0.md', line: 0, message: 'The file is empty.' });
  assert.equal(json.filter((d) => d.severity === 'info').length, 10);

  const special = [
    diagnostic('DG2006', 'a,b:c.md', 0, '50% done\r\nnext'),
    diagnostic('DG6004', '', 0, 'Run-level.'),
    diagnostic('DG3003', 'n.md', 7, 'A note.'),
  ];
  assert.equal(
    formatDiagnostics(special, 'github', options),
    [
      '::warning title=DG6004::Run-level.',
      '::warning file=docs/a%2Cb%3Ac.md,line=1,title=DG2006::50%25 done%0D%0Anext',
      '::notice file=docs/n.md,line=7,title=DG3003::A note.',
    ].join('\n'),
  );
  assert.equal(formatDiagnostics(sample(), 'github', options).split('\n').length, 46);
});

// The parts of SARIF 2.1.0 that docgen writes and that consumers read, as a schema.
const Level = Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('note')]);
const Strict = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const SarifLog = Strict({
  $schema: Type.Literal(SARIF_SCHEMA),
  version: Type.Literal('2.1.0'),
  runs: Type.Array(
    Strict({
      tool: Strict({
        driver: Strict({
          name: Type.Literal('docgen'),
          version: Type.Literal(DOCGEN_VERSION),
          rules: Type.Array(Strict({ id: Type.String({ pattern: '^DG\\d{4}$' }), shortDescription: Strict({ text: Type.String({ minLength: 1 }) }), defaultConfiguration: Strict({ level: Level }) })),
        }),
      }),
      originalUriBaseIds: Strict({ DOCS: Strict({ uri: Type.String({ pattern: '/$' }), uriBaseId: Type.Optional(Type.String()) }) }),
      results: Type.Array(
        Strict({
          ruleId: Type.String(),
          ruleIndex: Type.Integer({ minimum: 0 }),
          level: Level,
          message: Strict({ text: Type.String({ minLength: 1 }) }),
          locations: Type.Optional(
            Type.Array(
              Strict({
                physicalLocation: Strict({
                  artifactLocation: Strict({ uri: Type.String({ pattern: '^[^/]' }), uriBaseId: Type.Literal('DOCS') }),
                  region: Strict({ startLine: Type.Integer({ minimum: 1 }) }),
                }),
              }),
              { minItems: 1, maxItems: 1 },
            ),
          ),
        }),
      ),
    }),
    { minItems: 1, maxItems: 1 },
  ),
});

type Sarif = { runs: Array<{ tool: { driver: { rules: Array<{ id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }> } }; originalUriBaseIds: { DOCS: { uri: string; uriBaseId?: string } }; results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };

function parseSarif(text: string): Sarif {
  const log: unknown = JSON.parse(text);
  const errors = [...Value.Errors(SarifLog, log)].map((e) => `${e.path}: ${e.message}`);
  assert.deepEqual(errors, [], 'the log has the SARIF 2.1.0 shape');
  const run = (log as Sarif).runs[0]!;
  const rules = run.tool.driver.rules;
  assert.deepEqual(rules.map((r) => r.id), Object.keys(DIAGNOSTICS).sort(), 'the rules are the catalogue');
  for (const rule of rules) {
    const entry = DIAGNOSTICS[rule.id as DiagnosticCode];
    assert.equal(rule.shortDescription.text, entry.summary);
    assert.equal(rule.defaultConfiguration.level, entry.severity === 'info' ? 'note' : entry.severity);
  }
  for (const result of run.results) assert.equal(rules[result.ruleIndex]!.id, result.ruleId, 'ruleIndex points at its rule');
  return log as Sarif;
}

test('SARIF: one run of docgen, the catalogue as rules, a result per diagnostic located under the docs folder', () => {
  const list = [...sample(), diagnostic('DG2006', 'sub dir/100%.md', 12, 'Parameter R has no direction.')];
  const text = formatDiagnostics(list, 'sarif', options);
  assert.equal(formatDiagnostics([...list].reverse(), 'sarif', options), text, 'deterministic, whatever the order it is given');
  const run = parseSarif(text).runs[0]!;
  assert.equal(run.results.length, 47);
  assert.deepEqual(run.originalUriBaseIds, { DOCS: { uri: 'docs/', uriBaseId: '%SRCROOT%' } });
  const levels = run.results.map((r) => r.level);
  assert.deepEqual([levels.filter((l) => l === 'error').length, levels.filter((l) => l === 'warning').length, levels.filter((l) => l === 'note').length], [3, 34, 10]);
  assert.deepEqual(run.results[0], {
    ruleId: 'DG1001',
    ruleIndex: Object.keys(DIAGNOSTICS).sort().indexOf('DG1001'),
    level: 'error',
    message: { text: 'The file is empty.' },
    locations: [{ physicalLocation: { artifactLocation: { uri: 'e0.md', uriBaseId: 'DOCS' }, region: { startLine: 1 } } }],
  });
  const runLevel = run.results.find((r) => r.ruleId === 'DG6004')!;
  assert.equal(runLevel.locations, undefined, 'a run-level diagnostic has no location');
  const encoded = run.results.find((r) => r.message.text.startsWith('Parameter R'))!;
  assert.deepEqual(encoded.locations![0]!.physicalLocation, { artifactLocation: { uri: 'sub%20dir/100%25.md', uriBaseId: 'DOCS' }, region: { startLine: 12 } });

  // A docs folder outside the working directory is given as an absolute file URI; the current folder as ./.
  const outside = parseSarif(formatDiagnostics(list, 'sarif', { ...options, docsPrefix: '../elsewhere/docs', docsDir: '/work/elsewhere/docs' }));
  assert.deepEqual(outside.runs[0]!.originalUriBaseIds, { DOCS: { uri: `${pathToFileURL('/work/elsewhere/docs').href}/` } });
  const here = parseSarif(formatDiagnostics([], 'sarif', { ...options, docsPrefix: '.' }));
  assert.deepEqual(here.runs[0]!.originalUriBaseIds.DOCS, { uri: './', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(here.runs[0]!.results, []);
});

/** A project whose docs give errors, warnings and notes. */
async function project(): Promise<string> {
  const dir = tempDir('report');
  writeScaleFixture(path.join(dir, 'docs'), 24);
  return dir;
}

const summaryOf = (err: string): [number, number, number] => {
  const m = /^(\d+) error\(s\), (\d+) warning\(s\), (\d+) note\(s\)$/m.exec(err);
  assert.ok(m, `a summary line in:\n${err}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};

test('generate, check and inspect print the same way; --format json and sarif print every diagnostic on stdout', async () => {
  const dir = await project();
  const text = await runCli(['generate', '--max-diagnostics', '5'], dir);
  assert.equal(text.code, 1, text.err);
  const [errors, warnings, notes] = summaryOf(text.err);
  const total = errors + warnings + notes;
  assert.ok(errors > 0 && warnings > 5 && notes > 0, text.err);
  const listed = text.err.split('\n').filter((l) => DIAGNOSTIC_LINE.test(l));
  assert.equal(listed.length, 5);
  assert.equal(listed.filter((l) => / error DG/.test(l)).length, errors, 'errors come first');
  assert.match(text.err, new RegExp(`Printed 5 of ${total} diagnostics`));

  const json = await runCli(['generate', '--format', 'json'], dir);
  const all = JSON.parse(json.out) as Diagnostic[];
  assert.equal(all.length, total);
  assert.deepEqual(['error', 'warning', 'info'].map((s) => all.filter((d) => d.severity === s).length), [errors, warnings, notes]);
  const verbose = await runCli(['generate', '--verbose'], dir);
  assert.equal(verbose.err.split('\n').filter((l) => DIAGNOSTIC_LINE.test(l)).length, total);
  for (const d of all) assert.ok(existsSync(path.join(dir, d.file)) || d.file === '', `${d.file} is a path from the working directory`);

  const sarif = await runCli(['generate', '--format', 'sarif'], dir);
  const run = parseSarif(sarif.out).runs[0]!;
  assert.equal(run.results.length, total);
  for (const r of run.results) {
    const uri = r.locations?.[0]?.physicalLocation.artifactLocation.uri;
    if (uri) assert.ok(existsSync(path.join(dir, 'docs', decodeURIComponent(uri))), `${uri} is relative to the docs folder`);
  }

  // check: the same policy; with a document format its report goes to stderr, stdout is the document.
  const check = await runCli(['check', '--format', 'sarif'], dir);
  assert.equal(check.code, 0, check.err);
  assert.equal(parseSarif(check.out).runs[0]!.results.length, total);
  assert.match(check.err, /generated is in step with docs/);
  const checkText = await runCli(['check'], dir);
  assert.deepEqual(summaryOf(checkText.err), [errors, warnings, notes]);
  assert.ok(!checkText.err.split('\n').some((l) => / info DG\d{4}: /.test(l)), 'notes only with --verbose');

  // inspect: text bounded the same way; --json is the whole spec, every diagnostic in it.
  const inspect = await runCli(['inspect', 'docs', '--max-diagnostics', '3'], dir);
  assert.equal(inspect.err.split('\n').filter((l) => DIAGNOSTIC_LINE.test(l)).length, 3);
  assert.match(inspect.err, /Diagnostics by code:/);
  const spec = JSON.parse((await runCli(['inspect', 'docs', '--json'], dir)).out) as { diagnostics: Diagnostic[] };
  assert.ok(spec.diagnostics.some((d) => d.severity === 'info') && spec.diagnostics.some((d) => d.severity === 'error'));
  assert.equal(parseSarif((await runCli(['inspect', 'docs', '--format', 'sarif'], dir)).out).runs[0]!.results.length, spec.diagnostics.length);

  // Default: one screen, whatever the doc set.
  const plain = await runCli(['generate'], dir);
  assert.ok(plain.err.trim().split('\n').length <= 50, plain.err);
});

test('--max-diagnostics takes a whole number', async () => {
  const r = await runCli(['generate', '--max-diagnostics', 'many'], await project());
  assert.equal(r.code, 2);
  assert.match(r.err, /--max-diagnostics.*expected a whole number/);
});
