/**
 * The normalised page model: what one documentation page says, whatever its format.
 *
 * Every reader (apiref Markdown, Win32 desktop-src, rendered text, conceptual article,
 * status-code reference) produces a `PageModel`. The spec builder merges page models
 * into the spec model. Every fact carries the file and line it came from.
 */
import type { Diagnostic } from '../diagnostics.js';

/**
 * Where a fact was read: a file and a 1-based line. The file is relative to the docs root (POSIX
 * separators), or, when `headers` is set, relative to that headers folder (its index in the
 * `--headers` list): a fact from a C header.
 */
export interface SourceRef {
  file: string;
  line: number;
  headers?: number;
}

/**
 * `non-page`: a file of the docs folder that is not a documentation page (an image, a diagram, a
 * `toc.yml`); it was skipped without being parsed and its page model is empty (see
 * `readers/non-page-files.ts`). `unknown`: a page docgen could not read or recognise.
 */
export type PageFormat = 'apiref' | 'win32' | 'rendered' | 'conceptual' | 'status-reference' | 'non-page' | 'unknown';

export type ApiKind =
  | 'function'
  | 'callback'
  | 'structure'
  | 'enumeration'
  | 'ioctl'
  | 'interface'
  | 'method'
  | 'macro'
  | 'header';

export type Direction = 'in' | 'out' | 'inout';

/**
 * The language an API's interface is declared in. `c` covers C and C++ prototypes, the only
 * declarations docgen binds; the others (a WMI class or method in MOF, C#, VB, IDL, C++/WinRT,
 * JavaScript, PowerShell, an XML schema, `other` for any other named language) are kept as written
 * and never parsed as C.
 */
export type InterfaceLanguage = 'c' | 'mof' | 'idl' | 'csharp' | 'vb' | 'cppwinrt' | 'javascript' | 'powershell' | 'xml' | 'other';

/** An interface language other than C. */
export type ForeignLanguage = Exclude<InterfaceLanguage, 'c'>;

/**
 * Text with the line it starts on. `text` is plain (Markdown and HTML markup removed, whitespace
 * folded; tables and code left out of prose sections): the view the condition-sentence rules and
 * the return-code readers read. `markdown` is the same content as GitHub-flavoured Markdown, for
 * documentation comments: tables (HTML ones too) as GFM tables, lists, code spans and blocks,
 * emphasis, and links that keep their text (their target made absolute where the page's address
 * allows, see `readers/doc-links.ts`). It is present only when it differs from `text`, so plain
 * prose is stored once.
 */
export interface SourcedText {
  text: string;
  markdown?: string;
  source: SourceRef;
}

/** A syntax block in a language other than C, as written; never read by the C parser. */
export interface ForeignSyntax extends SourcedText {
  language: ForeignLanguage;
  /** The code fence's info string as written (`mof`, `syntax`), when the block had one. */
  info?: string;
}

/** A parameter of a parsed C declaration. */
export interface CParameter {
  name: string;
  /** The C type as written, without SAL annotations or direction brackets, e.g. `PCtxtHandle`, `SspiAsyncContext *`. */
  type: string;
  direction?: Direction;
  optional?: boolean;
  /** The SAL annotation as written, e.g. `_In_opt_`. */
  sal?: string;
}

/** A C function declaration parsed from a syntax block. */
export interface CDeclaration {
  name: string;
  returnType: string;
  /** `WINAPI`, `SEC_Entry`, `NTAPI`, `__stdcall`, ... as written. */
  callingConvention?: string;
  parameters: CParameter[];
  /** For callbacks: the typedef name (`LSA_DELETE_LOGON_SESSION` in `LSA_DELETE_LOGON_SESSION LsaDeleteLogonSession;`). */
  typedefName?: string;
  /** True when the declaration ends with `...`. */
  variadic?: boolean;
  /** The declaration text exactly as it appears on the page. */
  text: string;
  source: SourceRef;
}

/** A parameter as the prose documents it (`### -param`, `*name* [in]`, rendered "Parameters"). */
export interface ParameterDoc {
  name: string;
  direction?: Direction;
  optional: boolean;
  /** How direction/optional were stated: `annotation` (`[in, optional]`), `prose` ("Optional."), `sal` (prototype). */
  directionFrom?: 'annotation' | 'prose' | 'sal';
  description: string;
  /** The description as Markdown, when it differs from `description` (see `SourcedText`). */
  descriptionMarkdown?: string;
  source: SourceRef;
}

/** A structure field or enumeration constant. */
export interface MemberDoc {
  name: string;
  type?: string;
  value?: string;
  description: string;
  /** The description as Markdown, when it differs from `description` (see `SourcedText`). */
  descriptionMarkdown?: string;
  source: SourceRef;
}

/** A documented return code. */
export interface ReturnCodeDoc {
  /** The status name, e.g. `SEC_E_INVALID_HANDLE`. */
  name: string;
  /** A numeric value written on the page next to the name (`0x80090301L`), if any. */
  inlineValue?: number;
  /** The description cell or sentence. */
  description: string;
  /** The sentence that states when the code occurs. */
  condition?: string;
  /** How the code was found. */
  from: 'table' | 'prose' | 'list';
  source: SourceRef;
}

