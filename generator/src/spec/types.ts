/**
 * Resolving the C types the APIs use (placeholder until types/resolve.ts lands).
 */
import type { Diagnostic } from '../diagnostics.js';
import type { PageModel } from '../model/page.js';
import type { Api, TypeInfo } from '../model/spec.js';
import type { MergedApi } from './merge-apis.js';

export interface ApiTypeResult {
  types: TypeInfo[];
  /** Per API name: the resolved return type key and parameters with their type keys. */
  apiTypes: Map<string, Pick<Api, 'returnType'>>;
  diagnostics: Diagnostic[];
}

export function resolveApiTypes(_merged: MergedApi[], _pages: PageModel[]): ApiTypeResult {
  return { types: [], apiTypes: new Map(), diagnostics: [] };
}
