/**
 * Status-code reader on the real status references in ../shared/corpus (skipped without it).
 *
 * The expected rows are counted straight from the raw files with line regexes, independently
 * of the Markdown parser and the reader, so a row the reader drops or misreads fails the test.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from '../src/diagnostics.js';
import type { StatusCodeDef, StatusType } from '../src/model/page.js';
import { parseMarkdown } from '../src/parse/markdown.js';
import { readConceptual } from '../src/readers/conceptual.js';
import { readStatusReference } from '../src/readers/status-reference.js';
import { hasShared, SHARED } from './helpers.js';

const CORPUS = path.join(SHARED, 'corpus');
const skip = hasShared ? false : 'needs ../shared/corpus';

function read(file: string): { text: string; codes: StatusCodeDef[]; diagnostics: Diagnostic[] } {
  const text = readFileSync(file, 'utf8');
  const page = readStatusReference(parseMarkdown(path.basename(file), text));
  return { text, codes: page.statusCodes, diagnostics: page.diagnostics };
}

interface RawRow {
  line: number;
  name: string;
  value: number;
  space?: StatusType;
}

test('MS-ERREF: every row of the HRESULT, Win32 and NTSTATUS tables yields name, value, description and space', { skip }, () => {
  const { text, codes } = read(path.join(CORPUS, 'ms-erref/MS-ERREF.md'));
  // Independent count: table rows `| 0xXXXXXXXX NAME | description |` under a heading that names one space.
  const rows: RawRow[] = [];
  let space: StatusType | undefined;
  text.split('\n').forEach((line, i) => {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      const h = heading[1] ?? '';
      space = /HRESULT/.test(h) && !/WIN32/i.test(h) ? 'HRESULT' : /^[\d.]+ Win32 Error Codes/i.test(h) ? 'WIN32' : /NTSTATUS/.test(h) ? 'NTSTATUS' : undefined;
      return;
    }
    const row = /^\| (0x[0-9A-F]{8}) (\S+) \| (.*) \|$/.exec(line);
    if (row && space) rows.push({ line: i + 1, value: parseInt(row[1] ?? '', 16), name: row[2] ?? '', space });
  });
  const perSpace = (s: StatusType): number => rows.filter((r) => r.space === s).length;
  assert.ok(rows.length > 7000, `only ${rows.length} raw rows found; the file changed?`);
  assert.ok(perSpace('HRESULT') > 2000 && perSpace('WIN32') > 2000 && perSpace('NTSTATUS') > 1500);

  const byLine = new Map(codes.map((c) => [c.source.line, c]));
  const problems: string[] = [];
  for (const row of rows) {
    const code = byLine.get(row.line);
    if (!code) problems.push(`line ${row.line}: ${row.name} not read`);
    else if (code.name !== row.name || code.value !== row.value || code.type !== row.space || code.description.trim() === '') {
      problems.push(`line ${row.line}: expected ${row.name} ${row.value} ${row.space}, got ${JSON.stringify(code)}`);
    }
  }
  assert.deepEqual(problems.slice(0, 10), []);
  // Nothing but those rows and the small appendix table of X-bit HRESULTs.
  const extra = codes.filter((c) => !rows.some((r) => r.line === c.source.line));
  assert.ok(extra.length <= 10, `unexpected codes: ${extra.map((c) => c.name).join(', ')}`);
  assert.ok(!codes.some((c) => /^FACILITY_|SEVERITY_/.test(c.name)), 'facility/severity field constants are not codes');
  assert.equal(codes.find((c) => c.name === 'SEC_E_INVALID_HANDLE')?.value, 0x80090301);
  assert.equal(codes.find((c) => c.name === 'STATUS_NO_SUCH_LOGON_SESSION')?.type, 'NTSTATUS');
  assert.equal(codes.find((c) => c.name === 'ERROR_CALL_NOT_IMPLEMENTED')?.type, 'WIN32');
});

/** Raw definitions: `**NAME**` on its own line (optionally after `<span>` anchors) or in a `<dt>`, with the value that follows within a few lines. */
function rawDefinitions(text: string): RawRow[] {
  const lines = text.split('\n');
  const rows: RawRow[] = [];
  lines.forEach((line, i) => {
    // `<dt>**NAME**</dt> <dt>0x…</dt>`, and the variant `**NAME**<dl> <dt></dt> <dt>0x…</dt>`.
    const cell = /\*\*([A-Za-z0-9_\\]+)\*\*(?:<\/dt>)?\s*(?:<dl>\s*<dt><\/dt>)?\s*<dt>(0x[0-9A-Fa-f]+)<\/dt>/.exec(line);
    if (cell) {
      rows.push({ line: i + 1, name: (cell[1] ?? '').replace(/\\/g, ''), value: parseInt(cell[2] ?? '', 16) });
      return;
    }
    const name = /^(?:<span id="[^"]*"><\/span>)*\*\*([A-Za-z0-9_\\]+)\*\*\s*$/.exec(line);
    if (!name) return;
    for (let j = i + 1; j < Math.min(lines.length, i + 8); j++) {
      const v = /^\s*(?:(\d+) \(0x[0-9A-Fa-f]+\)|(0x[0-9A-Fa-f]+))\s*$/.exec(lines[j] ?? '');
      if (v) {
        rows.push({ line: i + 1, name: (name[1] ?? '').replace(/\\/g, ''), value: v[1] !== undefined ? Number(v[1]) : parseInt(v[2] ?? '', 16) });
        return;
      }
    }
  });
  return rows;
}

