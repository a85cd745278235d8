/**
 * Status enums: `src/status/common.ts` (the representation rule, `normalizeStatus`, `StatusError`,
 * and the helpers of a numbering space: success, severity, facility and code decoding, hex
 * formatting, `HRESULT_FROM_WIN32` / `HRESULT_FROM_NT` and their reverses) and one module per status
 * family present in the spec (`src/status/<family>.ts`): a numeric enum whose members hold unsigned
 * 32-bit literals (so unions of members narrow in a `switch`), a name/message table, the family's
 * helpers (`isSuccess`, `isMember`, `statusName`, `fromName`, `statusMessage`, `formatStatus`,
 * `severity`, `facility`, `code`, `toHResult`, `fromHResult`), an Error subclass and `throwIfFailed`.
 * Which codes go in which enum is decided by `planPackage` (see `plan.ts`).
 */
import { compareStrings } from '../diagnostics.js';
import type { StatusCode, StatusFamily, StatusSpace } from '../model/spec.js';
import type { Emitter, PlannedFile } from './emitter.js';
import { hex32, oneLine } from './escape.js';
import type { PlannedFamily, PlannedMember } from './plan.js';

/** What `src/status/common.ts` exports; the package plan reserves these names. */
export const COMMON_STATUS_EXPORTS = {
  values: [
    'FACILITY_NT_BIT', 'FACILITY_WIN32', 'FAMILY_SPACE', 'StatusError', 'codeOf', 'decodeStatus', 'facilityOf', 'formatStatusHex',
    'hresultFromNt', 'hresultFromWin32', 'normalizeStatus', 'ntStatusFromHResult', 'severityOf', 'succeeded', 'toHResultOf',
    'toSigned32', 'win32FromHResult',
  ],
  types: ['DecodedStatus', 'StatusFamilyName', 'StatusSeverity', 'StatusSpace'],
} as const;

export interface StatusMemberView {
  id: string;
  name: string;
  value: number;
  description: string;
  /** Value, severity, facility, where it came from and who returns it: one paragraph. */
  facts: string;
}

export interface StatusFamilyView {
  family: string;
  space: string;
  enumName: string;
  errorClass: string;
  title: string;
  rule: { hresult: boolean; ntstatus: boolean; win32: boolean };
  /** How codes were placed in this enum. */
  placementRule: string;
  successRule: string;
  severityRule: string;
  facilityRule: string;
  codeRule: string;
  toHResultRule: string;
  fromHResultRule: string;
  fromNameDoc: string;
  formatDoc: string;
  members: StatusMemberView[];
  lookup: Array<{ value: number; names: string[]; message: string }>;
  success: { id: string; name: string } | null;
  notSupported: { id: string; name: string; typeName: string } | null;
}

const VALUE_FROM: Record<StatusCode['valueFrom'], string> = {
  header: 'the C header that defines it',
  reference: 'the status-code reference',
  inline: 'a value written on an API page (no reference gives it)',
  missing: 'nowhere',
};

