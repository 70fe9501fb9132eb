/**
 * The status-window API (DESIGN.md §1): the only thing the renderer knows. Two transports implement
 * it — the Electron preload bridge and `internet-conn serve` (HTTP + Server-Sent Events) — so the
 * renderer never knows which one it talks to. Plain data only: everything here survives
 * JSON.stringify and structured clone.
 */
import type { CheckReport } from '../check.js';
import type { Cause } from '../diagnosis/types.js';
import type { LatencySeries, OutageRecord, UptimeSummary } from '../history/types.js';
import type { MonitorStatus } from '../monitor/events.js';

export type HistoryRange = '24h' | '7d' | '30d';
export const HISTORY_RANGES: readonly HistoryRange[] = ['24h', '7d', '30d'];

/** What the status card and the diagnosis panel show right now. */
export interface Snapshot {
  readonly status: MonitorStatus;
  /** Epoch ms when the current status began. */
  readonly since: number;
  /** Fastest connected target of the latest check, ms; null when nothing connected yet. */
  readonly latencyMs: number | null;
  /** The latest full diagnosis (causes, probes); null before the first one. */
  readonly diagnosis: CheckReport | null;
  /** Epoch ms the pause ends; null when not paused; `Infinity` is not JSON, so "until resumed" is -1. */
  readonly pausedUntil: number | null;
  /** Problems the user should know about that are not network causes (history disk full …). */
  readonly notices: readonly string[];
}

/** A stretch of one status on the timeline strip. */
export interface TimelineSegment {
  readonly start: number;
  readonly end: number;
  readonly status: 'online' | 'limited' | 'offline' | 'unknown';
}

export interface HistoryView {
  readonly range: HistoryRange;
  readonly uptime: UptimeSummary;
  readonly series: LatencySeries;
  readonly timeline: readonly TimelineSegment[];
  readonly outages: readonly OutageRecord[];
}

export type ExportFormat = 'csv' | 'json';

export interface ExportFile {
  readonly filename: string;
  readonly mimeType: string;
  readonly content: string;
}

/** The settings a user can change from the window, as plain values (durations in ms). */
export interface EditableSettings {
  readonly targets: readonly string[];
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly notifications: {
    readonly enabled: boolean;
    readonly onDisconnect: boolean;
    readonly onReconnect: boolean;
    readonly onLimited: boolean;
  };
  readonly startAtLogin: boolean;
  readonly retention: { readonly rawChecksDays: number; readonly rollupDays: number };
}

/** Validation errors per field, in the config schema's words (`targets.1`, `intervalMs` …). */
export type SettingsResult =
  | {
      readonly ok: true;
      readonly settings: EditableSettings;
      /**
       * Set when part of the save applies only after a restart ("Saved; restart internet-conn to apply
       * the new check interval."); the same words are in Snapshot.notices. Absent from older servers.
       */
      readonly restartNotice?: string;
    }
  | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

export interface ApiEventMap {
  'status-changed': { readonly snapshot: Snapshot };
  'check-completed': { readonly report: CheckReport; readonly latencyMs: number | null };
  'diagnosis-changed': { readonly causes: readonly Cause[] };
  /**
   * After any accepted save, whoever made it (the window, another tab on serve, the tray's Start at
   * login, the OS login item), so an open form learns of changes made elsewhere.
   */
  'settings-changed': { readonly settings: EditableSettings };
}
export type ApiEventName = keyof ApiEventMap;

/** One function per operation; subscriptions return an unsubscribe. */
export interface StatusApi {
  getSnapshot(): Promise<Snapshot>;
  getHistory(range: HistoryRange): Promise<HistoryView>;
  getOutages(range: HistoryRange): Promise<readonly OutageRecord[]>;
  exportHistory(what: 'checks' | 'outages', format: ExportFormat, range: HistoryRange): Promise<ExportFile>;
  checkNow(): Promise<Snapshot>;
  /** `untilMs` epoch ms, or null for "until resumed". */
  pause(untilMs: number | null): Promise<Snapshot>;
  resume(): Promise<Snapshot>;
  getSettings(): Promise<EditableSettings>;
  updateSettings(settings: EditableSettings): Promise<SettingsResult>;
  on<K extends ApiEventName>(event: K, listener: (payload: ApiEventMap[K]) => void): () => void;
}

/** Channel names, shared by the preload bridge, main's IPC handlers and the HTTP routes. */
export const API_CHANNELS = {
  getSnapshot: 'api:get-snapshot',
  getHistory: 'api:get-history',
  getOutages: 'api:get-outages',
  exportHistory: 'api:export-history',
  checkNow: 'api:check-now',
  pause: 'api:pause',
  resume: 'api:resume',
  getSettings: 'api:get-settings',
  updateSettings: 'api:update-settings',
  event: 'api:event',
} as const;

/**
 * serve's event stream sends `event: heartbeat` this often, even when nothing happens, so a window can
 * tell a quiet monitor from a hung or unreachable one (a TCP connection can stay "open" with nothing
 * arriving). Named, not a comment line: EventSource hides comments from the page.
 */
export const EVENT_HEARTBEAT_MS = 15_000;

/**
 * The same operations over HTTP for `internet-conn serve`. JSON bodies and replies; events as
 * Server-Sent Events (`event: <ApiEventName>`, `data: <JSON payload>`). When a token is required it
 * travels as `Authorization: Bearer <token>`, or as `?token=` for EventSource, which cannot set headers.
 * POST and PUT carry `Content-Type: application/json` even with no body, and a browser's `Origin` must
 * be the server itself: anything else is refused (415 / 403) so other web pages cannot change state.
 */
export const HTTP_ROUTES = {
  getSnapshot: { method: 'GET', path: '/api/snapshot' },
  getHistory: { method: 'GET', path: '/api/history' }, // ?range=24h|7d|30d
  getOutages: { method: 'GET', path: '/api/outages' }, // ?range=
  exportHistory: { method: 'GET', path: '/api/export' }, // ?what=checks|outages&format=csv|json&range=
  checkNow: { method: 'POST', path: '/api/check' },
  pause: { method: 'POST', path: '/api/pause' }, // body { untilMs: number | null }
  resume: { method: 'POST', path: '/api/resume' },
  getSettings: { method: 'GET', path: '/api/settings' },
  updateSettings: { method: 'PUT', path: '/api/settings' }, // body EditableSettings
  events: { method: 'GET', path: '/api/events' },
} as const;
