/**
 * The monitor's decisions as a pure reducer: inputs (check results, hints, pause) in, next state and
 * events out. No timers and no clock: every input carries its own time, so every rule is table-testable.
 *
 * Rules (numbers and reasoning in timing.ts):
 * - A failure is declared after `CONFIRMATIONS_TO_CHANGE` consecutive checks whose verdict differs from
 *   the current status; the new status is the latest verdict, and it began at the first check of the run.
 *   The confirming check starts the moment the first failure settles, and is fast when a fast check can
 *   confirm the verdict (not for `limited`: a fast check cannot see a limited cause). A failure confirmed
 *   by fast checks is followed at once by a full diagnosis, which names its cause (`diagnosis-changed`).
 * - Recovery to online is declared on the first good check (`CHECKS_TO_RECOVER`). While flapping, recovery
 *   and moves between limited and offline wait until their verdict has held for `FLAP_HOLD_MS`.
 * - An outage is any stretch that is not online. It starts at the first failing check of the confirmed run
 *   and ends at the first good check. It never spans time the monitor was not looking: a suspend, a
 *   detected sleep gap, a pause or stop ends it at that moment (reason says which), and if the link is still
 *   down afterwards a new outage starts at the first failing check after the confirmation.
 * - A sleep leaves an online status alone (no events: the gap is not an outage) and turns limited/offline
 *   into `checking`, so the next verdict after wake is reported as fresh. Changes decided within
 *   `WAKE_GRACE_MS` of the wake carry `afterWake`: the network may still be waking (Wi-Fi, DHCP).
 */
import { HIGH_LATENCY_THRESHOLD_MS } from '../diagnosis/rules/quality.js';
import type { Cause, Status } from '../diagnosis/types.js';
import type { CheckMode, CheckReport, Hint, MonitorEvent, MonitorStatus } from './events.js';
import { fastestConnectMs } from './fast-timeout.js';
import {
  CHECKS_TO_RECOVER,
  CONFIRM_RETRY_MS,
  CONFIRMATIONS_TO_CHANGE,
  FLAP_CHANGE_LIMIT,
  FLAP_HOLD_MS,
  FLAP_WINDOW_MS,
  FULL_DIAGNOSIS_MAX_AGE_MS,
  RECHECK_WHILE_DOWN_MS,
  SLOW_CHECKS_FOR_DIAGNOSIS,
  WAKE_GRACE_MS,
} from './timing.js';

/** Consecutive checks whose verdict differs from the current status, not yet enough to change it. */
export interface PendingRun {
  /** The latest verdict of the run: what the status becomes when the run is confirmed. */
  readonly status: Status;
  readonly firstAt: number;
  readonly count: number;
}

export interface MonitorState {
  readonly status: MonitorStatus;
  /** When the current status began. */
  readonly since: number;
  readonly lastReport: CheckReport | null;
  readonly run: PendingRun | null;
  readonly outage: { readonly startedAt: number } | null;
  readonly lastFull: {
    readonly at: number;
    readonly status: Status;
    readonly causes: readonly Cause[];
  } | null;
  readonly networkChangedSinceFull: boolean;
  /** Times of recent verdict-to-verdict changes, for flap detection; pruned to `FLAP_WINDOW_MS`. */
  readonly changeTimes: readonly number[];
  /** Set while paused; null = paused until resumed. Meaningless when status is not `paused`. */
  readonly pausedUntil: number | null;
  /** Between a `suspend` hint and the next `resume` (or proof of being awake): results are ignored. */
  readonly suspended: boolean;
  readonly locked: boolean;
  /** A failure was confirmed by fast checks: a full diagnosis runs next, at once, to name its cause. */
  readonly diagnosisDue: boolean;
  /** The last check could not run (it threw or hit its deadline): retry after a pause, never at once. */
  readonly lastCheckFailed: boolean;
  /** Fast checks in a row, since the last full one, whose connect was slow enough to be high latency. */
  readonly slowChecks: number;
  /** When the machine last woke (a `resume` hint or a detected sleep gap); null before any sleep. */
  readonly wokeAt: number | null;
}

