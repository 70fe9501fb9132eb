/**
 * The status-window API in process (app/api/contract.ts): what `serve` puts behind HTTP and Electron's
 * main process behind IPC. It reads the running monitor and the history, and writes settings through the
 * one validation (editable-settings.ts). Every argument is checked again here (validate-request.ts), so a
 * transport that forgets to check cannot let a bad value through.
 */
import type { HistoryQueries } from '../history/queries.js';
import { exportChecks, exportOutages } from '../history/export.js';
import type { HistoryError, TimeWindow, UptimeSummary } from '../history/types.js';
import { fastestLatencyMs } from '../monitor/history-recorder.js';
import type { MonitorRuntime } from '../monitor/runtime.js';
import type {
  ApiEventMap,
  ApiEventName,
  EditableSettings,
  ExportFile,
  HistoryRange,
  HistoryView,
  Snapshot,
  StatusApi,
} from './contract.js';
import { endpointsOf, validateSettingsUpdate } from './editable-settings.js';
import { createTimelineReads, type TimelineReads } from './history-reads.js';
import type { LiveCheck } from './live-check.js';
import { joinWords } from '../text/join-words.js';
import type { SettingsStore } from './settings-store.js';
import { buildTimeline } from './timeline.js';
import {
  parseExportFormat,
  parseExportWhat,
  parseHistoryRange,
  parsePauseUntil,
  parseSettingsShape,
} from './validate-request.js';

const HOUR_MS = 3_600_000;
export const RANGE_MS: Readonly<Record<HistoryRange, number>> = {
  '24h': 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
  '30d': 30 * 24 * HOUR_MS,
};

export interface CoreApiOptions {
  readonly runtime: MonitorRuntime;
  /** The history's read side; null when the runtime keeps no history (the views are then empty). */
  readonly queries: HistoryQueries | null;
  readonly settingsStore: SettingsStore;
  /** Wall clock, epoch ms. */
  readonly now?: () => number;
  /** When the runtime checks through it, saved targets and timeout apply from the next check on. */
  readonly liveCheck?: LiveCheck;
  /** Notices from the host for Snapshot.notices (a setting pinned by a flag …). */
  readonly notices?: readonly string[];
}

export interface CoreApi extends StatusApi {
  /** Stops listening to the runtime; the runtime itself is the host's to stop. */
  dispose(): void;
}

