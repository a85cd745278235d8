/**
 * Docs kept whole: a section's Markdown (`readers/api-sections/markdown-text.ts`) keeps tables (HTML
 * ones too), lists, code and links, and escapes the words; `tsdocText` carries that Markdown into a
 * doc comment line by line, and neither a table cell, a list item, a code block nor a link can end
 * the comment, add a tag or run code. End to end, a page's table reaches the generated TSDoc as a
 * table, with the link to the API's page.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ts from 'typescript';
import { docsLink, tsdocLink, tsdocText } from '../src/emit/escape.js';
import { parseMarkdown } from '../src/parse/markdown.js';
import { sectionMarkdown } from '../src/readers/api-sections/markdown-text.js';
import { buildSpec } from '../src/build/incremental.js';
import { readPage } from '../src/readers/index.js';
import { resolveDocsLinks } from '../src/readers/doc-links.js';
import { emit } from './emit-helpers.js';

const markdown = (body: string, link: (href: string) => string | undefined = () => undefined): string => sectionMarkdown(parseMarkdown('x.md', body).blocks, { link });

/** The comment as TypeScript reads it: one statement after it, the tags it has, and every line's prefix checked. */
function commentChecks(text: string): { statements: number; tags: string[]; doc: string } {
  const doc = `/**\n * ${tsdocText(text)}\n */\nexport const x = 1;`;
  const sf = ts.createSourceFile('x.ts', doc, ts.ScriptTarget.ES2022, true);
  for (const line of doc.split('\n').slice(1, -2)) assert.match(line, /^ \*( |$)/, `a line lost its * prefix: ${doc}`);
  return { statements: sf.statements.length, tags: sf.statements[0] ? ts.getJSDocTags(sf.statements[0]).map((t) => t.tagName.text) : [], doc };
}

test('Markdown of a section: words escaped, markup kept, unsafe line starts and link targets neutral', () => {
  assert.equal(markdown('Use **SEC_E_OK** or `a|b`, not _x_ [1] &lt;tag> &amp;lt; ~~gone~~ C:\\Windows \\* \\_LEAD \\~ 2\\*3'), 'Use **SEC_E_OK** or `a|b`, not *x* \\[1\\] \\<tag> \\&lt; ~~gone~~ C:\\Windows \\* \\_LEAD \\~ 2\\*3');
  // Text from raw HTML keeps its backslashes, doubled only where they would escape.
  assert.equal(markdown('<p>C:\\Windows\\*.dll and a\\</p>'), 'C:\\Windows\\\\\\*.dll and a\\\\');
  assert.equal(markdown('<p>1. not a list</p><p># not a heading</p><p>- not an item</p>'), '1\\. not a list\n\n\\# not a heading\n\n\\- not an item');
  // A link keeps its text; its target only when it resolves, and it can never end the destination.
  assert.equal(markdown('[a](x.md) [b](y.md)', (h) => (h === 'x.md' ? 'https://d.example/a (1)*/' : undefined)), '[a](https://d.example/a%20%281%29%2A/) b');
  // Markdown that raw HTML left unparsed is read as markup.
  assert.equal(markdown('<table><tr><td>**NAME** and [text](t.md) and `x`</td></tr></table>', () => 'https://d.example/t'), '| **NAME** and [text](https://d.example/t) and `x` |\n| --- |');
  // A code span's fence is longer than any run of backticks inside it.
  assert.equal(markdown('<p><code>a``b</code></p>'), '```a``b```');
});

test('Markdown of a section: nested lists, numbered lists from their start, code blocks, alerts, headings', () => {
  assert.equal(markdown('- one\n  - inner\n- two\n\n   more\n'), '- one\n  - inner\n- two\n\n  more');
  assert.equal(markdown('<ol start="3"><li>three</li><li>four</li></ol>'), '3. three\n4. four');
  assert.equal(markdown('```c\nint x; // ```\n```\n'), '````c\nint x; // ```\n````');
  assert.equal(markdown('> [!WARNING]\n> Do not.\n'), '> **Warning:** Do not.');
  assert.equal(markdown('### Examples\n\nText.'), '**Examples**\n\nText.');
});

test('Markdown of a section: HTML tables become GFM tables, one line per row, short rows padded', () => {
  const html = '<table><tr><th>Name</th><th>Value</th><th>Note</th></tr><tr><td><dl><dt><b>A</b></dt><dt>0x1</dt></dl></td><td>one<br/>line<p>two</p></td></tr><tr><td><ul><li>x</li><li>y|z</li></ul></td><td><pre>code()</pre></td><td></td></tr></table>';
  assert.equal(markdown(html), '| Name | Value | Note |\n| --- | --- | --- |\n| **A** 0x1 | one line two | |\n| - x - y\\|z | `code()` | |');
});

