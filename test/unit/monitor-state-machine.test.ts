import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Status } from '../../app/diagnosis/types.js';
import type { CheckMode, MonitorEvent, MonitorStatus } from '../../app/monitor/events.js';
import type { MonitorInput, MonitorState } from '../../app/monitor/state-machine.js';
import {
  initialState,
  isFlapping,
  nextCheckDelay,
  nextCheckMode,
  reduce,
} from '../../app/monitor/state-machine.js';
import { HIGH_LATENCY_THRESHOLD_MS } from '../../app/diagnosis/rules/quality.js';
import { SLOW_CHECKS_FOR_DIAGNOSIS } from '../../app/monitor/timing.js';
import { cause, connectedProbe, report } from './monitor-fake-clock.js';

const T0 = 1_700_000_000_000;

const check = (at: number, status: Status, mode: CheckMode = 'fast'): MonitorInput => ({
  kind: 'check-result',
  at: T0 + at,
  mode,
  report: report(
    status,
    status === 'online' ? [] : [cause('upstream-unreachable', status === 'offline' ? 'offline' : 'limited')],
  ),
});

function run(inputs: readonly MonitorInput[], from: MonitorState = initialState(T0)) {
  let state = from;
  const events: MonitorEvent[] = [];
  for (const input of inputs) {
    const step = reduce(state, input);
    state = step.state;
    events.push(...step.events);
  }
  return { state, events };
}

const withoutChecks = (events: readonly MonitorEvent[]) =>
  events.filter((e) => e.type !== 'check-completed' && e.type !== 'diagnosis-changed');
const changes = (events: readonly MonitorEvent[]) =>
  events.flatMap((e) => (e.type === 'status-changed' ? [`${e.from}->${e.to}`] : []));

/** How to reach each starting status, at times before 100 s. */
const reach: Record<MonitorStatus, readonly MonitorInput[]> = {
  checking: [],
  online: [check(0, 'online', 'full')],
  limited: [check(0, 'online', 'full'), check(5_000, 'limited'), check(6_000, 'limited', 'full')],
  offline: [check(0, 'online', 'full'), check(5_000, 'offline'), check(6_000, 'offline', 'full')],
  paused: [check(0, 'online', 'full'), { kind: 'pause', at: T0 + 7_000, until: null }],
};

test('every status reached through its inputs is the status named', () => {
  for (const [status, inputs] of Object.entries(reach)) {
    assert.equal(run(inputs).state.status, status);
  }
});

// One check from every status: only a good check changes anything at once; failures wait for confirmation.
const oneCheck: readonly [MonitorStatus, Status, MonitorStatus, readonly string[]][] = [
  ['checking', 'online', 'online', ['status-changed']],
  ['checking', 'limited', 'checking', []],
  ['checking', 'offline', 'checking', []],
  ['online', 'online', 'online', []],
  ['online', 'limited', 'online', []],
  ['online', 'offline', 'online', []],
  ['limited', 'online', 'online', ['status-changed', 'outage-ended']],
  ['limited', 'limited', 'limited', []],
  ['limited', 'offline', 'limited', []],
  ['offline', 'online', 'online', ['status-changed', 'outage-ended']],
  ['offline', 'limited', 'offline', []],
  ['offline', 'offline', 'offline', []],
  ['paused', 'online', 'paused', []],
  ['paused', 'limited', 'paused', []],
  ['paused', 'offline', 'paused', []],
];

for (const [from, verdict, to, events] of oneCheck) {
  test(`one ${verdict} check while ${from} leaves the status ${to}`, () => {
    const before = run(reach[from]);
    const after = run([check(100_000, verdict)], before.state);
    assert.equal(after.state.status, to);
    assert.deepEqual(
      withoutChecks(after.events).map((e) => e.type),
      events,
    );
  });
}

// Two checks in a row: the confirmed verdict is the latest one; an outage starts only when leaving online.
const twoChecks: readonly [MonitorStatus, Status, Status, MonitorStatus, readonly string[]][] = [
  ['checking', 'offline', 'offline', 'offline', ['status-changed', 'outage-started']],
  ['checking', 'limited', 'limited', 'limited', ['status-changed', 'outage-started']],
  ['online', 'offline', 'offline', 'offline', ['status-changed', 'outage-started']],
  ['online', 'limited', 'limited', 'limited', ['status-changed', 'outage-started']],
  ['online', 'offline', 'limited', 'limited', ['status-changed', 'outage-started']],
  ['online', 'offline', 'online', 'online', []],
  ['limited', 'offline', 'offline', 'offline', ['status-changed']],
  ['limited', 'offline', 'limited', 'limited', []],
  ['offline', 'limited', 'limited', 'limited', ['status-changed']],
  ['offline', 'limited', 'offline', 'offline', []],
  ['paused', 'offline', 'offline', 'paused', []],
];

