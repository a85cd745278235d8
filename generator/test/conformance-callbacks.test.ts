/**
 * The callback rules are general: a small job API of our own, documented in other words than the
 * SSPI pages (and with only one side of the data hand-over documented), gets the same kinds of cases.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { summarizeSpec } from '../src/build/summary.js';
import { deriveConformance } from '../src/conformance/derive.js';
import { specFromDocs } from '../src/pipeline.js';
import { tempDir } from './helpers.js';

const page = (uid: string, name: string, description: string, syntax: string, params: string, returns: string, remarks = ''): string =>
  `---\nUID: ${uid}\ntitle: ${name}\nreq.header: job.h\nreq.dll: Job.dll\n---\n\n# ${name}\n\n## -description\n\n${description}\n\n## -syntax\n\n\`\`\`cpp\n${syntax}\n\`\`\`\n\n## -parameters\n\n${params}\n\n## -returns\n\n${returns}\n${remarks ? `\n## -remarks\n\n${remarks}\n` : ''}`;

const PAGES: Record<string, string> = {
  'status.md': '# NTSTATUS values\n\n| Value | Name | Description |\n| --- | --- | --- |\n| 0x00000000 STATUS_SUCCESS | Success. |\n| 0x00000103 STATUS_PENDING | Pending. |\n| 0xC0000008 STATUS_INVALID_HANDLE | Bad handle. |\n',
  'JobCreate.md': page('NF:job.JobCreate', 'JobCreate', 'Allocates a job.', 'JOB * JobCreate();', '', 'Returns a handle to the newly created job, or NULL if the system is out of memory.'),
  'JobDiscard.md': page('NF:job.JobDiscard', 'JobDiscard', 'Frees a job.', 'void JobDiscard(\n  [in, optional] JOB *Job\n);', '### -param Job [in, optional]\n\nThe job. It may be NULL.', 'None.'),
  'JobQuery.md': page(
    'NF:job.JobQuery',
    'JobQuery',
    'Reports the state of a job.',
    'NTSTATUS JobQuery(\n  [in] JOB *Job\n);',
    '### -param Job [in]\n\nThe job.',
    '| Return code | Description |\n|---|---|\n| **STATUS_PENDING** | The work is still in progress. |\n| **STATUS_SUCCESS** | The work has completed successfully. |',
  ),
  'JobOnDone.md': page(
    'NF:job.JobOnDone',
    'JobOnDone',
    'Sets the routine to call when the work of a job ends.',
    'NTSTATUS JobOnDone(\n  [in] JOB *Job,\n  [in] JOB_DONE Routine,\n  [in, optional] PVOID Cookie\n);',
    '### -param Job [in]\n\nThe job.\n\n### -param Routine [in]\n\nThe routine. Passing NULL unregisters it: the job is then not notified.\n\n### -param Cookie [in, optional]\n\nAn opaque value handed unchanged to the completion routine.',
    '| Return code | Description |\n|---|---|\n| **STATUS_SUCCESS** | The routine was registered. |\n| **STATUS_INVALID_HANDLE** | The job handle is not valid. |',
  ),
  'JOB_DONE.md': page(
    'NC:job.JOB_DONE',
    'JOB_DONE',
    'The completion routine is invoked exactly once per job.',
    'VOID JOB_DONE(\n  [in] JOB *Job,\n  [in, optional] PVOID Cookie\n);',
    '### -param Job [in]\n\nThe context of the operation that ended.\n\n### -param Cookie [in, optional]\n\nWhatever the caller chose.',
    'None.',
  ),
  'JobRun.md': page(
    'NF:job.JobRun',
    'JobRun',
    'Starts the work of a job.',
    'NTSTATUS JobRun(\n  [in] JOB *Job,\n  [in] ULONG Steps\n);',
    '### -param Job [in]\n\nThe job.\n\n### -param Steps [in]\n\nHow many steps.',
    '| Return code | Description |\n|---|---|\n| **STATUS_SUCCESS** | The work was queued. |',
  ),
};

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

test('a job API documented in other words gets the callback, creator and NULL-removal cases', async () => {
  const dir = tempDir('callbacks');
  temps.push(dir);
  mkdirSync(path.join(dir, 'docs'));
  for (const [name, text] of Object.entries(PAGES)) writeFileSync(path.join(dir, 'docs', name), text);
  const { spec } = await specFromDocs(path.join(dir, 'docs'));
  const model = deriveConformance(summarizeSpec(spec));
  const byId = new Map(model.cases.map((c) => [c.id, c]));
  const executable = model.cases.filter((c) => c.todo === null).map((c) => c.id);
  for (const id of ['JOB_DONE › callback-fires', 'JOB_DONE › callback-once', 'JOB_DONE › callback-data', 'JOB_DONE › callback-context', 'JobOnDone › callback-removed', 'JobCreate › returns-new-object']) {
    assert.ok(executable.includes(id), `${id} is not an executable case (${byId.get(id)?.todo ?? 'missing'})`);
  }
  // Only the registrar says where its Cookie goes; the callback's parameter of the same type receives it.
  const data = byId.get('JOB_DONE › callback-data')!;
  assert.deepEqual(data.register!.args, [{ from: 'async-context' }, { from: 'callback' }, { from: 'callback-data' }]);
  assert.deepEqual(data.callbackArg, { index: 1, from: 'callback-data' });
  assert.deepEqual(data.promises.map((p) => p.sentence), ['An opaque value handed unchanged to the completion routine.']);
  assert.deepEqual(byId.get('JOB_DONE › callback-context')!.callbackArg, { index: 0, from: 'async-context' });
  const removed = byId.get('JobOnDone › callback-removed')!;
  assert.deepEqual(removed.setup!.args, [{ from: 'async-context' }, { from: 'null' }, { from: 'null' }]);
  assert.deepEqual(removed.setupExpect, ['STATUS_SUCCESS']);
  assert.deepEqual(byId.get('JobCreate › returns-new-object')!.release, { api: 'JobDiscard', module: 'job', method: 'JobDiscard' });
  assert.equal(byId.get('JobCreate › null-return (todo)')!.todo, 'the condition cannot be produced by a test (resources, internal errors)');
});
