import type { DefaultRoute, NetworkInterface } from '../probes/local-types.js';
import type { ProbeResult, TcpOutcome, TcpProbeResult } from '../probes/types.js';
import { joinWords } from '../text/join-words.js';
import type { GatewayCheck } from './types.js';

// The rules take their sentence lists from here, with the rest of their evidence wording.
export { joinWords };

/** Outcomes that mean "it worked": timing then reads "in N ms" rather than "after N ms". */
const successOutcomes: ReadonlySet<string> = new Set(['connected', 'ok', 'answered', 'resolved', 'valid']);

/**
 * One line a user can read: `1.1.1.1:443 timeout after 3000 ms (ETIMEDOUT)`,
 * `1.1.1.1:443 connected in 23 ms`, `dns example.com@10.0.0.1 nxdomain after 12 ms`.
 */
export function describeProbe(result: ProbeResult): string {
  const subject = result.kind === 'tcp' ? result.target : `${result.kind} ${result.target}`;
  const timing =
    result.ms === null
      ? ', never started'
      : ` ${successOutcomes.has(result.outcome) ? 'in' : 'after'} ${Math.round(result.ms)} ms`;
  const code = result.errorCode === null ? '' : ` (${result.errorCode})`;
  return `${subject} ${result.outcome}${timing}${code}`;
}

/** `eth0: up, no carrier, no address` or `wlan0: up, carrier, 10.200.1.20/24 2001:db8:1::20/64`. */
export function describeInterface(iface: NetworkInterface): string {
  const carrier = iface.carrier === null ? 'carrier unknown' : iface.carrier ? 'carrier' : 'no carrier';
  const addresses =
    iface.addresses.length === 0
      ? 'no address'
      : iface.addresses.map((address) => `${address.address}/${address.prefixLength}`).join(' ');
  return `${iface.name}: ${iface.up ? 'up' : 'down'}, ${carrier}, ${addresses}`;
}

/** `default route (IPv4) via 10.200.0.1 dev eth0 metric 100`, the way `ip route` users read it. */
export function describeRoute(route: DefaultRoute): string {
  const via = route.gateway === null ? '' : ` via ${route.gateway}`;
  return `default route (IPv${route.family})${via} dev ${route.interfaceName} metric ${route.metric}`;
}

/** `gateway 10.200.0.1 on eth0 silent: 10.200.0.1:80 timeout after 1000 ms (ETIMEDOUT), neighbour failed`. */
export function describeGateway(check: GatewayCheck): string {
  const attempts = check.attempts ?? (check.tcp === null ? [] : [check.tcp]);
  const parts: string[] = attempts.map(describeProbe);
  if (check.neighbour !== null) parts.push(`neighbour ${check.neighbour}`);
  const detail = parts.length === 0 ? '' : `: ${parts.join(', ')}`;
  return `gateway ${gatewayName(check.route)} on ${check.route.interfaceName} ${check.verdict}${detail}`;
}

/** The gateway as users would type it; a direct route (tunnel, point-to-point) has none. */
export function gatewayName(route: DefaultRoute): string {
  return route.gateway ?? `(direct on ${route.interfaceName})`;
}

const outcomeWords: Readonly<Record<TcpOutcome, string>> = {
  connected: 'connected',
  refused: 'refused',
  timeout: 'timed out',
  'network-unreachable': 'network unreachable',
  'host-unreachable': 'host unreachable',
  rejected: 'rejected by a firewall',
  'local-error': 'failed on this computer',
};

/** `3 timed out, 1 refused`: how a set of attempts ended, most common first. */
export function summariseOutcomes(outcomes: readonly TcpOutcome[]): string {
  const counts = new Map<TcpOutcome, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([outcome, count]) => `${count} ${outcomeWords[outcome]}`)
    .join(', ');
}

/**
 * `10.200.1.1 and 2001:db8:1::1 on eth0`: a home router usually has one address per IP family on
 * the same link, and naming the link once reads as the one box it is.
 */
export function nameGateways(routes: readonly DefaultRoute[]): string {
  const byInterface = new Map<string, string[]>();
  for (const route of routes) {
    byInterface.set(route.interfaceName, [
      ...(byInterface.get(route.interfaceName) ?? []),
      gatewayName(route),
    ]);
  }
  return joinWords([...byInterface].map(([name, gateways]) => `${joinWords(gateways)} on ${name}`));
}

/**
 * `4 attempts to 3 hosts`. The default targets try 1.1.1.1 on two ports, so counting attempts as
 * hosts would overstate how much of the internet was tried.
 */
export function countAttempts(targets: readonly TcpProbeResult[]): string {
  const hosts = new Set(targets.map((target) => target.endpoint.host.toLowerCase())).size;
  return `${plural(targets.length, 'attempt')} to ${plural(hosts, 'host')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