for (const [from, first, second, to, events] of twoChecks) {
  for (const mode of ['fast', 'full'] as const) {
    test(`${first} then ${second} (${mode}) while ${from} leaves the status ${to}`, () => {
      const before = run(reach[from]);
      const after = run([check(100_000, first), check(101_000, second, mode)], before.state);
      assert.equal(after.state.status, to);
      assert.deepEqual(
        withoutChecks(after.events).map((e) => e.type),
        events,
      );
    });
  }
}

test('a failure confirmed by two fast checks is declared from the first, then a full diagnosis at once names it', () => {
  const fastFailure = (at: number): MonitorInput => ({
    kind: 'check-result',
    at: T0 + at,
    mode: 'fast',
    report: report('offline', [cause('upstream-unreachable')]),
  });
  const confirmed = run([check(0, 'online', 'full'), fastFailure(5_000), fastFailure(6_000)]);
  assert.deepEqual(
    withoutChecks(confirmed.events).map((e) => [e.type, 'at' in e ? e.at - T0 : null]),
    [
      ['status-changed', 0],
      ['status-changed', 5_000],
      ['outage-started', 5_000],
    ],
  );
  assert.equal(confirmed.state.diagnosisDue, true);
  assert.equal(nextCheckMode(confirmed.state, T0 + 7_000), 'full');
  assert.equal(nextCheckDelay(confirmed.state, 5_000), 0);

  const named = run(
    [
      {
        kind: 'check-result',
        at: T0 + 7_000,
        mode: 'full',
        report: report('offline', [cause('gateway-unreachable')]),
      },
    ],
    confirmed.state,
  );
  assert.deepEqual(named.events.at(-1), {
    type: 'diagnosis-changed',
    at: T0 + 7_000,
    causes: [cause('gateway-unreachable')],
  });
  assert.deepEqual(changes(named.events), [], 'naming the cause is no status change');
  assert.equal(named.state.diagnosisDue, false);
  assert.equal(nextCheckDelay(named.state, 5_000), 2_000, 'then the usual 2 s recheck');
  assert.equal(nextCheckMode(named.state, T0 + 9_000), 'fast');
});

test('a failure confirmed by a full check owes no further diagnosis', () => {
  const { state } = run([
    check(0, 'online', 'full'),
    check(5_000, 'limited'),
    check(6_000, 'limited', 'full'),
  ]);
  assert.equal(state.status, 'limited');
  assert.equal(state.diagnosisDue, false);
  assert.equal(nextCheckDelay(state, 5_000), 2_000);
});

test('a diagnosis that cannot run after a fast-confirmed failure is not retried at once', () => {
  const confirmed = run([check(0, 'online', 'full'), check(5_000, 'offline'), check(6_000, 'offline')]).state;
  const failed: MonitorInput = { kind: 'check-failed', at: T0 + 6_100, mode: 'full', message: 'boom' };
  const { state } = run([failed], confirmed);
  assert.equal(state.diagnosisDue, false);
  assert.equal(nextCheckDelay(state, 5_000), 2_000);
  assert.equal(
    nextCheckMode(state, T0 + 8_100),
    'full',
    'the fast verdict still disagrees with the diagnosis',
  );
});

test('an outage starts at the first failing check of the confirmed run and ends at the first good check', () => {
  const { events, state } = run([
    check(0, 'online', 'full'),
    check(5_000, 'offline'),
    check(6_000, 'offline', 'full'),
    check(8_000, 'offline'),
    check(10_000, 'online'),
  ]);
  assert.deepEqual(withoutChecks(events), [
    { type: 'status-changed', from: 'checking', to: 'online', at: T0, report: report('online') },
    {
      type: 'status-changed',
      from: 'online',
      to: 'offline',
      at: T0 + 5_000,
      report: report('offline', [cause('upstream-unreachable')]),
    },
    { type: 'outage-started', at: T0 + 5_000, status: 'offline', causes: [cause('upstream-unreachable')] },
    { type: 'status-changed', from: 'offline', to: 'online', at: T0 + 10_000, report: report('online') },
    {
      type: 'outage-ended',
      startedAt: T0 + 5_000,
      endedAt: T0 + 10_000,
      durationMs: 5_000,
      reason: 'recovered',
    },
  ]);
  assert.equal(state.since, T0 + 10_000);
  assert.equal(state.outage, null);
});

