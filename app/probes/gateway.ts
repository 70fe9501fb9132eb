import type { GatewayCheck } from '../diagnosis/types.js';
import type { DefaultRoute, LocalConfigReader, NeighbourState } from './local-types.js';
import { probeTcp } from './tcp.js';
import type { Endpoint, ProbeResult, TcpProbeResult } from './types.js';

/**
 * Home routers run a DNS forwarder, so port 53 is the port most likely to answer. Any answer at
 * all, even a refusal, proves the gateway is alive: only a device on our own link can send it.
 */
export const GATEWAY_PROBE_PORT = 53;

const ANSWERED: ReadonlySet<TcpProbeResult['outcome']> = new Set(['connected', 'refused']);
const COMPLETE_NEIGHBOUR: ReadonlySet<NeighbourState> = new Set(['reachable', 'stale']);

export function gatewayEndpoint(route: DefaultRoute): Endpoint | null {
  if (route.gateway === null) return null;
  // A link-local IPv6 next hop is only meaningful on its own interface.
  const host =
    route.family === 6 && route.gateway.toLowerCase().startsWith('fe80:') && !route.gateway.includes('%')
      ? `${route.gateway}%${route.interfaceName}`
      : route.gateway;
  return { host, port: GATEWAY_PROBE_PORT, family: route.family };
}

/**
 * A router that drops TCP to itself still answers ARP, so the neighbour table read after the
 * connect attempt is the second witness. IPv6 neighbours are not readable without netlink, so an
 * unanswered IPv6 gateway stays 'unknown' rather than being blamed.
 */
export function judgeGateway(
  tcp: TcpProbeResult | null,
  neighbour: NeighbourState | null,
  family: 4 | 6,
): GatewayCheck['verdict'] {
  if (tcp !== null && ANSWERED.has(tcp.outcome)) return 'alive';
  if (neighbour !== null && COMPLETE_NEIGHBOUR.has(neighbour)) return 'alive';
  if (tcp === null) return 'unknown';
  if (tcp.outcome === 'host-unreachable') return 'silent';
  if (family === 4 && tcp.outcome === 'timeout') return 'silent';
  return 'unknown';
}

export async function checkGateways(
  routes: readonly DefaultRoute[],
  reader: LocalConfigReader,
  options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
): Promise<GatewayCheck[]> {
  const withGateway = routes.filter((route) => route.gateway !== null);
  const tcpResults = await Promise.all(
    withGateway.map((route) => {
      const endpoint = gatewayEndpoint(route);
      return endpoint === null ? Promise.resolve(null) : probeTcp(endpoint, options);
    }),
  );
  const neighbours = withGateway.length > 0 ? await reader.readNeighbours() : [];
  return withGateway.map((route, index) => {
    const tcp = tcpResults[index] ?? null;
    const entry = neighbours.find(
      (neighbour) => neighbour.address === route.gateway && neighbour.interfaceName === route.interfaceName,
    );
    const neighbour = entry?.state ?? (route.family === 4 ? 'failed' : null);
    return { route, tcp, neighbour, verdict: judgeGateway(tcp, neighbour, route.family) };
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
