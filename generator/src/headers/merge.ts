/**
 * The cross-header step: every header's raw facts (each read from its bytes alone) become one
 * index for the chosen build. Cheap next to reading: residual conditions are evaluated once per
 * distinct text, specifiers once per distinct spelling, values once per distinct expression.
 *
 * Rules when headers disagree (each reported, see diagnostics.ts):
 * - functions, callbacks, typedefs, records, enumerations: the first declaration in header
 *   order (a complete record or enumeration before forward declarations). Header order: user-mode
 *   headers before kernel-mode folders (`ddk/`, `km/`), then the roots in the order given, then
 *   the path;
 * - constants: see `chooseConstant`;
 * - a name declared in two branches of one header: the branch the build reads, with an info
 *   diagnostic naming both conditions.
 */
import { compareDiagnostics, compareStrings, diagnostic, type Diagnostic } from '../diagnostics.js';
import { DEFAULT_HEADER_CONFIG, type HeaderConfig } from './config.js';
import { convertRecordBody, convertSignature, dimensionSizes, resolveConvention, type ConvertContext } from './convert.js';
import { int, type IntValue } from './expr.js';
import { GlobalMacros } from './global-macros.js';
import { joinTokens, lexTokens } from './lex.js';
import { isBuiltinTypeWord } from './syntax.js';
import { expandInvocations } from './invocations.js';
import type {
  HeaderCallback,
  HeaderConstant,
  HeaderEnum,
  HeaderFileIndex,
  HeaderFileRecord,
  HeaderFunction,
  HeaderIndex,
  HeaderRecord,
  HeaderTypedef,
  RawCallback,
  RawEnum,
  RawFunction,
  RawRecord,
  RawTypedef,
} from './model.js';
import { checkRecordContainment, checkTypedefCycles } from './checks.js';
import { nameVariants } from './name-variants.js';
import { TypeResolver } from './resolve-types.js';
import { ValueEvaluator, consistentWithName, toHeaderInt, toU32 } from './values.js';

export interface MergeOptions {
  config?: HeaderConfig;
  /** The headers folders, as given (recorded in the index). */
  roots?: string[];
  /** Per file, in the order of `files`: its root and sha256 (recorded in the index). */
  records?: HeaderFileRecord[];
}

/** A raw fact and the header it comes from; `variant` marks facts that exist only in one build (expanded invocations). */
export interface Occurrence<T> {
  raw: T;
  file: number;
  variant?: number;
}

interface Facts {
  functions: Occurrence<RawFunction>[];
  callbacks: Occurrence<RawCallback>[];
  typedefs: Occurrence<RawTypedef>[];
  records: Occurrence<RawRecord>[];
  enums: Occurrence<RawEnum>[];
}

export function mergeHeaderIndexes(input: readonly HeaderFileIndex[], options: MergeOptions = {}): HeaderIndex {
  return new Merger(input, options).run();
}

class Merger {
  readonly files: HeaderFileIndex[];
  readonly records: HeaderFileRecord[];
  readonly macros: GlobalMacros;
  readonly resolver: TypeResolver;
  readonly diagnostics: Diagnostic[] = [];
  readonly facts: Facts = { functions: [], callbacks: [], typedefs: [], records: [], enums: [] };
  private typedefTargets = new Map<string, string>();
  private evaluator: ValueEvaluator | undefined;
  private enumValues: EnumValues | undefined;
  private readonly contexts = new Map<number, ConvertContext>();

  constructor(
    input: readonly HeaderFileIndex[],
    private readonly options: MergeOptions,
  ) {
    const config = options.config ?? DEFAULT_HEADER_CONFIG;
    // The order that decides among headers that declare one name: user-mode folders before
    // kernel-mode ones, then the headers that declare the most (the SDK's core headers, such as
    // winnt.h or winerror.h, before a small header that repeats a few of their declarations), then
    // path order. Every fact then points at the header a reader would look it up in.
    const kernel = new Set(config.kernelFolders);
    const rank = (file: string): number => (file.split('/').slice(0, -1).some((folder) => kernel.has(folder)) ? 1 : 0);
    const weight = (f: HeaderFileIndex): number => f.functions.length + f.callbacks.length + f.typedefs.length + f.records.length + f.enums.length + f.macros.length;
    const order = input
      .map((f, i) => ({ f, i, root: options.records?.[i]?.root ?? 0, weight: weight(f) }))
      .sort((a, b) => rank(a.f.file) - rank(b.f.file) || a.root - b.root || b.weight - a.weight || compareStrings(a.f.file, b.f.file) || a.i - b.i);
    this.files = order.map((o) => o.f);
    this.records = order.map((o) => options.records?.[o.i] ?? { file: o.f.file, root: 0, sha256: '', ...(o.f.skipped ? { skipped: o.f.skipped } : {}) });
    this.macros = new GlobalMacros(this.files, config);
    for (const f of this.files) {
      if (f.skipped) continue;
      for (const t of f.typedefs) this.declaredTypes.add(t.name);
      for (const c of f.callbacks) this.declaredTypes.add(c.name);
    }
    this.resolver = new TypeResolver(this.macros, 0, this.declaredTypes);
    this.ansiVariant = config.variants.findIndex((v) => v.name === 'ansi') + 1 || undefined;
  }

