import { fail, ok, type Parsed } from './parsed.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const HINT = 'must be a duration like 500, 500ms, 5s or 1m';

/** Reads `500`, `500ms`, `5s`, `1m`, `1h` (a bare number is milliseconds) into whole milliseconds. */
export function parseDuration(text: string): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed.startsWith('-')) return fail('must not be negative');
  const match = DURATION.exec(trimmed);
  if (match === null) return fail(HINT);
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
  if (!Number.isInteger(ms)) return fail('must be a whole number of milliseconds');
  return ok(ms);
}

/** A duration with bounds; the bounds are quoted in ms because that is the unit of every key. */
export function parseDurationInRange(text: string, minMs: number, maxMs: number): Parsed<number> {
  const parsed = parseDuration(text);
  if (!parsed.ok) return parsed;
  if (parsed.value < minMs || parsed.value > maxMs) return fail(`must be ${minMs}–${maxMs} ms`);
  return parsed;
}
