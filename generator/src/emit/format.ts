/**
 * Checking and formatting rendered files before anything is written.
 *
 * `.ts` files are parsed once with the TypeScript compiler that ts-morph bundles (one program for
 * all files of a call, for the syntax check); a syntax error is a `TemplateError` (DG6001) naming
 * the template and the line/column in the text it rendered. The same parse is then formatted with
 * the TypeScript formatter under fixed settings (2 spaces, semicolons, LF; ts-morph's `formatText`
 * settings), doc comments are re-indented and runs of blank lines collapsed, so output does not
 * depend on the template's whitespace. `.json` files must parse and are re-serialised with
 * 2-space indentation. Other files get normalised line endings and a final newline.
 */
import { createRequire } from 'node:module';
import type { ts as TsNamespace } from 'ts-morph';
import { TemplateError } from './errors.js';
import { cutIntoPieces, knownPieces, missingRuns, pieceHash, pieceRows, type FormatMemo, type PieceRow } from './format-pieces.js';
import type { TemplateSource } from './templates.js';

type TsMorph = typeof import('ts-morph');
let tsMorph: TsMorph | undefined;
/**
 * ts-morph (with the TypeScript compiler) is loaded on first use: it takes a few hundred
 * milliseconds to load, and a warm run that renders no file again does not need it. It is a
 * CommonJS package, so `require` loads it synchronously.
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
  /** How the previous run formatted this path, for the pieces that did not change (`format-pieces.ts`). */
  memo?: FormatMemo;
}

/** A checked and formatted file: its text, and for a TypeScript file cut into pieces, where they are in it. */
export interface FormattedFile {
  text: string;
  pieces?: PieceRow[];
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
    insertSpaceAfterConstructor: false,
    insertSpaceAfterOpeningAndBeforeClosingJsxExpressionBraces: false,
    insertSpaceBeforeFunctionParenthesis: false,
  });
};

/** What the TypeScript formatter needs from its host: only the line break. */
const FORMAT_HOST = { getNewLine: (): string => '\n' };

/** The TypeScript formatter's edits for a parsed file, or for the lines of `range` in it. */
export type FormatEdits = (sf: TsNamespace.SourceFile, range?: TextRange) => readonly TsNamespace.TextChange[];

/** A range of a text, from its start to its end. */
interface TextRange {
  start: number;
  end: number;
}

let formatEdits: FormatEdits | undefined;
/** The formatter: `directFormatter` when the compiler has it, else `serviceFormatter`. */
function formatter(): FormatEdits {
  return (formatEdits ??= directFormatter() ?? serviceFormatter());
}

/**
 * The document and selection formatters that the language service's `getFormattingEditsForDocument`
 * (and so ts-morph's `formatText`) and `getFormattingEditsForRange` call, applied directly to the
 * source file parsed for the syntax check, so each file is parsed once. They are not in the
 * compiler's public typings; undefined when a compiler does not have them.
 */
export function directFormatter(): FormatEdits | undefined {
  const formatting = (morph().ts as unknown as { formatting?: Partial<DocumentFormatter> }).formatting;
  const complete = ['formatDocument', 'formatSelection', 'getFormatContext'] as const;
  if (!formatting || complete.some((name) => typeof formatting[name] !== 'function')) return undefined;
  const { formatDocument, formatSelection, getFormatContext } = formatting as DocumentFormatter;
  let context: unknown;
  return (sf, range) => {
    context ??= getFormatContext(FORMAT_SETTINGS(), FORMAT_HOST);
    return range ? formatSelection(range.start, range.end, sf, context) : formatDocument(sf, context);
  };
}

interface DocumentFormatter {
  formatDocument(sourceFile: TsNamespace.SourceFile, context: unknown): readonly TsNamespace.TextChange[];
  formatSelection(start: number, end: number, sourceFile: TsNamespace.SourceFile, context: unknown): readonly TsNamespace.TextChange[];
  getFormatContext(options: TsNamespace.FormatCodeSettings, host: typeof FORMAT_HOST): unknown;
}

/**
 * The same edits through the public language service, which parses each file a second time: the
 * fallback for a compiler without `directFormatter`. A test asserts that both agree.
 */
