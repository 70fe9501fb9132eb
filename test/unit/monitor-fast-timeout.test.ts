import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckOptions, CheckReport } from '../../app/check.js';
import { checkFunctionFor } from '../../app/monitor/check-adapter.js';
import { createConnectTimes, fastTimeoutMs } from '../../app/monitor/fast-timeout.js';
import { FAST_TIMEOUT_SAMPLES } from '../../app/monitor/timing.js';
import type { TcpProbeResult } from '../../app/probes/types.js';
import { connectedProbe, report } from './monitor-fake-clock.js';

const repeat = (ms: number, times = FAST_TIMEOUT_SAMPLES): number[] =>
  Array.from({ length: times }, () => ms);

test('the fast timeout is three times the recent p90 connect time, between 0.9 s and the configured timeout', () => {
  const cases: readonly [string, readonly number[], number, number][] = [
    ['no connect seen yet: the configured timeout', [], 3000, 3000],
    ['a 20 ms link: 60 ms, raised to the 0.9 s floor', repeat(20), 3000, 900],
    ['a 299 ms link: just under the floor', repeat(299), 3000, 900],
    ['a 301 ms link: just over the floor', repeat(301), 3000, 903],
    ['a 600 ms satellite link: 1.8 s', repeat(600), 3000, 1800],
    ['a 999 ms link: just under the configured 3 s', repeat(999), 3000, 2997],
    ['a 1.5 s link: capped at the configured 3 s', repeat(1500), 3000, 3000],
    ['a configured timeout under the floor is still the ceiling', repeat(20), 500, 500],
    ['two slow connects in twenty are above the p90 and ignored', [900, 900, ...repeat(20, 18)], 3000, 900],
    ['three slow connects in twenty reach the p90', [900, 900, 900, ...repeat(20, 17)], 3000, 2700],
    ['the latest connect counts at once: a move to a slower network', [...repeat(20, 19), 800], 3000, 2400],
    ['one sample is its own p90', [600], 3000, 1800],
  ];
  for (const [name, samples, configured, expected] of cases) {
    assert.equal(fastTimeoutMs(samples, configured), expected, name);
  }
});

const connected = connectedProbe;
const timedOut: TcpProbeResult = { ...connected(0), outcome: 'timeout', ms: null, errorCode: 'ETIMEDOUT' };
const withProbes = (status: CheckReport['status'], probes: TcpProbeResult[]): CheckReport => ({
  ...report(status),
  probes,
});

test('keeps the fastest connect of each check and only the most recent twenty', () => {
  const times = createConnectTimes();
  times.record(withProbes('online', [connected(40), connected(25), timedOut]));
  times.record(withProbes('offline', [timedOut]));
  assert.deepEqual(times.samples(), [25]);
  for (let i = 1; i <= FAST_TIMEOUT_SAMPLES; i++) times.record(withProbes('online', [connected(i)]));
  assert.equal(times.samples().length, FAST_TIMEOUT_SAMPLES);
  assert.equal(times.samples()[0], 1, 'the oldest sample went first');
});

test('the adapter gives fast checks the adaptive timeout learnt from earlier checks and full ones the configured timeout', async () => {
  const calls: { fast: boolean; timeoutMs: number }[] = [];
  let answer = withProbes('online', [connected(600)]);
  const runCheck = async (options: CheckOptions): Promise<CheckReport> => {
    calls.push({ fast: options.fast, timeoutMs: options.timeoutMs });
    return answer;
  };
  const check = checkFunctionFor(runCheck, { targets: [], timeoutMs: 3000 });
  const signal = new AbortController().signal;
  await check('fast', signal); // nothing learnt yet
  await check('full', signal);
  await check('fast', signal);
  answer = withProbes('offline', [timedOut]); // a failure teaches nothing
  await check('fast', signal);
  await check('fast', signal);
  assert.deepEqual(calls, [
    { fast: true, timeoutMs: 3000 },
    { fast: false, timeoutMs: 3000 },
    { fast: true, timeoutMs: 1800 },
    { fast: true, timeoutMs: 1800 },
    { fast: true, timeoutMs: 1800 },
  ]);
});
