import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openHistoryDatabase } from '../../app/history/database.js';
import { createHistoryStore } from '../../app/history/store.js';
import { DAY, DAY0, HOUR, MIN, knownDayCopy, tempDir } from '../helpers/history-fixtures.js';
import { isOneCleanLine, isolatedEnv, runCliCaptured } from './cli-harness.js';

process.env['TZ'] = 'UTC';

const END_OF_DAY = () => new Date(DAY0 + DAY);

test('summarises a known day: uptime, latency min/median/max, the outage table and the longest outage', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = knownDayCopy(dir, { verdicts: true });
    const run = await runCliCaptured(['history', '--db', path], { now: END_OF_DAY });
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.equal(
      run.stdout,
      [
        `History since 2024-01-01 00:00:00 (last 24h), from ${path}`,
        '',
        // By time: outages of 10 and 30 min and 5 limited minutes in a day of 17 280 checks.
        'Uptime    97.22%  (offline 40m 0s of 1d 0h monitored; 96.88% fully online, limited 5m 0s; 17280 checks)',
        // Online latency is 20 ms + the hour; the weighted middle of the answered checks falls in hour 11.
        'Latency   min 20 ms, median 31 ms, max 500 ms',
        'Outages   2, longest 30m 0s from 2024-01-01 13:47:30 (no-default-route)',
        '',
        'Started              Ended                Duration  Cause',
        '2024-01-01 02:00:00  2024-01-01 02:10:00  10m 0s    lost upstream-unreachable (upstream-unreachable)',
        '2024-01-01 13:47:30  2024-01-01 14:17:30  30m 0s    lost no-default-route (no-default-route)',
        '',
      ].join('\n'),
    );
  } finally {
    cleanup();
  }
});

test('--since a date-time narrows the window and every figure with it', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = knownDayCopy(dir, { verdicts: true });
    const run = await runCliCaptured(['history', '--db', path, '--since', '2024-01-01T13:00Z'], {
      now: END_OF_DAY,
    });
    assert.equal(run.code, 0);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], `History since 2024-01-01 13:00:00 (--since 2024-01-01T13:00Z), from ${path}`);
    // 11 hours = 7920 checks; outage B is 30 minutes of them.
    assert.equal(
      lines[2],
      'Uptime    95.45%  (offline 30m 0s of 11h 0m monitored; 95.45% fully online, limited 0s; 7920 checks)',
    );
    assert.equal(lines[3], 'Latency   min 33 ms, median 38 ms, max 43 ms');
    assert.equal(lines[4], 'Outages   1, longest 30m 0s from 2024-01-01 13:47:30 (no-default-route)');
  } finally {
    cleanup();
  }
});

test('--json gives the same figures as one document', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = knownDayCopy(dir, { verdicts: true });
    const run = await runCliCaptured(['history', '--db', path, '--json'], { now: END_OF_DAY });
    assert.equal(run.code, 0);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc), [
      'schema',
      'db',
      'window',
      'uptime',
      'latency',
      'outages',
      'longestOutage',
    ]);
    assert.deepEqual(doc['uptime'], {
      checks: 17280,
      online: 16740,
      limited: 60,
      offline: 480,
      uptimePercent: (1 - 40 / 1440) * 100,
      onlinePercent: 96.875,
      monitoredMs: DAY,
      offlineMs: 40 * MIN,
      limitedMs: 5 * MIN,
    });
    assert.deepEqual(doc['latency'], { minMs: 20, medianMs: 31, maxMs: 500 });
    const outages = doc['outages'] as { durationMs: number; cause: string; startedAtIso: string }[];
    assert.deepEqual(
      outages.map((o) => [o.startedAtIso, o.durationMs, o.cause]),
      [
        ['2024-01-01T02:00:00.000Z', 10 * MIN, 'upstream-unreachable'],
        ['2024-01-01T13:47:30.000Z', 30 * MIN, 'no-default-route'],
      ],
    );
    assert.equal((doc['longestOutage'] as { cause: string }).cause, 'no-default-route');
  } finally {
    cleanup();
  }
});

/**
 * A database with one open outage from DAY0 (no IP address) and offline checks at the given times,
 * left open for writing: the caller closes it, as a monitor stopping would.
 */
function openOutageDatabase(dir: string, checksAt: readonly number[]) {
  const path = join(dir, 'h.sqlite');
  const opened = openHistoryDatabase(path);
  assert.ok(opened.ok);
  const store = createHistoryStore(opened.db);
  store.openOutage({ startedAt: DAY0, cause: 'no-ip-address', summary: 'No IP address' });
  for (const at of checksAt)
    store.recordCheck({ at, status: 'offline', latencyMs: null, causeCodes: ['no-ip-address'] });
  return { path, db: opened.db };
}

const historyAt = (path: string) =>
  runCliCaptured(['history', '--db', path], { now: () => new Date(DAY0 + HOUR + 5 * MIN) });

