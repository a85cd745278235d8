/**
 * Cases from promises that are not a return code: the API- and parameter-level rules of the
 * pattern table (`conditions/rules.ts`), read from the docs into each API's conformance facts.
 *
 * - `use-after-delete` (a deleter's remarks): every function that takes the same kind of handle
 *   rejects it once the deleter deleted it (`useAfterDeleteCases`);
 * - `callback-fires` (a callback type's description): registered for an asynchronous call, the
 *   callback is called when the call completes (`callbackFiresCase`);
 * - `null-accepted` (a parameter's description): a call with NULL there succeeds (`nullAcceptedCase`).
 */
import type { CaseKind } from '../conditions/rules.js';
import {
  asyncCallsOf,
  blankCase,
  buildCall,
  codesOf,
  markTodo,
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
  for (const rule of api.conformance.apiRules) {
    if (rule.kind === 'use-after-delete') useAfterDeleteCases(ctx, api, rule);
    else if (rule.kind === 'callback-fires') callbackFiresCase(ctx, api, rule);
  }
  for (const rule of api.conformance.parameterRules) {
    if (rule.kind === 'null-accepted') nullAcceptedCase(ctx, api, rule.index, rule);
  }
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

/**
 * `<callback> › callback-fires`: register the callback type `api` with the registrar that takes it,
 * make the first asynchronous call on the registrar's context type, and wait for the callback.
 */
function callbackFiresCase(ctx: DeriveContext, api: Api, rule: Rule): void {
  const id = `${api.name} › callback-fires`;
  const cs = blankCase(id, api.name, 'callback-fires');
  cs.kinds = [rule.kind];
  cs.promises = [{ api: api.name, sentence: rule.sentence, source: rule.source }];
  ctx.cases.set(id, cs);
  const registrar = ctx.apis.find((r) => ctx.roles.roleOf(r).role === 'registrar' && r.parameters.some((p) => p.type === api.name));
  const trigger = registrar && asyncCallsOf(ctx, ctx.roles.roleOf(registrar).contextType)[0];
  if (!registrar || !trigger) {
    cs.todo = 'no documented function registers this callback for an asynchronous call';
    return;
  }
  const reg = buildCall(ctx, registrar, -1);
  const si = subjectIndex(ctx, trigger);
  const call = buildCall(ctx, trigger, si);
  if (typeof reg === 'string' || typeof call === 'string') {
    cs.todo = typeof reg === 'string' ? reg : (call as string);
    return;
  }
  cs.register = reg;
  cs.registerExpect = codesOf(ctx, registrar, 'success').map((c) => c.code);
  cs.call = call;
  cs.expect = call.context?.queued ?? [];
  if (si >= 0) {
    const unknown = validSubject(ctx, cs, trigger, si);
    if (unknown) markTodo(cs, unknown);
  }
  if (cs.registerExpect.length === 0) markTodo(cs, `${registrar.name} documents no success code`);
  needValues(ctx, cs, [...cs.registerExpect, ...cs.expect]);
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
