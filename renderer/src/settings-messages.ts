// The interval field is in seconds while the API speaks milliseconds: messages about it are put in the
// field's unit, so "0.5" never comes back as "500: must be 1000–3600000 ms".
import { INTERVAL_MAX_MS, INTERVAL_MIN_MS } from '../../app/config/defaults.js';

const SECOND_MS = 1000;
export const INTERVAL_SECONDS = { min: INTERVAL_MIN_MS / SECOND_MS, max: INTERVAL_MAX_MS / SECOND_MS };

/** Null when `seconds` is allowed; otherwise what to enter, echoing what was typed. */
export function intervalRangeError(typed: string, seconds: number): string | null {
  const { min, max } = INTERVAL_SECONDS;
  if (seconds < min) return `Enter ${min}–${max} seconds; ${typed} is too short.`;
  if (seconds > max) return `Enter ${min}–${max} seconds; ${typed} is too long.`;
  return null;
}

/** A value the server echoes first (`"500": `, `500: `), which in ms is not what the user typed. */
const ECHOED_VALUE = /^(?:"(?:[^"\\]|\\.)*"|-?[\d.e+]+): /i;
const MS_RANGE = /(\d+)\s*[–-]\s*(\d+) ms\b/g;

/** A server message about intervalMs, in seconds and without the millisecond echo. */
export function intervalMessageInSeconds(message: string): string {
  return message
    .replace(ECHOED_VALUE, '')
    .replace(
      MS_RANGE,
      (_, min: string, max: string) => `${Number(min) / SECOND_MS}–${Number(max) / SECOND_MS} seconds`,
    );
}
