/**
 * A page's footprint: the page as the spec's cross-page stages see it.
 *
 * The spec is built in two parts (`build.ts`): the *globals* (which pages document which API, the
 * merge diagnostics, groups, async/sync counterparts, C types, status codes, flows) are computed
 * from the footprints of all pages, and each API *entry* from the full pages of that API plus the
 * globals. A footprint keeps every fact a global stage reads and blanks the texts only an API's own
 * entry carries (descriptions, remarks, parameter prose, see-also text, requirements, variants,
 * page diagnostics); of the C syntax blocks it keeps the type definitions they give. Both the first run and an incremental one compute the globals from footprints,
 * so a page edit that leaves its footprint unchanged (a sentence reworded, a paragraph added at the
 * end) provably leaves the globals unchanged: only the entries of that page's APIs are rebuilt.
 *
 * Blanked values keep what decides a choice or a diagnostic: a text that is not empty (a
 * description, remarks, a parameter's or the returns' prose, requirements, unresolved see-also
 * links) becomes a placeholder, because the merge picks sections by which page has them and reports
 * sections only one page gives or no page gives.
 */
import type { ApiPage, PageModel, SourceRef, SourcedText } from '../model/page.js';
import { emptyRequirements } from '../model/page.js';
import { parseCTypeDefinitions } from '../parse/c-declaration.js';
import type { LearnedDefinition } from '../ctypes/resolve.js';

/**
 * A footprint: the page as the cross-page stages see it, with the type definitions its C syntax
 * blocks give, parsed once when the page is read (the blocks' text is read for nothing else).
 */
export type Footprint = PageModel & { definitions: LearnedDefinition[] };

const NO_SOURCE: SourceRef = { file: '', line: 0 };
const PLACEHOLDER = '\u2026';

/** A placeholder for a text that is present, or undefined. */
function presence(text: SourcedText | undefined): SourcedText | undefined {
  return text?.text ? { text: PLACEHOLDER, source: NO_SOURCE } : undefined;
}

export function pageFootprint(page: PageModel): Footprint {
  return {
    file: page.file,
    format: page.format,
    apis: page.apis.map(apiFootprint),
    ...(page.authoredByDocgen ? { authoredByDocgen: true as const } : {}),
    statusCodes: page.statusCodes,
    groups: page.groups,
    flows: page.flows,
    samples: [],
    diagnostics: [],
    definitions: page.apis.flatMap((api) =>
      (api.syntax ?? []).flatMap((block) => parseCTypeDefinitions(block.text, block.source).map((definition) => ({ definition, documents: api.name }))),
    ),
  };
}

function apiFootprint(api: ApiPage): ApiPage {
  return {
    name: api.name,
    kind: api.kind,
    uid: api.uid,
    header: api.header,
    parent: api.parent,
    description: presence(api.description),
    remarks: presence(api.remarks),
    declaration: api.declaration,
    // An API declared in another language than C is typed and bound differently.
    ...(api.language !== undefined ? { language: api.language } : {}),
    // Names, directions and optionality decide the merged parameter list and its C types.
    parameters: api.parameters.map((p) => ({
      name: p.name,
      direction: p.direction,
      optional: p.optional,
      directionFrom: p.directionFrom,
      description: p.description.trim() === '' ? '' : PLACEHOLDER,
      source: NO_SOURCE,
    })),
    // Field types (and where they are used) are C type uses.
    fields: api.fields.map((f) => ({ name: f.name, type: f.type, ...(f.value !== undefined ? { value: f.value } : {}), description: '', source: f.source })),
    // Code names, inline values, descriptions and lines make the spec's status codes.
    returns: api.returns && {
      description: api.returns.description === '' ? '' : '\u2026',
      codes: api.returns.codes.map((c) => ({ name: c.name, inlineValue: c.inlineValue, description: c.description, from: c.from, source: c.source })),
      exhaustive: true,
      source: NO_SOURCE,
    },
    // Linked API names decide async/sync counterparts, and a link to an API without a page is reported.
    seeAlso: [
      ...api.seeAlso.filter((l) => l.api !== undefined).map((l) => ({ text: '', api: l.api, source: l.source })),
      ...(api.seeAlso.some((l) => l.api === undefined) ? [{ text: PLACEHOLDER, source: NO_SOURCE }] : []),
    ],
    requirements: Object.keys(api.requirements.raw).length > 0 ? { raw: { [PLACEHOLDER]: PLACEHOLDER } } : emptyRequirements(),
    variants: [],
    source: api.source,
  };
}
