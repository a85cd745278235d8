/**
 * Pure helpers for 32-bit Windows status values, shared by the status-code reader, the spec
 * builder and the emitters.
 *
 * Layouts (bit 31 is the most significant bit):
 *
 * - HRESULT (and SECURITY_STATUS, which is an HRESULT): `S R C N X | facility (11 bits) | code (16 bits)`.
 *   S is the failure bit, C the customer bit, N marks an NTSTATUS mapped into an HRESULT.
 * - NTSTATUS: `Sev (2 bits) C N | facility (12 bits) | code (16 bits)`. Sev: 0 success,
 *   1 informational, 2 warning, 3 error.
 * - Win32 error codes: a plain number 0..0xFFFF (0 is success). Bit 29 is reserved for
 *   application-defined codes, as in the other two spaces.
 *
 * Severity rule for HRESULT values (the header files give HRESULTs one severity bit, but the
 * documentation treats `S_FALSE`, `SEC_I_CONTINUE_NEEDED` and `STG_S_CONVERTED` differently):
 *
 * - S bit set -> `error`;
 * - S bit clear and facility 0 -> `success` (`S_OK`, `S_FALSE`, `SEC_E_OK`);
 * - S bit clear and facility not 0 -> `informational`: a success code that carries a
 *   facility-specific meaning the caller has to act on (`SEC_I_*`, `*_S_*` such as
 *   `SEC_I_CONTINUE_NEEDED` 0x00090312 or `STG_S_CONVERTED` 0x00030200).
 *
 * The rule reads the value only, never the name, so the same value always gets the same severity.
 */

export type StatusSpace = 'HRESULT' | 'NTSTATUS' | 'WIN32';
export type StatusSeverity = 'success' | 'informational' | 'warning' | 'error';

const UINT32_MAX = 0xffffffff;
const INT32_MIN = -0x80000000;

/**
 * The unsigned 32-bit form of a status value, so that `-2146893055` (a signed `LONG`/`HRESULT`
 * as C code or FFI returns it) and `0x80090301` compare equal.
 * Throws a RangeError for values that are not integers in -2^31 .. 2^32-1 (a programming error,
 * never page content: `parseStatusNumber` rejects those).
 */
export function toUint32(n: number): number {
  if (!Number.isInteger(n) || n < INT32_MIN || n > UINT32_MAX) {
    throw new RangeError(`${n} is not a 32-bit status value`);
  }
  return n >>> 0;
}

/** The signed 32-bit form (what a C `LONG`, `HRESULT` or `NTSTATUS` holds). */
export function toInt32(n: number): number {
  return toUint32(n) | 0;
}

/** `0x` and eight upper-case hex digits: `hex8(0x80090301) === '0x80090301'`. */
export function hex8(n: number): string {
  return '0x' + toUint32(n).toString(16).toUpperCase().padStart(8, '0');
}

/** See the module comment for the rule. */
export function severityOf(value: number, space: StatusSpace): StatusSeverity {
  const v = toUint32(value);
  switch (space) {
    case 'NTSTATUS':
      return (['success', 'informational', 'warning', 'error'] as const)[v >>> 30] ?? 'error';
    case 'WIN32':
      return v === 0 ? 'success' : 'error';
    case 'HRESULT':
      if (v & 0x80000000) return 'error';
      return facilityOf(v, 'HRESULT') === 0 ? 'success' : 'informational';
  }
}

/** True when the status counts as success for a caller (`SUCCEEDED`, `NT_SUCCESS`, `== ERROR_SUCCESS`). */
export function isSuccess(value: number, space: StatusSpace): boolean {
  const v = toUint32(value);
  switch (space) {
    case 'HRESULT':
      return (v & 0x80000000) === 0;
    case 'NTSTATUS':
      return v >>> 30 <= 1;
    case 'WIN32':
      return v === 0;
  }
}

