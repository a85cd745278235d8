/**
 * Diagnostics: a stable code, a severity, a position and one sentence.
 *
 * The catalogue below is the single list of codes; docs/diagnostics in the README is
 * generated from it (`docgen diagnostics`), so a code is never used without being documented.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** A code from the DIAGNOSTICS catalogue. */
  code: string;
  severity: Severity;
  /** File relative to the docs root (or to a headers folder, see `headers`); empty for run-level diagnostics. */
  file: string;
  line: number;
  message: string;
  /** Set when `file` is a C header: the index of its headers folder (`--headers` order). */
  headers?: number;
}

interface CatalogueEntry {
  severity: Severity;
  /** What the code means, for the documentation. */
  summary: string;
}

export const DIAGNOSTICS = {
  // 1xxx: reading files
  DG1001: { severity: 'error', summary: 'The file is empty.' },
  DG1002: { severity: 'error', summary: 'The file is binary (contains NUL bytes), not a text page.' },
  DG1003: { severity: 'warning', summary: 'The file is not valid UTF-8; it was decoded as Windows-1252.' },
  DG1004: { severity: 'error', summary: 'The file is larger than the page size limit and was skipped.' },
  DG1005: { severity: 'error', summary: 'The file could not be read.' },
  DG1006: { severity: 'info', summary: 'The file was decoded from UTF-16.' },
  DG1007: { severity: 'info', summary: 'Files that are not documentation pages (images, diagrams, configuration) were skipped; one summary per run, on the first of them.' },
  // 2xxx: understanding a page
  DG2001: { severity: 'error', summary: 'The YAML front matter is malformed.' },
  DG2002: { severity: 'warning', summary: 'The YAML front matter used tabs for indentation and was read after replacing them.' },
  DG2003: { severity: 'warning', summary: 'The page has no recognisable API, status table or conceptual content.' },
  DG2004: { severity: 'warning', summary: 'The front matter UID has an unknown kind prefix.' },
  DG2005: { severity: 'warning', summary: 'A syntax block could not be parsed as a C declaration.' },
  DG2006: { severity: 'warning', summary: 'A parameter has no direction annotation.' },
  DG2007: { severity: 'warning', summary: 'A documented parameter does not appear in the prototype.' },
  DG2008: { severity: 'warning', summary: 'A prototype parameter is not documented.' },
  DG2009: { severity: 'warning', summary: 'The documented parameters are in a different order than the prototype.' },
  DG2010: { severity: 'warning', summary: 'The direction stated in the prose differs from the SAL annotation in the prototype.' },
  DG2011: { severity: 'info', summary: 'A stale sub-heading (`#### - Name`) was ignored.' },
  DG2012: { severity: 'warning', summary: 'A return-code table row has no recognisable status name.' },
  DG2013: { severity: 'warning', summary: 'A section expected on this kind of page is missing.' },
  DG2014: { severity: 'info', summary: 'The API is declared in another language than C (MOF for WMI classes and methods, C#, IDL, ...); it is kept with that language and not read as a C declaration.' },
  // 3xxx: merging pages
  DG3001: { severity: 'error', summary: 'Two pages with the same UID disagree.' },
  DG3002: { severity: 'warning', summary: 'Two pages about the same API disagree on a fact; the first page (by format priority, then path) wins.' },
  DG3003: { severity: 'info', summary: 'A conceptual page lists an API that has no page in the docs.' },
  DG3004: { severity: 'info', summary: 'A see-also link names an API that has no page in the docs.' },
  DG3005: { severity: 'warning', summary: 'Two APIs would get the same generated name.' },
  DG3006: { severity: 'info', summary: 'Only one of the pages that document an API gives one of its sections; that section is kept from it.' },
  DG3007: { severity: 'warning', summary: "A page and the C header that declares the API disagree (parameter count, order, type, direction, return type, a type's definition or a member's value); the header's is used." },
  DG3008: { severity: 'info', summary: 'The C header names parameters differently from the docs; they were matched by position.' },
  DG3009: { severity: 'info', summary: "A page the docgen project wrote gives way to Microsoft's page of the same API (or status code), which replaces it." },
  // 4xxx: status codes
  DG4001: { severity: 'warning', summary: 'A status code named on an API page has no numeric value in any status-code reference.' },
  DG4002: { severity: 'warning', summary: 'A value written inline on a page differs from the status-code reference; the reference wins.' },
  DG4003: { severity: 'warning', summary: 'Two status-code references give different values for one name.' },
  DG4004: { severity: 'info', summary: 'A status code value comes only from an inline value on an API page.' },
  DG4005: { severity: 'warning', summary: 'The status type of an API could not be determined.' },
  DG4006: { severity: 'warning', summary: 'A row of a status-code table names a code but gives no numeric value that docgen can read.' },
  DG4007: { severity: 'warning', summary: "A status-code reference gives a value that differs from the C header's definition; the header's value is used." },
  // 5xxx: types
  DG5001: { severity: 'warning', summary: 'A C type could not be resolved; it is recorded as unknown.' },
  DG5002: { severity: 'info', summary: 'A type was inferred from naming conventions rather than read from the docs or the catalogue.' },
  DG5003: { severity: 'warning', summary: 'An API has no C declaration on any page; parameter types are unknown.' },
  // 6xxx: generating
  DG6001: { severity: 'error', summary: 'A template rendered TypeScript or JSON that does not parse.' },
  DG6002: { severity: 'warning', summary: 'A documented name is not a valid identifier or file name and was renamed in generated code.' },
  DG6003: { severity: 'info', summary: 'A file in the output folder was not produced by docgen and was left in place.' },
  DG6004: { severity: 'warning', summary: "The docs give no value for a status type's \"not supported\" code; the stubs of its functions throw instead of returning it." },
  DG6005: { severity: 'error', summary: 'A template could not be compiled or rendered (syntax error, missing field, failing helper), or a template folder is missing.' },
  DG6006: { severity: 'error', summary: 'The spec given to the emitters does not match the spec schema (for example a hand-edited spec.json).' },
  // 7xxx: configuration and input folders
  DG7001: { severity: 'error', summary: 'The configuration file is invalid.' },
  DG7002: { severity: 'error', summary: 'The docs folder is missing or unreadable.' },
  DG7003: { severity: 'error', summary: 'Another docgen run kept the output folder in use for longer than `--lock-timeout`; this run read and wrote nothing.' },
  DG7004: { severity: 'error', summary: 'The lock file beside the output folder could not be created (no permission, read-only file system).' },
  DG7005: { severity: 'error', summary: 'A headers folder (`--headers`) is missing or unreadable.' },
  // 8xxx: C headers
  DG8001: { severity: 'warning', summary: 'A header is not valid UTF-8; it was decoded as Windows-1252.' },
  DG8002: { severity: 'error', summary: 'A header is binary (contains NUL bytes), not C text; it was skipped.' },
  DG8003: { severity: 'error', summary: 'A header does not look like C source; it was skipped.' },
  DG8004: { severity: 'warning', summary: 'A brace, parenthesis or bracket in a header is not balanced; the declarations around it may be missing.' },
  DG8005: { severity: 'error', summary: 'An #if, #ifdef or #ifndef has no matching #endif; the conditional was closed at the end of the header.' },
  DG8006: { severity: 'warning', summary: 'An #elif, #else or #endif has no matching #if and was ignored.' },
  DG8007: { severity: 'warning', summary: 'A declaration in a header could not be read and was skipped.' },
  DG8008: { severity: 'error', summary: 'A typedef refers back to itself through a chain of typedefs.' },
  DG8009: { severity: 'error', summary: 'A structure or union contains itself by value (not through a pointer).' },
  DG8010: { severity: 'warning', summary: 'Headers define one constant with different values; the definition in its status form, then one whose value agrees with its name, then the most common value, then the first in header order (user-mode folders, then the headers that declare most, then path order) was chosen.' },
  DG8011: { severity: 'warning', summary: 'Headers declare one function or type differently; the first complete declaration in header order (user-mode folders, then the headers that declare most, then path order) was chosen.' },
  DG8012: { severity: 'info', summary: 'A header declares a name differently in two branches of a conditional; the branch of the chosen build was taken.' },
  DG8013: { severity: 'info', summary: 'A conditional splits a declaration in a way that depends on other headers; only the first branch was read.' },
  DG8014: { severity: 'info', summary: 'A header stops with #error for the chosen build (for example a C++-only header); it was skipped.' },
  DG8015: { severity: 'warning', summary: 'An #if condition could not be evaluated; it was taken as false.' },
  DG8016: { severity: 'info', summary: 'A header was decoded from UTF-16.' },
  DG8017: { severity: 'error', summary: 'A header could not be read from disk.' },
  DG8018: { severity: 'warning', summary: 'A macro used as a declaration could not be expanded into one.' },
  // 9xxx: docgen itself
  DG9001: { severity: 'error', summary: 'docgen failed on this page (a bug in docgen); the page was skipped and the run went on.' },
  DG9002: { severity: 'error', summary: "docgen failed on one API in one stage (a bug in docgen); the API was left out of that stage's output and the run went on." },
} as const satisfies Record<string, CatalogueEntry>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;

export function diagnostic(code: DiagnosticCode, file: string, line: number, message: string, headers?: number): Diagnostic {
  const d: Diagnostic = { code, severity: DIAGNOSTICS[code].severity, file, line, message };
  if (headers !== undefined) d.headers = headers;
  return d;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: file, line, code, message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.headers ?? -1) - (b.headers ?? -1) ||
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.message, b.message)
  );
}

export function bySeverity(a: Diagnostic, b: Diagnostic): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || compareDiagnostics(a, b);
}

/** Locale-independent string comparison (code unit order), for deterministic output. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}:${d.line}: ` : '';
  return `${where}${d.severity} ${d.code}: ${d.message}`;
}

/** The catalogue as a Markdown table, for the README (kept in step by a test). */
export function diagnosticsMarkdownTable(): string {
  const rows = Object.entries(DIAGNOSTICS).map(([code, entry]) => `| ${code} | ${entry.severity} | ${entry.summary.replace(/\|/g, '\\|')} |`);
  return ['| code | severity | meaning |', '|---|---|---|', ...rows].join('\n');
}