for (const folder of ['win32/com', 'win32/Debug']) {
  test(`${folder}: every status definition is read with its value and a description`, { skip }, () => {
    const files = readdirSync(path.join(CORPUS, folder)).filter((f) => f.endsWith('.md')).sort();
    let total = 0;
    for (const file of files) {
      const { text, codes, diagnostics } = read(path.join(CORPUS, folder, file));
      const raw = rawDefinitions(text);
      total += raw.length;
      const got = codes.map((c) => `${c.name}=${c.value}`);
      // A value wider than 32 bits is a typo on the page: no code, a DG4006 at its line instead.
      const readable = raw.filter((r) => r.value <= 0xffffffff);
      assert.deepEqual(got, readable.map((r) => `${r.name}=${r.value}`), file);
      assert.deepEqual(
        diagnostics.map((d) => `${d.code}:${d.line}`),
        raw.filter((r) => r.value > 0xffffffff).map((r) => `DG4006:${r.line}`),
        file,
      );
      const undescribed = codes.filter((c) => c.description.trim() === '');
      assert.deepEqual(undescribed, [], `${file}: codes without description`);
      if (folder === 'win32/Debug') {
        // "System Error Codes" pages never say "Win32": every code is inferred from its name and value.
        const notWin32 = codes.filter((c) => c.type !== 'WIN32').map((c) => c.name);
        assert.deepEqual(notWin32, [], file);
      }
    }
    assert.ok(total > (folder === 'win32/com' ? 2000 : 2500), `${folder}: only ${total} definitions`);
  });
}

test('SecAuthN: pages without status tables yield no status codes, and no page makes either reader throw', { skip }, () => {
  const dir = path.join(CORPUS, 'win32/SecAuthN');
  const withCodes: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const doc = parseMarkdown(file, text);
    const status = readStatusReference(doc);
    readConceptual(doc);
    if (status.statusCodes.length === 0) continue;
    withCodes.push(file);
    // A page that yields codes gives each one a name, a value and the line of a definition that names it.
    const lines = text.split('\n');
    for (const c of status.statusCodes) {
      const source = lines[c.source.line - 1] ?? '';
      assert.ok(source.replace(/\\_/g, '_').includes(c.name), `${file}:${c.source.line} does not name ${c.name}`);
    }
  }
  // Only pages that really tabulate codes with values: the return-value and error-code references
  // and the API pages whose return tables give values inline.
  for (const file of withCodes) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    assert.match(text, /0x[0-9A-Fa-f]{8}/, file);
  }
  assert.ok(withCodes.includes('authentication-return-values.md'));
});
