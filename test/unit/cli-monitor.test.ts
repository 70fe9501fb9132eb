import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Status } from '../../app/diagnosis/types.js';
import { runCli } from '../../app/cli/run.js';
import type { MonitorIo } from '../../app/cli/monitor-command.js';
import { openHistoryDatabase } from '../../app/history/database.js';
import { createHistoryQueries } from '../../app/history/queries.js';
import type { MonitorRuntime } from '../../app/monitor/runtime.js';
import { OFFLINE_REPORT } from '../fixtures/check-reports.js';
import { tempDir } from '../helpers/history-fixtures.js';
import { scriptedCheck } from '../helpers/scripted-check.js';
import { Capture, isOneCleanLine, isolatedEnv, runCliCaptured } from './cli-harness.js';
import { FakeClock } from './monitor-fake-clock.js';

// Human lines carry local time; pin the zone so the expected text is the same on every machine.
process.env['TZ'] = 'UTC';

const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((cleanup) => cleanup()));
function scratch(): string {
  const { dir, cleanup } = tempDir('ic-cli-monitor-');
  cleanups.push(cleanup);
  return dir;
}

const ALL = { from: 0, to: Number.MAX_SAFE_INTEGER };
const CAUSE_LINE = `${OFFLINE_REPORT.causes[0]?.title} (upstream-unreachable)`;

interface MonitorRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly runtime: MonitorRuntime | null;
  readonly dbPath: string;
  readonly t0: number;
}

/**
 * Runs `internet-conn monitor` in-process on a fake clock with a scripted check, lets `runForMs` of fake
 * time pass, then aborts it as Ctrl-C or SIGTERM would.
 */
async function monitor(
  args: readonly string[],
  timeline: readonly (readonly [number, Status])[],
  runForMs: number,
): Promise<MonitorRun> {
  const dir = scratch();
  const dbPath = join(dir, 'history.sqlite');
  const clock = new FakeClock();
  const t0 = clock.now();
  const stdout = new Capture();
  const stderr = new Capture();
  const stop = new AbortController();
  let runtime: MonitorRuntime | null = null;
  let started: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const io: MonitorIo = {
    stdout,
    stderr,
    env: isolatedEnv(),
    cwd: tmpdir(),
    platform: 'linux',
    signal: stop.signal,
    clock,
    readNetworkFingerprint: null,
    runCheck: scriptedCheck(() => clock.now(), timeline).runCheck,
    onRuntime: (r) => {
      runtime = r;
      started();
    },
  };
  const running = runCli(['monitor', '--db', dbPath, '--target', '198.51.100.1:443', ...args], io);
  await Promise.race([ready, running]);
  if (runtime !== null) await clock.advance(runForMs);
  stop.abort();
  const code = await running;
  return { code, stdout: stdout.text, stderr: stderr.text, runtime, dbPath, t0 };
}

const OUTAGE_TIMELINE = [
  [0, 'online'],
  [5000, 'offline'],
  [9000, 'online'],
] as const;

test('prints one line per status change, with the cause, and "online again after" with the outage length', async () => {
  const run = await monitor(['--interval', '5s'], OUTAGE_TIMELINE, 12_000);
  assert.equal(run.code, 0);
  assert.equal(
    run.stdout,
    [
      '2023-11-14 22:13:20  online',
      `2023-11-14 22:13:25  offline  ${CAUSE_LINE}`,
      '2023-11-14 22:13:29  online again after 4s',
      '',
    ].join('\n'),
  );
  assert.match(
    run.stderr,
    /^internet-conn: monitoring 1 target every 5s; history in .*history\.sqlite\. Ctrl-C stops\.\n/,
  );
  assert.match(
    run.stderr,
    /2023-11-14 22:13:32 {2}monitoring stopped; history saved in .*history\.sqlite\n$/,
  );
});

test('Ctrl-C/SIGTERM mid-outage exits 0 with the outage, its checks and its verdicts saved and the db closed', async () => {
  const run = await monitor(['--interval', '5s'], [[0, 'offline']], 7000);
  assert.equal(run.code, 0);
  assert.equal(run.runtime?.db?.open, false, 'the database was closed');
  assert.equal(
    run.stdout,
    [
      `2023-11-14 22:13:20  offline  ${CAUSE_LINE}`,
      '2023-11-14 22:13:27  monitoring stopped during the outage (7s so far)',
      '',
    ].join('\n'),
  );
  const opened = openHistoryDatabase(run.dbPath, { readonly: true });
  assert.ok(opened.ok);
  const queries = createHistoryQueries(opened.db);
  const outages = queries.outages(ALL);
  assert.deepEqual(
    outages.map((o) => [o.startedAt - run.t0, o.durationMs, o.cause]),
    [[0, 7000, 'upstream-unreachable']],
  );
  assert.deepEqual(
    [...queries.checks(ALL)].map((c) => c.at - run.t0),
    [0, 0, 0, 2000, 4000, 6000],
  );
  opened.db.close();
});

