/**
 * The conformance model: the cases derived from the docs (`derive.ts`), the fixtures they need and
 * the coverage per API. Plain data; the generated `src/conformance/cases.ts` declares the same
 * shapes for the package's users.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { ApiSummary } from '../build/summary.js';
import type { CaseKind } from '../conditions/rules.js';

/**
 * A generated case: a rule kind, the three async kinds merged into one call flow, or a todo (the
 * kinds that never run, `TODO_KINDS`; `callback-optional` only adds its promise to the call flow).
 */
export type CaseType =
  | Exclude<
      CaseKind,
      'async-queued' | 'async-pending' | 'async-complete' | 'callback-optional' | 'object-state' | 'untestable' | 'null-return' | 'context-reuse' | 'release-while-pending' | 'not-notified'
    >
  | 'async-pending-then-complete'
  | 'todo';

export type Variant = 'valid' | 'invalid' | 'missing' | 'null';

export type ArgSpec =
  | { from: 'subject' }
  | { from: 'fixture'; fixture: string }
  | { from: 'async-context' }
  | { from: 'callback' }
  /** The registration's data: an opaque token the suite makes per case and expects back in the callback. */
  | { from: 'callback-data' }
  | { from: 'null' };

export interface MethodRef {
  api: string;
  /** The key of the implementation object (the header module, `sspi`). */
  module: string;
  method: string;
}

export interface CallSpec extends MethodRef {
  args: ArgSpec[];
  /** Set when the call takes an async context (async function, registrar, poller). */
  context: AsyncSpec | null;
  /** True for an async function: its outcome is the poller's final status. */
  async: boolean;
  /** True when the API returns a status. */
  returnsStatus: boolean;
}

export interface AsyncSpec {
  /** The fixture key of the async context type (used when no creator is documented). */
  contextFixture: string;
  create: MethodRef | null;
  free: MethodRef | null;
  poll: MethodRef;
  /** Poller codes that mean "still in progress". */
  pending: string[];
  /** Poller codes that mean "completed successfully". */
  complete: string[];
  /** Immediate codes of the async function that mean "queued". */
  queued: string[];
}

export interface Promised {
  /** The API whose documentation makes the promise. */
  api: string;
  /** The code promised; absent for behaviour promises (a callback fires, NULL is accepted). */
  code?: string;
  sentence: string;
  source: string;
}

export interface ConformanceCase {
  id: string;
  /** The API the case is listed under. */
  api: string;
  type: CaseType;
  /** The rule kind(s) that produced it. */
  kinds: CaseKind[];
  title: string;
  promises: Promised[];
  /** Why the case is a todo; null for executable cases. */
  todo: string | null;
  call: CallSpec | null;
  subject: { fixture: string; variant: Variant } | null;
  /** Acceptable outcome codes of `call`. */
  expect: string[];
  /**
   * Made before `call`, expecting `setupExpect`: the deletion of the subject (already-deleted,
   * use-after-delete), or the NULL registration that removes the callback (callback-removed).
   */
  setup: CallSpec | null;
  setupExpect: string[];
  /** Callback cases: the registrar, and the async call that should make it fire. */
  register: CallSpec | null;
  registerExpect: string[];
  /** callback-data, callback-context: the callback's argument at `index` must be the value the suite passed as `from`. */
  callbackArg: { index: number; from: 'async-context' | 'callback-data' } | null;
  /** returns-new-object: frees what the call returned (the creator's freer); null when none is documented. */
  release: MethodRef | null;
}

export interface FixtureSpec {
  key: string;
  /** The C type(s) it stands for. */
  types: string[];
  variants: Variant[];
  /** `param of Api` uses. */
  usedBy: string[];
}

export interface ApiCoverage {
  api: string;
  /** Documented codes (unique names). */
  codes: number;
  /** Codes at least one executable case checks. */
  executable: number;
  /** Codes only todo cases carry. */
  todo: number;
  /** Executable behaviour cases (no code: callback fires, NULL accepted, use after delete). */
  behaviour: number;
  /** Executable cases listed under this API. */
  cases: number;
  /** Todo cases listed under this API. */
  todoCases: number;
  exhaustive: boolean;
}

export interface ConformanceModel {
  cases: ConformanceCase[];
  fixtures: FixtureSpec[];
  coverage: ApiCoverage[];
  /** DG9002 for each API whose cases could not be derived (they are one todo instead). */
  diagnostics: Diagnostic[];
}

export type NameResolver = (api: ApiSummary) => { module: string; method: string } | undefined;