export function serviceFormatter(): FormatEdits {
  const { ts } = morph();
  let current: TsNamespace.SourceFile | undefined;
  let version = 0;
  const host: TsNamespace.LanguageServiceHost = {
    getScriptFileNames: () => (current ? [current.fileName] : []),
    getScriptVersion: () => String(version),
    getScriptSnapshot: (name) => (current && name === current.fileName ? ts.ScriptSnapshot.fromString(current.text) : undefined),
    getCurrentDirectory: () => '/',
    getCompilationSettings: () => ({ target: ts.ScriptTarget.ES2022, noLib: true, noResolve: true, types: [] }),
    getDefaultLibFileName: () => '/lib.d.ts',
    fileExists: (name) => current?.fileName === name,
    readFile: () => undefined,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  return (sf, range) => {
    current = sf;
    version++;
    return range ? service.getFormattingEditsForRange(sf.fileName, range.start, range.end, FORMAT_SETTINGS()) : service.getFormattingEditsForDocument(sf.fileName, FORMAT_SETTINGS());
  };
}

/**
 * Checks every rendered file and returns the formatted text of each, in input order.
 * Throws `TemplateError` (DG6001) for the first file (in path order) that does not parse.
 */
export function checkAndFormat(files: readonly RenderedFile[]): FormattedFile[] {
  if (!files.some((f) => f.path.endsWith('.ts'))) return files.map((file) => ({ text: formatOther(file) }));
  const { ts } = morph();
  const sources = new Map<string, TsNamespace.SourceFile>();
  for (const file of files) {
    if (file.path.endsWith('.ts')) sources.set(file.path, parseTypeScript(file.path, file.text));
  }
  const program = programOf([...sources.values()]);
  for (const file of files) {
    const sf = sources.get(file.path);
    if (!sf) continue;
    const [first] = program.getSyntacticDiagnostics(sf);
    if (first) {
      const { line, character } = sf.getLineAndCharacterOfPosition(first.start ?? 0);
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
  return files.map((file) => {
    const sf = sources.get(file.path);
    return sf ? formatTypeScript(sf, file.memo) : { text: formatOther(file) };
  });
}

function parseTypeScript(path: string, text: string): TsNamespace.SourceFile {
  const { ts } = morph();
  // Doc comments are not parsed into JSDoc nodes: neither the syntax check nor the formatter reads them.
  const options = { languageVersion: ts.ScriptTarget.ES2022, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  return ts.createSourceFile(`/out/${path}`, text.replace(/\r\n?/g, '\n'), options, true, ts.ScriptKind.TS);
}

/**
 * One TypeScript file formatted as `checkAndFormat` formats it, with the given formatter and what a
 * previous run formatted (for tests); `whole` formats it without cutting it into pieces.
 */
export function formatTypeScriptWith(path: string, text: string, edits: FormatEdits, memo?: FormatMemo, whole = false): FormattedFile {
  const sf = parseTypeScript(path, text);
  return whole ? { text: formatWhole(sf, edits) } : formatTypeScript(sf, memo, edits);
}

/**
 * A program over already parsed files, for their syntax diagnostics: no library, no module
 * resolution, nothing read from disk (the host only hands out the given source files).
 */
function programOf(sourceFiles: readonly TsNamespace.SourceFile[]): TsNamespace.Program {
  const { ts } = morph();
  const byName = new Map(sourceFiles.map((sf) => [sf.fileName, sf]));
  const host: TsNamespace.CompilerHost = {
    getSourceFile: (name) => byName.get(name),
    getDefaultLibFileName: () => '/lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => byName.has(name),
    readFile: () => undefined,
  };
  const options = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, noLib: true, noResolve: true, types: [] };
  return ts.createProgram({ rootNames: [...byName.keys()], options, host });
}

/** A file that is not TypeScript: JSON is re-serialised, anything else gets LF line endings. */
function formatOther(file: RenderedFile): string {
  if (file.path.endsWith('.json')) return formatJson(file);
  return finalNewline(file.text.replace(/\r\n?/g, '\n'));
}

/**
 * Formats one parsed file piece by piece (`format-pieces.ts`), taking from `memo` the pieces formatted
 * before; a file that cannot be cut into pieces is formatted whole.
 */
function formatTypeScript(sf: TsNamespace.SourceFile, memo: FormatMemo | undefined, edits: FormatEdits = formatter()): FormattedFile {
  const cut = cutIntoPieces(sf);
  if (!cut) return { text: formatWhole(sf, edits) };
  const { starts, contexts } = cut;
  const ends = [...starts.slice(1), sf.text.length];
  const hashes = starts.map((start, i) => pieceHash(sf.text.slice(start, ends[i]), contexts[i]!));
  const known = knownPieces(memo);
  const pieces = hashes.map((hash) => known.get(hash));
  for (const [first, last] of missingRuns(pieces.length, (i) => pieces[i] === undefined)) {
    const range = { start: starts[first]!, end: ends[last - 1]! };
    const runStarts = starts.slice(first, last);
    const runEnds = ends.slice(first, last);
    const changes = edits(sf, first === 0 && last === pieces.length ? undefined : range).map(textEdit);
    const byPiece = editsByPiece(changes, runStarts, range.end);
    // An edit across a line break between pieces would make them depend on each other.
    if (!byPiece) return { text: formatWhole(sf, edits) };
    const literals = literalRanges(sf, range);
    const tokens = rangesByPiece(literals.tokens, runStarts, runEnds);
    const templates = rangesByPiece(literals.templates, runStarts, runEnds);
    for (let i = first; i < last; i++) {
      const piece = cleanUp(sf.text.slice(starts[i], ends[i]), byPiece[i - first]!, { tokens: tokens[i - first]!, templates: templates[i - first]! });
      // The last piece ends the file: with one line break.
      pieces[i] = i === pieces.length - 1 ? finalNewline(piece) : piece;
    }
  }
  return { text: pieces.join(''), pieces: pieceRows(hashes, pieces as string[]) };
}

/** The whole file formatted at once (a file that cannot be cut into pieces). */
function formatWhole(sf: TsNamespace.SourceFile, edits: FormatEdits): string {
  return finalNewline(cleanUp(sf.text, edits(sf).map(textEdit), literalRanges(sf, { start: 0, end: sf.text.length })));
}

function textEdit(change: TsNamespace.TextChange): TextEdit {
  return { start: change.span.start, end: change.span.start + change.span.length, text: change.newText };
}

/**
 * `edits` split among the pieces that start at `starts` (the last one ends at `end`), each
 * relative to its piece; undefined when an edit is not within one piece. An insertion at the start
 * of a piece is the piece's own (it indents its first line).
 */
function editsByPiece(edits: readonly TextEdit[], starts: readonly number[], end: number): TextEdit[][] | undefined {
  const out: TextEdit[][] = starts.map(() => []);
  let i = 0;
  // In order of position (a stable sort keeps insertions at one position in their order).
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    // The formatter may look at the line before the range; what it finds there is not asked for.
    if (edit.end <= starts[0]! && edit.start < starts[0]!) continue;
    if (edit.start >= end) break;
    if (edit.start < starts[0]!) return undefined;
    while (i + 1 < starts.length && starts[i + 1]! <= edit.start) i++;
    if (edit.end > (i + 1 < starts.length ? starts[i + 1]! : end)) return undefined;
    out[i]!.push({ start: edit.start - starts[i]!, end: edit.end - starts[i]!, text: edit.text });
  }
  return out;
}

/**
 * The formatter's `edits` applied to `text`, then doc comments re-indented and runs of blank lines
 * collapsed. Literal ranges are carried through each set of edits (no edit ever falls inside a
 * literal), so no step parses the text again.
 */
function cleanUp(text: string, edits: readonly TextEdit[], literals: { tokens: Range[]; templates: Range[] }): string {
  const formatting = applyEdits(text, edits);
  const tokensAfterFormat = literals.tokens.map((r) => formatting.mapRange(r));
  const reindented = applyEdits(formatting.text, reindentDocComments(formatting.text, tokensAfterFormat));
  const protectedRanges = literals.templates.map((r) => reindented.mapRange(formatting.mapRange(r)));
  return collapseBlankLines(reindented.text, protectedRanges);
}

/** A half-open text range [start, end). */
type Range = readonly [number, number];

interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies non-overlapping edits (in any order; edits at the same position keep their order) and
 * returns the new text with a map from ranges of the old text that no edit touches to the new text.
 */
function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; mapRange: (range: Range) => Range } {
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.start - b.edit.start || a.index - b.index).map((e) => e.edit);
  const parts: string[] = [];
  let last = 0;
  for (const edit of sorted) {
    parts.push(text.slice(last, edit.start), edit.text);
    last = edit.end;
  }
  parts.push(text.slice(last));
  // Cumulative length change after each edit, for mapping positions by binary search.
  const ends = sorted.map((e) => e.end);
  const starts = sorted.map((e) => e.start);
  const shift: number[] = [];
  let total = 0;
  for (const e of sorted) shift.push((total += e.text.length - (e.end - e.start)));
  /** Edits that end at or before `pos` (for an end position, an insertion exactly at `pos` comes after it). */
  const shiftAt = (pos: number, isEnd: boolean): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const before = ends[mid]! < pos || (ends[mid] === pos && (!isEnd || starts[mid]! < pos));
      if (before) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : shift[lo - 1]!;
  };
  return { text: parts.join(''), mapRange: ([start, end]) => [start + shiftAt(start, false), end + shiftAt(end, true)] };
}

