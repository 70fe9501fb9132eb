import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Status } from '../../app/diagnosis/types.js';
import { openHistoryDatabase, type HistoryDatabase } from '../../app/history/database.js';
import { createHistoryQueries } from '../../app/history/queries.js';
import { createHistoryStore } from '../../app/history/store.js';
import { DAY0, HOUR, MIN, tempDir } from '../helpers/history-fixtures.js';

/** The monitor's pace: every 5 s while up (online or limited), every 2 s while down. */
const INTERVAL: Record<Status, number> = { online: 5000, limited: 5000, offline: 2000 };

/**
 * Writes one monitoring run as the monitor would: a check at its pace, a status change at each new
 * verdict, an outage over each offline stretch. `leaveOpen` stops the run mid-outage as a kill would.
 */
function record(
  db: HistoryDatabase,
  start: number,
  stretches: readonly (readonly [number, Status])[],
  leaveOpen = false,
): void {
  const store = createHistoryStore(db);
  let at = start;
  let previous: Status | null = null;
  db.transaction(() => {
    for (const [length, status] of stretches) {
      const end = at + length;
      if (previous === 'offline') store.closeOutage({ endedAt: at });
      store.recordStatusChange({ at, from: previous, to: status, causeCodes: [] });
      if (status === 'offline')
        store.openOutage({ startedAt: at, cause: 'upstream-unreachable', summary: 'x' });
      for (let t = at; t < end; t += INTERVAL[status]) {
        const offline = status === 'offline';
        assert.ok(store.recordCheck({ at: t, status, latencyMs: offline ? null : 10, causeCodes: [] }).ok);
      }
      previous = status;
      at = end;
    }
    if (previous === 'offline' && !leaveOpen) store.closeOutage({ endedAt: at });
  })();
}

interface Case {
  readonly name: string;
  readonly fill: (db: HistoryDatabase) => void;
  readonly window: { from: number; to: number };
  /** Expected uptime and fully-online percentages, and how close they must be. */
  readonly uptime: number | null;
  readonly online?: number;
  readonly within: number;
  /** The old check-count answer, for the cases where it was far off. */
  readonly notByCount?: number;
}

const T0 = DAY0 + 5 * HOUR + 18 * MIN + 30_000;

