/**
 * GET /api/events: the API's events as Server-Sent Events (`event: <name>` / `data: <JSON>`). A heartbeat
 * event every 15 s keeps proxies and idle timeouts from closing a quiet stream and tells the window the
 * monitor is still there (EVENT_HEARTBEAT_MS); the subscription ends the
 * moment the client goes away, so a closed tab leaves no listener behind on the monitor.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVENT_HEARTBEAT_MS, type ApiEventName, type StatusApi } from '../api/contract.js';

export const HEARTBEAT_MS = EVENT_HEARTBEAT_MS;
const EVENTS: readonly ApiEventName[] = [
  'status-changed',
  'check-completed',
  'diagnosis-changed',
  'settings-changed',
];

export interface EventStream {
  close(): void;
}

export function openEventStream(
  request: IncomingMessage,
  response: ServerResponse,
  api: Pick<StatusApi, 'on'>,
  heartbeatMs = HEARTBEAT_MS,
): EventStream {
  response.statusCode = 200;
  response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Connection', 'keep-alive');
  // Tells nginx-style proxies not to buffer the stream.
  response.setHeader('X-Accel-Buffering', 'no');
  response.flushHeaders();
  // The browser reconnects after this long if the stream breaks.
  response.write('retry: 3000\n\n');

  const unsubscribe = EVENTS.map((name) =>
    api.on(name, (payload) => {
      response.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    }),
  );
  const heartbeat = setInterval(() => response.write('event: heartbeat\ndata: {}\n\n'), heartbeatMs);
  heartbeat.unref();

  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const off of unsubscribe) off();
    response.end();
  };
  request.once('close', close);
  response.once('close', close);
  return { close };
}
