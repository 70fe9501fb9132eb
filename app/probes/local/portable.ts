/**
 * macOS, Windows and anything else: what Node itself can tell without running a command.
 * os.networkInterfaces() lists only interfaces that are up and running (libuv filters on IFF_UP and
 * IFF_RUNNING, or OperStatusUp on Windows), so every listed interface is up with a carrier, and an
 * unplugged one is simply absent. Default routes and neighbours are not readable here yet.
 */
import { getServers } from 'node:dns';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { InterfaceAddress, LocalConfig, LocalConfigReader, NetworkInterface } from '../local-types.js';
import { addressScope, prefixLength, stripZone } from './address-scope.js';

export interface PortableSources {
  readonly listInterfaces: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** The resolvers c-ares found in the OS configuration (resolv.conf on macOS, the registry on Windows). */
  readonly listResolvers: () => string[];
}

const NODE_SOURCES: PortableSources = { listInterfaces: networkInterfaces, listResolvers: getServers };

export function createPortableConfigReader(
  platform: NodeJS.Platform,
  sources: PortableSources = NODE_SOURCES,
): LocalConfigReader {
  return {
    async read(): Promise<LocalConfig> {
      const readErrors = [`default routes are not read on ${platform} yet`];
      let interfaces: NetworkInterface[] = [];
      try {
        interfaces = toInterfaces(sources.listInterfaces());
      } catch (error) {
        readErrors.push(`cannot list network interfaces: ${(error as Error).message}`);
      }
      let resolvers: string[] = [];
      try {
        resolvers = [...new Set(sources.listResolvers().map(resolverAddress))];
      } catch (error) {
        readErrors.push(`cannot list resolvers: ${(error as Error).message}`);
      }
      return {
        platform,
        interfaces,
        defaultRoutes: [],
        defaultRoutesKnown: false,
        resolvers,
        resolverSource: 'the system resolver configuration (as Node reads it)',
        readErrors,
      };
    },
    async readNeighbours() {
      return [];
    },
  };
}

function toInterfaces(byName: NodeJS.Dict<NetworkInterfaceInfo[]>): NetworkInterface[] {
  return Object.entries(byName).map(([name, infos = []]) => ({
    name,
    loopback: infos.length > 0 && infos.every((info) => info.internal),
    up: true,
    carrier: true,
    addresses: infos.map((info): InterfaceAddress => {
      const family = info.family === 'IPv6' ? 6 : 4;
      const address = stripZone(info.address);
      return { family, address, prefixLength: prefixLength(info), scope: addressScope(family, address) };
    }),
  }));
}

/** dns.getServers() adds the port when it is not 53: `[2001:db8::1]:5353`, `192.0.2.1:5353`. */
export function resolverAddress(server: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(server);
  if (bracketed?.[1] !== undefined) return stripZone(bracketed[1]);
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(server);
  if (ipv4WithPort?.[1] !== undefined) return ipv4WithPort[1];
  return stripZone(server);
}
