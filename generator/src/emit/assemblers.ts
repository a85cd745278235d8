/**
 * The functions that turn a stored context and entries into a view (`PlannedFile.assembler`), by
 * name: a file's context can be stored and assembled again by a later run without the plan.
 */
import type { EntryResolver } from '../build/summary.js';
import { assembleBindings, type BindingsContext } from './bindings.js';

const ASSEMBLERS = {
  bindings: (context: BindingsContext, entries: EntryResolver): object => assembleBindings(context, entries),
} as const;

export type AssemblerName = keyof typeof ASSEMBLERS;

/** Assembles a view; `context` is the plain data `PlannedFile.context()` returned (possibly read back from JSON). */
export function assemble(name: AssemblerName, context: object, entries: EntryResolver): object {
  return (ASSEMBLERS[name] as (context: object, entries: EntryResolver) => object)(context, entries);
}
