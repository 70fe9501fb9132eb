/**
 * Uptime by time, not by check count. While the line is down the monitor checks every 2 s and confirms
 * every failure at once, while it is up every 5 s, so counting checks weighs an outage 2.5× or more.
 *
 * - Monitored time: the minutes that hold a check (minute rollups, 30 days), narrowed at both ends of each
 *   run of such minutes with the raw checks (7 days): a run starts at its first check and ends one check
 *   interval after its last (the gap before that last check), never past the end of its minute. Older
 *   history has no raw checks, so whole minutes count there, and whole hours past the minute rollups.
 *   Time the monitor was not running (stopped, machine asleep) is not monitored and counts neither way.
 * - Offline time: the recorded outages (kept forever) inside the window; an outage still open counts up to
 *   its last recorded check. Outage time always counts as monitored.
 * - Limited time: the spans the status changes (kept a year) say were `limited`, inside monitored time.
 *
 * uptime = 1 − offline / monitored ("not offline": online or limited is up, as before);
 * fully online = 1 − (offline + limited) / monitored.
 */
import type Database from 'better-sqlite3';
import type { HistoryDatabase } from './database.js';
import { clip, intersect, measure, subtract, union, type Span } from './intervals.js';
import { alignDown, alignUp, HOUR_MS, MINUTE_MS } from './rollup.js';
import type { TimeWindow } from './types.js';

export interface Availability {
  readonly monitoredMs: number;
  readonly offlineMs: number;
  readonly limitedMs: number;
}

