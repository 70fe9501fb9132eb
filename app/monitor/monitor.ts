/**
 * The continuous monitor as the CLI and the Electron main process use it: the scheduler (checks on a
 * schedule, hysteresis, sleep) plus the network watch, behind a small subscribe/command facade.
 */
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type {
  CheckFunction,
  CheckReport,
  Hint,
  MonitorEvent,
  MonitorEventMap,
  MonitorEventName,
  MonitorStatus,
} from './events.js';
import { createNetworkWatch } from './network-watch.js';
import type { NetworkWatch } from './network-watch.js';
import { createScheduler } from './scheduler.js';

export interface MonitorOptions {
  readonly check: CheckFunction;
  readonly clock?: Clock;
  /** Between checks while online; 1 s – 1 h, default 5 s. */
  readonly intervalMs?: number;
  readonly checkTimeoutMs?: number;
  /** Reads the network fingerprint (e.g. `networkFingerprint(await reader.read())`); omit to not watch. */
  readonly readNetworkFingerprint?: () => Promise<string>;
  readonly networkPollMs?: number;
  /** Where a listener's exception goes; it never reaches the scheduler. Default: console.error. */
  readonly onListenerError?: (error: unknown, event: MonitorEvent) => void;
}

export interface MonitorSnapshot {
  readonly status: MonitorStatus;
  /** When the current status began (epoch ms). */
  readonly since: number;
  readonly lastReport: CheckReport | null;
  /** Epoch ms the pause ends; null when not paused or paused until resumed (status tells which). */
  readonly pausedUntil: number | null;
  /** Start of the outage in progress, null when there is none. */
  readonly outageStartedAt: number | null;
}

export type MonitorListener<K extends MonitorEventName> = (
  event: { readonly type: K } & MonitorEventMap[K],
) => void;

export interface Monitor {
  start(): void;
  stop(): Promise<void>;
  checkNow(): Promise<CheckReport | null>;
  pause(untilMs: number | null): void;
  resume(): void;
  hint(kind: Hint): void;
  /** Subscribes to one event; returns the unsubscribe function. */
  on<K extends MonitorEventName>(event: K, listener: MonitorListener<K>): () => void;
  snapshot(): MonitorSnapshot;
}

export function createMonitor(options: MonitorOptions): Monitor {
  const listeners = new Map<MonitorEventName, Set<(event: MonitorEvent) => void>>();
  const onListenerError =
    options.onListenerError ??
    ((error: unknown, event: MonitorEvent) => console.error(`monitor ${event.type} listener failed:`, error));

  const emit = (event: MonitorEvent): void => {
    for (const listener of [...(listeners.get(event.type) ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        onListenerError(error, event);
      }
    }
  };

  const scheduler = createScheduler({
    check: options.check,
    emit,
    clock: options.clock ?? systemClock,
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    ...(options.checkTimeoutMs === undefined ? {} : { checkTimeoutMs: options.checkTimeoutMs }),
  });

  const watch: NetworkWatch | null =
    options.readNetworkFingerprint === undefined
      ? null
      : createNetworkWatch({
          read: options.readNetworkFingerprint,
          onChange: () => scheduler.networkChanged(),
          clock: options.clock ?? systemClock,
          ...(options.networkPollMs === undefined ? {} : { pollMs: options.networkPollMs }),
        });

  return {
    start(): void {
      scheduler.start();
      watch?.start();
    },
    async stop(): Promise<void> {
      await Promise.all([scheduler.stop(), watch?.stop()]);
    },
    checkNow: () => scheduler.checkNow(),
    pause: (untilMs) => scheduler.pause(untilMs),
    resume: () => scheduler.resume(),
    hint: (kind) => scheduler.hint(kind),
    on<K extends MonitorEventName>(event: K, listener: MonitorListener<K>): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as unknown as (event: MonitorEvent) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    snapshot(): MonitorSnapshot {
      const state = scheduler.state();
      return {
        status: state.status,
        since: state.since,
        lastReport: state.lastReport,
        pausedUntil: state.status === 'paused' ? state.pausedUntil : null,
        outageStartedAt: state.outage?.startedAt ?? null,
      };
    },
  };
}
