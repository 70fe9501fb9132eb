import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, linkSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { openHistoryDatabase } from '../../app/history/database.js';
import { createHistoryStore } from '../../app/history/store.js';
import { DAY0, HOUR, MIN, tempDir } from '../helpers/history-fixtures.js';
import { isOneCleanLine, isolatedEnv, runCliCaptured } from './cli-harness.js';

const { dir, cleanup } = tempDir('ic-cli-export-');
after(cleanup);
const NOW = () => new Date(DAY0 + 20 * HOUR);

/** Two outages (one still going on, one with a comma and quotes in its summary) and three checks. */
function smallHistory(): string {
  const path = join(dir, `h-${Math.random().toString(36).slice(2)}.sqlite`);
  const opened = openHistoryDatabase(path);
  if (!opened.ok) throw new Error(opened.error.message);
  const store = createHistoryStore(opened.db);
  store.recordCheck({ at: DAY0, status: 'online', latencyMs: 12.5, causeCodes: [] });
  store.recordCheck({
    at: DAY0 + 5000,
    status: 'offline',
    latencyMs: null,
    causeCodes: ['upstream-unreachable', 'dns-failing'],
  });
  store.recordCheck({ at: DAY0 + HOUR, status: 'limited', latencyMs: 40, causeCodes: ['ipv6-broken'] });
  store.openOutage({
    startedAt: DAY0 + 2 * HOUR,
    cause: 'upstream-unreachable',
    summary: 'Router up, "nothing" beyond',
  });
  store.closeOutage({ endedAt: DAY0 + 2 * HOUR + 10 * MIN });
  store.openOutage({ startedAt: DAY0 + 14 * HOUR, cause: 'no-ip-address', summary: 'No IP address' });
  opened.db.close();
  return path;
}

const OUTAGES_CSV =
  'id,started_at,ended_at,duration_ms,cause,summary\r\n' +
  '1,2024-01-01T02:00:00.000Z,2024-01-01T02:10:00.000Z,600000,upstream-unreachable,"Router up, ""nothing"" beyond"\r\n' +
  '2,2024-01-01T14:00:00.000Z,,,no-ip-address,No IP address\r\n';

test('exports outages as CSV on stdout by default', async () => {
  const run = await runCliCaptured(['export', '--db', smallHistory()], { now: NOW });
  assert.equal(run.code, 0);
  assert.equal(run.stderr, '');
  assert.equal(run.stdout, OUTAGES_CSV);
});

test('--format json --what outages gives the schema-1 document', async () => {
  const run = await runCliCaptured(['export', '--db', smallHistory(), '--format', 'json'], { now: NOW });
  assert.equal(run.code, 0);
  assert.deepEqual(JSON.parse(run.stdout), {
    schema: 1,
    outages: [
      {
        id: 1,
        startedAt: DAY0 + 2 * HOUR,
        endedAt: DAY0 + 2 * HOUR + 10 * MIN,
        durationMs: 600_000,
        cause: 'upstream-unreachable',
        summary: 'Router up, "nothing" beyond',
        startedAtIso: '2024-01-01T02:00:00.000Z',
        endedAtIso: '2024-01-01T02:10:00.000Z',
      },
      {
        id: 2,
        startedAt: DAY0 + 14 * HOUR,
        endedAt: null,
        durationMs: null,
        cause: 'no-ip-address',
        summary: 'No IP address',
        startedAtIso: '2024-01-01T14:00:00.000Z',
        endedAtIso: null,
      },
    ],
  });
});

test('--what checks exports raw checks as CSV, cause codes space-separated', async () => {
  const run = await runCliCaptured(['export', '--db', smallHistory(), '--what', 'checks'], { now: NOW });
  assert.equal(run.code, 0);
  assert.equal(
    run.stdout,
    'at,status,latency_ms,cause_codes\r\n' +
      '2024-01-01T00:00:00.000Z,online,12.5,\r\n' +
      '2024-01-01T00:00:05.000Z,offline,,upstream-unreachable dns-failing\r\n' +
      '2024-01-01T01:00:00.000Z,limited,40,ipv6-broken\r\n',
  );
});

test('--what checks --format json', async () => {
  const run = await runCliCaptured(
    ['export', '--db', smallHistory(), '--what', 'checks', '--format', 'json'],
    {
      now: NOW,
    },
  );
  assert.equal(run.code, 0);
  const doc = JSON.parse(run.stdout) as { schema: number; checks: Record<string, unknown>[] };
  assert.equal(doc.schema, 1);
  assert.deepEqual(doc.checks[1], {
    at: DAY0 + 5000,
    status: 'offline',
    latencyMs: null,
    causeCodes: ['upstream-unreachable', 'dns-failing'],
    atIso: '2024-01-01T00:00:05.000Z',
  });
});