test('a good check between two failures restarts the confirmation, so the outage starts at the later failure', () => {
  const { events } = run([
    check(0, 'online', 'full'),
    check(5_000, 'offline'),
    check(6_000, 'online', 'full'),
    check(11_000, 'offline'),
    check(12_000, 'offline', 'full'),
  ]);
  const started = events.find((e) => e.type === 'outage-started');
  assert.equal(started?.at, T0 + 11_000);
});

test('a check that throws is reported but neither confirms nor resets a failure run', () => {
  const failed: MonitorInput = { kind: 'check-failed', at: T0 + 5_500, mode: 'full', message: 'boom' };
  const { events, state } = run([check(0, 'online', 'full'), check(5_000, 'offline'), failed]);
  assert.equal(state.status, 'online');
  assert.deepEqual(events.at(-1), { type: 'check-failed', at: T0 + 5_500, mode: 'full', message: 'boom' });
  assert.equal(run([check(6_000, 'offline', 'full')], state).state.status, 'offline');
});

test('strictly alternating good and bad checks for five minutes never change the status', () => {
  const inputs = [check(0, 'online', 'full')];
  for (let at = 1_000, i = 0; at < 300_000; at += 1_000, i++)
    inputs.push(check(at, i % 2 === 0 ? 'offline' : 'online'));
  assert.deepEqual(changes(run(inputs).events), ['checking->online']);
});

test('a link down two checks and up one, for five minutes, changes status at most five times and settles offline', () => {
  const inputs = [check(0, 'online', 'full')];
  for (let at = 1_000, i = 0; at < 300_000; at += 1_000, i++)
    inputs.push(check(at, i % 3 === 2 ? 'online' : 'offline'));
  const { events, state } = run(inputs);
  const verdictChanges = changes(events).slice(1);
  assert.deepEqual(verdictChanges, [
    'online->offline',
    'offline->online',
    'online->offline',
    'offline->online',
    'online->offline',
  ]);
  assert.equal(state.status, 'offline');
  assert.equal(isFlapping(state, T0 + 300_000), true);
});

test('while flapping, recovery is declared only after a minute of good checks, dated from the first of them', () => {
  const inputs = [check(0, 'online', 'full')];
  for (let at = 1_000, i = 0; at < 20_000; at += 1_000, i++)
    inputs.push(check(at, i % 3 === 2 ? 'online' : 'offline'));
  const flapping = run(inputs).state;
  assert.equal(flapping.status, 'offline');
  const held = run([check(30_000, 'online'), check(60_000, 'online'), check(89_000, 'online')], flapping);
  assert.equal(held.state.status, 'offline');
  const recovered = run([check(90_000, 'online')], held.state);
  assert.equal(recovered.state.status, 'online');
  const ended = recovered.events.find((e) => e.type === 'outage-ended');
  assert.equal(ended?.type === 'outage-ended' && ended.endedAt, T0 + 30_000);
});

test('while flapping, a move between offline and limited also waits until it has held for a minute', () => {
  const inputs = [check(0, 'online', 'full')];
  for (let at = 1_000, i = 0; at < 20_000; at += 1_000, i++)
    inputs.push(check(at, i % 3 === 2 ? 'online' : 'offline'));
  const flapping = run(inputs).state;
  assert.equal(flapping.status, 'offline');
  const held = run([check(30_000, 'limited', 'full'), check(31_000, 'limited', 'full')], flapping);
  assert.equal(held.state.status, 'offline', 'two limited verdicts are not enough while flapping');
  const moved = run([check(60_000, 'limited', 'full'), check(90_000, 'limited', 'full')], held.state);
  assert.deepEqual(changes(moved.events), ['offline->limited']);
  assert.equal(moved.events.find((e) => e.type === 'status-changed')?.at, T0 + 30_000);
});