export type MonitorInput =
  | {
      readonly kind: 'check-result';
      readonly at: number;
      readonly mode: CheckMode;
      readonly report: CheckReport;
    }
  | { readonly kind: 'check-failed'; readonly at: number; readonly mode: CheckMode; readonly message: string }
  | { readonly kind: 'hint'; readonly at: number; readonly hint: Hint }
  /** The scheduler saw a wall-clock gap: the machine slept (or the clock jumped) after `lastAwakeAt`. */
  | { readonly kind: 'clock-gap'; readonly at: number; readonly lastAwakeAt: number }
  | { readonly kind: 'network-changed'; readonly at: number }
  | { readonly kind: 'pause'; readonly at: number; readonly until: number | null }
  | { readonly kind: 'unpause'; readonly at: number }
  | { readonly kind: 'stop'; readonly at: number };

export interface Step {
  readonly state: MonitorState;
  readonly events: readonly MonitorEvent[];
}

export function initialState(at: number): MonitorState {
  return {
    status: 'checking',
    since: at,
    lastReport: null,
    run: null,
    outage: null,
    lastFull: null,
    networkChangedSinceFull: false,
    changeTimes: [],
    pausedUntil: null,
    suspended: false,
    locked: false,
    diagnosisDue: false,
    lastCheckFailed: false,
    slowChecks: 0,
    wokeAt: null,
  };
}

const isVerdict = (status: MonitorStatus): status is Status =>
  status === 'online' || status === 'limited' || status === 'offline';

/** Whether the verdict has changed often enough lately that recovery must hold before it is believed. */
export function isFlapping(state: MonitorState, at: number): boolean {
  return state.changeTimes.filter((t) => t > at - FLAP_WINDOW_MS).length >= FLAP_CHANGE_LIMIT;
}

/** Whether the monitor is looking at all: false while paused or suspended. */
export function isWatching(state: MonitorState): boolean {
  return state.status !== 'paused' && !state.suspended;
}

/** A failure run is waiting for its confirming check. */
function confirming(state: MonitorState): PendingRun | null {
  const run = state.run;
  return run !== null && run.status !== 'online' && run.count < CONFIRMATIONS_TO_CHANGE ? run : null;
}

/**
 * Which check to run next. Full when the diagnosis may have changed: none yet, the network changed, a
 * failure was just confirmed by fast checks (so it gets named), the status is limited (the fast check
 * cannot see a limited cause go away), the last `SLOW_CHECKS_FOR_DIAGNOSIS` fast checks connected only
 * slowly (high latency is a limited cause a fast check can hint at), a limited verdict is being confirmed, the last fast verdict
 * disagrees with the last diagnosis, or the diagnosis is older than `FULL_DIAGNOSIS_MAX_AGE_MS`.
 * Otherwise fast, which includes confirming an offline verdict: nothing connected is what it sees best.
 */
export function nextCheckMode(state: MonitorState, at: number): CheckMode {
  const full = state.lastFull;
  if (full === null || state.networkChangedSinceFull || state.diagnosisDue) return 'full';
  if (state.status === 'limited') return 'full';
  if (state.slowChecks >= SLOW_CHECKS_FOR_DIAGNOSIS) return 'full';
  const run = confirming(state);
  if (run !== null) return run.status === 'limited' ? 'full' : 'fast';
  if (state.lastReport !== null && state.lastReport.status !== full.status) return 'full';
  if (at - full.at >= FULL_DIAGNOSIS_MAX_AGE_MS || at < full.at) return 'full';
  return 'fast';
}

/**
 * How long after the last check settled to run the next one, given how long it ran (`ranMs`); null while
 * not watching (paused, suspended). Online, the interval runs from the end of a check; while down, the
 * recheck cadence runs from its start.
 */
