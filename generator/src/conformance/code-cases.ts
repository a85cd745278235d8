/**
 * Cases from documented return codes: each code's sentence was classified by the pattern table
 * (`conditions/rules.ts`); each kind it promises becomes one case of the API (several codes may
 * share one case, the success case of a function that has two success sentences, say):
 *
 * - `success`, `invalid-handle`, `not-found`, `null-parameter`: one call with a valid, invalid,
 *   missing or NULL subject (`singleCallCase`);
 * - `already-deleted`: delete the subject, then call again (`alreadyDeletedCase`);
 * - `async-queued`, `async-pending`, `async-complete`: one asynchronous call, queued, polled while
 *   pending, completed (`asyncCallCase`);
 * - `untestable`, `object-state`: a todo carrying the sentence.
 */
import type { CaseKind } from '../conditions/rules.js';
import {
  addPromise,
  asyncCallsOf,
  asyncSpecFor,
  buildCall,
  caseFor,
  expectCode,
  fixtureKey,
  isAsyncCall,
  isPoller,
  markTodo,
  needValues,
  outcomeSuccess,
  promiseOf,
  subjectIndex,
  todoCase,
  useFixture,
  validSubject,
  type Api,
  type Classified,
  type DeriveContext,
} from './context.js';
import type { CaseType, ConformanceCase, Variant } from './model.js';

/** Adds the cases every documented code of `api` promises. */
export function deriveCodeCases(ctx: DeriveContext, api: Api): void {
  for (const c of ctx.classified.get(api.name) ?? []) {
    for (const kind of c.kinds) {
      switch (kind) {
        case 'untestable':
          todoCase(ctx, api, c, c.recognised ? 'the condition cannot be produced by a test (resources, internal errors)' : 'no rule of the condition-pattern table recognises this sentence');
          break;
        case 'object-state':
          todoCase(ctx, api, c, 'needs an object in a state the API interface cannot produce; a fixture for that state is not defined yet');
          break;
        case 'success':
        case 'invalid-handle':
        case 'not-found':
        case 'null-parameter':
          singleCallCase(ctx, api, c, kind);
          break;
        case 'already-deleted':
          alreadyDeletedCase(ctx, api, c);
          break;
        case 'async-queued':
        case 'async-pending':
        case 'async-complete':
          asyncCallCase(ctx, api, c, kind);
          break;
        default:
          break;
      }
    }
  }
}

const VARIANT: Record<'success' | 'invalid-handle' | 'not-found' | 'null-parameter', Variant> = {
  success: 'valid',
  'invalid-handle': 'invalid',
  'not-found': 'missing',
  'null-parameter': 'null',
};

/** One call whose subject is valid, invalid, missing or NULL, expecting the documented code. */
function singleCallCase(ctx: DeriveContext, api: Api, c: Classified, kind: keyof typeof VARIANT): void {
  const variant = VARIANT[kind];
  // A poller's error "if the handle passed to the asynchronous function was not valid" is the
  // outcome of the async functions' own invalid-handle cases.
  if (isPoller(ctx, api) && kind !== 'success' && /\basynchronous (function|call)\b/i.test(c.sentence)) {
    const users = asyncCallsOf(ctx, ctx.roles.roleOf(api).contextType);
    if (users.length === 0) todoCase(ctx, api, c, 'no documented asynchronous function uses this context');
    for (const a of users) expectCode(ctx, singleCall(ctx, a, kind, variant), c, kind);
    return;
  }
  const cs = singleCall(ctx, api, kind, variant);
  expectCode(ctx, cs, c, kind);
  if (isPoller(ctx, api)) markTodo(cs, 'a poller call outside an asynchronous call has no documented outcome');
}

