import { describeInterface, describeRoute, joinWords } from '../evidence.js';
import type { HostView } from '../host-view.js';
import type { DiagnosisInput, Finding } from '../types.js';

/**
 * Route layer: addresses, but no default route in any addressed family on a live interface.
 * Only asked when nothing connected: policy routing or a VPN can reach the internet without one.
 */
export function findRouteProblem(input: DiagnosisInput, host: HostView): Finding | null {
  if (!host.known || !host.routesKnown || host.usable.length === 0 || host.routes.length > 0) return null;
  const byInterface = new Map<string, string[]>();
  for (const { iface, address } of host.usable) {
    byInterface.set(iface.name, [...(byInterface.get(iface.name) ?? []), address.address]);
  }
  const listed = joinWords([...byInterface].map(([name, addresses]) => `${joinWords(addresses)} on ${name}`));
  const liveNames = new Set(host.live.map((iface) => iface.name));
  const dead = input.local.defaultRoutes.filter((route) => !liveNames.has(route.interfaceName));
  const detail =
    dead.length === 0
      ? ''
      : ` The only default route goes through ${joinWords([...new Set(dead.map((route) => route.interfaceName))])}, which has no link.`;
  return {
    code: 'no-default-route',
    facts: {
      addresses: `${host.usable.length === 1 ? 'an address' : 'addresses'} (${listed})`,
      interface: host.usable[0]?.iface.name ?? '',
      detail,
    },
    evidence: [
      ...host.live.map(describeInterface),
      ...(input.local.defaultRoutes.length === 0
        ? ['no default route']
        : input.local.defaultRoutes.map(describeRoute)),
    ],
  };
}
