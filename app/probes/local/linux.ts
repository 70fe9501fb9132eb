/**
 * Linux: this machine's network configuration from /proc, /sys and /etc, without running a
 * command or opening a netlink socket. Every file may be missing (containers, IPv6 disabled in the
 * kernel, no resolv.conf): that becomes a line in `readErrors`, never an exception.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import type {
  DefaultRoute,
  InterfaceAddress,
  LocalConfig,
  LocalConfigReader,
  NetworkInterface,
  Neighbour,
} from '../local-types.js';
import { ipv4Scope, prefixLength } from './address-scope.js';
import {
  carrierFromOperstate,
  isSafeInterfaceName,
  parseArp,
  parseCarrier,
  parseIfInet6,
  parseInterfaceFlags,
  parseIpv4DefaultRoutes,
  parseIpv6DefaultRoutes,
  parseProcNetDevNames,
  parseResolvConf,
} from './linux-parsers.js';

export interface LinuxReaderOptions {
  /** Prefix for every path read, so tests can point the reader at a recorded directory tree. */
  readonly root: string;
  /**
   * IPv4 addresses by interface name: os.networkInterfaces() in production. No file lists IPv4
   * addresses (only netlink does). libuv leaves out interfaces that are not up and running.
   */
  readonly listAddresses: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** Byte order of the words in /proc/net/route: os.endianness(). */
  readonly endianness: 'LE' | 'BE';
}

export const RESOLV_CONF = '/etc/resolv.conf';
export const RESOLVED_UPSTREAM = '/run/systemd/resolve/resolv.conf';
/** systemd-resolved's local stubs: the real resolvers are the ones it forwards to. */
const RESOLVED_STUBS: ReadonlySet<string> = new Set(['127.0.0.53', '127.0.0.54']);
/** glibc and musl use only the first three nameserver lines (MAXNS). */
export const GLIBC_MAX_NAMESERVERS = 3;

type ReadResult = { readonly text: string } | { readonly code: string; readonly message: string };

export function createLinuxConfigReader(options: LinuxReaderOptions): LocalConfigReader {
  const read = async (path: string): Promise<ReadResult> => {
    try {
      return { text: await readFile(join(options.root, path), 'utf8') };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
      return { code, message: `cannot read ${path}: ${code}` };
    }
  };

  return {
    async read(): Promise<LocalConfig> {
      const readErrors: string[] = [];
      const textOf = async (path: string): Promise<string | null> => {
        const result = await read(path);
        if ('text' in result) return result.text;
        readErrors.push(result.message);
        return null;
      };
      const [interfaces, ipv4Routes, ipv6Routes, resolvers] = await Promise.all([
        readInterfaces(options, read, textOf, readErrors),
        textOf('/proc/net/route'),
        textOf('/proc/net/ipv6_route'),
        readResolvers(read, textOf, readErrors),
      ]);
      const defaultRoutes: DefaultRoute[] = [
        ...(ipv4Routes === null ? [] : parseIpv4DefaultRoutes(ipv4Routes, options.endianness)),
        ...(ipv6Routes === null ? [] : parseIpv6DefaultRoutes(ipv6Routes)),
      ];
      return {
        platform: 'linux',
        interfaces,
        defaultRoutes,
        defaultRoutesKnown: ipv4Routes !== null || ipv6Routes !== null,
        ...resolvers,
        readErrors,
      };
    },

    /** IPv4 only: IPv6 neighbours are not in /proc (only netlink has them). */
    async readNeighbours(): Promise<readonly Neighbour[]> {
      const result = await read('/proc/net/arp');
      return 'text' in result ? parseArp(result.text) : [];
    },
  };
}

interface SysInterface {
  readonly name: string;
  readonly index: number;
  readonly loopback: boolean;
  readonly up: boolean;
  readonly carrier: boolean | null;
}

