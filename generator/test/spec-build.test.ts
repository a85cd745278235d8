/**
 * The spec model built from several pages: merging with provenance, conflicts as diagnostics,
 * status values from references beating inline values, type inference from a counterpart,
 * and the founding pages in docs/ giving the facts the product promises.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { validateSpec, type Spec } from '../src/model/spec.js';
import { specFromDocs } from '../src/pipeline.js';
import { DOCS, tempDir } from './helpers.js';

async function specOf(pages: Record<string, string>): Promise<Spec> {
  const dir = tempDir('spec');
  for (const [file, text] of Object.entries(pages)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return (await specFromDocs(dir)).spec;
}

const apiref = (uid: string, body: string): string => `---\nUID: ${uid}\nreq.header: widget.h\n---\n\n${body}\n`;

const STATUS_TABLE = `# Status values we use

## HRESULT values

| Name | Value | Description |
|---|---|---|
| WIDGET_E_BROKEN | 0x80041001 | The widget is broken. |
| S_OK | 0x00000000 | Success. |
| E_NOTIMPL | 0x80004001 | Not implemented. |
`;

test('the founding pages give the facts the GUIDE promises', async () => {
  const { spec } = await specFromDocs(DOCS);
  assert.deepEqual(validateSpec(spec), []);
  const api = (name: string) => spec.apis.find((a) => a.name === name)!;
  const value = (name: string) => spec.statusCodes.find((c) => c.name === name)?.hex;

  const asyncDelete = api('SspiDeleteSecurityContextAsync');
  assert.equal(asyncDelete.sources.length, 2, 'merged from the Markdown page and the rendered page');
  assert.deepEqual(
    asyncDelete.parameters.map((p) => [p.name, p.cType]),
    [
      ['AsyncContext', 'SspiAsyncContext *'],
      ['phContext', 'PCtxtHandle'],
    ],
  );
  assert.equal(asyncDelete.declaration?.returnType, 'SECURITY_STATUS');
  assert.deepEqual(asyncDelete.returns?.codes.map((c) => c.name).sort(), ['SEC_E_INVALID_HANDLE', 'SEC_E_OK', 'SEC_I_ASYNC_CALL_PENDING']);
  assert.equal(value('SEC_E_OK'), '0x00000000');
  assert.equal(value('SEC_I_ASYNC_CALL_PENDING'), '0x00090368');
  assert.equal(value('SEC_E_INVALID_HANDLE'), '0x80090301');
  assert.equal(asyncDelete.synchronousCounterpart, 'DeleteSecurityContext');

  const del = api('DeleteSecurityContext');
  assert.deepEqual(del.parameters.map((p) => [p.name, p.direction]), [['phContext', 'in']]);
  const ok = del.returns?.codes.find((c) => c.name === 'SEC_E_OK');
  assert.match(ok?.condition ?? '', /already been deleted/);
  assert.equal(del.asynchronousCounterpart, 'SspiDeleteSecurityContextAsync');
  assert.equal(del.parameters[0]!.typeResolution, 'inferred');

  const lsa = api('LSA_DELETE_LOGON_SESSION');
  assert.equal(lsa.kind, 'callback');
  assert.equal(lsa.statusFamily, 'NTSTATUS');
  assert.deepEqual(lsa.parameters.map((p) => [p.name, p.cType, p.direction]), [['LogonId', 'PLUID', 'in']]);
  assert.equal(value('STATUS_SUCCESS'), '0x00000000');
  assert.equal(value('STATUS_BAD_LOGON_SESSION_STATE'), '0xC0000104');
  assert.equal(value('STATUS_NO_SUCH_LOGON_SESSION'), '0xC000005F');

  const group = spec.groups.find((g) => g.name === 'Async SSPI functions')!;
  assert.ok(group.members.some((m) => m.api === 'SspiDeleteSecurityContextAsync' && m.documented));
  const undocumented = group.members.filter((m) => !m.documented).map((m) => m.api);
  assert.ok(undocumented.includes('SspiAcceptSecurityContextAsync'));
  for (const name of undocumented) {
    assert.ok(spec.diagnostics.some((d) => d.code === 'DG3003' && d.message.includes(name)), `${name} is reported as having no page`);
  }
  for (const fact of [asyncDelete.description!, ...asyncDelete.parameters, ...(asyncDelete.returns?.codes ?? [])]) {
    assert.ok(fact.source.file && fact.source.line > 0, 'every fact has a file and line');
  }
});

test('a reference table value beats an inline value, and the disagreement is reported', async () => {
  const spec = await specOf({
    'status.md': STATUS_TABLE,
    'widget.md': apiref(
      'NF:widget.WidgetPoke',
      `## -description\n\nPokes the widget.\n\n## -syntax\n\n\`\`\`cpp\nHRESULT WidgetPoke(\n  [in] ULONG Strength\n);\n\`\`\`\n\n## -parameters\n\n### -param Strength [in]\n\nHow hard.\n\n## -returns\n\n| Return code | Description |\n|---|---|\n| **S_OK**<br>0x00000000 | It worked. |\n| **WIDGET_E_BROKEN**<br>0x80041002 | The widget broke. |\n| **WIDGET_E_GONE**<br>0x80041003 | The widget is gone. |\n| **WIDGET_E_LOST** | The widget is lost. |\n`,
    ),
  });
  const code = (name: string) => spec.statusCodes.find((c) => c.name === name)!;
  assert.equal(code('WIDGET_E_BROKEN').hex, '0x80041001');
  assert.equal(code('WIDGET_E_BROKEN').valueFrom, 'reference');
  const conflict = spec.diagnostics.find((d) => d.code === 'DG4002');
  assert.ok(conflict, 'DG4002 reported');
  assert.equal(conflict.file, 'widget.md');
  assert.match(conflict.message, /0x80041002.*0x80041001/);
  assert.equal(code('WIDGET_E_GONE').valueFrom, 'inline');
  assert.ok(spec.diagnostics.some((d) => d.code === 'DG4004' && d.message.includes('WIDGET_E_GONE')));
  assert.equal(code('WIDGET_E_LOST').valueFrom, 'missing');
  assert.ok(spec.diagnostics.some((d) => d.code === 'DG4001' && d.message.includes('WIDGET_E_LOST')));
  assert.equal(code('E_NOTIMPL').hex, '0x80004001', "the family's not-supported code is included for the stubs");
  assert.equal(spec.apis[0]!.statusFamily, 'HRESULT');
});

test('two pages with the same UID that disagree give DG3001, and both are kept as sources', async () => {
  const body = (param: string) =>
    `## -description\n\nTurns the widget.\n\n## -parameters\n\n### -param ${param} [in]\n\nThe angle.\n\n## -returns\n\nReturns **S_OK**.\n`;
  const spec = await specOf({ 'a/turn.md': apiref('NF:widget.WidgetTurn', body('Angle')), 'b/turn.md': apiref('NF:widget.WidgetTurn', body('Degrees')) });
  assert.equal(spec.apis.length, 1);
  assert.equal(spec.apis[0]!.sources.length, 2);
  assert.deepEqual(spec.apis[0]!.parameters.map((p) => p.name), ['Angle'], 'the first page by path wins');
  const d = spec.diagnostics.find((x) => x.code === 'DG3001');
  assert.ok(d);
  assert.equal(d.file, 'b/turn.md');
  assert.match(d.message, /a\/turn\.md.*parameters \(Angle vs Degrees\)/);
});

test('an API with no prototype and no counterpart has unknown types and DG5003', async () => {
  const spec = await specOf({
    'spin.md': apiref('NF:widget.WidgetSpin', '## -description\n\nSpins.\n\n## -parameters\n\n### -param Speed [in]\n\nHow fast.\n'),
  });
  const api = spec.apis[0]!;
  assert.equal(api.parameters[0]!.type, 'unknown');
  assert.equal(api.parameters[0]!.typeResolution, 'unknown');
  assert.ok(spec.diagnostics.some((d) => d.code === 'DG5003' && d.file === 'spin.md'));
});

test('spec output does not depend on the order pages are given in', async () => {
  const pages = {
    'status.md': STATUS_TABLE,
    'x.md': apiref('NF:widget.WidgetX', '## -description\n\nX.\n\n## -returns\n\nReturns **WIDGET_E_BROKEN** when broken.\n'),
    'y.md': apiref('NF:widget.WidgetY', '## -description\n\nY.\n\n## -returns\n\nReturns **S_OK**.\n'),
  };
  const reversed = Object.fromEntries(Object.entries(pages).reverse());
  assert.equal(JSON.stringify(await specOf(pages)), JSON.stringify(await specOf(reversed)));
});
