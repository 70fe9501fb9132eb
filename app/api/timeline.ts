/**
 * The timeline strip: a window cut into stretches of one status. Pure, so every rule is tested without a
 * database. The rules, in order, for any moment:
 * 1. no check ran near it (monitor stopped, machine asleep, paused) → `unknown`: we do not know;
 * 2. else the last recorded status change before it says what the status was;
 * 3. else (no change recorded that far back, e.g. pruned or imported) → `offline` inside a recorded outage,
 *    `online` outside one: the monitor records every outage, so a checked moment outside all was fine.
 */
import { union } from '../history/intervals.js';
import type { TimelineSegment } from './contract.js';

export type TimelineStatus = TimelineSegment['status'];

export interface Stretch {
  readonly start: number;
  readonly end: number;
}

export interface TimelineChange {
  readonly at: number;
  readonly to: TimelineStatus;
}

export interface TimelineOutage {
  readonly startedAt: number;
  /** null while it goes on. */
  readonly endedAt: number | null;
}

export interface TimelineInput {
  readonly from: number;
  readonly to: number;
  /** Where checks ran, sorted by start; may reach outside the window. */
  readonly covered: readonly Stretch[];
  /** Status changes sorted by time; the last one before `from` belongs here too (it says how the window began). */
  readonly changes: readonly TimelineChange[];
  readonly outages: readonly TimelineOutage[];
}

export function buildTimeline(input: TimelineInput): TimelineSegment[] {
  const { from, to } = input;
  if (!(to > from)) return [];
  const cuts = new Set<number>([from, to]);
  const within = (at: number): void => {
    if (at > from && at < to) cuts.add(at);
  };
  for (const stretch of input.covered) {
    within(stretch.start);
    within(stretch.end);
  }
  for (const change of input.changes) within(change.at);
  for (const outage of input.outages) {
    within(outage.startedAt);
    if (outage.endedAt !== null) within(outage.endedAt);
  }
  const points = [...cuts].sort((a, b) => a - b);

  const segments: TimelineSegment[] = [];
  for (let index = 0; index + 1 < points.length; index += 1) {
    const start = points[index] ?? from;
    const end = points[index + 1] ?? to;
    const status = statusAt(input, start);
    const last = segments[segments.length - 1];
    if (last !== undefined && last.status === status && last.end === start) {
      segments[segments.length - 1] = { start: last.start, end, status };
    } else {
      segments.push({ start, end, status });
    }
  }
  return segments;
}

/** The status from `at` until the next cut; every boundary is a cut, so one moment speaks for the stretch. */
function statusAt(input: TimelineInput, at: number): TimelineStatus {
  if (!isCovered(input.covered, at)) return 'unknown';
  const change = lastAtOrBefore(input.changes, at);
  if (change !== null) return change.to;
  const inOutage = input.outages.some(
    (outage) => outage.startedAt <= at && (outage.endedAt === null || at < outage.endedAt),
  );
  return inOutage ? 'offline' : 'online';
}

function isCovered(covered: readonly Stretch[], at: number): boolean {
  let low = 0;
  let high = covered.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const stretch = covered[middle];
    if (stretch === undefined) return false;
    if (at < stretch.start) high = middle - 1;
    else if (at >= stretch.end) low = middle + 1;
    else return true;
  }
  return false;
}

function lastAtOrBefore(changes: readonly TimelineChange[], at: number): TimelineChange | null {
  let low = 0;
  let high = changes.length - 1;
  let found: TimelineChange | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const change = changes[middle];
    if (change === undefined) break;
    if (change.at <= at) {
      found = change;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/**
 * Turns the time buckets that hold checks into covered stretches. A bucket covers its own span plus one
 * check interval after it (a check speaks for the time until the next one is due); buckets closer than
 * `gapMs` are joined, so only a real pause in checking shows as unknown.
 */
export function stretchesFromBuckets(
  buckets: readonly number[],
  bucketMs: number,
  intervalMs: number,
  gapMs: number,
): Stretch[] {
  const stretches: Stretch[] = [];
  let start: number | null = null;
  let previous = 0;
  for (const bucket of buckets) {
    if (start === null) {
      start = bucket;
    } else if (bucket - previous > gapMs) {
      stretches.push({ start, end: previous + bucketMs + intervalMs });
      start = bucket;
    }
    previous = bucket;
  }
  if (start !== null) stretches.push({ start, end: previous + bucketMs + intervalMs });
  return stretches;
}

/** Joins overlapping or touching stretches (the uptime arithmetic's union); the input may be in any order. */
export function mergeStretches(stretches: readonly Stretch[]): Stretch[] {
  return union(stretches.map((s) => ({ from: s.start, to: s.end }))).map((s) => ({
    start: s.from,
    end: s.to,
  }));
}