  readonly ansiVariant: number | undefined;
  /** Every name a header declares with typedef. */
  readonly declaredTypes = new Set<string>();

  run(): HeaderIndex {
    this.collect();
    const typedefs = this.mergeTypedefs();
    const enums = this.mergeEnums();
    const records = this.mergeRecords();
    const functions = this.mergeFunctions();
    const callbacks = this.mergeCallbacks();
    const constants = this.mergeConstants();
    const variants = nameVariants(this, typedefs);
    this.diagnostics.push(...checkTypedefCycles(typedefs), ...checkRecordContainment(records, typedefs));
    for (const f of this.files) this.diagnostics.push(...f.diagnostics);
    return {
      roots: this.options.roots ?? [],
      // Listed in folder and path order; the decision order above is the merge's own.
      files: [...this.records].sort((a, b) => a.root - b.root || compareStrings(a.file, b.file)),
      functions,
      callbacks,
      typedefs,
      records,
      enums,
      constants,
      nameVariants: variants,
      diagnostics: this.diagnostics.sort(compareDiagnostics),
    };
  }

  private collect(): void {
    this.files.forEach((f, file) => {
      if (f.skipped) return;
      for (const raw of f.functions) this.facts.functions.push({ raw, file });
      for (const raw of f.callbacks) this.facts.callbacks.push({ raw, file });
      for (const raw of f.typedefs) this.facts.typedefs.push({ raw, file });
      for (const raw of f.records) this.facts.records.push({ raw, file });
      for (const raw of f.enums) this.facts.enums.push({ raw, file });
    });
    const variants = this.ansiVariant === undefined ? [0] : [0, this.ansiVariant];
    expandInvocations(this, variants);
  }

  /** Whether an occurrence is read in a build variant. */
  active(o: Occurrence<{ region: number }>, variant = 0): boolean {
    if (o.variant !== undefined) return o.variant === variant;
    return this.macros.regionActive(o.file, o.raw.region, variant);
  }

  context(file: number): ConvertContext {
    let context = this.contexts.get(file);
    if (!context) {
      context = { resolver: this.resolver, file, active: (region) => this.macros.regionActive(file, region, 0), values: () => this.values() };
      this.contexts.set(file, context);
    }
    return context;
  }

  values(): ValueEvaluator {
    this.evaluator ??= new ValueEvaluator({
      macros: this.macros,
      typedefTarget: (name) => this.typedefTargets.get(name),
      enumConstant: (name) => this.enumValues?.get(name),
    });
    return this.evaluator;
  }

  source(file: number, line: number): { file: string; line: number } {
    return { file: this.files[file]!.file, line };
  }

  regionCondition(file: number, region: number): string {
    return this.files[file]!.regions[region]?.condition || 'no condition';
  }

  // -------------------------------------------------------------------------------------
  // Choosing among declarations

  private readonly canonicalCache = new Map<string, string>();
  /** Each occurrence is converted once, however often it is compared. */
  private readonly converted = new WeakMap<object, unknown>();

  /**
   * A type with every typedef name replaced by its target, for comparing declarations:
   * `ULONG *` and `unsigned long *` are the same, `PDMA_ADAPTER` and `PADAPTER_OBJECT` may be.
   */
  canonical(type: string, depth = 0): string {
    const cached = this.canonicalCache.get(type);
    if (cached !== undefined) return cached;
    const out: string[] = [];
    for (const t of lexTokens(type)) {
      const target = t.kind === 'ident' && depth < 8 ? this.typedefTargets.get(t.text) : undefined;
      if (target !== undefined && target !== t.text) out.push(this.canonical(target, depth + 1));
      else out.push(t.text === 'CONST' ? 'const' : t.text);
    }
    const text = out.join(' ');
    this.canonicalCache.set(type, text);
    return text;
  }

