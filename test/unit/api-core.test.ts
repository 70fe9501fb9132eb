import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ApiEventMap } from '../../app/api/contract.js';
import { OFFLINE_REPORT, ONLINE_REPORT } from '../fixtures/check-reports.js';
import { LAB_SETTINGS, openApiRig, waitFor } from '../helpers/api-runtime.js';
import {
  DAY,
  DAY0,
  HOUR,
  knownDayCopy,
  LIMITED,
  OUTAGE_A,
  OUTAGE_B,
  tempDir,
} from '../helpers/history-fixtures.js';

const END = DAY0 + DAY;
const MINUTE = 60_000;
/** Checks every 5 s, as the known day was recorded. */
const FIVE_SECONDS = { ...LAB_SETTINGS, intervalMs: 5000 };

async function knownDayRig() {
  const dir = tempDir('ic-api-known-');
  return openApiRig({ dir, dbPath: knownDayCopy(dir.dir), now: () => END, settings: FIVE_SECONDS });
}

describe('core API snapshot and commands', () => {
  it('starts as checking with nothing known, then shows the check: status, fastest latency, diagnosis', async () => {
    const rig = await openApiRig();
    try {
      const before = await rig.api.getSnapshot();
      assert.equal(before.status, 'checking');
      assert.equal(before.latencyMs, null);
      assert.equal(before.diagnosis, null);
      assert.equal(before.pausedUntil, null);
      assert.deepEqual(before.notices, []);

      rig.runtime.start();
      const after = await rig.api.checkNow();
      assert.equal(after.status, 'online');
      assert.equal(after.latencyMs, 12.3);
      assert.deepEqual(after.diagnosis, ONLINE_REPORT);
    } finally {
      await rig.close();
    }
  });

  it('pauses until a time or until resumed (-1), and resumes', async () => {
    const rig = await openApiRig();
    try {
      rig.runtime.start();
      await rig.api.checkNow();
      const until = Date.now() + 60_000;
      const paused = await rig.api.pause(until);
      assert.equal(paused.status, 'paused');
      assert.equal(paused.pausedUntil, until);
      assert.equal((await rig.api.pause(null)).pausedUntil, -1);
      const resumed = await rig.api.resume();
      assert.notEqual(resumed.status, 'paused');
      assert.equal(resumed.pausedUntil, null);
      await assert.rejects(rig.api.pause(Date.now() - 1000), /is not in the future/);
    } finally {
      await rig.close();
    }
  });

  it('maps monitor events to the API events, with the snapshot and the latency filled in', async () => {
    const rig = await openApiRig({ report: OFFLINE_REPORT });
    try {
      const changed = waitFor<ApiEventMap['status-changed']>(
        (listener) => rig.api.on('status-changed', listener),
        (event) => event.snapshot.status === 'offline',
      );
      const completed = waitFor<ApiEventMap['check-completed']>(
        (listener) => rig.api.on('check-completed', listener),
        () => true,
      );
      const diagnosis = waitFor<ApiEventMap['diagnosis-changed']>(
        (listener) => rig.api.on('diagnosis-changed', listener),
        () => true,
      );
      rig.runtime.start();
      assert.deepEqual(await completed, { report: OFFLINE_REPORT, latencyMs: null });
      assert.deepEqual((await diagnosis).causes, OFFLINE_REPORT.causes);
      // Offline is declared after a confirming check one second later.
      const event = await changed;
      assert.equal(event.snapshot.status, 'offline');
      assert.deepEqual(event.snapshot.diagnosis, OFFLINE_REPORT);
    } finally {
      await rig.close();
    }
  });

  it('tells every listener of each accepted settings save, and of none that was refused', async () => {
    const rig = await openApiRig();
    try {
      const heard: ApiEventMap['settings-changed'][] = [];
      const stop = rig.api.on('settings-changed', (event) => heard.push(event));
      const wanted = { ...LAB_SETTINGS, startAtLogin: true };
      await rig.api.updateSettings({ ...LAB_SETTINGS, timeoutMs: 5 });
      assert.deepEqual(heard, [], 'a refused save changes nothing');
      await rig.api.updateSettings(wanted);
      assert.deepEqual(heard, [{ settings: wanted }]);
      stop();
      await rig.api.updateSettings(LAB_SETTINGS);
      assert.equal(heard.length, 1, 'nothing after unsubscribe');
    } finally {
      await rig.close();
    }
  });

  it('shows the saved-settings notice when the settings file was corrupt', async () => {
    const dir = tempDir('ic-api-corrupt-');
    writeFileSync(join(dir.dir, 'settings.json'), 'not json');
    const rig = await openApiRig({ dir });
    try {
      const { notices } = await rig.api.getSnapshot();
      assert.equal(notices.length, 1);
      assert.match(notices[0] ?? '', /could not be used \(not valid JSON\); default settings are in use/);
      assert.deepEqual(await rig.api.getSettings(), LAB_SETTINGS);
    } finally {
      await rig.close();
    }
  });

  it('tells the user when the history is not being saved', async () => {
    const rig = await openApiRig();
    try {
      rig.runtime.start();
      await rig.api.checkNow();
      assert.deepEqual((await rig.api.getSnapshot()).notices, []);
      // A database that went away under the monitor: the next write fails, monitoring goes on.
      rig.runtime.db?.close();
      const snapshot = await rig.api.checkNow();
      assert.equal(snapshot.status, 'online');
      assert.equal(snapshot.notices.length, 1);
      assert.match(snapshot.notices[0] ?? '', /^History is not being saved \(\w[\w-]*\): /);
    } finally {
      await rig.close();
    }
  });
});

