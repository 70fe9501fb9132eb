import net from 'node:net';
import { classifyConnectError } from './error-table.js';
import { startStopwatch } from './monotonic.js';
import { formatEndpoint, type Endpoint, type TcpOutcome, type TcpProbeResult } from './types.js';

export interface TcpProbeOptions {
  readonly timeoutMs: number;
  /** Abandons the attempt. The orchestrator ignores aborted results, so they only need to be honest. */
  readonly signal?: AbortSignal;
}

/**
 * The code an aborted probe reports. Its outcome is 'local-error': we stopped trying, which says
 * nothing about the network ('timeout' would claim a black hole that was never observed).
 */
export const ABORTED_ERROR_CODE = 'ABORT_ERR';

/** Why an endpoint cannot be probed, or null when it can. Shared with config validation. */
export function endpointProblem(endpoint: Endpoint): string | null {
  if (net.isIP(endpoint.host) !== endpoint.family) {
    return `"${endpoint.host}" is not an IPv${endpoint.family} address literal (host names are not resolved here)`;
  }
  if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65535) {
    return `port ${endpoint.port} is not an integer from 1 to 65535`;
  }
  return null;
}

// The base check must never depend on DNS. With an IP literal Node does not resolve, and this
// lookup makes sure that if it ever tried, the attempt fails instead of reaching a resolver.
const refuseLookup: net.LookupFunction = (hostname, _options, callback) => {
  const error: NodeJS.ErrnoException = new Error(
    `refusing to resolve "${hostname}": probes take IP literals`,
  );
  error.code = 'EINVAL';
  callback(error, '', 0);
};

/**
 * Opens one TCP connection and closes it as soon as the handshake completes. Every network failure
 * resolves with an outcome and the raw OS code; only invalid arguments reject.
 */
export function probeTcp(endpoint: Endpoint, options: TcpProbeOptions): Promise<TcpProbeResult> {
  const problem = endpointProblem(endpoint);
  if (problem !== null)
    return Promise.reject(new TypeError(`cannot probe ${formatEndpoint(endpoint)}: ${problem}`));
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    return Promise.reject(
      new RangeError(`timeoutMs must be a positive number of milliseconds, got ${options.timeoutMs}`),
    );
  }

  const result = (outcome: TcpOutcome, errorCode: string | null, ms: number | null): TcpProbeResult => ({
    kind: 'tcp',
    target: formatEndpoint(endpoint),
    family: endpoint.family,
    outcome,
    errorCode,
    ms,
    endpoint,
  });

  const { signal } = options;
  if (signal?.aborted) return Promise.resolve(result('local-error', ABORTED_ERROR_CODE, null));

  return new Promise((resolve) => {
    const elapsed = startStopwatch();
    const socket = net.connect({
      host: endpoint.host,
      port: endpoint.port,
      family: endpoint.family,
      lookup: refuseLookup,
    });

    let settled = false;
    const settle = (outcome: TcpOutcome, errorCode: string | null): void => {
      if (settled) return;
      settled = true;
      const ms = elapsed();
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // We only wanted the handshake; destroy also covers the half-open socket of a timeout or abort.
      socket.destroy();
      resolve(result(outcome, errorCode, ms));
    };
    const onAbort = (): void => settle('local-error', ABORTED_ERROR_CODE);
    const timer = setTimeout(() => settle('timeout', 'ETIMEDOUT'), options.timeoutMs);

    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => settle('connected', null));
    // Stays attached after settling so a late error on a destroyed socket is never an uncaught event.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? (error.errno === undefined ? undefined : String(error.errno));
      settle(classifyConnectError(code), code ?? 'UNKNOWN');
    });
  });
}