const CASES: readonly Case[] = [
  {
    name: "the review's run: 31 s up, 27 s down, 6 s up (64 s) is ≈ 58 % up, not 36 %",
    fill: (db) =>
      record(db, T0, [
        [31_000, 'online'],
        [27_000, 'offline'],
        [6_000, 'online'],
      ]),
    window: { from: T0 - HOUR, to: T0 + HOUR },
    uptime: (1 - 27 / 64) * 100,
    within: 3,
    notByCount: 39,
  },
  {
    name: 'a monitor that never saw the internet and was then stopped is 0 % up, the interval after its last check included',
    fill: (db) => record(db, T0, [[8_000, 'offline']]),
    window: { from: T0 - HOUR, to: T0 + HOUR },
    uptime: 0,
    within: 0.01,
  },
  {
    name: 'the same, killed mid-outage (left open)',
    fill: (db) => record(db, T0, [[8_000, 'offline']], true),
    window: { from: T0 - HOUR, to: T0 + HOUR },
    uptime: 0,
    within: 0.01,
  },
  {
    name: 'an hour with a 10-minute outage is 83.3 % up, not the 67 % its checks say',
    fill: (db) =>
      record(db, DAY0, [
        [25 * MIN, 'online'],
        [10 * MIN, 'offline'],
        [25 * MIN, 'online'],
      ]),
    window: { from: DAY0 - HOUR, to: DAY0 + 2 * HOUR },
    uptime: (50 / 60) * 100,
    online: (50 / 60) * 100,
    within: 0.2,
    notByCount: 67,
  },
  {
    name: 'three hours with the monitor stopped count neither way: 1 h up, stop, 1 h with 30 min down is 75 %',
    fill: (db) => {
      record(db, DAY0, [[HOUR, 'online']]);
      record(db, DAY0 + 4 * HOUR, [
        [15 * MIN, 'online'],
        [30 * MIN, 'offline'],
        [15 * MIN, 'online'],
      ]);
    },
    window: { from: DAY0, to: DAY0 + 6 * HOUR },
    uptime: 75,
    within: 0.2,
  },
  {
    name: 'limited time counts as up, and not as fully online: 15 of 60 minutes limited',
    fill: (db) =>
      record(db, DAY0, [
        [30 * MIN, 'online'],
        [15 * MIN, 'limited'],
        [15 * MIN, 'online'],
      ]),
    window: { from: DAY0, to: DAY0 + HOUR },
    uptime: 100,
    online: 75,
    within: 0.2,
  },
  {
    name: 'with the raw checks pruned (older than 7 days) whole minutes count: still 83.3 %',
    fill: (db) => {
      record(db, DAY0, [
        [25 * MIN, 'online'],
        [10 * MIN, 'offline'],
        [25 * MIN, 'online'],
      ]);
      db.exec('DELETE FROM checks');
    },
    window: { from: DAY0 - HOUR, to: DAY0 + 2 * HOUR },
    uptime: (50 / 60) * 100,
    within: 0.01,
  },
  {
    name: 'with only hour rollups left (older than 30 days) whole hours count: 2 h with 30 min down is 75 %',
    fill: (db) => {
      record(db, DAY0, [
        [HOUR, 'online'],
        [30 * MIN, 'offline'],
        [30 * MIN, 'online'],
      ]);
      db.exec('DELETE FROM checks; DELETE FROM rollup_minute');
    },
    window: { from: DAY0 - HOUR, to: DAY0 + 3 * HOUR },
    uptime: 75,
    within: 0.01,
  },
  {
    name: 'an outage left open by a killed monitor counts up to its last check, not up to now',
    fill: (db) =>
      record(
        db,
        DAY0,
        [
          [10 * MIN, 'online'],
          [5 * MIN, 'offline'],
        ],
        true,
      ),
    window: { from: DAY0, to: DAY0 + 3 * HOUR },
    uptime: (10 / 15) * 100,
    within: 0.5,
  },
  {
    name: 'a window with no checks has no uptime',
    fill: (db) => record(db, DAY0, [[HOUR, 'online']]),
    window: { from: DAY0 + 2 * HOUR, to: DAY0 + 3 * HOUR },
    uptime: null,
    within: 0,
  },
];

for (const c of CASES) {
  test(`uptime by time: ${c.name}`, (t) => {
    const temp = tempDir();
    t.after(temp.cleanup);
    const opened = openHistoryDatabase(join(temp.dir, 'history.sqlite'));
    assert.ok(opened.ok);
    t.after(() => opened.db.close());
    c.fill(opened.db);
    const u = createHistoryQueries(opened.db, { now: () => c.window.to }).uptime(c.window);
    if (c.uptime === null) {
      assert.equal(u.uptimePercent, null);
      assert.equal(u.onlinePercent, null);
      return;
    }
    assert.ok(u.uptimePercent !== null);
    assert.ok(Math.abs(u.uptimePercent - c.uptime) <= c.within, `uptime ${u.uptimePercent} ≉ ${c.uptime}`);
    if (c.online !== undefined) {
      assert.ok(u.onlinePercent !== null);
      assert.ok(Math.abs(u.onlinePercent - c.online) <= c.within, `online ${u.onlinePercent} ≉ ${c.online}`);
    }
    if (c.notByCount !== undefined) {
      const byCount = ((u.checks - u.offline) / u.checks) * 100;
      assert.ok(Math.abs(byCount - c.notByCount) < 1, `the check count alone gives ${byCount}`);
    }
  });
}
