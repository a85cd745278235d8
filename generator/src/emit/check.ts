/**
 * Checking and formatting rendered files before anything is written.
 *
 * `.ts` files are parsed with ts-morph in an in-memory project (one program for all files); a
 * syntax error is a `TemplateError` (DG6001) naming the template and the line/column in the text
 * it rendered. The text is then formatted with the TypeScript formatter under fixed settings
 * (2 spaces, semicolons, LF) and doc comments are re-indented, so output does not depend on the
 * template's whitespace. `.json` files must parse and are re-serialised with 2-space indentation.
 * Other files get normalised line endings and a final newline.
 */
import { createRequire } from 'node:module';
import type { SourceFile, ts as TsNamespace } from 'ts-morph';
import { TemplateError } from './errors.js';
import type { TemplateSource } from './templates.js';

type TsMorph = typeof import('ts-morph');
let tsMorph: TsMorph | undefined;
/**
 * ts-morph (with the TypeScript compiler) is loaded on first use: it takes a few hundred
 * milliseconds to load, and a warm run whose TypeScript files all come from the format cache
 * (`parallel/cached-emit.ts`) does not need it. It is a CommonJS package, so `require` loads it
 * synchronously.
 */
function morph(): TsMorph {
  tsMorph ??= createRequire(import.meta.url)('ts-morph') as TsMorph;
  return tsMorph;
}

export interface RenderedFile {
  /** Output path, relative POSIX. */
  path: string;
  /** The text the template produced. */
  text: string;
  /** The template that produced it. */
  template: TemplateSource;
}

let formatSettings: TsNamespace.FormatCodeSettings | undefined;
/** The formatter settings (built on first use: the enums come from the lazily loaded compiler). */
const FORMAT_SETTINGS = (): TsNamespace.FormatCodeSettings => {
  const { ts } = morph();
  return (formatSettings ??= {
    indentSize: 2,
    tabSize: 2,
    baseIndentSize: 0,
    convertTabsToSpaces: true,
    newLineCharacter: '\n',
    indentStyle: ts.IndentStyle.Smart,
    semicolons: ts.SemicolonPreference.Insert,
    trimTrailingWhitespace: true,
    insertSpaceAfterCommaDelimiter: true,
    insertSpaceAfterSemicolonInForStatements: true,
    insertSpaceBeforeAndAfterBinaryOperators: true,
    insertSpaceAfterKeywordsInControlFlowStatements: true,
    insertSpaceAfterFunctionKeywordForAnonymousFunctions: true,
    insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces: true,
    insertSpaceAfterOpeningAndBeforeClosingNonemptyBrackets: false,
    insertSpaceAfterOpeningAndBeforeClosingNonemptyParenthesis: false,
    insertSpaceAfterOpeningAndBeforeClosingTemplateStringBraces: false,
    insertSpaceAfterTypeAssertion: false,
    placeOpenBraceOnNewLineForFunctions: false,
    placeOpenBraceOnNewLineForControlBlocks: false,
  });
};

/**
 * Checks every rendered file and returns the formatted text of each, in input order.
 * Throws `TemplateError` (DG6001) for the first file (in path order) that does not parse.
 */
export function checkAndFormat(files: readonly RenderedFile[]): string[] {
  if (!files.some((f) => f.path.endsWith('.ts'))) return files.map(formatOther);
  const { IndentationText, NewLineKind, Project, QuoteKind, ts } = morph();
  const project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, noLib: true, noResolve: true },
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Single,
    },
  });
  const sources = new Map<string, SourceFile>();
  for (const file of files) {
    if (file.path.endsWith('.ts')) sources.set(file.path, project.createSourceFile(`/out/${file.path}`, file.text, { overwrite: true }));
  }
  if (sources.size > 0) {
    const program = project.getProgram().compilerObject;
    for (const file of files) {
      const sf = sources.get(file.path);
      if (!sf) continue;
      const [first] = program.getSyntacticDiagnostics(sf.compilerNode);
      if (first) {
        const { line, character } = sf.compilerNode.getLineAndCharacterOfPosition(first.start ?? 0);
        const reason = ts.flattenDiagnosticMessageText(first.messageText, ' ');
        const lineText = file.text.split('\n')[line] ?? '';
        throw new TemplateError(
          'DG6001',
          file.template.name,
          file.template.displayPath,
          line + 1,
          character + 1,
          `${reason} (the line reads: ${JSON.stringify(lineText.trim().slice(0, 120))})`,
          file.path,
        );
      }
    }
  }
  return files.map((file) => {
    const sf = sources.get(file.path);
    return sf ? formatTypeScript(sf) : formatOther(file);
  });
}

