/**
 * One running monitor with everything around it: the real check (or an injected one), the network watch,
 * the history database and its retention. The CLI `monitor`, `serve` and the Electron main process all
 * start this; none of it prints. What a host shows comes from `runtime.monitor.on(...)` (the monitor's
 * events, recorded to history before any host listener sees them) and `runtime.on(...)` (history trouble).
 */
import type { LayerSettings } from '../probes/layers.js';
import { runCheck as realRunCheck } from '../check.js';
import { describeOpen, openHistoryDatabase, type HistoryDatabase } from '../history/database.js';
import { DEFAULT_RETENTION, type PruneCounts, type RetentionPolicy } from '../history/retention.js';
import { createHistoryStore, lastCheckSince, type HistoryStore } from '../history/store.js';
import type { HistoryError, HistoryErrorKind, OutageRecord } from '../history/types.js';
import { createLocalConfigReader } from '../probes/local/index.js';
import type { Endpoint } from '../probes/types.js';
import { checkDeadlineMs, checkFunctionFor, type RunCheck } from './check-adapter.js';
import { systemClock, type Clock } from './clock.js';
import type { MonitorEvent } from './events.js';
import { createHistoryPruner, type Pruner } from './history-pruner.js';
import { recordMonitorHistory } from './history-recorder.js';
import { createMonitor, type Monitor } from './monitor.js';
import { createLinuxFingerprintReader } from './linux-fingerprint.js';
import { networkFingerprint } from './network-watch.js';

export interface MonitorRuntimeOptions {
  readonly targets: readonly Endpoint[];
  /** Per-probe timeout. */
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** The history database file (`:memory:` allowed); null monitors without keeping history. */
  readonly dbPath: string | null;
  /** Where the DNS, web, TLS and quality layers of the full diagnosis look. */
  readonly layers?: LayerSettings;
  /** Defaults to the real check (app/check.ts). */
  readonly runCheck?: RunCheck;
  readonly clock?: Clock;
  readonly platform?: NodeJS.Platform;
  /** Defaults to the fingerprint of the live local config; null turns the network watch off. */
  readonly readNetworkFingerprint?: (() => Promise<string>) | null;
  readonly retention?: RetentionPolicy;
  readonly pruneEveryMs?: number;
  readonly firstPruneAfterMs?: number;
}

export interface RuntimeEventMap {
  /** The first failure of each kind (disk full, read-only …); later ones of that kind are not repeated. */
  'history-error': { readonly at: number; readonly error: HistoryError };
  'history-pruned': { readonly at: number; readonly counts: PruneCounts };
  /** A monitor event listener threw; monitoring went on. */
  'listener-error': { readonly at: number; readonly event: MonitorEvent['type']; readonly message: string };
}

export type RuntimeEventName = keyof RuntimeEventMap;

export type RuntimeListener<K extends RuntimeEventName> = (
  event: { readonly type: K } & RuntimeEventMap[K],
) => void;

export interface MonitorRuntime {
  readonly monitor: Monitor;
  /** The open history database, for read-side queries (`createHistoryQueries(runtime.db)`); null without history. */
  readonly db: HistoryDatabase | null;
  readonly store: HistoryStore | null;
  readonly dbPath: string | null;
  /** One line about the history for a log: where it is, whether it is new, a migration or a moved-aside file. */
  readonly historyNote: string | null;
  /** An outage a previous run left open (it crashed): closed at its last recorded check before this run began. */
  readonly recoveredOutage: OutageRecord | null;
  start(): void;
  /** Stops the monitor (closing an open outage), waits for a prune in progress, closes the database. Idempotent. */
  stop(): Promise<void>;
  on<K extends RuntimeEventName>(event: K, listener: RuntimeListener<K>): () => void;
}

export type RuntimeOpen =
  | { readonly ok: true; readonly runtime: MonitorRuntime }
  | { readonly ok: false; readonly error: HistoryError };

/** Opens the history (when asked to) and builds the monitor around it. Never throws on a bad database. */
export function openMonitorRuntime(options: MonitorRuntimeOptions): RuntimeOpen {
  let db: HistoryDatabase | null = null;
  let historyNote: string | null = null;
  if (options.dbPath !== null) {
    const opened = openHistoryDatabase(options.dbPath);
    if (!opened.ok) return { ok: false, error: opened.error };
    db = opened.db;
    historyNote = describeOpen(opened);
  }
  return { ok: true, runtime: buildRuntime(options, db, historyNote) };
}

