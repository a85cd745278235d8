/**
 * The spec model: one typed, validated, serialisable description of the documented API,
 * built from all pages and consumed by every emitter. Written as `generated/spec.json` and
 * described by the JSON Schema `SpecSchema` (published as `generated/spec.schema.json`).
 *
 * TypeBox gives the schema and the TypeScript type from one definition, and a validator.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';

const Source = Type.Object(
  {
    file: Type.String(),
    line: Type.Integer({ minimum: 0 }),
    headers: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Set when the fact comes from a C header: the index of its headers folder (`--headers` order); `file` is then relative to that folder.' }),
    ),
  },
  { $id: 'Source', description: 'File (relative to the docs folder, or to a headers folder) and 1-based line a fact was read from.' },
);

const MARKDOWN_NOTE = 'The same text as GitHub-flavoured Markdown (tables, lists, code and links kept, links absolute where the page address allows); absent when it would equal the plain text.';

const Text = Type.Object({
  text: Type.String({ description: 'Plain text: markup removed, tables and code left out.' }),
  markdown: Type.Optional(Type.String({ description: MARKDOWN_NOTE })),
  source: Source,
});

const DocsUrl = Type.Object(
  {
    url: Type.String({ description: 'An absolute http(s) address.' }),
    from: Type.Union([Type.Literal('file-name'), Type.Literal('uid'), Type.Literal('path')], {
      description: 'file-name: an apiref page under its published file name; uid: an apiref page whose file was renamed, placed by its UID; path: a page published by its path below a configured folder.',
    }),
    source: Source,
  },
  { description: "The API's page on its documentation site, derived from a page's path or UID and the links setting; absent when no page's address can be derived (never guessed)." },
);

const Direction = Type.Union([Type.Literal('in'), Type.Literal('out'), Type.Literal('inout')]);

export const ApiKindSchema = Type.Union(
  ['function', 'callback', 'structure', 'enumeration', 'ioctl', 'interface', 'method', 'macro', 'header'].map((k) =>
    Type.Literal(k),
  ),
);

export const StatusFamilySchema = Type.Union(
  [Type.Literal('SECURITY_STATUS'), Type.Literal('HRESULT'), Type.Literal('NTSTATUS'), Type.Literal('WIN32')],
  { description: 'The status type an API returns: the enum its codes belong to.' },
);

export const StatusSpaceSchema = Type.Union([Type.Literal('HRESULT'), Type.Literal('NTSTATUS'), Type.Literal('WIN32')], {
  description: 'The numbering space of a status value (SECURITY_STATUS values are HRESULTs).',
});

const TypeResolution = Type.Union(
  [
    Type.Literal('prototype'),
    Type.Literal('other-page'),
    Type.Literal('header'),
    Type.Literal('catalogue'),
    Type.Literal('inferred'),
    Type.Literal('unknown'),
  ],
  { description: 'How a fact the page did not give was filled in.' },
);

const Parameter = Type.Object({
  name: Type.String(),
  direction: Type.Optional(Direction),
  optional: Type.Boolean(),
  /** The C type as written in the prototype, if any prototype gives it. */
  cType: Type.Optional(Type.String()),
  /** Key into `types` (the normalised C type), or `unknown`. */
  type: Type.String(),
  typeResolution: TypeResolution,
  description: Type.String(),
  descriptionMarkdown: Type.Optional(Type.String({ description: MARKDOWN_NOTE })),
  source: Source,
  directionFrom: Type.Optional(
    Type.Union([Type.Literal('annotation'), Type.Literal('prose'), Type.Literal('sal'), Type.Literal('header'), Type.Literal('inferred')], {
      description: '`sal`: the SAL of a prototype on a page; `header`: the SAL of the C header that declares the API.',
    }),
  ),
});

