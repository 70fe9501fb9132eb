// StatusApi over `internet-conn serve`: JSON over fetch, events over one shared EventSource (HTTP_ROUTES).
import {
  EVENT_HEARTBEAT_MS,
  HTTP_ROUTES,
  type ApiEventMap,
  type ApiEventName,
  type EditableSettings,
  type ExportFile,
  type ExportFormat,
  type HistoryRange,
  type HistoryView,
  type SettingsResult,
  type Snapshot,
  type StatusApi,
} from '../../../app/api/contract.js';
import type { OutageRecord } from '../../../app/history/types.js';
import {
  SERVE_HOST_ONLY,
  type ConnectionState,
  type ConnectionWatch,
  type TransportFacts,
} from './connection.js';

export interface HttpApiOptions {
  /** Origin (and optional path prefix) of the server, e.g. `http://127.0.0.1:8470`. */
  readonly baseUrl: string;
  /** Bearer token, or null when the server needs none. */
  readonly token: string | null;
}

/** `#token=abc` (or `#foo=1&token=abc`) → `abc`; null when the hash names no token. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token === null || token === '' ? null : token;
}

type Route = (typeof HTTP_ROUTES)[keyof typeof HTTP_ROUTES];

export function createHttpApi(
  options: HttpApiOptions,
): StatusApi & ConnectionWatch & Required<TransportFacts> {
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call<T>(route: Route, query: Record<string, string> = {}, body?: unknown): Promise<T> {
    const url = new URL(base + route.path);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.token !== null) headers.Authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const init: RequestInit = { method: route.method, headers, cache: 'no-store' };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(url, init);
    const text = await response.text();
    if (response.status === 401) throw new UnauthorizedError(tokenProblem(options.token));
    if (!response.ok)
      throw new Error(`${route.method} ${route.path}: ${describeFailure(response.status, text)}`);
    return JSON.parse(text) as T;
  }

  const events = createEventHub(base, options.token, () => call(HTTP_ROUTES.getSnapshot));

  return {
    getSnapshot: () => call<Snapshot>(HTTP_ROUTES.getSnapshot),
    getHistory: (range: HistoryRange) => call<HistoryView>(HTTP_ROUTES.getHistory, { range }),
    getOutages: (range: HistoryRange) => call<readonly OutageRecord[]>(HTTP_ROUTES.getOutages, { range }),
    exportHistory: (what: 'checks' | 'outages', format: ExportFormat, range: HistoryRange) =>
      call<ExportFile>(HTTP_ROUTES.exportHistory, { what, format, range }),
    checkNow: () => call<Snapshot>(HTTP_ROUTES.checkNow, {}, {}),
    pause: (untilMs: number | null) => call<Snapshot>(HTTP_ROUTES.pause, {}, { untilMs }),
    resume: () => call<Snapshot>(HTTP_ROUTES.resume, {}, {}),
    getSettings: () => call<EditableSettings>(HTTP_ROUTES.getSettings),
    updateSettings: (settings: EditableSettings) =>
      call<SettingsResult>(HTTP_ROUTES.updateSettings, {}, settings),
    on: events.on,
    onConnection: events.onConnection,
    hostOnly: SERVE_HOST_ONLY,
  };
}

/** A 401: the page's token is missing or no longer the server's. No retry mends it. */
export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

/** In a browser user's words: the token comes from the URL serve printed, not from a header they set. */
export function tokenProblem(token: string | null): string {
  return token === null
    ? 'This monitor needs a token: open the address internet-conn serve printed, including its #token=… part.'
    : 'The token in this page’s address is no longer valid (serve was restarted with a new one): open the address internet-conn serve printed now, including its #token=… part.';
}

/** The server's own words when it sent any (`{ "error": "…" }` or plain text), else the status code. */
function describeFailure(status: number, text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    const message = parsed.error ?? parsed.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return text.trim() === '' ? `HTTP ${status}` : `HTTP ${status}: ${text.trim().slice(0, 200)}`;
}

interface EventHub extends ConnectionWatch {
  on<K extends ApiEventName>(event: K, listener: (payload: ApiEventMap[K]) => void): () => void;
}

