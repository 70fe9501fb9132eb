import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openHistoryDatabase, type HistoryDatabase } from '../../app/history/database.js';
import { createHistoryStore } from '../../app/history/store.js';
import type { HistoryError } from '../../app/history/types.js';
import { DAY0, HOUR, MIN, tempDir } from '../helpers/history-fixtures.js';

function freshDb(
  t: { after: (fn: () => void) => void },
  options: { readonly?: boolean } = {},
): HistoryDatabase {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  const opened = openHistoryDatabase(path);
  assert.ok(opened.ok);
  if (!options.readonly) {
    t.after(() => opened.db.close());
    return opened.db;
  }
  opened.db.close();
  const reader = openHistoryDatabase(path, { readonly: true });
  assert.ok(reader.ok);
  t.after(() => reader.db.close());
  return reader.db;
}

const count = (db: HistoryDatabase, sql: string) => (db.prepare(sql).get() as { n: number | null }).n;

test('every check is folded into its minute and hour rollup in the same write', (t) => {
  const db = freshDb(t);
  const store = createHistoryStore(db);
  const at = DAY0 + 3 * HOUR + 7 * MIN;
  assert.ok(store.recordCheck({ at, status: 'online', latencyMs: 30, causeCodes: [] }).ok);
  assert.ok(
    store.recordCheck({
      at: at + 5000,
      status: 'limited',
      latencyMs: 10,
      causeCodes: ['dns-slow', 'high-latency'],
    }).ok,
  );
  assert.ok(
    store.recordCheck({ at: at + 60_000, status: 'offline', latencyMs: null, causeCodes: ['no-ip-address'] })
      .ok,
  );

  const minute = db.prepare('SELECT * FROM rollup_minute WHERE bucket = ?').get(at) as Record<
    string,
    unknown
  >;
  assert.deepEqual(
    [minute['checks'], minute['online'], minute['limited'], minute['offline'], minute['latency_count']],
    [2, 1, 1, 0, 2],
  );
  assert.deepEqual([minute['latency_min'], minute['latency_max'], minute['latency_sum']], [10, 30, 40]);
  const hour = db.prepare('SELECT * FROM rollup_hour WHERE bucket = ?').get(DAY0 + 3 * HOUR) as Record<
    string,
    unknown
  >;
  assert.deepEqual([hour['checks'], hour['offline'], hour['latency_count']], [3, 1, 2]);
  assert.equal(
    count(db, "SELECT cause_codes AS n FROM checks WHERE status = 'limited'"),
    'dns-slow,high-latency',
  );
});

test('status changes are recorded with from, to and causes', (t) => {
  const db = freshDb(t);
  const store = createHistoryStore(db);
  assert.ok(store.recordStatusChange({ at: DAY0, from: null, to: 'checking', causeCodes: [] }).ok);
  assert.ok(
    store.recordStatusChange({ at: DAY0 + 1, from: 'checking', to: 'offline', causeCodes: ['link-down'] }).ok,
  );
  assert.deepEqual(
    db.prepare('SELECT at, from_state, to_state, cause_codes FROM status_changes ORDER BY id').all(),
    [
      { at: DAY0, from_state: null, to_state: 'checking', cause_codes: '' },
      { at: DAY0 + 1, from_state: 'checking', to_state: 'offline', cause_codes: 'link-down' },
    ],
  );
});

test('an outage opens once, a second open returns the same one, and closing sets end, duration and summary', (t) => {
  const db = freshDb(t);
  const store = createHistoryStore(db);
  const opened = store.openOutage({
    startedAt: DAY0,
    cause: 'gateway-unreachable',
    summary: 'router not answering',
  });
  assert.ok(opened.ok);
  assert.deepEqual(opened.value, {
    id: 1,
    startedAt: DAY0,
    endedAt: null,
    durationMs: null,
    cause: 'gateway-unreachable',
    summary: 'router not answering',
  });
  const again = store.openOutage({ startedAt: DAY0 + 5000, cause: 'unknown', summary: 'x' });
  assert.deepEqual(again.ok && again.value, opened.value);
  assert.deepEqual(store.openOutageRecord(), opened.value);

  const closed = store.closeOutage({ endedAt: DAY0 + 90_000, summary: 'router rebooted' });
  assert.ok(closed.ok);
  assert.deepEqual(closed.value, {
    ...opened.value,
    endedAt: DAY0 + 90_000,
    durationMs: 90_000,
    summary: 'router rebooted',
  });
  assert.equal(store.openOutageRecord(), null);
  const none = store.closeOutage({ endedAt: DAY0 + 100_000 });
  assert.deepEqual(none, { ok: true, value: null });
});

