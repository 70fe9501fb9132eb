import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckReport } from '../../app/check.js';
import type { Cause, Status } from '../../app/diagnosis/types.js';
import type { MonitorEvent, MonitorStatus } from '../../app/monitor/events.js';
import { outageDurationText } from '../../app/notify/duration-text.js';
import {
  APP_USER_MODEL_ID,
  decideNotification,
  initialNotifyState,
  MAX_NOTIFICATIONS_PER_WINDOW,
  RATE_WINDOW_MS,
  STABLE_FOR_MS,
  type NotificationModel,
  type NotificationSettings,
  type NotifyState,
} from '../../app/notify/policy.js';
import { readFileSync } from 'node:fs';
import { initialState, reduce, type MonitorInput } from '../../app/monitor/state-machine.js';
import { WAKE_GRACE_MS } from '../../app/monitor/timing.js';

const T0 = 1_700_000_000_000;
const MIN = 60_000;
const ALL_ON: NotificationSettings = {
  enabled: true,
  onDisconnect: true,
  onReconnect: true,
  onLimited: true,
};

const cause = (code: Cause['code'], severity: Cause['severity'], title: string): Cause => ({
  code,
  severity,
  title,
  explanation: '',
  fix: [],
  evidence: [],
});
const GATEWAY = cause('gateway-unreachable', 'offline', 'Your router does not answer');
const PORTAL = cause('captive-portal', 'limited', 'Sign-in required');
const CAUSES: Record<Status, readonly Cause[]> = { online: [], limited: [PORTAL], offline: [GATEWAY] };

const report = (status: Status, causes = CAUSES[status]): CheckReport => ({
  schema: 1,
  status,
  causes,
  probes: [],
  startedAt: new Date(T0).toISOString(),
  elapsedMs: 10,
});

const isVerdict = (s: MonitorStatus): s is Status => s === 'online' || s === 'limited' || s === 'offline';

const changed = (from: MonitorStatus, to: MonitorStatus, at: number): MonitorEvent => ({
  type: 'status-changed',
  from,
  to,
  at,
  report: isVerdict(to) ? report(to) : null,
});

/** Feeds events in order, each seen at its own time unless given, and collects what was shown. */
function run(
  events: readonly (MonitorEvent | [MonitorEvent, number])[],
  settings = ALL_ON,
  state: NotifyState = initialNotifyState(),
) {
  const shown: NotificationModel[] = [];
  for (const entry of events) {
    const [event, now] = Array.isArray(entry) ? entry : [entry, 'at' in entry ? entry.at : entry.endedAt];
    const step = decideNotification(event, state, settings, now);
    state = step.nextState;
    if (step.notification !== null) shown.push(step.notification);
  }
  return { shown, state };
}

/** The events the monitor emits for a confirmed change (state-machine.ts order). */
function transition(
  from: MonitorStatus,
  to: MonitorStatus,
  at: number,
  outageFrom: number | null,
): MonitorEvent[] {
  const events: MonitorEvent[] = [changed(from, to, at)];
  if (to === 'online' && outageFrom !== null) {
    events.push({
      type: 'outage-ended',
      startedAt: outageFrom,
      endedAt: at,
      durationMs: at - outageFrom,
      reason: 'recovered',
    });
  }
  if (
    (to === 'limited' || to === 'offline') &&
    (from === 'online' || from === 'checking' || from === 'paused')
  ) {
    events.push({ type: 'outage-started', at, status: to, causes: CAUSES[to] });
  }
  return events;
}

const STATUSES: readonly MonitorStatus[] = ['online', 'limited', 'offline', 'checking', 'paused'];

/** What each transition shows when it is the first change the policy sees after an outage began at T0. */
function expected(
  from: MonitorStatus,
  to: MonitorStatus,
): Pick<NotificationModel, 'kind' | 'title' | 'body'> | null {
  if (!isVerdict(from) || !isVerdict(to)) return null;
  if (to === 'offline')
    return { kind: 'disconnect', title: 'Connection lost', body: 'Your router does not answer' };
  if (to === 'limited') return { kind: 'limited', title: 'Limited connection', body: 'Sign-in required' };
  return { kind: 'reconnect', title: 'Back online after 4 min 12 s', body: 'Everything is reachable again.' };
}