async function readInterfaces(
  options: LinuxReaderOptions,
  read: (path: string) => Promise<ReadResult>,
  textOf: (path: string) => Promise<string | null>,
  readErrors: string[],
): Promise<NetworkInterface[]> {
  const [listed, inet6, procDev] = await Promise.all([
    listSysInterfaces(options.root, read, readErrors),
    textOf('/proc/net/if_inet6'),
    // Only a cross-check: when it cannot be read, /sys is trusted as before, so no read error.
    read('/proc/net/dev'),
  ]);
  const addresses = new Map<string, InterfaceAddress[]>();
  const add = (name: string, address: InterfaceAddress): void => {
    addresses.set(name, [...(addresses.get(name) ?? []), address]);
  };
  const listedByNode = options.listAddresses();
  for (const entry of ipv4Addresses(listedByNode)) add(entry.interfaceName, entry.address);
  for (const entry of inet6 === null ? [] : parseIfInet6(inet6)) add(entry.interfaceName, entry.address);
  // libuv lists only interfaces that are up and running (IFF_UP and IFF_RUNNING).
  const running = new Set(Object.keys(listedByNode).map((label) => label.split(':')[0] ?? label));

  const present = 'text' in procDev ? parseProcNetDevNames(procDev.text) : null;
  const known = interfacesHere(listed, present, addresses, running, readErrors);
  return [...known]
    .sort((a, b) => a.index - b.index || a.name.localeCompare(b.name))
    .map(({ name, loopback, up, carrier }) => ({
      name,
      loopback,
      up,
      carrier,
      addresses: addresses.get(name) ?? [],
    }));
}

/**
 * The interfaces of this network namespace. /sys shows the namespace it was mounted in, and
 * `unshare -n` does not remount it: inside, /sys/class/net still lists the host's adapters while the
 * namespace has only `lo`. /proc/net/dev always belongs to the reader's namespace, so it decides which
 * interfaces exist; /sys supplies their state only when it lists no interface /proc/net/dev lacks.
 */
function interfacesHere(
  listed: readonly SysInterface[] | null,
  present: readonly string[] | null,
  addresses: ReadonlyMap<string, readonly InterfaceAddress[]>,
  running: ReadonlySet<string>,
  readErrors: string[],
): SysInterface[] {
  // Without /sys (some containers) and without /proc/net/dev, the interfaces that have an address
  // are all we know of: libuv lists only running ones, and a carrier is then unknown.
  if (present === null)
    return listed === null ? withoutSys([...addresses.keys()], addresses, running) : [...listed];
  if (listed !== null) {
    const here = new Set(present);
    const foreign = listed.filter((entry) => !here.has(entry.name)).map((entry) => entry.name);
    if (foreign.length === 0) {
      const inSys = new Set(listed.map((entry) => entry.name));
      // An interface created between the two reads is in /proc only: keep it, state from elsewhere.
      return [
        ...listed,
        ...withoutSys(
          present.filter((name) => !inSys.has(name)),
          addresses,
          running,
        ),
      ];
    }
    readErrors.push(
      `ignored the state in /sys/class/net: it lists ${foreign.join(', ')}, which this network namespace does not have (/sys was mounted for another namespace, as after \`unshare -n\`)`,
    );
  }
  return withoutSys(present, addresses, running);
}

/**
 * Interfaces known only by name. Up when the kernel gave it any address (IPv6 link-local addresses
 * exist only while an interface is up; libuv lists only running ones), a carrier only when running.
 */
function withoutSys(
  names: readonly string[],
  addresses: ReadonlyMap<string, readonly InterfaceAddress[]>,
  running: ReadonlySet<string>,
): SysInterface[] {
  return names.map((name, index) => {
    const up = running.has(name) || (addresses.get(name)?.length ?? 0) > 0;
    return {
      name,
      // /proc/net/dev lists interfaces in the order they were registered: close to ifindex order.
      index: Number.MAX_SAFE_INTEGER - names.length + index,
      loopback: name === 'lo',
      up,
      carrier: running.has(name) ? true : null,
    };
  });
}

