import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Status } from '../../app/diagnosis/types.js';
import type { CheckMode, CheckReport, MonitorEvent } from '../../app/monitor/events.js';
import { createMonitor } from '../../app/monitor/monitor.js';
import type { Monitor, MonitorOptions } from '../../app/monitor/monitor.js';
import { FakeClock, cause, report } from './monitor-fake-clock.js';

type Answer = Status | CheckReport | Error | 'hang';

interface Call {
  readonly at: number;
  readonly mode: CheckMode;
}

/**
 * A monitor on a fake clock whose check answers from `script(callIndex, mode)`, taking `checkMs` of
 * fake time (a number, or per answer). Records call times (relative to the start) and every event.
 */
function setup(
  script: (index: number, mode: CheckMode, elapsedMs: number) => Answer,
  extra: Partial<MonitorOptions> = {},
  checkMs: number | ((answer: Answer, mode: CheckMode) => number) = 0,
) {
  const clock = new FakeClock();
  const start = clock.now();
  const calls: Call[] = [];
  const events: MonitorEvent[] = [];
  const signals: AbortSignal[] = [];
  let running = 0;
  let maxRunning = 0;
  const check = (mode: CheckMode, signal: AbortSignal): Promise<CheckReport> => {
    const answer = script(calls.length, mode, clock.now() - start);
    calls.push({ at: clock.now() - start, mode });
    signals.push(signal);
    running++;
    maxRunning = Math.max(maxRunning, running);
    return new Promise<CheckReport>((resolve, reject) => {
      const finish = () => {
        running--;
        if (answer instanceof Error) reject(answer);
        else if (typeof answer === 'object') resolve(answer);
        else if (answer !== 'hang')
          resolve(report(answer, answer === 'online' ? [] : [cause('upstream-unreachable')]));
      };
      signal.addEventListener('abort', () => {
        running--;
        reject(signal.reason);
      });
      if (answer === 'hang') return;
      const ms = typeof checkMs === 'number' ? checkMs : checkMs(answer, mode);
      if (ms === 0) queueMicrotask(finish);
      else clock.setTimeout(finish, ms);
    });
  };
  const monitor: Monitor = createMonitor({ check, clock, ...extra });
  for (const type of [
    'status-changed',
    'outage-started',
    'outage-ended',
    'diagnosis-changed',
    'check-completed',
    'check-failed',
  ] as const) {
    monitor.on(type, (event) => events.push(event as MonitorEvent));
  }
  const times = (from = 0) => calls.filter((c) => c.at >= from).map((c) => `${c.at / 1000}s ${c.mode}`);
  const statuses = () => events.flatMap((e) => (e.type === 'status-changed' ? [`${e.from}->${e.to}`] : []));
  return { clock, start, calls, events, monitor, times, statuses, signals, maxRunning: () => maxRunning };
}

test('checks at start with a full diagnosis, then fast every interval while online', async () => {
  const m = setup(() => 'online');
  m.monitor.start();
  await m.clock.advance(16_000);
  assert.deepEqual(m.times(), ['0s full', '5s fast', '10s fast', '15s fast']);
  assert.equal(m.monitor.snapshot().status, 'online');
  await m.monitor.stop();
});

