/**
 * The globals of a build from the inner stages of `key-facts.ts`, reusing what the previous build
 * computed of them. A page's facts are a function of its footprint; a key's stage is a function of
 * the footprints of its pages and of the headers. So after an edit:
 *
 * - when every stage the changed pages reach gives what it gave before, the previous globals hold
 *   as they are (`globalsThatHold`: a parameter renamed, a prototype reformatted);
 * - otherwise the cross-page part is computed again, from the stored facts of the pages and stages
 *   of the keys no changed page reaches, and the others computed again (`updatedStages`: a page
 *   renamed, a return code added); with nothing stored, from every footprint (`allStages`).
 */
import { compareStrings, type Diagnostic } from '../diagnostics.js';
import type { HeaderLookup } from '../headers/lookup.js';
import type { Footprint } from './footprint.js';
import { keyStage, keyStageFrom, pageFacts, pagesByKey, type KeyStage, type PageFacts } from './key-facts.js';
import { crossPageGlobals, type KeyContext, type SpecGlobals } from './spec.js';
import type { HeaderSource, PageRecord, PreviousSpec } from './incremental.js';
import { stateHash } from '../hash.js';

/** The outputs of the inner stages of a build's globals, for the next build to reuse. */
export interface GlobalStages {
  /** Each page's facts, by file. */
  pages: Map<string, PageFacts>;
  /** Each key's stage, by key. */
  keys: Map<string, KeyStage>;
  /** For every key: what its stage is computed from (the headers' key, and its pages' files and footprints' hashes). */
  inputs: Map<string, string>;
  /** False when `pages` and `keys` hold only the stages that changed pages reach: the others are as the previous build stored them. */
  complete: boolean;
}

/** The globals and their diagnostics (the stages' own and the cross-page part's) from the stages' outputs. */
export function globalsOf(stages: GlobalStages, headers: HeaderLookup | undefined): { globals: SpecGlobals; diagnostics: Diagnostic[] } {
  const pages = [...stages.pages.keys()].sort(compareStrings).map((file) => stages.pages.get(file)!);
  const keys = [...stages.keys.keys()].sort(compareStrings).map((key) => stages.keys.get(key)!);
  const cross = crossPageGlobals(pages, keys.map((s) => s.facts), headers);
  return { globals: cross.globals, diagnostics: [...keys.flatMap((s) => s.diagnostics), ...cross.diagnostics] };
}

/** Every stage, computed from the footprints of all pages. */
export function allStages(pages: readonly PageRecord[], footprints: ReadonlyMap<string, Footprint>, headers: HeaderSource | undefined): GlobalStages {
  const facts = new Map(pages.map((p) => [p.file, pageFacts(footprints.get(p.file)!)] as const));
  return withKeyStages(pages, facts, () => true, (file) => footprints.get(file)!, undefined, headers);
}

/**
 * The stages of `pages`: the previous build's where no changed page reaches them, the others
 * computed (`footprintOf` gives any page's footprint). Undefined when the headers changed, or the
 * previous build stored no stages or not all of those needed.
 */
export function updatedStages(pages: readonly PageRecord[], previous: PreviousSpec, footprintOf: (file: string) => Footprint, headers: HeaderSource | undefined): GlobalStages | undefined {
  if (!sameHeaders(previous, headers)) return undefined;
  const storedFacts = previous.pageFacts();
  const storedStages = storedFacts && previous.keyStages();
  if (!storedFacts || !storedStages) return undefined;
  const facts = new Map<string, PageFacts>();
  // The keys of every page that changed, was added or was removed, before and after.
  const reached = new Set<string>();
  const current = new Set(pages.map((p) => p.file));
  for (const file of previous.pages.keys()) {
    if (current.has(file)) continue;
    const removed = storedFacts.get(file);
    if (!removed) return undefined;
    for (const key of removed.keys) reached.add(key);
  }
  for (const p of pages) {
    const stored = storedFacts.get(p.file);
    // Every page of the previous build has stored facts (its keys are reached when it changes).
    if (!stored && previous.pages.has(p.file)) return undefined;
    if (previous.pages.get(p.file)?.footprint === p.footprint) {
      facts.set(p.file, stored!);
      continue;
    }
    const now = pageFacts(footprintOf(p.file));
    facts.set(p.file, now);
    for (const key of [...(stored?.keys ?? []), ...now.keys]) reached.add(key);
  }
  const stages = withKeyStages(pages, facts, (key) => reached.has(key), footprintOf, storedStages, headers);
  return stages.keys.size === stages.inputs.size ? stages : undefined;
}

/**
 * `facts` with the stage of every key they name: computed for the keys `compute` selects, else the
 * one `stored` holds (none is left out when it holds none: the caller checks).
 */
function withKeyStages(
  pages: readonly PageRecord[],
  facts: Map<string, PageFacts>,
  compute: (key: string) => boolean,
  footprintOf: (file: string) => Footprint,
  stored: ReadonlyMap<string, KeyStage> | undefined,
  headers: HeaderSource | undefined,
): GlobalStages {
  // `pages` is in path order, and so are the files of each key.
  const filesOf = new Map<string, string[]>();
  for (const { file } of pages) {
    for (const key of new Set(facts.get(file)!.keys)) {
      const files = filesOf.get(key);
      if (files) files.push(file);
      else filesOf.set(key, [file]);
    }
  }
  const lookup = headers?.lookup();
  const keys = new Map<string, KeyStage>();
  for (const [key, files] of filesOf) {
    const stage = compute(key) ? keyStageFrom(key, files.map(footprintOf), lookup) : stored?.get(key);
    if (stage) keys.set(key, stage);
  }
  return { pages: facts, keys, inputs: stageInputs(filesOf, pages, headers), complete: true };
}