const Member = Type.Object({
  name: Type.String(),
  type: Type.Optional(Type.String()),
  value: Type.Optional(Type.String()),
  description: Type.String(),
  descriptionMarkdown: Type.Optional(Type.String({ description: MARKDOWN_NOTE })),
  source: Source,
  header: Type.Optional(Type.Object({ type: Type.Optional(Type.String()), value: Type.Optional(Type.String()), source: Source }, {
    description: 'What the C header that declares the member says: its type (a field) or value (an enumeration constant). `type` and `value` above are the page\'s, or the header\'s when the page gives none.',
  })),
});

const ReturnCode = Type.Object({
  name: Type.String(),
  description: Type.String(),
  condition: Type.Optional(Type.String({ description: 'The sentence that states when the code occurs.' })),
  source: Source,
});

const Returns = Type.Object({
  description: Type.String(),
  descriptionMarkdown: Type.Optional(Type.String({ description: `${MARKDOWN_NOTE} The tables of the section (the codes) are left out.` })),
  codes: Type.Array(ReturnCode),
  exhaustive: Type.Boolean({ description: 'False when the docs say the list is not complete.' }),
  source: Source,
});

const Declaration = Type.Object({
  returnType: Type.String(),
  callingConvention: Type.Optional(Type.String()),
  typedefName: Type.Optional(Type.String()),
  text: Type.String(),
  source: Source,
});

const Link = Type.Object({ text: Type.String(), api: Type.Optional(Type.String()), href: Type.Optional(Type.String()), source: Source });

export const ApiSchema = Type.Object({
  name: Type.String(),
  kind: ApiKindSchema,
  uid: Type.Optional(Type.String()),
  header: Type.Optional(Type.String()),
  parent: Type.Optional(Type.String()),
  language: Type.Optional(
    Type.String({ description: 'The language the API is declared in when it is not C (`mof` for a WMI class or method): such an API is described but never bound.' }),
  ),
  description: Type.Optional(Text),
  declaration: Type.Optional(Declaration),
  returnType: Type.Optional(Type.String({ description: 'Key into `types`.' })),
  returnTypeResolution: Type.Optional(TypeResolution),
  statusFamily: Type.Optional(StatusFamilySchema),
  parameters: Type.Array(Parameter),
  fields: Type.Array(Member),
  returns: Type.Optional(Returns),
  remarks: Type.Optional(Text),
  seeAlso: Type.Array(Link),
  requirements: Type.Object({
    header: Type.Optional(Type.String()),
    library: Type.Optional(Type.String()),
    dll: Type.Optional(Type.String()),
    minClient: Type.Optional(Type.String()),
    minServer: Type.Optional(Type.String()),
    kernelModeOnly: Type.Boolean(),
    irql: Type.Optional(Type.String()),
    source: Type.Optional(Source),
  }),
  variants: Type.Array(Type.String(), { description: 'ANSI/Unicode variants (FooA, FooW).' }),
  nameVariants: Type.Optional(
    Type.Object(
      { neutral: Type.String(), ansi: Type.String(), wide: Type.String(), source: Source },
      { description: 'The A/W mapping a C header declares for the API: the neutral name stands for the wide (UNICODE) one.' },
    ),
  ),
  lastError: Type.Optional(
    Type.Object(
      {
        section: Type.Union([Type.Literal('returns'), Type.Literal('remarks')], { description: 'The section that tells the caller to call GetLastError.' }),
        failure: Type.Union([
          Type.Object({
            kind: Type.Union([Type.Literal('zero'), Type.Literal('invalid-handle'), Type.Literal('minus-one'), Type.Literal('nonpositive')]),
            text: Type.String({ description: 'The value as the docs write it (`FALSE`, `NULL`, `INVALID_HANDLE_VALUE`, …).' }),
            section: Type.Union([Type.Literal('returns'), Type.Literal('remarks')]),
          }),
          Type.Null(),
        ], { description: 'The documented failure return; null when the docs give none docgen recognises.' }),
        source: Source,
      },
      { description: 'Set when the docs say to call GetLastError after the call (conditions/last-error.ts).' },
    ),
  ),
  synchronousCounterpart: Type.Optional(Type.String()),
  asynchronousCounterpart: Type.Optional(Type.String()),
  groups: Type.Array(Type.String()),
  sources: Type.Array(Source, { description: 'Every page that documents this API.' }),
  docsUrl: Type.Optional(DocsUrl),
});