/** Facility field: 11 bits for HRESULT, 12 bits for NTSTATUS; Win32 codes have none (0). */
export function facilityOf(value: number, space: StatusSpace): number {
  const v = toUint32(value);
  switch (space) {
    case 'HRESULT':
      return (v >>> 16) & 0x7ff;
    case 'NTSTATUS':
      return (v >>> 16) & 0xfff;
    case 'WIN32':
      return 0;
  }
}

/** The low 16 bits: the code within its facility. */
export function codeOf(value: number): number {
  return toUint32(value) & 0xffff;
}

/** The customer bit (bit 29): set for vendor- or application-defined values, in every space. */
export function customerBit(value: number): boolean {
  return (toUint32(value) & 0x20000000) !== 0;
}

/**
 * The numbering space a status name and value belong to, for pages that do not say.
 *
 * - `STATUS_*` -> NTSTATUS;
 * - values of 0x10000 and above (Win32 codes never exceed 0xFFFF): NTSTATUS for the `PREFIX_NT_*`
 *   variants that ntstatus.h defines (`RPC_NT_*`, `EPT_NT_*`), otherwise HRESULT;
 * - below 0x10000: HRESULT for the HRESULT / SECURITY_STATUS names that sit in facility 0
 *   (`S_OK`, `S_FALSE`, `E_*`, `SEC_E_OK`), otherwise WIN32 (`ERROR_*`, `NO_ERROR`, `WAIT_*`,
 *   `NERR_*`, `WSAE*`, `RPC_S_*`, `ERROR_NT_*`).
 */
export function spaceFromName(name: string, value: number): StatusSpace {
  if (/^STATUS_/.test(name)) return 'NTSTATUS';
  if (toUint32(value) >= 0x10000) return /^[A-Z][A-Z0-9]*_NT_/.test(name) ? 'NTSTATUS' : 'HRESULT';
  if (/^(S|E|SEC_[EIW])_/.test(name)) return 'HRESULT';
  return 'WIN32';
}

const HEX = /^[-−]?0x([0-9a-f]{1,8})(?:u|l|ul|lu|ll|ull|llu)?$/i;
const DEC = /^([-−]?)(\d{1,10})(?:u|l|ul|lu|ll|ull|llu)?$/i;
const DEC_AND_HEX = /^([-−]?\d{1,10})\s*\(\s*(0x[0-9a-f]{1,8})\s*\)$/i;
const HEX_AND_DEC = /^(0x[0-9a-f]{1,8})\s*\(\s*([-−]?\d{1,10})\s*\)$/i;

/**
 * Reads a status value as pages write it: hex with an optional C suffix (`0x80090301L`,
 * `0x00090312UL`), decimal (`120`, `-2146893055`), or both (`5 (0x5)`, `0x5 (5)`).
 * Returns the unsigned 32-bit value, or undefined when the text is not exactly one number, is out of
 * the 32-bit range, or gives two numbers that disagree.
 */
export function parseStatusNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '' || t.length > 40) return undefined;
  let m = DEC_AND_HEX.exec(t);
  if (m) return agree(parseDecimal(m[1] ?? ''), parseHex(m[2] ?? ''));
  m = HEX_AND_DEC.exec(t);
  if (m) return agree(parseHex(m[1] ?? ''), parseDecimal(m[2] ?? ''));
  if (HEX.test(t)) return parseHex(t);
  if (DEC.test(t)) return parseDecimal(t);
  return undefined;
}

function agree(a: number | undefined, b: number | undefined): number | undefined {
  return a !== undefined && a === b ? a : undefined;
}

function parseHex(text: string): number | undefined {
  const m = HEX.exec(text.trim());
  if (!m) return undefined;
  const n = parseInt(m[1] ?? '', 16);
  // A minus sign on a hex literal is unusual but C allows it: -0x1 is 0xFFFFFFFF.
  return /^[-−]/.test(text.trim()) ? inRange(-n) : inRange(n);
}

function parseDecimal(text: string): number | undefined {
  const m = DEC.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[2]);
  return inRange(m[1] ? -n : n);
}

function inRange(n: number): number | undefined {
  return Number.isInteger(n) && n >= INT32_MIN && n <= UINT32_MAX ? n >>> 0 : undefined;
}
