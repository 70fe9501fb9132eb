/**
 * The captive-portal check: a plain HTTP GET, straight to the server (no proxy, no redirects
 * followed), to URLs whose answer is known. The answer tells an open web (the known answer), a sign-in
 * page (a redirect) and a walled garden (someone else's page) apart.
 */
import { lookup as dnsLookup, Resolver } from 'node:dns/promises';
import net from 'node:net';
import { exchange } from './http-exchange.js';
import { absoluteWebUrl, firstLinkIn, judgeAnswer, knownAnswerFor, sampleOf } from './known-answers.js';
import type { LayerContext, LayerProbe } from './layers.js';
import { startStopwatch } from './monotonic.js';
import { ABORTED_ERROR_CODE } from './tcp.js';
import type { PortalOutcome, PortalProbeResult } from './web-types.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a name through the system resolver (hosts file, mDNS, DNS), as a browser would. */
export type NameLookup = (hostname: string) => Promise<ResolvedAddress>;

export const systemLookup: NameLookup = async (hostname) => {
  const found = await dnsLookup(hostname);
  return { address: found.address, family: found.family === 6 ? 6 : 4 };
};

/**
 * Resolves through the given DNS servers with c-ares, which runs on the event loop and can be
 * cancelled. getaddrinfo cannot: a lookup stuck on a dead resolver holds a worker thread, and Node
 * waits for that thread before the process may exit (seen: a 1 s check exiting after 6 s). Tries
 * IPv4 first, as the known-answer endpoints all have A records. `localhost` never needs DNS.
 */
export function resolverLookup(servers: readonly string[], timeoutMs: number): NameLookup {
  return async (hostname) => {
    if (hostname === 'localhost') return { address: '127.0.0.1', family: 4 };
    const resolver = new Resolver({ timeout: Math.max(1, timeoutMs), tries: 1 });
    resolver.setServers([...servers]);
    const timer = setTimeout(() => resolver.cancel(), timeoutMs);
    try {
      const v4 = await resolver.resolve4(hostname).catch(() => [] as string[]);
      const [first4] = v4;
      if (first4 !== undefined) return { address: first4, family: 4 };
      const [first6] = await resolver.resolve6(hostname);
      if (first6 === undefined)
        throw Object.assign(new Error(`no address for ${hostname}`), { code: 'ENODATA' });
      return { address: first6, family: 6 };
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The configured resolvers when the OS told us any, else the system's own lookup. */
export function lookupFor(context: LayerContext): NameLookup {
  return context.local.resolvers.length > 0
    ? resolverLookup(context.local.resolvers, context.timeoutMs)
    : systemLookup;
}

export interface PortalProbeOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly lookup?: NameLookup;
}

/** Sent on every request: a portal may vary its answer by client, and should see an honest one. */
export const USER_AGENT = 'internet-conn (connectivity check)';

/** Fetches one known-answer URL; the deadline covers the name lookup and the request together. */
export async function probePortal(url: string, options: PortalProbeOptions): Promise<PortalProbeResult> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:') throw new TypeError(`portal URL ${url} is not plain http://`);
  const elapsed = startStopwatch();
  const result = (
    outcome: PortalOutcome,
    family: 4 | 6 | null,
    errorCode: string | null,
    ms: number | null,
    answer: Partial<Pick<PortalProbeResult, 'status' | 'location' | 'bodySample' | 'pageLink'>> = {},
  ): PortalProbeResult => ({
    kind: 'http',
    check: 'portal',
    target: url,
    family,
    outcome,
    errorCode,
    ms,
    url,
    status: answer.status ?? null,
    location: answer.location ?? null,
    bodySample: answer.bodySample ?? null,
    pageLink: answer.pageLink ?? null,
  });
  if (options.signal?.aborted) return result('local-error', null, ABORTED_ERROR_CODE, null);

  const resolved = await resolveHost(hostOf(parsed), options.timeoutMs, options.lookup ?? systemLookup);
  // A lookup that never answered is a DNS failure too (errorCode ETIMEDOUT): HTTP was never tried.
  if ('failure' in resolved) return result('dns-failed', null, resolved.errorCode, elapsed());
  const answered = await exchange({
    address: resolved.address,
    family: resolved.family,
    port: parsed.port === '' ? 80 : Number(parsed.port),
    method: 'GET',
    path: `${parsed.pathname}${parsed.search}`,
    headers: { Host: parsed.host, 'User-Agent': USER_AGENT, Accept: '*/*', 'Cache-Control': 'no-cache' },
    timeoutMs: options.timeoutMs - elapsed(),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  if (!answered.answered) return result(answered.failure, resolved.family, answered.errorCode, elapsed());

  const location = locationOf(answered.headers.location, parsed);
  const verdict = judgeAnswer(knownAnswerFor(parsed), answered.status, location, answered.body);
  return result(verdict, resolved.family, verdict === 'ok' ? null : `HTTP ${answered.status}`, elapsed(), {
    status: answered.status,
    location: verdict === 'redirected' ? location : null,
    bodySample: sampleOf(answered.body),
    pageLink: verdict === 'wrong-answer' ? firstLinkIn(answered.body, parsed) : null,
  });
}

/** The web layer's portal runner: every configured URL at once. */
export const portalLayer: LayerProbe = (context: LayerContext) =>
  Promise.all(
    context.settings.portalUrls.map((url) =>
      probePortal(url, { timeoutMs: context.timeoutMs, signal: context.signal, lookup: lookupFor(context) }),
    ),
  );

/** `[2001:db8::1]` in a URL is `2001:db8::1` to the resolver. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

type Resolution = ResolvedAddress | { readonly failure: 'dns-failed'; readonly errorCode: string };

/**
 * An IP literal needs no lookup. A lookup cannot be cancelled (getaddrinfo runs on a worker thread),
 * so the deadline only stops waiting for it.
 */
export async function resolveHost(
  hostname: string,
  timeoutMs: number,
  lookup: NameLookup,
): Promise<Resolution> {
  const literal = net.isIP(hostname);
  if (literal !== 0) return { address: hostname, family: literal === 6 ? 6 : 4 };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Resolution>((resolve) => {
    timer = setTimeout(() => resolve({ failure: 'dns-failed', errorCode: 'ETIMEDOUT' }), timeoutMs);
  });
  const lookedUp = lookup(hostname).then(
    (found): Resolution => found,
    (error: NodeJS.ErrnoException): Resolution => ({
      failure: 'dns-failed',
      errorCode: error.code ?? 'UNKNOWN',
    }),
  );
  try {
    return await Promise.race([lookedUp, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function locationOf(header: string | undefined, base: URL): string | null {
  return header === undefined ? null : absoluteWebUrl(header, base);
}
