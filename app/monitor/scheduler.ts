/**
 * Runs the injected check on the schedule the state machine asks for, one at a time, and feeds results,
 * hints, pauses and sleep gaps into the reducer. All decisions live in state-machine.ts; this file only
 * owns timers, the in-flight check and its AbortController.
 */
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { CheckFunction, CheckMode, CheckReport, Hint, MonitorEvent } from './events.js';
import { HINTS } from './events.js';
import type { MonitorInput, MonitorState } from './state-machine.js';
import { initialState, isWatching, nextCheckDelay, nextCheckMode, reduce } from './state-machine.js';
import {
  CHECK_TIMEOUT_MS,
  DEFAULT_INTERVAL_MS,
  SUSPEND_WATCHDOG_MS,
  awakeTickMs,
  isClockGap,
  validateIntervalMs,
} from './timing.js';

export interface SchedulerOptions {
  readonly check: CheckFunction;
  /** Receives every event the state machine produces, in order. */
  readonly emit: (event: MonitorEvent) => void;
  readonly clock?: Clock;
  readonly intervalMs?: number;
  readonly checkTimeoutMs?: number;
}

export interface Scheduler {
  /** Starts checking at once. Calling it again while running does nothing. */
  start(): void;
  /** Stops all timers, aborts the in-flight check, ends an open outage; resolves once the check settled. */
  stop(): Promise<void>;
  /** Checks now (or joins the check already running). Null when stopped, paused, suspended or it failed. */
  checkNow(): Promise<CheckReport | null>;
  /** Pauses until the wall-clock time `untilMs`, or until `resume()` when null. */
  pause(untilMs: number | null): void;
  resume(): void;
  hint(kind: Hint): void;
  /** The network fingerprint changed: diagnose again at once. */
  networkChanged(): void;
  state(): MonitorState;
}

interface Flight {
  readonly controller: AbortController;
  readonly promise: Promise<CheckReport | null>;
  /** Set when the result must not count (stopped, paused, suspended while it ran). */
  discard: boolean;
  timedOut: boolean;
  /** The last moment the awake tick proved the machine awake during this check (wall clock). */
  awakeAt: number;
  /** The awake tick fired late: the machine slept (or the clock jumped) while this check ran. */
  slept: boolean;
}

const VALID_STATUSES = new Set(['online', 'limited', 'offline']);