/**
 * The ranges of the literals of a file in `within`: `tokens` are the string, template and regular
 * expression literal tokens (the only places where a comment opener is not a comment), `templates`
 * the ranges blank lines are kept in (string literals and whole template literals, substitutions
 * included); both sorted.
 */
function literalRanges(sf: TsNamespace.SourceFile, within: TextRange): { tokens: Range[]; templates: Range[] } {
  const { ts } = morph();
  const tokens: Range[] = [];
  const templates: Range[] = [];
  const visit = (node: TsNamespace.Node, inTemplate: boolean): void => {
    if (node.end <= within.start || node.pos >= within.end) return;
    const kind = node.kind;
    const isToken =
      ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || kind === ts.SyntaxKind.RegularExpressionLiteral;
    if (isToken) tokens.push([node.getStart(sf), node.getEnd()]);
    const isProtected = ts.isStringLiteralLike(node) || ts.isTemplateLiteral(node) || ts.isTemplateLiteralToken(node);
    if (isProtected && !inTemplate) templates.push([node.getStart(sf), node.getEnd()]);
    if (!isToken) node.forEachChild((child) => visit(child, inTemplate || isProtected));
  };
  visit(sf, false);
  const byStart = (a: Range, b: Range): number => a[0] - b[0];
  return { tokens: tokens.sort(byStart), templates: templates.sort(byStart) };
}

