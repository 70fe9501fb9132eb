/**
 * The network watch's fingerprint on Linux, read cheaply: it runs every 2 s for as long as the monitor
 * does. The full local-config read (every /sys/class/net file of every interface, resolvers …) costs
 * ≈ 4 ms of CPU with 4 interfaces and ≈ 9.5 ms with 14 (a machine with Docker), which alone is 0.2 –
 * 0.5 % of a core at one read per 2 s. This reads one getifaddrs() listing and the two route tables
 * (≈ 1 – 2 ms) and changes whenever the full fingerprint would matter: an address added or removed, an
 * interface going down or losing its carrier (libuv lists only interfaces that are up and running, so it
 * drops out), a default route changing. It only decides when to check again; the check itself still reads
 * the full local config.
 */
import { readFile } from 'node:fs/promises';
import { endianness, networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { parseIpv4DefaultRoutes, parseIpv6DefaultRoutes } from '../probes/local/linux-parsers.js';
import { defaultRouteKeys } from './network-watch.js';

export interface LinuxFingerprintSources {
  readonly listInterfaces: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** The file's text, or null when it cannot be read (IPv6 disabled, no /proc). */
  readonly readText: (path: string) => Promise<string | null>;
  readonly endianness: 'LE' | 'BE';
}

const LIVE: LinuxFingerprintSources = {
  listInterfaces: networkInterfaces,
  readText: (path) => readFile(path, 'utf8').catch(() => null),
  endianness: endianness(),
};

/** Order-independent: the OS listing order does not matter. Loopback is left out, as in the full one. */
export function linuxFingerprint(
  listing: NodeJS.Dict<NetworkInterfaceInfo[]>,
  ipv4Routes: string | null,
  ipv6Routes: string | null,
  byteOrder: 'LE' | 'BE',
): string {
  const addresses = Object.entries(listing).flatMap(([name, infos]) =>
    (infos ?? []).filter((info) => !info.internal).map((info) => `${name} ${info.cidr ?? info.address}`),
  );
  const routes = [
    ...(ipv4Routes === null ? [] : parseIpv4DefaultRoutes(ipv4Routes, byteOrder)),
    ...(ipv6Routes === null ? [] : parseIpv6DefaultRoutes(ipv6Routes)),
  ];
  return [...addresses.sort(), ...defaultRouteKeys(routes)].join('\n');
}

export function createLinuxFingerprintReader(sources: LinuxFingerprintSources = LIVE): () => Promise<string> {
  return async () => {
    const [ipv4Routes, ipv6Routes] = await Promise.all([
      sources.readText('/proc/net/route'),
      sources.readText('/proc/net/ipv6_route'),
    ]);
    return linuxFingerprint(sources.listInterfaces(), ipv4Routes, ipv6Routes, sources.endianness);
  };
}