test('any mix of online, limited and offline verdicts for 30 s changes the status at most five times', () => {
  const verdicts: readonly Status[] = ['online', 'limited', 'offline'];
  let seed = 1;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let trial = 0; trial < 300; trial++) {
    const inputs = [check(0, 'online', 'full')];
    for (let at = 500; at <= 30_000; at += 500) {
      inputs.push(
        check(at, verdicts[Math.floor(random() * 3)] ?? 'online', random() < 0.5 ? 'fast' : 'full'),
      );
    }
    const verdictChanges = changes(run(inputs).events).slice(1);
    assert.ok(verdictChanges.length <= 5, `trial ${trial}: ${verdictChanges.join(' ')}`);
  }
});

test('flap damping expires once the changes are older than the flap window', () => {
  const inputs = [check(0, 'online', 'full')];
  for (let at = 1_000, i = 0; at < 20_000; at += 1_000, i++)
    inputs.push(check(at, i % 3 === 2 ? 'online' : 'offline'));
  const flapping = run(inputs).state;
  assert.equal(isFlapping(flapping, T0 + 21_000), true);
  assert.equal(isFlapping(flapping, T0 + 20_000 + 10 * 60_000), false);
  assert.equal(run([check(20_000 + 10 * 60_000, 'online')], flapping).state.status, 'online');
});

test('a sleep gap while offline ends the outage where the machine was last awake and is not an outage', () => {
  const down = run(reach.offline).state;
  const gap: MonitorInput = { kind: 'clock-gap', at: T0 + 7_200_000, lastAwakeAt: T0 + 8_000 };
  const { events, state } = run([gap], down);
  assert.deepEqual(events, [
    {
      type: 'outage-ended',
      startedAt: T0 + 5_000,
      endedAt: T0 + 8_000,
      durationMs: 3_000,
      reason: 'suspended',
    },
    { type: 'status-changed', from: 'offline', to: 'checking', at: T0 + 8_000, report: null },
  ]);
  assert.equal(state.status, 'checking');
});

test('after a sleep the monitor stays quiet on one failure and starts a new outage only when it is confirmed', () => {
  const gap: MonitorInput = { kind: 'clock-gap', at: T0 + 7_200_000, lastAwakeAt: T0 + 8_000 };
  const slept = run([gap], run(reach.offline).state).state;
  const first = run([check(7_200_000, 'offline')], slept);
  assert.deepEqual(withoutChecks(first.events), []);
  const second = run([check(7_201_000, 'offline', 'full')], first.state);
  assert.deepEqual(
    withoutChecks(second.events).map((e) => [e.type, 'at' in e ? e.at : null]),
    [
      ['status-changed', T0 + 7_200_000],
      ['outage-started', T0 + 7_200_000],
    ],
  );
});

test('a sleep gap while online says nothing and forgets an unconfirmed failure', () => {
  const pending = run([check(0, 'online', 'full'), check(5_000, 'offline')]).state;
  const gap: MonitorInput = { kind: 'clock-gap', at: T0 + 7_200_000, lastAwakeAt: T0 + 5_000 };
  const slept = run([gap], pending);
  assert.deepEqual(slept.events, []);
  assert.equal(slept.state.status, 'online');
  assert.equal(run([check(7_200_000, 'offline')], slept.state).state.status, 'online');
});

test('a suspend hint while offline ends the outage at suspend time and ignores checks until resume', () => {
  const suspend: MonitorInput = { kind: 'hint', at: T0 + 9_000, hint: 'suspend' };
  const asleep = run([suspend], run(reach.offline).state);
  assert.deepEqual(
    asleep.events.map((e) => e.type),
    ['outage-ended', 'status-changed'],
  );
  const ended = asleep.events[0];
  assert.equal(ended?.type === 'outage-ended' && ended.endedAt, T0 + 9_000);
  const ignored = run([check(10_000, 'offline'), check(11_000, 'offline')], asleep.state);
  assert.deepEqual(ignored.events, []);
  const resumed = run(
    [{ kind: 'hint', at: T0 + 3_600_000, hint: 'resume' }, check(3_600_000, 'online')],
    asleep.state,
  );
  assert.deepEqual(changes(resumed.events), ['checking->online']);
});