  signatureKey(s: { returnType: string; parameters: { type: string; dims?: string[] }[]; variadic?: boolean }): string {
    const params = s.parameters.map((p) => `${this.canonical(p.type)}${p.dims ? `[${p.dims.join('][')}]` : ''}`);
    return `${this.canonical(s.returnType)}|${params.join(',')}|${s.variadic ? '...' : ''}`;
  }

  /**
   * Groups converted occurrences by name and picks one per name: the first complete one in path
   * order. Other headers' different declarations are reported (DG8011); a different declaration
   * in an unread branch of the same header is reported as information (DG8012).
   */
  choose<R extends { region: number; line: number }, T>(
    occurrences: readonly Occurrence<R>[],
    nameOf: (raw: R) => string | undefined,
    convertRaw: (o: Occurrence<R>) => T,
    keyOf: (fact: T) => string,
    complete: (raw: R) => boolean = () => true,
    report = true,
  ): { fact: T; o: Occurrence<R> }[] {
    const convert = (o: Occurrence<R>): T => {
      let fact = this.converted.get(o) as T | undefined;
      if (fact === undefined) {
        fact = convertRaw(o);
        this.converted.set(o, fact);
      }
      return fact;
    };
    const byName = new Map<string, Occurrence<R>[]>();
    for (const o of occurrences) {
      const name = nameOf(o.raw);
      if (name === undefined) continue;
      const list = byName.get(name) ?? [];
      list.push(o);
      byName.set(name, list);
    }
    const chosen: { fact: T; o: Occurrence<R> }[] = [];
    for (const [name, list] of byName) {
      const live = list.filter((o) => this.active(o));
      if (live.length === 0) continue;
      const winner = live.find((o) => complete(o.raw)) ?? live[0]!;
      const fact = convert(winner);
      chosen.push({ fact, o: winner });
      if (!report || list.length === 1) continue;
      let key: string | undefined;
      const winnerKey = (): string => (key ??= keyOf(fact));
      const reported = new Set<string>();
      let winnerText: string | undefined;
      for (const other of live) {
        if (other === winner || !complete(other.raw) || other.file === winner.file) continue;
        winnerText ??= rawText(winner.raw);
        if (rawText(other.raw) === winnerText) continue;
        const otherKey = keyOf(convert(other));
        if (otherKey === winnerKey() || reported.has(otherKey)) continue;
        reported.add(otherKey);
        const where = `${this.files[winner.file]!.file}:${winner.raw.line}`;
        this.diagnostics.push(diagnostic('DG8011', this.files[other.file]!.file, other.raw.line, `\`${name}\` is declared differently in ${where}, which was chosen (first complete declaration in header order: user-mode folders, then the headers that declare most, then path order).`));
      }
      this.reportBranchChoice(name, winner, list, convert, keyOf, winnerKey);
    }
    return chosen;
  }

  private reportBranchChoice<R extends { region: number; line: number }, T>(
    name: string,
    winner: Occurrence<R>,
    list: readonly Occurrence<R>[],
    convert: (o: Occurrence<R>) => T,
    keyOf: (fact: T) => string,
    key: () => string,
  ): void {
    if (winner.variant !== undefined) return;
    const other = list.find((o) => o.file === winner.file && o.variant === undefined && !this.active(o) && keyOf(convert(o)) !== key());
    if (!other) return;
    const taken = this.regionCondition(winner.file, winner.raw.region);
    const notTaken = this.regionCondition(other.file, other.raw.region);
    this.diagnostics.push(
      diagnostic('DG8012', this.files[winner.file]!.file, winner.raw.line, `\`${name}\` is declared differently under \`${notTaken}\` (line ${other.raw.line}); the chosen build reads \`${taken}\`.`),
    );
  }

  // -------------------------------------------------------------------------------------
  // Each kind

  private mergeTypedefs(): HeaderTypedef[] {
    // Chosen once to know every typedef's target, then again to compare declarations through them.
    const first = this.choose(this.facts.typedefs, (raw) => raw.name, (o) => this.convertTypedef(o), () => '', undefined, false);
    this.typedefTargets = new Map(first.filter((c) => !c.fact.dims).map((c) => [c.fact.name, c.fact.type]));
    const chosen = this.choose(
      this.facts.typedefs,
      (raw) => raw.name,
      (o) => this.convertTypedef(o),
      (t) => `${this.canonical(t.type)}|${t.dims?.join(',') ?? ''}`,
    );
    const typedefs = [...chosen.map((c) => c.fact), ...this.macroTypes(new Set(chosen.map((c) => c.fact.name)))];
    for (const t of typedefs) {
      const sizes = dimensionSizes(t.dims, this.values());
      if (sizes) t.sizes = sizes;
    }
    return typedefs.sort(byName);
  }

