/**
 * A/W mappings: a name whose meaning differs between the UNICODE build and the ANSI one is a
 * neutral name over a wide and an ANSI variant. Found by expanding every macro and resolving
 * every typedef in both builds, so all the spellings headers use come out alike:
 * `#define Foo __MINGW_NAME_AW(Foo)`, `__MINGW_NAME_UAW`, `#ifdef UNICODE #define Foo FooW
 * #else #define Foo FooA #endif`, `typedef __MINGW_NAME_AW(X) X;`, `__MINGW_TYPEDEF_AW(X)`,
 * `#ifdef UNICODE typedef XW X; #else typedef XA X; #endif`.
 */
import { compareStrings } from '../diagnostics.js';
import type { GlobalMacros } from './global-macros.js';
import type { HeaderNameVariants, HeaderTypedef, RawTypedef } from './model.js';
import type { Occurrence } from './merge.js';
import { TypeResolver } from './resolve-types.js';

export interface NameVariantHost {
  macros: GlobalMacros;
  ansiVariant: number | undefined;
  declaredTypes: ReadonlySet<string>;
  facts: { typedefs: Occurrence<RawTypedef>[] };
  active(o: Occurrence<{ region: number }>, variant: number): boolean;
  source(file: number, line: number): { file: string; line: number };
}

/** A body that can name another identifier: `FooW`, `__MINGW_NAME_AW(Foo)` (not a number). */
const SIMPLE_BODY = /^[A-Za-z_]\w*(\s*\(.*\))?$/;
const IDENTIFIER = /^[A-Za-z_]\w*$/;

export function nameVariants(host: NameVariantHost, typedefs: readonly HeaderTypedef[]): HeaderNameVariants[] {
  const ansi = host.ansiVariant;
  if (ansi === undefined) return [];
  const out: HeaderNameVariants[] = [];
  const seen = new Set<string>();
  for (const name of host.macros.names()) {
    if (!host.macros.hasDefinitionLike(name, (def) => !def.params && SIMPLE_BODY.test(def.body))) continue;
    const chosen = host.macros.definition(name, 0);
    if (!chosen || chosen.def.params || !SIMPLE_BODY.test(chosen.def.body)) continue;
    const wide = singleName(host.macros, name, 0);
    const narrow = singleName(host.macros, name, ansi);
    if (!wide || !narrow || wide === narrow || wide === name || narrow === name) continue;
    seen.add(name);
    out.push({ neutral: name, ansi: narrow, wide, kind: 'macro', source: host.source(chosen.file, chosen.def.line) });
  }
  const ansiResolver = new TypeResolver(host.macros, ansi, host.declaredTypes);
  const ansiTargets = new Map<string, string>();
  for (const o of host.facts.typedefs) {
    if (ansiTargets.has(o.raw.name) || !host.active(o, ansi)) continue;
    ansiTargets.set(o.raw.name, ansiResolver.resolve(o.raw.spec, o.file).type);
  }
  for (const t of typedefs) {
    const narrow = ansiTargets.get(t.name);
    if (seen.has(t.name) || !narrow || !IDENTIFIER.test(t.type) || !IDENTIFIER.test(narrow) || narrow === t.type) continue;
    out.push({ neutral: t.name, ansi: narrow, wide: t.type, kind: 'typedef', source: t.source });
  }
  return out.sort((a, b) => compareStrings(a.neutral, b.neutral) || compareStrings(a.kind, b.kind));
}

function singleName(macros: GlobalMacros, name: string, variant: number): string | undefined {
  const expansion = macros.expand([{ kind: 'ident', text: name }], variant);
  const only = expansion.tokens[0];
  return expansion.complete && expansion.tokens.length === 1 && only?.kind === 'ident' ? only.text : undefined;
}
