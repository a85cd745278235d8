/**
 * The text of `spec.json`, assembled from parts: byte for byte `JSON.stringify(spec, null, 2)` plus
 * a final newline, but made of pieces that an incremental run can each take from the previous
 * file by byte range: every input row, every API entry, the block of status codes, types, groups
 * and flows, and the block of diagnostics. A page edit then rebuilds one input row and the entries
 * of that page's APIs; the file is never serialised (nor read into memory) whole.
 */
import type { Api, Spec } from '../model/spec.js';

/** A byte range of a file. */
export interface Range {
  offset: number;
  length: number;
}

/** A piece of the new file: a text, or a range of the previous one. */
export type Piece = string | Range;

/**
 * A file made of text pieces and byte ranges of the file `from` (the previous output's version of
 * it; absent when every piece is text). The writer streams it: it is never one string in memory.
 */
export interface SplicedFile {
  spliced: true;
  from?: string;
  pieces: ReadonlyArray<string | { offset: number; length: number }>;
}


const indented = (text: string, indent: string): string => text.replace(/\n/g, `\n${indent}`);

/** An entry's text as it stands in `spec.json`: indented for the `apis` array, without the separator. */
export function entryText(api: Api): string {
  return `    ${indented(JSON.stringify(api, null, 2), '    ')}`;
}

/** An input row's text as it stands in the `inputs` array. */
export function inputText(input: Spec['inputs'][number]): string {
  return `    ${indented(JSON.stringify({ file: input.file, format: input.format, sha256: input.sha256 }, null, 2), '    ')}`;
}

/** The block of status codes, types, groups and flows (each a top-level member, with its separator). */
export function globalsText(spec: Pick<Spec, 'headers' | 'statusCodes' | 'types' | 'groups' | 'flows'>): string {
  return (['headers', 'statusCodes', 'types', 'groups', 'flows'] as const)
    .filter((k) => spec[k] !== undefined)
    .map((k) => `  "${k}": ${indented(JSON.stringify(spec[k], null, 2), '  ')},\n`)
    .join('');
}

/** The block of diagnostics, the last member. */
export function diagnosticsText(diagnostics: Spec['diagnostics']): string {
  return `  "diagnostics": ${indented(JSON.stringify(diagnostics, null, 2), '  ')}\n`;
}

/** The diagnostics of a `diagnosticsText` (read back from a `spec.json`); undefined when the text is not one. */
export function diagnosticsFromText(text: string): Spec['diagnostics'] | undefined {
  try {
    const block = JSON.parse(`{${text}}`) as { diagnostics?: unknown };
    return Array.isArray(block.diagnostics) ? (block.diagnostics as Spec['diagnostics']) : undefined;
  } catch {
    return undefined;
  }
}

/** The parts of a spec text; each item or block is a text, or its range in the previous file. */
export interface SpecParts {
  docgenVersion: string;
  inputs: readonly Piece[];
  entries: readonly Piece[];
  globals: Piece;
  diagnostics: Piece;
}

export interface SpecLayout {
  /** In file order; ranges that follow each other in the previous file are merged (see `coalesce`). */
  pieces: Piece[];
  /** Where each input row, entry and block is in the new file. */
  places: { inputs: Range[]; entries: Range[]; globals: Range; diagnostics: Range };
}

const SEPARATOR = ',\n';

/**
 * The pieces of a spec text in file order, with the place of every part in the new file. With
 * `placesOnly`, the pieces are not collected (a build state computes where the parts of the file it
 * describes are from their lengths).
 */
export function specLayout(parts: SpecParts, placesOnly = false): SpecLayout {
  const pieces: Piece[] = [];
  // Which pieces are the layout's own text (brackets, separators, member names), as opposed to a
  // part: only those may be assumed to stand in the previous file between two of its parts.
  const glue: boolean[] = [];
  let at = 0;
  const add = (piece: Piece, isGlue = false): Range => {
    const length = typeof piece !== 'string' ? piece.length : piece === SEPARATOR ? 2 : Buffer.byteLength(piece);
    if (!placesOnly) {
      pieces.push(piece);
      glue.push(isGlue);
    }
    const place = { offset: at, length };
    at += length;
    return place;
  };
  const array = (items: readonly Piece[]): Range[] => {
    if (items.length === 0) {
      add('[]', true);
      return [];
    }
    add('[\n', true);
    const places = items.map((item, i) => {
      if (i > 0) add(SEPARATOR, true);
      return add(item);
    });
    add('\n  ]', true);
    return places;
  };
  add(`{\n  "schemaVersion": 1,\n  "generator": ${indented(JSON.stringify({ name: 'docgen', version: parts.docgenVersion }, null, 2), '  ')},\n  "inputs": `, true);
  const inputs = array(parts.inputs);
  add(',\n  "apis": ', true);
  const entries = array(parts.entries);
  add(',\n', true);
  const globals = add(parts.globals);
  const diagnostics = add(parts.diagnostics);
  add('}\n', true);
  return { pieces: placesOnly ? [] : coalesce(pieces, glue), places: { inputs, entries, globals, diagnostics } };
}

/**
 * Merges a range, the layout text after it and the next range when the next range starts right
 * after that text in the previous file: the previous file was laid out by this same function, so
 * only the same layout text can be there (a part's text could be another of the same length). An
 * incremental spec.json is then a few long copies, not one per entry.
 */
function coalesce(pieces: readonly Piece[], glue: readonly boolean[]): Piece[] {
  const out: Piece[] = [];
  // The last range in `out`, and the byte length of the layout text pushed after it (undefined
  // once a part's text follows it: nothing merges across that).
  let lastRange = -1;
  let gap: number | undefined = 0;
  pieces.forEach((piece, i) => {
    if (typeof piece === 'string') {
      out.push(piece);
      if (gap !== undefined) gap = glue[i] ? gap + (piece === SEPARATOR ? 2 : Buffer.byteLength(piece)) : undefined;
      return;
    }
    const last = lastRange >= 0 ? (out[lastRange] as Range) : undefined;
    if (last && gap !== undefined && last.offset + last.length + gap === piece.offset) {
      out.splice(lastRange, out.length - lastRange, { offset: last.offset, length: last.length + gap + piece.length });
    } else {
      out.push(piece);
      lastRange = out.length - 1;
    }
    gap = 0;
  });
  return out;
}

/** A whole spec's text (every part a text). */
export function specText(spec: Spec): string {
  const { pieces } = specLayout({
    docgenVersion: spec.generator.version,
    inputs: spec.inputs.map(inputText),
    entries: spec.apis.map(entryText),
    globals: globalsText(spec),
    diagnostics: diagnosticsText(spec.diagnostics),
  });
  return (pieces as string[]).join('');
}
