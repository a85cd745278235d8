/**
 * Recognising status names (`SEC_E_OK`, `STATUS_SUCCESS`, `ERROR_ACCESS_DENIED`, `E_FAIL`,
 * `RPC_S_OK`, `NTE_BAD_KEY`, `D3DERR_INVALIDCALL`, `NDIS_STATUS_PENDING`) by their shape, and the numeric value a
 * page writes beside one (`0x80090300L`, `(5)`).
 *
 * The rule is structural, not a list of names: an UPPER_SNAKE token is a status name when
 * one of its segments is a one-letter severity marker (E, S, I, W, F, X, as in `SEC_E_…`,
 * `S_OK`, `SCARD_W_…`), when a segment says STATUS or ERROR, or when the family prefix ends
 * in ERR/NTE (`D3DERR_…`, `NTE_…`).
 */

const TOKEN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const SEVERITY_SEGMENT = /^[ESIWFX]$/;
const STATUS_SEGMENT = /^(?:STATUS|ERROR)$/;
/** Last segments that name a type rather than a status (`IO_STATUS_BLOCK`, `ERROR_INFO`). */
const TYPE_LIKE_TAIL = /^(?:BLOCK|INFO|INFORMATION|STRUCT|TYPE|ENTRY|RECORD|CALLBACK|ROUTINE)$/;
const FAMILY_PREFIX = /^(?:[A-Z0-9]*ERR|NTE)$/;

export function isStatusName(token: string): boolean {
  if (!TOKEN.test(token)) return false;
  const segments = token.split('_');
  const first = segments[0] ?? '';
  // The severity letter sits first (`E_FAIL`, `S_OK`) or second (`SEC_E_OK`, `RPC_S_OK`).
  if (segments.slice(0, 2).some((s) => SEVERITY_SEGMENT.test(s))) return !SEVERITY_SEGMENT.test(segments.at(-1) ?? '');
  if (FAMILY_PREFIX.test(first)) return true;
  const statusAt = segments.findIndex((s) => STATUS_SEGMENT.test(s));
  if (statusAt < 0) return false;
  if (statusAt === segments.length - 1) return segments.length === 2 && first === 'NO'; // NO_ERROR
  // `IO_STATUS_BLOCK` is a type: STATUS followed by a single type word.
  return statusAt <= 1 && !(segments.length === statusAt + 2 && TYPE_LIKE_TAIL.test(segments.at(-1) ?? ''));
}

const WORD = /[A-Za-z0-9_]+/g;

/** Status names in a text, in order of appearance, each with its offset. */
export function findStatusNames(text: string): { name: string; index: number }[] {
  const found: { name: string; index: number }[] = [];
  for (const m of text.matchAll(WORD)) if (isStatusName(m[0])) found.push({ name: m[0], index: m.index ?? 0 });
  return found;
}

/** The first status name in a text, if any. */
export function firstStatusName(text: string): string | undefined {
  return findStatusNames(text)[0]?.name;
}

const HEX = /\b0x([0-9A-Fa-f]{1,8})L?\b/;
const DECIMAL = /(?:^|[\s(=:])(-?\d{1,10})L?(?:$|[\s).,;])/;

/**
 * A numeric value written in a short text beside a status name: hexadecimal (`0x80090300L`)
 * or decimal (`(5)`, `= 1300`). Hexadecimal values are returned as the unsigned 32-bit number
 * written; negative decimals as written.
 */
export function inlineValue(text: string): number | undefined {
  const hex = HEX.exec(text);
  if (hex?.[1]) return Number.parseInt(hex[1], 16);
  const dec = DECIMAL.exec(text);
  if (dec?.[1]) {
    const n = Number.parseInt(dec[1], 10);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}
