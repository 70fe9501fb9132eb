import { createAvailability, type Availability } from './availability.js';
import type { HistoryDatabase } from './database.js';
import { addEncoded, binCountsMedian, newBinCounts, type BinCounts } from './histogram.js';
import {
  alignDown,
  alignUp,
  HOUR_MS,
  MINUTE_MS,
  ROLLUP_SELECT_COLUMNS,
  type RollupSqlRow,
} from './rollup.js';
import { OUTAGE_COLUMNS, outageFromRow } from './store.js';
import type {
  CheckRecord,
  LatencySeries,
  OutageRecord,
  SeriesPoint,
  TimeWindow,
  UptimeSummary,
} from './types.js';

const DAY_MS = 24 * HOUR_MS;

/** Series bucket sizes, smallest first. Sizes below an hour come from minute rollups, the rest from hours. */
export const BUCKET_LADDER_MS: readonly number[] = [
  MINUTE_MS,
  2 * MINUTE_MS,
  5 * MINUTE_MS,
  10 * MINUTE_MS,
  15 * MINUTE_MS,
  30 * MINUTE_MS,
  HOUR_MS,
  2 * HOUR_MS,
  3 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  DAY_MS,
  7 * DAY_MS,
];

/** About one point per 3 px of a 900 px chart. Example: 24 h → 5 min buckets (288 points); 30 days → 3 h (240). */
export const DEFAULT_MAX_POINTS = 300;
const MAX_EXPLICIT_POINTS = 100_000;

export interface SeriesOptions {
  /** A multiple of one minute (below an hour) or of one hour; chosen from the window when absent. */
  readonly bucketMs?: number;
  readonly maxPoints?: number;
}

/**
 * The read side of the history. Reads never change the file. Bad arguments throw a RangeError naming the
 * value (they are programming or CLI-parsing errors); I/O failures propagate as better-sqlite3 errors.
 */
export interface HistoryQueries {
  /**
   * Uptime over [from, to): the percentages by time (availability.ts), plus check counts. Counts: whole
   * hours come from hour rollups, whole minutes from minute rollups and the ragged edges from raw checks,
   * so they are exact while raw rows exist for the edges; once pruned the edges round inward to whole
   * minutes (then whole hours). Time the monitor was not running (machine asleep) counts neither way.
   */
  uptime(window: TimeWindow): UptimeSummary;
  /** Monitored, offline and limited time in [from, to), ms: what uptime's percentages are made of. */
  availability(window: TimeWindow): Availability;
  /** Outages overlapping [from, to), oldest first, unclipped (an outage may start before `from`). */
  outages(window: TimeWindow): OutageRecord[];
  /** The longest outage overlapping the window (all time when absent); an open one counts up to now. */
  longestOutage(window?: TimeWindow): OutageRecord | null;
  /** Latency and loss per bucket; every bucket in the window is present, empty ones with nulls. */
  series(window: TimeWindow, options?: SeriesOptions): LatencySeries;
  /** Raw checks in [from, to), oldest first (only the last 7 days are kept by default). */
  checks(window: TimeWindow): IterableIterator<CheckRecord>;
}

interface CountRow {
  checks: number;
  online: number;
  limited: number;
  offline: number;
}

interface CheckSqlRow {
  at: number;
  status: CheckRecord['status'];
  latency_ms: number | null;
  cause_codes: string;
}

