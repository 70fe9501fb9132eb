import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openHistoryDatabase, type HistoryDatabase } from '../../app/history/database.js';
import { createHistoryQueries } from '../../app/history/queries.js';
import { retentionPolicy } from '../../app/history/retention.js';
import { createHistoryStore } from '../../app/history/store.js';
import { openMonitorRuntime, type MonitorRuntimeOptions } from '../../app/monitor/runtime.js';
import { FAST_TIMEOUT_FLOOR_MS } from '../../app/monitor/timing.js';
import type { Status } from '../../app/diagnosis/types.js';
import type { CheckOptions, CheckReport } from '../../app/check.js';
import { OFFLINE_REPORT, ONLINE_REPORT } from '../fixtures/check-reports.js';
import { tempDir } from '../helpers/history-fixtures.js';
import { scriptedCheck } from '../helpers/scripted-check.js';
import { FakeClock } from './monitor-fake-clock.js';

const TARGETS = [{ host: '198.51.100.1', port: 443, family: 4 as const }];

function setup(
  timeline: readonly (readonly [number, Status])[],
  extra: Partial<MonitorRuntimeOptions> = {},
  clock = new FakeClock(),
) {
  const { dir, cleanup } = tempDir('ic-runtime-');
  const t0 = clock.now();
  const script = scriptedCheck(() => clock.now(), timeline);
  const dbPath = join(dir, 'history.sqlite');
  const opened = openMonitorRuntime({
    targets: TARGETS,
    timeoutMs: 1000,
    intervalMs: 5000,
    dbPath,
    runCheck: script.runCheck,
    clock,
    readNetworkFingerprint: null,
    ...extra,
  });
  if (!opened.ok) throw new Error(opened.error.message);
  return { runtime: opened.runtime, clock, t0, script, dbPath, cleanup };
}

function reopen(path: string): HistoryDatabase {
  const opened = openHistoryDatabase(path, { readonly: true });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.db;
}

const ALL = { from: 0, to: Number.MAX_SAFE_INTEGER };

interface ChangeRow {
  from_state: string | null;
  to_state: string;
  at: number;
}

test('records an outage from the first failing check to the first good one, with every check and verdict change', async () => {
  // Checks at 0 (online), 5 s (offline; confirmed at once by a fast check, then diagnosed in full at once),
  // 7 s (offline), 9 s (online again).
  const { runtime, clock, t0, dbPath, cleanup } = setup([
    [0, 'online'],
    [5000, 'offline'],
    [9000, 'online'],
  ]);
  try {
    runtime.start();
    await clock.advance(12_000);
    await runtime.stop();
    assert.equal(runtime.db?.open, false, 'stop() closes the database');

    const db = reopen(dbPath);
    const queries = createHistoryQueries(db);
    const outages = queries.outages(ALL);
    assert.equal(outages.length, 1);
    assert.deepEqual(
      { ...outages[0], id: 0 },
      {
        id: 0,
        startedAt: t0 + 5000,
        endedAt: t0 + 9000,
        durationMs: 4000,
        cause: 'upstream-unreachable',
        summary: OFFLINE_REPORT.causes[0]?.title,
      },
    );
    const checks = [...queries.checks(ALL)];
    assert.deepEqual(
      checks.map((c) => [c.at - t0, c.status]),
      [
        [0, 'online'],
        [5000, 'offline'],
        [5000, 'offline'],
        [5000, 'offline'],
        [7000, 'offline'],
        [9000, 'online'],
      ],
    );
    assert.equal(checks[0]?.latencyMs, 12.3, 'the fastest connected target');
    assert.equal(checks[1]?.latencyMs, null);
    assert.deepEqual(checks[1]?.causeCodes, ['upstream-unreachable']);
    const changes = db
      .prepare('SELECT at, from_state, to_state FROM status_changes ORDER BY id')
      .all() as ChangeRow[];
    assert.deepEqual(
      changes.map((c) => [c.at - t0, c.from_state, c.to_state]),
      [
        [0, null, 'online'],
        [5000, 'online', 'offline'],
        [9000, 'offline', 'online'],
      ],
    );
    db.close();
  } finally {
    cleanup();
  }
});

/** A check whose fast mode and full diagnosis name different causes, as a short timeout can make them. */
function twoViewCheck(now: () => number, downFrom: number, upFrom: number) {
  const start = now();
  const calls: { at: number; fast: boolean; timeoutMs: number }[] = [];
  const fastCause = OFFLINE_REPORT.causes[0];
  assert.ok(fastCause);
  const fullView: CheckReport = {
    ...OFFLINE_REPORT,
    causes: [{ ...fastCause, code: 'gateway-unreachable', title: 'Your router does not answer' }],
  };
  const runCheck = async (options: CheckOptions): Promise<CheckReport> => {
    const at = now() - start;
    calls.push({ at, fast: options.fast, timeoutMs: options.timeoutMs });
    if (at < downFrom || at >= upFrom) return ONLINE_REPORT;
    return options.fast ? OFFLINE_REPORT : fullView;
  };
  return { runCheck, calls };
}

