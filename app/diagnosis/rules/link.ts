import { describeInterface, describeRoute, joinWords } from '../evidence.js';
import type { HostView } from '../host-view.js';
import type { NetworkInterface } from '../../probes/local-types.js';
import type { Finding } from '../types.js';

/**
 * Link layer: is any adapter there, and does the one that carries the way out have a link (cable in,
 * Wi-Fi associated)? When every default route is on an adapter without a link, that adapter is the
 * lowest failing layer even if another one (a second adapter, a Tailscale interface) is up with an
 * address: without the route nothing goes beyond it. Only asked when nothing connected, and only
 * when the configuration could be read: an empty list from a reader that failed says nothing.
 */
export function findLinkProblem(host: HostView): Finding | null {
  if (!host.known) return null;
  if (host.interfaces.length === 0) {
    return { code: 'no-network-interface', facts: {}, evidence: ['no interface besides loopback'] };
  }
  if (host.live.length === 0) {
    return {
      code: 'link-down',
      facts: {
        summary: `No network adapter has a working link: ${linkWords(host.interfaces)}.`,
        interfaces: linkWords(host.interfaces),
        interface: host.interfaces[0]?.name ?? '',
      },
      evidence: host.interfaces.map(describeInterface),
    };
  }
  if (!host.routesKnown || host.routes.length > 0 || host.withoutLink.length === 0) return null;
  const routeNames = new Set(host.withoutLink.map((route) => route.interfaceName));
  const unlinked = host.interfaces.filter((iface) => routeNames.has(iface.name));
  const others = joinWords(host.live.map((iface) => iface.name));
  return {
    code: 'link-down',
    facts: {
      summary: `The adapter that carries the default route has no link: ${linkWords(unlinked)}. ${others} ${host.live.length === 1 ? 'is' : 'are'} up, but without a default route of ${host.live.length === 1 ? 'its' : 'their'} own nothing beyond the local network is reachable through ${host.live.length === 1 ? 'it' : 'them'}.`,
      interfaces: linkWords(unlinked),
      interface: unlinked[0]?.name ?? '',
    },
    evidence: [
      ...unlinked.map(describeInterface),
      ...host.withoutLink.map(describeRoute),
      ...host.live.map(describeInterface),
    ],
  };
}

/** `eth0 (no carrier), wlan0 (down)`. */
function linkWords(interfaces: readonly NetworkInterface[]): string {
  return interfaces.map((iface) => `${iface.name} (${iface.up ? 'no carrier' : 'down'})`).join(', ');
}
