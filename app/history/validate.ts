import type { CheckRecord, StatusChangeRecord } from './types.js';

const STATUSES: ReadonlySet<string> = new Set(['online', 'limited', 'offline']);
const MONITOR_STATES: ReadonlySet<string> = new Set(['online', 'limited', 'offline', 'checking', 'paused']);
// Codes are stored comma-joined, so a code must be kebab-case (DESIGN.md §3), which also rules out commas.
const CAUSE_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Returns a message naming the first bad value, or null when the record is fine. */
export function checkRecordProblem(check: CheckRecord): string | null {
  return (
    timeProblem('at', check.at) ??
    (STATUSES.has(check.status)
      ? null
      : `status must be online, limited or offline, got ${show(check.status)}`) ??
    (check.latencyMs === null || (Number.isFinite(check.latencyMs) && check.latencyMs >= 0)
      ? null
      : `latencyMs must be null or a finite number ≥ 0, got ${show(check.latencyMs)}`) ??
    causeCodesProblem(check.causeCodes)
  );
}

export function statusChangeProblem(change: StatusChangeRecord): string | null {
  return (
    timeProblem('at', change.at) ??
    (change.from === null || MONITOR_STATES.has(change.from)
      ? null
      : `from is not a monitor state: ${show(change.from)}`) ??
    (MONITOR_STATES.has(change.to) ? null : `to is not a monitor state: ${show(change.to)}`) ??
    causeCodesProblem(change.causeCodes)
  );
}

export function timeProblem(name: string, value: number): string | null {
  return Number.isSafeInteger(value) && value >= 0
    ? null
    : `${name} must be epoch milliseconds (an integer ≥ 0), got ${show(value)}`;
}

function causeCodesProblem(codes: readonly string[]): string | null {
  if (!Array.isArray(codes)) return `causeCodes must be an array of strings, got ${show(codes)}`;
  const bad = codes.find((code) => typeof code !== 'string' || !CAUSE_CODE.test(code));
  return bad === undefined ? null : `cause code must be kebab-case, got ${show(bad)}`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