for (const from of STATUSES) {
  for (const to of STATUSES) {
    if (from === to) continue;
    const want = expected(from, to);
    test(`${want === null ? 'stays silent' : `shows "${want.title}"`} on ${from} → ${to}`, () => {
      // Reach `from` with an outage open since T0 when `from` is not online.
      const prelude: MonitorEvent[] =
        from === 'online' ? [] : [{ type: 'outage-started', at: T0, status: 'offline', causes: [GATEWAY] }];
      const at = T0 + 4 * MIN + 12_000;
      const { shown } = run([...prelude, ...transition(from, to, at, from === 'online' ? null : T0)]);
      if (want === null) {
        assert.deepEqual(shown, []);
        return;
      }
      assert.equal(shown.length, 1, 'one notification per status change');
      assert.deepEqual(shown[0], { ...want, status: to, action: 'open-status-window' });
    });
  }
}

test('quotes the latest diagnosis when the deciding check names no matching cause', () => {
  const { shown } = run([
    { type: 'diagnosis-changed', at: T0, causes: [GATEWAY] },
    { type: 'status-changed', from: 'online', to: 'offline', at: T0 + 1000, report: report('offline', []) },
  ]);
  assert.equal(shown[0]?.body, 'Your router does not answer');
});

test('falls back to a plain sentence when no cause is known at all', () => {
  const { shown } = run([
    { type: 'status-changed', from: 'online', to: 'offline', at: T0, report: report('offline', []) },
    { type: 'status-changed', from: 'offline', to: 'limited', at: T0 + MIN, report: report('limited', []) },
  ]);
  assert.deepEqual(
    shown.map((n) => n.body),
    ['Nothing on the internet answers.', 'Some of the internet does not work.'],
  );
});

test('says "Back online" without a duration when it never saw the outage start', () => {
  const { shown } = run([changed('offline', 'online', T0)]);
  assert.equal(shown[0]?.title, 'Back online');
});

test('counts the outage from its first failing check through limited and offline stretches', () => {
  const { shown } = run([
    ...transition('online', 'limited', T0, null),
    ...transition('limited', 'offline', T0 + 2 * MIN, T0),
    ...transition('offline', 'online', T0 + 62 * MIN + 5_000, T0),
  ]);
  assert.deepEqual(
    shown.map((n) => n.title),
    ['Limited connection', 'Connection lost', 'Back online after 1 h 2 min'],
  );
});

// Sleep, wake and pause.

test('a sleep during an outage ends silently and the wake-up verdict is not news', () => {
  const { shown } = run([
    ...transition('online', 'offline', T0, null),
    // Suspend: the monitor ends the outage (suspended) and drops to checking.
    { type: 'outage-ended', startedAt: T0, endedAt: T0 + MIN, durationMs: MIN, reason: 'suspended' },
    changed('offline', 'checking', T0 + MIN),
    // Wake an hour later on a working network.
    changed('checking', 'online', T0 + 61 * MIN),
  ]);
  assert.deepEqual(
    shown.map((n) => n.kind),
    ['disconnect'],
  );
});

test('an outage ended by sleep never reads "Back online" with the sleep counted in', () => {
  const { shown } = run([
    ...transition('online', 'offline', T0, null),
    { type: 'outage-ended', startedAt: T0, endedAt: T0 + MIN, durationMs: MIN, reason: 'suspended' },
    // After wake the link is still down: a fresh outage, then recovery two minutes later.
    { type: 'outage-started', at: T0 + 60 * MIN, status: 'offline', causes: [GATEWAY] },
    changed('offline', 'online', T0 + 62 * MIN),
  ]);
  assert.equal(shown.at(-1)?.title, 'Back online after 2 min');
});

for (const reason of ['paused', 'stopped'] as const) {
  test(`an outage ended because monitoring was ${reason} shows nothing`, () => {
    const { shown } = run([
      ...transition('online', 'offline', T0, null),
      { type: 'outage-ended', startedAt: T0, endedAt: T0 + MIN, durationMs: MIN, reason },
      changed('offline', 'paused', T0 + MIN),
      changed('paused', 'checking', T0 + 20 * MIN),
      changed('checking', 'online', T0 + 20 * MIN + 2_000),
    ]);
    assert.equal(shown.length, 1);
  });
}

test('check results, failed checks and diagnosis changes alone never notify', () => {
  const { shown } = run([
    { type: 'check-completed', at: T0, mode: 'fast', report: report('offline') },
    { type: 'check-failed', at: T0 + 1, mode: 'full', message: 'timed out' },
    { type: 'diagnosis-changed', at: T0 + 2, causes: [GATEWAY] },
  ]);
  assert.deepEqual(shown, []);
});

// Settings.

const kinds = [
  ['onDisconnect', 'online', 'offline'],
  ['onReconnect', 'offline', 'online'],
  ['onLimited', 'online', 'limited'],
] as const;