/** The case `<api> › <type>`: a call of `api` with its subject in `variant` (created once). */
function singleCall(ctx: DeriveContext, api: Api, type: CaseType, variant: Variant): ConformanceCase {
  const id = `${api.name} › ${type}`;
  const existing = ctx.cases.get(id);
  if (existing) return existing;
  const cs = caseFor(ctx, id, api.name, type);
  const si = subjectIndex(ctx, api);
  const call = si < 0 && variant !== 'valid' ? `${api.name} has no parameter to make ${variant}` : buildCall(ctx, api, si);
  if (typeof call === 'string') {
    cs.todo = call;
    return cs;
  }
  cs.call = call;
  if (si < 0) return cs;
  const p = api.parameters[si]!;
  const isContext = ctx.roles.isContextType(p.type);
  const key = isContext ? asyncSpecFor(ctx, p.type)?.contextFixture : fixtureKey(ctx, p.type);
  if (!key) {
    cs.todo = `parameter ${p.name} of ${api.name} has no known type`;
    return cs;
  }
  cs.subject = { fixture: key, variant };
  // A valid async context comes from the documented creator when there is one.
  if (!(isContext && variant === 'valid' && asyncSpecFor(ctx, p.type)?.create)) useFixture(ctx, key, p.type, variant, `${p.name} of ${api.name}`);
  return cs;
}

/** Delete a valid subject with `api`, then call `api` on it again: the documented code. */
function alreadyDeletedCase(ctx: DeriveContext, api: Api, c: Classified): void {
  const cs = caseFor(ctx, `${api.name} › already-deleted`, api.name, 'already-deleted');
  addPromise(cs, promiseOf(c), 'already-deleted');
  if (!cs.expect.includes(c.code)) cs.expect.push(c.code);
  const si = subjectIndex(ctx, api);
  const call = si < 0 ? `${api.name} has no handle parameter` : buildCall(ctx, api, si);
  if (typeof call === 'string') markTodo(cs, call);
  else {
    const unknown = validSubject(ctx, cs, api, si);
    if (unknown) markTodo(cs, unknown);
    else {
      cs.call = call;
      cs.setup = call;
      cs.setupExpect = outcomeSuccess(ctx, api);
      if (cs.setupExpect.length === 0) markTodo(cs, `${api.name} documents no success code to delete the handle first`);
    }
  }
  needValues(ctx, cs, [...cs.expect, ...cs.setupExpect]);
}

/** A poller's or an async call's code promises the call flow of every async call on its context. */
function asyncCallCase(ctx: DeriveContext, api: Api, c: Classified, kind: CaseKind): void {
  const targets = isAsyncCall(ctx, api) ? [api] : isPoller(ctx, api) ? asyncCallsOf(ctx, ctx.roles.roleOf(api).contextType) : [];
  if (targets.length === 0) {
    todoCase(ctx, api, c, isPoller(ctx, api) ? 'no documented asynchronous function uses this context' : 'no documented way to poll this asynchronous call');
    return;
  }
  for (const a of targets) addPromise(asyncFlowCase(ctx, a), promiseOf(c), kind);
}

/**
 * `<call> › async-pending-then-complete` of the async call `a`: queued (its queued code), polled
 * while pending, completed (the poller's codes). Built from the spec alone, so building it again
 * when another promise joins it changes nothing.
 */
export function asyncFlowCase(ctx: DeriveContext, a: Api): ConformanceCase {
  const cs = caseFor(ctx, `${a.name} › async-pending-then-complete`, a.name, 'async-pending-then-complete');
  const si = subjectIndex(ctx, a);
  const call = buildCall(ctx, a, si);
  if (typeof call === 'string') {
    markTodo(cs, call);
    return cs;
  }
  cs.call = call;
  if (si >= 0) {
    const unknown = validSubject(ctx, cs, a, si);
    if (unknown) markTodo(cs, unknown);
  }
  const flow = call.context!;
  cs.expect = flow.complete;
  if (flow.queued.length === 0) markTodo(cs, `${a.name} documents no code for a queued call`);
  if (flow.complete.length === 0) markTodo(cs, 'the poller documents no completion code');
  needValues(ctx, cs, [...flow.queued, ...flow.pending, ...flow.complete]);
  return cs;
}
