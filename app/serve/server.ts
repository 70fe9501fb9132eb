/**
 * The `serve` HTTP server (node:http): the status window's files, the API as JSON (HTTP_ROUTES), its
 * events as Server-Sent Events, and Prometheus /metrics, all on one port. The order of checks for every
 * request: security headers, Host (loopback only), token (/api and /metrics), then the route.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { StatusApi } from '../api/contract.js';
import { HTTP_ROUTES } from '../api/contract.js';
import { formatEndpoint, type Endpoint } from '../probes/types.js';
import { handleApiRequest, isApiPath } from './api-routes.js';
import { openEventStream, type EventStream } from './event-stream.js';
import { sendError, sendText } from './http-io.js';
import {
  hostAllowed,
  isLoopbackAddress,
  SECURITY_HEADERS,
  tokenFromRequest,
  tokenMatches,
} from './security.js';
import { lookupStatic, noBuildPage, sendFile } from './static-files.js';

export interface MetricsSource {
  render(): Promise<string>;
  readonly contentType: string;
}

export interface ServeServerOptions {
  readonly listen: Endpoint;
  /** Required of every /api and /metrics request when set. The caller decides when one must be set. */
  readonly token: string | null;
  readonly api: StatusApi;
  /** The built renderer (dist/renderer/). */
  readonly rendererDir: string;
  readonly metrics?: MetricsSource | null;
  readonly now?: () => number;
  readonly heartbeatMs?: number;
}

export interface ServeServer {
  /** Where it listens, port resolved: `127.0.0.1:8470`, `[::1]:8470`. */
  readonly address: string;
  readonly port: number;
  /** `http://<address>/` */
  readonly url: string;
  /** Ends the event streams, stops listening and drops idle connections. Idempotent. */
  close(): Promise<void>;
}

export type StartServeResult =
  { readonly ok: true; readonly server: ServeServer } | { readonly ok: false; readonly message: string };

const LISTEN_ERRORS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is already in use by another program',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'that IP address is not assigned to this machine',
};

export async function startServeServer(options: ServeServerOptions): Promise<StartServeResult> {
  const streams = new Set<EventStream>();
  const loopback = isLoopbackAddress(options.listen.host);
  let port = options.listen.port;
  const now = options.now ?? Date.now;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    if (loopback && !hostAllowed(request.headers.host, { host: options.listen.host, port })) {
      sendText(
        response,
        403,
        'text/plain; charset=utf-8',
        `Host ${JSON.stringify(request.headers.host ?? '')} is not this server; use http://${formatEndpoint({ ...options.listen, port })}/\n`,
      );
      return;
    }
    let url: URL;
    try {
      // Origin-form paths are appended, not resolved: `//other/api` must stay a path, not become a host.
      const raw = request.url ?? '/';
      url = new URL(raw.startsWith('/') ? `http://serve.invalid${raw}` : raw);
    } catch {
      sendText(response, 400, 'text/plain; charset=utf-8', 'malformed request path\n');
      return;
    }
    const guarded = isApiPath(url.pathname) || url.pathname === '/metrics';
    if (guarded && options.token !== null) {
      if (!tokenMatches(tokenFromRequest(request.headers.authorization, url.searchParams), options.token)) {
        sendError(
          response,
          401,
          'a token is required: send Authorization: Bearer <token> (or ?token= for events)',
          {
            'WWW-Authenticate': 'Bearer realm="internet-conn"',
          },
        );
        return;
      }
    }
    if (url.pathname === '/metrics') return serveMetrics(options.metrics ?? null, request, response);
    if (url.pathname === HTTP_ROUTES.events.path) {
      if (request.method !== 'GET') {
        sendError(response, 405, `${request.method ?? '?'} is not allowed on ${url.pathname}; use GET`, {
          Allow: 'GET',
        });
        return;
      }
      const stream = openEventStream(request, response, options.api, options.heartbeatMs);
      streams.add(stream);
      response.once('close', () => streams.delete(stream));
      return;
    }
    if (isApiPath(url.pathname)) return handleApiRequest(options.api, request, response, url, now);
    return serveStatic(options.rendererDir, request, response);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) sendError(response, 500, `internal error: ${message.split('\n')[0] ?? ''}`);
      else response.destroy();
    });
  });
  // Slow-loris protection without cutting the event streams: headers must arrive promptly, bodies too.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const bound = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    server.once('error', resolve);
    server.listen({ host: options.listen.host, port: options.listen.port, exclusive: true }, () => {
      server.off('error', resolve);
      resolve(null);
    });
  });
  const wanted = formatEndpoint(options.listen);
  if (bound !== null) {
    const code = bound.code ?? null;
    const why = (code !== null ? LISTEN_ERRORS[code] : undefined) ?? bound.message;
    return { ok: false, message: `cannot listen on ${wanted}: ${why}${code !== null ? ` (${code})` : ''}` };
  }
  server.on('error', (error) => console.error(`serve on ${wanted}:`, error));
  const info = server.address();
  port = info !== null && typeof info === 'object' ? info.port : options.listen.port;
  const address = formatEndpoint({ ...options.listen, port });

  let closing: Promise<void> | undefined;
  return {
    ok: true,
    server: {
      address,
      port,
      url: `http://${address}/`,
      close: () =>
        (closing ??= new Promise<void>((resolve) => {
          for (const stream of streams) stream.close();
          server.close(() => resolve());
          server.closeAllConnections();
        })),
    },
  };
}

async function serveMetrics(
  metrics: MetricsSource | null,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendError(response, 405, `${request.method ?? '?'} is not allowed on /metrics; use GET`, {
      Allow: 'GET, HEAD',
    });
    return;
  }
  if (metrics === null) {
    sendText(response, 404, 'text/plain; charset=utf-8', 'metrics are not enabled\n');
    return;
  }
  sendText(response, 200, metrics.contentType, await metrics.render(), request.method === 'HEAD');
}

async function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const head = request.method === 'HEAD';
  if (request.method !== 'GET' && !head) {
    response.setHeader('Allow', 'GET, HEAD');
    sendText(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    return;
  }
  // The raw path, not url.pathname: the URL parser already folds `/a/../b`, hiding a traversal attempt.
  const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
  const found = await lookupStatic(root, rawPath);
  switch (found.kind) {
    case 'file':
      sendFile(response, found.path, found.size, head);
      return;
    case 'no-build':
      sendText(response, 503, 'text/html; charset=utf-8', noBuildPage(root), head);
      return;
    case 'forbidden':
      sendText(response, 403, 'text/plain; charset=utf-8', 'forbidden path\n', head);
      return;
    case 'not-found':
      sendText(response, 404, 'text/plain; charset=utf-8', 'not found\n', head);
      return;
  }
}