for (const [key, from, to] of kinds) {
  test(`${key} off silences ${from} → ${to} and nothing else`, () => {
    const settings = { ...ALL_ON, [key]: false };
    assert.deepEqual(run([changed(from, to, T0)], settings).shown, []);
    for (const [otherKey, otherFrom, otherTo] of kinds) {
      if (otherKey === key) continue;
      assert.equal(run([changed(otherFrom, otherTo, T0)], settings).shown.length, 1, otherKey);
    }
  });
}

test('enabled off silences every kind, including the unstable summary', () => {
  const settings = { ...ALL_ON, enabled: false };
  const flaps = Array.from({ length: 8 }, (_, i) =>
    changed(i % 2 === 0 ? 'online' : 'offline', i % 2 === 0 ? 'offline' : 'online', T0 + i * MIN),
  );
  assert.deepEqual(run(flaps, settings).shown, []);
});

// Flapping.

/** online/offline alternating every `gapMs`, starting online → offline at `start`. */
function storm(count: number, start: number, gapMs: number): MonitorEvent[] {
  return Array.from({ length: count }, (_, i) =>
    changed(i % 2 === 0 ? 'online' : 'offline', i % 2 === 0 ? 'offline' : 'online', start + i * gapMs),
  );
}

test('in a flapping storm shows three, then one "unstable" summary, then silence', () => {
  const { shown, state } = run(storm(12, T0, 2 * MIN));
  assert.equal(MAX_NOTIFICATIONS_PER_WINDOW, 3);
  assert.deepEqual(
    shown.map((n) => n.kind),
    ['disconnect', 'reconnect', 'disconnect', 'unstable'],
  );
  assert.equal(shown[3]?.title, 'Connection is unstable');
  assert.equal(shown[3]?.action, 'open-status-window');
  assert.equal(state.quiet, true);
});

test('the worked example: quiet until the status holds for ten minutes, then normal again', () => {
  assert.equal(RATE_WINDOW_MS, 10 * MIN);
  assert.equal(STABLE_FOR_MS, 10 * MIN);
  // 10:00 off, 10:02 on, 10:04 off, 10:06 on (summary), 10:08 off, 10:10 on: silent.
  const first = run(storm(6, T0, 2 * MIN));
  assert.equal(first.shown.length, 4);
  // 10:19:59 — only 9 min 59 s calm after 10:10: still quiet.
  const early = run(
    [changed('online', 'offline', T0 + 10 * MIN + STABLE_FOR_MS - 1000)],
    ALL_ON,
    first.state,
  );
  assert.deepEqual(early.shown, []);
  // From the first run's end instead, 10:25 — 15 min calm: shown.
  const late = run([changed('online', 'offline', T0 + 25 * MIN)], ALL_ON, first.state);
  assert.deepEqual(
    late.shown.map((n) => n.kind),
    ['disconnect'],
  );
  assert.equal(late.state.quiet, false);
});

test('three changes spread wider than the window never trigger the summary', () => {
  // One change every 4 min: a sliding 10 min window never holds more than 3 notifications.
  const { shown } = run(storm(10, T0, 4 * MIN));
  assert.equal(shown.length, 10);
  assert.ok(shown.every((n) => n.kind !== 'unstable'));
});

test('rate-limits on when notifications are shown, not on the status timestamps', () => {
  // status-changed.at is when the status began (the first failing check), which can be well before the
  // decision; the window is measured on `now`.
  const events = storm(4, T0, 2 * MIN).map((event, i): [MonitorEvent, number] => [event, T0 + i * 5 * MIN]);
  const { shown } = run(events);
  assert.equal(shown.length, 4);
  assert.ok(shown.every((n) => n.kind !== 'unstable'));
});

test('transitions through checking do not count as flapping', () => {
  const events: MonitorEvent[] = [];
  for (let i = 0; i < 6; i += 1) {
    events.push(
      changed('online', 'checking', T0 + i * MIN),
      changed('checking', 'online', T0 + i * MIN + 1000),
    );
  }
  const { state, shown } = run([...events, changed('online', 'offline', T0 + 7 * MIN)]);
  assert.deepEqual(
    shown.map((n) => n.kind),
    ['disconnect'],
  );
  assert.equal(state.shownAt.length, 1);
});

// Wording and constants.

test('outage durations read as the two largest units', () => {
  const cases: [number, string][] = [
    [0, 'less than a second'],
    [999, 'less than a second'],
    [45_000, '45 s'],
    [4 * MIN + 12_000, '4 min 12 s'],
    [5 * MIN, '5 min'],
    [3_600_000 + 5 * MIN + 30_000, '1 h 5 min'],
    [2 * 86_400_000 + 3 * 3_600_000, '2 d 3 h'],
    [86_400_000, '1 d'],
  ];
  for (const [ms, text] of cases) assert.equal(outageDurationText(ms), text, String(ms));
});

