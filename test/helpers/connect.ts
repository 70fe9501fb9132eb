// A tiny TCP connect run inside a lab namespace, independent of the project's own probe code, so lab
// fixtures and tests can check connectivity without trusting the code under test.
import type { Namespace } from '../lab/fixture/namespace.js';

export type ConnectOutcome =
  | 'connected'
  | 'refused'
  | 'timeout'
  | 'network-unreachable'
  | 'host-unreachable'
  | 'rejected'
  | 'local-error';

export interface ConnectResult {
  readonly outcome: ConnectOutcome;
  /** The raw error code (ECONNREFUSED …), null when connected or timed out. */
  readonly code: string | null;
  /** Time from connect() to the outcome, measured inside the namespace (Node start-up excluded). */
  readonly ms: number;
}

// Plain CommonJS for `node -e`: no loader, so a call costs only Node's start-up. Attempts run one after
// another and print one JSON array.
const SNIPPET = `
const net = require('node:net');
const { performance } = require('node:perf_hooks');
const [host, port, timeoutMs, count] = process.argv.slice(1);
const outcomes = { ECONNREFUSED: 'refused', ENETUNREACH: 'network-unreachable', EHOSTUNREACH: 'host-unreachable',
  EACCES: 'rejected', EPERM: 'rejected', ETIMEDOUT: 'timeout' };
const once = () => new Promise((resolve) => {
  const started = performance.now();
  const socket = net.connect({ host, port: Number(port) });
  const finish = (outcome, code) => {
    clearTimeout(timer);
    socket.destroy();
    resolve({ outcome, code, ms: Math.round((performance.now() - started) * 10) / 10 });
  };
  const timer = setTimeout(() => finish('timeout', null), Number(timeoutMs));
  socket.once('connect', () => finish('connected', null));
  socket.once('error', (e) => finish(outcomes[e.code] || 'local-error', e.code || String(e)));
});
(async () => {
  const results = [];
  for (let i = 0; i < Number(count); i++) results.push(await once());
  process.stdout.write(JSON.stringify(results));
})();
`;

/** Connects from `ns` to host:port `count` times in a row, in one process; never throws for a network failure. */
export async function tcpConnectSeries(
  ns: Namespace,
  host: string,
  port: number,
  count: number,
  timeoutMs = 1000,
): Promise<ConnectResult[]> {
  const result = await ns.node(['-e', SNIPPET, host, String(port), String(timeoutMs), String(count)], {
    timeoutMs: count * timeoutMs + 10_000,
  });
  try {
    return JSON.parse(result.stdout) as ConnectResult[];
  } catch {
    throw new Error(`connect helper failed in ${ns.name} (code ${result.code}): ${result.stderr.trim()}`);
  }
}

/** Connects from `ns` to host:port once and reports what happened; never throws for a network failure. */
export async function tcpConnect(
  ns: Namespace,
  host: string,
  port: number,
  timeoutMs = 1000,
): Promise<ConnectResult> {
  const [first] = await tcpConnectSeries(ns, host, port, 1, timeoutMs);
  if (!first) throw new Error(`connect helper in ${ns.name} returned nothing`);
  return first;
}
