/**
 * Small units: no function in generator/src is longer than 80 lines unless the comment before it
 * says why ("long because ..."). A long function is usually several steps that each deserve a name.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { ROOT } from './helpers.js';

const SRC = path.join(ROOT, 'generator/src');
const MAX_LINES = 80;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every function (declaration, method, arrow, expression) of `file` over `max` lines whose leading comment gives no reason. */
export function longFunctions(file: string, text: string, max: number): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.end).line;
      // The comment of `const f = () => ...` is before its statement.
      const holder = ts.isVariableDeclaration(node.parent) ? node.parent.parent.parent : node;
      const comment = text.slice(holder.getFullStart(), holder.getStart(source));
      const name = node.name?.getText(source) ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(source) : '(anonymous)');
      if (last - first + 1 > max && !/long because/i.test(comment)) found.push(`${path.relative(SRC, file)}:${first + 1} ${name} (${last - first + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test(`no function in generator/src is over ${MAX_LINES} lines without a reason in its comment`, () => {
  const long = sourceFiles(SRC).flatMap((file) => longFunctions(file, readFileSync(file, 'utf8'), MAX_LINES));
  assert.deepEqual(long, []);
});

test('the length check finds a long function and accepts one whose comment gives a reason', () => {
  const body = Array.from({ length: 85 }, (_, i) => `  const v${i} = ${i};`).join('\n');
  const text = `function plain() {\n${body}\n}\n/** Long because each line is one table row. */\nconst reasoned = () => {\n${body}\n};\n`;
  assert.deepEqual(
    longFunctions(path.join(SRC, 'x.ts'), text, MAX_LINES).map((s) => s.split(' ')[1]),
    ['plain'],
  );
});
