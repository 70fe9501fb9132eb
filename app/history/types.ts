import type { Status } from '../diagnosis/types.js';

/** What the monitor can be doing; status changes may name the two non-verdict states too. */
export type MonitorState = Status | 'checking' | 'paused';

/** One diagnosis run as the history keeps it. */
export interface CheckRecord {
  /** Epoch milliseconds (wall clock), when the check started. */
  readonly at: number;
  readonly status: Status;
  /** Round trip of the fastest successful probe; null when nothing answered. */
  readonly latencyMs: number | null;
  /** Cause codes (kebab-case, DESIGN.md §3) the diagnosis named, lowest layer first. */
  readonly causeCodes: readonly string[];
}

/** The monitor's state machine moved from one state to another (after its hysteresis). */
export interface StatusChangeRecord {
  readonly at: number;
  /** null for the first state after the monitor starts. */
  readonly from: MonitorState | null;
  readonly to: MonitorState;
  readonly causeCodes: readonly string[];
}

/** A period the monitor judged offline. Kept forever unless the retention policy says otherwise. */
export interface OutageRecord {
  readonly id: number;
  readonly startedAt: number;
  /** null while the outage is still going on. */
  readonly endedAt: number | null;
  readonly durationMs: number | null;
  /** The cause code named when the outage started (or updated when it closed). */
  readonly cause: string;
  /** One plain-language line for lists and notifications. */
  readonly summary: string;
}

/** A half-open interval [from, to) of epoch milliseconds. */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

export type HistoryErrorKind =
  | 'disk-full'
  | 'read-only'
  | 'busy'
  | 'corrupt'
  | 'cannot-open'
  | 'io'
  | 'newer-schema'
  /** Another program's SQLite file (or one that only looks like ours): refused, never changed. */
  | 'foreign'
  /** Another live monitor holds the writer lock (writer-lock.ts). */
  | 'in-use'
  | 'invalid-input'
  | 'closed'
  | 'unknown';

/** A failed history operation, as data: the monitor logs it and keeps monitoring. */
export interface HistoryError {
  readonly kind: HistoryErrorKind;
  /** The raw SQLite or OS code (`SQLITE_FULL`, `EROFS` …), null when there is none. */
  readonly code: string | null;
  /** What was being done: `recordCheck`, `open`, `prune` … */
  readonly operation: string;
  readonly message: string;
}

export type WriteResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: HistoryError };

/**
 * Uptime over a window: percentages by time (history/availability.ts says how monitored, offline and
 * limited time are measured), check counts for reference. Percentages are null when nothing was monitored.
 */
export interface UptimeSummary {
  readonly window: TimeWindow;
  readonly checks: number;
  readonly online: number;
  readonly limited: number;
  readonly offline: number;
  /** Share of the monitored time that was not offline (online or limited counts as up), in percent. */
  readonly uptimePercent: number | null;
  /** Share of the monitored time that was fully online (neither offline nor limited), in percent. */
  readonly onlinePercent: number | null;
}

/** One bucket of the latency and loss series. Buckets with no checks are present, with zeros and nulls. */
export interface SeriesPoint {
  /** Bucket start, epoch ms, aligned to a multiple of the bucket size (UTC). */
  readonly start: number;
  readonly checks: number;
  /** Offline checks. */
  readonly failures: number;
  readonly limited: number;
  /** failures / checks in percent; null when the bucket has no checks. */
  readonly lossPercent: number | null;
  readonly latencyMinMs: number | null;
  /** Approximate (log histogram, within 2.2 % of the middle sample); see histogram.ts. */
  readonly latencyMedianMs: number | null;
  readonly latencyMaxMs: number | null;
  readonly latencyMeanMs: number | null;
}

export interface LatencySeries {
  readonly window: TimeWindow;
  readonly bucketMs: number;
  /** Which rollup table the points were built from. */
  readonly source: 'minute' | 'hour';
  readonly points: readonly SeriesPoint[];
}
