import type { CheckReport } from '../check.js';
import type { Cause, Status } from '../diagnosis/types.js';

/** One check run, exactly as `runCheck` returns it (DESIGN.md §4); type-only, so nothing is loaded. */
export type { CheckReport };

/** `fast`: the cheap reachability check run every tick. `full`: the whole diagnosis, run only when needed. */
export type CheckMode = 'fast' | 'full';

/** What the tray shows: a verdict, or `checking` (no verdict yet) / `paused` (the user stopped monitoring). */
export type MonitorStatus = Status | 'checking' | 'paused';

/** Power and session events the host (Electron powerMonitor) can feed in. */
export type Hint = 'suspend' | 'resume' | 'lock' | 'unlock';
export const HINTS: readonly Hint[] = ['suspend', 'resume', 'lock', 'unlock'];

/** The signature of the injected check: it must settle soon after `signal` aborts. */
export type CheckFunction = (mode: CheckMode, signal: AbortSignal) => Promise<CheckReport>;

/**
 * All times are epoch milliseconds on the wall clock.
 * `status-changed.at` is when the new status began: for a confirmed failure that is the first failing
 * check of the run, not the moment of confirmation (the same instant `outage-started.at` carries).
 */
export interface MonitorEventMap {
  'status-changed': {
    readonly from: MonitorStatus;
    readonly to: MonitorStatus;
    readonly at: number;
    /** The check that decided the change; null when the user or the OS caused it (pause, suspend). */
    readonly report: CheckReport | null;
    /** The change came within `WAKE_GRACE_MS` of a wake: the network may simply still be waking up. */
    readonly afterWake?: true;
  };
  'outage-started': {
    readonly at: number;
    readonly status: Status;
    readonly causes: readonly Cause[];
  };
  'outage-ended': {
    readonly startedAt: number;
    readonly endedAt: number;
    readonly durationMs: number;
    /** Why it ended: the link came back, or monitoring stopped looking (sleep, pause, clock jump). */
    readonly reason: 'recovered' | 'suspended' | 'paused' | 'stopped';
  };
  'diagnosis-changed': {
    readonly at: number;
    readonly causes: readonly Cause[];
  };
  'check-completed': {
    readonly at: number;
    readonly mode: CheckMode;
    readonly report: CheckReport;
  };
  /** The check function threw or was aborted by its timeout. Not a verdict: the status is unchanged. */
  'check-failed': {
    readonly at: number;
    readonly mode: CheckMode;
    readonly message: string;
  };
}

export type MonitorEventName = keyof MonitorEventMap;

export type MonitorEvent = {
  [K in MonitorEventName]: { readonly type: K } & MonitorEventMap[K];
}[MonitorEventName];
