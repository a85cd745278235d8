/**
 * The macros of all headers together, per build variant, and what they mean.
 *
 * A header's macros count when it does not remove them again before its end, in the regions
 * the build reads. Which regions those are may itself depend on macros (a residual condition),
 * so there are two rounds: conditions are evaluated with the macros of regions every header
 * decides alone (version numbers, `WINAPI_FAMILY_PARTITION` …), and the final table adds those
 * of regions whose residual condition holds. The build's predefined macros always win.
 *
 * When headers define one macro differently, the definition most headers agree on wins, then
 * the first header in path order (constants are reported separately, see values.ts).
 */
import { buildMacros, type HeaderConfig } from './config.js';
import { evaluate, int } from './expr.js';
import { lexTokens } from './lex.js';
import { expandMacros, makeMacro, type Macro, type MacroEnv, type Tok } from './macros.js';
import type { HeaderFileIndex, HeaderMacroDef } from './model.js';

interface Candidate {
  def: HeaderMacroDef;
  file: number;
}

export class GlobalMacros {
  readonly variants: number;
  private readonly candidates = new Map<string, Candidate[]>();
  private readonly builds: Map<string, Macro>[];
  private readonly configNames: Set<string>;
  private readonly round1: Map<string, Macro | null>[];
  private readonly final: Map<string, { macro: Macro; def?: HeaderMacroDef; file?: number } | null>[];
  private readonly residuals: Map<string, boolean>[];

  constructor(
    private readonly files: readonly HeaderFileIndex[],
    config: HeaderConfig,
  ) {
    const builds = buildMacros(config);
    this.variants = builds.length;
    this.builds = builds.map((build) => new Map([...build].map(([name, body]) => [name, makeMacro(undefined, body)])));
    this.configNames = new Set(builds.flatMap((b) => [...b.keys()]));
    files.forEach((f, file) => {
      if (f.skipped) return;
      for (const def of f.macros) {
        if (def.transient) continue;
        const list = this.candidates.get(def.name) ?? [];
        list.push({ def, file });
        this.candidates.set(def.name, list);
      }
    });
    this.round1 = builds.map(() => new Map());
    this.final = builds.map(() => new Map());
    this.residuals = builds.map(() => new Map());
  }

  /** Whether region `region` of file `file` is read in variant `variant`. */
  regionActive(file: number, region: number, variant: number): boolean {
    const when = this.files[file]!.regions[region]?.when[variant];
    if (when === undefined) return variant === 0 || region === 0;
    if (typeof when === 'boolean') return when;
    return this.residual(when, variant);
  }

  /** A residual condition, evaluated with the macros of regions the headers decide alone; unknown names are 0. */
  residual(text: string, variant: number): boolean {
    const cache = this.residuals[variant]!;
    let value = cache.get(text);
    if (value === undefined) {
      const env: MacroEnv = {
        lookup: (name) => this.firstRound(name, variant),
        defined: (name) => [{ kind: 'number', text: this.firstRound(name, variant) ? '1' : '0' }],
      };
      const expanded = expandMacros(lexTokens(text), env);
      const result = evaluate(expanded.tokens, { mode: 'preprocessor', identifier: () => int(0n) });
      value = 'value' in result && result.value.v !== 0n;
      cache.set(text, value);
    }
    return value;
  }

  private firstRound(name: string, variant: number): Macro | undefined {
    const cache = this.round1[variant]!;
    let macro = cache.get(name);
    if (macro === undefined) {
      macro = this.builtin(name, variant) ?? this.choose(name, (c) => this.files[c.file]!.regions[c.def.region]?.when[variant] === true)?.macro ?? null;
      cache.set(name, macro);
    }
    return macro ?? undefined;
  }

  private builtin(name: string, variant: number): Macro | null | undefined {
    const macro = this.builds[variant]!.get(name);
    if (macro) return macro;
    return this.configNames.has(name) ? null : undefined;
  }

  /** The macro a name stands for in a variant, or undefined. */
  lookup(name: string, variant = 0): Macro | undefined {
    return this.entry(name, variant)?.macro;
  }