  /**
   * `#define BOOL WINBOOL`, `#define VOID void`: macros that stand for a type, listed beside the
   * typedefs (marked `macro`) so that chains through them can be followed.
   */
  private macroTypes(typedefNames: ReadonlySet<string>): HeaderTypedef[] {
    const out: HeaderTypedef[] = [];
    for (const name of this.macros.names()) {
      if (typedefNames.has(name) || !this.macros.hasDefinitionLike(name, (def) => !def.params && WORDS.test(def.body))) continue;
      if (this.resolver.role(name) !== 'keep') continue;
      const chosen = this.macros.definition(name);
      if (!chosen || chosen.def.params) continue;
      const words = this.macros.expand([{ kind: 'ident', text: name }]).tokens;
      const isType = words.length > 0 && words.every((t) => t.kind === 'ident' && (isBuiltinTypeWord(t.text) || (words.length === 1 && typedefNames.has(t.text))));
      if (isType) out.push({ name, type: words.map((t) => t.text).join(' '), macro: true, source: this.source(chosen.file, chosen.def.line) });
    }
    return out;
  }

  convertTypedef(o: Occurrence<RawTypedef>, resolver = this.resolver): HeaderTypedef {
    const typedef: HeaderTypedef = { name: o.raw.name, type: resolver.resolve(o.raw.spec, o.file).type, source: this.source(o.file, o.raw.line) };
    if (o.raw.dims) typedef.dims = o.raw.dims;
    if (o.raw.handle) typedef.handle = true;
    return typedef;
  }

  private mergeEnums(): HeaderEnum[] {
    const keyOf = (raw: RawEnum): string | undefined => raw.tag ?? raw.names[0];
    const chosen = this.choose(
      this.facts.enums,
      keyOf,
      (o) => this.convertEnum(o, keyOf(o.raw)!),
      (e) => e.constants.map((c) => `${c.name}=${c.expr ?? ''}`).join(','),
      (raw) => !raw.incomplete,
    );
    // Forward declarations and definitions name the same enumeration: merge their typedef names.
    const enums = chosen.map((c) => c.fact);
    this.enumValues = new EnumValues(enums, () => this.values());
    for (const e of enums) this.enumValues.fill(e);
    return enums.sort((a, b) => compareStrings(a.key, b.key));
  }

  private convertEnum(o: Occurrence<RawEnum>, key: string): HeaderEnum {
    const e: HeaderEnum = { key, names: o.raw.names, constants: [], source: this.source(o.file, o.raw.line) };
    if (o.raw.tag) e.tag = o.raw.tag;
    else e.tagless = true;
    if (o.raw.incomplete) e.incomplete = true;
    const context = this.context(o.file);
    for (const r of o.raw.enumerators) {
      if (o.variant === undefined && r.region !== undefined && !context.active(r.region)) continue;
      e.constants.push({ name: r.name, ...(r.expr !== undefined ? { expr: r.expr } : {}), line: r.line });
    }
    return e;
  }

  private mergeRecords(): HeaderRecord[] {
    const keyOf = (raw: RawRecord): string | undefined => {
      if (raw.keywordMacro && !this.keywordIsRecord(raw.keywordMacro)) return undefined;
      return raw.tag ?? raw.names[0];
    };
    const chosen = this.choose(
      this.facts.records,
      keyOf,
      (o) => this.convertRecord(o, keyOf(o.raw)!),
      (r) => JSON.stringify([r.kind, r.fields.map((f) => [f.name, this.canonical(f.type), f.dims, f.bits])]),
      (raw) => !raw.incomplete,
    );
    return chosen.map((c) => c.fact).sort((a, b) => compareStrings(a.key, b.key));
  }

  private keywordIsRecord(word: string): boolean {
    const expansion = this.macros.expand([{ kind: 'ident', text: word }]).tokens;
    return expansion.length === 1 && (expansion[0]!.text === 'struct' || expansion[0]!.text === 'union');
  }