/** What the stage of each key is computed from, given the files of its pages in path order. */
function stageInputs(filesOf: ReadonlyMap<string, readonly string[]>, pages: readonly PageRecord[], headers: HeaderSource | undefined): Map<string, string> {
  const footprintHash = new Map(pages.map((p) => [p.file, p.footprint] as const));
  const inputs = new Map<string, string>();
  for (const [key, files] of filesOf) inputs.set(key, `${headers?.key ?? ''}\n${files.map((f) => `${f}\t${footprintHash.get(f)}`).join('\n')}`);
  return inputs;
}

/** Whether the previous build had the same headers: its footprints with this build's headers hash to its hash. */
function sameHeaders(previous: PreviousSpec, headers: HeaderSource | undefined): boolean {
  return footprintsHashOf(previous.pages.values(), headers) === previous.footprintsHash;
}

/** The hash of a build's footprints and headers, which the globals are a function of. */
export function footprintsHashOf(pages: Iterable<PageRecord>, headers: HeaderSource | undefined): string {
  let text = '';
  for (const p of pages) text += `${p.file}\t${p.footprint}\n`;
  return stateHash(text + (headers ? `headers\t${headers.key}\n` : ''));
}

/**
 * The previous globals, when they hold for `pages` although the footprints of some changed: the
 * headers and the set of pages are as before, and every changed page leaves its own facts and the
 * stage output of every key it documents as they were (the cross-page part of the globals reads
 * nothing else). The stages are computed from the previous footprints and the new ones, and
 * compared. Undefined otherwise, or when a previous footprint is not stored. With the globals come
 * the stages the changed pages reach, as they are now.
 */
export function globalsThatHold(
  pages: readonly PageRecord[],
  newFootprints: ReadonlyMap<string, Footprint>,
  previous: PreviousSpec,
  headers: HeaderSource | undefined,
): { globals: SpecGlobals; stages: GlobalStages } | undefined {
  if (pages.length !== previous.pages.size || pages.some((p) => !previous.pages.has(p.file))) return undefined;
  if (!sameHeaders(previous, headers)) return undefined;
  // Each stored footprint read and checked once: a page may be read for the stages before and after.
  const storedOnce = new Map<string, Footprint | undefined>();
  const stored = (file: string): Footprint | undefined => {
    if (!storedOnce.has(file)) storedOnce.set(file, storedFootprint(file, previous));
    return storedOnce.get(file);
  };
  const before = new Map<string, Footprint>();
  const facts = new Map<string, PageFacts>();
  for (const { file } of pages.filter((p) => p.footprint !== previous.pages.get(p.file)!.footprint)) {
    const footprint = stored(file);
    if (!footprint) return undefined;
    const now = pageFacts(newFootprints.get(file)!);
    if (JSON.stringify(pageFacts(footprint)) !== JSON.stringify(now)) return undefined;
    before.set(file, footprint);
    facts.set(file, now);
  }
  // A first look, from the changed pages alone and without the names of parameters: a stage that
  // differs there differs in full (a return code added), and the previous globals need not be read.
  const lookup = headers?.lookup();
  for (const [file, footprint] of before) {
    for (const [key, owned] of pagesByKey([footprint])) {
      const now = pagesByKey([newFootprints.get(file)!]).get(key);
      if (!now || stageText(keyStage(owned, lookup), false) !== stageText(keyStage(now, lookup), false)) return undefined;
    }
  }
  const globals = previous.globals();
  if (!globals) return undefined;
  const filesOf = new Map(globals.keys.map((k) => [k.key, [...k.files, ...(k.replaced ?? [])].sort(compareStrings)] as const));
  const stageOf = (key: string, footprintOf: (file: string) => Footprint | undefined): KeyStage | undefined => {
    const footprints = filesOf.get(key)!.map(footprintOf);
    return footprints.every((f) => f !== undefined) ? keyStageFrom(key, footprints, lookup) : undefined;
  };
  const keys = new Map<string, KeyStage>();
  for (const key of new Set([...facts.values()].flatMap((f) => f.keys))) {
    const context = globals.contexts.get(key);
    if (!context || !filesOf.has(key)) return undefined;
    const then = stageOf(key, (file) => before.get(file) ?? stored(file));
    const now = stageOf(key, (file) => newFootprints.get(file) ?? stored(file));
    const role = inCounterpartRelation(context);
    if (!then || !now || stageText(then, role) !== stageText(now, role)) return undefined;
    keys.set(key, now);
  }
  return { globals, stages: { pages: facts, keys, inputs: stageInputs(filesOf, pages, headers), complete: false } };
}

/** The stored footprint of a page, when it is stored and is the one the previous build's record names. */
export function storedFootprint(file: string, previous: PreviousSpec): Footprint | undefined {
  const footprint = previous.footprintOf(file);
  return footprint && stateHash(JSON.stringify(footprint)) === previous.pages.get(file)?.footprint ? footprint : undefined;
}

/** Whether the globals give an API an asynchronous or synchronous counterpart. */
function inCounterpartRelation(context: KeyContext): boolean {
  return context.synchronousCounterpart !== undefined || context.asynchronousCounterpart !== undefined;
}

/**
 * A key stage's output as the cross-page stage reads it. The names of parameters count only for an
 * API in a counterpart relation (the only one it reads them of); whether it is in one follows from
 * the facts of all APIs, so it stays the same as long as they do.
 */
function stageText(stage: KeyStage, inCounterpartRelation: boolean): string {
  const { counterpartNames, ...rest } = stage.facts;
  return JSON.stringify([rest, stage.diagnostics, inCounterpartRelation ? counterpartNames : null]);
}
