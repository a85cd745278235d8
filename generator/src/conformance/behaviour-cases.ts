/**
 * Cases from promises that are not a return code: the API- and parameter-level rules of the
 * pattern table (`conditions/rules.ts`), read from the docs into each API's conformance facts.
 *
 * - `use-after-delete` (a deleter's remarks): every function that takes the same kind of handle
 *   rejects it once the deleter deleted it (`useAfterDeleteCases`);
 * - `callback-*` (callback types, registrars and async calls): see `callback-cases.ts`;
 *   `callback-optional` (an async call "without setting a callback") joins the async call's flow;
 * - `null-accepted` (a parameter's description): a call with NULL there succeeds (`nullAcceptedCase`);
 * - `returns-new-object` (a return value "a pointer to the new …"): the call returns a value, not
 *   NULL, which the creator's freer then frees (`returnsNewObjectCase`);
 * - `null-return`, `context-reuse`, `release-while-pending`, `not-notified`: a todo with the
 *   sentence (`behaviourTodo`), since no test can produce or observe what they state.
 */
import { classifyCode, type CaseKind } from '../conditions/rules.js';
import { callbackCase, type CallbackCaseType } from './callback-cases.js';
import { asyncFlowCase } from './code-cases.js';
import {
  addPromise,
  blankCase,
  buildCall,
  codesOf,
  isAsyncCall,
  markTodo,
  methodRef,
  needValues,
  outcomeSuccess,
  promiseOf,
  subjectIndex,
  validSubject,
  type Api,
  type DeriveContext,
} from './context.js';
import type { Promised } from './model.js';

/** An API- or parameter-level promise: the kind, its sentence and where it is. */
export interface Rule {
  kind: CaseKind;
  sentence: string;
  source: string;
}

/** Adds the cases of `api`'s API-level and parameter-level rules. */
export function deriveBehaviourCases(ctx: DeriveContext, api: Api): void {
  for (const rule of api.conformance.apiRules) apiRuleCase(ctx, api, rule);
  for (const rule of api.conformance.parameterRules) parameterRuleCase(ctx, api, rule.index, rule);
}

const promiseOfRule = (api: Api, rule: Rule): Promised => ({ api: api.name, sentence: rule.sentence, source: rule.source });

function apiRuleCase(ctx: DeriveContext, api: Api, rule: Rule): void {
  const role = ctx.roles.roleOf(api);
  switch (rule.kind) {
    case 'use-after-delete':
      return useAfterDeleteCases(ctx, api, rule);
    case 'callback-fires':
    case 'callback-once': {
      // A callback type's own page, or a registrar's "registers a callback that is called …".
      const callbackType = api.kind === 'callback' ? api.name : role.role === 'registrar' ? role.callbackType : undefined;
      if (callbackType) callbackCase(ctx, callbackType, rule.kind, promiseOfRule(api, rule));
      else behaviourTodo(ctx, api, rule, 'the docs give no registrar and asynchronous call this callback could be registered for');
      return;
    }
    case 'callback-removed': {
      const registrar = role.role === 'registrar' ? api : role.contextType ? ctx.roles.family(role.contextType)?.registrars[0] : undefined;
      const callbackType = registrar && ctx.roles.roleOf(registrar).callbackType;
      if (callbackType) callbackCase(ctx, callbackType, 'callback-removed', promiseOfRule(api, rule));
      else behaviourTodo(ctx, api, rule, 'no documented registrar of a callback for this API');
      return;
    }
    case 'callback-optional':
      if (isAsyncCall(ctx, api)) addPromise(asyncFlowCase(ctx, api), promiseOfRule(api, rule), rule.kind);
      else behaviourTodo(ctx, api, rule, 'no documented asynchronous call of this API to make without a callback');
      return;
    case 'returns-new-object':
      return returnsNewObjectCase(ctx, api, rule);
    case 'null-return':
      return behaviourTodo(ctx, api, rule, nullReturnReason(rule.sentence));
    case 'context-reuse':
      return behaviourTodo(ctx, api, rule, reuseReason(ctx, rule.sentence));
    case 'release-while-pending':
      return behaviourTodo(ctx, api, rule, 'the docs state no outcome of a call whose context is freed while it runs, so there is nothing to check');
    case 'not-notified':
      return behaviourTodo(ctx, api, rule, 'the docs name no way to observe that notification');
    default:
      return;
  }
}

function parameterRuleCase(ctx: DeriveContext, api: Api, index: number, rule: Rule): void {
  const role = ctx.roles.roleOf(api);
  const param = api.parameters[index]!.name;
  switch (rule.kind) {
    case 'null-accepted':
      return nullAcceptedCase(ctx, api, index, rule);
    case 'callback-data':
    case 'callback-context':
    case 'callback-removed': {
      // The callback's side names its own type; the registrar's side the type of its callback parameter.
      const callbackType = api.kind === 'callback' ? api.name : role.role === 'registrar' ? role.callbackType : undefined;
      const fits = rule.kind !== 'callback-removed' || (role.role === 'registrar' && index === role.callbackIndex);
      if (callbackType && fits) callbackCase(ctx, callbackType, rule.kind as CallbackCaseType, promiseOfRule(api, rule));
      else behaviourTodo(ctx, api, rule, `${param} of ${api.name} is not part of a documented callback registration`, param);
      return;
    }
    default:
      return;
  }
}