test('a suspend hint while online changes nothing visible', () => {
  const { events, state } = run([{ kind: 'hint', at: T0 + 9_000, hint: 'suspend' }], run(reach.online).state);
  assert.deepEqual(events, []);
  assert.equal(state.status, 'online');
  assert.equal(state.suspended, true);
});

test('lock and unlock hints change no status', () => {
  const locked = run([{ kind: 'hint', at: T0 + 9_000, hint: 'lock' }], run(reach.offline).state);
  assert.equal(locked.state.status, 'offline');
  assert.equal(locked.state.locked, true);
  assert.deepEqual(locked.events, []);
  assert.equal(run([{ kind: 'hint', at: T0 + 9_500, hint: 'unlock' }], locked.state).state.locked, false);
});

test('pausing while offline ends the outage, reports paused, and resuming goes through checking', () => {
  const paused = run([{ kind: 'pause', at: T0 + 9_000, until: T0 + 60_000 }], run(reach.offline).state);
  assert.deepEqual(
    paused.events.map((e) => e.type),
    ['outage-ended', 'status-changed'],
  );
  assert.equal(paused.state.status, 'paused');
  assert.equal(paused.state.pausedUntil, T0 + 60_000);
  const resumed = run([{ kind: 'unpause', at: T0 + 60_000 }, check(60_000, 'online')], paused.state);
  assert.deepEqual(changes(resumed.events), ['paused->checking', 'checking->online']);
});

test('stopping during an outage ends it with reason stopped', () => {
  const { events } = run([{ kind: 'stop', at: T0 + 9_000 }], run(reach.offline).state);
  assert.deepEqual(events, [
    {
      type: 'outage-ended',
      startedAt: T0 + 5_000,
      endedAt: T0 + 9_000,
      durationMs: 4_000,
      reason: 'stopped',
    },
  ]);
});

test('diagnosis-changed fires when a full check finds different causes, never for a fast check', () => {
  const fastWithCauses: MonitorInput = {
    kind: 'check-result',
    at: T0 + 5_000,
    mode: 'fast',
    report: report('online', [cause('dns-slow', 'info')]),
  };
  const fullSame: MonitorInput = {
    kind: 'check-result',
    at: T0 + 10_000,
    mode: 'full',
    report: report('online'),
  };
  const fullNew: MonitorInput = {
    kind: 'check-result',
    at: T0 + 15_000,
    mode: 'full',
    report: report('online', [cause('port-blocked', 'info')]),
  };
  const { events } = run([check(0, 'online', 'full'), fastWithCauses, fullSame, fullNew]);
  assert.deepEqual(
    events.filter((e) => e.type === 'diagnosis-changed'),
    [{ type: 'diagnosis-changed', at: T0 + 15_000, causes: [cause('port-blocked', 'info')] }],
  );
});