test('--json prints one parseable object per event, from "started" to "stopped"', async () => {
  const run = await monitor(['--interval', '5s', '--json'], OUTAGE_TIMELINE, 12_000);
  assert.equal(run.code, 0);
  assert.equal(run.stderr, '', 'nothing but JSON, and only on stdout');
  const events = run.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const names = events.map((e) => e['event']);
  assert.equal(names[0], 'started');
  assert.equal(names.at(-1), 'stopped');
  assert.deepEqual(
    names.filter((name) => name !== 'check-completed'),
    [
      'started',
      'status-changed',
      'status-changed',
      'outage-started',
      'diagnosis-changed',
      'status-changed',
      'outage-ended',
      'stopped',
    ],
  );
  assert.equal(names.filter((name) => name === 'check-completed').length, 6);
  for (const event of events) assert.match(String(event['at']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const started = events.find((e) => e['event'] === 'started');
  assert.deepEqual(started?.['targets'], ['198.51.100.1:443']);
  assert.equal(started?.['intervalMs'], 5000);
  const outage = events.find((e) => e['event'] === 'outage-started');
  assert.deepEqual(outage, {
    event: 'outage-started',
    at: '2023-11-14T22:13:25.000Z',
    status: 'offline',
    cause: 'upstream-unreachable',
    summary: OFFLINE_REPORT.causes[0]?.title,
    causes: ['upstream-unreachable'],
  });
  const ended = events.find((e) => e['event'] === 'outage-ended');
  assert.deepEqual(ended, {
    event: 'outage-ended',
    at: '2023-11-14T22:13:29.000Z',
    startedAt: '2023-11-14T22:13:25.000Z',
    durationMs: 4000,
    reason: 'recovered',
  });
  const first = events.find((e) => e['event'] === 'check-completed');
  assert.equal(first?.['latencyMs'], 12.3);
  assert.equal(first?.['status'], 'online');
});

test('--verbose adds every check on stderr, not stdout', async () => {
  const run = await monitor(['--interval', '5s', '--verbose'], [[0, 'online']], 10_500);
  assert.equal(run.stdout, '2023-11-14 22:13:20  online\n');
  const checks = run.stderr
    .split('\n')
    .filter((line) => line.includes('check (fast)') || line.includes('check (full)'));
  assert.deepEqual(checks, [
    '2023-11-14 22:13:20  check (full) online, fastest 12 ms',
    '2023-11-14 22:13:25  check (fast) online, fastest 12 ms',
    '2023-11-14 22:13:30  check (fast) online, fastest 12 ms',
  ]);
  assert.match(run.stderr, /setting intervalMs=5000 \(flag\)/);
});

test('--metrics-listen serves Prometheus metrics fed by the same monitor', async () => {
  const dir = scratch();
  const clock = new FakeClock();
  const stdout = new Capture();
  const stop = new AbortController();
  let body = '';
  const io: MonitorIo = {
    stdout,
    stderr: new Capture(),
    env: isolatedEnv(),
    cwd: tmpdir(),
    platform: 'linux',
    signal: stop.signal,
    clock,
    readNetworkFingerprint: null,
    runCheck: scriptedCheck(() => clock.now(), [[0, 'online']]).runCheck,
    onRuntime: () => {
      void (async () => {
        await clock.advance(1000);
        const started = JSON.parse(stdout.text.split('\n')[0] ?? '{}') as { metricsUrl: string };
        body = await (await fetch(started.metricsUrl)).text();
        stop.abort();
      })();
    },
  };
  const code = await runCli(
    [
      'monitor',
      '--json',
      '--db',
      join(dir, 'h.sqlite'),
      '--target',
      '198.51.100.1:443',
      '--metrics-listen',
      '127.0.0.1:0',
    ],
    io,
  );
  assert.equal(code, 0);
  assert.match(stdout.text, /"metricsUrl":"http:\/\/127\.0\.0\.1:\d+\/metrics"/);
  assert.match(body, /internet_conn_status\{status="online"\} 1/);
});

for (const [args, named] of [
  [['--interval', '500ms'], /--interval "500ms": must be 1000–3600000 ms/],
  [['--interval', 'soon'], /--interval "soon"/],
  [['--target', 'example.com:443'], /--target "example.com:443"/],
  [['--db', '/proc/version/history.sqlite'], /--db "\/proc\/version\/history\.sqlite"/],
  [['--log-file', '/proc/version/x.log'], /--log-file "\/proc\/version\/x\.log"/],
  [['--metrics-listen', 'everywhere'], /--metrics-listen "everywhere"/],
  [['--frobnicate'], /unknown flag --frobnicate/],
  [['now'], /unexpected argument "now"/],
] as const) {
  test(`monitor ${args.join(' ')} exits 64 with one line naming the value`, async () => {
    const run = await runCliCaptured(['monitor', ...args]);
    assert.equal(run.code, 64);
    assert.match(run.stderr, named);
    assert.ok(isOneCleanLine(run.stderr), run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.checks.length, 0, 'no check ran');
  });
}

test('monitor --help documents the flags and settings and exits 0', async () => {
  const run = await runCliCaptured(['monitor', '--help']);
  assert.equal(run.code, 0);
  for (const flag of [
    '--json',
    '--verbose',
    '--config PATH',
    '--target IP:PORT',
    '--timeout',
    '--interval',
    '--db PATH',
    '--log-file',
    '--metrics-listen',
  ]) {
    assert.ok(run.stdout.includes(flag), flag);
  }
  assert.match(run.stdout, /Exit status: 0 stopped by Ctrl-C, SIGTERM or SIGHUP/);
});

test('a signal that is already aborted stops at once and still leaves a valid database', async () => {
  const dir = scratch();
  const path = join(dir, 'h.sqlite');
  const run = await runCliCaptured(['monitor', '--db', path, '--target', '198.51.100.1:443'], {
    signal: AbortSignal.abort(),
    runCheck: scriptedCheck(Date.now, [[0, 'online']]).runCheck,
  });
  assert.equal(run.code, 0);
  assert.ok(existsSync(path));
});