export function createAvailability(
  db: HistoryDatabase,
  now: () => number,
): (window: TimeWindow) => Availability {
  const tables = {
    minute: bucketReads(db, 'rollup_minute'),
    hour: bucketReads(db, 'rollup_hour'),
  };
  const earliestMinute = db.prepare<[], number | null>('SELECT min(bucket) FROM rollup_minute').pluck();
  // Hour rollups outlive minute rollups and span the same time, so they bound what is known.
  const extent = db.prepare<[], { first: number | null; last: number | null }>(
    'SELECT min(bucket) AS first, max(bucket) AS last FROM rollup_hour',
  );
  const firstCheck = db
    .prepare<[number, number], number | null>('SELECT min(at) FROM checks WHERE at >= ? AND at < ?')
    .pluck();
  const lastTwoChecks = db
    .prepare<[number, number], number>(
      'SELECT at FROM checks WHERE at >= ? AND at < ? ORDER BY at DESC LIMIT 2',
    )
    .pluck();
  const outages = db.prepare<[number, number], { started_at: number; ended_at: number | null }>(
    'SELECT started_at, ended_at FROM outages WHERE started_at < ? AND (ended_at IS NULL OR ended_at > ?)',
  );
  const lastCheckSince = db
    .prepare<[number], number | null>('SELECT max(at) FROM checks WHERE at >= ?')
    .pluck();
  const changesIn = db.prepare<[number, number], { at: number; to_state: string }>(
    'SELECT at, to_state FROM status_changes WHERE at >= ? AND at < ? ORDER BY at, id',
  );
  const changeBefore = db.prepare<[number], { at: number; to_state: string }>(
    'SELECT at, to_state FROM status_changes WHERE at < ? ORDER BY at DESC, id DESC LIMIT 1',
  );

  /**
   * Runs of buckets that hold a check, found by halving: a stretch whose row count equals its length is
   * whole, one with none is empty, and only the rest is split, down to 60 buckets read one by one.
   * A steady monitor's 30 days is then one count over 43 200 minute rows (about a millisecond), where
   * reading every row would take tens; a monitor with an interval above a minute makes every hour ragged
   * and takes the slow path.
   */
  function runs(from: number, to: number, bucketMs: number, reads: BucketReads): Span[] {
    const spans: Span[] = [];
    const leaf = 60 * bucketMs;
    const visit = (start: number, end: number): void => {
      const rows = reads.count.get(start, end) ?? 0;
      if (rows === 0) return;
      if (rows === (end - start) / bucketMs) {
        spans.push({ from: start, to: end });
      } else if (end - start <= leaf) {
        for (const bucket of reads.buckets.iterate(start, end))
          spans.push({ from: bucket, to: bucket + bucketMs });
      } else {
        const middle = alignDown((start + end) / 2, bucketMs);
        visit(start, middle);
        visit(middle, end);
      }
    };
    visit(alignDown(from, bucketMs), alignUp(to, bucketMs));
    return union(spans);
  }

  /**
   * Minute runs narrowed with the raw checks. The minute before and after the window are read too, so a
   * run that goes on past the window's edge is not taken to start or end there.
   */
  function minuteCoverage(from: number, to: number): (Span & { readonly lastAt: number | null })[] {
    return runs(from - MINUTE_MS, to + MINUTE_MS, MINUTE_MS, tables.minute).map((run) => {
      const begin = firstCheck.get(run.from, run.from + MINUTE_MS) ?? run.from;
      const [lastAt, previousAt] = lastTwoChecks.all(run.from, run.to);
      // No raw check in the run's last minute (pruned): the whole minute counts.
      const finish =
        lastAt === undefined || lastAt < run.to - MINUTE_MS || previousAt === undefined
          ? run.to
          : Math.min(run.to, lastAt + (lastAt - previousAt));
      return { from: begin, to: finish, lastAt: lastAt ?? null };
    });
  }

  return (asked) => {
    // Only the time the rollups still describe: an outage older than them (outages are kept forever,
    // hour rollups a year) is listed by `outages()` but has no monitored time to be a share of.
    const known = extent.get();
    if (known?.first == null || known.last == null) return { monitoredMs: 0, offlineMs: 0, limitedMs: 0 };
    const window = { from: Math.max(asked.from, known.first), to: Math.min(asked.to, known.last + HOUR_MS) };
    if (window.to <= window.from) return { monitoredMs: 0, offlineMs: 0, limitedMs: 0 };
    // Hour rollups only where minute rollups are gone: the hour holding the first minute row is read from
    // minutes (in a young database nothing precedes it; where pruning cut it, minutes err on the low side).
    const firstMinute = earliestMinute.get() ?? null;
    const minutesFrom = Math.max(
      window.from,
      firstMinute === null ? window.to : alignDown(firstMinute, HOUR_MS),
    );
    const minuteRuns = minuteCoverage(minutesFrom, window.to);
    const covered = union(
      [
        ...(minutesFrom > window.from ? runs(window.from, minutesFrom, HOUR_MS, tables.hour) : []).map((s) =>
          clip(s, { from: window.from, to: minutesFrom }),
        ),
        ...minuteRuns,
      ].map((s) => clip(s, window)),
    );

    const outageRows = outages.all(window.to, window.from);
    // A run's last check speaks for the interval after it, as every check does: when that check was
    // inside an outage, so is that tail. Otherwise a monitor that never saw the internet and was then
    // stopped would read as a third "up".
    const tails = minuteRuns.flatMap((run) => {
      const last = run.lastAt;
      if (last === null || run.to <= last) return [];
      const during = outageRows.some(
        (o) => o.started_at <= last && (o.ended_at === null || o.ended_at >= last),
      );
      return during ? [clip({ from: last, to: run.to }, window)] : [];
    });
    const offline = union([
      ...outageRows.map((o) => {
        const end = o.ended_at ?? Math.min(now(), lastCheckSince.get(o.started_at) ?? o.started_at);
        return clip({ from: o.started_at, to: end }, window);
      }),
      ...tails,
    ]);
    const monitored = union([...covered, ...offline]);

    const limited: Span[] = [];
    const before = changeBefore.get(window.from);
    const changes = [...(before === undefined ? [] : [before]), ...changesIn.all(window.from, window.to)];
    changes.forEach((change, index) => {
      if (change.to_state !== 'limited') return;
      limited.push(clip({ from: change.at, to: changes[index + 1]?.at ?? window.to }, window));
    });
    const limitedCovered = subtract(intersect(union(limited), covered), offline);

    return {
      monitoredMs: measure(monitored),
      offlineMs: measure(offline),
      limitedMs: measure(limitedCovered),
    };
  };
}

interface BucketReads {
  readonly count: Database.Statement<[number, number], number>;
  readonly buckets: Database.Statement<[number, number], number>;
}

function bucketReads(db: HistoryDatabase, table: 'rollup_minute' | 'rollup_hour'): BucketReads {
  return {
    count: db
      .prepare<[number, number], number>(`SELECT count(*) FROM ${table} WHERE bucket >= ? AND bucket < ?`)
      .pluck(),
    buckets: db
      .prepare<[number, number], number>(
        `SELECT bucket FROM ${table} WHERE bucket >= ? AND bucket < ? ORDER BY bucket`,
      )
      .pluck(),
  };
}
