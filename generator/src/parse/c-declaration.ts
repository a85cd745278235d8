// Placeholder: the C declaration parser is being written (issue 2).
import type { CDeclaration, SourceRef } from '../model/page.js';

/**
 * Parses the text of a syntax block (a C/C++ function prototype, possibly preceded by a
 * callback typedef line such as `LSA_DELETE_LOGON_SESSION LsaDeleteLogonSession;`, possibly
 * followed by `{...}`) into a declaration. Returns undefined when the text holds no function
 * declaration (e.g. a struct or enum definition).
 */
export function parseCDeclaration(_text: string, _source: SourceRef): CDeclaration | undefined {
  return undefined;
}
