// A stand-in for `internet-conn serve` until the real one exists: serves dist/renderer and answers
// HTTP_ROUTES from recorded data on 127.0.0.1. Tests take its `appUrl`, so switching them to the real
// server is a matter of passing another URL.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import {
  EVENT_HEARTBEAT_MS,
  HISTORY_RANGES,
  HTTP_ROUTES,
  type ApiEventMap,
  type ApiEventName,
  type EditableSettings,
  type HistoryRange,
  type HistoryView,
  type SettingsResult,
  type Snapshot,
} from '../../app/api/contract.js';
import { duplicateTargetErrors } from '../../app/api/editable-settings.js';
import {
  INTERVAL_MAX_MS,
  INTERVAL_MIN_MS,
  TIMEOUT_MAX_MS,
  TIMEOUT_MIN_MS,
} from '../../app/config/defaults.js';
import { parseEndpoint } from '../../app/config/endpoint.js';
import { exportOutages } from '../../app/history/export.js';

export const RENDERER_DIST = resolve(import.meta.dirname, '../../dist/renderer');

export interface RecordedState {
  snapshot: Snapshot;
  history: Record<HistoryRange, HistoryView>;
  settings: EditableSettings;
}

export interface RendererTestServer {
  /** Origin, e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  readonly token: string;
  /** What a user opens: the page with its token in the fragment. */
  readonly appUrl: string;
  readonly state: RecordedState;
  /** Every API request, `GET /api/history?range=7d` style. */
  readonly requests: string[];
  /** Replaces the snapshot and pushes `status-changed` to every open event stream. */
  setSnapshot(snapshot: Snapshot): void;
  emit<K extends ApiEventName>(event: K, payload: ApiEventMap[K]): void;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly root?: string;
  /** Added before every history answer, to see loading states. */
  readonly historyDelayMs?: number;
  /** Listen on this port (a restart on the same address); 0 or absent picks a free one. */
  readonly port?: number;
  /** Use this token (a restart that keeps it); absent makes a new one, as serve does. */
  readonly token?: string;
  /**
   * Send serve's heartbeat event every EVENT_HEARTBEAT_MS (default) or every this many ms; false plays
   * a hung server.
   */
  readonly heartbeat?: boolean | number;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The config schema's rules, in its own words where it has them (parseEndpoint's messages). */
export function validateSettings(settings: EditableSettings): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!Array.isArray(settings.targets) || settings.targets.length === 0)
    errors.targets = 'needs at least one target';
  else
    settings.targets.forEach((text, index) => {
      const parsed = parseEndpoint(String(text));
      if (!parsed.ok) errors[`targets.${index}`] = parsed.reason;
    });
  // The real API's duplicate rule, so the window's handling of it is tested against the real words.
  Object.assign(errors, duplicateTargetErrors(settings.targets));
  const range = (key: string, value: number, min: number, max: number): void => {
    if (!Number.isInteger(value) || value < min || value > max) {
      errors[key] = `must be a whole number between ${min} and ${max} ms, got ${String(value)}`;
    }
  };
  range('intervalMs', settings.intervalMs, INTERVAL_MIN_MS, INTERVAL_MAX_MS);
  range('timeoutMs', settings.timeoutMs, TIMEOUT_MIN_MS, TIMEOUT_MAX_MS);
  for (const key of ['rawChecksDays', 'rollupDays'] as const) {
    const value = settings.retention[key];
    if (!Number.isInteger(value) || value < 1)
      errors[`retention.${key}`] = `must be a whole number of days ≥ 1, got ${value}`;
  }
  return errors;
}

