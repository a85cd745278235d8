/**
 * The header index model: what docgen reads from a folder of C headers.
 *
 * Two stages, both plain JSON-serialisable data:
 * - `HeaderFileIndex`: what one header says, read from its bytes alone (cacheable by content
 *   hash). Facts are kept with the conditions that guard them and with declaration specifiers
 *   as written, because which branch counts and what a macro such as `WINBASEAPI` means is only
 *   known once every header has been read.
 * - `HeaderIndex`: the merged, resolved view for the chosen build (user mode, 64-bit, UNICODE):
 *   functions, callback typedefs, typedefs, records, enumerations, constants and A/W mappings,
 *   each with the file (relative to its headers folder, POSIX separators) and 1-based line.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Direction, SourceRef } from '../model/page.js';

/**
 * An integer a header defines: a number when it is a safe JavaScript integer, otherwise its exact
 * decimal text (64-bit masks such as `0xFFFFFFFFFFFFFFFF`).
 */
export type HeaderInt = number | string;

// =======================================================================================
// One header file (stage 1)

/**
 * Whether a region of a header is read in each build variant (index 0 is the main build):
 * `true`/`false` when the header decides it alone, or the residual condition text that still
 * depends on macros other headers define (`NTDDI_VERSION >= NTDDI_WIN8` with `NTDDI_VERSION`
 * already replaced), evaluated when all headers are merged.
 */
export type Activity = boolean | string;

/** A conditional region (`#if`/`#elif`/`#else` branch) that holds facts. Region 0 is the whole file. */
export interface HeaderRegion {
  /** Whether the region is read, per build variant (conditions of enclosing regions included). */
  when: Activity[];
  /** The branch's own condition, per variant (earlier sibling branches negated; enclosing regions not included). */
  own: Activity[];
  parent: number;
  /** The conditional group the branch belongs to (its opening `#if` line), and the branch index in it. */
  group: number;
  branch: number;
  /** The directive as written, e.g. `#if (NTDDI_VERSION >= NTDDI_WIN8)`, `#else` (of `#ifdef _WIN64`). */
  condition: string;
  line: number;
}

/** A `#define`, as written. */
export interface HeaderMacroDef {
  name: string;
  /** Parameter names of a function-like macro (`__VA_ARGS__` for `...`). */
  params?: string[];
  /** The replacement tokens, joined by single spaces. */
  body: string;
  line: number;
  region: number;
  /** True when the header removes it again (`#undef`, `#pragma pop_macro`) before its end. */
  transient?: true;
}

/** A parameter (or the type part of a field) with its specifiers as written; cleaned when merged. */
export interface RawParameter {
  name?: string;
  /** Type tokens (declaration specifiers and pointer stars) as written, SAL removed. */
  spec: string;
  /** Array dimensions as written (`[16]` → `16`, `[]` → ``). */
  dims?: string[];
  /** SAL annotations as written (`_In_opt_`, `_Out_writes_bytes_(cb)`), and `IN`/`OUT`/`OPTIONAL`. */
  sal?: string[];
  /** For a function-pointer parameter or field: its signature. */
  signature?: RawSignature;
  /** Whether the pointer declarator of a function-pointer type was written (`(*pfn)`). */
  pointer?: boolean;
  line: number;
  /** The region when it differs from the enclosing declaration's (a field under its own `#if`). */
  region?: number;
}

export interface RawSignature {
  /** Return-type specifiers as written (decorations and unknown macros included). */
  returnSpec: string;
  /** A calling convention the reader recognised without other headers (`WINAPI`, `__stdcall`). */
  callingConvention?: string;
  parameters: RawParameter[];
  variadic?: true;
}

export interface RawFunction extends RawSignature {
  name: string;
  /** Defined with a body in the header (`FORCEINLINE`, `static __inline`). */
  inline?: true;
  line: number;
  region: number;
}

export interface RawCallback extends RawSignature {
  name: string;
  /** `typedef R (CC *PFN)(…)` declares a pointer; `typedef R (CC FN)(…)` a function type. */
  pointer: boolean;
  line: number;
  region: number;
}

export interface RawTypedef {
  name: string;
  /** The target as written: specifiers, stars and dimensions (`struct _SecHandle *`, `__MINGW_NAME_AW(CREDENTIAL)`). */
  spec: string;
  dims?: string[];
  /** `DECLARE_HANDLE(HFOO)`. */
  handle?: true;
  line: number;
  region: number;
}

export interface RawField extends RawParameter {
  /** Bit-field width as written. */
  bits?: string;
  /** An inline struct/union body (named or anonymous member). */
  record?: RawRecordBody;
}

export interface RawRecordBody {
  kind: 'struct' | 'union';
  tag?: string;
  fields: RawField[];
  /** Alignment decorations as written (`DECLSPEC_ALIGN(16)`). */
  align?: string;
  /** `#pragma pack` in effect, as written (`8`, `_CRT_PACKING`). */
  pack?: string;
}

export interface RawRecord extends RawRecordBody {
  /** Typedef names declared with the body that name the record itself (not pointers to it). */
  names: string[];
  /** A forward declaration or `typedef struct _X *PX;` without a body. */
  incomplete?: true;
  /** The keyword was a macro (`interface`), resolved when merged. */
  keywordMacro?: string;
  line: number;
  region: number;
}

export interface RawEnumerator {
  name: string;
  /** The value expression as written, when given. */
  expr?: string;
  line: number;
  region?: number;
}

export interface RawEnum {
  tag?: string;
  names: string[];
  enumerators: RawEnumerator[];
  incomplete?: true;
  line: number;
  region: number;
}

/** A top-level macro invocation (`__MINGW_TYPEDEF_AW(CREDENTIAL)`), expanded when merged. */
export interface RawInvocation {
  macro: string;
  /** The invocation text as written. */
  text: string;
  line: number;
  region: number;
}

