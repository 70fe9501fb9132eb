import type { HistoryDatabase } from './database.js';
import { toHistoryError } from './errors.js';
import type { WriteResult } from './types.js';

const DAY_MS = 86_400_000;

/**
 * How long each kind of row is kept, in ms; null keeps it forever.
 * Defaults: raw checks 7 days (enough to list every check of the last week); minute rollups 30 days
 * (series finer than an hour are only drawn for windows up to ~6 days, so 30 days leaves room and costs
 * ~3 MB); hour rollups and status changes 1 year (~9 000 small rows); outages forever (a few hundred rows a
 * year, and "the longest outage ever" should stay answerable).
 */
export interface RetentionPolicy {
  readonly rawChecksMs: number | null;
  readonly minuteRollupsMs: number | null;
  readonly hourRollupsMs: number | null;
  readonly statusChangesMs: number | null;
  readonly outagesMs: number | null;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  rawChecksMs: 7 * DAY_MS,
  minuteRollupsMs: 30 * DAY_MS,
  hourRollupsMs: 366 * DAY_MS,
  statusChangesMs: 366 * DAY_MS,
  outagesMs: null,
};

/** Fills in defaults and checks every value; throws a RangeError naming the bad one (configuration time). */
export function retentionPolicy(overrides: Partial<RetentionPolicy> = {}): RetentionPolicy {
  const policy = { ...DEFAULT_RETENTION, ...overrides };
  for (const [key, value] of Object.entries(policy)) {
    if (value !== null && !(Number.isFinite(value) && value > 0)) {
      throw new RangeError(
        `retention ${key} must be a positive number of ms or null (keep forever), got ${String(value)}`,
      );
    }
  }
  return policy;
}

export interface PruneCounts {
  checks: number;
  minuteRollups: number;
  hourRollups: number;
  statusChanges: number;
  outages: number;
}

/** 1 000 rows is one to a few ms of work: a check waiting for the lock never waits long. */
export const DEFAULT_PRUNE_BATCH = 1000;

interface Target {
  readonly key: keyof PruneCounts;
  readonly keep: keyof RetentionPolicy;
  readonly sql: string;
}

// Each statement deletes at most `limit` of the oldest expired rows, found through the time index.
const TARGETS: readonly Target[] = [
  {
    key: 'checks',
    keep: 'rawChecksMs',
    sql: 'DELETE FROM checks WHERE id IN (SELECT id FROM checks WHERE at < ? ORDER BY at LIMIT ?)',
  },
  {
    key: 'minuteRollups',
    keep: 'minuteRollupsMs',
    sql: 'DELETE FROM rollup_minute WHERE bucket IN (SELECT bucket FROM rollup_minute WHERE bucket < ? ORDER BY bucket LIMIT ?)',
  },
  {
    key: 'hourRollups',
    keep: 'hourRollupsMs',
    sql: 'DELETE FROM rollup_hour WHERE bucket IN (SELECT bucket FROM rollup_hour WHERE bucket < ? ORDER BY bucket LIMIT ?)',
  },
  {
    key: 'statusChanges',
    keep: 'statusChangesMs',
    sql: 'DELETE FROM status_changes WHERE id IN (SELECT id FROM status_changes WHERE at < ? ORDER BY at LIMIT ?)',
  },
  {
    // Only closed outages expire; an open one is still news.
    key: 'outages',
    keep: 'outagesMs',
    sql: 'DELETE FROM outages WHERE id IN (SELECT id FROM outages WHERE ended_at IS NOT NULL AND ended_at < ? ORDER BY started_at LIMIT ?)',
  },
];

/**
 * Deletes at most `batchSize` expired rows per table, in one short transaction per table.
 * `done` is true when nothing expired is left. A bucket is removed only once its whole span has expired
 * (bucket start < now − keep).
 */
export function pruneBatch(
  db: HistoryDatabase,
  policy: RetentionPolicy,
  now: number,
  batchSize: number = DEFAULT_PRUNE_BATCH,
): WriteResult<{ counts: PruneCounts; done: boolean }> {
  const counts: PruneCounts = { checks: 0, minuteRollups: 0, hourRollups: 0, statusChanges: 0, outages: 0 };
  let done = true;
  try {
    for (const target of TARGETS) {
      const keep = policy[target.keep];
      if (keep === null) continue;
      const deleted = db.prepare(target.sql).run(now - keep, batchSize).changes;
      counts[target.key] = deleted;
      if (deleted >= batchSize) done = false;
    }
    return { ok: true, value: { counts, done } };
  } catch (thrown) {
    return { ok: false, error: toHistoryError(thrown, 'prune') };
  }
}

/**
 * Prunes everything expired, one batch per event-loop turn so checks scheduled in between run on time.
 * Stops at the first failure and returns it; rows deleted before it stay deleted (each batch commits).
 */
export async function pruneExpired(
  db: HistoryDatabase,
  policy: RetentionPolicy,
  now: number,
  batchSize: number = DEFAULT_PRUNE_BATCH,
): Promise<WriteResult<PruneCounts>> {
  const total: PruneCounts = { checks: 0, minuteRollups: 0, hourRollups: 0, statusChanges: 0, outages: 0 };
  for (;;) {
    const step = pruneBatch(db, policy, now, batchSize);
    if (!step.ok) return step;
    for (const key of Object.keys(total) as (keyof PruneCounts)[]) total[key] += step.value.counts[key];
    if (step.value.done) return { ok: true, value: total };
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
