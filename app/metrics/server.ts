/**
 * The /metrics endpoint: node:http, one route. A listen failure (port taken, no permission, address
 * not on this machine) comes back as a message naming the address, because the monitor should keep
 * running and say why it cannot export, not crash.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { parseListenAddress } from '../config/endpoint.js';
import { formatEndpoint, type Endpoint } from '../probes/types.js';

export interface MetricsServerOptions {
  /** An Endpoint (as the config holds it) or `IP:PORT` text; port 0 picks a free port. */
  readonly listen: Endpoint | string;
  readonly registry: Registry;
  /** Aborting it closes the server. */
  readonly signal?: AbortSignal;
}

export interface MetricsServer {
  /** Where it actually listens (the real port when 0 was asked for): `127.0.0.1:9101`, `[::1]:9101`. */
  readonly address: string;
  readonly port: number;
  /** `http://<address>/metrics` */
  readonly url: string;
  /** Stops listening and drops idle keep-alive connections (Prometheus keeps one open). Idempotent. */
  close(): Promise<void>;
}

export type StartMetricsServerResult =
  | { readonly ok: true; readonly server: MetricsServer }
  | { readonly ok: false; readonly message: string; readonly code: string | null };

/** Why a bind failed, in words; the code is appended so it can be searched for. */
const LISTEN_ERRORS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is already in use by another program',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'that IP address is not assigned to this machine',
};

export async function startMetricsServer(options: MetricsServerOptions): Promise<StartMetricsServerResult> {
  let endpoint: Endpoint;
  if (typeof options.listen === 'string') {
    const parsed = parseListenAddress(options.listen);
    if (!parsed.ok) {
      return {
        ok: false,
        message: `metrics listen address "${options.listen}": ${parsed.reason}`,
        code: null,
      };
    }
    endpoint = parsed.value;
  } else {
    endpoint = options.listen;
  }
  const wanted = formatEndpoint(endpoint);
  if (options.signal?.aborted) {
    return { ok: false, message: `metrics server on ${wanted} not started: cancelled`, code: 'ABORT_ERR' };
  }

  const registry = options.registry;
  const server = createServer((request, response) => void respond(registry, request, response));

  const bound = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    server.once('error', resolve);
    server.listen({ host: endpoint.host, port: endpoint.port, exclusive: true }, () => {
      server.off('error', resolve);
      resolve(null);
    });
  });
  if (bound !== null) {
    const code = bound.code ?? null;
    const why = (code !== null ? LISTEN_ERRORS[code] : undefined) ?? bound.message;
    return {
      ok: false,
      message: `cannot serve metrics on ${wanted}: ${why}${code !== null ? ` (${code})` : ''}`,
      code,
    };
  }
  // After a successful bind, a server error is a bug, not a reason to take the monitor down.
  server.on('error', (error) => console.error(`metrics server on ${wanted}:`, error));

  const info = server.address();
  const port = info !== null && typeof info === 'object' ? info.port : endpoint.port;
  const address = formatEndpoint({ ...endpoint, port });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      options.signal?.removeEventListener('abort', onAbort);
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  const onAbort = (): void => void close();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  return { ok: true, server: { address, port, url: `http://${address}/metrics`, close } };
}

async function respond(
  registry: Registry,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== '/metrics') {
    send(response, 404, 'text/plain; charset=utf-8', 'Not found. Metrics are at /metrics\n');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed: use GET\n');
    return;
  }
  try {
    const body = await registry.metrics();
    send(response, 200, registry.contentType, request.method === 'HEAD' ? null : body);
  } catch (error) {
    send(response, 500, 'text/plain; charset=utf-8', `collecting metrics failed: ${String(error)}\n`);
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string | null): void {
  response.statusCode = status;
  response.setHeader('Content-Type', contentType);
  response.setHeader('Cache-Control', 'no-store');
  response.end(body ?? undefined);
}