export function createHistoryQueries(
  db: HistoryDatabase,
  options: { now?: () => number } = {},
): HistoryQueries {
  const now = options.now ?? Date.now;
  const countRaw = db.prepare<[number, number], CountRow>(
    `SELECT count(*) AS checks, total(status = 'online') AS online, total(status = 'limited') AS limited,
            total(status = 'offline') AS offline
     FROM checks WHERE at >= ? AND at < ?`,
  );
  const countRollup = (table: string) =>
    db.prepare<[number, number], CountRow>(
      `SELECT total(checks) AS checks, total(online) AS online, total(limited) AS limited, total(offline) AS offline
       FROM ${table} WHERE bucket >= ? AND bucket < ?`,
    );
  const availability = createAvailability(db, now);
  const countMinutes = countRollup('rollup_minute');
  const countHours = countRollup('rollup_hour');
  const overlapping = `started_at < @to AND (ended_at IS NULL OR ended_at > @from)`;
  const selectOutages = db.prepare(
    `SELECT ${OUTAGE_COLUMNS} FROM outages WHERE ${overlapping} ORDER BY started_at`,
  );
  const selectLongest = db.prepare(
    `SELECT ${OUTAGE_COLUMNS} FROM outages WHERE ${overlapping}
     ORDER BY coalesce(ended_at, @now) - started_at DESC, started_at LIMIT 1`,
  );
  const rollupRows = (table: string) =>
    db.prepare<[number, number], RollupSqlRow>(
      `SELECT ${ROLLUP_SELECT_COLUMNS} FROM ${table} WHERE bucket >= ? AND bucket < ? ORDER BY bucket`,
    );
  const minuteRows = rollupRows('rollup_minute');
  const hourRows = rollupRows('rollup_hour');
  const earliestMinute = db.prepare<[], { b: number | null }>('SELECT min(bucket) AS b FROM rollup_minute');
  const earliestHour = db.prepare<[], { b: number | null }>('SELECT min(bucket) AS b FROM rollup_hour');
  const selectChecks = db.prepare<[number, number], CheckSqlRow>(
    'SELECT at, status, latency_ms, cause_codes FROM checks WHERE at >= ? AND at < ? ORDER BY at, id',
  );

  /** Minute rollups serve a window unless they were pruned for part of it while hour rollups were not. */
  function minutesCover(from: number): boolean {
    const minute = earliestMinute.get()?.b ?? null;
    const hour = earliestHour.get()?.b ?? null;
    if (minute === null) return hour === null;
    return minute <= from || hour === null || hour >= alignDown(minute, HOUR_MS);
  }

  return {
    uptime(window) {
      checkWindow(window);
      const total: CountRow = { checks: 0, online: 0, limited: 0, offline: 0 };
      for (const segment of uptimeSegments(window)) {
        const statement =
          segment.source === 'raw' ? countRaw : segment.source === 'minute' ? countMinutes : countHours;
        const row = statement.get(segment.from, segment.to);
        if (row === undefined) continue;
        total.checks += row.checks;
        total.online += row.online;
        total.limited += row.limited;
        total.offline += row.offline;
      }
      const time = availability(window);
      return {
        window,
        ...total,
        uptimePercent: percent(time.monitoredMs - time.offlineMs, time.monitoredMs),
        onlinePercent: percent(time.monitoredMs - time.offlineMs - time.limitedMs, time.monitoredMs),
      };
    },
    availability(window) {
      checkWindow(window);
      return availability(window);
    },
    outages(window) {
      checkWindow(window);
      return (
        selectOutages.all({ from: window.from, to: window.to }) as Parameters<typeof outageFromRow>[0][]
      ).map(outageFromRow);
    },
    longestOutage(window) {
      if (window !== undefined) checkWindow(window);
      const row = selectLongest.get({
        from: window?.from ?? Number.MIN_SAFE_INTEGER,
        to: window?.to ?? Number.MAX_SAFE_INTEGER,
        now: now(),
      }) as Parameters<typeof outageFromRow>[0] | undefined;
      return row === undefined ? null : outageFromRow(row);
    },
    series(window, seriesOptions = {}) {
      checkWindow(window);
      let bucketMs =
        seriesOptions.bucketMs ?? chooseBucketMs(window, seriesOptions.maxPoints ?? DEFAULT_MAX_POINTS);
      checkBucket(window, bucketMs);
      if (bucketMs < HOUR_MS && !minutesCover(alignDown(window.from, bucketMs))) bucketMs = HOUR_MS;
      const source = bucketMs < HOUR_MS ? 'minute' : 'hour';
      const first = alignDown(window.from, bucketMs);
      const end = alignUp(window.to, bucketMs);
      const accumulators: Accumulator[] = [];
      for (let start = first; start < end; start += bucketMs) accumulators.push(newAccumulator(start));
      for (const row of (source === 'minute' ? minuteRows : hourRows).iterate(first, end)) {
        const target = accumulators[Math.floor((row.bucket - first) / bucketMs)];
        if (target !== undefined) accumulate(target, row);
      }
      return { window, bucketMs, source, points: accumulators.map(toPoint) };
    },
    *checks(window) {
      checkWindow(window);
      for (const row of selectChecks.iterate(window.from, window.to)) {
        yield {
          at: row.at,
          status: row.status,
          latencyMs: row.latency_ms,
          causeCodes: row.cause_codes === '' ? [] : row.cause_codes.split(','),
        };
      }
    },
  };
}

