import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openHistoryDatabase, type HistoryDatabase } from '../../app/history/database.js';
import { createHistoryQueries, uptimeSegments, type HistoryQueries } from '../../app/history/queries.js';
import { HISTOGRAM_RELATIVE_ERROR } from '../../app/history/histogram.js';
import type { CheckRecord } from '../../app/history/types.js';
import {
  DAY,
  DAY0,
  HOUR,
  MIN,
  OUTAGE_A,
  OUTAGE_B,
  fillKnownDay,
  knownDay,
  tempDir,
} from '../helpers/history-fixtures.js';

let db: HistoryDatabase;
let queries: HistoryQueries;
let checks: CheckRecord[];
const temp = tempDir();
const NOW = DAY0 + DAY + HOUR;

before(() => {
  const opened = openHistoryDatabase(join(temp.dir, 'history.sqlite'));
  assert.ok(opened.ok);
  db = opened.db;
  checks = knownDay();
  fillKnownDay(db, { verdicts: true });
  queries = createHistoryQueries(db, { now: () => NOW });
});

after(() => {
  db.close();
  temp.cleanup();
});

/** The answer computed straight from the generated checks, to compare the database's answer with. */
function expectedCounts(from: number, to: number) {
  const inWindow = checks.filter((c) => c.at >= from && c.at < to);
  const offline = inWindow.filter((c) => c.status === 'offline').length;
  return { checks: inWindow.length, offline, limited: inWindow.filter((c) => c.status === 'limited').length };
}

test('uptime over a day with 40 minutes of outages is 97.22 % of the time, with 17 280 checks counted', () => {
  const u = queries.uptime({ from: DAY0, to: DAY0 + DAY });
  assert.equal(u.checks, 17_280);
  assert.equal(u.offline, 480);
  assert.equal(u.limited, 60);
  assert.equal(u.online, 16_740);
  assert.equal(Number(u.uptimePercent?.toFixed(2)), 97.22);
  // By time: 40 minutes offline and 5 limited in 24 hours monitored (checks are even here, so by count too).
  assert.deepEqual(queries.availability({ from: DAY0, to: DAY0 + DAY }), {
    monitoredMs: DAY,
    offlineMs: 40 * MIN,
    limitedMs: 5 * MIN,
  });
  assert.ok(Math.abs((u.uptimePercent ?? 0) - (1 - 40 / 1440) * 100) < 1e-9);
  assert.ok(Math.abs((u.onlinePercent ?? 0) - (1 - 45 / 1440) * 100) < 1e-9);
});

test('uptime over a window with ragged edges counts exactly the checks inside it', () => {
  const from = DAY0 + 2 * HOUR + 5 * MIN + 2_500;
  const to = DAY0 + 13 * HOUR + 50 * MIN + 1;
  const u = queries.uptime({ from, to });
  const want = expectedCounts(from, to);
  assert.equal(u.checks, want.checks);
  assert.equal(u.offline, want.offline);
  assert.equal(u.limited, want.limited);
});

test('uptime windows split into whole hours, whole minutes and raw edges', () => {
  const from = DAY0 + 2 * HOUR + 5 * MIN + 2_500;
  const to = DAY0 + 4 * HOUR + 1 * MIN + 7;
  assert.deepEqual(uptimeSegments({ from, to }), [
    { source: 'raw', from, to: DAY0 + 2 * HOUR + 6 * MIN },
    { source: 'minute', from: DAY0 + 2 * HOUR + 6 * MIN, to: DAY0 + 3 * HOUR },
    { source: 'hour', from: DAY0 + 3 * HOUR, to: DAY0 + 4 * HOUR },
    { source: 'minute', from: DAY0 + 4 * HOUR, to: DAY0 + 4 * HOUR + MIN },
    { source: 'raw', from: DAY0 + 4 * HOUR + MIN, to },
  ]);
});

test('uptime of a window with no checks has null percentages', () => {
  const u = queries.uptime({ from: DAY0 - DAY, to: DAY0 });
  assert.equal(u.checks, 0);
  assert.equal(u.uptimePercent, null);
  assert.equal(u.onlinePercent, null);
});

test('lists the two outages of the day with their exact times and durations', () => {
  const list = queries.outages({ from: DAY0, to: DAY0 + DAY });
  assert.deepEqual(
    list.map((o) => [o.startedAt, o.endedAt, o.durationMs, o.cause]),
    [
      [OUTAGE_A.startedAt, OUTAGE_A.endedAt, 10 * MIN, 'upstream-unreachable'],
      [OUTAGE_B.startedAt, OUTAGE_B.endedAt, 30 * MIN, 'no-default-route'],
    ],
  );
});