test('chooses a full check only when the diagnosis may have changed', () => {
  const online = run(reach.online).state;
  const cases: readonly [string, MonitorState, number, CheckMode][] = [
    ['no diagnosis yet', initialState(T0), T0, 'full'],
    ['online and agreeing with the last diagnosis', online, T0 + 5_000, 'fast'],
    ['the last diagnosis is five minutes old', online, T0 + 5 * 60_000, 'full'],
    ['the clock went back before the last diagnosis', online, T0 - 60_000, 'full'],
    ['confirming an offline verdict', run([check(5_000, 'offline')], online).state, T0 + 5_000, 'fast'],
    [
      'confirming an offline verdict found by a full check',
      run([check(5_000, 'offline', 'full')], online).state,
      T0 + 5_000,
      'fast',
    ],
    [
      'confirming an offline verdict with a five-minute-old diagnosis',
      run([check(5 * 60_000, 'offline')], online).state,
      T0 + 5 * 60_000,
      'fast',
    ],
    [
      'confirming a limited verdict: a fast check cannot see it',
      run([check(5_000, 'limited', 'full')], online).state,
      T0 + 5_000,
      'full',
    ],
    [
      'limited, confirming an offline verdict: a fast check would call it online',
      run([check(9_000, 'offline', 'full')], run(reach.limited).state).state,
      T0 + 9_000,
      'full',
    ],
    [
      'offline just confirmed by fast checks',
      run([check(5_000, 'offline'), check(6_000, 'offline')], online).state,
      T0 + 6_000,
      'full',
    ],
    ['the network changed', run([{ kind: 'network-changed', at: T0 + 1 }], online).state, T0 + 2, 'full'],
    ['limited: the fast check cannot see the cause go away', run(reach.limited).state, T0 + 8_000, 'full'],
    ['offline and agreeing with the last diagnosis', run(reach.offline).state, T0 + 8_000, 'fast'],
    [
      'recovered by a fast check',
      run([check(8_000, 'online')], run(reach.offline).state).state,
      T0 + 9_000,
      'full',
    ],
    [
      `${SLOW_CHECKS_FOR_DIAGNOSIS} fast checks in a row connected no faster than ${HIGH_LATENCY_THRESHOLD_MS} ms`,
      run([connectedIn(5_000, 420), connectedIn(10_000, 410), connectedIn(15_000, 300)], online).state,
      T0 + 20_000,
      'full',
    ],
    [
      'two slow fast checks are not yet the link',
      run([connectedIn(5_000, 420), connectedIn(10_000, 410)], online).state,
      T0 + 15_000,
      'fast',
    ],
    [
      'a quick connect between slow ones starts the count again',
      run(
        [
          connectedIn(5_000, 420),
          connectedIn(10_000, 40),
          connectedIn(15_000, 410),
          connectedIn(20_000, 430),
        ],
        online,
      ).state,
      T0 + 25_000,
      'fast',
    ],
    [
      'the full diagnosis after slow checks starts the count again',
      run(
        [
          connectedIn(5_000, 420),
          connectedIn(10_000, 410),
          connectedIn(15_000, 430),
          check(16_000, 'online', 'full'),
          connectedIn(21_000, 420),
        ],
        online,
      ).state,
      T0 + 26_000,
      'fast',
    ],
  ];
  for (const [name, state, at, mode] of cases) assert.equal(nextCheckMode(state, at), mode, name);
});

/** A fast `online` check whose first connect took `ms`. */
function connectedIn(at: number, ms: number): MonitorInput {
  return {
    kind: 'check-result',
    at: T0 + at,
    mode: 'fast',
    report: { ...report('online'), probes: [connectedProbe(ms)] },
  };
}

test('waits the interval while online, not at all to confirm or name a failure, 2 s while down, and not at all while paused', () => {
  const online = run(reach.online).state;
  const cases: readonly [string, MonitorState, number, number | null][] = [
    ['online', online, 5_000, 5_000],
    ['online, long interval', online, 3_600_000, 3_600_000],
    ['confirming a failure', run([check(5_000, 'offline')], online).state, 5_000, 0],
    [
      'confirming a failure after a check that could not run',
      run(
        [check(5_000, 'offline'), { kind: 'check-failed', at: T0 + 5_000, mode: 'fast', message: 'x' }],
        online,
      ).state,
      5_000,
      1_000,
    ],
    [
      'naming a failure confirmed by fast checks',
      run([check(5_000, 'offline'), check(5_000, 'offline')], online).state,
      5_000,
      0,
    ],
    ['offline', run(reach.offline).state, 5_000, 2_000],
    ['limited', run(reach.limited).state, 5_000, 2_000],
    ['offline, 1 s interval', run(reach.offline).state, 1_000, 1_000],
    ['checking', initialState(T0), 5_000, 2_000],
    ['paused', run(reach.paused).state, 5_000, null],
    ['suspended', run([{ kind: 'hint', at: T0 + 1, hint: 'suspend' }], online).state, 5_000, null],
  ];
  for (const [name, state, interval, delay] of cases)
    assert.equal(nextCheckDelay(state, interval), delay, name);
});

test('counts the interval from the end of a check while online and the 2 s recheck from its start while down', () => {
  const online = run(reach.online).state;
  const offline = run(reach.offline).state;
  const cases: readonly [string, MonitorState, number, number][] = [
    ['online after a 3 s check: the whole interval', online, 3_000, 5_000],
    ['offline after a 1 s check', offline, 1_000, 1_000],
    ['offline after a 1999 ms check', offline, 1_999, 1],
    ['offline after a 3 s diagnosis: at once', offline, 3_000, 0],
    ['checking after a 500 ms check', initialState(T0), 500, 1_500],
    ['confirming after a 1 s check: at once', run([check(5_000, 'offline')], online).state, 1_000, 0],
  ];
  for (const [name, state, ranMs, delay] of cases)
    assert.equal(nextCheckDelay(state, 5_000, ranMs), delay, name);
});