export function nextCheckDelay(state: MonitorState, intervalMs: number, ranMs = 0): number | null {
  if (!isWatching(state)) return null;
  if (state.diagnosisDue) return 0;
  if (confirming(state) !== null) return state.lastCheckFailed ? Math.min(CONFIRM_RETRY_MS, intervalMs) : 0;
  if (state.status === 'online') return intervalMs;
  return Math.max(0, Math.min(RECHECK_WHILE_DOWN_MS, intervalMs) - Math.max(0, ranMs));
}

/** A fast check that connected, but no faster than the high-latency threshold. */
function isSlow(report: CheckReport): boolean {
  const ms = report.status === 'online' ? fastestConnectMs(report) : null;
  return ms !== null && ms >= HIGH_LATENCY_THRESHOLD_MS;
}

const causesKey = (causes: readonly Cause[]): string =>
  causes.map((c) => `${c.code}/${c.severity}`).join(',');

export function reduce(state: MonitorState, input: MonitorInput): Step {
  switch (input.kind) {
    case 'check-result':
      return onCheckResult(state, input.at, input.mode, input.report);
    case 'check-failed':
      if (!isWatching(state)) return { state, events: [] };
      return {
        // A diagnosis that could not run is owed no longer: the usual rules order the next full one.
        state: { ...state, lastCheckFailed: true, diagnosisDue: false },
        events: [{ type: 'check-failed', at: input.at, mode: input.mode, message: input.message }],
      };
    case 'network-changed':
      return { state: { ...state, networkChangedSinceFull: true }, events: [] };
    case 'clock-gap':
      return stopLooking(state, input.lastAwakeAt, 'suspended', { suspended: false, wokeAt: input.at });
    case 'hint':
      return onHint(state, input.at, input.hint);
    case 'pause':
      return onPause(state, input.at, input.until);
    case 'unpause':
      if (state.status !== 'paused') return { state, events: [] };
      return changeStatus({ ...state, pausedUntil: null }, 'checking', input.at, null, input.at);
    case 'stop':
      return endOutage(state, input.at, 'stopped');
  }
}

function onHint(state: MonitorState, at: number, hint: Hint): Step {
  switch (hint) {
    case 'suspend':
      if (state.suspended) return { state, events: [] };
      return stopLooking(state, at, 'suspended', { suspended: true });
    case 'resume':
      return { state: { ...state, suspended: false, wokeAt: at }, events: [] };
    case 'lock':
      return { state: { ...state, locked: true }, events: [] };
    case 'unlock':
      return { state: { ...state, locked: false }, events: [] };
  }
}

/**
 * The monitor stops seeing the link at `at` (sleep, suspend): unconfirmed results are dropped, an outage
 * ends there, and a limited/offline status becomes `checking` because it is no longer known.
 */
function stopLooking(
  state: MonitorState,
  at: number,
  reason: 'suspended',
  patch: Partial<MonitorState>,
): Step {
  const ended = endOutage({ ...state, ...patch, run: null, diagnosisDue: false }, at, reason);
  if (ended.state.status === 'limited' || ended.state.status === 'offline') {
    const changed = changeStatus(ended.state, 'checking', at, null, at);
    return { state: changed.state, events: [...ended.events, ...changed.events] };
  }
  return ended;
}

function onPause(state: MonitorState, at: number, until: number | null): Step {
  const ended = endOutage({ ...state, run: null, pausedUntil: until }, at, 'paused');
  if (ended.state.status === 'paused') return ended;
  const changed = changeStatus(ended.state, 'paused', at, null, at);
  return { state: changed.state, events: [...ended.events, ...changed.events] };
}