describe('core API history', () => {
  it('builds the 24 h view of a known day: uptime, series, outages and the timeline', async () => {
    const rig = await knownDayRig();
    try {
      const view = await rig.api.getHistory('24h');
      assert.equal(view.range, '24h');
      assert.deepEqual(view.uptime.window, { from: DAY0, to: END });
      assert.equal(view.uptime.checks, 17_280);
      assert.equal(view.uptime.offline, 480);
      assert.equal(view.uptime.limited, 60);
      assert.equal(view.series.points.length, 288);
      assert.deepEqual(
        view.outages.map((o) => [o.startedAt, o.endedAt, o.cause]),
        [OUTAGE_A, OUTAGE_B].map((o) => [o.startedAt, o.endedAt, o.cause]),
      );
      // No status changes were recorded with this day, so the outages draw the timeline.
      assert.deepEqual(view.timeline, [
        { start: DAY0, end: OUTAGE_A.startedAt, status: 'online' },
        { start: OUTAGE_A.startedAt, end: OUTAGE_A.endedAt, status: 'offline' },
        { start: OUTAGE_A.endedAt, end: OUTAGE_B.startedAt, status: 'online' },
        { start: OUTAGE_B.startedAt, end: OUTAGE_B.endedAt, status: 'offline' },
        { start: OUTAGE_B.endedAt, end: END, status: 'online' },
      ]);
      assert.deepEqual(await rig.api.getOutages('24h'), view.outages);
    } finally {
      await rig.close();
    }
  });

  it('draws recorded status changes, and an hour without checks as unknown', async () => {
    const rig = await knownDayRig();
    try {
      const db = rig.runtime.db;
      assert.ok(db !== null);
      const change = db.prepare('INSERT INTO status_changes (at, from_state, to_state) VALUES (?, ?, ?)');
      change.run(DAY0 - HOUR, null, 'online');
      change.run(OUTAGE_A.startedAt, 'online', 'offline');
      change.run(OUTAGE_A.endedAt, 'offline', 'online');
      change.run(LIMITED.from, 'online', 'limited');
      change.run(LIMITED.to, 'limited', 'online');
      // The machine was off from 20:00 to 21:00: no checks, no rollups.
      const gap = [DAY0 + 20 * HOUR, DAY0 + 21 * HOUR];
      db.prepare('DELETE FROM rollup_minute WHERE bucket >= ? AND bucket < ?').run(gap[0], gap[1]);
      db.prepare('DELETE FROM checks WHERE at >= ? AND at < ?').run(gap[0], gap[1]);

      const { timeline } = await rig.api.getHistory('24h');
      assert.deepEqual(timeline, [
        { start: DAY0, end: OUTAGE_A.startedAt, status: 'online' },
        { start: OUTAGE_A.startedAt, end: OUTAGE_A.endedAt, status: 'offline' },
        { start: OUTAGE_A.endedAt, end: LIMITED.from, status: 'online' },
        { start: LIMITED.from, end: LIMITED.to, status: 'limited' },
        // Status changes win over the outage fallback: the recorder missed outage B's change here.
        { start: LIMITED.to, end: DAY0 + 20 * HOUR + 5000, status: 'online' },
        // The last check before the gap speaks for one interval (5 s) past its minute.
        { start: DAY0 + 20 * HOUR + 5000, end: DAY0 + 21 * HOUR, status: 'unknown' },
        { start: DAY0 + 21 * HOUR, end: END, status: 'online' },
      ]);
    } finally {
      await rig.close();
    }
  });

  it('marks the time before the first check as unknown', async () => {
    const rig = await knownDayRig();
    try {
      const db = rig.runtime.db;
      assert.ok(db !== null);
      // Pretend the monitor was first started at 01:00.
      db.prepare('DELETE FROM rollup_minute WHERE bucket < ?').run(DAY0 + HOUR);
      db.prepare('DELETE FROM rollup_hour WHERE bucket < ?').run(DAY0 + HOUR);
      const { timeline } = await rig.api.getHistory('24h');
      assert.deepEqual(timeline[0], { start: DAY0, end: DAY0 + HOUR, status: 'unknown' });
      assert.deepEqual(timeline[1]?.start, DAY0 + HOUR);
      assert.equal(timeline[1]?.status, 'online');
    } finally {
      await rig.close();
    }
  });

  it('draws 30 days from the minute the monitor first and last ran, not from the top of the hour', async () => {
    const rig = await knownDayRig();
    try {
      const db = rig.runtime.db;
      assert.ok(db !== null);
      // Pretend the monitor was first started at 00:31 and stopped at 23:12.
      db.prepare('DELETE FROM rollup_minute WHERE bucket < ? OR bucket >= ?').run(
        DAY0 + 31 * MINUTE,
        DAY0 + 23 * HOUR + 12 * MINUTE,
      );
      const { timeline } = await rig.api.getHistory('30d');
      assert.deepEqual(timeline[0], { start: END - 30 * DAY, end: DAY0 + 31 * MINUTE, status: 'unknown' });
      const monitoredEnd = timeline.findLast((segment) => segment.status !== 'unknown')?.end ?? 0;
      assert.ok(
        monitoredEnd <= DAY0 + 23 * HOUR + 12 * MINUTE + 10_000,
        `monitored until ${new Date(monitoredEnd).toISOString()}`,
      );
    } finally {
      await rig.close();
    }
  });

  it('draws 30 days from hour rollups: unknown before the first recorded hour', async () => {
    const rig = await knownDayRig();
    try {
      const { timeline } = await rig.api.getHistory('30d');
      assert.deepEqual(timeline[0], { start: END - 30 * DAY, end: DAY0, status: 'unknown' });
      assert.deepEqual(
        timeline.slice(1).map((segment) => segment.status),
        ['online', 'offline', 'online', 'offline', 'online'],
      );
      assert.equal(timeline.at(-1)?.end, END);
    } finally {
      await rig.close();
    }
  });

  it('exports outages and checks with a filename naming what and which range', async () => {
    const rig = await knownDayRig();
    try {
      const csv = await rig.api.exportHistory('outages', 'csv', '30d');
      assert.equal(csv.filename, 'internet-conn-outages-30d.csv');
      assert.equal(csv.mimeType, 'text/csv; charset=utf-8');
      assert.equal(csv.content.split('\r\n')[0], 'id,started_at,ended_at,duration_ms,cause,summary');
      assert.equal(csv.content.trimEnd().split('\r\n').length, 3);

      const json = await rig.api.exportHistory('checks', 'json', '24h');
      assert.equal(json.filename, 'internet-conn-checks-24h.json');
      assert.equal((JSON.parse(json.content) as { checks: unknown[] }).checks.length, 17_280);
      await assert.rejects(
        rig.api.exportHistory('checks', 'xml' as 'csv', '24h'),
        /format "xml" is not one of/,
      );
    } finally {
      await rig.close();
    }
  });

  it('refuses a range that is not 24h, 7d or 30d, naming it', async () => {
    const rig = await knownDayRig();
    try {
      await assert.rejects(rig.api.getHistory('1y' as '24h'), {
        message: 'range "1y" is not one of 24h, 7d, 30d',
      });
    } finally {
      await rig.close();
    }
  });
});