  /** The chosen definition of a header macro (not for the build's predefined ones). */
  definition(name: string, variant = 0): { def: HeaderMacroDef; file: number } | undefined {
    const entry = this.entry(name, variant);
    return entry?.def && entry.file !== undefined ? { def: entry.def, file: entry.file } : undefined;
  }

  private entry(name: string, variant: number): { macro: Macro; def?: HeaderMacroDef; file?: number } | undefined {
    const cache = this.final[variant]!;
    let entry = cache.get(name);
    if (entry === undefined) {
      const builtin = this.builtin(name, variant);
      if (builtin) entry = { macro: builtin };
      else if (builtin === null) entry = null;
      else entry = this.choose(name, (c) => this.regionActive(c.file, c.def.region, variant)) ?? null;
      cache.set(name, entry);
    }
    return entry ?? undefined;
  }

  /** Most headers' definition, then the first header's. */
  private choose(name: string, active: (c: Candidate) => boolean): { macro: Macro; def: HeaderMacroDef; file: number } | undefined {
    const list = (this.candidates.get(name) ?? []).filter(active);
    if (list.length === 0) return undefined;
    let best = list[0]!;
    if (list.length > 1) {
      const counts = new Map<string, number>();
      for (const c of list) counts.set(signature(c.def), (counts.get(signature(c.def)) ?? 0) + 1);
      let bestCount = 0;
      for (const c of list) {
        const count = counts.get(signature(c.def))!;
        if (count > bestCount) {
          best = c;
          bestCount = count;
        }
      }
    }
    return { macro: makeMacro(best.def.params, best.def.body), def: best.def, file: best.file };
  }

  /** Every header definition of a name that a variant reads, in file order. */
  activeDefinitions(name: string, variant = 0): { def: HeaderMacroDef; file: number }[] {
    return (this.candidates.get(name) ?? []).filter((c) => this.regionActive(c.file, c.def.region, variant));
  }

  /** Whether any header defines the name as a macro. */
  hasDefinition(name: string): boolean {
    return this.candidates.has(name);
  }

  /** Whether more than one definition of the name exists (then a header's own may differ from the chosen one). */
  hasSeveralDefinitions(name: string): boolean {
    return (this.candidates.get(name)?.length ?? 0) > 1;
  }

  /** Whether a header defines the name itself. */
  definedIn(name: string, file: number): boolean {
    return this.candidates.get(name)?.some((c) => c.file === file) ?? false;
  }

  private readonly own = new Map<string, Macro | null>();

  /**
   * A header's own definition of a name, when it differs from the one chosen for all headers:
   * inside that header its own definition is the one in effect (`BOOLAPI` means one thing in
   * wininet.h and another in winhttp.h).
   */
  ownDefinition(name: string, file: number): Macro | undefined {
    const list = this.candidates.get(name);
    if (!list || list.length < 2) return undefined;
    const key = `${file}\u0000${name}`;
    let macro = this.own.get(key);
    if (macro === undefined) {
      const mine = list.filter((c) => c.file === file && this.regionActive(c.file, c.def.region, 0)).pop();
      const chosen = this.definition(name, 0);
      macro = mine && (!chosen || signature(chosen.def) !== signature(mine.def)) ? makeMacro(mine.def.params, mine.def.body) : null;
      this.own.set(key, macro);
    }
    return macro ?? undefined;
  }

  /** Whether any header defines the name in a way `test` accepts (a cheap filter before choosing). */
  hasDefinitionLike(name: string, test: (def: HeaderMacroDef) => boolean): boolean {
    return (this.candidates.get(name) ?? []).some((c) => test(c.def));
  }

  names(): IterableIterator<string> {
    return this.candidates.keys();
  }

  env(variant = 0): MacroEnv {
    return { lookup: (name) => this.lookup(name, variant) };
  }

  /** Full expansion of tokens in a variant. */
  expand(tokens: readonly Tok[], variant = 0): { tokens: Tok[]; complete: boolean } {
    return expandMacros(tokens, this.env(variant));
  }
}

const signature = (def: HeaderMacroDef): string => `${def.params ? `(${def.params.join(',')})` : ''}${def.body}`;
