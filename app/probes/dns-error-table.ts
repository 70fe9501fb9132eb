/**
 * What a DNS lookup ended in, as the user should read it. A server that answers with an error is
 * told apart from one that does not answer at all: the first is misconfigured or broken upstream, the
 * second is down or blocked.
 * - answered: addresses came back.
 * - no-data: the name exists but has no record of that type (still a working answer).
 * - nxdomain: the server says the name does not exist.
 * - servfail: the server tried and failed (its upstream or DNSSEC validation is broken).
 * - refused: the server will not answer this client (ACL, not a recursive resolver, query type off).
 * - bad-response: something answered, but not with a usable DNS message.
 * - timeout: no answer before the deadline (server down, packets dropped).
 * - unreachable: the query could not be delivered (ICMP port- or host-unreachable, no route).
 * - local-error: this machine could not ask (bad name, out of memory, the check was cancelled).
 */
export type DnsOutcome =
  | 'answered'
  | 'no-data'
  | 'nxdomain'
  | 'servfail'
  | 'refused'
  | 'bad-response'
  | 'timeout'
  | 'unreachable'
  | 'local-error';

/**
 * Every error code node:dns (c-ares) reports, mapped once. The codes are c-ares' own names and the same
 * on Linux, macOS and Windows. c-ares folds every socket failure (ICMP port-unreachable, no route,
 * send refused) into ECONNREFUSED, so that one code stands for "could not be delivered".
 */
export const dnsErrorOutcomes: Readonly<Record<string, DnsOutcome>> = Object.freeze({
  ENODATA: 'no-data',
  ENOTFOUND: 'nxdomain',
  ESERVFAIL: 'servfail',
  EREFUSED: 'refused',
  // "Not implemented": the server will not handle this kind of query for us; a refusal in effect.
  ENOTIMP: 'refused',
  // The server could not parse our query, or its reply could not be parsed / was cut short.
  EFORMERR: 'bad-response',
  EBADRESP: 'bad-response',
  EOF: 'bad-response',
  ETIMEOUT: 'timeout',
  ECONNREFUSED: 'unreachable',
  // This machine's side: the query was never valid or never sent.
  EBADQUERY: 'local-error',
  EBADNAME: 'local-error',
  EBADFAMILY: 'local-error',
  EBADSTR: 'local-error',
  EBADFLAGS: 'local-error',
  EBADHINTS: 'local-error',
  ENONAME: 'local-error',
  EFILE: 'local-error',
  ENOMEM: 'local-error',
  EDESTRUCTION: 'local-error',
  ENOTINITIALIZED: 'local-error',
  ELOADIPHLPAPI: 'local-error',
  EADDRGETNETWORKPARAMS: 'local-error',
  ECANCELLED: 'local-error',
});

/** The outcome a node:dns error code stands for; an unlisted code is this machine's problem. */
export function classifyDnsError(code: string | undefined): DnsOutcome {
  if (code === undefined) return 'local-error';
  return Object.hasOwn(dnsErrorOutcomes, code) ? (dnsErrorOutcomes[code] ?? 'local-error') : 'local-error';
}

/** Outcomes in which the server sent a DNS answer at all (right or wrong). */
export const RESPONDED: ReadonlySet<DnsOutcome> = new Set([
  'answered',
  'no-data',
  'nxdomain',
  'servfail',
  'refused',
  'bad-response',
]);

/** Outcomes in which nothing came back: the server is down, or the path to it is blocked. */
export const SILENT: ReadonlySet<DnsOutcome> = new Set(['timeout', 'unreachable']);
