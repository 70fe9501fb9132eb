import { countAttempts, describeProbe, describeRoute, summariseOutcomes } from '../evidence.js';
import type { HostView } from '../host-view.js';
import type { DiagnosisInput, Finding } from '../types.js';

/**
 * One IP family expected to work yet failing on every port that works over the other family. Like is
 * compared with like: a port blocked in both families (a firewall dropping 443) says nothing about the
 * family, so targets on ports that did not connect over the other family do not count, and with none
 * left the family is not blamed.
 *
 * Expected to work: a global address and a default route (configured), or, for IPv4, an address on the
 * very interface whose default route carries IPv6, with no IPv4 default route: a lease without its
 * gateway, or a router that lost its upstream IPv4 and stopped announcing it. IPv4-only sites then fail.
 * The same for IPv6 is harmless (no route fails at once and every app falls back to IPv4, the way an
 * IPv4-only home works), so it is not blamed. An address on another interface (a container bridge, a VM
 * network) or none at all is a family this network does not offer, which is normal: its targets failing
 * with ENETUNREACH count against nothing.
 */
export function findBrokenFamily(input: DiagnosisInput, host: HostView): Finding | null {
  for (const family of [6, 4] as const) {
    const expected = expectation(family, host);
    if (expected === null) continue;
    const workingElsewhere = new Set(
      input.targets
        .filter((target) => target.family !== family && target.outcome === 'connected')
        .map((target) => target.endpoint.port),
    );
    const own = input.targets.filter((target) => target.family === family);
    const comparable = own.some((target) => workingElsewhere.has(target.endpoint.port));
    // Judged on the comparable ports; once broken there, every failed attempt of the family is quoted.
    if (!comparable || own.some((target) => target.outcome === 'connected')) continue;
    return {
      code: family === 6 ? 'ipv6-broken' : 'ipv4-broken',
      facts: {
        attempts: countAttempts(own),
        outcomes: summariseOutcomes(own.map((target) => target.outcome)),
        address: expected.address,
        interface: expected.interface,
        route: expected.route,
      },
      evidence: [...expected.evidence, ...own.map(describeProbe)],
    };
  }
  return null;
}

interface Expectation {
  readonly address: string;
  readonly interface: string;
  /** Continues "This computer has the IPv6 address … on eth0". */
  readonly route: string;
  readonly evidence: readonly string[];
}

function expectation(family: 4 | 6, host: HostView): Expectation | null {
  const name = family === 6 ? 'IPv6' : 'IPv4';
  if (host.configured.has(family)) {
    const usable = host.usable.find(({ address }) => address.family === family);
    return {
      address: usable?.address.address ?? '',
      interface: usable?.iface.name ?? '',
      route: ` and an ${name} default route, but no ${name} connection succeeded`,
      evidence: [],
    };
  }
  if (family === 6 || !host.routesKnown) return null;
  const carrying = host.preferred.filter((route) => route.family !== family);
  const stranded = host.usable.find(
    ({ iface, address }) =>
      address.family === family && carrying.some((route) => route.interfaceName === iface.name),
  );
  if (stranded === undefined) return null;
  return {
    address: stranded.address.address,
    interface: stranded.iface.name,
    route: ` but no ${name} default route, so no ${name} connection can leave the local network`,
    evidence: [
      `no ${name} default route`,
      ...carrying.filter((route) => route.interfaceName === stranded.iface.name).map(describeRoute),
    ],
  };
}
