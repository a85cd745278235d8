/**
 * Locality of the emit: a file with a scope (`PlannedFile.scope`: the files of one header) is keyed
 * by its inputs without computing its view (`scopedInputsKey`), which holds only if its view is a
 * function of the summaries of its scope and of what `sharedFactsText` keeps of every other API.
 * Here everything the shared facts leave out (sources, input files, diagnostic counts, function
 * parameter names, uids, whether an API has a description) is changed, for every API outside a
 * scope, and the files of the scope must come out the same. A view that starts reading a dropped fact of another header fails.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import type { EmitSource } from '../src/build/spec-source.js';
import { sharedFactsKeyOf } from '../src/build/spec-source.js';
import { sharedHash } from '../src/build/incremental.js';
import { summarizeSpec, type ApiSummary, type SpecSummary } from '../src/build/summary.js';
import type { PlannedFile } from '../src/emit/emitter.js';
import { planStage } from '../src/emit/plan-files.js';
import { BUILTIN_TEMPLATES } from '../src/paths.js';
import { specFromDocs } from '../src/pipeline.js';
import type { Spec } from '../src/model/spec.js';
import { DOCS, FIXTURES } from './helpers.js';

/** A header's own files: `src/<m>.ts`, `src/{stubs,ffi,throwing,conformance/cases}/<m>.ts` and `docs/<m>.md`. */
const OF_ONE_HEADER = /^(?:src\/(?:stubs\/|ffi\/(?!runtime\.ts$)|throwing\/|conformance\/cases\/)?(?!index\.ts$|async\.ts$)[a-z0-9_-]+\.ts|docs\/[a-z0-9_-]+\.md)$/;

const docset = (name: string, headers = false): { name: string; docs: string; headers: string[] } => ({
  name,
  docs: path.join(FIXTURES, 'docsets', name, 'docs'),
  headers: headers ? [path.join(FIXTURES, 'docsets', name, 'headers')] : [],
});

const cases = [{ name: 'docs/', docs: DOCS, headers: [] as string[] }, docset('headers-source', true), docset('merge-and-types'), docset('async-context-elsewhere'), docset('types-only-header')];

/** Every planned file of `summary`, by path, with what its key is made of when computed. */
function planned(summary: SpecSummary, spec: Spec): Map<string, { file: PlannedFile; made: string }> {
  const source: EmitSource = {
    summary,
    summaryKey: () => '',
    entry: () => {
      throw new Error('no view reads an entry while it is planned');
    },
    entryHash: () => '',
    summaryHash: () => '',
    sharedFactsKey: () => '',
    json: () => ({ content: '', key: '' }),
    full: () => spec,
  };
  const staged = planStage(source, { packageName: 'p', packageVersion: '0.0.0', docgenVersion: '0', builtinTemplatesDir: BUILTIN_TEMPLATES });
  return new Map(
    staged.files.map((f) => {
      if (!('planned' in f)) assert.fail('a planned emit recalls no file');
      const file = f.planned;
      const made = JSON.stringify([f.header, file.template, file.view ? file.view() : file.context(), file.deps ?? [], file.scope]);
      return [file.path, { file, made }] as const;
    }),
  );
}

const sharedKey = (summary: SpecSummary): string => sharedFactsKeyOf(summary, summary.apis.map(sharedHash));

/** `value` with every source (a `{ file, line }` or a `file:line` string, named `source` or `sources`, at any depth) moved. */
function moveSources(value: unknown, isSource = false): unknown {
  if (isSource && typeof value === 'string') return `moved/${value}`;
  if (Array.isArray(value)) return value.map((v) => moveSources(v, isSource));
  if (typeof value !== 'object' || value === null) return value;
  if (isSource) {
    const s = value as ApiSummary['sources'][number];
    return { ...s, file: `moved/${s.file}`, line: s.line + 7 };
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, moveSources(v, k === 'source' || k === 'sources')]));
}

/** An API with every fact `sharedFactsText` drops changed. */
function perturbed(api: ApiSummary): ApiSummary {
  const moved = moveSources(api) as ApiSummary;
  return {
    ...moved,
    uid: `${api.uid ?? ''}-moved`,
    hasDescription: !api.hasDescription,
    parameters: moved.parameters.map((p) => ({ ...p, name: api.kind === 'callback' ? p.name : `${p.name}Moved` })),
  };
}

for (const c of cases) {
  test(`a scoped file's view depends on its scope's summaries and the facts all files share only: ${c.name}`, async () => {
    const { spec } = await specFromDocs(c.docs, { headers: c.headers });
    const summary = summarizeSpec(spec);
    const files = planned(summary, spec);
    const scopes = new Map<string, readonly string[]>();
    for (const { file } of files.values()) if (file.scope) scopes.set(JSON.stringify(file.scope), file.scope);
    // Every file of one header has a scope, and only those do.
    const ofOneHeader = [...files.keys()].filter((p) => OF_ONE_HEADER.test(p));
    assert.ok(ofOneHeader.length >= 2, `only ${ofOneHeader.length} files of one header`);
    assert.deepEqual(ofOneHeader.filter((p) => !files.get(p)!.file.scope), []);
    assert.deepEqual([...files.keys()].filter((p) => files.get(p)!.file.scope && !OF_ONE_HEADER.test(p)), []);
    for (const scope of scopes.values()) {
      const inScope = new Set(scope);
      const changed: SpecSummary = {
        inputFiles: [...summary.inputFiles, 'moved/page.md'],
        diagnosticCounts: { error: summary.diagnosticCounts.error + 1, warning: summary.diagnosticCounts.warning + 2, info: summary.diagnosticCounts.info + 3 },
        statusCodes: moveSources(summary.statusCodes) as SpecSummary['statusCodes'],
        types: moveSources(summary.types) as SpecSummary['types'],
        groups: moveSources(summary.groups) as SpecSummary['groups'],
        flows: moveSources(summary.flows) as SpecSummary['flows'],
        apis: summary.apis.map((a) => (inScope.has(a.key) ? a : perturbed(a))),
      };
      // The change is one the shared facts' key does not see, and it changes something when the scope is not everything.
      assert.equal(sharedKey(changed), sharedKey(summary));
      if (inScope.size < summary.apis.length) assert.notDeepEqual(changed.apis, summary.apis);
      const after = planned(changed, spec);
      for (const [p, { file, made }] of files) {
        if (JSON.stringify(file.scope) !== JSON.stringify(scope)) continue;
        assert.equal(after.get(p)?.made, made, `${p} changed when only facts outside its scope did`);
      }
    }
  });
}