test('an outage declared by fast checks is recorded under the cause the full diagnosis after it names', async () => {
  const clock = new FakeClock();
  const check = twoViewCheck(() => clock.now(), 5000, 9000);
  const { runtime, t0, dbPath, cleanup } = setup([], { runCheck: check.runCheck }, clock);
  try {
    const started: string[] = [];
    runtime.monitor.on('outage-started', (event) => started.push(event.causes[0]?.code ?? ''));
    runtime.start();
    await clock.advance(6000);
    assert.deepEqual(started, ['upstream-unreachable'], "declared with the fast checks' causes");
    assert.equal(runtime.store?.openOutageRecord()?.cause, 'upstream-unreachable', 'renamed only at its end');
    await clock.advance(6000);
    await runtime.stop();
    const db = reopen(dbPath);
    const outages = createHistoryQueries(db).outages(ALL);
    assert.deepEqual(
      outages.map((o) => [o.startedAt - t0, (o.endedAt ?? -1) - t0, o.cause, o.summary]),
      [[5000, 9000, 'gateway-unreachable', 'Your router does not answer']],
    );
    db.close();
  } finally {
    cleanup();
  }
});

test("an outage that ends before any full diagnosis keeps the fast checks' cause", async () => {
  const clock = new FakeClock();
  const check = twoViewCheck(() => clock.now(), 5000, 9000);
  // The naming diagnosis comes after the outage: full checks see the link up again.
  const runCheck = async (options: CheckOptions): Promise<CheckReport> =>
    options.fast ? check.runCheck(options) : ONLINE_REPORT;
  const { runtime, dbPath, cleanup } = setup([], { runCheck }, clock);
  try {
    runtime.start();
    await clock.advance(12_000);
    await runtime.stop();
    const db = reopen(dbPath);
    const outages = createHistoryQueries(db).outages(ALL);
    assert.deepEqual(
      outages.map((o) => o.cause),
      ['upstream-unreachable'],
    );
    db.close();
  } finally {
    cleanup();
  }
});

test('fast checks run with the adaptive timeout and full diagnoses with the configured one', async () => {
  const clock = new FakeClock();
  const check = twoViewCheck(() => clock.now(), 5000, 9000);
  const { runtime, cleanup } = setup([], { runCheck: check.runCheck, timeoutMs: 3000 }, clock);
  try {
    runtime.start();
    await clock.advance(10_000);
    await runtime.stop();
    // The first full check connected in 12.3 ms: 3 × 12.3 ms is under the floor.
    const floor = String(FAST_TIMEOUT_FLOOR_MS);
    assert.deepEqual(
      check.calls.map((c) => `${c.at / 1000}s ${c.fast ? 'fast' : 'full'} ${c.timeoutMs}`),
      [
        '0s full 3000',
        `5s fast ${floor}`,
        `5s fast ${floor}`,
        '5s full 3000',
        `7s fast ${floor}`,
        `9s fast ${floor}`,
      ],
    );
  } finally {
    cleanup();
  }
});

test('stopping mid-outage closes the outage at the stop time and leaves the rows on disk', async () => {
  const { runtime, clock, t0, dbPath, cleanup } = setup([[0, 'offline']]);
  try {
    runtime.start();
    await clock.advance(7000);
    await runtime.stop();
    await runtime.stop(); // idempotent
    const db = reopen(dbPath);
    const outages = createHistoryQueries(db).outages(ALL);
    assert.equal(outages.length, 1);
    assert.equal(outages[0]?.startedAt, t0);
    assert.equal(outages[0]?.endedAt, t0 + 7000);
    db.close();
  } finally {
    cleanup();
  }
});

test('a sleep between two offline verdicts is no status change, but it ends one outage and starts another', async () => {
  const { runtime, clock, t0, dbPath, cleanup } = setup([[0, 'offline']]);
  try {
    runtime.start();
    await clock.advance(3000); // offline declared at 1 s, beginning at 0
    runtime.monitor.hint('suspend');
    await clock.advance(1000);
    runtime.monitor.hint('resume');
    await clock.advance(3000);
    await runtime.stop();
    const db = reopen(dbPath);
    const changes = db
      .prepare('SELECT from_state, to_state FROM status_changes ORDER BY id')
      .all() as ChangeRow[];
    assert.deepEqual(
      changes.map((c) => [c.from_state, c.to_state]),
      [[null, 'offline']],
      'checking after the sleep is not a verdict',
    );
    const outages = createHistoryQueries(db).outages(ALL);
    assert.deepEqual(
      outages.map((o) => [o.startedAt - t0, (o.endedAt ?? -1) - t0]),
      [
        [0, 3000],
        [4000, 7000],
      ],
    );
    db.close();
  } finally {
    cleanup();
  }
});

