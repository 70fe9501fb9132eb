/**
 * The trust layer: one TLS handshake with a well-known host, by IP, naming the host it should be
 * (SNI). The handshake is allowed to complete whatever the certificate says, so a certificate that
 * fails verification is observed (who issued it, when it is valid) rather than only refused. Then one
 * `HEAD /` over the same connection reads the server's Date header, the clock to compare ours with.
 */
import tls from 'node:tls';
import { classifyConnectError } from './error-table.js';
import type { LayerProbe } from './layers.js';
import { startStopwatch } from './monotonic.js';
import { ABORTED_ERROR_CODE, endpointProblem } from './tcp.js';
import {
  certificateVerdict,
  formatDistinguishedName,
  parseResponseHead,
  validityOf,
  type CertificateVerdict,
} from './tls-certificate.js';
import { formatEndpoint, type Endpoint, type ProbeResult, type TcpOutcome } from './types.js';

/**
 * A verdict on the certificate when the handshake completed; otherwise why it did not: the TCP
 * outcome when no connection was made, `handshake-failed` when TCP connected but TLS did not finish
 * (a reset, a protocol alert), `timeout` when the deadline passed first.
 */
export type TlsOutcome = CertificateVerdict | 'handshake-failed' | Exclude<TcpOutcome, 'connected'>;

export interface TlsProbeResult extends ProbeResult {
  readonly kind: 'tls';
  readonly outcome: TlsOutcome;
  readonly family: 4 | 6;
  readonly endpoint: Endpoint;
  /** The name sent as SNI and checked against the certificate. */
  readonly serverName: string;
  /** `CN=Corp Proxy CA, O=Example`: who signed the certificate presented, null without a handshake. */
  readonly issuer: string | null;
  readonly subject: string | null;
  /** The certificate's validity, ISO-8601. */
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** The server's Date header, ISO-8601; null when it sent none or does not speak HTTP. */
  readonly serverDate: string | null;
  /** Server clock minus ours when its answer arrived: positive means this machine's clock is behind. */
  readonly skewMs: number | null;
}

export function isTlsProbeResult(result: ProbeResult): result is TlsProbeResult {
  return result.kind === 'tls' && 'serverName' in result && 'skewMs' in result;
}

export interface TlsProbeOptions {
  /** One deadline for connect, handshake and the Date request together. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Trust these authorities instead of the system's (tests); production uses the default store. */
  readonly ca?: string | readonly string[];
  /** This machine's wall clock, ms since the epoch (tests pin it). */
  readonly now?: () => number;
}

interface Observed {
  readonly outcome: CertificateVerdict;
  readonly errorCode: string | null;
  readonly ms: number;
  readonly issuer: string | null;
  readonly subject: string | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

/**
 * Resolves with an outcome for every network failure; rejects only for invalid arguments. The
 * handshake outcome is final once seen: a server that never answers the Date request costs at most
 * the rest of the deadline and leaves serverDate null.
 */
export function probeTls(
  endpoint: Endpoint,
  serverName: string,
  options: TlsProbeOptions,
): Promise<TlsProbeResult> {
  const problem = endpointProblem(endpoint);
  if (problem !== null) {
    return Promise.reject(new TypeError(`cannot probe TLS at ${formatEndpoint(endpoint)}: ${problem}`));
  }
  if (serverName.trim() === '') {
    return Promise.reject(new TypeError('cannot probe TLS: the server name (SNI) is empty'));
  }
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    return Promise.reject(
      new RangeError(`timeoutMs must be a positive number of milliseconds, got ${options.timeoutMs}`),
    );
  }
  const now = options.now ?? Date.now;
  const base = {
    kind: 'tls' as const,
    target: `${serverName}@${formatEndpoint(endpoint)}`,
    family: endpoint.family,
    endpoint,
    serverName,
  };
  const failed = (outcome: TlsOutcome, errorCode: string, ms: number | null): TlsProbeResult => ({
    ...base,
    outcome,
    errorCode,
    ms,
    issuer: null,
    subject: null,
    validFrom: null,
    validTo: null,
    serverDate: null,
    skewMs: null,
  });

  const { signal } = options;
  if (signal?.aborted) return Promise.resolve(failed('local-error', ABORTED_ERROR_CODE, null));

  return new Promise((resolve) => {
    const elapsed = startStopwatch();
    let tcpConnected = false;
    let observed: Observed | null = null;
    let received = '';
    let settled = false;

    const socket = tls.connect({
      host: endpoint.host,
      port: endpoint.port,
      servername: serverName,
      // Complete the handshake whatever the certificate: judging it is this probe's job.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      ...(options.ca === undefined
        ? {}
        : { ca: typeof options.ca === 'string' ? options.ca : [...options.ca] }),
    });

    const settle = (result: TlsProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    /** After the handshake: what was observed, with the server's clock when it told us. */
    const settleObserved = (seen: Observed, serverDate: Date | null): void => {
      settle({
        ...base,
        ...seen,
        serverDate: serverDate === null ? null : serverDate.toISOString(),
        skewMs: serverDate === null ? null : serverDate.getTime() - now(),
      });
    };
    const stop = (errorCode: string, outcome: TlsOutcome): void => {
      if (observed !== null) settleObserved(observed, null);
      else settle(failed(outcome, errorCode, elapsed()));
    };
    const onAbort = (): void => stop(ABORTED_ERROR_CODE, 'local-error');
    const timer = setTimeout(() => stop('ETIMEDOUT', 'timeout'), options.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    socket.once('connect', () => {
      tcpConnected = true;
    });
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate();
      const errorCode = authorizationCode(socket);
      observed = {
        outcome: certificateVerdict(errorCode),
        errorCode,
        ms: elapsed(),
        issuer: formatDistinguishedName(certificate.issuer),
        subject: formatDistinguishedName(certificate.subject),
        ...validityOf(certificate),
      };
      socket.setEncoding('latin1');
      socket.write(`HEAD / HTTP/1.1\r\nHost: ${serverName}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: string) => {
      if (observed === null) return;
      received += chunk;
      const head = parseResponseHead(received);
      if (head.kind === 'not-http') settleObserved(observed, null);
      else if (head.kind === 'http') settleObserved(observed, head.date);
    });
    socket.once('end', () => stop('ECONNRESET', 'handshake-failed'));
    socket.once('close', () => stop('ECONNRESET', 'handshake-failed'));
    // Stays attached after settling so a late error on a destroyed socket is never an uncaught event.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'UNKNOWN';
      stop(code, tcpConnected ? 'handshake-failed' : tcpOutcome(code));
    });
  });
}

/** A connect that failed before TCP completed reads like the TCP probe's outcome. */
function tcpOutcome(code: string): TlsOutcome {
  const outcome = classifyConnectError(code);
  return outcome === 'connected' ? 'local-error' : outcome;
}

/** Node types authorizationError as an Error, but sets the OpenSSL code string. */
function authorizationCode(socket: tls.TLSSocket): string | null {
  if (socket.authorized) return null;
  const raw: unknown = socket.authorizationError;
  if (raw === null || raw === undefined) return 'UNKNOWN';
  if (typeof raw === 'string') return raw;
  const code = (raw as { code?: unknown }).code;
  return typeof code === 'string' ? code : String(raw);
}

/** The trust layer's runner: one handshake with the configured TLS target. */
export const probeTlsLayer: LayerProbe = async (context) => [
  await probeTls(context.settings.tlsTarget, context.settings.tlsName, {
    timeoutMs: context.timeoutMs,
    signal: context.signal,
  }),
];
