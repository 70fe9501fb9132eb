import { isIPv4, isIPv6 } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';
import type { AddressScope } from '../local-types.js';

/**
 * 169.254/16 is what a host gives itself when DHCP never answered, so it must not count as a real
 * address; 127/8 never leaves the machine.
 */
export function ipv4Scope(address: string): AddressScope {
  const [first, second] = address.split('.').map(Number);
  if (first === 127) return 'host';
  if (first === 169 && second === 254) return 'link';
  return 'global';
}

/** fe80::/10 exists on every IPv6 interface, router or not; only other addresses reach beyond the link. */
export function ipv6Scope(address: string): AddressScope {
  const plain = stripZone(address).toLowerCase();
  if (plain === '::1') return 'host';
  // fe80::/10 covers fe80 … febf.
  if (/^fe[89ab][0-9a-f]:/.test(plain)) return 'link';
  return 'global';
}

export function addressScope(family: 4 | 6, address: string): AddressScope {
  return family === 4 ? ipv4Scope(address) : ipv6Scope(address);
}

/** `fe80::1%eth0` → `fe80::1`: the zone names an interface, it is not part of the address. */
export function stripZone(address: string): string {
  const percent = address.indexOf('%');
  return percent === -1 ? address : address.slice(0, percent);
}

/** The IP family of a literal, or null when it is not an IP literal at all (a zone is allowed). */
export function ipFamily(address: string): 4 | 6 | null {
  const plain = stripZone(address);
  if (isIPv4(plain) && plain === address) return 4;
  if (isIPv6(plain)) return 6;
  return null;
}

/** The prefix length of an os.networkInterfaces() entry. */
export function prefixLength(info: Pick<NetworkInterfaceInfo, 'cidr' | 'netmask'>): number {
  const fromCidr = Number(info.cidr?.split('/')[1]);
  if (Number.isInteger(fromCidr)) return fromCidr;
  // The netmask is contiguous ones: count them across the groups (dotted decimal or IPv6 hex).
  const groups = info.netmask.includes(':')
    ? info.netmask.split(':').map((group) => parseInt(group || '0', 16))
    : info.netmask.split('.').map(Number);
  return groups.reduce((bits, group) => bits + (group.toString(2).match(/1/g)?.length ?? 0), 0);
}