/** Every interface, with or without an address: os.networkInterfaces() omits those without one. */
async function listSysInterfaces(
  root: string,
  read: (path: string) => Promise<ReadResult>,
  readErrors: string[],
): Promise<SysInterface[] | null> {
  let names: string[];
  try {
    names = await readdir(join(root, 'sys/class/net'));
  } catch (error) {
    readErrors.push(`cannot list /sys/class/net: ${(error as NodeJS.ErrnoException).code ?? 'EUNKNOWN'}`);
    return null;
  }
  const found = await Promise.all(
    names.map(async (name): Promise<SysInterface | null> => {
      if (!isSafeInterfaceName(name)) {
        readErrors.push(`skipped /sys/class/net entry ${JSON.stringify(name)}: not an interface name`);
        return null;
      }
      const dir = `/sys/class/net/${name}`;
      const [flagsFile, carrierFile, operstateFile, indexFile] = await Promise.all([
        read(`${dir}/flags`),
        read(`${dir}/carrier`),
        read(`${dir}/operstate`),
        read(`${dir}/ifindex`),
      ]);
      if (!('text' in flagsFile)) {
        // bonding_masters is a plain file beside the interfaces; an interface may also vanish.
        if (flagsFile.code !== 'ENOTDIR' && flagsFile.code !== 'ENOENT') readErrors.push(flagsFile.message);
        return null;
      }
      const flags = parseInterfaceFlags(flagsFile.text);
      if (flags === null) {
        readErrors.push(`unexpected ${dir}/flags: ${JSON.stringify(flagsFile.text.trim())}`);
        return null;
      }
      // Reading carrier fails with EINVAL while the interface is down: the kernel cannot tell.
      let carrier = 'text' in carrierFile ? parseCarrier(carrierFile.text) : null;
      if (carrier === null && flags.up && 'text' in operstateFile)
        carrier = carrierFromOperstate(operstateFile.text);
      const index = 'text' in indexFile ? Number(indexFile.text.trim()) : NaN;
      return { name, index: Number.isInteger(index) ? index : Number.MAX_SAFE_INTEGER, ...flags, carrier };
    }),
  );
  return found.filter((entry): entry is SysInterface => entry !== null);
}

function ipv4Addresses(
  byName: NodeJS.Dict<NetworkInterfaceInfo[]>,
): { interfaceName: string; address: InterfaceAddress }[] {
  const entries: { interfaceName: string; address: InterfaceAddress }[] = [];
  for (const [label, infos] of Object.entries(byName)) {
    // An address label such as `eth0:1` belongs to eth0.
    const interfaceName = label.split(':')[0] ?? label;
    for (const info of infos ?? []) {
      if (info.family !== 'IPv4') continue;
      entries.push({
        interfaceName,
        address: {
          family: 4,
          address: info.address,
          prefixLength: prefixLength(info),
          scope: ipv4Scope(info.address),
        },
      });
    }
  }
  return entries;
}

/**
 * Nameservers from /etc/resolv.conf. When that only points at systemd-resolved's local stub, the
 * resolvers that matter are resolved's upstreams, which it writes to /run/systemd/resolve/resolv.conf.
 */
async function readResolvers(
  read: (path: string) => Promise<ReadResult>,
  textOf: (path: string) => Promise<string | null>,
  readErrors: string[],
): Promise<{ resolvers: string[]; resolverSource: string | null }> {
  const text = await textOf(RESOLV_CONF);
  if (text === null) return { resolvers: [], resolverSource: RESOLV_CONF };
  const parsed = parseResolvConf(text);
  for (const line of parsed.invalid)
    readErrors.push(`ignored "${line}" in ${RESOLV_CONF}: not an IP address`);
  const configured = parsed.nameservers.slice(0, GLIBC_MAX_NAMESERVERS);
  if (!configured.some((server) => RESOLVED_STUBS.has(server))) {
    return { resolvers: configured, resolverSource: RESOLV_CONF };
  }
  const upstream = await read(RESOLVED_UPSTREAM);
  if (!('text' in upstream)) return { resolvers: configured, resolverSource: RESOLV_CONF };
  const upstreamServers = parseResolvConf(upstream.text).nameservers;
  const resolvers = [
    ...new Set(configured.flatMap((server) => (RESOLVED_STUBS.has(server) ? upstreamServers : [server]))),
  ];
  return {
    resolvers,
    resolverSource: `${RESOLVED_UPSTREAM} (systemd-resolved, behind the stub in ${RESOLV_CONF})`,
  };
}
