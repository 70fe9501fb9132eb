/** This machine's own network configuration, read from the OS without sending a packet. */

export type AddressScope = 'global' | 'link' | 'host';

export interface InterfaceAddress {
  readonly family: 4 | 6;
  readonly address: string;
  readonly prefixLength: number;
  /** `link` for 169.254/16 and fe80::/10: what a host gives itself when DHCP or router adverts fail. */
  readonly scope: AddressScope;
}

export interface NetworkInterface {
  readonly name: string;
  readonly loopback: boolean;
  /** Administratively up (operstate up/unknown with IFF_UP). */
  readonly up: boolean;
  /** A carrier is present: cable plugged in, Wi-Fi associated. Null when the OS cannot tell. */
  readonly carrier: boolean | null;
  readonly addresses: readonly InterfaceAddress[];
}

export interface DefaultRoute {
  readonly family: 4 | 6;
  /** Next hop; null for a route straight onto a link (point-to-point, VPN tunnels). */
  readonly gateway: string | null;
  readonly interfaceName: string;
  readonly metric: number;
}

export type NeighbourState = 'reachable' | 'stale' | 'incomplete' | 'failed' | 'unknown';

export interface Neighbour {
  readonly address: string;
  readonly interfaceName: string;
  readonly state: NeighbourState;
}

export interface LocalConfig {
  readonly platform: NodeJS.Platform;
  readonly interfaces: readonly NetworkInterface[];
  readonly defaultRoutes: readonly DefaultRoute[];
  /**
   * False where the OS gives no cheap way to read routes (macOS, Windows for now): an empty
   * `defaultRoutes` then means "not known", and no rule may blame a missing route.
   */
  readonly defaultRoutesKnown: boolean;
  /** Resolver IPs from the OS configuration, in the order the OS uses them. */
  readonly resolvers: readonly string[];
  /** Where `resolvers` came from (`/etc/resolv.conf`), for the explanation text. */
  readonly resolverSource: string | null;
  /** Problems reading any of the sources; a missing file is data, not an exception. */
  readonly readErrors: readonly string[];
}

/** Reads one OS's configuration; one implementation per platform behind the same shape. */
export interface LocalConfigReader {
  read(): Promise<LocalConfig>;
  /** The neighbour (ARP/NDP) table, read again after probing the gateway. */
  readNeighbours(): Promise<readonly Neighbour[]>;
}