export const StatusCodeSchema = Type.Object({
  name: Type.String(),
  value: Type.Union([Type.Integer({ minimum: 0, maximum: 0xffffffff }), Type.Null()], {
    description: 'Unsigned 32-bit value; null when no source gives one (`valueFrom` is `missing`): never a made-up 0.',
  }),
  hex: Type.Union([Type.String({ pattern: '^0x[0-9A-F]{8}$' }), Type.Null()]),
  space: Type.Union([StatusSpaceSchema, Type.Null()], { description: 'The numbering space of the value; null without a value.' }),
  severity: Type.Union([Type.Literal('success'), Type.Literal('informational'), Type.Literal('warning'), Type.Literal('error'), Type.Null()], {
    description: 'Decoded from the value; null without a value.',
  }),
  facility: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Decoded from the value; null without a value.' }),
  customer: Type.Union([Type.Boolean(), Type.Null()], { description: 'The customer bit of the value; null without a value.' }),
  description: Type.String(),
  valueFrom: Type.Union([Type.Literal('header'), Type.Literal('reference'), Type.Literal('inline'), Type.Literal('missing')], {
    description: '`header`: a C header defines it; `reference`: a status-code page; `inline`: only an API page writes it; `missing`: no source gives it.',
  }),
  source: Source,
  usedBy: Type.Array(Type.String()),
});

export const TypeInfoSchema = Type.Object({
  name: Type.String({ description: 'Normalised C type, e.g. `PCtxtHandle`, `SspiAsyncContext *`.' }),
  category: Type.Union(
    ['void', 'integer', 'float', 'bool', 'pointer', 'handle', 'string', 'struct', 'callback', 'enum', 'status', 'unknown'].map((c) =>
      Type.Literal(c),
    ),
  ),
  resolution: TypeResolution,
  size: Type.Optional(Type.Integer({ description: 'Size in bytes on 64-bit Windows.' })),
  signed: Type.Optional(Type.Boolean()),
  pointee: Type.Optional(Type.String({ description: 'For pointers: key of the pointed-to type.' })),
  alias: Type.Optional(Type.String({ description: 'The type this one is a typedef of.' })),
  align: Type.Optional(Type.Integer({ description: 'Alignment in bytes on 64-bit Windows.' })),
  fields: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String(),
        type: Type.String({ description: 'Key into `types`.' }),
        offset: Type.Integer({ minimum: 0, description: 'Byte offset on 64-bit Windows.' }),
        bits: Type.Optional(Type.Integer({ minimum: 0, description: 'Bit-field width.' })),
        bitOffset: Type.Optional(Type.Integer({ minimum: 0, description: 'Bit position of a bit-field in its unit.' })),
      }),
      { description: 'For structures and unions whose layout is known: every field with its offset (the layout koffi binds).' },
    ),
  ),
  pack: Type.Optional(Type.Integer({ description: 'The `#pragma pack` value a header declares the structure under, when it is smaller than natural alignment.' })),
  note: Type.Optional(Type.String()),
  source: Type.Optional(Source),
});

export const GroupSchema = Type.Object({
  name: Type.String(),
  page: Type.String(),
  members: Type.Array(Type.Object({ api: Type.String(), description: Type.String(), documented: Type.Boolean(), source: Source })),
  source: Source,
});

export const FlowSchema = Type.Object({
  name: Type.String(),
  steps: Type.Array(Type.Object({ text: Type.String(), apis: Type.Array(Type.String()), source: Source })),
  source: Source,
});

