import type { DefaultRoute, InterfaceAddress, LocalConfig, NetworkInterface } from '../probes/local-types.js';

/**
 * What the rules need to know about this machine, derived once from the local configuration so every
 * rule agrees on what "usable address" and "configured family" mean.
 */
export interface HostView {
  /** False when the configuration could not be read: no interfaces listed and read errors reported. */
  readonly known: boolean;
  /** Every interface except loopback. */
  readonly interfaces: readonly NetworkInterface[];
  /** Up with a carrier (or a carrier the OS cannot report). */
  readonly live: readonly NetworkInterface[];
  /** Addresses on live interfaces that can reach beyond the link. */
  readonly usable: readonly { readonly iface: NetworkInterface; readonly address: InterfaceAddress }[];
  /** Default routes of an addressed family whose interface is live. */
  readonly routes: readonly DefaultRoute[];
  /**
   * The routes the kernel actually sends through: per family, those of `routes` with the lowest
   * metric. A higher-metric backup is not used while the preferred route's interface is up, even
   * when the router behind it is dead.
   */
  readonly preferred: readonly DefaultRoute[];
  /** Default routes on interfaces we know and that have no link (cable out, Wi-Fi not joined). */
  readonly withoutLink: readonly DefaultRoute[];
  /** False when the OS could not tell us its routes: route rules must stay silent then. */
  readonly routesKnown: boolean;
  /**
   * Families with both a usable address and a default route: the ones expected to work. Where routes
   * are unknown, a usable address alone counts.
   */
  readonly configured: ReadonlySet<4 | 6>;
}

export function viewHost(local: LocalConfig): HostView {
  const interfaces = local.interfaces.filter((iface) => !iface.loopback);
  const known = local.interfaces.length > 0 || local.readErrors.length === 0;
  const live = interfaces.filter(isLive);
  const usable = live.flatMap((iface) =>
    iface.addresses.filter(isUsableAddress).map((address) => ({ iface, address })),
  );
  const addressed = new Set(usable.map(({ address }) => address.family));
  const names = new Set(local.interfaces.map((iface) => iface.name));
  const liveNames = new Set(live.map((iface) => iface.name));
  // A route on an interface we were not told about (a tunnel the reader skipped) is given the benefit
  // of the doubt; a route on a dead interface is not a way out.
  const routes = local.defaultRoutes.filter(
    (route) =>
      addressed.has(route.family) && (liveNames.has(route.interfaceName) || !names.has(route.interfaceName)),
  );
  return {
    known,
    interfaces,
    live,
    usable,
    routes,
    preferred: routes.filter(
      (route) =>
        route.metric ===
        Math.min(...routes.filter((other) => other.family === route.family).map((other) => other.metric)),
    ),
    withoutLink: local.defaultRoutes.filter(
      (route) => names.has(route.interfaceName) && !liveNames.has(route.interfaceName),
    ),
    routesKnown: local.defaultRoutesKnown,
    configured: local.defaultRoutesKnown ? new Set(routes.map((route) => route.family)) : addressed,
  };
}

/**
 * VPN and tunnel adapters by the names their drivers and clients give them (OpenVPN tun/tap, WireGuard
 * wg, PPP-based VPNs, macOS utun, Tailscale, and clients that name theirs vpn*). Traffic routed onto
 * one leaves through the VPN's server, not straight through the router.
 */
const tunnelName = /^(tun|tap|wg|vpn|ppp|utun|ipsec|tailscale|zt)/i;

export function isTunnelInterface(name: string): boolean {
  return tunnelName.test(name);
}

export function isLive(iface: NetworkInterface): boolean {
  return iface.up && iface.carrier !== false;
}

/**
 * IPv4: anything but 169.254/16 (self-assigned when DHCP failed) and 127/8; private ranges count,
 * NAT makes them work. IPv6: only global unicast (2000::/3); fe80::/10 never leaves the link and a
 * unique-local fc00::/7 address alone does not reach the internet.
 */
export function isUsableAddress(address: InterfaceAddress): boolean {
  if (address.scope !== 'global') return false;
  return address.family === 4
    ? !isLinkLocalV4(address.address) && !isLoopbackV4(address.address)
    : isGlobalV6(address.address);
}

export function isLinkLocalV4(address: string): boolean {
  return address.startsWith('169.254.');
}

function isLoopbackV4(address: string): boolean {
  return address.startsWith('127.');
}

function isGlobalV6(address: string): boolean {
  const first = address.split(':')[0] ?? '';
  if (first === '') return false;
  // 2000::/3: the top three bits of the first group are 001.
  return (parseInt(first, 16) & 0xe000) === 0x2000;
}
