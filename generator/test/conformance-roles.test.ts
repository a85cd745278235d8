/**
 * The asynchronous roles (conformance/async-roles.ts): one classification, read from signatures and
 * condition facts, that both the conformance derivation and the Promise wrapper's flow use.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyAsyncRoles } from '../src/conformance/async-roles.js';
import { summarizeSpec, type ApiSummary } from '../src/build/summary.js';
import { planPackage } from '../src/emit/plan.js';
import { specFromDocs } from '../src/pipeline.js';
import { DOCS } from './helpers.js';

test('docs/: every asynchronous SSPI API has its role, the other APIs none', async () => {
  const { spec } = await specFromDocs(DOCS);
  const summary = summarizeSpec(spec);
  const roles = classifyAsyncRoles(summary.apis);
  const byName = Object.fromEntries(summary.apis.map((a) => [a.name, roles.roleOf(a).role]));
  assert.deepEqual(byName, {
    DeleteSecurityContext: 'none',
    LSA_DELETE_LOGON_SESSION: 'none',
    SspiAsyncNotifyCallback: 'none',
    SspiCreateAsyncContext: 'creator',
    SspiDeleteSecurityContextAsync: 'async-call',
    SspiFreeAsyncContext: 'freer',
    SspiGetAsyncCallStatus: 'poller',
    SspiSetAsyncNotifyCallback: 'registrar',
  });
  const register = summary.apis.find((a) => a.name === 'SspiSetAsyncNotifyCallback')!;
  assert.deepEqual(roles.roleOf(register), { role: 'registrar', contextType: 'SspiAsyncContext *', contextIndex: 0, callbackIndex: 1, callbackType: 'SspiAsyncNotifyCallback' });
  assert.deepEqual(roles.families.map((f) => f.contextType), ['SspiAsyncContext *']);

  // The Promise wrapper's flow is made of the same roles.
  const [flow, ...more] = planPackage(summary).asyncFlows;
  assert.equal(more.length, 0);
  const family = roles.family(flow!.contextKey)!;
  assert.deepEqual(
    [flow!.create, flow!.register, flow!.status, flow!.free, ...flow!.starts].map((a) => a.api.name),
    [family.creators[0]!, family.registrars[0]!, family.pollers[0]!, family.freers[0]!, ...family.calls].map((a) => a.name),
  );
});

/** A function summary with the given parameters (`type`, optional) and codes (name, sentence). */
function fn(name: string, over: { returns?: string; status?: boolean; params?: Array<[string, boolean?]>; codes?: Array<[string, string]>; deleter?: boolean; kind?: ApiSummary['kind'] }): ApiSummary {
  return {
    key: name,
    name,
    kind: over.kind ?? 'function',
    hasDescription: true,
    returnType: over.returns ?? (over.status ? 'NTSTATUS' : 'void'),
    ...(over.status ? { statusFamily: 'NTSTATUS' as const } : {}),
    parameters: (over.params ?? []).map(([type, optional], i) => ({ name: `p${i}`, optional: optional ?? false, type, typeResolution: 'prototype', source: { file: 'x.md', line: 1 } })) as ApiSummary['parameters'],
    fields: [],
    requirements: { kernelModeOnly: false },
    variants: [],
    groups: [],
    sources: [{ file: `${name}.md`, line: 1 }],
    conformance: { codes: (over.codes ?? []).map(([n, sentence]) => ({ name: n, sentence, source: 'x.md:1' })), deleter: over.deleter ?? false, apiRules: [], parameterRules: [] },
  } as ApiSummary;
}

test('roles come from signatures and condition facts, not names', () => {
  const pending: [string, string] = ['STATUS_PENDING', 'The operation is still in progress.'];
  const apis = [
    fn('Poll', { status: true, params: [['JOB *']], codes: [pending] }),
    fn('PollAgain', { status: true, params: [['JOB *']], codes: [pending] }),
    fn('Make', { returns: 'JOB *', params: [['ULONG', true]] }),
    fn('Drop', { status: true, params: [['JOB *']], deleter: true }),
    fn('Watch', { status: true, params: [['JOB *'], ['JOB_DONE'], ['PVOID', true]] }),
    fn('JOB_DONE', { kind: 'callback', params: [['JOB *'], ['PVOID', true]] }),
    fn('Start', { status: true, params: [['HANDLE'], ['JOB *']] }),
    fn('Describe', { status: true, params: [['JOB *']] }),
    // A parameter whose type the docs do not give never makes a context type.
    fn('Guess', { status: true, params: [['unknown']], codes: [pending] }),
    fn('Other', { status: true, params: [['unknown'], ['ULONG']] }),
  ];
  const roles = classifyAsyncRoles(apis);
  const role = (name: string) => roles.roleOf(apis.find((a) => a.name === name)!);
  assert.deepEqual(
    apis.map((a) => [a.name, role(a.name).role]),
    [
      ['Poll', 'poller'],
      ['PollAgain', 'poller'],
      ['Make', 'creator'],
      ['Drop', 'freer'],
      ['Watch', 'registrar'],
      ['JOB_DONE', 'none'],
      ['Start', 'async-call'],
      ['Describe', 'async-call'],
      ['Guess', 'none'],
      ['Other', 'none'],
    ],
  );
  assert.equal(role('Start').contextIndex, 1);
  assert.deepEqual(roles.families.map((f) => f.contextType), ['JOB *']);
  assert.equal(roles.isContextType('unknown'), false);
  const family = roles.family('JOB *')!;
  assert.deepEqual(family.pollers.map((a) => a.name), ['Poll', 'PollAgain']);
  assert.deepEqual(family.calls.map((a) => a.name), ['Describe', 'Start']);
});