function endOutage(
  state: MonitorState,
  at: number,
  reason: 'recovered' | 'suspended' | 'paused' | 'stopped',
): Step {
  if (state.outage === null) return { state, events: [] };
  const startedAt = state.outage.startedAt;
  const endedAt = Math.max(at, startedAt);
  return {
    state: { ...state, outage: null },
    events: [{ type: 'outage-ended', startedAt, endedAt, durationMs: endedAt - startedAt, reason }],
  };
}

function changeStatus(
  state: MonitorState,
  to: MonitorStatus,
  since: number,
  report: CheckReport | null,
  decidedAt: number,
): Step {
  const from = state.status;
  const countsAsFlap = isVerdict(from) && isVerdict(to);
  const changeTimes = countsAsFlap
    ? [...state.changeTimes.filter((t) => t > decidedAt - FLAP_WINDOW_MS), decidedAt]
    : state.changeTimes;
  const afterWake = isVerdict(to) && state.wokeAt !== null && decidedAt - state.wokeAt < WAKE_GRACE_MS;
  return {
    state: { ...state, status: to, since, run: null, changeTimes, diagnosisDue: false },
    events: [{ type: 'status-changed', from, to, at: since, report, ...(afterWake ? { afterWake } : {}) }],
  };
}

function onCheckResult(state: MonitorState, at: number, mode: CheckMode, report: CheckReport): Step {
  if (!isWatching(state)) return { state, events: [] };
  const events: MonitorEvent[] = [{ type: 'check-completed', at, mode, report }];
  let next: MonitorState = { ...state, lastReport: report, lastCheckFailed: false };

  if (mode === 'full') {
    const previous = state.lastFull === null ? '' : causesKey(state.lastFull.causes);
    if (causesKey(report.causes) !== previous) {
      events.push({ type: 'diagnosis-changed', at, causes: report.causes });
    }
    next = {
      ...next,
      lastFull: { at, status: report.status, causes: report.causes },
      networkChangedSinceFull: false,
      diagnosisDue: false,
      slowChecks: 0,
    };
  } else {
    next = { ...next, slowChecks: isSlow(report) ? state.slowChecks + 1 : 0 };
  }

  const verdict = report.status;
  if (verdict === next.status) return { state: { ...next, run: null }, events };

  // A run continues while its checks agree on "good" or on "not good"; which bad verdict is the latest.
  const sameKind = next.run !== null && (next.run.status === 'online') === (verdict === 'online');
  const run: PendingRun =
    sameKind && next.run !== null
      ? { status: verdict, firstAt: next.run.firstAt, count: next.run.count + 1 }
      : { status: verdict, firstAt: at, count: 1 };

  if (verdict === 'online') {
    const holding = next.status !== 'checking' && isFlapping(next, at);
    const confirmed = holding ? at - run.firstAt >= FLAP_HOLD_MS : run.count >= CHECKS_TO_RECOVER;
    if (!confirmed) return { state: { ...next, run }, events };
    const ended = endOutage(next, run.firstAt, 'recovered');
    const changed = changeStatus(ended.state, 'online', run.firstAt, report, at);
    return { state: changed.state, events: [...events, ...changed.events, ...ended.events] };
  }

  if (run.count < CONFIRMATIONS_TO_CHANGE) return { state: { ...next, run }, events };
  const betweenFailures = next.status === 'limited' || next.status === 'offline';
  if (betweenFailures && isFlapping(next, at) && at - run.firstAt < FLAP_HOLD_MS) {
    return { state: { ...next, run }, events };
  }
  const startsOutage = next.outage === null;
  const changed = changeStatus(next, verdict, run.firstAt, report, at);
  const confirmed: MonitorState = { ...changed.state, diagnosisDue: mode === 'fast' };
  events.push(...changed.events);
  if (!startsOutage) return { state: confirmed, events };
  events.push({ type: 'outage-started', at: run.firstAt, status: verdict, causes: report.causes });
  return { state: { ...confirmed, outage: { startedAt: run.firstAt } }, events };
}