/** `ranges` (sorted) split among the pieces [starts[i], ends[i]), each relative to its piece. */
function rangesByPiece(ranges: readonly Range[], starts: readonly number[], ends: readonly number[]): Range[][] {
  const out: Range[][] = starts.map(() => []);
  let next = 0;
  starts.forEach((start, i) => {
    while (next < ranges.length && ranges[next]![0] < start) next++;
    for (; next < ranges.length && ranges[next]![0] < ends[i]!; next++) out[i]!.push([ranges[next]![0] - start, ranges[next]![1] - start]);
  });
  return out;
}

/**
 * Collapses runs of blank lines to one, outside string and template literals (a run of blank
 * lines can only occur inside those or between tokens/comments).
 */
function collapseBlankLines(text: string, protectedRanges: readonly Range[]): string {
  return text.replace(/\n(?:[ \t]*\n){2,}/g, (run, offset: number) =>
    protectedRanges.some(([s, e]) => offset < e && offset + run.length > s) ? run : '\n\n',
  );
}

/**
 * The multi-line comments of a TypeScript text: every `/*` outside the given literal token ranges
 * (sorted) starts one; `//` comments are skipped so that a `/*` inside them is not taken for one.
 */
function blockComments(text: string, literals: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (let i = 0; i < text.length; i++) {
    while (next < literals.length && literals[next]![1] <= i) next++;
    const literal = literals[next];
    if (literal && literal[0] <= i) {
      i = literal[1] - 1;
      continue;
    }
    if (text.charCodeAt(i) !== 0x2f) continue; // '/'
    const c = text.charCodeAt(i + 1);
    if (c === 0x2f) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol;
    } else if (c === 0x2a) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      out.push([i, end]);
      i = end - 1;
    }
  }
  return out;
}

/**
 * The TypeScript formatter indents the first line of a multi-line comment but not the rest; these
 * edits re-indent every line of each `/** … *​/` comment that starts a line to the column of its
 * `/**`, with ` * ` prefixes, so doc comments read the same whatever the template's indentation.
 */
function reindentDocComments(text: string, literals: readonly Range[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const [start, end] of blockComments(text, literals)) {
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
    edits.push({ start, end, text: [lines[0]!.trimEnd(), ...body].join('\n') });
  }
  return edits;
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

/** Files checked and formatted per call: one program holds the syntax trees of all its files. */
export const FORMAT_CHUNK = 200;

/**
 * `checkAndFormat` in chunks, which bounds the memory of a large doc set (formatting is per file).
 * With `release`, each file's rendered text is dropped (set to '') once it is formatted: the caller
 * does not need it any more, and on a large doc set it is tens of megabytes.
 */
export function formatInChunks(files: readonly RenderedFile[], release = false): FormattedFile[] {
  const out: FormattedFile[] = [];
  for (let start = 0; start < files.length; start += FORMAT_CHUNK) {
    const chunk = files.slice(start, start + FORMAT_CHUNK);
    out.push(...checkAndFormat(chunk));
    if (release) {
      for (const file of chunk) {
        file.text = '';
        file.memo = undefined;
      }
    }
  }
  return out;
}
