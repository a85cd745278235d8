/**
 * What changed between two spec models, in API terms, breaking changes first.
 */
import { compareStrings } from '../diagnostics.js';
import type { Api, Spec } from './spec.js';

export interface ApiChange {
  change: 'added' | 'removed' | 'changed';
  breaking: boolean;
  subject: 'api' | 'parameter' | 'return-code' | 'status-code' | 'return-type';
  /** The API concerned (absent for status codes). */
  api?: string;
  name: string;
  detail: string;
}

const apiId = (a: Api): string => (a.parent ? `${a.parent}::${a.name}` : a.name);

export function diffSpecs(before: Spec, after: Spec): ApiChange[] {
  const changes: ApiChange[] = [];
  const oldApis = new Map(before.apis.map((a) => [apiId(a), a]));
  const newApis = new Map(after.apis.map((a) => [apiId(a), a]));
  for (const [id, api] of oldApis) {
    if (!newApis.has(id)) changes.push({ change: 'removed', breaking: true, subject: 'api', api: id, name: id, detail: `${api.kind} ${id} was removed` });
  }
  for (const [id, api] of newApis) {
    const old = oldApis.get(id);
    if (!old) changes.push({ change: 'added', breaking: false, subject: 'api', api: id, name: id, detail: `${api.kind} ${id} was added` });
    else changes.push(...diffApi(id, old, api));
  }
  changes.push(...diffStatusCodes(before, after));
  return changes.sort(
    (a, b) => Number(b.breaking) - Number(a.breaking) || compareStrings(a.api ?? '', b.api ?? '') || compareStrings(a.subject, b.subject) || compareStrings(a.name, b.name),
  );
}

function diffApi(id: string, old: Api, now: Api): ApiChange[] {
  const out: ApiChange[] = [];
  const oldReturn = old.declaration?.returnType;
  const newReturn = now.declaration?.returnType;
  if (oldReturn !== newReturn) {
    out.push({ change: 'changed', breaking: true, subject: 'return-type', api: id, name: id, detail: `${id} returns ${newReturn ?? 'an undocumented type'} instead of ${oldReturn ?? 'an undocumented type'}` });
  }
  const oldParams = old.parameters;
  const newParams = now.parameters;
  const count = Math.max(oldParams.length, newParams.length);
  for (let i = 0; i < count; i++) {
    const a = oldParams[i];
    const b = newParams[i];
    if (a && !b) out.push({ change: 'removed', breaking: true, subject: 'parameter', api: id, name: a.name, detail: `parameter ${a.name} of ${id} was removed` });
    else if (!a && b) out.push({ change: 'added', breaking: true, subject: 'parameter', api: id, name: b.name, detail: `parameter ${b.name} was added to ${id}` });
    else if (a && b) {
      if (a.name !== b.name) out.push({ change: 'changed', breaking: true, subject: 'parameter', api: id, name: b.name, detail: `parameter ${i + 1} of ${id} was renamed from ${a.name} to ${b.name}` });
      if ((a.cType ?? '') !== (b.cType ?? '')) out.push({ change: 'changed', breaking: true, subject: 'parameter', api: id, name: b.name, detail: `parameter ${b.name} of ${id} has type ${b.cType ?? 'unknown'} instead of ${a.cType ?? 'unknown'}` });
      if (a.direction !== b.direction || a.optional !== b.optional) {
        const show = (p: typeof a): string => `${p.direction ?? 'undocumented'}${p.optional ? ', optional' : ''}`;
        out.push({ change: 'changed', breaking: a.direction !== b.direction || (a.optional && !b.optional), subject: 'parameter', api: id, name: b.name, detail: `parameter ${b.name} of ${id} is [${show(b)}] instead of [${show(a)}]` });
      }
    }
  }
  const oldCodes = new Set(old.returns?.codes.map((c) => c.name) ?? []);
  const newCodes = new Set(now.returns?.codes.map((c) => c.name) ?? []);
  for (const c of newCodes) if (!oldCodes.has(c)) out.push({ change: 'added', breaking: false, subject: 'return-code', api: id, name: c, detail: `${id} may now return ${c}` });
  for (const c of oldCodes) if (!newCodes.has(c)) out.push({ change: 'removed', breaking: true, subject: 'return-code', api: id, name: c, detail: `${id} no longer documents ${c}` });
  return out;
}

function diffStatusCodes(before: Spec, after: Spec): ApiChange[] {
  const out: ApiChange[] = [];
  const oldCodes = valuesByName(before.statusCodes);
  const newCodes = valuesByName(after.statusCodes);
  for (const [name, values] of newCodes) {
    const old = oldCodes.get(name);
    if (old === undefined) out.push({ change: 'added', breaking: false, subject: 'status-code', name, detail: `status code ${name} = ${values} was added` });
    else if (old !== values) out.push({ change: 'changed', breaking: true, subject: 'status-code', name, detail: `status code ${name} is ${values} instead of ${old}` });
  }
  for (const name of oldCodes.keys()) if (!newCodes.has(name)) out.push({ change: 'removed', breaking: true, subject: 'status-code', name, detail: `status code ${name} was removed` });
  return out;
}

/** Each status name with its values as text (`0x00000032 (WIN32) and 0x80070032 (HRESULT)`, or `no value`). */
function valuesByName(codes: Spec['statusCodes']): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const c of codes) out.set(c.name, [...(out.get(c.name) ?? []), c.hex === null ? 'no value' : `${c.hex} (${c.space})`]);
  return new Map([...out].map(([name, values]) => [name, values.sort().join(' and ')]));
}

export function formatChanges(changes: ApiChange[]): string {
  if (changes.length === 0) return 'No API changes.';
  const breaking = changes.filter((c) => c.breaking);
  const other = changes.filter((c) => !c.breaking);
  const lines: string[] = [];
  if (breaking.length > 0) lines.push(`Breaking changes (${breaking.length}):`, ...breaking.map((c) => `  - ${c.detail}`));
  if (other.length > 0) lines.push(`${breaking.length > 0 ? '\n' : ''}Other changes (${other.length}):`, ...other.map((c) => `  + ${c.detail}`));
  return lines.join('\n');
}