test('--since keeps checks from then on and outages still going on or ending after it', async () => {
  const path = smallHistory();
  const checks = await runCliCaptured(
    ['export', '--db', path, '--what', 'checks', '--since', '2024-01-01T00:30Z'],
    {
      now: NOW,
    },
  );
  assert.equal(
    checks.stdout,
    'at,status,latency_ms,cause_codes\r\n2024-01-01T01:00:00.000Z,limited,40,ipv6-broken\r\n',
  );
  const outages = await runCliCaptured(['export', '--db', path, '--since', '2024-01-01T02:05Z'], {
    now: NOW,
  });
  assert.equal(outages.stdout, OUTAGES_CSV, 'the first overlaps the window, so it is included whole');
  const later = await runCliCaptured(['export', '--db', path, '--since', '3h'], { now: NOW });
  assert.equal(
    later.stdout,
    OUTAGES_CSV.split('\r\n')
      .filter((_, i) => i !== 1)
      .join('\r\n'),
  );
});

test('--output writes the file and nothing to stdout', async () => {
  const target = join(dir, 'outages.csv');
  writeFileSync(target, 'old contents that must be replaced\n');
  const run = await runCliCaptured(['export', '--db', smallHistory(), '-o', target], { now: NOW });
  assert.equal(run.code, 0);
  assert.equal(run.stdout, '');
  assert.equal(readFileSync(target, 'utf8'), OUTAGES_CSV);
});

test('--output naming the database or its -wal/-shm/-journal, by any spelling, exits 64 and changes nothing', async () => {
  const path = smallHistory();
  const before = readFileSync(path);
  const link = join(dir, `link-${Math.random().toString(36).slice(2)}.sqlite`);
  symlinkSync(path, link);
  const linkedDir = join(dir, `dirlink-${Math.random().toString(36).slice(2)}`);
  symlinkSync(dir, linkedDir);
  const hardLink = join(dir, `hard-${Math.random().toString(36).slice(2)}.sqlite`);
  linkSync(path, hardLink);
  const spellings = [
    path,
    join(dir, '.', '..', basename(dir), basename(path)),
    link,
    join(linkedDir, basename(path)),
    hardLink,
    `${path}-wal`,
    `${path}-shm`,
  ];
  const cases = [
    ...spellings.map((output) => ({ db: path, output })),
    // --db through a symlink: SQLite keeps the journal beside the real file.
    { db: link, output: `${path}-journal` },
    { db: link, output: path },
  ];
  for (const { db, output } of cases) {
    const run = await runCliCaptured(['export', '--db', db, '--output', output], { now: NOW });
    assert.equal(run.code, 64, `${output}: ${run.stderr}`);
    assert.ok(isOneCleanLine(run.stderr), run.stderr);
    assert.match(run.stderr, /is the history database's own file/);
    assert.ok(run.stderr.includes(JSON.stringify(output)), run.stderr);
    assert.equal(run.stdout, '');
  }
  // Relative to the working directory, as typed at a prompt.
  const relative = await runCliCaptured(['export', '--db', path, '-o', `./${basename(path)}`], {
    now: NOW,
    cwd: dir,
  });
  assert.equal(relative.code, 64, relative.stderr);
  assert.deepEqual(readFileSync(path), before);
  for (const suffix of ['-wal', '-shm', '-journal']) assert.equal(existsSync(`${path}${suffix}`), false);
});

test('no history file yet at the default location: just the header', async () => {
  const run = await runCliCaptured(['export'], { env: isolatedEnv(), now: NOW });
  assert.equal(run.code, 0);
  assert.equal(run.stdout, 'id,started_at,ended_at,duration_ms,cause,summary\r\n');
});

for (const [args, named] of [
  [['--format', 'xml'], /--format "xml": must be csv or json/],
  [['--what', 'everything'], /--what "everything": must be outages or checks/],
  [['--since', 'last week'], /--since "last week": must be a span/],
  [['--since', '99999999999999999999d'], /--since "99999999999999999999d": is too far back/],
  [['--db', '/nonexistent-ic/h.sqlite'], /--db "\/nonexistent-ic\/h\.sqlite": no such file/],
  [
    ['--output', '/nonexistent-ic/out.csv'],
    /--output "\/nonexistent-ic\/out\.csv": cannot write it \(ENOENT\)/,
  ],
  [['--format'], /--format needs a value/],
] as const) {
  test(`export ${args.join(' ')} exits 64 with one line naming the value`, async () => {
    const withDb = args[0] === '--output' ? ['--db', smallHistory()] : [];
    const run = await runCliCaptured(['export', ...withDb, ...args], { now: NOW });
    assert.equal(run.code, 64);
    assert.match(run.stderr, named);
    assert.ok(isOneCleanLine(run.stderr), run.stderr);
    assert.equal(run.stdout, '');
  });
}