/** A todo carrying a behaviour sentence that no test can check (or not yet). */
function behaviourTodo(ctx: DeriveContext, api: Api, rule: Rule, reason: string, param?: string): void {
  const id = `${api.name} › ${rule.kind}${param ? ` › ${param}` : ''} (todo)`;
  const cs = ctx.cases.get(id) ?? blankCase(id, api.name, 'todo', rule.sentence);
  addPromise(cs, promiseOfRule(api, rule), rule.kind);
  markTodo(cs, reason);
  ctx.cases.set(id, cs);
}

function nullReturnReason(sentence: string): string {
  const { kinds, recognised } = classifyCode({ sentence, name: 'NULL', severity: 'error' });
  return recognised && kinds.includes('untestable') ? 'the condition cannot be produced by a test (resources, internal errors)' : 'a NULL return is not checked for this condition yet';
}

function reuseReason(ctx: DeriveContext, sentence: string): string {
  const named = /\breused (?:with|by calling|after calling|through) (?:the )?([A-Za-z_]\w*)/.exec(sentence)?.[1];
  if (named && !ctx.apis.some((a) => a.name === named)) return `${named} has no page in the docs, so the suite cannot reuse a context`;
  return 'a reuse flow (complete a call, reuse what it used, call again) is not derived yet';
}

/**
 * `<api> › returns-new-object`: the call (its optional parameters NULL) returns something, not
 * NULL; a creator's result is then freed by the freer of its context type.
 */
function returnsNewObjectCase(ctx: DeriveContext, api: Api, rule: Rule): void {
  const id = `${api.name} › returns-new-object`;
  const cs = blankCase(id, api.name, 'returns-new-object');
  cs.kinds = [rule.kind];
  cs.promises = [promiseOfRule(api, rule)];
  ctx.cases.set(id, cs);
  if (api.statusFamily) return markTodo(cs, `${api.name} returns a status, not the object`);
  const call = buildCall(ctx, api, -1);
  if (typeof call === 'string') return markTodo(cs, call);
  cs.call = call;
  const role = ctx.roles.roleOf(api);
  const freer = role.role === 'creator' ? ctx.roles.family(role.contextType!)?.freers[0] : undefined;
  cs.release = freer ? methodRef(ctx, freer) : null;
}

/**
 * `<deleter> › use-after-delete › <consumer>`: delete a valid handle with `api`, then pass it to each
 * status-returning function that takes the same type; expect its already-deleted code, or its
 * invalid-handle code. (The deleter itself is skipped when its already-deleted case covers it.)
 */
function useAfterDeleteCases(ctx: DeriveContext, api: Api, rule: Rule): void {
  const si = subjectIndex(ctx, api);
  if (si < 0) return;
  const subjectType = api.parameters[si]!.type;
  const promise: Promised = { api: api.name, sentence: rule.sentence, source: rule.source };
  const consumers = ctx.apis.filter((c) => {
    const ci = subjectIndex(ctx, c);
    return c.statusFamily && ci >= 0 && c.parameters[ci]!.type === subjectType;
  });
  for (const consumer of consumers) {
    const already = codesOf(ctx, consumer, 'already-deleted');
    if (consumer === api && already.length > 0) continue;
    const expectCodes = already.length > 0 ? already : codesOf(ctx, consumer, 'invalid-handle');
    if (expectCodes.length === 0) continue;
    const id = `${api.name} › use-after-delete › ${consumer.name}`;
    const cs = blankCase(id, api.name, 'use-after-delete');
    cs.kinds = [rule.kind];
    cs.promises = [promise, ...expectCodes.map(promiseOf)];
    cs.expect = expectCodes.map((c) => c.code);
    const setup = buildCall(ctx, api, si);
    const call = buildCall(ctx, consumer, subjectIndex(ctx, consumer));
    if (typeof setup === 'string') cs.todo = setup;
    else if (typeof call === 'string') cs.todo = call;
    else {
      cs.setup = setup;
      cs.call = call;
      cs.setupExpect = outcomeSuccess(ctx, api);
      const unknown = validSubject(ctx, cs, api, si);
      if (unknown) markTodo(cs, unknown);
      if (cs.setupExpect.length === 0) markTodo(cs, `${api.name} documents no success code`);
    }
    needValues(ctx, cs, [...cs.expect, ...cs.setupExpect]);
    ctx.cases.set(id, cs);
  }
}

/** `<api> › null-accepted › <parameter>`: a call with NULL for that parameter succeeds. */
function nullAcceptedCase(ctx: DeriveContext, api: Api, index: number, rule: Rule): void {
  const id = `${api.name} › null-accepted › ${api.parameters[index]!.name}`;
  const cs = blankCase(id, api.name, 'null-accepted');
  cs.kinds = [rule.kind];
  cs.promises = [{ api: api.name, sentence: rule.sentence, source: rule.source }];
  const call = buildCall(ctx, api, index);
  if (typeof call === 'string') cs.todo = call;
  else {
    cs.call = call;
    cs.subject = { fixture: '', variant: 'null' };
    cs.expect = outcomeSuccess(ctx, api);
    needValues(ctx, cs, cs.expect);
  }
  ctx.cases.set(id, cs);
}
