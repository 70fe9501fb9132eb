import { fail, ok, type Parsed } from '../config/parsed.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};
const RELATIVE = /^(\d+)(m|h|d|w)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const HINT = 'must be a span like 24h, 7d or 30d, or a date like 2026-12-01 (or 2026-12-01T08:00)';
/** No monitor can have recorded earlier: further back is a typo, and it keeps every window's arithmetic finite. */
export const MAX_SINCE_BACK_MS = 100 * 365.25 * 86_400_000;
const TOO_FAR = 'is too far back: the history starts no earlier than 1970 and reaches back at most 100 years';

/**
 * `--since`: a span back from now (`90m`, `24h`, `7d`, `2w`) or a start time. A bare date is local
 * midnight and a date-time without a zone is local time, as a person at this machine means them; a
 * trailing `Z` or offset is honoured. Returns epoch ms.
 */
export function parseSince(text: string, now: number): Parsed<number> {
  const trimmed = text.trim();
  const relative = RELATIVE.exec(trimmed);
  if (relative !== null) {
    const span = Number(relative[1]) * (UNIT_MS[relative[2] ?? 'h'] ?? 0);
    if (span === 0) return fail('must be a span longer than zero, like 24h');
    // A span of 20 digits is not even a safe integer; checked before the subtraction can make a NaN date.
    if (!(span <= MAX_SINCE_BACK_MS) || now - span < 0) return fail(TOO_FAR);
    return ok(now - span);
  }
  let at: number;
  const date = DATE.exec(trimmed);
  if (date !== null) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const local = new Date(year, month - 1, day);
    if (local.getFullYear() !== year || local.getMonth() !== month - 1 || local.getDate() !== day) {
      return fail('is not a calendar date');
    }
    at = local.getTime();
  } else if (DATE_TIME.test(trimmed)) {
    at = Date.parse(trimmed.replace(' ', 'T'));
    if (Number.isNaN(at)) return fail('is not a valid date and time');
  } else {
    return fail(HINT);
  }
  if (at > now) return fail('is in the future');
  if (!(now - at <= MAX_SINCE_BACK_MS) || at < 0) return fail(TOO_FAR);
  return ok(at);
}