export function statusFamilyView(f: PlannedFamily): StatusFamilyView {
  const { info } = f;
  const lookup = lookupTable(f);
  // A member to show in examples: the first failure, else the first member.
  const example = lookup.find((l) => (l.value & 0x80000000) !== 0) ?? lookup[0];
  const success = f.members.find((m) => m.code.name === info.success);
  return {
    family: info.family,
    space: info.space,
    enumName: info.enumName,
    errorClass: info.errorClass,
    title:
      info.family === 'SECURITY_STATUS'
        ? 'SECURITY_STATUS codes documented for the APIs of this package. SECURITY_STATUS values are HRESULTs.'
        : `${info.family} codes documented for the APIs of this package.`,
    rule: { hresult: info.space === 'HRESULT', ntstatus: info.space === 'NTSTATUS', win32: info.space === 'WIN32' },
    placementRule:
      `A code is a member when an API returning ${info.family} documents it, or when no such API documents it and ` +
      `${info.family === 'SECURITY_STATUS' ? 'it is an HRESULT named SEC_*' : info.family === 'HRESULT' ? 'it is an HRESULT not named SEC_*' : `it is ${info.space === 'WIN32' ? 'a Win32 error code' : 'an NTSTATUS'}`}.`,
    ...SPACE_RULES[info.space](info.family),
    fromNameDoc: `The member of a documented name${example ? ` (\`fromName(${JSON.stringify(example.names[0])})\` is ${hex32(example.value)})` : ''}, or undefined.`,
    formatDoc: `The documented name and the hex value of a status, for messages and logs${example ? ` (\`${example.names[0]} (${hex32(example.value)})\`)` : ''}; the hex value alone when the docs do not name it.`,
    members: f.members.map(memberView),
    lookup,
    success: success ? { id: success.id, name: success.code.name } : null,
    notSupported: f.notSupported ? { id: f.notSupported.id, name: f.notSupported.code.name, typeName: info.notSupportedType } : null,
  };
}

function memberView({ code, id }: PlannedMember): StatusMemberView {
  const signed = code.value | 0;
  const facts = [
    `Value ${hex32(code.value)}${signed < 0 ? ` (${signed} as a signed 32-bit integer)` : ''}; ${code.severity}, facility ${code.facility}.`,
    id !== code.name ? `Documented as ${JSON.stringify(code.name)}.` : '',
    `From ${code.source.file}:${code.source.line} (${VALUE_FROM[code.valueFrom]}).`,
    code.usedBy.length > 0 ? `Returned by ${code.usedBy.join(', ')}.` : 'No documented API names it.',
  ];
  return { id, name: code.name, value: code.value, description: code.description.trim() === '' ? code.name : code.description, facts: facts.filter(Boolean).join(' ') };
}

/** The family's values in order, each with its names (the family's preferred prefixes first) and the first name's message. */
function lookupTable(f: PlannedFamily): StatusFamilyView['lookup'] {
  const byName = new Map(f.members.map((m) => [m.code.name, m.code] as const));
  const byValue = new Map<number, string[]>();
  for (const m of f.members) {
    const names = byValue.get(m.code.value);
    if (names) names.push(m.code.name);
    else byValue.set(m.code.value, [m.code.name]);
  }
  const preferred = (name: string): number => (f.info.preferredPrefixes.some((p) => name.startsWith(p)) ? 0 : 1);
  return [...byValue]
    .sort((a, b) => a[0] - b[0])
    .map(([value, names]) => {
      const sorted = [...names].sort((a, b) => preferred(a) - preferred(b) || compareStrings(a, b));
      const first = byName.get(sorted[0]!)!;
      return { value, names: sorted, message: oneLine(first.description) || first.name };
    });
}

type SpaceRules = Pick<StatusFamilyView, 'successRule' | 'severityRule' | 'facilityRule' | 'codeRule' | 'toHResultRule' | 'fromHResultRule'>;

/** What a family module's helpers do: fixed by the family's numbering space (HRESULT-space families are named in theirs). */
const SPACE_RULES: Record<StatusSpace, (family: StatusFamily) => SpaceRules> = {
  HRESULT: (family) => ({
    successRule: 'True when the status is a success (`SUCCEEDED`): the severity bit (bit 31) is clear. Informational codes such as `SEC_I_*` and `S_FALSE` are successes.',
    severityRule: 'Severity of a status: `error` when bit 31 is set; otherwise `success` for facility 0 (`S_OK`, `S_FALSE`, `SEC_E_OK`) and `informational` for other facilities (`SEC_I_*`).',
    facilityRule: 'The facility of a status: bits 16–26 (11 bits), e.g. 9 (FACILITY_SECURITY) for `0x80090301`.',
    codeRule: 'The code of a status within its facility: its low 16 bits (`HRESULT_CODE`).',
    toHResultRule: `The HRESULT of a status: ${family} values are HRESULTs, so the value itself (unsigned). Present in every family module, like \`to_hresult\` in windows-rs.`,
    fromHResultRule: `The ${family} of an HRESULT: the value itself (unsigned), since ${family} values are HRESULTs.`,
  }),
  NTSTATUS: () => ({
    successRule: 'True when the status is a success (`NT_SUCCESS`): severity success (0x0…) or informational (0x4…). Warnings (0x8…) and errors (0xC…) are failures.',
    severityRule: 'Severity of a status, from its two top bits: 0 `success`, 1 `informational`, 2 `warning`, 3 `error`.',
    facilityRule: 'The facility of a status: bits 16–27 (12 bits).',
    codeRule: 'The code of a status within its facility: its low 16 bits.',
    toHResultRule: 'The HRESULT of an NTSTATUS (`HRESULT_FROM_NT`): the value with the N bit (0x10000000) set, `0xC0000022` → `0xD0000022`.',
    fromHResultRule: 'The NTSTATUS an HRESULT carries (its N bit is set: the reverse of `toHResult`), or undefined.',
  }),
  WIN32: () => ({
    successRule: 'True when the status is `ERROR_SUCCESS` (0); every other Win32 error code is a failure.',
    severityRule: 'Severity of a Win32 error code: `success` for 0, `error` otherwise.',
    facilityRule: 'Win32 error codes have no facility: always 0.',
    codeRule: 'The code of a Win32 error: the value itself.',
    toHResultRule: 'The HRESULT of a Win32 error code (`HRESULT_FROM_WIN32`): 0 stays 0, a value with bit 31 set is already an HRESULT and is returned as it is, others become `0x8007xxxx` (`5` → `0x80070005`).',
    fromHResultRule: 'The Win32 error code an HRESULT carries (a `0x8007xxxx` failure: the reverse of `toHResult`; 0 for 0), or undefined.',
  }),
};

export const statusEnums: Emitter = {
  name: 'status-enums',
  emit({ plan }) {
    if (plan.families.length === 0) return { files: [] };
    const files: PlannedFile[] = [
      {
        path: 'src/status/common.ts',
        template: 'status-common.ts.hbs',
        view: () => ({ families: plan.families.map((f) => ({ family: f.info.family, enumName: f.info.enumName, errorClass: f.info.errorClass })) }),
        exports: [
          { kind: 'names', names: [...COMMON_STATUS_EXPORTS.values] },
          { kind: 'names', names: [...COMMON_STATUS_EXPORTS.types], typeOnly: true },
        ],
      },
    ];
    for (const f of plan.families) {
      const inputs = new Set<string>();
      for (const m of f.members) inputs.add(m.code.source.file);
      for (const a of f.apis) for (const s of a.sources) inputs.add(s.file);
      files.push({
        path: `src/${f.info.module}.ts`,
        template: 'status.ts.hbs',
        view: () => statusFamilyView(f),
        inputs: [...inputs].filter((i) => i !== ''),
        exports: [
          { kind: 'names', names: [f.info.enumName, f.info.errorClass] },
          ...(f.notSupported ? [{ kind: 'names' as const, names: [f.info.notSupportedType], typeOnly: true }] : []),
          { kind: 'namespace', namespace: f.info.namespace },
        ],
      });
    }
    return { files };
  },
};