test('lists an outage that started before the window and overlaps it, but none that ended before', () => {
  assert.deepEqual(
    queries.outages({ from: DAY0 + 14 * HOUR, to: DAY0 + 15 * HOUR }).map((o) => o.startedAt),
    [OUTAGE_B.startedAt],
  );
  assert.deepEqual(queries.outages({ from: OUTAGE_A.endedAt, to: OUTAGE_B.startedAt }), []);
});

test('the longest outage is the 30-minute one, or the 10-minute one in a morning window', () => {
  assert.equal(queries.longestOutage()?.durationMs, 30 * MIN);
  assert.equal(queries.longestOutage({ from: DAY0, to: DAY0 + 12 * HOUR })?.startedAt, OUTAGE_A.startedAt);
  assert.equal(queries.longestOutage({ from: DAY0 + 3 * HOUR, to: DAY0 + 4 * HOUR }), null);
});

test('a day series has 288 five-minute points from minute rollups with exact loss and latency', () => {
  const s = queries.series({ from: DAY0, to: DAY0 + DAY });
  assert.equal(s.bucketMs, 5 * MIN);
  assert.equal(s.source, 'minute');
  assert.equal(s.points.length, 288);
  const at = (t: number) => s.points.find((p) => p.start === t);
  const outage = at(DAY0 + 2 * HOUR);
  assert.deepEqual(
    [outage?.checks, outage?.failures, outage?.lossPercent, outage?.latencyMedianMs],
    [60, 60, 100, null],
  );
  const half = at(DAY0 + 13 * HOUR + 45 * MIN);
  assert.deepEqual([half?.failures, half?.lossPercent, half?.latencyMedianMs], [30, 50, 33]);
  const limited = at(DAY0 + 6 * HOUR);
  assert.deepEqual([limited?.limited, limited?.latencyMedianMs, limited?.lossPercent], [60, 500, 0]);
  const quiet = at(DAY0 + 9 * HOUR + 30 * MIN);
  assert.deepEqual(
    [quiet?.latencyMinMs, quiet?.latencyMedianMs, quiet?.latencyMaxMs, quiet?.latencyMeanMs],
    [29, 29, 29, 29],
  );
});

test('an hourly series splits the outage across hours 13 and 14 by its minutes in each', () => {
  const s = queries.series({ from: DAY0, to: DAY0 + DAY }, { bucketMs: HOUR });
  assert.equal(s.source, 'hour');
  assert.equal(s.points.length, 24);
  assert.equal(s.points[13]?.failures, 150);
  assert.equal(s.points[14]?.failures, 210);
  assert.equal(s.points[14]?.lossPercent, (210 / 720) * 100);
  // Hour 6: 660 checks at 26 ms and 60 at 500 ms; the median comes from the histogram.
  const median = s.points[6]?.latencyMedianMs ?? NaN;
  assert.ok(Math.abs(median - 26) / 26 <= HISTOGRAM_RELATIVE_ERROR, `median ${median}`);
  assert.equal(s.points[6]?.latencyMaxMs, 500);
});

test('a series keeps empty buckets, with zero checks and null latency', () => {
  const s = queries.series({ from: DAY0 - 2 * HOUR, to: DAY0 + HOUR }, { bucketMs: HOUR });
  assert.deepEqual(
    s.points.map((p) => [p.start, p.checks, p.lossPercent, p.latencyMedianMs]),
    [
      [DAY0 - 2 * HOUR, 0, null, null],
      [DAY0 - HOUR, 0, null, null],
      [DAY0, 720, 0, 20],
    ],
  );
});

test('bucket size follows the window: 1 h → 1 min, 7 days → 1 h, 30 days → 3 h', () => {
  assert.equal(queries.series({ from: DAY0, to: DAY0 + HOUR }).bucketMs, MIN);
  assert.equal(queries.series({ from: DAY0, to: DAY0 + 7 * DAY }).bucketMs, HOUR);
  assert.equal(queries.series({ from: DAY0, to: DAY0 + 30 * DAY }).bucketMs, 3 * HOUR);
});

test('raw checks come back in order with their cause codes', () => {
  const list = [...queries.checks({ from: OUTAGE_A.startedAt - 5000, to: OUTAGE_A.startedAt + 5000 })];
  assert.deepEqual(list, [
    { at: OUTAGE_A.startedAt - 5000, status: 'online', latencyMs: 21, causeCodes: [] },
    { at: OUTAGE_A.startedAt, status: 'offline', latencyMs: null, causeCodes: ['upstream-unreachable'] },
  ]);
});

test('rejects a window that ends before it starts, naming both values', () => {
  assert.throws(
    () => queries.uptime({ from: 10, to: 5 }),
    /window\.to \(5\) must be after window\.from \(10\)/,
  );
  assert.throws(
    () => queries.series({ from: 0, to: HOUR }, { bucketMs: 90 * MIN }),
    /bucketMs .* got 5400000/,
  );
});
