/**
 * The text view of `docgen inspect`: the spec model of a page or folder, for people.
 */
import type { Spec } from '../model/spec.js';
import { coverageLines, deriveConformance } from '../conformance/derive.js';
import { summarizeSpec } from '../build/summary.js';

export function inspectText(spec: Spec): string {
  const lines: string[] = [];
  const formats = new Map<string, number>();
  for (const input of spec.inputs) formats.set(input.format, (formats.get(input.format) ?? 0) + 1);
  const formatList = [...formats].map(([f, n]) => `${f} ${n}`).join(', ');
  lines.push(`${spec.inputs.length} page(s): ${formatList || 'none'}`);
  const values = new Map(spec.statusCodes.map((c) => [c.name, c]));

  lines.push('', `APIs (${spec.apis.length})`);
  for (const api of spec.apis) {
    const header = api.header ? ` (${api.header})` : '';
    lines.push(`  ${api.kind} ${api.parent ? `${api.parent}::` : ''}${api.name}${header}`);
    lines.push(`    from ${api.sources.map((s) => `${s.file}:${s.line}`).join(', ')}`);
    if (api.declaration) {
      const conv = api.declaration.callingConvention ? ` ${api.declaration.callingConvention}` : '';
      lines.push(`    returns ${api.declaration.returnType}${conv}${api.statusFamily ? ` [status family ${api.statusFamily}]` : ''}`);
    } else if (api.returnType) {
      lines.push(`    returns ${api.returnType} (no prototype; type from ${api.returnTypeResolution ?? 'unknown'})${api.statusFamily ? ` [status family ${api.statusFamily}]` : ''}`);
    } else if (api.statusFamily) {
      lines.push(`    returns (no prototype) [status family ${api.statusFamily}]`);
    }
    for (const p of api.parameters) {
      const dir = p.direction ? `[${p.direction}${p.optional ? ', optional' : ''}]` : p.optional ? '[optional]' : '[direction not documented]';
      lines.push(`    param ${p.name}: ${p.cType ?? 'unknown type'} ${dir} (type from ${p.typeResolution})`);
    }
    for (const c of api.returns?.codes ?? []) {
      const code = values.get(c.name);
      const value = code?.hex ? code.hex : 'no value';
      lines.push(`    code ${c.name} = ${value}${c.condition ? ` when: ${c.condition}` : ''}`);
    }
    if (api.returns && !api.returns.exhaustive) lines.push('    (the docs say this list of codes is not exhaustive)');
    const related = [
      api.synchronousCounterpart && `synchronous counterpart ${api.synchronousCounterpart}`,
      api.asynchronousCounterpart && `asynchronous counterpart ${api.asynchronousCounterpart}`,
      api.variants.length > 0 && `variants ${api.variants.join(', ')}`,
      api.groups.length > 0 && `groups ${api.groups.join('; ')}`,
    ].filter(Boolean);
    for (const r of related) lines.push(`    ${r}`);
  }

  if (spec.groups.length > 0) {
    lines.push('', `Groups (${spec.groups.length})`);
    for (const g of spec.groups) {
      lines.push(`  ${g.name} (${g.page}, ${g.source.file}:${g.source.line})`);
      for (const m of g.members) lines.push(`    ${m.api}${m.documented ? '' : ' (no page in the docs)'}`);
    }
  }

  lines.push('', `Types (${spec.types.length})`);
  for (const t of spec.types) {
    const size = t.size !== undefined ? `, ${t.size} bytes` : '';
    lines.push(`  ${t.name}: ${t.category}${size} (from ${t.resolution}${t.alias ? `, alias of ${t.alias}` : ''}${t.pointee ? `, points to ${t.pointee}` : ''})`);
  }

  lines.push('', `Status codes (${spec.statusCodes.length})`);
  for (const c of spec.statusCodes) {
    const value = c.valueFrom === 'missing' ? 'no value' : `${c.hex} ${c.space} ${c.severity}`;
    lines.push(`  ${c.name} = ${value} (from ${c.valueFrom}, ${c.source.file}:${c.source.line})`);
  }

  // Conformance coverage (owned by conformance/derive.ts): per API, codes with an executable case and todos.
  const conformance = coverageLines(deriveConformance(summarizeSpec(spec)));
  if (conformance.length > 0) lines.push('', 'Conformance coverage', ...conformance.map((l) => `  ${l}`));

  lines.push('', `Diagnostics (${spec.diagnostics.length})`);
  return lines.join('\n');
}
