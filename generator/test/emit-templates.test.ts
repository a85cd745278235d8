/**
 * Template sets and template errors: a user override replaces a built-in template by name; a
 * broken override fails with a clean TemplateError naming the template and line, and no files.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { EmitError, TemplateError, directJson, emitPackage } from '../src/emit/index.js';
import { checkAndFormat, directFormatter, formatTypeScriptWith, serviceFormatter } from '../src/emit/format.js';
import { createRenderer, templateSetFromRecords } from '../src/emit/templates.js';
import { OPTIONS, TEMPLATES, loadSpec, tempDir } from './emit-helpers.js';

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

const spec = loadSpec('seed');

/** A user template folder holding `files`. */
function overrides(files: Record<string, string>): string {
  const dir = tempDir('templates');
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Runs emitPackage expecting a TemplateError; returns it. */
function expectTemplateError(templatesDir: string): TemplateError {
  let result: unknown;
  try {
    result = emitPackage(spec, { ...OPTIONS, templatesDir });
  } catch (e) {
    assert.ok(e instanceof TemplateError, `expected a TemplateError, got ${String(e)}`);
    assert.doesNotMatch(e.message, /\n|    at /, 'the message is one sentence, no stack');
    return e;
  }
  assert.fail(`expected a TemplateError, got files: ${[...(result as { files: Map<string, string> }).files.keys()].join(', ')}`);
}

test('an override that renders invalid TypeScript fails with DG6001, the template name and the rendered line', () => {
  const builtin = readFileSync(path.join(TEMPLATES, 'status.ts.hbs'), 'utf8');
  const broken = builtin.replace('return !isSuccess(status);', 'return !isSuccess(status;');
  assert.notEqual(broken, builtin);
  const dir = overrides({ 'status.ts.hbs': broken });
  const e = expectTemplateError(dir);
  assert.equal(e.code, 'DG6001');
  assert.equal(e.template, 'status.ts.hbs');
  assert.equal(e.templatePath, path.join(dir, 'status.ts.hbs').replace(/\\/g, '/'));
  assert.equal(e.output, 'src/status/ntstatus.ts');
  assert.ok(e.line > 1 && e.column > 0, `${e.line}:${e.column}`);
  assert.match(e.message, /status\.ts\.hbs: the src\/status\/ntstatus\.ts it rendered is not valid at line \d+, column \d+: /);
  assert.equal(e.toDiagnostic().code, 'DG6001');
});

test('a Handlebars syntax error in an override fails with DG6005 and the template line', () => {
  const dir = overrides({ 'stubs.ts.hbs': 'line one\nline two\n{{#each methods}\n' });
  const e = expectTemplateError(dir);
  assert.equal(e.code, 'DG6005');
  assert.equal(e.template, 'stubs.ts.hbs');
  assert.equal(e.line, 3);
  assert.match(e.message, /stubs\.ts\.hbs:3: Handlebars syntax error: expecting/);
});

test('strict mode: a missing field is an error, not an empty string', () => {
  const dir = overrides({ 'README.md.hbs': '# {{md packageName}}\n\n{{packageDescription}}\n' });
  const e = expectTemplateError(dir);
  assert.equal(e.code, 'DG6005');
  assert.equal(e.line, 3);
  assert.match(e.message, /README\.md\.hbs:3:\d+: "packageDescription" not defined/);
});

test('helpers reject missing arguments with the template position', () => {
  const dir = overrides({ 'README.md.hbs': '# {{md packageName}}\n{{md nothing}}\n' });
  const e = expectTemplateError(dir);
  assert.equal(e.line, 2);
  assert.match(e.message, /README\.md\.hbs:2:1: the md helper expects text, got undefined/);
  // A missing object in a path has no position from Handlebars; the error still names the template.
  const e2 = expectTemplateError(overrides({ 'README.md.hbs': '{{md nothing.here}}\n' }));
  assert.equal(e2.template, 'README.md.hbs');
  assert.equal(e2.code, 'DG6005');
});

test('a broken partial is reported with the partial template name', () => {
  const dir = overrides({ 'partials/x.hbs': '{{nope}}', 'README.md.hbs': '# {{md packageName}}\n{{> x}}\n' });
  const e = expectTemplateError(dir);
  assert.equal(e.template, 'partials/x.hbs');
});

test('invalid JSON from a template is DG6001', () => {
  const dir = overrides({ 'tsconfig.json.hbs': '{\n  "compilerOptions": {,\n}\n' });
  const e = expectTemplateError(dir);
  assert.equal(e.code, 'DG6001');
  assert.equal(e.output, 'tsconfig.json');
  assert.equal(e.line, 2);
});

test('a valid override replaces the built-in template by name, the rest stay built-in', () => {
  const dir = overrides({ 'README.md.hbs': '# {{md packageName}}\n\nCustom readme with {{apiCount}} APIs.\n' });
  const { files } = emitPackage(spec, { ...OPTIONS, templatesDir: dir });
  assert.match(files.get('README.md')!, /^<!--[\s\S]*-->\n\n# @docgen-test\/windows\n\nCustom readme with 3 APIs\.\n$/);
  const builtinRun = emitPackage(spec, OPTIONS);
  assert.equal(files.get('src/sspi.ts'), builtinRun.files.get('src/sspi.ts'));
});

test('a missing templates folder is a TemplateError, not a crash', () => {
  const e = expectTemplateError('/nonexistent/templates');
  assert.equal(e.code, 'DG6005');
  assert.equal(e.message, '/nonexistent/templates: the templates folder does not exist or is not a folder.');
});

test('an invalid spec is rejected before anything is rendered', () => {
  const bad = { ...spec, statusCodes: [{ ...spec.statusCodes[0]!, value: -1 }] };
  assert.throws(() => emitPackage(bad, OPTIONS), (e: unknown) => e instanceof EmitError && /does not match the spec schema/.test(e.message));
});

test('templates are never HTML-escaped and each run has its own environment', () => {
  const set = templateSetFromRecords({ 'a.hbs': '{{x}} {{str x}}' });
  const r1 = createRenderer(set);
  assert.equal(r1.render('a.hbs', { x: '<a href="x">&</a>' }), '<a href="x">&</a> "\\u003ca href=\\"x\\">&\\u003c/a>"');
});

test('a whole-value JSON template (spec.json) gives exactly what rendering and formatting it gives', () => {
  // The same template, wrapped so it no longer is a single {{json}}: the general path.
  const dir = overrides({ 'spec.json.hbs': '{{#if spec}}{{json spec}}{{/if}}\n' });
  const general = emitPackage(spec, { ...OPTIONS, templatesDir: dir });
  const direct = emitPackage(spec, OPTIONS);
  assert.equal(direct.files.get('spec.json'), general.files.get('spec.json'));
  assert.deepEqual([...direct.files.keys()], [...general.files.keys()]);
  // Values the escapes and the JSON round trip touch.
  const tricky = { spec: { a: '<b> \u2028 \u2029 \ud800 "q"', n: [-0, 1e21, 0.1, 5e-324, NaN, null], u: undefined, nested: [{ '10': 1, '2': 2, z: [] }], '__proto__x': {} } };
  const rendered = createRenderer(templateSetFromRecords({ 'spec.json.hbs': '{{json spec}}' })).render('spec.json.hbs', tricky);
  assert.equal(directJson('spec.json', tricky, '{{json spec}}\n'), `${JSON.stringify(JSON.parse(rendered), null, 2)}\n`);
});

test('directJson leaves everything but an object or array behind a lone {{json field}} to the general path', () => {
  const file = (view: object, path = 'x.json'): [string, object] => [path, view];
  assert.equal(directJson(...file({ v: { a: 1 } }), '{{json v}}'), '{\n  "a": 1\n}\n');
  assert.equal(directJson(...file({ v: [1] }), ' {{json v}}\n\n'), '[\n  1\n]\n');
  assert.equal(directJson(...file({ v: { a: 1 } }, 'x.ts'), '{{json v}}'), undefined);
  assert.equal(directJson(...file({ v: { a: 1 } }), '{{json v}} '.repeat(2)), undefined);
  assert.equal(directJson(...file({ v: { a: 1 } }), '{{json w}}'), undefined);
  assert.equal(directJson(...file({ v: 'text' }), '{{json v}}'), undefined);
  assert.equal(directJson(...file({ v: null }), '{{json v}}'), undefined);
  assert.equal(directJson(...file({ v: { toJSON: () => 3 } }), '{{json v}}'), undefined);
  assert.equal(directJson(...file({ v: { big: 1n } }), '{{json v}}'), undefined);
  assert.equal(directJson(...file(Object.create({ v: { a: 1 } }) as object), '{{json v}}'), undefined, 'own fields only, as Handlebars reads');
});

test('a whole-value JSON template with a missing field is still a DG6005 naming the template', () => {
  const e = expectTemplateError(overrides({ 'spec.json.hbs': '{{json nothere}}\n' }));
  assert.equal(e.code, 'DG6005');
  assert.equal(e.template, 'spec.json.hbs');
});

test('checkAndFormat formats JSON and Markdown alone exactly as alongside TypeScript (ts-morph loads only for .ts)', () => {
  const template = { name: 't.hbs', displayPath: 'templates/t.hbs', origin: 'builtin' as const, text: '' };
  const others = [
    { path: 'a.json', text: '{"b":[1,{"c":"<"}]}', template },
    { path: 'b.md', text: '# T\r\n\r\ntext  \n\n\n', template },
  ];
  const alone = checkAndFormat(others).map((f) => f.text);
  assert.deepEqual(alone, ['{\n  "b": [\n    1,\n    {\n      "c": "<"\n    }\n  ]\n}\n', '# T\n\ntext\n']);
  assert.deepEqual(
    checkAndFormat([...others, { path: 'c.ts', text: 'export const x=1', template }]).map((f) => f.text),
    [...alone, 'export const x = 1;\n'],
  );
});

test('the fallback formatter (the public language service) formats every generated file as the direct one does', () => {
  const direct = directFormatter();
  assert.ok(direct, 'the compiler bundled with ts-morph has the direct formatter');
  const service = serviceFormatter();
  const tsFiles = [...emitPackage(spec, OPTIONS).files].filter(([file]) => file.endsWith('.ts'));
  assert.ok(tsFiles.length >= 10, `only ${tsFiles.length} TypeScript files`);
  let reformatted = 0;
  for (const [file, text] of tsFiles) {
    // The generated text is formatted already; without its indentation the formatter has work to do.
    const flat = text.replace(/^[ \t]+/gm, '');
    const formatted: string = formatTypeScriptWith(file, flat, direct).text;
    if (formatted !== flat) reformatted++;
    assert.equal(formatTypeScriptWith(file, flat, service).text, formatted, file);
    assert.equal(formatTypeScriptWith(file, text, service).text, formatTypeScriptWith(file, text, direct).text, file);
  }
  assert.ok(reformatted >= tsFiles.length / 2, `only ${reformatted} of ${tsFiles.length} files needed formatting`);
});

test('formatting on several threads gives the text, in order, and the first error in file order, of formatting on this thread', async () => {
  const { formatOnThreads } = await import('../src/emit/format-pool.js');
  const template = { name: 't.hbs', displayPath: 'templates/t.hbs', origin: 'builtin' as const, text: '' };
  const files = (broken: number[]) =>
    Array.from({ length: 20 }, (_, i) => ({ path: `f${i}.ts`, text: broken.includes(i) ? `export const x${i} = (;` : `export const  x${i}=${i}`, template }));
  const expected = checkAndFormat(files([]));
  assert.deepEqual(await formatOnThreads(files([]), { chunk: { files: 3, chars: 1e6 }, threads: 2, fewest: 0 }), expected);
  assert.deepEqual(await formatOnThreads(files([]), { chunk: { files: 3, chars: 1e6 }, threads: 1, fewest: 0 }), expected);
  // Fewer files than `fewest`: on this thread, with the same result.
  assert.deepEqual(await formatOnThreads(files([]), { chunk: { files: 3, chars: 1e6 }, threads: 2, fewest: 21 }), expected);
  const onThisThread = expectThrows(() => checkAndFormat(files([11, 16])));
  for (const threads of [1, 2, 4]) {
    // Whichever thread fails first, the error is that of file 11 (chunk 4), never file 16 (chunk 6).
    const error = await formatOnThreads(files([11, 16]), { chunk: { files: 3, chars: 1e6 }, threads, fewest: 0 }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof TemplateError, String(error));
    assert.equal(error.message, onThisThread.message);
    assert.match(error.message, /f11\.ts/);
  }
});

test('formatting on threads takes the files from an iterator that renders them, and a rendering error wins over a formatting one', async () => {
  const { formatOnThreads } = await import('../src/emit/format-pool.js');
  const template = { name: 't.hbs', displayPath: 'templates/t.hbs', origin: 'builtin' as const, text: '' };
  const file = (i: number, broken: boolean) => ({ path: `f${i}.ts`, text: broken ? 'export const x = (;' : `export const  x${i}=${i}`, template });
  let pulled = 0;
  function* rendered(count: number, options: { brokenAt?: number; failAt?: number } = {}) {
    for (let i = 0; i < count; i++) {
      if (i === options.failAt) throw new Error(`rendering f${i}.ts failed`);
      pulled++;
      yield file(i, i === options.brokenAt);
    }
  }
  const expected = checkAndFormat([...rendered(30)]);
  assert.deepEqual(await formatOnThreads(rendered(30), { chunk: { files: 4, chars: 1e6 }, threads: 2, fewest: 0 }), expected);
  const broken = await formatOnThreads(rendered(30, { brokenAt: 2 }), { chunk: { files: 4, chars: 1e6 }, threads: 2, fewest: 0 }).then(() => undefined, (e: unknown) => e);
  assert.equal((broken as Error).message, expectThrows(() => checkAndFormat([...rendered(30, { brokenAt: 2 })])).message);
  // Rendering fails at file 25, after file 2 failed to format: the rendering error is the one.
  pulled = 0;
  const error = await formatOnThreads(rendered(30, { brokenAt: 2, failAt: 25 }), { chunk: { files: 4, chars: 1e6 }, threads: 2, fewest: 0 }).then(() => undefined, (e: unknown) => e);
  assert.match(String(error), /rendering f25\.ts failed/);
  assert.equal(pulled, 25);
});

test('a chunk too large for the heap of a formatting thread is formatted on this thread, with the same result', async () => {
  const { formatOnThreads } = await import('../src/emit/format-pool.js');
  const template = { name: 't.hbs', displayPath: 'templates/t.hbs', origin: 'builtin' as const, text: '' };
  const files = Array.from({ length: 6 }, (_, i) => ({ path: `f${i}.ts`, text: `export const  x${i}=${i}`, template }));
  const expected = checkAndFormat(files);
  // A 4 MB heap cannot even load the compiler: every chunk runs out of memory on its thread.
  assert.deepEqual(await formatOnThreads(files.map((f) => ({ ...f })), { chunk: { files: 2, chars: 1e6 }, threads: 2, fewest: 0, heapMb: 4 }), expected);
  // Every file longer than the chunk's character limit: each is a chunk of its own, and none is lost or reordered.
  assert.deepEqual(await formatOnThreads(files.map((f) => ({ ...f })), { chunk: { files: 25, chars: 10 }, threads: 2, fewest: 0 }), expected);
});

function expectThrows(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected an error');
}
