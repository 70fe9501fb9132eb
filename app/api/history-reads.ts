/**
 * The two reads the timeline needs that app/history/queries.ts does not offer: the status changes, and
 * where checks ran (from the rollups, which outlive the raw checks). Read-only, prepared once.
 */
import type { HistoryDatabase } from '../history/database.js';
import { alignDown, HOUR_MS, MINUTE_MS } from '../history/rollup.js';
import type { TimeWindow } from '../history/types.js';
import { mergeStretches, stretchesFromBuckets, type Stretch, type TimelineChange } from './timeline.js';

export interface TimelineReads {
  /** Changes inside the window, preceded by the last one before it (how the window began). */
  changes(window: TimeWindow): TimelineChange[];
  /** Stretches in which checks ran, for a monitor checking every `intervalMs`. */
  covered(window: TimeWindow, intervalMs: number): Stretch[];
}

const VERDICTS = new Set(['online', 'limited', 'offline']);
/** Windows up to a week (10 080 minute rows at most) get minute resolution; longer ones hour resolution. */
export const MINUTE_RESOLUTION_UP_TO_MS = 7 * 24 * HOUR_MS;

export function createTimelineReads(db: HistoryDatabase): TimelineReads {
  const changesIn = db.prepare<[number, number], { at: number; to_state: string }>(
    'SELECT at, to_state FROM status_changes WHERE at >= ? AND at < ? ORDER BY at, id',
  );
  const changeBefore = db.prepare<[number], { at: number; to_state: string }>(
    'SELECT at, to_state FROM status_changes WHERE at < ? ORDER BY at DESC, id DESC LIMIT 1',
  );
  const buckets = (table: string) =>
    db
      .prepare<[number, number], number>(
        `SELECT bucket FROM ${table} WHERE bucket >= ? AND bucket < ? ORDER BY bucket`,
      )
      .pluck();
  const minuteBuckets = buckets('rollup_minute');
  const hourBuckets = buckets('rollup_hour');
  const earliestMinute = db.prepare<[], number | null>('SELECT min(bucket) FROM rollup_minute').pluck();
  const minuteBounds = db.prepare<[number, number], { first: number | null; last: number | null }>(
    'SELECT min(bucket) AS first, max(bucket) AS last FROM rollup_minute WHERE bucket >= ? AND bucket < ?',
  );
  /**
   * An hour bucket says only "some check in this hour": where the minute rollups still cover the
   * stretch's first and last hour, start and end it at the minutes, so a monitor first started at 05:31
   * is not drawn as online from 05:00 (nor one stopped at 05:12 as online until 06:00).
   */
  const refineHours = (stretch: Stretch, intervalMs: number): Stretch => {
    const first = minuteBounds.get(stretch.start, stretch.start + HOUR_MS)?.first ?? null;
    const lastHour = stretch.end - intervalMs - HOUR_MS;
    const last = minuteBounds.get(lastHour, lastHour + HOUR_MS)?.last ?? null;
    return refineStart({
      start: first ?? stretch.start,
      end: last === null ? stretch.end : last + MINUTE_MS + intervalMs,
    });
  };
  const firstCheckIn = db
    .prepare<[number, number], number | null>('SELECT min(at) FROM checks WHERE at >= ? AND at < ?')
    .pluck();
  /** A minute bucket starts at :00; the raw checks (7 days) say when in that minute checking began. */
  const refineStart = (stretch: Stretch): Stretch => ({
    start: firstCheckIn.get(stretch.start, stretch.start + MINUTE_MS) ?? stretch.start,
    end: stretch.end,
  });

  return {
    changes(window) {
      const before = changeBefore.get(window.from);
      const rows = [...(before === undefined ? [] : [before]), ...changesIn.all(window.from, window.to)];
      // The recorder keeps verdicts only; anything else (a future state) is shown as not known.
      return rows.map((row) => ({
        at: row.at,
        to: VERDICTS.has(row.to_state) ? (row.to_state as TimelineChange['to']) : 'unknown',
      }));
    },
    covered(window, intervalMs) {
      const read = (
        from: number,
        to: number,
        bucketMs: number,
        statement: typeof minuteBuckets,
      ): Stretch[] => {
        if (!(to > from)) return [];
        // Two intervals without a check is a gap; one late check is not.
        const gapMs = bucketMs + 2 * intervalMs;
        return stretchesFromBuckets(statement.all(from - gapMs, to), bucketMs, intervalMs, gapMs);
      };
      // The strip is about 1000 px wide: over 30 days a pixel is ~43 minutes, so hour buckets lose nothing
      // visible there and spare reading 43 200 minute rows (~19 ms, most of the 30-day reply's time).
      if (window.to - window.from > MINUTE_RESOLUTION_UP_TO_MS) {
        return read(window.from, window.to, HOUR_MS, hourBuckets).map((s) => refineHours(s, intervalMs));
      }
      // Minute rollups are kept for 30 days, hour rollups for a year: hours fill in where minutes are gone,
      // and only there: the hour that holds the first minute row is read from minutes, or a monitor first
      // started at 06:17 would be drawn from 06:00.
      const earliest = earliestMinute.get() ?? null;
      const minutesFrom = Math.max(window.from, earliest === null ? window.to : alignDown(earliest, HOUR_MS));
      return mergeStretches([
        ...read(window.from, minutesFrom, HOUR_MS, hourBuckets),
        ...read(minutesFrom, window.to, MINUTE_MS, minuteBuckets).map(refineStart),
      ]);
    },
  };
}
