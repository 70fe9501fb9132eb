import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openHistoryDatabase, type HistoryDatabase } from '../../app/history/database.js';
import { createHistoryStore } from '../../app/history/store.js';
import { createHistoryQueries } from '../../app/history/queries.js';
import { DEFAULT_RETENTION, pruneBatch, pruneExpired, retentionPolicy } from '../../app/history/retention.js';
import { DAY, DAY0, HOUR, MIN, knownDayCopy, tempDir } from '../helpers/history-fixtures.js';

function dayDb(t: { after: (fn: () => void) => void }): HistoryDatabase {
  const temp = tempDir();
  t.after(temp.cleanup);
  const opened = openHistoryDatabase(knownDayCopy(temp.dir));
  assert.ok(opened.ok);
  t.after(() => opened.db.close());
  createHistoryStore(opened.db).recordStatusChange({ at: DAY0, from: null, to: 'online', causeCodes: [] });
  return opened.db;
}

const rows = (db: HistoryDatabase, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

test('defaults keep raw checks 7 days, minute rollups 30 days, hour rollups a year and outages forever', () => {
  assert.deepEqual(DEFAULT_RETENTION, {
    rawChecksMs: 7 * DAY,
    minuteRollupsMs: 30 * DAY,
    hourRollupsMs: 366 * DAY,
    statusChangesMs: 366 * DAY,
    outagesMs: null,
  });
  assert.equal(retentionPolicy({ rawChecksMs: DAY }).rawChecksMs, DAY);
  assert.throws(() => retentionPolicy({ minuteRollupsMs: -5 }), /retention minuteRollupsMs .* got -5/);
});

test('after 8 days raw checks are gone but the day uptime is still exact from the rollups', async (t) => {
  const db = dayDb(t);
  const now = DAY0 + 8 * DAY;
  const result = await pruneExpired(db, DEFAULT_RETENTION, now, 1000);
  assert.ok(result.ok);
  assert.deepEqual(result.value, {
    checks: 17_280,
    minuteRollups: 0,
    hourRollups: 0,
    statusChanges: 0,
    outages: 0,
  });
  assert.equal(rows(db, 'checks'), 0);
  const u = createHistoryQueries(db, { now: () => now }).uptime({ from: DAY0, to: DAY0 + DAY });
  assert.deepEqual([u.checks, u.offline, Number(u.uptimePercent?.toFixed(2))], [17_280, 480, 97.22]);
});

test('once raw rows are pruned, ragged window edges round inward to whole minutes', async (t) => {
  const db = dayDb(t);
  await pruneExpired(db, DEFAULT_RETENTION, DAY0 + 8 * DAY);
  const from = DAY0 + 2 * HOUR + 5 * MIN + 2_500;
  const to = DAY0 + 2 * HOUR + 20 * MIN + 30_000;
  const u = createHistoryQueries(db).uptime({ from, to });
  // Whole minutes 02:06–02:20: 4 offline minutes (02:06–02:10) and 10 online ones, 12 checks each.
  assert.deepEqual([u.checks, u.offline], [14 * 12, 4 * 12]);
});

test('after 31 days minute rollups are gone and a day series falls back to hour buckets', async (t) => {
  const db = dayDb(t);
  const result = await pruneExpired(db, DEFAULT_RETENTION, DAY0 + 31 * DAY);
  assert.ok(result.ok);
  assert.equal(result.value.minuteRollups, 1440);
  assert.equal(rows(db, 'rollup_minute'), 0);
  const s = createHistoryQueries(db).series({ from: DAY0, to: DAY0 + DAY });
  assert.equal(s.source, 'hour');
  assert.equal(s.bucketMs, HOUR);
  assert.equal(s.points[13]?.failures, 150);
});

test('after a year only the outages remain, unless outage retention is set', async (t) => {
  const db = dayDb(t);
  const now = DAY0 + 400 * DAY;
  assert.ok((await pruneExpired(db, DEFAULT_RETENTION, now)).ok);
  assert.deepEqual(
    ['checks', 'rollup_minute', 'rollup_hour', 'status_changes', 'outages'].map((table) => rows(db, table)),
    [0, 0, 0, 0, 2],
  );
  assert.equal(createHistoryQueries(db, { now: () => now }).longestOutage()?.durationMs, 30 * MIN);
  const limited = retentionPolicy({ outagesMs: 365 * DAY });
  assert.ok((await pruneExpired(db, limited, now)).ok);
  assert.equal(rows(db, 'outages'), 0);
});

test('an open outage is never pruned', async (t) => {
  const db = dayDb(t);
  createHistoryStore(db).openOutage({ startedAt: DAY0, cause: 'unknown', summary: 'still down' });
  await pruneExpired(db, retentionPolicy({ outagesMs: DAY }), DAY0 + 100 * DAY);
  assert.deepEqual(db.prepare('SELECT summary FROM outages').all(), [{ summary: 'still down' }]);
});

test('pruning works in batches: each step deletes at most the batch size and says when it is done', (t) => {
  const db = dayDb(t);
  const now = DAY0 + 8 * DAY;
  const first = pruneBatch(db, DEFAULT_RETENTION, now, 5000);
  assert.ok(first.ok);
  assert.deepEqual([first.value.counts.checks, first.value.done], [5000, false]);
  assert.equal(rows(db, 'checks'), 17_280 - 5000);
  let steps = 1;
  for (;;) {
    const step = pruneBatch(db, DEFAULT_RETENTION, now, 5000);
    assert.ok(step.ok);
    steps += 1;
    if (step.value.done) break;
  }
  assert.equal(steps, 4);
  assert.equal(rows(db, 'checks'), 0);
});

test('pruneExpired yields to the event loop between batches', async (t) => {
  const db = dayDb(t);
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 0);
  const pruning = pruneExpired(db, DEFAULT_RETENTION, DAY0 + 8 * DAY, 200);
  await pruning;
  clearInterval(timer);
  assert.ok(ticks > 0, 'a timer ran while pruning');
});

test('a prune on a closed database is reported, not thrown', async (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const opened = openHistoryDatabase(join(temp.dir, 'h.sqlite'));
  assert.ok(opened.ok);
  opened.db.close();
  const result = await pruneExpired(opened.db, DEFAULT_RETENTION, DAY0);
  assert.equal(result.ok ? null : result.error.kind, 'closed');
});