test('confirms a failure at once with a second fast check, names it with a full diagnosis, rechecks every 2 s while offline, then returns to the interval', async () => {
  const named = report('offline', [cause('gateway-unreachable')]);
  const m = setup((i, mode) => (i >= 2 && i <= 5 ? (mode === 'full' ? named : 'offline') : 'online'));
  m.monitor.start();
  await m.clock.advance(40_000);
  assert.deepEqual(m.times(), [
    '0s full',
    '5s fast',
    '10s fast', // first failure
    '10s fast', // confirmation, at once: declares offline
    '10s full', // at once again: names the cause
    '12s fast',
    '14s fast', // good again: online at once
    '19s full', // the diagnosis still says offline, so refresh it
    '24s fast',
    '29s fast',
    '34s fast',
    '39s fast',
  ]);
  assert.deepEqual(m.statuses(), ['checking->online', 'online->offline', 'offline->online']);
  const story = m.events
    .filter((e) => e.type !== 'check-completed')
    .map((e) => `${e.type} ${(('at' in e ? e.at : e.startedAt) - m.start) / 1000}s`);
  assert.deepEqual(story.slice(0, 5), [
    'status-changed 0s',
    'status-changed 10s',
    'outage-started 10s',
    'diagnosis-changed 10s', // the full check began at 10 s too: checks here take no time
    'status-changed 14s',
  ]);
  const diagnosed = m.events.find((e) => e.type === 'diagnosis-changed');
  assert.deepEqual(diagnosed?.type === 'diagnosis-changed' && diagnosed.causes, [
    cause('gateway-unreachable'),
  ]);
  const ended = m.events.find((e) => e.type === 'outage-ended');
  assert.deepEqual(ended, {
    type: 'outage-ended',
    startedAt: m.start + 10_000,
    endedAt: m.start + 14_000,
    durationMs: 4_000,
    reason: 'recovered',
  });
  await m.monitor.stop();
});

test('a black hole is declared within interval + 2 s wherever it falls in the interval, with failing fast checks taking their 1 s timeout', async () => {
  // Issue #3 at the defaults: interval 5 s; a connect takes 20 ms; a black-holed fast check gives up
  // after its 1 s adaptive timeout, a full one after the configured 3 s.
  for (let cutAt = 20_000; cutAt < 25_100; cutAt += 100) {
    const m = setup(
      (_i, _mode, elapsed) => (elapsed >= cutAt ? 'offline' : 'online'),
      {},
      (answer, mode) => (answer === 'online' ? 20 : mode === 'fast' ? 1_000 : 3_000),
    );
    let declaredAt = Infinity;
    m.monitor.on('status-changed', (e) => {
      if (e.to === 'offline') declaredAt = Math.min(declaredAt, m.clock.now() - m.start);
    });
    m.monitor.start();
    await m.clock.advance(40_000);
    await m.monitor.stop();
    const delay = declaredAt - cutAt;
    // 20 ms: the good check that began just before the cut ends that much later, and the interval counts from there.
    assert.ok(delay <= 5_000 + 2_000 + 20, `cut at ${cutAt} ms, offline declared ${delay} ms later`);
    const started = m.events.find((e) => e.type === 'outage-started');
    const firstFailure = m.calls.find((c) => c.at >= cutAt);
    assert.equal(
      started?.at,
      m.start + (firstFailure?.at ?? NaN),
      'the outage starts at the first failing check',
    );
    assert.deepEqual(
      m.calls
        .filter((c) => c.at >= cutAt)
        .map((c) => c.mode)
        .slice(0, 3),
      ['fast', 'fast', 'full'],
      `cut at ${cutAt} ms`,
    );
  }
});

test('recovery is declared within 3 s of the link coming back, whenever it comes back, with 500 ms checks', async () => {
  for (let linkBack = 20_000; linkBack < 22_500; linkBack += 100) {
    const m = setup(
      (_i, _mode, elapsed) => (elapsed >= 10_000 && elapsed < linkBack ? 'offline' : 'online'),
      {},
      500,
    );
    const declaredAt: number[] = [];
    m.monitor.on('status-changed', (e) => {
      if (e.from === 'offline' && e.to === 'online') declaredAt.push(m.clock.now() - m.start);
    });
    m.monitor.start();
    await m.clock.advance(40_000);
    await m.monitor.stop();
    assert.equal(declaredAt.length, 1);
    const delay = (declaredAt[0] ?? Infinity) - linkBack;
    assert.ok(
      delay >= 0 && delay <= 3_000,
      `link back at ${linkBack} ms, recovery declared ${delay} ms later`,
    );
  }
});