export function createCoreApi(options: CoreApiOptions): CoreApi {
  const { runtime, queries, settingsStore } = options;
  const now = options.now ?? Date.now;
  const monitor = runtime.monitor;
  const reads: TimelineReads | null =
    queries !== null && runtime.db !== null ? createTimelineReads(runtime.db) : null;
  // What the running monitor was started with; the interval is also the timeline's idea of "a check was due".
  const started = settingsStore.get();

  // A failed write shows while the store's last write failed and goes away once one succeeds; other
  // history trouble (pruning) is only reported as it happens, so it stays until restart.
  const otherHistoryProblems = new Map<string, string>();
  const restartNeeded = new Set<string>();
  const settingsListeners = new Set<(payload: ApiEventMap['settings-changed']) => void>();
  const offHistoryError = runtime.on('history-error', (event) => {
    if (STORE_WRITES.has(event.error.operation)) return;
    otherHistoryProblems.set(event.error.kind, describeHistoryError(event.error));
  });

  const snapshot = (): Snapshot => {
    const state = monitor.snapshot();
    const notices: string[] = [];
    if (settingsStore.notice !== null) notices.push(settingsStore.notice);
    notices.push(...(options.notices ?? []));
    const writeError = runtime.store?.lastError ?? null;
    if (writeError !== null) notices.push(describeHistoryError(writeError));
    notices.push(...otherHistoryProblems.values());
    const restart = restartNotice();
    if (restart !== null) notices.push(restart);
    return {
      status: state.status,
      since: state.since,
      latencyMs: state.lastReport === null ? null : fastestLatencyMs(state.lastReport),
      diagnosis: state.lastReport,
      // JSON has no Infinity: "paused until resumed" travels as -1.
      pausedUntil: state.status === 'paused' ? (state.pausedUntil ?? -1) : null,
      notices,
    };
  };

  const windowFor = (range: HistoryRange): TimeWindow => {
    const to = now();
    return { from: to - RANGE_MS[range], to };
  };

  const historyView = (range: HistoryRange): HistoryView => {
    const window = windowFor(range);
    if (queries === null) return emptyHistoryView(range, window);
    const outages = queries.outages(window);
    const timeline =
      reads === null
        ? []
        : buildTimeline({
            from: window.from,
            to: window.to,
            covered: reads.covered(window, started.intervalMs),
            changes: reads.changes(window),
            outages,
          });
    return { range, uptime: queries.uptime(window), series: queries.series(window), timeline, outages };
  };

  return {
    getSnapshot: async () => snapshot(),

    async getHistory(range) {
      return historyView(parseHistoryRange(range));
    },

    async getOutages(range) {
      const window = windowFor(parseHistoryRange(range));
      return queries === null ? [] : queries.outages(window);
    },

    async exportHistory(what, format, range): Promise<ExportFile> {
      const kind = parseExportWhat(what);
      const as = parseExportFormat(format);
      const checked = parseHistoryRange(range);
      const window = windowFor(checked);
      const content =
        kind === 'outages'
          ? exportOutages(queries === null ? [] : queries.outages(window), as)
          : exportChecks(queries === null ? [] : queries.checks(window), as);
      return {
        filename: `internet-conn-${kind}-${checked}.${as}`,
        mimeType: as === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        content,
      };
    },

    async checkNow() {
      await monitor.checkNow();
      return snapshot();
    },

    async pause(untilMs) {
      monitor.pause(parsePauseUntil(untilMs, now()));
      return snapshot();
    },

    async resume() {
      monitor.resume();
      return snapshot();
    },

    getSettings: async () => settingsStore.get(),

    async updateSettings(settings) {
      const result = validateSettingsUpdate(parseSettingsShape(settings), settingsStore.get());
      if (!result.ok) return result;
      await settingsStore.save(result.settings);
      applyToMonitor(result.settings);
      for (const listener of [...settingsListeners]) listener({ settings: result.settings });
      const restart = restartNotice();
      return restart === null ? result : { ...result, restartNotice: restart };
    },

    on<K extends ApiEventName>(event: K, listener: (payload: ApiEventMap[K]) => void): () => void {
      const send = listener as (payload: ApiEventMap[ApiEventName]) => void;
      switch (event) {
        case 'status-changed':
          return monitor.on('status-changed', () => send({ snapshot: snapshot() }));
        case 'check-completed':
          return monitor.on('check-completed', (e) =>
            send({ report: e.report, latencyMs: fastestLatencyMs(e.report) }),
          );
        case 'diagnosis-changed':
          return monitor.on('diagnosis-changed', (e) => send({ causes: e.causes }));
        case 'settings-changed': {
          const entry = (payload: ApiEventMap['settings-changed']): void => send(payload);
          settingsListeners.add(entry);
          return () => settingsListeners.delete(entry);
        }
      }
      throw new RangeError(`unknown API event ${JSON.stringify(event)}`);
    },

    dispose() {
      offHistoryError();
    },
  };

  function restartNotice(): string | null {
    if (restartNeeded.size === 0) return null;
    return `Saved; restart internet-conn to apply the new ${joinWords([...restartNeeded])}.`;
  }

  function applyToMonitor(next: EditableSettings): void {
    options.liveCheck?.update({ targets: endpointsOf(next), timeoutMs: next.timeoutMs });
    // The scheduler and the pruner fix these when they start; say so rather than pretend they changed.
    restartNeeded.clear();
    if (options.liveCheck === undefined && checkKey(next) !== checkKey(started)) {
      restartNeeded.add('targets and timeout');
    }
    if (next.intervalMs !== started.intervalMs) restartNeeded.add('check interval');
    if (retentionKey(next) !== retentionKey(started)) restartNeeded.add('history retention');
  }
}

const checkKey = (s: EditableSettings): string => `${s.targets.join(',')}/${s.timeoutMs}`;
const retentionKey = (s: EditableSettings): string =>
  `${s.retention.rawChecksDays}/${s.retention.rollupDays}`;

const STORE_WRITES: ReadonlySet<string> = new Set([
  'recordCheck',
  'recordStatusChange',
  'openOutage',
  'closeOutage',
]);

function describeHistoryError(error: HistoryError): string {
  return `History is not being saved (${error.kind}): ${error.message}`;
}

function emptyHistoryView(range: HistoryRange, window: TimeWindow): HistoryView {
  const uptime: UptimeSummary = {
    window,
    checks: 0,
    online: 0,
    limited: 0,
    offline: 0,
    uptimePercent: null,
    onlinePercent: null,
  };
  return {
    range,
    uptime,
    series: { window, bucketMs: RANGE_MS[range], source: 'hour', points: [] },
    timeline: [{ start: window.from, end: window.to, status: 'unknown' }],
    outages: [],
  };
}
