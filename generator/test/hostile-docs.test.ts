/**
 * Hostile documentation pages, end to end: pages whose text tries to end comments, break strings,
 * inject template literals or script tags, use parameter names that are not identifiers or are
 * reserved, and a header name that climbs out of the output folder. The generated package must
 * compile under tsc --strict, run none of the injected text, and stay inside its folder.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isSafeOutputPath } from '../src/emit/emitter.js';
import { specFromDocs } from '../src/pipeline.js';
import { buildWithTsc, emit, importAll, tempDir, writeFiles } from './emit-helpers.js';

const PAYLOAD = "*/ globalThis.__DOCGEN_CANARY__ = 'comment'; /* `${globalThis.__DOCGEN_CANARY__ = 'template'}` \" ' </script><script>globalThis.__DOCGEN_CANARY__='script'</script>";

// In Markdown the payload must sit in a code span, or the comment-closing star-slash would be read as emphasis.
const CODE = `\`\` ${PAYLOAD} \`\``;

const page = (uid: string, header: string, body: string): string =>
  `---\nUID: ${uid}\nreq.header: ${header}\nreq.dll: Hostile.dll\n---\n\n# Hostile\n\n${body}\n`;

const PAGES: Record<string, string> = {
  'evil.md': page(
    'NF:evil.EvilCall',
    '../../evil.h',
    `## -description\n\nDescription ${CODE}\n\n` +
      `## -parameters\n\n### -param constructor [in]\n\nFirst ${CODE}\n\n### -param default [in]\n\nSecond.\n\n### -param \\_\\_proto\\_\\_ [in]\n\nThird.\n\n### -param p-Context [in]\n\nFourth.\n\n` +
      `## -returns\n\n| Return code | Description |\n|---|---|\n| **E_EVIL** | When ${CODE} |\n| **S_OK** | It worked. |\n\n## -remarks\n\nRemarks ${CODE}\n\n` +
      // Markdown the doc comments keep: a table, a list, a code block, a raw HTML table and links.
      `| Case | Result |\n|---|---|\n| ${CODE} | @returns in a cell {@link evil} |\n\n- @deprecated from a list ${CODE}\n  - nested [link](javascript:globalThis.__DOCGEN_CANARY__='href')\n\n` +
      "```ts\n*/ globalThis.__DOCGEN_CANARY__ = 'fence'; /*\n@param x\n```\n\n" +
      `<table><tr><th>A</th><th>B</th></tr><tr><td>*/ globalThis.__DOCGEN_CANARY__ = 'html'; /*</td><td><a href="*/x.md">rel</a> | @returns</td></tr></table>\n`,
  ),
  'status.md': `# Status values\n\n## HRESULT values\n\n| Name | Value | Description |\n|---|---|---|\n| E_EVIL | 0x80041234 | Evil ${CODE} |\n| S_OK | 0x00000000 | Success. |\n| E_NOTIMPL | 0x80004001 | Not implemented. |\n`,
};

test('hostile pages give a package that compiles, runs no injected text and stays in its folder', async () => {
  const docs = tempDir('hostile-docs');
  for (const [file, text] of Object.entries(PAGES)) {
    mkdirSync(path.dirname(path.join(docs, file)), { recursive: true });
    writeFileSync(path.join(docs, file), text);
  }
  const { spec } = await specFromDocs(docs);
  const api = spec.apis.find((a) => a.name === 'EvilCall');
  assert.ok(api, 'the hostile page is read');
  assert.deepEqual(api.parameters.map((p) => p.name), ['constructor', 'default', '__proto__', 'p-Context']);
  assert.ok(api.description?.text.includes('*/'), 'the payload reached the model as data');
  assert.match(api.remarks?.markdown ?? '', /^\| Case \| Result \|$/m, 'the remarks keep their table as Markdown');

  const { files, diagnostics } = emit(spec);
  for (const file of files.keys()) assert.ok(isSafeOutputPath(file) && !file.includes('..'), `${file} stays inside the output`);
  assert.ok(diagnostics.some((d) => d.code === 'DG6002' && d.message.includes('../../evil.h')), 'the header was renamed and reported');

  const out = tempDir('hostile-out');
  writeFiles(files, out);
  const errors = buildWithTsc(out);
  assert.deepEqual(errors, [], errors.join('\n'));
  const result = importAll(out, `const { hResult } = await import('./dist/index.js'); return { message: hResult.statusMessage(0x80041234) };`);
  assert.equal(result.canary, null, 'no injected text ran');
  // The Markdown reached the doc comment as lines of data: table rows, list items, code lines.
  const module = [...files].find(([p, text]) => /^src\/[^/]+\.ts$/.test(p) && /export interface \w+Api \{[\s\S]*EvilCall\(/.test(text))?.[1] ?? '';
  assert.match(module, /^\s+\* \| Case \| Result \|$/m);
  assert.match(module, /^\s+\* - \\@deprecated from a list/m);
  assert.match(module, /^\s+\* {3}- nested link$/m, 'a javascript: link keeps its text only');
  assert.match(module, /^\s+\* \*\\\/ globalThis\.__DOCGEN_CANARY__ = 'fence'; \/\*$/m);
  assert.match(module, /^\s+\* \| A \| B \|$/m, 'the raw HTML table is a Markdown table');
  for (const m of module.matchAll(/\/\*\*[\s\S]*?\*\//g)) assert.doesNotMatch(m[0], /\n\s*[^\s*]/, 'every comment line keeps its * prefix');
  assert.match(String(result.message), /^Evil \*\/ globalThis/, 'the payload is kept as data');
});