export interface ReturnsDoc {
  /** The prose of the returns section. */
  description: string;
  /** The prose of the returns section (its tables left out: they are the codes) as Markdown, when it differs from `description`. */
  descriptionMarkdown?: string;
  codes: ReturnCodeDoc[];
  /** False when the page says its list is not complete ("include, but are not limited to"). */
  exhaustive: boolean;
  source: SourceRef;
}

export interface Requirements {
  header?: string;
  includeHeader?: string;
  library?: string;
  dll?: string;
  minClient?: string;
  minServer?: string;
  /** True when the requirements say "kernel-mode drivers only" / kernel mode. */
  kernelModeOnly?: boolean;
  irql?: string;
  unicodeAnsi?: string;
  /** Every requirement row as written, key -> value. */
  raw: Record<string, string>;
  source?: SourceRef;
}

export interface LinkRef {
  /** The link text. */
  text: string;
  /** The target as written, if it was a link. */
  href?: string;
  /** The API name the link resolves to, when it can be resolved from the target or text. */
  api?: string;
  source: SourceRef;
}

/**
 * The address of a page on its documentation site (learn.microsoft.com for Microsoft's docs), as
 * the docs build publishes it, derived from the page's path or UID and the `links` setting (see
 * `readers/doc-links.ts`). A page whose address cannot be derived has none: never a guessed one.
 */
export interface DocsUrl {
  url: string;
  /**
   * How it was derived: `file-name`, an apiref page under its own published file name; `uid`, an
   * apiref page whose file was renamed, from its UID; `path`, a page by its path below a folder
   * whose address the config gives.
   */
  from: 'file-name' | 'uid' | 'path';
  source: SourceRef;
}

/** One API as one page documents it. */
export interface ApiPage {
  name: string;
  kind: ApiKind;
  /** apiref `UID`, e.g. `NF:sspi.SspiDeleteSecurityContextAsync`. */
  uid?: string;
  header?: string;
  /** For methods: the interface name. */
  parent?: string;
  title?: string;
  description?: SourcedText;
  /**
   * The language of the API's declaration when it is not C: the page's syntax blocks are all in
   * that language (`mof` for a WMI class or method). Such an API has no C `declaration`, no C
   * types are read from its page, and it is not a C function: keep it out of C bindings, the
   * loader and the stubs. Absent: C (or no syntax block at all), as for every API before.
   */
  language?: ForeignLanguage;
  declaration?: CDeclaration;
  /** The text of every C syntax block on the page (type definitions are read from these). */
  syntax?: SourcedText[];
  /** The syntax blocks in other languages than C (on a page with C blocks too, or with `language` set). */
  foreignSyntax?: ForeignSyntax[];
  parameters: ParameterDoc[];
  fields: MemberDoc[];
  returns?: ReturnsDoc;
  remarks?: SourcedText;
  seeAlso: LinkRef[];
  requirements: Requirements;
  /** Names of the ANSI/Unicode variants the page states (`FooA`, `FooW`). */
  variants: string[];
  /** The page's address on its documentation site, when it can be derived. */
  docsUrl?: DocsUrl;
  source: SourceRef;
}

/** A status code as a reference table defines it. */
export interface StatusCodeDef {
  name: string;
  value: number;
  /** The status type the table belongs to, if the page says. */
  type?: StatusType;
  description: string;
  source: SourceRef;
}

export type StatusType = 'HRESULT' | 'NTSTATUS' | 'WIN32';

/** APIs that a conceptual page lists together. */
export interface ApiGroup {
  /** The heading of the table or list. */
  name: string;
  /** The page title. */
  page: string;
  members: { api: string; description: string; source: SourceRef }[];
  source: SourceRef;
}

/** A numbered call flow on a conceptual page. */
export interface CallFlow {
  name: string;
  steps: { text: string; apis: string[]; source: SourceRef }[];
  source: SourceRef;
}

export interface CodeSample {
  language: string;
  code: string;
  /** API names the sample calls. */
  calls: string[];
  source: SourceRef;
}

export interface PageModel {
  /** Path relative to the docs root, POSIX separators. */
  file: string;
  format: PageFormat;
  title?: string;
  /**
   * True for a page the docgen project wrote itself to fill a gap in Microsoft's docs (front
   * matter `docgen-authored: true`): it has no page on Microsoft's site, so no link to one, and a
   * Microsoft page for the same API takes precedence over it.
   */
  authoredByDocgen?: true;
  apis: ApiPage[];
  statusCodes: StatusCodeDef[];
  groups: ApiGroup[];
  flows: CallFlow[];
  samples: CodeSample[];
  diagnostics: Diagnostic[];
}

export function emptyPage(file: string, format: PageFormat): PageModel {
  return { file, format, apis: [], statusCodes: [], groups: [], flows: [], samples: [], diagnostics: [] };
}

export function emptyRequirements(): Requirements {
  return { raw: {} };
}