test('while down a check starts every 2 s however long the last one ran, so a black hole that lifts is seen within 3 s', async () => {
  // A failing fast check gives up after its 1 s timeout, the naming full diagnosis after the configured
  // 3 s; a check that began before the link came back fails (its SYN was lost).
  for (let linkBack = 11_100; linkBack < 18_000; linkBack += 100) {
    const m = setup(
      (_i, _mode, elapsed) => (elapsed >= 10_000 && elapsed < linkBack ? 'offline' : 'online'),
      {},
      (answer, mode) => (answer === 'online' ? 0 : mode === 'fast' ? 1_000 : 3_000),
    );
    let recoveredAt = Infinity;
    m.monitor.on('status-changed', (e) => {
      if (e.from === 'offline' && e.to === 'online') recoveredAt = m.clock.now() - m.start;
    });
    m.monitor.start();
    await m.clock.advance(30_000);
    await m.monitor.stop();
    if (linkBack === 17_900) {
      // 10 fast fails, 11 fast confirms, 12 full names it (3 s), then 15 and 17 fast, 2 s apart.
      assert.deepEqual(m.times(10_000).slice(0, 6), [
        '10s fast',
        '11s fast',
        '12s full',
        '15s fast',
        '17s fast',
        '19s fast',
      ]);
    }
    const delay = recoveredAt - linkBack;
    assert.ok(delay >= 0 && delay <= 3_000, `link back at ${linkBack} ms, online declared ${delay} ms later`);
  }
});

test('one failed check followed by a good confirmation changes nothing and the interval resumes', async () => {
  const m = setup((i) => (i === 1 ? 'offline' : 'online'));
  m.monitor.start();
  await m.clock.advance(12_000);
  assert.deepEqual(m.times(), ['0s full', '5s fast', '5s fast', '10s fast']);
  assert.deepEqual(m.statuses(), ['checking->online']);
  await m.monitor.stop();
});

test('good and bad checks alternating for five minutes give at most a handful of status changes', async () => {
  const m = setup((i) => (i % 2 === 0 ? 'online' : 'offline'));
  m.monitor.start();
  await m.clock.advance(5 * 60_000);
  assert.ok(m.calls.length > 80, `only ${m.calls.length} checks ran`);
  assert.ok(m.statuses().length <= 5, m.statuses().join(' '));
  await m.monitor.stop();
});

test('a link down two checks and up one for five minutes gives at most a handful of status changes', async () => {
  const m = setup((i) => (i === 0 || i % 3 === 0 ? 'online' : 'offline'));
  m.monitor.start();
  await m.clock.advance(5 * 60_000);
  assert.ok(m.calls.length > 80, `only ${m.calls.length} checks ran`);
  assert.ok(m.statuses().length <= 6, m.statuses().join(' '));
  await m.monitor.stop();
});

test('never runs two checks at once: checkNow joins the running check', async () => {
  const m = setup(() => 'online', {}, 3_000);
  m.monitor.start();
  await m.clock.advance(1_000);
  const joined = m.monitor.checkNow();
  await m.clock.advance(2_000);
  assert.equal((await joined)?.status, 'online');
  assert.equal(m.calls.length, 1);
  await m.clock.advance(30_000);
  assert.equal(m.maxRunning(), 1);
  await m.monitor.stop();
});

test('checkNow between ticks checks at once and the interval restarts from it', async () => {
  const m = setup(() => 'online');
  m.monitor.start();
  await m.clock.advance(2_000);
  const result = await m.monitor.checkNow();
  assert.equal(result?.status, 'online');
  await m.clock.advance(6_000);
  assert.deepEqual(m.times(), ['0s full', '2s fast', '7s fast']);
  await m.monitor.stop();
});

test('a network change checks at once with a full diagnosis, and again after a check already running', async () => {
  let fingerprint = 'wifi-a';
  const m = setup(() => 'online', { readNetworkFingerprint: () => Promise.resolve(fingerprint) }, 1_500);
  m.monitor.start();
  await m.clock.advance(7_000); // checks at 0 s (full) and 6.5 s (fast, still running)
  fingerprint = 'wifi-b'; // seen by the poll at 8 s, while the 6.5 s check runs
  await m.clock.advance(3_000);
  assert.deepEqual(m.times(), ['0s full', '6.5s fast', '8s full']);
  assert.equal(m.maxRunning(), 1);
  await m.monitor.stop();
});

