// StatusApi over `internet-conn serve`: JSON over fetch, events over one shared EventSource (HTTP_ROUTES).
import {
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

export function createHttpApi(options: HttpApiOptions): StatusApi {
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
    if (!response.ok)
      throw new Error(`${route.method} ${route.path}: ${describeFailure(response.status, text)}`);
    return JSON.parse(text) as T;
  }

  const events = createEventHub(base, options.token);

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
  };
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

interface EventHub {
  on<K extends ApiEventName>(event: K, listener: (payload: ApiEventMap[K]) => void): () => void;
}

/** One EventSource for every subscriber; opened on the first subscription, closed after the last. */
function createEventHub(base: string, token: string | null): EventHub {
  let source: EventSource | null = null;
  let subscribers = 0;

  function open(): EventSource {
    if (source !== null) return source;
    const url = new URL(base + HTTP_ROUTES.events.path);
    // EventSource cannot set headers, so the token travels in the query (HTTP_ROUTES comment).
    if (token !== null) url.searchParams.set('token', token);
    source = new EventSource(url);
    return source;
  }

  return {
    on(event, listener) {
      const handler = (message: MessageEvent<string>): void => {
        listener(JSON.parse(message.data) as ApiEventMap[typeof event]);
      };
      const target = open();
      target.addEventListener(event, handler);
      subscribers += 1;
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        target.removeEventListener(event, handler);
        subscribers -= 1;
        if (subscribers === 0) {
          target.close();
          source = null;
        }
      };
    },
  };
}