  private convertRecord(o: Occurrence<RawRecord>, key: string): HeaderRecord {
    const body = convertRecordBody(o.raw, this.context(o.file));
    if (o.raw.keywordMacro) body.kind = this.macros.expand([{ kind: 'ident', text: o.raw.keywordMacro }]).tokens[0]?.text === 'union' ? 'union' : 'struct';
    const record: HeaderRecord = { key, ...body, names: o.raw.names, source: this.source(o.file, o.raw.line) };
    if (!o.raw.tag) record.tagless = true;
    if (o.raw.incomplete) record.incomplete = true;
    return record;
  }

  /**
   * `extern int *__MINGW_IMP_SYMBOL(_pctype);` declares a variable whose name a function-like
   * macro builds, not a function: the name is such a macro and its "parameters" are bare words,
   * some of which no header declares as a type. (A real function that also has a macro form,
   * such as `iswalpha(wint_t c)`, names its parameters.)
   */
  private isMacroCall(raw: RawFunction): boolean {
    if (this.macros.lookup(raw.name)?.params === undefined || raw.parameters.length === 0) return false;
    const bare = (p: RawFunction['parameters'][number]): boolean => p.name === undefined && /^[A-Za-z_]\w*$/.test(p.spec);
    const isType = (word: string): boolean => this.declaredTypes.has(word) || isBuiltinTypeWord(word);
    return raw.parameters.every(bare) && raw.parameters.some((p) => !isType(p.spec));
  }

  private mergeFunctions(): HeaderFunction[] {
    const chosen = this.choose(
      this.facts.functions,
      (raw) => (this.isMacroCall(raw) ? undefined : raw.name),
      (o) => {
        const fn: HeaderFunction = { name: o.raw.name, ...convertSignature(o.raw, this.context(o.file)), source: this.source(o.file, o.raw.line) };
        if (o.raw.inline) fn.inline = true;
        return fn;
      },
      (f) => this.signatureKey(f),
    );
    return chosen.map((c) => c.fact).sort(byName);
  }

  private mergeCallbacks(): HeaderCallback[] {
    const chosen = this.choose(
      this.facts.callbacks,
      (raw) => raw.name,
      (o) => {
        const context = this.context(o.file);
        const pointer = o.raw.pointer || resolveConvention(o.raw.callingConvention ?? '', context).pointer;
        return { name: o.raw.name, pointer, ...convertSignature(o.raw, context), source: this.source(o.file, o.raw.line) } as HeaderCallback;
      },
      (c) => `${c.pointer}|${this.signatureKey(c)}`,
    );
    return chosen.map((c) => c.fact).sort(byName);
  }

  private mergeConstants(): HeaderConstant[] {
    const values = this.values();
    const byBody = new Map<string, { value?: IntValue; space: HeaderConstant['space']; form: HeaderConstant['form'] }>();
    const constants: HeaderConstant[] = [];
    for (const name of [...this.macros.names()].sort()) {
      const candidates: HeaderConstant[] = [];
      for (const { def, file } of this.macros.activeDefinitions(name)) {
        if (def.params || !INTEGER_EXPRESSION.test(def.body)) continue;
        let evaluated = byBody.get(def.body);
        if (!evaluated) {
          const value = values.evaluateText(def.body);
          evaluated = { ...(value ? { value } : {}), ...(value ? values.statusForm(def.body) : { space: 'plain' as const, form: 'value' as const }) };
          byBody.set(def.body, evaluated);
        }
        if (!evaluated.value) continue;
        const constant: HeaderConstant = { name, value: toHeaderInt(evaluated.value.v), space: evaluated.space, form: evaluated.form, text: def.body, source: this.source(file, def.line) };
        const u32 = toU32(evaluated.value.v);
        if (u32 !== undefined) constant.u32 = u32;
        candidates.push(constant);
      }
      if (candidates.length) {
        const chosen = this.chooseConstant(name, candidates);
        constants.push({ ...chosen, text: joinTokens(lexTokens(chosen.text)) });
      }
    }
    return constants;
  }

