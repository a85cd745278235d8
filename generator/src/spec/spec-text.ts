/**
 * The text of `spec.json`, assembled from parts: `JSON.stringify(spec, null, 2)` plus a final
 * newline, byte for byte, but with each API entry's text made on its own. An incremental run
 * rebuilds the entries of changed APIs only and copies the others from the previous file, so the
 * file is never serialised (nor read into memory) whole.
 */
import { createHash } from 'node:crypto';
import type { Api, Spec } from '../model/spec.js';

/** Indentation of an entry inside the `apis` array of the spec. */
const ENTRY_INDENT = '    ';

/** An entry's text as it stands in `spec.json`: indented for the `apis` array, without the separator. */
export function entryText(api: Api): string {
  return ENTRY_INDENT + JSON.stringify(api, null, 2).replace(/\n/g, `\n${ENTRY_INDENT}`);
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What comes before the first entry, between two entries and after the last one. */
export interface SpecFrame {
  head: string;
  separator: string;
  tail: string;
  /** The text when there are no entries. */
  empty: string;
}

const MARKER = '\u0000docgen-apis\u0000';

/** The frame of a spec: everything but the entries of `apis` (whose value in `rest` is ignored). */
export function specFrame(rest: Omit<Spec, 'apis'>): SpecFrame {
  // Key order as in the spec model (`assembleSpec`): the frame must print exactly as the whole spec does.
  const ordered = {
    schemaVersion: rest.schemaVersion,
    generator: rest.generator,
    inputs: rest.inputs,
    apis: MARKER,
    statusCodes: rest.statusCodes,
    types: rest.types,
    groups: rest.groups,
    flows: rest.flows,
    diagnostics: rest.diagnostics,
  };
  const text = `${JSON.stringify(ordered, null, 2)}\n`;
  const quoted = JSON.stringify(MARKER);
  const at = text.indexOf(quoted);
  if (at < 0 || text.indexOf(quoted, at + 1) >= 0) throw new Error('internal error: the spec frame has no single apis marker');
  const before = text.slice(0, at);
  const after = text.slice(at + quoted.length);
  return { head: `${before}[\n`, separator: ',\n', tail: `\n  ]${after}`, empty: `${before}[]${after}` };
}

/** The whole `spec.json` text from its frame and entry texts. */
export function specText(frame: SpecFrame, entries: readonly string[]): string {
  return entries.length === 0 ? frame.empty : frame.head + entries.join(frame.separator) + frame.tail;
}
