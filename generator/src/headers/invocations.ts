/**
 * Macro invocations that stand for declarations (`__MINGW_TYPEDEF_AW(CREDENTIAL)`,
 * `DECLARE_INTERFACE_(IFoo, IUnknown) {…}`, runs of `TM_STATE(…)`): once every header's
 * macros are known, they are expanded and the result is read like any other item. Done per
 * build variant, because what they expand to can depend on it (A/W).
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { GlobalMacros } from './global-macros.js';
import { readItem } from './declarations.js';
import { splitItems } from './items.js';
import { lexTokens, type HToken } from './lex.js';
import { placeholderCall } from './macros.js';
import type { HeaderFileFacts, HeaderFileIndex } from './model.js';
import type { Occurrence } from './merge.js';

export interface InvocationHost {
  files: readonly HeaderFileIndex[];
  macros: GlobalMacros;
  diagnostics: Diagnostic[];
  facts: { [K in 'functions' | 'callbacks' | 'typedefs' | 'records' | 'enums']: Occurrence<HeaderFileFacts[K][number]>[] };
}

const DECLARING = new Set(['typedef', 'struct', 'union', 'enum']);

export function expandInvocations(host: InvocationHost, variants: readonly number[]): void {
  const declares = new Map<string, boolean>();
  host.files.forEach((f, file) => {
    if (f.skipped) return;
    for (const invocation of f.invocations) {
      for (const variant of variants) {
        if (!host.macros.regionActive(file, invocation.region, variant)) continue;
        const macro = host.macros.lookup(invocation.macro, variant);
        if (!macro) {
          if (variant === 0) host.diagnostics.push(diagnostic('DG8018', f.file, invocation.line, `\`${invocation.macro}(…)\` stands where a declaration is expected, but no header defines it as a macro.`));
          continue;
        }
        if (!declaresSomething(host.macros, invocation.macro, variant, declares)) continue;
        const expansion = host.macros.expand(lexTokens(invocation.text), variant);
        if (!expansion.complete) {
          if (variant === 0) host.diagnostics.push(diagnostic('DG8018', f.file, invocation.line, `\`${invocation.macro}(…)\` does not finish expanding; it was skipped.`));
          continue;
        }
        if (!expansion.tokens.some((t) => t.kind === 'ident' && DECLARING.has(t.text))) continue; // variables, attributes
        const tokens: HToken[] = expansion.tokens.map((t) => ({ kind: t.kind, text: t.text, line: invocation.line, region: invocation.region }));
        readExpansion(host, file, variant, tokens);
      }
    }
  });
}

/** Whether a macro's expansion (arguments left as placeholders) holds a declaring keyword; `DEFINE_GUID` does not. */
function declaresSomething(macros: GlobalMacros, name: string, variant: number, cache: Map<string, boolean>): boolean {
  const key = `${variant}:${name}`;
  let value = cache.get(key);
  if (value === undefined) {
    const call = placeholderCall(name, macros.lookup(name, variant));
    value = macros.expand(call, variant).tokens.some((t) => t.kind === 'ident' && DECLARING.has(t.text));
    cache.set(key, value);
  }
  return value;
}

function readExpansion(host: InvocationHost, file: number, variant: number, tokens: HToken[]): void {
  const f = host.files[file]!;
  const facts: HeaderFileFacts = { functions: [], callbacks: [], typedefs: [], records: [], enums: [], invocations: [] };
  const sink: Diagnostic[] = [];
  for (const item of splitItems(tokens, f.file, sink)) {
    const outcome = readItem(item.tokens, { region: tokens[0]!.region }, facts);
    if (outcome && variant === 0) {
      host.diagnostics.push(diagnostic('DG8018', f.file, tokens[0]!.line, `A macro expanded into a declaration that could not be read (${outcome.reason}).`));
    }
  }
  for (const raw of facts.functions) host.facts.functions.push({ raw, file, variant });
  for (const raw of facts.callbacks) host.facts.callbacks.push({ raw, file, variant });
  for (const raw of facts.typedefs) host.facts.typedefs.push({ raw, file, variant });
  for (const raw of facts.records) host.facts.records.push({ raw, file, variant });
  for (const raw of facts.enums) host.facts.enums.push({ raw, file, variant });
}
