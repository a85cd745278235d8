/**
 * The language of a syntax block. docgen binds C declarations only (C++ prototypes of Windows APIs
 * are C declarations), so a block in another language (a WMI class or method in MOF, C#, VB, IDL,
 * PowerShell, an XML schema) must be recognised before the C parser sees it: read as C it would
 * invent a C function and C types.
 *
 * The code fence's info string decides when it names a language (```` ```mof ````, ```` ```cpp ````).
 * A generic or missing one (```` ```syntax ````, rendered text) leaves it to the content: an XML
 * element, or MOF (a qualifier list before `class`, `class Name : Base {` with MOF-typed members,
 * declarations typed `uint32`, `string`, `datetime`...); anything else is C, as before.
 */
import type { ForeignLanguage, InterfaceLanguage } from '../../model/page.js';

export interface SyntaxBlockText {
  text: string;
  line: number;
  /** The code fence's info string as written, if there was one. */
  info?: string;
}

export interface ClassifiedSyntax extends SyntaxBlockText {
  language: InterfaceLanguage;
}

/** Info strings that say nothing about the language. */
const GENERIC_INFO = new Set(['', 'syntax', 'text', 'txt', 'plaintext', 'plain', 'none', 'code']);

const INFO_LANGUAGES: [RegExp, InterfaceLanguage][] = [
  [/^(?:c|c\+\+|cpp|cxx|cc|h|hpp|objective-c)$/, 'c'],
  [/^mof$/, 'mof'],
  [/^(?:idl|midl|odl)$/, 'idl'],
  [/^(?:csharp|cs|c#)$/, 'csharp'],
  [/^(?:vb|vbnet|vb\.net|visualbasic|vbs|vbscript)$/, 'vb'],
  [/^(?:cppwinrt|cpp-winrt|cpp\/winrt|c\+\+\/winrt)$/, 'cppwinrt'],
  [/^(?:js|javascript|jscript)$/, 'javascript'],
  [/^(?:powershell|pwsh|ps|ps1|azurepowershell)$/, 'powershell'],
  [/^(?:xml|xsd|xaml)$/, 'xml'],
];

/** Types that exist in MOF and in no C or Windows header (those are upper case: `UINT32`, `BOOLEAN`). */
const MOF_ONLY_TYPE = /(?<![\w:.])(?:[us]int(?:8|16|32|64)|real(?:32|64)|char16|string|datetime)(?:\s*\[\s*\])?\s+(?:ref\s+)?[A-Za-z_]\w*/;
/** `[Qualifier, Qualifier("x")] class Name`: C++ has no bracketed list before `class`. */
const MOF_QUALIFIED_CLASS = /^\s*(?:\[[^\]]*\]\s*)+class\s+[A-Za-z_]\w*/m;
/** `class Name : Base {`: a C++ class names an access specifier (`: public Base`). */
const MOF_DERIVED_CLASS = /^\s*class\s+[A-Za-z_]\w*\s*:\s*[A-Za-z_]\w*\s*\{/m;
/** Marks of a C declaration that MOF never has. */
const C_MARKS = /^\s*#\s*(?:define|include|if|ifdef|ifndef|endif)\b|\btypedef\b|\b_(?:In|Out|Inout)(?:_\w*)?_\b|\b(?:WINAPI|APIENTRY|CALLBACK|NTAPI|__stdcall|__cdecl|STDMETHODCALLTYPE|SEC_ENTRY|SEC_Entry)\b/m;

/**
 * The language of one block. `mofPage` is a page-level cue (the requirements name a MOF file or a
 * WMI namespace): a generic block on such a page is MOF.
 */
export function syntaxLanguage(block: SyntaxBlockText, mofPage = false): InterfaceLanguage {
  const info = (block.info ?? '').trim().toLowerCase().split(/\s+/)[0] ?? '';
  if (!GENERIC_INFO.has(info)) return INFO_LANGUAGES.find(([re]) => re.test(info))?.[1] ?? 'other';
  // Comments say anything ("the string buffer"): only code is a cue. C and MOF write them alike.
  const text = block.text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
  if (/^\s*</.test(text)) return 'xml';
  if (C_MARKS.test(text)) return 'c';
  if (mofPage || MOF_QUALIFIED_CLASS.test(text) || MOF_DERIVED_CLASS.test(text) || MOF_ONLY_TYPE.test(text)) return 'mof';
  return 'c';
}

/** Each block with its language. */
export function classifySyntax(blocks: readonly SyntaxBlockText[], mofPage = false): ClassifiedSyntax[] {
  return blocks.map((b) => ({ ...b, language: syntaxLanguage(b, mofPage) }));
}

/** The C blocks of classified syntax, the only ones the C parser may read. */
export function cBlocks(blocks: readonly ClassifiedSyntax[]): ClassifiedSyntax[] {
  return blocks.filter((b) => b.language === 'c');
}

/** The language of an API whose page has these blocks: C when any block is C (or there is none), else the first block's. */
export function apiLanguage(blocks: readonly ClassifiedSyntax[]): ForeignLanguage | undefined {
  if (blocks.length === 0 || blocks.some((b) => b.language === 'c')) return undefined;
  return blocks[0]!.language as ForeignLanguage;
}

const LANGUAGE_NAMES: Record<ForeignLanguage, string> = {
  mof: 'MOF (a WMI class or method)',
  idl: 'IDL',
  csharp: 'C#',
  vb: 'Visual Basic',
  cppwinrt: 'C++/WinRT',
  javascript: 'JavaScript',
  powershell: 'PowerShell',
  xml: 'XML',
  other: 'not C',
};

/** How DG2014 names a language. */
export function languageName(language: ForeignLanguage, info?: string): string {
  return language === 'other' && info ? `"${info.trim()}"` : LANGUAGE_NAMES[language];
}

/** Requirements that name a MOF file or a WMI namespace (`root\cimv2`) mark a WMI page. */
export function isMofRequirements(raw: Record<string, string>): boolean {
  return Object.entries(raw).some(([label, value]) => /^mof:?$/i.test(label.trim()) || (/^namespace:?$/i.test(label.trim()) && /^\s*root\\/i.test(value)));
}
