/**
 * One plain-HTTP request to an IP address with one deadline, no redirects followed and no connection
 * reuse: the shared engine of the captive-portal check (GET) and the proxy checks (CONNECT, GET through
 * the proxy). A network failure is a `failure`, never an exception.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import { classifyConnectError } from './error-table.js';
import { startStopwatch } from './monotonic.js';
import { ABORTED_ERROR_CODE } from './tcp.js';

export interface ExchangeRequest {
  /** An IP literal: names are resolved by the caller, so a DNS failure is reported as such. */
  readonly address: string;
  readonly family: 4 | 6;
  readonly port: number;
  readonly method: 'GET' | 'CONNECT';
  /** `/generate_204`, `http://host/path` (through a proxy) or `host:port` (CONNECT). */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Time left for this request, ms. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export type ExchangeFailure = 'timeout' | 'refused' | 'unreachable' | 'http-error' | 'local-error';

export type Exchange =
  | {
      readonly answered: true;
      readonly status: number;
      readonly headers: IncomingHttpHeaders;
      readonly body: string;
      readonly ms: number;
    }
  | {
      readonly answered: false;
      readonly failure: ExchangeFailure;
      readonly errorCode: string;
      readonly ms: number;
    };

/** A portal page worth judging fits in far less; a bigger body is cut here, not buffered. */
const BODY_LIMIT_BYTES = 64 * 1024;

export function exchange(request: ExchangeRequest): Promise<Exchange> {
  const elapsed = startStopwatch();
  if (request.signal?.aborted) {
    return Promise.resolve({ answered: false, failure: 'local-error', errorCode: ABORTED_ERROR_CODE, ms: 0 });
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Exchange): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(result);
    };
    const fail = (failure: ExchangeFailure, errorCode: string): void =>
      settle({ answered: false, failure, errorCode, ms: elapsed() });
    const answer = (status: number, headers: IncomingHttpHeaders, body: string): void =>
      settle({ answered: true, status, headers, body, ms: elapsed() });

    const req = http.request({
      host: request.address,
      family: request.family,
      port: request.port,
      method: request.method,
      path: request.path,
      headers: { ...request.headers, Connection: 'close' },
      setHost: false,
      agent: false,
    });
    const onAbort = (): void => fail('local-error', ABORTED_ERROR_CODE);
    const timer = setTimeout(() => fail('timeout', 'ETIMEDOUT'), Math.max(1, request.timeoutMs));
    request.signal?.addEventListener('abort', onAbort, { once: true });

    // Node hands every answer to a CONNECT to 'connect', whatever its status.
    req.once('connect', (res: http.IncomingMessage) => answer(res.statusCode ?? 0, res.headers, ''));
    req.once('response', (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (): void =>
        answer(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'));
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= BODY_LIMIT_BYTES) done();
      });
      res.once('end', done);
      // The head arrived: a body cut short still shows what the network answered.
      res.once('error', done);
      res.once('aborted', done);
    });
    let connected = false;
    req.once('socket', (socket) => socket.once('connect', () => (connected = true)));
    // Stays attached after settling: a late error on a destroyed request must not be uncaught.
    req.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'UNKNOWN';
      // Connected, then closed or reset without an answer: the server does not speak HTTP (or a
      // filter cut the request), which is not the same as nothing listening.
      fail(connected ? 'http-error' : failureOf(code), code);
    });
    req.end();
  });
}

/** How a connection that never completed failed, in the terms of the TCP error table. */
function failureOf(code: string): ExchangeFailure {
  if (code.startsWith('HPE_')) return 'http-error';
  const outcome = classifyConnectError(code);
  if (outcome === 'connected') return 'local-error';
  if (outcome === 'network-unreachable' || outcome === 'host-unreachable' || outcome === 'rejected')
    return 'unreachable';
  return outcome;
}