/** How long to wait before opening a stream the browser gave up on (a bad answer, not a dropped one). */
const REOPEN_MS = 5_000;
/**
 * Silence on an open stream for this long means the monitor hung or the network to it broke without
 * closing the connection (a NAS or container across the very link being watched): two heartbeats
 * missed, with room for one late one.
 */
export const SILENCE_LIMIT_MS = 2.5 * EVENT_HEARTBEAT_MS;

/**
 * One EventSource for every subscriber; opened on the first subscription, closed after the last. It also
 * watches the stream: a drop is "lost" (the browser retries by itself), the next open after one is
 * "connected" (the caller re-reads what it missed), and a stream the browser gives up on is reopened
 * after REOPEN_MS unless the server refuses the token, which no retry can mend.
 */
function createEventHub(base: string, token: string | null, probe: () => Promise<unknown>): EventHub {
  let source: EventSource | null = null;
  const handlers = new Set<{
    readonly event: string;
    readonly handler: (message: MessageEvent<string>) => void;
  }>();
  const watchers = new Set<(state: ConnectionState) => void>();
  let lost = false;
  let reopenTimer: ReturnType<typeof setTimeout> | null = null;
  let lastHeard = Date.now();
  let watchdog: ReturnType<typeof setInterval> | null = null;
  const heard = (): void => {
    lastHeard = Date.now();
  };

  /** Checks the open stream for silence; a silent one is dropped and opened again, as if it had broken. */
  function watch(): void {
    if (watchdog !== null) return;
    watchdog = setInterval(() => {
      if (source === null) return;
      if (Date.now() - lastHeard < SILENCE_LIMIT_MS) return;
      const silent = source;
      silent.close();
      source = null;
      if (!lost) {
        lost = true;
        tell({ kind: 'lost' });
      }
      lastHeard = Date.now();
      scheduleReopen();
    }, EVENT_HEARTBEAT_MS / 3);
  }

  const tell = (state: ConnectionState): void => {
    for (const watcher of watchers) watcher(state);
  };

  function open(): EventSource {
    if (source !== null) return source;
    const url = new URL(base + HTTP_ROUTES.events.path);
    // EventSource cannot set headers, so the token travels in the query (HTTP_ROUTES comment).
    if (token !== null) url.searchParams.set('token', token);
    const opened = new EventSource(url);
    source = opened;
    lastHeard = Date.now();
    watch();
    for (const { event, handler } of handlers) opened.addEventListener(event, handler);
    opened.addEventListener('heartbeat', heard);
    opened.addEventListener('open', () => {
      heard();
      if (!lost) return;
      lost = false;
      tell({ kind: 'connected' });
    });
    opened.addEventListener('error', () => {
      if (!lost) {
        lost = true;
        tell({ kind: 'lost' });
      }
      if (opened.readyState !== EventSource.CLOSED) return;
      // The browser gave up (an error status such as 401): ask once why, then retry or say so.
      opened.close();
      if (source === opened) source = null;
      void probe().then(
        () => scheduleReopen(),
        (error: unknown) => {
          if (error instanceof UnauthorizedError) tell({ kind: 'unauthorized', message: error.message });
          else scheduleReopen();
        },
      );
    });
    return opened;
  }

  function scheduleReopen(): void {
    if (reopenTimer !== null || handlers.size === 0) return;
    reopenTimer = setTimeout(() => {
      reopenTimer = null;
      if (handlers.size > 0) open();
    }, REOPEN_MS);
  }

  return {
    on(event, listener) {
      const entry = {
        event,
        handler: (message: MessageEvent<string>): void => {
          heard();
          listener(JSON.parse(message.data) as ApiEventMap[typeof event]);
        },
      };
      handlers.add(entry);
      open().addEventListener(event, entry.handler);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        handlers.delete(entry);
        source?.removeEventListener(event, entry.handler);
        if (handlers.size === 0) {
          source?.close();
          source = null;
          if (watchdog !== null) clearInterval(watchdog);
          watchdog = null;
        }
      };
    },
    onConnection(watcher) {
      watchers.add(watcher);
      return () => watchers.delete(watcher);
    },
  };
}
