import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckOptions, CheckReport } from '../../app/check.js';
import { checkFunctionFor } from '../../app/monitor/check-adapter.js';
import {
  createRecentCheckLog,
  MAX_RECENT_CHECKS,
  RECENT_WINDOW_MS,
} from '../../app/monitor/recent-checks.js';
import type { QualityProbeResult } from '../../app/probes/quality.js';
import type { TcpProbeResult } from '../../app/probes/types.js';

const T0 = 1_700_000_000_000;

function target(host: string, outcome: TcpProbeResult['outcome'], ms: number | null): TcpProbeResult {
  return {
    kind: 'tcp',
    target: `${host}:443`,
    family: 4,
    outcome,
    errorCode: outcome === 'connected' ? null : 'ETIMEDOUT',
    ms,
    endpoint: { host, port: 443, family: 4 },
  };
}

function burst(sent: number, lost: number, host = '198.51.100.1'): QualityProbeResult {
  return {
    kind: 'local',
    target: `quality burst to ${host}:443`,
    family: 4,
    outcome: 'measured',
    errorCode: null,
    ms: 40,
    endpoint: { host, port: 443, family: 4 },
    attempts: [],
    sent,
    lost,
    medianMs: 40,
    cutoffMs: 1000,
  };
}

function report(...probes: CheckReport['probes']): CheckReport {
  const online = probes.some((probe) => probe.kind === 'tcp' && probe.outcome === 'connected');
  return {
    schema: 1,
    status: online ? 'online' : 'offline',
    causes: [],
    probes,
    startedAt: new Date(T0).toISOString(),
    elapsedMs: 10,
  };
}

test('an empty log has nothing to say', () => {
  assert.equal(createRecentCheckLog().summary(T0), null);
});

test('keeps each check’s fastest connect, its failures and its burst, newest first', () => {
  const log = createRecentCheckLog();
  log.record(report(target('198.51.100.1', 'connected', 42.5)), T0);
  log.record(
    report(
      target('198.51.100.1', 'connected', 51),
      target('203.0.113.1', 'connected', 38.2),
      target('198.51.100.2', 'timeout', 1000),
      burst(10, 3),
    ),
    T0 + 5_000,
  );
  log.record(
    report(target('198.51.100.1', 'timeout', 800), target('203.0.113.1', 'refused', 2)),
    T0 + 10_000,
  );
  assert.deepEqual(log.summary(T0 + 11_000), {
    windowMs: RECENT_WINDOW_MS,
    checks: 3,
    failedChecks: 1,
    fastestMs: [38.2, 42.5],
    bursts: [{ target: '198.51.100.1:443', sent: 10, lost: 3 }],
  });
});

test('forgets checks older than the window, and checks from a clock that went backwards', () => {
  const log = createRecentCheckLog(60_000);
  log.record(report(target('198.51.100.1', 'connected', 400)), T0);
  log.record(report(target('198.51.100.1', 'connected', 40)), T0 + 30_000);
  assert.deepEqual(log.summary(T0 + 61_000)?.fastestMs, [40]);
  assert.equal(log.summary(T0 - 5_000), null, 'the clock went back before every sample');
});

test(`never keeps more than ${MAX_RECENT_CHECKS} checks`, () => {
  const log = createRecentCheckLog();
  for (let index = 0; index < 400; index += 1) {
    log.record(report(target('198.51.100.1', 'connected', index)), T0 + index * 100);
  }
  const summary = log.summary(T0 + 40_000);
  assert.equal(summary?.checks, MAX_RECENT_CHECKS);
  assert.equal(summary?.fastestMs[0], 399, 'the newest first');
});

test('the monitor’s full diagnosis gets the checks before it; fast checks get none', async () => {
  const seen: { fast: boolean; recent: CheckOptions['recent'] }[] = [];
  const answers = [
    report(target('198.51.100.1', 'connected', 410)),
    report(target('198.51.100.1', 'connected', 420)),
    report(target('198.51.100.1', 'connected', 430), burst(10, 6)),
    report(target('198.51.100.1', 'connected', 415), burst(10, 5)),
  ];
  let now = T0;
  const check = checkFunctionFor(
    (options) => {
      seen.push({ fast: options.fast, recent: options.recent });
      const answer = answers[seen.length - 1];
      if (answer === undefined) throw new Error(`check ${seen.length} was not expected`);
      return Promise.resolve(answer);
    },
    { targets: [{ host: '198.51.100.1', port: 443, family: 4 }], timeoutMs: 1000, now: () => now },
  );
  const signal = new AbortController().signal;
  await check('fast', signal);
  now += 5_000;
  await check('fast', signal);
  now += 5_000;
  await check('full', signal);
  now += 2_000;
  await check('full', signal);
  assert.deepEqual(
    seen.map(({ fast, recent }) => ({ fast, recent })),
    [
      { fast: true, recent: undefined },
      { fast: true, recent: undefined },
      {
        fast: false,
        recent: { windowMs: RECENT_WINDOW_MS, checks: 2, failedChecks: 0, fastestMs: [420, 410], bursts: [] },
      },
      {
        fast: false,
        recent: {
          windowMs: RECENT_WINDOW_MS,
          checks: 3,
          failedChecks: 0,
          fastestMs: [430, 420, 410],
          bursts: [{ target: '198.51.100.1:443', sent: 10, lost: 6 }],
        },
      },
    ],
  );
});