  /**
   * The rule for a constant several headers define: a definition written in the status form of
   * its space (`_HRESULT_TYPEDEF_(…)`, a cast to NTSTATUS/HRESULT) beats a plain number; then
   * one whose value agrees with the severity its name announces (`…_E_…` has bit 31 set); then
   * the value most headers give; then the first header in path order. So winerror.h's
   * `SEC_E_INVALID_HANDLE _HRESULT_TYPEDEF_(0x80090301)` beats a legacy header's `0x1301`.
   */
  private chooseConstant(name: string, candidates: HeaderConstant[]): HeaderConstant {
    if (candidates.length === 1) return candidates[0]!;
    const counts = new Map<string, number>();
    const valueKey = (c: HeaderConstant): string => (c.u32 !== undefined ? `u${c.u32}` : String(c.value));
    for (const c of candidates) counts.set(valueKey(c), (counts.get(valueKey(c)) ?? 0) + 1);
    const rank = (c: HeaderConstant): number[] => [c.form === 'value' ? 1 : 0, consistentWithName(name, c.u32) ? 0 : 1, -counts.get(valueKey(c))!];
    const decidingStep = (a: HeaderConstant, b: HeaderConstant): number => {
      const ra = rank(a);
      const rb = rank(b);
      return ra.findIndex((x, i) => x !== rb[i]);
    };
    let winner = candidates[0]!;
    for (const c of candidates.slice(1)) {
      const step = decidingStep(c, winner);
      if (step >= 0 && rank(c)[step]! < rank(winner)[step]!) winner = c;
    }
    const same = (a: HeaderConstant, b: HeaderConstant): boolean => (a.u32 !== undefined && b.u32 !== undefined ? a.u32 === b.u32 : String(a.value) === String(b.value));
    const hex = (c: HeaderConstant): string => (c.u32 !== undefined ? `0x${c.u32.toString(16).toUpperCase().padStart(8, '0')}` : String(c.value));
    const reasons = ['it is written in its status form', 'its value agrees with the severity its name announces', 'more headers give that value'];
    const reported = new Set<string>();
    for (const c of candidates) {
      if (same(c, winner) || reported.has(`${c.source.file}:${c.value}`)) continue;
      reported.add(`${c.source.file}:${c.value}`);
      const reason = reasons[decidingStep(winner, c)] ?? 'its header comes first';
      this.diagnostics.push(diagnostic('DG8010', c.source.file, c.source.line, `\`${name}\` is ${hex(c)} here but ${hex(winner)} in ${winner.source.file}:${winner.source.line}, which was chosen because ${reason}.`));
    }
    return winner;
  }
}

const WORDS = /^[A-Za-z_]\w*( [A-Za-z_]\w*)*$/;
/** Characters an integer constant expression can be written with (casts and macro calls included): no strings, braces or statements. */
const INTEGER_EXPRESSION = /^[\w\s()+\-*\/%<>&|^~!?:,']+$/;

/** A raw fact without its position: two headers that spell a declaration alike need no conversion to compare. */
function rawText(raw: object): string {
  return JSON.stringify(raw, (key, value: unknown) => (key === 'line' || key === 'region' ? undefined : value));
}

const byName = (a: { name: string; source: { file: string; line: number } }, b: { name: string; source: { file: string; line: number } }): number =>
  compareStrings(a.name, b.name) || compareStrings(a.source.file, b.source.file) || a.source.line - b.source.line;

/** Enumeration constants, evaluated an enumeration at a time, on demand (one may use another's). */
class EnumValues {
  private readonly where = new Map<string, HeaderEnum>();
  private readonly values = new Map<string, IntValue | undefined>();
  private readonly filling = new Set<HeaderEnum>();
  private readonly filled = new Set<HeaderEnum>();

  constructor(
    enums: readonly HeaderEnum[],
    private readonly evaluator: () => ValueEvaluator,
  ) {
    for (const e of enums) for (const c of e.constants) if (!this.where.has(c.name)) this.where.set(c.name, e);
  }

  get(name: string): IntValue | undefined {
    const e = this.where.get(name);
    if (!e) return undefined;
    this.fill(e);
    return this.values.get(name);
  }

  /** Implicit values count up from the previous constant (from 0 for the first). */
  fill(e: HeaderEnum): void {
    if (this.filled.has(e) || this.filling.has(e)) return;
    this.filling.add(e);
    const local = new Map<string, IntValue>();
    let previous: IntValue | undefined = int(-1n, 32);
    for (const c of e.constants) {
      let value: IntValue | undefined;
      if (c.expr !== undefined) value = this.evaluator().evaluateText(c.expr, (n) => local.get(n));
      else if (previous) value = int(previous.v + 1n, previous.bits, previous.unsigned);
      if (value) {
        local.set(c.name, value);
        c.value = toHeaderInt(value.v);
      }
      if (this.where.get(c.name) === e) this.values.set(c.name, value);
      previous = value;
    }
    this.filling.delete(e);
    this.filled.add(e);
  }
}