export interface HeaderFileFacts {
  functions: RawFunction[];
  callbacks: RawCallback[];
  typedefs: RawTypedef[];
  records: RawRecord[];
  enums: RawEnum[];
  invocations: RawInvocation[];
}

export interface HeaderFileIndex extends HeaderFileFacts {
  /** Path relative to its headers folder, POSIX separators. */
  file: string;
  /** Build variant names, index 0 the main build (from the config). */
  variants: string[];
  regions: HeaderRegion[];
  macros: HeaderMacroDef[];
  /** Set when the header was not read (binary, not C, or `#error` for this build). */
  skipped?: string;
  diagnostics: Diagnostic[];
}

// =======================================================================================
// The merged index (stage 2)

export interface HeaderParameter {
  /** The header's name for it; absent when the header leaves the parameter unnamed. */
  name?: string;
  /** Normalised C type (`PCtxtHandle`, `const WCHAR *`, `unsigned long`), array dimensions excluded. */
  type: string;
  dims?: string[];
  /** SAL annotations as written, space-separated. */
  sal?: string;
  direction?: Direction;
  optional?: boolean;
  /** For function-pointer parameters and fields. */
  signature?: HeaderSignature;
}

export interface HeaderSignature {
  returnType: string;
  /** As written: `WINAPI`, `SEC_ENTRY`, `NTAPI`, `__stdcall`, `STDAPICALLTYPE`. */
  callingConvention?: string;
  parameters: HeaderParameter[];
  variadic?: boolean;
}

export interface HeaderFunction extends HeaderSignature {
  name: string;
  inline?: boolean;
  source: SourceRef;
}

export interface HeaderCallback extends HeaderSignature {
  name: string;
  /** True for a pointer typedef (`typedef R (CC *PFN)(…)`), false for a function type. */
  pointer: boolean;
  source: SourceRef;
}

export interface HeaderTypedef {
  name: string;
  /** The target as written after macro resolution: `struct _SecHandle *`, `ULONG_PTR`, `CREDENTIALW`. */
  type: string;
  dims?: string[];
  sizes?: number[];
  /** A handle type (`DECLARE_HANDLE`). */
  handle?: boolean;
  /** A `#define` that names a type (`#define BOOL WINBOOL`, `#define VOID void`), not a typedef. */
  macro?: boolean;
  source: SourceRef;
}

export interface HeaderField {
  /** Absent for an anonymous struct/union member. */
  name?: string;
  type: string;
  /** Array dimensions as written, and their values when every one evaluates. */
  dims?: string[];
  sizes?: number[];
  bits?: number;
  /** An inline struct/union body. */
  record?: HeaderRecordBody;
  /** For function-pointer fields (COM vtables). */
  signature?: HeaderSignature;
  line: number;
}

export interface HeaderRecordBody {
  kind: 'struct' | 'union';
  tag?: string;
  fields: HeaderField[];
  /** Alignment as written (`DECLSPEC_ALIGN(16)`), and its value when it evaluates. */
  align?: string;
  alignValue?: number;
  /** `#pragma pack` value in effect, when one is. */
  pack?: number;
}

export interface HeaderRecord extends HeaderRecordBody {
  /**
   * The name a typedef target uses for it: the tag, or for a tagless record its first typedef name
   * (so `typedef struct {…} X;` is keyed `X` and the typedef reads `X → struct X`).
   */
  key: string;
  tagless?: boolean;
  /** Typedef names that name the record itself. */
  names: string[];
  /** No definition with a body in any header: only forward declarations. */
  incomplete?: boolean;
  source: SourceRef;
}

export interface HeaderEnumConstant {
  name: string;
  /** Absent when the value expression could not be evaluated. */
  value?: HeaderInt;
  /** The expression as written, when one was given. */
  expr?: string;
  line: number;
}

export interface HeaderEnum {
  key: string;
  tag?: string;
  tagless?: boolean;
  names: string[];
  constants: HeaderEnumConstant[];
  incomplete?: boolean;
  source: SourceRef;
}

/** The status space a definition's form announces. */
export type StatusSpace = 'HRESULT' | 'NTSTATUS' | 'plain';

/** How a constant was written: `_HRESULT_TYPEDEF_(n)`/`_NDIS_ERROR_TYPEDEF_(n)`, a cast to a status type, or anything else. */
export type ConstantForm = 'status-macro' | 'status-cast' | 'value';

export interface HeaderConstant {
  name: string;
  value: HeaderInt;
  /** The value as an unsigned 32-bit number, when it fits in 32 bits (signed or unsigned). */
  u32?: number;
  space: StatusSpace;
  form: ConstantForm;
  /** The replacement text as written. */
  text: string;
  source: SourceRef;
}

/** An A/W mapping: `CreateFile` → `CreateFileA` / `CreateFileW`. */
export interface HeaderNameVariants {
  neutral: string;
  ansi: string;
  wide: string;
  /** What the neutral name is: a macro over functions or other names, or a typedef. */
  kind: 'macro' | 'typedef';
  source: SourceRef;
}

export interface HeaderFileRecord {
  file: string;
  /** Index into `roots`. */
  root: number;
  sha256: string;
  skipped?: string;
}

export interface HeaderIndex {
  /** The headers folders, as given. */
  roots: string[];
  files: HeaderFileRecord[];
  functions: HeaderFunction[];
  callbacks: HeaderCallback[];
  typedefs: HeaderTypedef[];
  records: HeaderRecord[];
  enums: HeaderEnum[];
  constants: HeaderConstant[];
  nameVariants: HeaderNameVariants[];
  diagnostics: Diagnostic[];
}
