import type { GatewayCheck } from '../diagnosis/types.js';
import type { DefaultRoute, LocalConfigReader, NeighbourState } from './local-types.js';
import { ABORTED_ERROR_CODE, probeTcp } from './tcp.js';
import type { Endpoint, ProbeResult, TcpProbeResult } from './types.js';

/**
 * Home routers run a DNS forwarder (53) and a web interface (80, 443), so these are the ports most
 * likely to answer. Any answer at all, even a refusal, proves the gateway is alive: only a device on
 * our own link can send it. All are tried at once, within the one timeout.
 */
export const GATEWAY_PROBE_PORTS: readonly number[] = [53, 80, 443];

const ANSWERED: ReadonlySet<TcpProbeResult['outcome']> = new Set(['connected', 'refused']);
/** Entries that never resolved: the router did not answer ARP when the connect attempt asked. */
const UNRESOLVED_NEIGHBOUR: ReadonlySet<NeighbourState> = new Set(['incomplete', 'failed']);

export function gatewayEndpoints(route: DefaultRoute): Endpoint[] {
  if (route.gateway === null) return [];
  // A link-local IPv6 next hop is only meaningful on its own interface.
  const host =
    route.family === 6 && route.gateway.toLowerCase().startsWith('fe80:') && !route.gateway.includes('%')
      ? `${route.gateway}%${route.interfaceName}`
      : route.gateway;
  return GATEWAY_PROBE_PORTS.map((port) => ({ host, port, family: route.family }));
}

/**
 * The verdict from the connect attempts (any port) and the neighbour entry read after them.
 * - An answer (connected or refused) → alive.
 * - host-unreachable: the kernel asked for the router's hardware address and got no reply → silent.
 * - A timeout with an unresolved neighbour entry → silent. With a complete one → unknown, not alive:
 *   /proc/net/arp shows REACHABLE and STALE alike, and a router that just hung stays "complete" for
 *   half a minute or more until the entry expires, so a remembered address proves nothing about now.
 *   IPv6 neighbours are not readable without netlink (null), so an unanswered IPv6 gateway stays unknown.
 * - Nothing tried, or every attempt failed on this machine → unknown.
 */
export function judgeGateway(
  attempts: readonly TcpProbeResult[],
  neighbour: NeighbourState | null,
): GatewayCheck['verdict'] {
  if (attempts.some((attempt) => ANSWERED.has(attempt.outcome))) return 'alive';
  if (attempts.some((attempt) => attempt.outcome === 'host-unreachable')) return 'silent';
  const timedOut = attempts.some((attempt) => attempt.outcome === 'timeout');
  if (timedOut && neighbour !== null && UNRESOLVED_NEIGHBOUR.has(neighbour)) return 'silent';
  return 'unknown';
}

/** The attempt that decided the verdict, shown as the gateway's row in `check --json`. */
export function decidingAttempt(attempts: readonly TcpProbeResult[]): TcpProbeResult | null {
  for (const outcomes of [['connected'], ['refused'], ['host-unreachable'], ['timeout']]) {
    const found = attempts.find((attempt) => outcomes.includes(attempt.outcome));
    if (found !== undefined) return found;
  }
  return attempts[0] ?? null;
}

/** Tries every gateway port at once; the first answer stops the rest, since it already proves life. */
async function probeGateway(
  route: DefaultRoute,
  options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
): Promise<TcpProbeResult[]> {
  const answered = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, answered.signal]) : answered.signal;
  const results = await Promise.all(
    gatewayEndpoints(route).map(async (endpoint) => {
      const result = await probeTcp(endpoint, { timeoutMs: options.timeoutMs, signal });
      if (ANSWERED.has(result.outcome)) answered.abort();
      return result;
    }),
  );
  // Attempts we abandoned once another port answered say nothing; keep them only if all were abandoned.
  const kept = results.filter((result) => result.errorCode !== ABORTED_ERROR_CODE);
  return kept.length > 0 ? kept : results;
}

export async function checkGateways(
  routes: readonly DefaultRoute[],
  reader: LocalConfigReader,
  options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
): Promise<GatewayCheck[]> {
  const withGateway = routes.filter((route) => route.gateway !== null);
  const attemptsPerRoute = await Promise.all(withGateway.map((route) => probeGateway(route, options)));
  const neighbours = withGateway.length > 0 ? await reader.readNeighbours() : [];
  return withGateway.map((route, index) => {
    const attempts = attemptsPerRoute[index] ?? [];
    const entry = neighbours.find(
      (neighbour) => neighbour.address === route.gateway && neighbour.interfaceName === route.interfaceName,
    );
    // An IPv4 gateway missing from the table after we tried to reach it never resolved.
    const neighbour = entry?.state ?? (route.family === 4 ? 'failed' : null);
    return {
      route,
      tcp: decidingAttempt(attempts),
      attempts,
      neighbour,
      verdict: judgeGateway(attempts, neighbour),
    };
  });
}

/** The gateway check as a row of the probe table in `check --json`. */
export function gatewayProbeResult(check: GatewayCheck): ProbeResult {
  return {
    kind: 'local',
    target: `gateway ${check.route.gateway ?? 'on-link'} via ${check.route.interfaceName}`,
    family: check.route.family,
    outcome: `gateway-${check.verdict}`,
    errorCode: check.tcp?.errorCode ?? null,
    ms: check.tcp?.ms ?? null,
  };
}