test('a confirming check that cannot run is retried after 1 s, not at once', async () => {
  const m = setup((i) => (i === 2 ? new Error('probe crashed') : i >= 1 ? 'offline' : 'online'));
  m.monitor.start();
  await m.clock.advance(7_000);
  assert.deepEqual(m.times(), ['0s full', '5s fast', '5s fast', '6s fast', '6s full']);
  assert.deepEqual(m.statuses(), ['checking->online', 'online->offline']);
  assert.equal(m.monitor.snapshot().outageStartedAt, m.start + 5_000);
  await m.monitor.stop();
});

test('a naming diagnosis that cannot run is not retried at once: the next full one waits for the 2 s recheck', async () => {
  const m = setup((i) => (i === 3 ? new Error('diagnosis crashed') : i >= 1 ? 'offline' : 'online'));
  m.monitor.start();
  await m.clock.advance(9_500);
  assert.deepEqual(m.times(), ['0s full', '5s fast', '5s fast', '5s full', '7s full', '9s fast']);
  await m.monitor.stop();
});

test('a rejected check is reported as check-failed, changes no status, and the schedule goes on', async () => {
  const m = setup((i) => (i === 1 ? new Error('probe crashed') : 'online'));
  m.monitor.start();
  await m.clock.advance(11_000);
  const failed = m.events.find((e) => e.type === 'check-failed');
  assert.deepEqual(failed, {
    type: 'check-failed',
    at: m.start + 5_000,
    mode: 'fast',
    message: 'probe crashed',
  });
  assert.deepEqual(m.statuses(), ['checking->online']);
  assert.deepEqual(m.times(), ['0s full', '5s fast', '10s fast']);
  await m.monitor.stop();
});

test('a check that hangs is aborted after the check timeout and reported as failed', async () => {
  const m = setup((i) => (i === 1 ? 'hang' : 'online'), { checkTimeoutMs: 4_000 });
  m.monitor.start();
  await m.clock.advance(15_000);
  assert.equal(m.signals[1]?.aborted, true);
  const failed = m.events.find((e) => e.type === 'check-failed');
  assert.equal(failed?.type === 'check-failed' && failed.message, 'check timed out after 4000 ms');
  assert.deepEqual(m.times(), ['0s full', '5s fast', '14s fast']);
  await m.monitor.stop();
});

test('stop aborts the running check, resolves once it settled, and no check runs afterwards', async () => {
  const m = setup((i) => (i === 1 ? 'hang' : 'online'));
  m.monitor.start();
  await m.clock.advance(6_000);
  await m.monitor.stop();
  assert.equal(m.signals[1]?.aborted, true);
  await m.clock.advance(60_000);
  assert.equal(m.calls.length, 2);
  assert.equal(m.clock.pendingTimers(), 0);
  assert.equal(m.events.filter((e) => e.type === 'check-failed').length, 0);
});

test('paused for a minute: no checks, status paused, then a check at once when the pause ends', async () => {
  const m = setup(() => 'online');
  m.monitor.start();
  await m.clock.advance(1_000);
  m.monitor.pause(m.clock.now() + 60_000);
  assert.deepEqual(m.monitor.snapshot().status, 'paused');
  assert.equal(m.monitor.snapshot().pausedUntil, m.start + 61_000);
  assert.equal(await m.monitor.checkNow(), null);
  await m.clock.advance(59_999);
  assert.deepEqual(m.times(), ['0s full']);
  await m.clock.advance(1);
  assert.deepEqual(m.times(), ['0s full', '61s fast']);
  assert.deepEqual(m.statuses(), [
    'checking->online',
    'online->paused',
    'paused->checking',
    'checking->online',
  ]);
  await m.monitor.stop();
});