test('an ongoing outage is listed as ongoing, its length counted up to now, while a monitor records', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const { path, db } = openOutageDatabase(dir, [DAY0]);
    try {
      const run = await historyAt(path);
      assert.equal(run.code, 0);
      assert.match(
        run.stdout,
        /\n2024-01-01 00:00:00 {2}ongoing {2}1h 5m so far {2}No IP address \(no-ip-address\)\n$/,
      );
      assert.match(run.stdout, /Latency {3}no target answered in this window/);
    } finally {
      db.close();
    }
  } finally {
    cleanup();
  }
});

test('an outage a killed monitor left open is not "ongoing": it lasted at least until its last check', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const { path, db } = openOutageDatabase(dir, [DAY0, DAY0 + 10 * MIN]);
    // Closing without ending the outage is what a kill -9 leaves: an open outage and no live writer.
    db.close();
    const run = await historyAt(path);
    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      /\n2024-01-01 00:00:00 {2}unknown: monitoring stopped, last check 2024-01-01 00:10:00 {2}at least 10m 0s {2}No IP address/,
    );
    assert.match(run.stdout, /longest 10m 0s /);
  } finally {
    cleanup();
  }
});

test('an empty history says no checks are recorded yet', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'h.sqlite');
    const opened = openHistoryDatabase(path);
    assert.ok(opened.ok);
    opened.db.close();
    const run = await runCliCaptured(['history', '--db', path], { now: END_OF_DAY });
    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      /\n\nNo checks recorded yet\. Run `internet-conn monitor` to start recording\.\n$/,
    );
  } finally {
    cleanup();
  }
});

test('with no --db and no history file yet, it says so instead of failing', async () => {
  const env = isolatedEnv();
  const run = await runCliCaptured(['history'], { env, now: END_OF_DAY });
  assert.equal(run.code, 0);
  assert.ok(run.stdout.includes(join(env['HOME'] ?? '', '.local/share/internet-conn/history.sqlite')));
  assert.match(run.stdout, /No checks recorded yet/);
});

test('a window with nothing in it, in a history that has older checks, suggests a longer window', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = knownDayCopy(dir, { verdicts: true });
    const run = await runCliCaptured(['history', '--db', path], { now: () => new Date(DAY0 + 10 * DAY) });
    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      /No checks recorded in this window; the history holds older ones \(try --since 30d\)\./,
    );
  } finally {
    cleanup();
  }
});

test('a --since too far back is refused on an empty database too, naming the value', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'empty.sqlite');
    const created = openHistoryDatabase(path);
    assert.ok(created.ok);
    created.db.close();
    for (const since of ['99999999999999999999d', '1753-01-01']) {
      const run = await runCliCaptured(['history', '--db', path, '--since', since], { now: END_OF_DAY });
      assert.equal(run.code, 64, run.stderr);
      assert.match(run.stderr, new RegExp(`--since "${since}": is too far back`));
      assert.equal(run.stdout, '');
    }
  } finally {
    cleanup();
  }
});

test('INTERNET_CONN_DB names the database when --db is absent', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = knownDayCopy(dir, { verdicts: true });
    const run = await runCliCaptured(['history', '--json'], {
      env: isolatedEnv({ INTERNET_CONN_DB: path }),
      now: END_OF_DAY,
    });
    assert.equal(run.code, 0);
    assert.equal((JSON.parse(run.stdout) as { uptime: { checks: number } }).uptime.checks, 17280);
  } finally {
    cleanup();
  }
});

const { dir: badDir, cleanup: removeBadDir } = tempDir('ic-history-bad-');
after(removeBadDir);
const notADatabase = join(badDir, 'notes.txt');
writeFileSync(notADatabase, 'this is not a database, it is a shopping list\n'.repeat(100));
mkdirSync(join(badDir, 'folder'));

for (const [args, named] of [
  [['--since', 'yesterday'], /--since "yesterday": must be a span like 24h, 7d or 30d/],
  [['--since', '0h'], /--since "0h": must be a span longer than zero/],
  [['--since', '2024-02-30'], /--since "2024-02-30": is not a calendar date/],
  [['--since', '2099-01-01'], /--since "2099-01-01": is in the future/],
  // Spans and dates before 1970 or over 100 years back: 64, never a NaN heading or an internal error.
  [['--since', '99999999999999999999d'], /--since "99999999999999999999d": is too far back/],
  [['--since', '300000w', '--json'], /--since "300000w": is too far back/],
  [['--since', '100000d'], /--since "100000d": is too far back/],
  [['--since', '1969-12-31T23:59Z'], /--since "1969-12-31T23:59Z": is too far back/],
  [['--db', join(badDir, 'missing.sqlite')], /--db ".*missing\.sqlite": no such file/],
  [['--db', join(badDir, 'folder')], /--db ".*folder": is a directory/],
  [['--db', notADatabase], /--db ".*notes\.txt": .*not a database/],
  [['--format', 'csv'], /unknown flag --format/],
] as const) {
  test(`history ${args.join(' ')} exits 64 with one line naming the value`, async () => {
    const run = await runCliCaptured(['history', ...args], { now: END_OF_DAY });
    assert.equal(run.code, 64);
    assert.match(run.stderr, named);
    assert.ok(isOneCleanLine(run.stderr), run.stderr);
    assert.equal(run.stdout, '');
  });
}