function buildRuntime(
  options: MonitorRuntimeOptions,
  db: HistoryDatabase | null,
  historyNote: string | null,
): MonitorRuntime {
  const clock = options.clock ?? systemClock;
  const listeners = new Map<RuntimeEventName, Set<(event: never) => void>>();
  const emit = <K extends RuntimeEventName>(type: K, body: RuntimeEventMap[K]): void => {
    for (const listener of [...(listeners.get(type) ?? [])]) {
      try {
        (listener as RuntimeListener<K>)({ type, ...body });
      } catch {
        // A host's broken logger must not stop the history or the monitor.
      }
    }
  };

  const reported = new Set<HistoryErrorKind>();
  const reportHistoryError = (error: HistoryError): void => {
    if (reported.has(error.kind)) return;
    reported.add(error.kind);
    emit('history-error', { at: clock.now(), error });
  };

  const platform = options.platform ?? process.platform;
  const reader = createLocalConfigReader(platform);
  // On Linux the full read is the monitor's largest steady cost at one per 2 s; a lighter one sees the same
  // changes (linux-fingerprint.ts). Elsewhere the reader is already just os.networkInterfaces().
  const readFingerprint =
    options.readNetworkFingerprint !== undefined
      ? options.readNetworkFingerprint
      : platform === 'linux'
        ? createLinuxFingerprintReader()
        : async () => networkFingerprint(await reader.read());

  const monitor = createMonitor({
    check: checkFunctionFor(options.runCheck ?? realRunCheck, {
      targets: options.targets,
      timeoutMs: options.timeoutMs,
      localConfigReader: reader,
      platform,
      ...(options.layers === undefined ? {} : { layers: options.layers }),
      now: () => clock.now(),
    }),
    clock,
    intervalMs: options.intervalMs,
    checkTimeoutMs: checkDeadlineMs(options.timeoutMs),
    ...(readFingerprint === null ? {} : { readNetworkFingerprint: readFingerprint }),
    onListenerError: (error, event) =>
      emit('listener-error', {
        at: clock.now(),
        event: event.type,
        message: error instanceof Error ? error.message : String(error),
      }),
  });

  let store: HistoryStore | null = null;
  let pruner: Pruner | null = null;
  let recoveredOutage: OutageRecord | null = null;
  if (db !== null) {
    store = createHistoryStore(db);
    store.onError(reportHistoryError);
    recoveredOutage = closeLeftoverOutage(db, store);
    recordMonitorHistory(monitor, store);
    pruner = createHistoryPruner({
      db,
      policy: options.retention ?? DEFAULT_RETENTION,
      clock,
      ...(options.pruneEveryMs === undefined ? {} : { everyMs: options.pruneEveryMs }),
      ...(options.firstPruneAfterMs === undefined ? {} : { firstAfterMs: options.firstPruneAfterMs }),
      onPruned: (counts, at) => emit('history-pruned', { at, counts }),
      onError: reportHistoryError,
    });
  }

  let started = false;
  let stopping: Promise<void> | null = null;
  return {
    monitor,
    db,
    store,
    dbPath: options.dbPath,
    historyNote,
    recoveredOutage,
    start(): void {
      if (started || stopping !== null) return;
      started = true;
      monitor.start();
      pruner?.start();
    },
    stop(): Promise<void> {
      stopping ??= (async () => {
        await monitor.stop();
        await pruner?.stop();
        // close() checkpoints the WAL into the main file, so the history is whole for the next reader.
        db?.close();
      })();
      return stopping;
    },
    on<K extends RuntimeEventName>(event: K, listener: RuntimeListener<K>): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (event: never) => void);
      return () => {
        set.delete(listener as (event: never) => void);
      };
    },
  };
}

/**
 * A run that crashed mid-outage left it open. Resuming it would stretch it over the time nobody was
 * looking, so it ends at the last check recorded during it: the last moment it was known to be going on.
 */
function closeLeftoverOutage(db: HistoryDatabase, store: HistoryStore): OutageRecord | null {
  const open = store.openOutageRecord();
  if (open === null) return null;
  let lastSeen = open.startedAt;
  try {
    lastSeen = lastCheckSince(db, open.startedAt) ?? open.startedAt;
  } catch {
    // Unreadable: fall back to a zero-length outage rather than an invented one.
  }
  const closed = store.closeOutage({ endedAt: lastSeen });
  return closed.ok ? closed.value : null;
}