test('paused until resumed: nothing runs until resume, which checks at once', async () => {
  const m = setup(() => 'online');
  m.monitor.start();
  m.monitor.pause(null);
  await m.clock.advance(600_000);
  assert.equal(m.monitor.snapshot().status, 'paused');
  assert.equal(m.monitor.snapshot().pausedUntil, null);
  m.monitor.resume();
  await m.clock.advance(0);
  assert.deepEqual(m.times(), ['0s full', '600s full']);
  await m.monitor.stop();
});

test('a pause time in the past is refused with a message naming it', () => {
  const m = setup(() => 'online');
  const past = m.clock.now() - 1;
  assert.throws(() => m.monitor.pause(past), {
    message: `pause needs a future time in epoch ms or null, got ${past}`,
  });
});

test('an interval outside 1 s – 1 h is refused with a message naming it', () => {
  assert.throws(() => setup(() => 'online', { intervalMs: 500 }), {
    message: 'monitor interval must be between 1000 and 3600000 ms, got 500',
  });
});

test('an unknown hint is refused with a message naming it', () => {
  const m = setup(() => 'online');
  assert.throws(() => m.monitor.hint('hibernate' as never), { message: /unknown hint "hibernate"/ });
});

test('a sleep while offline is not counted as outage, and after waking a single failure stays quiet', async () => {
  // Failing checks take their whole 1 s timeout, so the state between a failure and its confirmation shows.
  const m = setup(
    (i) => (i >= 1 && i <= 8 ? 'offline' : 'online'),
    {},
    (answer) => (answer === 'online' ? 0 : 1_000),
  );
  m.monitor.start();
  // 0 full (online); 5 fast fails; 6 fast confirms (offline from 5); 7 full names it; then a check every
  // 2 s from start to start: 9 and 11 fast; the next is due at 13.
  await m.clock.advance(12_500);
  assert.equal(m.monitor.snapshot().status, 'offline');
  assert.deepEqual(m.times(), ['0s full', '5s fast', '6s fast', '7s full', '9s fast', '11s fast']);
  m.clock.sleep(7_200_000); // two hours asleep; the recheck armed at 12 s fires after wake
  await m.clock.advance(1_500); // the check after waking (call 6) has failed once; its confirmation runs
  const ended = m.events.find((e) => e.type === 'outage-ended');
  assert.deepEqual(ended, {
    type: 'outage-ended',
    startedAt: m.start + 5_000,
    endedAt: m.start + 12_000,
    durationMs: 7_000,
    reason: 'suspended',
  });
  // One failure after waking: still no new outage, the status is only "checking".
  assert.equal(m.monitor.snapshot().status, 'checking');
  assert.equal(m.events.filter((e) => e.type === 'outage-started').length, 1);
  await m.clock.advance(1_000); // call 7, started at once, confirms: a new outage from the first failure
  const second = m.events.filter((e) => e.type === 'outage-started')[1];
  assert.equal(second?.at, m.start + 7_213_000);
  // The first check after waking is full (the diagnosis is two hours old); the confirmation is fast, so the
  // naming diagnosis follows at once.
  assert.deepEqual(m.times(7_200_000), ['7213s full', '7214s fast', '7215s full']);
  await m.monitor.stop();
});