test('tsdocText keeps the lines of Markdown: table rows, list indentation, code blocks as written', () => {
  const text = 'Intro  text.\n\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n\n- item\n  - nested   item\n\n```c\nint  x;   \n\n\nreturn x;\n```\n';
  assert.equal(tsdocText(text), 'Intro text.\n *\n * | A | B |\n * | --- | --- |\n * | 1 | 2 |\n *\n * - item\n *   - nested item\n *\n * ```c\n * int  x;\n *\n *\n * return x;\n * ```');
});

test('hostile Markdown cannot end the comment, add a tag or put code after it', () => {
  const payload = "*/ globalThis.__DOCGEN_CANARY__ = 'x'; /*";
  const hostile = [
    `| Name | Meaning |\n| --- | --- |\n| ${payload} | {@link evil} @returns in a cell |`,
    `- @returns injected from a list item\n- ${payload}\n  @deprecated nested`,
    `\`\`\`ts\n${payload}\n@param x injected in code\n  */\n\`\`\``,
    `@deprecated at the start\n\n[text](https://x.example/${payload}) and \`${payload}\``,
    `line\u2028@returns after a line separator\u2029${payload}`,
  ];
  for (const text of hostile) {
    const { statements, tags, doc } = commentChecks(text);
    assert.equal(statements, 1, `the comment was ended: ${doc}`);
    assert.deepEqual(tags, [], `a tag was injected: ${doc}`);
    assert.doesNotMatch(doc.slice(3, doc.lastIndexOf('*/')), /\*\//, `a terminator survived: ${doc}`);
  }
});

test('a docs link is {@link url | text}; an address or text that could break it is escaped, other schemes are text', () => {
  assert.equal(tsdocLink(docsLink('DeleteSecurityContext', 'https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-deletesecuritycontext')), '{@link https://learn.microsoft.com/en-us/windows/win32/api/sspi/nf-sspi-deletesecuritycontext | DeleteSecurityContext on learn.microsoft.com}');
  const evil = tsdocLink({ url: 'https://x.example/a*/b} | @returns {@link y}\n', text: 'N} | @deprecated */' });
  assert.equal(evil, '{@link https://x.example/a%2A/b%7D%20%7C%20%40returns%20%7B%40link%20y%7D%0A | N\\} \\| \\@deprecated *\\/}');
  assert.equal(tsdocLink({ url: 'javascript:alert(1)', text: 'Name' }), 'Name');
  const { statements, tags } = commentChecks(`See ${evil}`);
  assert.equal(statements, 1);
  assert.deepEqual(tags, []);
});

test('end to end: a page table, list and code block reach the TSDoc whole, with the link to the API page', () => {
  const page = readPage(
    'gizmo/GizmoTune.md',
    [
      '---',
      'UID: NF:gizmo.GizmoTune',
      'req.header: gizmo.h',
      'req.dll: Gizmo.dll',
      '---',
      '',
      '# GizmoTune function',
      '',
      '## -description',
      '',
      'Tunes a gizmo, see [GizmoReset](nf-gizmo-gizmoreset.md).',
      '',
      '| Mode | Meaning |',
      '|---|---|',
      '| `FINE` | A small step. |',
      '',
      '## -parameters',
      '',
      '### -param Mode [in]',
      '',
      'One of:',
      '',
      '- `FINE`',
      '- `COARSE`',
      '',
      '## -syntax',
      '',
      '```cpp',
      'HRESULT GizmoTune(ULONG Mode);',
      '```',
      '',
      '## -returns',
      '',
      'Returns **S_OK**.',
      '',
      '## -remarks',
      '',
      '```cpp',
      'GizmoTune(FINE); // */ stays in the code',
      '```',
    ].join('\n'),
    { links: resolveDocsLinks({ folders: { '.': { apiref: '/windows/win32/api' } } }) },
  );
  const spec = buildSpec([page], () => '0'.repeat(64), '0.0.0');
  assert.equal(spec.apis[0]?.docsUrl?.url, 'https://learn.microsoft.com/en-us/windows/win32/api/gizmo/nf-gizmo-gizmotune');
  const source = emit(spec).files.get('src/gizmo.ts')!;
  const comment = source.slice(source.indexOf('export interface GizmoApi'));
  assert.match(comment, /\* Tunes a gizmo, see \[GizmoReset\]\(https:\/\/learn\.microsoft\.com\/en-us\/windows\/win32\/api\/gizmo\/nf-gizmo-gizmoreset\)\.\n\s+\*\n\s+\* \| Mode \| Meaning \|\n\s+\* \| --- \| --- \|\n\s+\* \| `FINE` \| A small step\. \|\n/);
  assert.match(comment, /@param Mode - One of:\n\s+\*\n\s+\* - `FINE`\n\s+\* - `COARSE`\n/);
  assert.match(comment, /@remarks\n\s+\* ```cpp\n\s+\* GizmoTune\(FINE\); \/\/ \*\\\/ stays in the code\n\s+\* ```\n/);
  assert.match(comment, /@see \{@link https:\/\/learn\.microsoft\.com\/en-us\/windows\/win32\/api\/gizmo\/nf-gizmo-gizmotune \| GizmoTune on learn\.microsoft\.com\}/);
});
