/** Where a TCP probe connects: an IP literal (never a name: the base check must not depend on DNS) and a port. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly family: 4 | 6;
}

/**
 * What happened to one connection attempt. A network failure is an outcome, never an exception.
 * - connected: the three-way handshake completed.
 * - refused: a RST (or ICMP port-unreachable) came back; something on the path answered "no".
 * - timeout: nothing came back before the deadline (a black hole, a silent firewall, a dead link).
 * - network-unreachable / host-unreachable: the kernel or a router said there is no way there.
 * - rejected: a firewall refused it explicitly (a local policy, or an ICMP administratively-prohibited).
 * - local-error: this machine could not even try (no source address, out of sockets, bad argument).
 */
export type TcpOutcome =
  | 'connected'
  | 'refused'
  | 'timeout'
  | 'network-unreachable'
  | 'host-unreachable'
  | 'rejected'
  | 'local-error';

export type ProbeKind = 'tcp' | 'dns' | 'http' | 'tls' | 'local';

/** One probe's result, exactly as it appears in `check --json` (DESIGN.md §4). */
export interface ProbeResult {
  readonly kind: ProbeKind;
  /** `host:port` for TCP (IPv6 in brackets), a file or gateway description for local probes. */
  readonly target: string;
  readonly family: 4 | 6 | null;
  readonly outcome: string;
  /** The raw OS error code (`ECONNREFUSED`, `WSAETIMEDOUT` …), null on success. */
  readonly errorCode: string | null;
  /** Time from start to outcome on a monotonic clock, null when the probe never started. */
  readonly ms: number | null;
}

export interface TcpProbeResult extends ProbeResult {
  readonly kind: 'tcp';
  readonly outcome: TcpOutcome;
  readonly family: 4 | 6;
  readonly endpoint: Endpoint;
}

/** Formats an endpoint the way users write it: `1.1.1.1:53`, `[2606:4700:4700::1111]:443`. */
export function formatEndpoint(endpoint: Endpoint): string {
  return endpoint.family === 6 ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}