/** A file that is not TypeScript: JSON is re-serialised, anything else gets LF line endings. */
function formatOther(file: RenderedFile): string {
  if (file.path.endsWith('.json')) return formatJson(file);
  return finalNewline(file.text.replace(/\r\n?/g, '\n'));
}

function formatTypeScript(sf: SourceFile): string {
  sf.formatText(FORMAT_SETTINGS());
  return finalNewline(collapseBlankLines(reindentDocComments(sf.getFullText(), sf.compilerNode)));
}

function formatJson(file: RenderedFile): string {
  let value: unknown;
  try {
    value = JSON.parse(file.text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const pos = m ? Number(m[1]) : -1;
    const before = pos >= 0 ? file.text.slice(0, pos).split('\n') : [];
    throw new TemplateError(
      'DG6001',
      file.template.name,
      file.template.displayPath,
      pos >= 0 ? before.length : 0,
      pos >= 0 ? before[before.length - 1]!.length + 1 : 0,
      `not valid JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')}`,
      file.path,
    );
  }
  return `${JSON.stringify(value, null, 2)}\n`;
}

function finalNewline(text: string): string {
  return `${text.replace(/\s+$/, '')}\n`;
}

/**
 * Collapses runs of blank lines to one, outside string and template literals (a run of blank
 * lines can only occur inside those or between tokens/comments, and the scanner tells which).
 */
function collapseBlankLines(text: string): string {
  const { ts } = morph();
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, true);
  const protectedRanges: Array<[number, number]> = [];
  const visit = (node: TsNamespace.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) {
      protectedRanges.push([node.getStart(sf), node.getEnd()]);
      return;
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return text.replace(/\n(?:[ \t]*\n){2,}/g, (run, offset: number) =>
    protectedRanges.some(([s, e]) => offset < e && offset + run.length > s) ? run : '\n\n',
  );
}

/**
 * The TypeScript formatter indents the first line of a multi-line comment but not the rest; this
 * re-indents every line of each `/** … *​/` comment that starts a line to the column of its `/**`,
 * with ` * ` prefixes, so doc comments read the same whatever the template's indentation.
 */
function reindentDocComments(text: string, sf: TsNamespace.SourceFile): string {
  const { ts } = morph();
  const ranges = new Map<number, number>();
  const collect = (pos: number): void => {
    for (const r of ts.getLeadingCommentRanges(text, pos) ?? []) {
      if (r.kind === ts.SyntaxKind.MultiLineCommentTrivia) ranges.set(r.pos, r.end);
    }
  };
  const visit = (node: TsNamespace.Node): void => {
    collect(node.pos);
    for (const child of node.getChildren(sf)) visit(child);
  };
  visit(sf);
  collect(sf.endOfFileToken.pos);
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let out = '';
  let last = 0;
  for (const [start, end] of sorted) {
    if (start < last) continue;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const indent = text.slice(lineStart, start);
    const comment = text.slice(start, end);
    if (!comment.startsWith('/**') || !comment.includes('\n') || /\S/.test(indent)) continue;
    const lines = comment.split('\n');
    const body = lines.slice(1).map((l) => {
      const t = l.trim();
      if (t === '') return `${indent} *`;
      return t.startsWith('*') ? `${indent} ${t}` : `${indent} * ${t}`;
    });
    out += text.slice(last, start) + [lines[0]!.trimEnd(), ...body].join('\n');
    last = end;
  }
  return out + text.slice(last);
}
