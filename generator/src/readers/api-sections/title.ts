/**
 * API page titles: `Name function`, `Name callback function (header.h)`, `IFace::Method method`,
 * `AcceptSecurityContext (General) function`, `NAME structure`, `Name (header.h)`,
 * `Method method of the Class class`.
 */
import type { ApiKind } from '../../model/page.js';

export interface ParsedTitle {
  name: string;
  kind?: ApiKind;
  header?: string;
  /** For `IFace::Method`: the interface. */
  parent?: string;
}

const KIND_WORDS: [RegExp, ApiKind][] = [
  [/^callback(?: function)?$/i, 'callback'],
  [/^(?:function|routine)$/i, 'function'],
  [/^(?:structure|struct|union)$/i, 'structure'],
  [/^(?:enumeration|enum)$/i, 'enumeration'],
  [/^(?:ioctl|control code)$/i, 'ioctl'],
  [/^(?:interface|class)$/i, 'interface'],
  [/^method$/i, 'method'],
  [/^macro$/i, 'macro'],
  [/^header$/i, 'header'],
];

const TITLE = /^(.+?)(?:\s+(callback function|callback|function|routine|structure|struct|union|enumeration|enum|ioctl|control code|interface|class|method|macro|header))?(?:\s*\(([\w.\- ]+\.h(?:pp)?)\))?$/i;

/** `Rename method of the Win32_Foo class` (WMI and other class method pages). */
const METHOD_OF_CLASS = /^([A-Za-z_]\w*)\s+method\s+of\s+the\s+([A-Za-z_]\w*)\s+class$/i;

/** Parses a title; undefined when the name part is not an identifier (a conceptual title). */
export function parseTitle(title: string): ParsedTitle | undefined {
  const ofClass = METHOD_OF_CLASS.exec(title.trim());
  if (ofClass?.[1] && ofClass[2]) return { name: ofClass[1], kind: 'method', parent: ofClass[2] };
  const m = TITLE.exec(title.trim());
  if (!m?.[1]) return undefined;
  // `AcceptSecurityContext (General)`: the qualifier names a provider, not a different API.
  const full = m[1].replace(/\s*\([^)]*\)\s*$/, '').trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_~][A-Za-z0-9_]*)?$/.test(full)) return undefined;
  const parsed: ParsedTitle = { name: full };
  const kind = m[2] ? KIND_WORDS.find(([re]) => re.test(m[2] ?? ''))?.[1] : undefined;
  if (kind) parsed.kind = kind;
  if (m[3]) parsed.header = m[3];
  const method = /^(\w+)::(\w+|~\w+)$/.exec(full);
  if (method?.[1] && method[2]) {
    parsed.parent = method[1];
    parsed.name = method[2];
    parsed.kind ??= 'method';
  }
  return parsed;
}
