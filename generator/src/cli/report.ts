/**
 * Printing diagnostics. The machine formats are complete: JSON, GitHub Actions annotations and
 * SARIF 2.1.0 carry every diagnostic. The text format is for a person and stays readable on a doc
 * set with tens of thousands of diagnostics: the first errors and warnings one by one (up to a
 * limit), then a count of each code with one example, then the summary line; info diagnostics only
 * with `verbose`, which also lifts the limit. Colour on a terminal only.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pc from 'picocolors';
import { bySeverity, compareStrings, DIAGNOSTICS, type Diagnostic, type Severity } from '../diagnostics.js';
import { DOCGEN_VERSION } from '../version.js';

export type DiagnosticFormat = 'text' | 'json' | 'github' | 'sarif';
export const DIAGNOSTIC_FORMATS: DiagnosticFormat[] = ['text', 'json', 'github', 'sarif'];

/** Errors and warnings the text format prints one by one by default (`--max-diagnostics`). */
export const DEFAULT_MAX_DIAGNOSTICS = 20;

export interface ReportOptions {
  color: boolean;
  /** The docs folder as the user named it (diagnostics name files relative to the docs folder). */
  docsPrefix: string;
  /** Text: the most errors and warnings printed one by one (default `DEFAULT_MAX_DIAGNOSTICS`). */
  maxShown?: number;
  /** Text: print every diagnostic, info ones included, with no limit. */
  verbose?: boolean;
  /** SARIF: the docs folder's absolute path, for a docs folder outside the working directory. */
  docsDir?: string;
  /** The headers folders as the user named them (`--headers`), for diagnostics about C headers. */
  headerPrefixes?: readonly string[];
}

/** Whether a format is a document for a program (printed on stdout, even when empty). */
export function isDocumentFormat(format: DiagnosticFormat): boolean {
  return format === 'json' || format === 'sarif';
}

export function formatDiagnostics(list: readonly Diagnostic[], format: DiagnosticFormat, options: ReportOptions): string {
  const sorted = [...list].sort(bySeverity);
  if (format === 'json') return JSON.stringify(sorted.map((d) => ({ ...d, file: whereOf(d, options) })), null, 2);
  if (format === 'github') return sorted.map((d) => githubAnnotation(d, options)).join('\n');
  if (format === 'sarif') return sarifLog(sorted, options);
  return textReport(sorted, options);
}

export function summarise(list: readonly Diagnostic[]): string {
  const count = (s: Severity): number => list.filter((d) => d.severity === s).length;
  return `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`;
}

/** The file of a diagnostic as the user sees it (under the docs folder or its headers folder), or '' for a run-level one. */
function whereOf(d: Diagnostic, options: ReportOptions): string {
  if (!d.file) return '';
  return d.headers !== undefined ? joinPath(options.headerPrefixes?.[d.headers] ?? '', d.file) : joinPath(options.docsPrefix, d.file);
}

function joinPath(prefix: string, file: string): string {
  return prefix && prefix !== '.' ? `${prefix.replace(/\/+$/, '')}/${file}` : file;
}

// --- text ---------------------------------------------------------------------------------------

/** `sorted` is in `bySeverity` order. Ends with the summary line. */
function textReport(sorted: readonly Diagnostic[], options: ReportOptions): string {
  const max = options.maxShown ?? DEFAULT_MAX_DIAGNOSTICS;
  const listed = options.verbose ? sorted : sorted.filter((d) => d.severity !== 'info').slice(0, max);
  const lines = listed.map((d) => `${locationOf(d, options)}${paint(`${d.severity} ${d.code}`, d.severity, options)}: ${d.message}`);
  if (listed.length < sorted.length || listed.length > max) {
    if (lines.length > 0) lines.push('');
    lines.push(...countTable(sorted, options), '');
    lines.push(
      listed.length < sorted.length
        ? `Printed ${listed.length} of ${sorted.length} diagnostics: --verbose prints them all (notes too), --format json or --format sarif writes them all to stdout.`
        : `Every diagnostic is printed above; --format json or --format sarif writes them to stdout.`,
    );
  }
  lines.push(summarise(sorted));
  return lines.join('\n');
}

function locationOf(d: Diagnostic, options: ReportOptions): string {
  return d.file ? `${whereOf(d, options)}:${d.line}: ` : '';
}

function paint(text: string, severity: Severity, options: ReportOptions): string {
  if (!options.color) return text;
  return severity === 'error' ? pc.red(text) : severity === 'warning' ? pc.yellow(text) : pc.cyan(text);
}

/** The longest example printed in the table of counts; the full text is in the other formats. */
const EXAMPLE_CHARS = 120;

/**
 * One row per code: its severity, how many diagnostics have it, and the first of them (in the
 * printed order) as an example. Rows by severity, then most frequent first, then code.
 */