test('the Windows AppUserModelId matches electron-builder.yml appId', () => {
  const yml = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
  assert.match(yml, new RegExp(`^appId: ${APP_USER_MODEL_ID.replaceAll('.', '\\.')}$`, 'm'));
});

/**
 * The real monitor reducer feeding the real policy: what a laptop's tray would show, each title with
 * `label(at)` after it when given (where in the run it was shown).
 */
function notificationsFromMonitor(
  inputs: readonly MonitorInput[],
  label: ((at: number) => string) | null = null,
): string[] {
  let monitor = initialState(T0);
  let notify = initialNotifyState();
  const shown: string[] = [];
  for (const input of inputs) {
    const step = reduce(monitor, input);
    monitor = step.state;
    for (const event of step.events) {
      const decided = decideNotification(event, notify, ALL_ON, input.at);
      notify = decided.nextState;
      const title = decided.notification?.title;
      if (title !== undefined) shown.push(label === null ? title : `${title} ${label(input.at)}`);
    }
  }
  return shown;
}

const checked = (at: number, status: Status): MonitorInput => ({
  kind: 'check-result',
  at,
  mode: 'fast',
  report: report(status),
});
const WOKE = T0 + 60 * MIN;
const beforeSleep: readonly MonitorInput[] = [
  checked(T0, 'online'),
  checked(T0 + 5_000, 'online'),
  { kind: 'hint', at: T0 + 6_000, hint: 'suspend' },
  { kind: 'hint', at: WOKE, hint: 'resume' },
];

test('waking while online: Wi-Fi still joining for a few seconds notifies nothing', () => {
  assert.deepEqual(
    notificationsFromMonitor([
      ...beforeSleep,
      checked(WOKE + 500, 'offline'),
      checked(WOKE + 1_500, 'offline'),
      checked(WOKE + 6_000, 'online'),
    ]),
    [],
  );
});

test('the same with a detected sleep gap instead of a resume hint', () => {
  assert.deepEqual(
    notificationsFromMonitor([
      checked(T0, 'online'),
      { kind: 'clock-gap', at: WOKE, lastAwakeAt: T0 + 5_000 },
      checked(WOKE + 500, 'offline'),
      checked(WOKE + 1_500, 'offline'),
      checked(WOKE + 6_000, 'online'),
    ]),
    [],
  );
});

/** Offline checks every 2 s from `from` (inclusive) to `to` (exclusive), as the monitor runs while down. */
const downEvery2s = (from: number, to: number): MonitorInput[] =>
  Array.from({ length: Math.ceil((to - from) / 2_000) }, (_, i) => checked(from + i * 2_000, 'offline'));

test('waking into a dead network: "Connection lost" once it has lasted a minute, then its end', () => {
  const inputs = [
    ...beforeSleep,
    ...downEvery2s(WOKE + 500, WOKE + 10 * MIN),
    checked(WOKE + 10 * MIN, 'online'),
  ];
  // Where in the run "Connection lost" is shown: the first check at or after a minute of outage.
  assert.deepEqual(
    notificationsFromMonitor(inputs, (at) => `@${at - WOKE}`),
    [
      `Connection lost @${WAKE_GRACE_MS + 500}`,
      `Back online after ${outageDurationText(10 * MIN - 500)} @${10 * MIN}`,
    ],
  );
});

test('online for 40 s after waking, then down for 5 min: announced a minute into the outage', () => {
  const down = WOKE + 40_000;
  assert.deepEqual(
    notificationsFromMonitor([
      ...beforeSleep,
      checked(WOKE + 500, 'online'),
      ...downEvery2s(down, down + 5 * MIN),
      checked(down + 5 * MIN, 'online'),
    ]),
    ['Connection lost', `Back online after ${outageDurationText(5 * MIN)}`],
  );
});

test(`a failure decided ${WAKE_GRACE_MS / 1000} s or more after waking is news again`, () => {
  assert.deepEqual(
    notificationsFromMonitor([
      ...beforeSleep,
      checked(WOKE + 500, 'online'),
      checked(WOKE + WAKE_GRACE_MS - 1_000, 'offline'),
      checked(WOKE + WAKE_GRACE_MS, 'offline'),
      checked(WOKE + WAKE_GRACE_MS + 8_000, 'online'),
    ]),
    ['Connection lost', `Back online after ${outageDurationText(9_000)}`],
  );
});
