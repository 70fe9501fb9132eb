import { describeInterface, joinWords } from '../evidence.js';
import { isLinkLocalV4, type HostView } from '../host-view.js';
import type { Finding } from '../types.js';

/** Address layer: a live link but no address that reaches beyond it (DHCP or router adverts failed). */
export function findAddressProblem(host: HostView): Finding | null {
  if (!host.known || host.live.length === 0 || host.usable.length > 0) return null;
  const addresses = host.live.flatMap((iface) => iface.addresses);
  const selfAssigned = addresses.filter((address) => address.family === 4 && isLinkLocalV4(address.address));
  let detail: string;
  if (selfAssigned.length > 0) {
    detail = `link-local only (169.254.x.x), which means DHCP failed: ${joinWords(selfAssigned.map((a) => a.address))} is the address a computer gives itself when no DHCP server answers`;
  } else if (addresses.length > 0) {
    detail = `only ${joinWords(addresses.map((a) => a.address))}, which cannot reach the internet: no IPv4 address came from DHCP and no global IPv6 address from the router`;
  } else {
    detail = 'it has no address at all (none came from DHCP and none is set by hand)';
  }
  const names = host.live.map((iface) => iface.name);
  return {
    code: 'no-ip-address',
    facts: { interfaces: joinWords(names), interface: names[0] ?? '', detail },
    evidence: host.live.map(describeInterface),
  };
}