export const DiagnosticSchema = Type.Object({
  code: Type.String({ pattern: '^DG[0-9]{4}$' }),
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]),
  file: Type.String(),
  line: Type.Integer({ minimum: 0 }),
  message: Type.String(),
  headers: Type.Optional(Type.Integer({ minimum: 0, description: 'Set when `file` is a C header: the index of its headers folder.' })),
});

export const SpecSchema = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    generator: Type.Object({ name: Type.Literal('docgen'), version: Type.String() }),
    inputs: Type.Array(Type.Object({ file: Type.String(), format: Type.String(), sha256: Type.String() })),
    headers: Type.Optional(
      Type.Array(Type.Object({ folder: Type.Integer({ minimum: 0 }), file: Type.String(), sha256: Type.String() }), {
        description: 'The C header files the spec took facts from: the headers folder (`--headers` order), the path relative to it and a content hash.',
      }),
    ),
    apis: Type.Array(ApiSchema),
    statusCodes: Type.Array(StatusCodeSchema),
    types: Type.Array(TypeInfoSchema),
    groups: Type.Array(GroupSchema),
    flows: Type.Array(FlowSchema),
    diagnostics: Type.Array(DiagnosticSchema),
  },
  { $id: 'https://docgen.dev/spec.schema.json', title: 'docgen spec model', additionalProperties: false },
);

export type Spec = Static<typeof SpecSchema>;
export type Api = Static<typeof ApiSchema>;
export type ApiParameter = Api['parameters'][number];
export type ApiReturnCode = NonNullable<Api['returns']>['codes'][number];
export type StatusCode = Static<typeof StatusCodeSchema>;
export type StatusFamily = Static<typeof StatusFamilySchema>;
/** A status code some source gives a value for: every decoded fact is present. */
export type ValuedStatusCode = StatusCode & {
  value: number;
  hex: string;
  space: StatusSpace;
  severity: NonNullable<StatusCode['severity']>;
  facility: number;
  customer: boolean;
};

export function hasValue(code: StatusCode): code is ValuedStatusCode {
  return code.value !== null && code.valueFrom !== 'missing';
}
export type StatusSpace = Static<typeof StatusSpaceSchema>;
export type TypeInfo = Static<typeof TypeInfoSchema>;
export type Group = Static<typeof GroupSchema>;
export type Flow = Static<typeof FlowSchema>;

let specCheck: TypeCheck<typeof SpecSchema> | undefined;

/** Returns the errors of `value` against the spec schema, as `path: message` lines; empty when valid. */
export function validateSpec(value: unknown): string[] {
  // The compiled check is one plain pass over the value (a large spec is ~100 MB of JSON); the
  // error iterator (which builds an error object per node it visits) only runs when there is
  // something to report.
  specCheck ??= TypeCompiler.Compile(SpecSchema);
  if (specCheck.Check(value)) return [];
  return [...Value.Errors(SpecSchema, value)].slice(0, 20).map((e) => `${e.path || '/'}: ${e.message}`);
}

let apiCheck: TypeCheck<typeof ApiSchema> | undefined;

/**
 * The errors of a spec given in parts: `rest` (the spec without entries) and some of its entries,
 * as `validateSpec` reports them; an incremental build checks the entries it built and, when it
 * computed them, the other parts.
 */
export function validateSpecParts(rest: Omit<Spec, 'apis'> | undefined, apis: readonly unknown[]): string[] {
  const errors = rest ? validateSpec({ ...rest, apis: [] }) : [];
  apiCheck ??= TypeCompiler.Compile(ApiSchema);
  apis.forEach((api, i) => {
    if (errors.length < 20 && !apiCheck!.Check(api)) errors.push(...[...Value.Errors(ApiSchema, api)].slice(0, 3).map((e) => `/apis/${i}${e.path}: ${e.message}`));
  });
  return errors;
}

export function specJsonSchema(): TSchema {
  return SpecSchema;
}