function countTable(sorted: readonly Diagnostic[], options: ReportOptions): string[] {
  const byCode = new Map<string, { severity: Severity; count: number; example: Diagnostic }>();
  for (const d of sorted) {
    const row = byCode.get(d.code);
    if (row) row.count++;
    else byCode.set(d.code, { severity: d.severity, count: 1, example: d });
  }
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const rows = [...byCode.entries()].sort(([a, x], [b, y]) => rank[x.severity] - rank[y.severity] || y.count - x.count || compareStrings(a, b));
  const countWidth = Math.max(5, ...rows.map(([, r]) => String(r.count).length));
  const codeWidth = Math.max(4, ...rows.map(([code]) => code.length));
  // Padded before painting: the colour codes take no room on the screen.
  const cells = (code: string, severity: string, count: string, example: string): string =>
    `  ${code}  ${severity.padEnd(8)}  ${count.padStart(countWidth)}  ${example}`;
  return [
    'Diagnostics by code:',
    cells('code'.padEnd(codeWidth), 'severity', 'count', 'example'),
    ...rows.map(([code, r]) =>
      cells(paint(code.padEnd(codeWidth), r.severity, options), r.severity, String(r.count), truncate(`${locationOf(r.example, options)}${r.example.message}`, EXAMPLE_CHARS)),
    ),
  ];
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

// --- GitHub Actions ------------------------------------------------------------------------------

function githubAnnotation(d: Diagnostic, options: ReportOptions): string {
  const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const props = d.file ? ` file=${escapeProperty(whereOf(d, options))},line=${Math.max(1, d.line)},title=${d.code}` : ` title=${d.code}`;
  return `::${level}${props}::${escapeData(d.message)}`;
}

// GitHub workflow command escaping (https://github.com/actions/toolkit, core/src/command.ts semantics).
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// --- SARIF ---------------------------------------------------------------------------------------

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The base the result locations are relative to: the docs folder. */
const DOCS_BASE = 'DOCS';

type SarifLevel = 'error' | 'warning' | 'note';
const sarifLevel = (s: Severity): SarifLevel => (s === 'info' ? 'note' : s);

/**
 * A SARIF 2.1.0 log of one run: the whole catalogue as the tool's rules (so a rule's index never
 * depends on which codes occurred), one result per diagnostic. File locations are relative to the
 * docs folder (`uriBaseId` DOCS); `originalUriBaseIds` places that folder relative to the working
 * directory (`%SRCROOT%`), or absolutely when it is outside it.
 */
function sarifLog(sorted: readonly Diagnostic[], options: ReportOptions): string {
  const codes = Object.keys(DIAGNOSTICS).sort(compareStrings) as Array<keyof typeof DIAGNOSTICS>;
  const ruleIndex = new Map<string, number>(codes.map((code, i) => [code, i]));
  const rules = codes.map((code) => ({
    id: code,
    shortDescription: { text: DIAGNOSTICS[code].summary },
    defaultConfiguration: { level: sarifLevel(DIAGNOSTICS[code].severity) },
  }));
  const results = sorted.map((d) => ({
    ruleId: d.code,
    ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
    level: sarifLevel(d.severity),
    message: { text: d.message },
    ...(d.file
      ? { locations: [{ physicalLocation: { artifactLocation: { uri: uriPath(d.file), uriBaseId: d.headers !== undefined ? `HEADERS${d.headers}` : DOCS_BASE }, region: { startLine: Math.max(1, d.line) } } }] }
      : {}),
  }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'docgen', version: DOCGEN_VERSION, rules } },
        originalUriBaseIds: {
          [DOCS_BASE]: folderBase(options.docsPrefix, options.docsDir),
          ...Object.fromEntries((options.headerPrefixes ?? []).map((prefix, i) => [`HEADERS${i}`, folderBase(prefix, path.resolve(prefix))])),
        },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

/** Where a folder (the docs, or a headers folder) is: relative to the working directory when inside it, else a file URI. */
function folderBase(prefix: string, absolute: string | undefined): { uri: string; uriBaseId?: string } {
  const folder = prefix.replace(/\\/g, '/').replace(/\/+$/, '').replace(/^\.\//, '');
  const inside = !path.isAbsolute(folder) && !/^[A-Za-z]:/.test(folder) && folder !== '..' && !folder.startsWith('../');
  if (inside) return { uri: folder === '' || folder === '.' ? './' : `${uriPath(folder)}/`, uriBaseId: '%SRCROOT%' };
  const href = pathToFileURL(absolute ?? folder).href;
  return { uri: href.endsWith('/') ? href : `${href}/` };
}

/** A relative POSIX path as a URI path: each segment percent-encoded. */
function uriPath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
