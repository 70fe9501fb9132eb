/**
 * Pure parsers for the text of Linux's /proc, /sys and /etc files. Each takes the file's text and
 * returns plain data; reading the files (and deciding what a missing one means) is linux.ts's job.
 * Lines the parser does not understand are skipped: these files are written by the kernel or by a
 * resolver manager, so a strange line means a newer format, not a user mistake to report.
 */
import type { DefaultRoute, InterfaceAddress, Neighbour } from '../local-types.js';
import { ipFamily, ipv6Scope, stripZone } from './address-scope.js';

const RTF_UP = 0x0001;
const RTF_GATEWAY = 0x0002;
/** unreachable / prohibit / blackhole routes: a default route that leads nowhere is no way out. */
const RTF_REJECT = 0x0200;

const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;

/** The address failed duplicate address detection: the kernel will never use it. */
const IFA_F_DADFAILED = 0x08;

/**
 * Linux interface names are at most 15 bytes (IFNAMSIZ − 1). Only names of this shape are safe to
 * join into a /sys path: anything else (a `..`, a slash) is skipped rather than followed.
 */
const SAFE_INTERFACE_NAME = /^[A-Za-z0-9_.:@-]{1,15}$/;

export function isSafeInterfaceName(name: string): boolean {
  return SAFE_INTERFACE_NAME.test(name) && name !== '.' && name !== '..';
}

function dataLines(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => line.split(/\s+/));
}

/** A hex field as the kernel prints it, with or without `0x`; NaN when it is not hex. */
function hex(field: string | undefined): number {
  const digits = field?.replace(/^0x/i, '');
  return digits !== undefined && /^[0-9a-fA-F]+$/.test(digits) ? parseInt(digits, 16) : NaN;
}

/**
 * The kernel prints an IPv4 address in /proc/net/route as the 32-bit word in host byte order, so on
 * a little-endian machine `010200C0` is 192.0.2.1.
 */
export function ipv4FromProcHex(word: string, endianness: 'LE' | 'BE' = 'LE'): string | null {
  if (!/^[0-9a-fA-F]{8}$/.test(word)) return null;
  const bytes = [0, 2, 4, 6].map((offset) => parseInt(word.slice(offset, offset + 2), 16));
  return (endianness === 'LE' ? bytes.reverse() : bytes).join('.');
}

