import { describeInterface } from '../evidence.js';
import type { HostView } from '../host-view.js';
import type { Finding } from '../types.js';

/**
 * Link layer: is any adapter there, and does any have a link (cable in, Wi-Fi associated)?
 * Only asked when nothing connected, and only when the configuration could be read: an empty list
 * from a reader that failed says nothing about the hardware.
 */
export function findLinkProblem(host: HostView): Finding | null {
  if (!host.known) return null;
  if (host.interfaces.length === 0) {
    return { code: 'no-network-interface', facts: {}, evidence: ['no interface besides loopback'] };
  }
  if (host.live.length > 0) return null;
  const named = host.interfaces.map((iface) => `${iface.name} (${iface.up ? 'no carrier' : 'down'})`);
  return {
    code: 'link-down',
    facts: { interfaces: named.join(', '), interface: host.interfaces[0]?.name ?? '' },
    evidence: host.interfaces.map(describeInterface),
  };
}