export async function startRendererTestServer(
  initial: RecordedState,
  options: TestServerOptions = {},
): Promise<RendererTestServer> {
  const root = options.root ?? RENDERER_DIST;
  const token = options.token ?? randomBytes(16).toString('hex');
  const state: RecordedState = { ...initial };
  const requests: string[] = [];
  const streams = new Set<ServerResponse>();
  let beforePause: Snapshot | null = null;

  function emit<K extends ApiEventName>(event: K, payload: ApiEventMap[K]): void {
    for (const stream of streams) stream.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  }

  const json = (response: ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    response.end(JSON.stringify(body));
  };

  async function body(request: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text === '' ? {} : (JSON.parse(text) as unknown);
  }

  function rangeOf(url: URL): HistoryRange | null {
    const value = url.searchParams.get('range') as HistoryRange | null;
    return value !== null && HISTORY_RANGES.includes(value) ? value : null;
  }

  async function api(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const route = `${request.method ?? ''} ${url.pathname}`;
    const is = (r: { method: string; path: string }): boolean => route === `${r.method} ${r.path}`;
    if (is(HTTP_ROUTES.events)) {
      if (url.searchParams.get('token') !== token)
        return json(response, 401, { error: 'missing or wrong token' });
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      response.write(': connected\n\n');
      streams.add(response);
      const beat =
        options.heartbeat === false
          ? null
          : setInterval(
              () => response.write('event: heartbeat\ndata: {}\n\n'),
              typeof options.heartbeat === 'number' ? options.heartbeat : EVENT_HEARTBEAT_MS,
            );
      beat?.unref();
      request.on('close', () => {
        if (beat !== null) clearInterval(beat);
        streams.delete(response);
      });
      return;
    }
    if (request.headers.authorization !== `Bearer ${token}`)
      return json(response, 401, { error: 'missing or wrong token' });
    if (is(HTTP_ROUTES.getSnapshot)) return json(response, 200, state.snapshot);
    if (is(HTTP_ROUTES.getHistory) || is(HTTP_ROUTES.getOutages)) {
      const range = rangeOf(url);
      if (range === null)
        return json(response, 400, { error: `range must be one of ${HISTORY_RANGES.join(', ')}` });
      if (options.historyDelayMs) await new Promise((done) => setTimeout(done, options.historyDelayMs));
      return json(
        response,
        200,
        is(HTTP_ROUTES.getHistory) ? state.history[range] : state.history[range].outages,
      );
    }
    if (is(HTTP_ROUTES.exportHistory)) {
      const range = rangeOf(url) ?? '7d';
      const what = url.searchParams.get('what') === 'outages' ? 'outages' : 'checks';
      const outages = state.history[range].outages;
      const content =
        what === 'outages'
          ? exportOutages(outages, 'csv')
          : 'at,status,latency_ms,cause_codes\r\n2026-01-02T03:04:05.000Z,online,12.3,\r\n';
      return json(response, 200, {
        filename: `internet-conn-${what}-${range}.csv`,
        mimeType: 'text/csv',
        content,
      });
    }
    if (is(HTTP_ROUTES.checkNow)) return json(response, 200, state.snapshot);
    if (is(HTTP_ROUTES.pause)) {
      const { untilMs } = (await body(request)) as { untilMs: number | null };
      beforePause = state.snapshot;
      state.snapshot = { ...state.snapshot, status: 'paused', since: Date.now(), pausedUntil: untilMs ?? -1 };
      return json(response, 200, state.snapshot);
    }
    if (is(HTTP_ROUTES.resume)) {
      state.snapshot = beforePause ?? { ...state.snapshot, status: 'checking', pausedUntil: null };
      return json(response, 200, state.snapshot);
    }
    if (is(HTTP_ROUTES.getSettings)) return json(response, 200, state.settings);
    if (is(HTTP_ROUTES.updateSettings)) {
      const settings = (await body(request)) as EditableSettings;
      const errors = validateSettings(settings);
      // As the core API does: the interval is fixed when the monitor starts, so a new one waits for a restart.
      const restartNotice =
        settings.intervalMs === initial.settings.intervalMs
          ? null
          : 'Saved; restart internet-conn to apply the new check interval.';
      const result: SettingsResult =
        Object.keys(errors).length > 0
          ? { ok: false, errors }
          : restartNotice === null
            ? { ok: true, settings }
            : { ok: true, settings, restartNotice };
      if (result.ok) {
        state.settings = settings;
        const others = state.snapshot.notices.filter((notice) => !notice.startsWith('Saved; restart'));
        state.snapshot = {
          ...state.snapshot,
          notices: restartNotice === null ? others : [...others, restartNotice],
        };
      }
      return json(response, 200, result);
    }
    json(response, 404, { error: `no route ${route}` });
  }

  async function file(response: ServerResponse, pathname: string): Promise<void> {
    const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
    const path = join(root, relative);
    if (!path.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const content = await readFile(path);
      response.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
      response.end(content);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      requests.push(`${request.method ?? ''} ${url.pathname}${url.search.replace(/[?&]token=[^&]*/, '')}`);
      api(request, response, url).catch((error: unknown) => json(response, 500, { error: String(error) }));
    } else void file(response, url.pathname);
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    token,
    appUrl: `${origin}/#token=${token}`,
    state,
    requests,
    setSnapshot(snapshot) {
      state.snapshot = snapshot;
      emit('status-changed', { snapshot });
    },
    emit,
    close: () =>
      new Promise<void>((done) => {
        for (const stream of streams) stream.end();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