test('a failing history write is reported once per kind and monitoring carries on', async () => {
  const { runtime, clock, cleanup } = setup([
    [0, 'online'],
    [10_000, 'offline'],
  ]);
  try {
    const errors: string[] = [];
    runtime.on('history-error', (event) => errors.push(event.error.kind));
    const statuses: string[] = [];
    runtime.monitor.on('status-changed', (event) => statuses.push(event.to));
    runtime.start();
    await clock.advance(1000);
    runtime.db?.pragma('query_only = ON'); // every write now fails with SQLITE_READONLY
    await clock.advance(20_000);
    assert.deepEqual(errors, ['read-only'], 'many failed writes, one report');
    assert.deepEqual(statuses, ['online', 'offline'], 'the monitor did not notice');
    runtime.db?.pragma('query_only = OFF');
    await clock.advance(2000);
    assert.equal(runtime.store?.lastError, null, 'writes work again once the fault is gone');
    await runtime.stop();
  } finally {
    cleanup();
  }
});

test('prunes expired rows on its timer without stopping the checks', async () => {
  const { runtime, clock, t0, dbPath, cleanup } = setup([[0, 'online']], {
    retention: retentionPolicy({ rawChecksMs: 30_000 }),
    firstPruneAfterMs: 60_000,
    pruneEveryMs: 60_000,
  });
  try {
    const pruned: number[] = [];
    runtime.on('history-pruned', (event) => pruned.push(event.counts.checks));
    runtime.start();
    await clock.advance(120_500);
    await runtime.stop();
    // Checks every 5 s from 0 to 120 s; at 60 s those before 30 s went (0…25 s: 6), at 120 s those before 90 s (30…85 s: 12).
    assert.deepEqual(pruned, [6, 12]);
    const db = reopen(dbPath);
    const left = [...createHistoryQueries(db).checks(ALL)].map((c) => c.at - t0);
    assert.deepEqual(left, [90_000, 95_000, 100_000, 105_000, 110_000, 115_000, 120_000]);
    db.close();
  } finally {
    cleanup();
  }
});

test('an outage a crashed run left open is closed at its last recorded check', async () => {
  const { dir, cleanup } = tempDir('ic-runtime-');
  try {
    const path = join(dir, 'history.sqlite');
    const first = openHistoryDatabase(path);
    if (!first.ok) throw new Error(first.error.message);
    const store = createHistoryStore(first.db);
    store.openOutage({ startedAt: 1_000_000, cause: 'gateway-unreachable', summary: 'x' });
    store.recordCheck({
      at: 1_000_000,
      status: 'offline',
      latencyMs: null,
      causeCodes: ['gateway-unreachable'],
    });
    store.recordCheck({
      at: 1_004_000,
      status: 'offline',
      latencyMs: null,
      causeCodes: ['gateway-unreachable'],
    });
    first.db.close(); // no closeOutage: the process "crashed"

    const opened = openMonitorRuntime({
      targets: TARGETS,
      timeoutMs: 1000,
      intervalMs: 5000,
      dbPath: path,
      runCheck: scriptedCheck(Date.now, [[0, 'online']]).runCheck,
      clock: new FakeClock(),
      readNetworkFingerprint: null,
    });
    assert.ok(opened.ok);
    assert.equal(opened.runtime.recoveredOutage?.endedAt, 1_004_000);
    assert.equal(opened.runtime.store?.openOutageRecord(), null);
    await opened.runtime.stop();
  } finally {
    cleanup();
  }
});

test('a network change makes the runtime check again at once instead of waiting for the interval', async () => {
  let fingerprint = 'eth0 up 10.200.1.2/24';
  const { runtime, clock, script, cleanup } = setup([[0, 'online']], {
    intervalMs: 60_000,
    readNetworkFingerprint: async () => fingerprint,
  });
  try {
    runtime.start();
    await clock.advance(3000);
    fingerprint = 'wlan0 up 10.200.9.2/24';
    await clock.advance(3000);
    await runtime.stop();
    assert.deepEqual(
      script.calls.map((call) => call.at),
      [0, 4000],
      'the 2 s poll at 4 s saw the change',
    );
    assert.equal(script.calls[0]?.options.timeoutMs, 1000);
    assert.deepEqual(script.calls[0]?.options.targets, TARGETS);
  } finally {
    cleanup();
  }
});

test('a database that cannot be opened is an error result naming the path, not an exception', () => {
  const opened = openMonitorRuntime({
    targets: TARGETS,
    timeoutMs: 1000,
    intervalMs: 5000,
    dbPath: '/proc/version/history.sqlite',
    runCheck: scriptedCheck(Date.now, [[0, 'online']]).runCheck,
    readNetworkFingerprint: null,
  });
  assert.equal(opened.ok, false);
  if (!opened.ok) assert.match(opened.error.message, /proc\/version/);
});