/** The smallest ladder size that keeps the series at or under maxPoints buckets. */
export function chooseBucketMs(window: TimeWindow, maxPoints: number = DEFAULT_MAX_POINTS): number {
  if (!(Number.isInteger(maxPoints) && maxPoints > 0)) {
    throw new RangeError(`maxPoints must be a positive integer, got ${String(maxPoints)}`);
  }
  const wanted = (window.to - window.from) / maxPoints;
  return (
    BUCKET_LADDER_MS.find((size) => size >= wanted) ?? BUCKET_LADDER_MS[BUCKET_LADDER_MS.length - 1] ?? DAY_MS
  );
}

export interface UptimeSegment {
  readonly source: 'raw' | 'minute' | 'hour';
  readonly from: number;
  readonly to: number;
}

/** Splits [from, to) into whole hours, then whole minutes, then raw ragged edges. */
export function uptimeSegments(window: TimeWindow): UptimeSegment[] {
  const segments: UptimeSegment[] = [];
  const split = (from: number, to: number, sizes: readonly number[]): void => {
    if (from >= to) return;
    const [size, ...finer] = sizes;
    if (size === undefined) {
      segments.push({ source: 'raw', from, to });
      return;
    }
    const start = alignUp(from, size);
    const end = alignDown(to, size);
    if (start >= end) {
      split(from, to, finer);
      return;
    }
    split(from, start, finer);
    segments.push({ source: size === HOUR_MS ? 'hour' : 'minute', from: start, to: end });
    split(end, to, finer);
  };
  split(window.from, window.to, [HOUR_MS, MINUTE_MS]);
  return segments;
}

interface Accumulator {
  readonly start: number;
  checks: number;
  offline: number;
  limited: number;
  latencyCount: number;
  latencySum: number;
  latencyMin: number | null;
  latencyMax: number | null;
  readonly histogram: BinCounts;
}

function newAccumulator(start: number): Accumulator {
  return {
    start,
    checks: 0,
    offline: 0,
    limited: 0,
    latencyCount: 0,
    latencySum: 0,
    latencyMin: null,
    latencyMax: null,
    histogram: newBinCounts(),
  };
}

function accumulate(target: Accumulator, row: RollupSqlRow): void {
  target.checks += row.checks;
  target.offline += row.offline;
  target.limited += row.limited;
  target.latencyCount += row.latency_count;
  target.latencySum += row.latency_sum;
  if (row.latency_min !== null) {
    target.latencyMin =
      target.latencyMin === null ? row.latency_min : Math.min(target.latencyMin, row.latency_min);
  }
  if (row.latency_max !== null) {
    target.latencyMax =
      target.latencyMax === null ? row.latency_max : Math.max(target.latencyMax, row.latency_max);
  }
  addEncoded(row.latency_hist, target.histogram);
}

function toPoint(a: Accumulator): SeriesPoint {
  const hasLatency = a.latencyCount > 0 && a.latencyMin !== null && a.latencyMax !== null;
  return {
    start: a.start,
    checks: a.checks,
    failures: a.offline,
    limited: a.limited,
    lossPercent: percent(a.offline, a.checks),
    latencyMinMs: a.latencyMin,
    latencyMedianMs: hasLatency ? binCountsMedian(a.histogram, a.latencyMin ?? 0, a.latencyMax ?? 0) : null,
    latencyMaxMs: a.latencyMax,
    latencyMeanMs: a.latencyCount > 0 ? a.latencySum / a.latencyCount : null,
  };
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : (part / whole) * 100;
}

export function checkWindow(window: TimeWindow): void {
  if (!Number.isFinite(window.from))
    throw new RangeError(`window.from must be epoch ms, got ${String(window.from)}`);
  if (!Number.isFinite(window.to))
    throw new RangeError(`window.to must be epoch ms, got ${String(window.to)}`);
  if (window.to <= window.from) {
    throw new RangeError(`window.to (${window.to}) must be after window.from (${window.from})`);
  }
}

function checkBucket(window: TimeWindow, bucketMs: number): void {
  const aligned = bucketMs < HOUR_MS ? bucketMs % MINUTE_MS === 0 : bucketMs % HOUR_MS === 0;
  if (!(Number.isInteger(bucketMs) && bucketMs > 0 && aligned)) {
    throw new RangeError(
      `bucketMs must be a whole number of minutes below an hour or of hours above, got ${String(bucketMs)}`,
    );
  }
  if ((window.to - window.from) / bucketMs > MAX_EXPLICIT_POINTS) {
    throw new RangeError(
      `bucketMs ${bucketMs} gives more than ${MAX_EXPLICIT_POINTS} points for this window`,
    );
  }
}