test('a sleep in the middle of a check ends the outage where the sleep began, not when the link is seen again', async () => {
  // Offline checks take the whole probe timeout (1 s here), so a sleep often lands inside one; a minute is
  // far under what the 30 s check deadline alone would notice (3 × 30 s + 5 s).
  let woke = false;
  const m = setup((_i, _mode, elapsed) => (elapsed >= 5_000 && !woke ? 'offline' : 'online'), {}, 1_000);
  m.monitor.start();
  // 0 full, 6 fast (first failure), 7 fast (declared, outage from 6), 8 full (names it), then one check
  // every 2 s from start to start: 10 fast, 12 fast, in flight when the lid closes.
  await m.clock.advance(12_500);
  assert.deepEqual(m.times(), ['0s full', '6s fast', '7s fast', '8s full', '10s fast', '12s fast']);
  assert.equal(m.monitor.snapshot().status, 'offline');
  m.clock.sleep(60_000);
  woke = true;
  await m.clock.advance(3_000);
  assert.deepEqual(
    m.events.find((e) => e.type === 'outage-ended'),
    {
      type: 'outage-ended',
      startedAt: m.start + 6_000,
      endedAt: m.start + 12_000,
      durationMs: 6_000,
      reason: 'suspended',
    },
  );
  // The check that slept is not believed either way: a fresh one right after waking decides.
  assert.deepEqual(m.statuses(), [
    'checking->online',
    'online->offline',
    'offline->checking',
    'checking->online',
  ]);
  assert.deepEqual(m.times(12_000), ['12s fast', '73s fast']);
  assert.equal(m.events.filter((e) => e.type === 'outage-started').length, 1);
  await m.monitor.stop();
});

test('a sleep while online checks at once on waking and emits nothing when all is well', async () => {
  const m = setup(() => 'online');
  m.monitor.start();
  await m.clock.advance(6_000);
  m.clock.sleep(3_600_000);
  const before = m.events.length;
  await m.clock.advance(4_000);
  assert.deepEqual(m.times(3_600_000), ['3610s full']); // the diagnosis is an hour old: refresh it
  assert.deepEqual(
    m.events.slice(before).map((e) => e.type),
    ['check-completed'],
  );
  await m.monitor.stop();
});

test('suspend hint stops checks and aborts the running one; resume hint checks at once', async () => {
  const m = setup((i) => (i === 1 ? 'hang' : 'online'));
  m.monitor.start();
  await m.clock.advance(5_000);
  m.monitor.hint('suspend');
  assert.equal(m.signals[1]?.aborted, true);
  await m.clock.advance(30_000);
  assert.equal(m.calls.length, 2);
  m.clock.sleep(3_600_000);
  m.monitor.hint('resume');
  await m.clock.advance(0);
  assert.deepEqual(m.times(), ['0s full', '5s fast', '3635s full']);
  assert.deepEqual(m.statuses(), ['checking->online']);
  await m.monitor.stop();
});

test('a suspend hint never followed by resume is undone after a minute of awake time', async () => {
  const m = setup(() => 'online');
  m.monitor.start();
  await m.clock.advance(1_000);
  m.monitor.hint('suspend');
  await m.clock.advance(60_000);
  assert.deepEqual(m.times(), ['0s full', '61s fast']);
  await m.monitor.stop();
});

test('unlock checks at once; lock changes nothing', async () => {
  const m = setup(() => 'online');
  m.monitor.start();
  await m.clock.advance(1_000);
  m.monitor.hint('lock');
  await m.clock.advance(1_000);
  m.monitor.hint('unlock');
  await m.clock.advance(0);
  assert.deepEqual(m.times(), ['0s full', '2s fast']);
  await m.monitor.stop();
});

test('snapshot shows the outage in progress; unsubscribed listeners hear nothing; a throwing listener harms nothing', async () => {
  const errors: unknown[] = [];
  const m = setup((i) => (i === 0 ? 'online' : 'offline'), {
    onListenerError: (error) => errors.push(error),
  });
  let heard = 0;
  const off = m.monitor.on('check-completed', () => heard++);
  m.monitor.on('status-changed', () => {
    throw new Error('listener bug');
  });
  m.monitor.start();
  await m.clock.advance(0);
  off();
  await m.clock.advance(6_000);
  assert.equal(heard, 1);
  assert.equal(errors.length, 2);
  const snapshot = m.monitor.snapshot();
  assert.equal(snapshot.status, 'offline');
  assert.equal(snapshot.since, m.start + 5_000);
  assert.equal(snapshot.outageStartedAt, m.start + 5_000);
  assert.equal(snapshot.lastReport?.status, 'offline');
  await m.monitor.stop();
});
