/**
 * The DNS layer: asks each configured resolver and each reference resolver, one at a time so every
 * answer is attributable, for the configured names plus one made-up name that cannot exist. The
 * made-up name catches resolvers that rewrite "no such name" into an address (NXDOMAIN hijacking).
 */
import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns';
import { isIP } from 'node:net';
import { classifyDnsError, type DnsOutcome } from './dns-error-table.js';
import type { LayerContext } from './layers.js';
import { startStopwatch } from './monotonic.js';
import { ABORTED_ERROR_CODE } from './tcp.js';
import type { DnsProbeResult, DnsPurpose, DnsRole } from './dns-result.js';

export { isDnsProbeResult, type DnsProbeResult, type DnsPurpose, type DnsRole } from './dns-result.js';

export interface DnsProbeOptions {
  /** Where servers listen. Always 53 in use; tests point it at a loopback responder on a free port. */
  readonly port?: number;
}

/**
 * Asks every server at once and resolves within the timeout. Nothing to ask (no names configured)
 * gives no results, which the DNS rule reads as "not checked". Never rejects for a network failure.
 */
export async function probeDns(
  context: LayerContext,
  options: DnsProbeOptions = {},
): Promise<DnsProbeResult[]> {
  const { dnsNames, referenceResolvers } = context.settings;
  if (dnsNames.length === 0) return [];
  const names = [
    ...dnsNames.map((name) => ({ name, purpose: 'known' as const })),
    { name: nonexistentName(dnsNames[0] ?? 'example.com'), purpose: 'nonexistent' as const },
  ];
  const configured = unique(context.local.resolvers);
  // A reference that is also configured cannot vouch for itself: it is asked once, as configured.
  const references = unique(referenceResolvers).filter((server) => !configured.includes(server));
  const servers = [
    ...configured.map((server) => ({ server, role: 'configured' as const })),
    ...references.map((server) => ({ server, role: 'reference' as const })),
  ];
  const perServer = await Promise.all(
    servers.map(({ server, role }) =>
      askServer({
        server,
        role,
        port: options.port ?? 53,
        names,
        timeoutMs: context.timeoutMs,
        signal: context.signal,
      }),
    ),
  );
  return perServer.flat();
}

/**
 * `3f9c…e1.lab.test` for `www.lab.test`, `3f9c…e1.example.com` for `example.com`: a random label in a
 * real zone. Not `.invalid`, which some resolvers answer themselves without asking anyone, so a
 * rewriting upstream would go unseen. 64 random bits: no zone has that name by accident.
 */
export function nonexistentName(knownName: string): string {
  const labels = knownName.replace(/\.$/, '').split('.');
  const zone = labels.length > 2 ? labels.slice(1).join('.') : labels.join('.');
  return `${randomBytes(8).toString('hex')}.${zone}`;
}

/** `www.lab.test@10.200.1.1`, `www.lab.test@[2001:db8:1::1]`. */
export function dnsTarget(name: string, server: string): string {
  return `${name}@${isIP(server) === 6 ? `[${server}]` : server}`;
}

interface ServerQuery {
  readonly server: string;
  readonly role: DnsRole;
  readonly port: number;
  readonly names: readonly { readonly name: string; readonly purpose: DnsPurpose }[];
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** One Resolver per server, so an answer can only have come from that server. */
async function askServer(query: ServerQuery): Promise<DnsProbeResult[]> {
  const { server, role, names, timeoutMs, signal } = query;
  const family = isIP(server) === 6 ? 6 : 4;
  const result = (
    name: string,
    purpose: DnsPurpose,
    outcome: DnsOutcome,
    errorCode: string | null,
    ms: number | null,
    answers: readonly string[] = [],
  ): DnsProbeResult => ({
    kind: 'dns',
    target: dnsTarget(name, server),
    family,
    outcome,
    errorCode,
    ms,
    server,
    role,
    name,
    purpose,
    answers,
  });

  if (signal.aborted)
    return names.map(({ name, purpose }) => result(name, purpose, 'local-error', ABORTED_ERROR_CODE, null));
  // tries: 1 so a silent server costs one timeout, not c-ares' default of four attempts.
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  try {
    resolver.setServers([family === 6 ? `[${server}]:${query.port}` : `${server}:${query.port}`]);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EINVAL';
    return names.map(({ name, purpose }) => result(name, purpose, 'local-error', code, null));
  }

  // c-ares' own timeout stretches past the one asked for (it waited 1.6 s for 800 ms here), so the
  // deadline is ours: cancel() ends every query still waiting.
  let stoppedBy: 'deadline' | 'abort' | null = null;
  const deadline = setTimeout(() => {
    stoppedBy = 'deadline';
    resolver.cancel();
  }, timeoutMs);
  const onAbort = (): void => {
    stoppedBy ??= 'abort';
    resolver.cancel();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.all(
      names.map(
        ({ name, purpose }) =>
          new Promise<DnsProbeResult>((resolve) => {
            const elapsed = startStopwatch();
            // The trailing dot makes the name absolute: no search domain from resolv.conf is tried after
            // an NXDOMAIN, which would turn one question into several and blur the answer.
            resolver.resolve4(`${name}.`, (error, addresses) => {
              const ms = elapsed();
              if (error === null) return resolve(result(name, purpose, 'answered', null, ms, addresses));
              const code = error.code ?? 'UNKNOWN';
              if (code === 'ECANCELLED' && stoppedBy === 'deadline') {
                return resolve(result(name, purpose, 'timeout', 'ETIMEOUT', ms));
              }
              if (code === 'ECANCELLED' && stoppedBy === 'abort') {
                return resolve(result(name, purpose, 'local-error', ABORTED_ERROR_CODE, ms));
              }
              resolve(result(name, purpose, classifyDnsError(code), code, ms));
            });
          }),
      ),
    );
  } finally {
    clearTimeout(deadline);
    signal.removeEventListener('abort', onAbort);
  }
}

function unique(servers: readonly string[]): string[] {
  return [...new Set(servers)];
}
