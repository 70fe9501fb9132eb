/**
 * Writes what the monitor decides into the history store: every completed check, every change of
 * verdict, and the outages. An outage is named after the first full diagnosis made during it: one declared
 * by fast checks is opened with their causes and renamed when it closes. It only listens; a failed write
 * is the store's to report (store.onError), and the monitor never waits for the history.
 */
import type { Cause } from '../diagnosis/types.js';
import type { HistoryStore } from '../history/store.js';
import type { CheckMode, MonitorStatus } from './events.js';
import { fastestConnectMs } from './fast-timeout.js';
import type { Monitor } from './monitor.js';
import type { Status } from '../diagnosis/types.js';

/** Used when an outage is declared without a named cause (the diagnosis always names one; this is a guard). */
export const UNKNOWN_OUTAGE = { cause: 'unknown', summary: 'No cause was named' } as const;

/** Subscribes the store to the monitor; returns the function that unsubscribes it. */
export function recordMonitorHistory(monitor: Monitor, store: HistoryStore): () => void {
  // `checking` and `paused` are not verdicts: the history keeps verdict-to-verdict changes, so a pause
  // or a sleep between two "offline" verdicts is not a change, and `from` is the last verdict seen.
  let lastVerdict: Status | null = null;
  // The check that declares an outage completes just before `outage-started`; its mode says whether the
  // outage's causes already come from a full diagnosis.
  let lastMode: CheckMode | null = null;
  /** The open outage: whether a full diagnosis has named it, and the name to close it with. */
  let open: { named: boolean; renamed: { cause: string; summary: string } | null } | null = null;

  const unsubscribe = [
    monitor.on('check-completed', (event) => {
      store.recordCheck({
        at: event.at,
        status: event.report.status,
        latencyMs: fastestLatencyMs(event.report),
        causeCodes: causeCodes(event.report.causes),
      });
      lastMode = event.mode;
      const names =
        event.mode === 'full' && event.report.status !== 'online' && event.report.causes.length > 0;
      if (open !== null && !open.named && names) {
        open = { named: true, renamed: outageCause(event.report.causes) };
      }
    }),
    monitor.on('status-changed', (event) => {
      if (!isVerdict(event.to) || event.to === lastVerdict) return;
      store.recordStatusChange({
        at: event.at,
        from: lastVerdict,
        to: event.to,
        causeCodes: causeCodes(event.report?.causes ?? []),
      });
      lastVerdict = event.to;
    }),
    monitor.on('outage-started', (event) => {
      store.openOutage({ startedAt: event.at, ...outageCause(event.causes) });
      open = { named: lastMode === 'full', renamed: null };
    }),
    monitor.on('outage-ended', (event) => {
      store.closeOutage({ endedAt: event.endedAt, ...(open?.renamed ?? {}) });
      open = null;
    }),
  ];
  return () => {
    for (const off of unsubscribe) off();
  };
}

/** Round trip of the fastest target that connected; null when none did. */
export const fastestLatencyMs = fastestConnectMs;

/** The outage is named after the lowest failing layer, which the diagnosis lists first. */
export function outageCause(causes: readonly Cause[]): { cause: string; summary: string } {
  const first = causes[0];
  return first === undefined ? { ...UNKNOWN_OUTAGE } : { cause: first.code, summary: first.title };
}

function causeCodes(causes: readonly Cause[]): string[] {
  return causes.map((cause) => cause.code);
}

function isVerdict(status: MonitorStatus): status is Status {
  return status === 'online' || status === 'limited' || status === 'offline';
}
