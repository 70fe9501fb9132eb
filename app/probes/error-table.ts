import type { TcpOutcome } from './types.js';

/**
 * Every OS error a TCP connect can end in, mapped to what it tells the user. One table for Linux,
 * macOS and Windows: Node reports the libuv name (`ECONNREFUSED`) on all three, but a Windows error
 * can also surface as its Winsock name or number, so those are listed too. Numbers appear only for
 * Winsock (100xx), because they are the same everywhere; POSIX errno numbers differ per OS (61 is
 * ECONNREFUSED on macOS and ENODATA on Linux) and would be guesses.
 *
 * Observed on Linux 6.x with nft in a network namespace (test/lab/tcp-probe.lab.test.ts):
 * - `reject with icmpx admin-prohibited` gives EHOSTUNREACH over IPv4 (ICMP code 13 is folded into
 *   host-unreachable by the kernel, so it cannot be told apart) but EACCES over IPv6.
 * - A drop or reject in the local OUTPUT chain never yields EPERM for TCP: a drop is a timeout
 *   (ETIMEDOUT once SYN retries run out), a reject is the ICMP/RST it sends back. EPERM stays mapped
 *   for UDP-style reports and for macOS pf and application firewalls, which do return it to connect().
 */
export const connectErrorOutcomes: Readonly<Record<string, TcpOutcome>> = Object.freeze({
  // Something on the path answered "nothing listens here" (a RST, or ICMP port-unreachable).
  ECONNREFUSED: 'refused',
  WSAECONNREFUSED: 'refused',
  '10061': 'refused',
  // A RST during the handshake is a refusal that arrived in another form.
  ECONNRESET: 'refused',
  WSAECONNRESET: 'refused',
  '10054': 'refused',

  ETIMEDOUT: 'timeout',
  WSAETIMEDOUT: 'timeout',
  '10060': 'timeout',

  // No route, or the interface carrying it is down: the packet never left or a router gave up.
  ENETUNREACH: 'network-unreachable',
  WSAENETUNREACH: 'network-unreachable',
  '10051': 'network-unreachable',
  ENETDOWN: 'network-unreachable',
  WSAENETDOWN: 'network-unreachable',
  '10050': 'network-unreachable',
  // The network tore the attempt down (Windows: keep-alive or path failure mid-handshake).
  ENETRESET: 'network-unreachable',
  WSAENETRESET: 'network-unreachable',
  '10052': 'network-unreachable',

  // The last hop could not deliver (ARP/ND unanswered, or ICMP host-unreachable from a router).
  EHOSTUNREACH: 'host-unreachable',
  WSAEHOSTUNREACH: 'host-unreachable',
  '10065': 'host-unreachable',
  EHOSTDOWN: 'host-unreachable',
  WSAEHOSTDOWN: 'host-unreachable',
  '10064': 'host-unreachable',

  // A policy said no: ICMPv6 administratively-prohibited (Linux), pf/application firewall (macOS),
  // Windows Filtering Platform (WSAEACCES).
  EACCES: 'rejected',
  WSAEACCES: 'rejected',
  '10013': 'rejected',
  EPERM: 'rejected',

  // This machine could not make the attempt at all.
  EADDRNOTAVAIL: 'local-error', // no usable source address (e.g. IPv6 disabled, address removed)
  WSAEADDRNOTAVAIL: 'local-error',
  '10049': 'local-error',
  EADDRINUSE: 'local-error', // ephemeral ports exhausted
  WSAEADDRINUSE: 'local-error',
  '10048': 'local-error',
  ECONNABORTED: 'local-error', // the local stack abandoned the attempt
  WSAECONNABORTED: 'local-error',
  '10053': 'local-error',
  EAFNOSUPPORT: 'local-error', // the IP family is compiled out or disabled
  WSAEAFNOSUPPORT: 'local-error',
  '10047': 'local-error',
  EPROTO: 'local-error',
  ENOBUFS: 'local-error',
  WSAENOBUFS: 'local-error',
  '10055': 'local-error',
  EMFILE: 'local-error',
  WSAEMFILE: 'local-error',
  '10024': 'local-error',
  ENFILE: 'local-error',
  EINVAL: 'local-error',
  WSAEINVAL: 'local-error',
  '10022': 'local-error',
});

/** The outcome an OS error code stands for; a code nobody has listed is this machine's problem. */
export function classifyConnectError(code: string | number | undefined): TcpOutcome {
  if (code === undefined) return 'local-error';
  const key = String(code);
  // hasOwn, not `in`: a code named like an Object.prototype member must not match it.
  return Object.hasOwn(connectErrorOutcomes, key)
    ? (connectErrorOutcomes[key] ?? 'local-error')
    : 'local-error';
}