test('closing an outage before it started is reported as invalid input naming both times', (t) => {
  const db = freshDb(t);
  const store = createHistoryStore(db);
  assert.ok(store.openOutage({ startedAt: DAY0, cause: 'unknown', summary: '' }).ok);
  const result = store.closeOutage({ endedAt: DAY0 - 1 });
  assert.equal(result.ok, false);
  assert.equal(result.ok ? null : result.error.kind, 'invalid-input');
  assert.match(result.ok ? '' : result.error.message, new RegExp(`endedAt ${DAY0 - 1} is before .* ${DAY0}`));
  assert.notEqual(store.openOutageRecord(), null);
});

test('bad checks are reported as values naming the bad field, and nothing is written', (t) => {
  const db = freshDb(t);
  const store = createHistoryStore(db);
  const seen: HistoryError[] = [];
  store.onError((e) => seen.push(e));
  const cases: [Parameters<typeof store.recordCheck>[0], RegExp][] = [
    [{ at: NaN, status: 'online', latencyMs: 1, causeCodes: [] }, /at must be epoch milliseconds .* got NaN/],
    [{ at: DAY0, status: 'up' as 'online', latencyMs: 1, causeCodes: [] }, /status must be .* got "up"/],
    [{ at: DAY0, status: 'online', latencyMs: -3, causeCodes: [] }, /latencyMs .* got -3/],
    [{ at: DAY0, status: 'online', latencyMs: 1, causeCodes: ['dns,slow'] }, /kebab-case, got "dns,slow"/],
  ];
  for (const [check, message] of cases) {
    const result = store.recordCheck(check);
    assert.equal(result.ok, false);
    assert.equal(result.ok ? null : result.error.kind, 'invalid-input');
    assert.match(result.ok ? '' : result.error.message, message);
  }
  assert.equal(seen.length, 4);
  assert.equal(store.lastError?.kind, 'invalid-input');
  assert.equal(count(db, 'SELECT count(*) AS n FROM checks'), 0);
  assert.equal(count(db, 'SELECT count(*) AS n FROM rollup_minute'), 0);
  assert.ok(store.recordCheck({ at: DAY0, status: 'online', latencyMs: 1, causeCodes: [] }).ok);
  assert.equal(store.lastError, null);
});

test('writing through a read-only connection is reported as read-only, to listeners too, without throwing', (t) => {
  const db = freshDb(t, { readonly: true });
  const store = createHistoryStore(db);
  const seen: HistoryError[] = [];
  const stop = store.onError((e) => seen.push(e));
  store.onError(() => {
    throw new Error('a broken listener');
  });
  const result = store.recordCheck({ at: DAY0, status: 'online', latencyMs: 5, causeCodes: [] });
  assert.equal(result.ok, false);
  assert.equal(result.ok ? null : result.error.kind, 'read-only');
  assert.equal(result.ok ? null : result.error.code, 'SQLITE_READONLY');
  assert.equal(seen.length, 1);
  stop();
  assert.equal(store.openOutage({ startedAt: DAY0, cause: 'unknown', summary: '' }).ok, false);
  assert.equal(seen.length, 1);
});

test('writing after the database was closed is reported as closed', (t) => {
  const db = freshDb(t);
  const store = createHistoryStore(db);
  db.close();
  const result = store.recordCheck({ at: DAY0, status: 'online', latencyMs: 5, causeCodes: [] });
  assert.equal(result.ok ? null : result.error.kind, 'closed');
});
