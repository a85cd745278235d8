/**
 * Structure and union layout on 64-bit Windows, as MSVC lays them out: each member at the next
 * multiple of its alignment (natural alignment, capped by `#pragma pack`), the whole rounded up
 * to its alignment (raised by `DECLSPEC_ALIGN`), bit-fields sharing a unit of their declared type
 * while they fit, a zero-width bit-field closing the unit. One mechanism for every source of a
 * definition: a page's syntax block, a C header, the catalogue.
 */
import type { TypeInfo } from '../model/spec.js';

export interface LayoutMember {
  /** Absent for an anonymous member. */
  name?: string;
  /** The member's C type key (for a plain member). */
  type?: string;
  bits?: number;
  /** An inline struct or union body. */
  nested?: LayoutBody;
}

export interface LayoutBody {
  kind: 'struct' | 'union';
  members: readonly LayoutMember[];
  /** `#pragma pack` in effect. */
  pack?: number;
  /** `DECLSPEC_ALIGN(n)`. */
  alignValue?: number;
}

export type PlacedField = NonNullable<TypeInfo['fields']>[number];

export interface Layout {
  size: number;
  align: number;
  /** The alignment without `#pragma pack`. */
  natural: number;
  /** Every member, when all are plain and named (what koffi binds field by field); undefined otherwise. */
  fields?: PlacedField[];
}

/** Size and alignment of a type key; undefined when not known. */
export type SizeOf = (type: string) => { size?: number; align?: number };

/** The layout of a body, or undefined when the size of a member is not known. */
export function layOut(body: LayoutBody, sizeOf: SizeOf): Layout | undefined {
  const pack = body.pack ?? Infinity;
  let offset = 0;
  let size = 0;
  let align = 1;
  let natural = 1;
  let plain = true;
  const fields: PlacedField[] = [];
  let unit: { offset: number; size: number; used: number } | undefined;
  for (const m of body.members) {
    let memberSize: number | undefined;
    let memberAlign: number | undefined;
    if (m.nested) {
      const inner = layOut(m.nested, sizeOf);
      memberSize = inner?.size;
      memberAlign = inner?.align;
      plain = false;
    } else {
      const known = sizeOf(m.type ?? '');
      memberSize = known.size;
      memberAlign = known.align ?? (memberSize !== undefined ? Math.min(8, memberSize) : undefined);
    }
    if (memberSize === undefined || memberAlign === undefined || memberAlign === 0) return undefined;
    if (m.name === undefined) plain = false;
    natural = Math.max(natural, memberAlign);
    const a = Math.min(memberAlign, pack);
    align = Math.max(align, a);
    if (body.kind === 'union') {
      size = Math.max(size, memberSize);
      if (m.name !== undefined && m.type !== undefined) fields.push({ name: m.name, type: m.type, offset: 0, ...(m.bits !== undefined ? { bits: m.bits, bitOffset: 0 } : {}) });
      continue;
    }
    if (m.bits !== undefined) {
      if (m.bits === 0 || !unit || unit.size !== memberSize || unit.used + m.bits > memberSize * 8) {
        unit = m.bits === 0 ? undefined : { offset: Math.ceil(offset / a) * a, size: memberSize, used: 0 };
        if (unit) offset = unit.offset + memberSize;
      }
      if (unit && m.name !== undefined && m.type !== undefined) fields.push({ name: m.name, type: m.type, offset: unit.offset, bits: m.bits, bitOffset: unit.used });
      if (unit) unit.used += m.bits;
      size = offset;
      continue;
    }
    unit = undefined;
    offset = Math.ceil(offset / a) * a;
    if (m.name !== undefined && m.type !== undefined) fields.push({ name: m.name, type: m.type, offset });
    offset += memberSize;
    size = offset;
  }
  if (body.alignValue !== undefined) align = Math.max(align, body.alignValue);
  return { size: Math.ceil(size / align) * align, align, natural, ...(plain ? { fields } : {}) };
}