export function createScheduler(options: SchedulerOptions): Scheduler {
  const clock = options.clock ?? systemClock;
  const intervalMs = validateIntervalMs(options.intervalMs ?? DEFAULT_INTERVAL_MS);
  const tickMs = awakeTickMs(intervalMs);
  const checkTimeoutMs = options.checkTimeoutMs ?? CHECK_TIMEOUT_MS;
  if (!Number.isFinite(checkTimeoutMs) || checkTimeoutMs <= 0) {
    throw new RangeError(`check timeout must be a positive number of ms, got ${String(checkTimeoutMs)}`);
  }

  let state = initialState(clock.now());
  let running = false;
  let timer: unknown = null;
  let pauseTimer: unknown = null;
  let flight: Flight | null = null;
  /** Something changed while a check ran (network, resume): check again as soon as it settles. */
  let againAfter = false;

  const dispatch = (input: MonitorInput): void => {
    const step = reduce(state, input);
    state = step.state;
    for (const event of step.events) options.emit(event);
  };

  const disarm = (): void => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };

  const disarmPause = (): void => {
    if (pauseTimer !== null) clock.clearTimeout(pauseTimer);
    pauseTimer = null;
  };

  const arm = (delayMs: number, purpose: 'check' | 'watchdog'): void => {
    disarm();
    const armedAt = clock.now();
    timer = clock.setTimeout(() => {
      timer = null;
      if (!running) return;
      const now = clock.now();
      if (purpose === 'watchdog') {
        // Timers only run while awake, so the machine never slept: act as if it had resumed.
        dispatch({ kind: 'hint', at: now, hint: 'resume' });
      } else if (isClockGap(armedAt, now, delayMs)) {
        dispatch({ kind: 'clock-gap', at: now, lastAwakeAt: armedAt });
      }
      void runCheck();
    }, delayMs);
  };

  // Re-armed in steps of at most a minute because the timer pauses during sleep while `untilMs` is wall time.
  const armPause = (): void => {
    disarmPause();
    const until = state.pausedUntil;
    if (!running || state.status !== 'paused' || until === null) return;
    const remaining = until - clock.now();
    if (remaining <= 0) {
      resume();
      return;
    }
    pauseTimer = clock.setTimeout(
      () => {
        pauseTimer = null;
        armPause();
      },
      Math.min(remaining, SUSPEND_WATCHDOG_MS),
    );
  };

  const abortFlight = (reason: string): void => {
    if (flight === null) return;
    flight.discard = true;
    flight.controller.abort(new Error(reason));
  };

  /** `ranMs`: how long the check that just settled ran. */
  const afterCheck = (ranMs: number): void => {
    if (!running || flight !== null || !isWatching(state)) return;
    if (againAfter) {
      againAfter = false;
      void runCheck();
      return;
    }
    const delay = nextCheckDelay(state, intervalMs, ranMs);
    if (delay !== null) arm(delay, 'check');
  };

  const settle = (
    current: Flight,
    mode: CheckMode,
    startedAt: number,
    outcome: { report: CheckReport } | { error: unknown },
  ): CheckReport | null => {
    flight = null;
    const now = clock.now();
    if (current.discard || !running) {
      afterCheck(now - startedAt);
      return null;
    }
    let result: CheckReport | null = null;
    if (current.slept || isClockGap(current.awakeAt, now, tickMs)) {
      // The machine slept while the check ran: its result describes neither side of the sleep.
      dispatch({ kind: 'clock-gap', at: now, lastAwakeAt: current.awakeAt });
      againAfter = true;
    } else if ('report' in outcome && VALID_STATUSES.has(outcome.report.status)) {
      result = outcome.report;
      dispatch({ kind: 'check-result', at: startedAt, mode, report: outcome.report });
    } else {
      const message = current.timedOut
        ? `check timed out after ${checkTimeoutMs} ms`
        : 'error' in outcome
          ? outcome.error instanceof Error
            ? outcome.error.message
            : String(outcome.error)
          : `check returned an invalid report (status ${JSON.stringify(outcome.report.status)})`;
      dispatch({ kind: 'check-failed', at: now, mode, message });
    }
    afterCheck(now - startedAt);
    return result;
  };

  function runCheck(): Promise<CheckReport | null> {
    if (flight !== null) {
      // Never two at once: join a live check, or wait for an abandoned one to settle and start afresh.
      return flight.discard ? flight.promise.then(() => runCheck()) : flight.promise;
    }
    if (!running || !isWatching(state)) return Promise.resolve(null);
    disarm();
    againAfter = false; // this check starts after whatever asked for another one
    const startedAt = clock.now();
    const mode = nextCheckMode(state, startedAt);
    const controller = new AbortController();
    const timeout = clock.setTimeout(() => {
      current.timedOut = true;
      controller.abort(new Error(`check timed out after ${checkTimeoutMs} ms`));
    }, checkTimeoutMs);
    // No schedule timer runs during a check, so this tick is what notices a sleep in the middle of one.
    let tick: unknown = null;
    const armTick = (): void => {
      tick = clock.setTimeout(() => {
        if (flight !== current) return;
        const now = clock.now();
        if (isClockGap(current.awakeAt, now, tickMs)) current.slept = true;
        if (!current.slept) current.awakeAt = now;
        armTick();
      }, tickMs);
    };
    armTick();
    const run = async (): Promise<{ report: CheckReport } | { error: unknown }> => {
      try {
        return { report: await options.check(mode, controller.signal) };
      } catch (error) {
        return { error };
      } finally {
        clock.clearTimeout(timeout);
        clock.clearTimeout(tick);
      }
    };
    const current: Flight = {
      controller,
      discard: false,
      timedOut: false,
      awakeAt: startedAt,
      slept: false,
      promise: run().then((outcome) => settle(current, mode, startedAt, outcome)),
    };
    flight = current;
    return current.promise;
  }

  function resume(): void {
    disarmPause();
    if (state.status !== 'paused') return;
    dispatch({ kind: 'unpause', at: clock.now() });
    void runCheck();
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      if (isWatching(state)) void runCheck();
      else if (state.suspended) arm(SUSPEND_WATCHDOG_MS, 'watchdog');
      armPause();
    },

    async stop(): Promise<void> {
      running = false;
      disarm();
      disarmPause();
      dispatch({ kind: 'stop', at: clock.now() });
      const pending = flight;
      abortFlight('monitor stopped');
      if (pending !== null) await pending.promise;
    },

    checkNow: () => runCheck(),

    pause(untilMs: number | null): void {
      const now = clock.now();
      if (untilMs !== null && (typeof untilMs !== 'number' || !Number.isFinite(untilMs) || untilMs <= now)) {
        throw new RangeError(`pause needs a future time in epoch ms or null, got ${String(untilMs)}`);
      }
      dispatch({ kind: 'pause', at: now, until: untilMs });
      abortFlight('monitor paused');
      disarm();
      armPause();
    },

    resume,

    hint(kind: Hint): void {
      if (!HINTS.includes(kind)) {
        throw new RangeError(`unknown hint ${JSON.stringify(kind)}; expected one of ${HINTS.join(', ')}`);
      }
      dispatch({ kind: 'hint', at: clock.now(), hint: kind });
      if (kind === 'suspend') {
        abortFlight('machine suspending');
        if (running) arm(SUSPEND_WATCHDOG_MS, 'watchdog');
        return;
      }
      if (kind === 'resume' || kind === 'unlock') {
        if (state.status === 'paused') armPause();
        else void runCheck();
      }
    },

    networkChanged(): void {
      dispatch({ kind: 'network-changed', at: clock.now() });
      if (flight !== null && !flight.discard) againAfter = true;
      else void runCheck();
    },

    state: () => state,
  };
}