/** 32 hex digits (network order, as in /proc/net/ipv6_route and if_inet6) → RFC 5952 text. */
export function ipv6FromProcHex(digits: string): string | null {
  if (!/^[0-9a-fA-F]{32}$/.test(digits)) return null;
  const groups = Array.from({ length: 8 }, (_, index) =>
    parseInt(digits.slice(index * 4, index * 4 + 4), 16),
  );
  // RFC 5952: shorten the longest run (the first one on a tie) of two or more zero groups to `::`.
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8;) {
    if (groups[start] !== 0) {
      start += 1;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const text = groups.map((group) => group.toString(16));
  if (bestStart === -1) return text.join(':');
  return `${text.slice(0, bestStart).join(':')}::${text.slice(bestStart + bestLength).join(':')}`;
}

function byMetric(a: DefaultRoute, b: DefaultRoute): number {
  return a.metric - b.metric;
}

/**
 * IPv4 default routes from /proc/net/route (main table only; for a multipath route the kernel
 * prints only the first next hop). Columns: Iface Destination Gateway Flags RefCnt Use Metric Mask …
 */
export function parseIpv4DefaultRoutes(text: string, endianness: 'LE' | 'BE' = 'LE'): DefaultRoute[] {
  const routes: DefaultRoute[] = [];
  for (const [iface, destination, gatewayWord, flagsField, , , metricField, mask] of dataLines(text)) {
    if (iface === undefined || iface === 'Iface' || gatewayWord === undefined) continue;
    if (destination !== '00000000' || mask !== '00000000') continue;
    const flags = hex(flagsField);
    const metric = Number(metricField);
    if (!Number.isInteger(metric) || Number.isNaN(flags)) continue;
    if ((flags & RTF_UP) === 0 || (flags & RTF_REJECT) !== 0) continue;
    const gateway = (flags & RTF_GATEWAY) !== 0 ? ipv4FromProcHex(gatewayWord, endianness) : null;
    routes.push({ family: 4, gateway, interfaceName: iface, metric });
  }
  return routes.sort(byMetric);
}

/**
 * IPv6 default (::/0) routes from /proc/net/ipv6_route. Columns: destination, its prefix length,
 * source, its prefix length, next hop, metric, refcount, use, flags, device — all hex. The kernel
 * always lists an unreachable ::/0 on `lo` with metric ffffffff; that and any other reject route is
 * skipped. A link-local next hop is returned without a zone: `interfaceName` is its zone.
 */
export function parseIpv6DefaultRoutes(text: string): DefaultRoute[] {
  const routes: DefaultRoute[] = [];
  for (const fields of dataLines(text)) {
    const [destination, prefixLength, , , nextHop, metricField, , , flagsField, iface] = fields;
    if (iface === undefined || nextHop === undefined) continue;
    if (destination !== '0'.repeat(32) || hex(prefixLength) !== 0) continue;
    const flags = hex(flagsField);
    const metric = hex(metricField);
    if (Number.isNaN(flags) || Number.isNaN(metric)) continue;
    if ((flags & RTF_UP) === 0 || (flags & RTF_REJECT) !== 0) continue;
    const gateway = ipv6FromProcHex(nextHop);
    const onLink = (flags & RTF_GATEWAY) === 0 || gateway === '::';
    routes.push({ family: 6, gateway: onLink ? null : gateway, interfaceName: iface, metric });
  }
  return routes.sort(byMetric);
}

export interface InterfaceAddressEntry {
  readonly interfaceName: string;
  readonly address: InterfaceAddress;
}

/** /proc/net/if_inet6 reports the kernel's scope bits: 0x00 global, 0x10 host, 0x20 link, 0x40 site. */
const IF_INET6_SCOPES: Readonly<Record<number, InterfaceAddress['scope']>> = {
  0x00: 'global',
  0x10: 'host',
  0x20: 'link',
  0x40: 'global',
};

/**
 * IPv6 addresses from /proc/net/if_inet6. Columns: address, ifindex, prefix length, scope, flags,
 * device — all hex. Addresses that failed duplicate address detection are left out: unusable.
 */
export function parseIfInet6(text: string): InterfaceAddressEntry[] {
  const entries: InterfaceAddressEntry[] = [];
  for (const [digits, , prefixField, scopeField, flagsField, iface] of dataLines(text)) {
    if (digits === undefined || iface === undefined) continue;
    const address = ipv6FromProcHex(digits);
    const prefixLength = hex(prefixField);
    const flags = hex(flagsField);
    if (address === null || Number.isNaN(prefixLength) || prefixLength > 128 || Number.isNaN(flags)) continue;
    if ((flags & IFA_F_DADFAILED) !== 0) continue;
    const scope = IF_INET6_SCOPES[hex(scopeField)] ?? ipv6Scope(address);
    entries.push({ interfaceName: iface, address: { family: 6, address, prefixLength, scope } });
  }
  return entries;
}

/**
 * The IPv4 neighbour table from /proc/net/arp. Columns: IP address, HW type, Flags, HW address,
 * Mask, Device. The file only says complete (ATF_COM 0x2, which includes stale entries) or not, so
 * a complete entry is 'reachable' and anything else 'incomplete'. IPv6 neighbours are not in /proc
 * at all (only netlink has them), so this table is IPv4 only.
 */
export function parseArp(text: string): Neighbour[] {
  const neighbours: Neighbour[] = [];
  for (const [address, , flagsField, , , iface] of dataLines(text)) {
    if (address === undefined || iface === undefined || ipFamily(address) !== 4) continue;
    const flags = hex(flagsField);
    if (Number.isNaN(flags)) continue;
    neighbours.push({
      address,
      interfaceName: iface,
      state: (flags & 0x2) !== 0 ? 'reachable' : 'incomplete',
    });
  }
  return neighbours;
}

export interface ResolvConf {
  /** Valid IP literals from `nameserver` lines, in file order, zones (`%eth0`) removed. */
  readonly nameservers: readonly string[];
  /** `nameserver` lines whose value is not an IP literal, as written, to report by name. */
  readonly invalid: readonly string[];
}

/** `nameserver` lines of a resolv.conf; comments (`#`, `;`), search, domain and options lines are ignored. */
export function parseResolvConf(text: string): ResolvConf {
  const nameservers: string[] = [];
  const invalid: string[] = [];
  for (const fields of dataLines(text)) {
    const [keyword, value] = fields;
    if (keyword !== 'nameserver') continue;
    if (value !== undefined && ipFamily(value) !== null) nameservers.push(stripZone(value));
    else invalid.push(fields.join(' '));
  }
  return { nameservers, invalid };
}

/** /sys/class/net/<if>/flags holds the IFF_* word in hex (`0x1003`). */
export function parseInterfaceFlags(text: string): { up: boolean; loopback: boolean } | null {
  const flags = hex(text.trim());
  if (Number.isNaN(flags)) return null;
  return { up: (flags & IFF_UP) !== 0, loopback: (flags & IFF_LOOPBACK) !== 0 };
}

/** /sys/class/net/<if>/carrier holds `1` or `0`. */
export function parseCarrier(text: string): boolean | null {
  const value = text.trim();
  if (value === '1') return true;
  if (value === '0') return false;
  return null;
}

/**
 * /sys/class/net/<if>/operstate (RFC 2863 words), used only when the carrier file cannot be read:
 * `up` means a carrier, `down`/`lowerlayerdown`/`notpresent` mean none, anything else is unknown.
 */
export function carrierFromOperstate(text: string): boolean | null {
  const state = text.trim();
  if (state === 'up') return true;
  if (state === 'down' || state === 'lowerlayerdown' || state === 'notpresent') return false;
  return null;
}

/**
 * Interface names from /proc/net/dev (`  eth0: 1234 56 0 …`, after two header lines). Unlike /sys,
 * which shows the namespace it was mounted in, /proc/net belongs to the reader's own network
 * namespace, so these are the interfaces that really exist here. A name may hold a colon, so the
 * name ends at the last colon that is followed by nothing but counters.
 */
export function parseProcNetDevNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\S+):\s*\d+(?:\s+\d+)*\s*$/.exec(line);
    if (match?.[1] !== undefined) names.push(match[1]);
  }
  return names;
}
