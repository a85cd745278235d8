/** The context escapers: every doc string must mean only itself in the generated context. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ts from 'typescript';
import { hex32, htmlCommentText, markdownCode, markdownText, tsdocText, tsString } from '../src/emit/escape.js';
import { identifier, IdentifierScope, isSafeIdentifier, moduleNameFromHeader, pascalCase } from '../src/naming/names.js';

const HOSTILE = [
  '*/ evil(); /*',
  'quote " and \' and \\',
  'back`tick ${evil()}',
  '</script><script>evil()</script>',
  'line\nbreak\r\nand\u2028separators\u2029here',
  '@returns injected {@link x}',
  'nul\u0000bell\u0007del\u007f',
  '\ud800 lone surrogate',
];

test('tsString: every hostile text round-trips as one string literal', () => {
  for (const text of HOSTILE) {
    const literal = tsString(text);
    const sf = ts.createSourceFile('x.ts', `export const x = ${literal};`, ts.ScriptTarget.ES2022);
    const decl = (sf.statements[0] as ts.VariableStatement).declarationList.declarations[0]!;
    assert.ok(decl.initializer && ts.isStringLiteral(decl.initializer), `not one string literal: ${literal}`);
    assert.equal(decl.initializer.text, text);
    assert.equal(sf.statements.length, 1);
    assert.doesNotMatch(literal, /[\u2028\u2029]|<\/script/i);
    assert.equal(JSON.parse(literal), text);
  }
});

test('tsdocText: cannot close the comment, add tags or lines without the * prefix', () => {
  for (const text of HOSTILE) {
    const doc = `/**\n * ${tsdocText(text)}\n */\nexport const x = 1;`;
    const sf = ts.createSourceFile('x.ts', doc, ts.ScriptTarget.ES2022, true);
    assert.equal(sf.statements.length, 1, `comment escaped: ${doc}`);
    const jsDoc = ts.getJSDocTags(sf.statements[0]!);
    assert.equal(jsDoc.length, 0, `a tag was injected: ${doc}`);
    for (const line of doc.split('\n').slice(1, -2)) assert.match(line, /^ \*( |$)/);
    assert.doesNotMatch(doc, /[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/);
  }
  // Markdown keeps its lines (a soft break stays a line), folded inside, blank runs made one.
  assert.equal(tsdocText('one\n\n\ntwo  lines\nhere'), 'one\n *\n * two lines\n * here');
  assert.equal(tsdocText('@deprecated'), '\\@deprecated');
  assert.equal(tsdocText('mail user@example.com'), 'mail user@example.com');
  assert.equal(tsdocText('a */ b'), 'a *\\/ b');
});

test('identifier: valid, non-reserved, deterministic and idempotent', () => {
  const cases: Record<string, string> = {
    'p-Context': 'p_Context',
    default: 'default_',
    constructor: 'constructor_',
    __proto__: '__proto___',
    delete: 'delete_',
    '1st': '_1st',
    '': '_',
    phContext: 'phContext',
    'a.b c': 'a_b_c',
    'Ünïcode': '_n_code',
  };
  for (const [name, expected] of Object.entries(cases)) {
    assert.equal(identifier(name), expected, name);
    assert.equal(identifier(expected), expected, `not idempotent for ${name}`);
    assert.ok(isSafeIdentifier(expected), expected);
    const sf = ts.createSourceFile('x.ts', `function f(${expected}: unknown) {} const ${expected} = 1; class C { ${expected}() {} }`, ts.ScriptTarget.ES2022);
    assert.equal((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length, 0, expected);
  }
});

test('IdentifierScope: collisions get stable numeric suffixes in claim order', () => {
  const scope = new IdentifierScope(['calls']);
  assert.deepEqual(scope.claim('p-Context'), { id: 'p_Context', renamed: true });
  assert.deepEqual(scope.claim('p_Context'), { id: 'p_Context_2', renamed: true, clashWith: 'p-Context' });
  assert.deepEqual(scope.claim('p.Context'), { id: 'p_Context_3', renamed: true, clashWith: 'p-Context' });
  // A reserved name is not a clash with another claimant.
  assert.deepEqual(scope.claim('calls'), { id: 'calls_2', renamed: true });
  assert.deepEqual(scope.claim('ok'), { id: 'ok', renamed: false });
});

test('moduleNameFromHeader: never a path, never reserved', () => {
  assert.deepEqual(moduleNameFromHeader('sspi.h'), { module: 'sspi', natural: 'sspi' });
  assert.deepEqual(moduleNameFromHeader('NtSecPkg.h'), { module: 'ntsecpkg', natural: 'ntsecpkg' });
  assert.equal(moduleNameFromHeader('../evil.h').module, 'evil');
  assert.equal(moduleNameFromHeader('..\\..\\x.h').module, 'x');
  assert.equal(moduleNameFromHeader('/etc/passwd').module, 'etc_passwd');
  assert.equal(moduleNameFromHeader('index.h').module, 'index_h');
  assert.equal(moduleNameFromHeader('CON.h').module, 'con_h');
  assert.equal(moduleNameFromHeader('...').module, 'header');
  for (const h of ['../evil.h', 'a/../../b.h', '\u0000.h', ' .h', 'x\ny.h']) assert.match(moduleNameFromHeader(h).module, /^[a-z0-9][a-z0-9_-]*$/);
  assert.equal(pascalCase('ntsecpkg'), 'Ntsecpkg');
  assert.equal(pascalCase('win32-error_x'), 'Win32ErrorX');
  assert.equal(pascalCase('3d'), 'H3d');
});

test('hex32, markdownCode, htmlCommentText', () => {
  assert.equal(hex32(0x80090301), '0x80090301');
  assert.equal(hex32(-2146893055), '0x80090301');
  assert.equal(hex32(120), '0x00000078');
  assert.throws(() => hex32(2 ** 32));
  assert.throws(() => hex32(1.5));
  assert.equal(markdownCode('a`b'), '``a`b``');
  assert.equal(markdownCode('`x'), '`` `x ``');
  assert.doesNotMatch(htmlCommentText('a --> b --- c-'), /--/);
});

test('markdownText: names stay readable, syntax is neutralised', () => {
  assert.equal(markdownText('SEC_E_OK'), 'SEC_E_OK');
  assert.equal(markdownText('_emph_ and __proto__'), '\\_emph\\_ and \\_\\_proto\\_\\_');
  assert.equal(markdownText('<script>a & b</script>'), '&lt;script&gt;a &amp; b&lt;/script&gt;');
  assert.equal(markdownText('1. not a list'), '1\\. not a list');
  assert.equal(markdownText('- not a list'), '\\- not a list');
  assert.equal(markdownText('0.1.0 is a version'), '0.1.0 is a version', 'a number that cannot start a list stays as it is');
  assert.equal(markdownText('# heading'), '\\# heading');
  assert.equal(markdownText('1. item'), '1\\. item');
  assert.equal(markdownText('[link](x) `code` *b* | t'), '\\[link\\](x) \\`code\\` \\*b\\* \\| t');
  assert.equal(markdownText('two\n\nparagraphs'), 'two paragraphs');
});
