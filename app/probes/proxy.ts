/**
 * The proxy checks: when a proxy is configured (HTTPS_PROXY and friends, or the OS setting), does it
 * carry traffic? A CONNECT to one of the check's own targets asks what an HTTPS client would ask; a GET
 * of the portal URL through the HTTP proxy asks what a plain-HTTP client would. No proxy configured,
 * no results.
 */
import { exchange, type Exchange } from './http-exchange.js';
import { hostOf, lookupFor, resolveHost, systemLookup, USER_AGENT, type NameLookup } from './http-portal.js';
import { judgeAnswer, knownAnswerFor } from './known-answers.js';
import type { LayerContext, LayerProbe } from './layers.js';
import { startStopwatch } from './monotonic.js';
import { bypassesProxy, proxyPlanFrom, type ParsedProxy } from './proxy-config.js';
import { ABORTED_ERROR_CODE } from './tcp.js';
import { formatEndpoint, type Endpoint } from './types.js';
import type { ProxyOutcome, ProxyProbeResult } from './web-types.js';

export interface ProxyProbeOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly lookup?: NameLookup;
}

/**
 * Proxies commonly allow CONNECT only to 443 (Squid's default SSL_ports), so a 443 target is the fair
 * question; the first target otherwise.
 */
export function connectTargetOf(targets: readonly Endpoint[]): Endpoint | null {
  return targets.find((target) => target.port === 443) ?? targets[0] ?? null;
}

export const proxyLayer: LayerProbe = (context: LayerContext) => {
  const plan = proxyPlanFrom(context.settings);
  const options = { timeoutMs: context.timeoutMs, signal: context.signal, lookup: lookupFor(context) };
  const checks: Promise<ProxyProbeResult>[] = [];
  const target = connectTargetOf(context.targets ?? []);
  if (plan.https !== null && target !== null && !bypassesProxy(target.host, target.port, plan.noProxy)) {
    checks.push(probeProxyConnect(plan.https, target, options));
  }
  if (plan.http !== null) {
    for (const url of context.settings.portalUrls) {
      const parsed = new URL(url);
      const port = parsed.port === '' ? 80 : Number(parsed.port);
      if (!bypassesProxy(hostOf(parsed), port, plan.noProxy))
        checks.push(probeProxyGet(plan.http, url, options));
    }
  }
  return Promise.all(checks);
};

/** Opens a tunnel to `target` through the proxy and closes it as soon as the proxy answers. */
export function probeProxyConnect(
  proxy: ParsedProxy,
  target: Endpoint,
  options: ProxyProbeOptions,
): Promise<ProxyProbeResult> {
  const destination = formatEndpoint(target);
  return throughProxy(proxy, 'proxy-connect', destination, options, (address) => ({
    method: 'CONNECT',
    path: destination,
    headers: { Host: destination, ...address.auth },
  }));
}

/** Fetches a known-answer URL through the proxy, judged like the direct fetch. */
export function probeProxyGet(
  proxy: ParsedProxy,
  url: string,
  options: ProxyProbeOptions,
): Promise<ProxyProbeResult> {
  const parsed = new URL(url);
  return throughProxy(proxy, 'proxy-get', url, options, (address) => ({
    method: 'GET',
    path: parsed.href,
    headers: { Host: parsed.host, 'User-Agent': USER_AGENT, Accept: '*/*', ...address.auth },
  }));
}

type RequestShape = { method: 'GET' | 'CONNECT'; path: string; headers: Record<string, string> };

async function throughProxy(
  proxy: ParsedProxy,
  check: ProxyProbeResult['check'],
  destination: string,
  options: ProxyProbeOptions,
  shape: (context: { auth: Record<string, string> }) => RequestShape,
): Promise<ProxyProbeResult> {
  const elapsed = startStopwatch();
  const result = (
    outcome: ProxyOutcome,
    family: 4 | 6 | null,
    errorCode: string | null,
    ms: number | null,
    status: number | null = null,
    authScheme: string | null = null,
  ): ProxyProbeResult => ({
    kind: 'http',
    check,
    target: `${proxy.display} ${check === 'proxy-connect' ? 'CONNECT' : 'GET'} ${destination}`,
    family,
    outcome,
    errorCode,
    ms,
    proxy: proxy.display,
    variable: proxy.variable,
    destination,
    status,
    authScheme,
    credentials: proxy.kind === 'http' && proxy.authorization !== null,
  });
  if (proxy.kind !== 'http') {
    return proxy.kind === 'unsupported'
      ? result('unsupported', null, null, null)
      : result('invalid-setting', null, 'EINVAL', null);
  }
  if (options.signal?.aborted) return result('local-error', null, ABORTED_ERROR_CODE, null);

  const resolved = await resolveHost(proxy.host, options.timeoutMs, options.lookup ?? systemLookup);
  if ('failure' in resolved) return result('dns-failed', null, resolved.errorCode, elapsed());
  const request = shape({
    auth: proxy.authorization === null ? {} : { 'Proxy-Authorization': proxy.authorization },
  });
  const answered = await exchange({
    ...request,
    address: resolved.address,
    family: resolved.family,
    port: proxy.port,
    timeoutMs: options.timeoutMs - elapsed(),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  if (!answered.answered) {
    // Connected, but what came back was not HTTP: something listens there, not a proxy.
    const outcome = answered.failure === 'http-error' ? 'proxy-error' : answered.failure;
    return result(outcome, resolved.family, answered.errorCode, elapsed());
  }
  const outcome = judgeThroughProxy(check, destination, answered);
  const scheme = outcome === 'auth-required' ? schemeOf(answered.headers['proxy-authenticate']) : null;
  return result(
    outcome,
    resolved.family,
    outcome === 'connected' || outcome === 'ok' ? null : `HTTP ${answered.status}`,
    elapsed(),
    answered.status,
    scheme,
  );
}

function judgeThroughProxy(
  check: ProxyProbeResult['check'],
  destination: string,
  answered: Extract<Exchange, { answered: true }>,
): ProxyOutcome {
  const { status } = answered;
  if (status === 407) return 'auth-required';
  if (check === 'proxy-connect') return status >= 200 && status < 300 ? 'connected' : 'proxy-error';
  // A 4xx or 5xx here is the proxy's own refusal (403 by policy, 502/504 upstream failed).
  if (status >= 400) return 'proxy-error';
  const url = new URL(destination);
  const location = answered.headers.location ?? null;
  return judgeAnswer(knownAnswerFor(url), status, location, answered.body);
}

/** `Basic realm="office"` → `Basic`; several challenges arrive joined by commas. */
function schemeOf(header: string | string[] | undefined): string | null {
  const first = Array.isArray(header) ? header[0] : header;
  const scheme = first?.trim().split(/[\s,]/)[0];
  return scheme === undefined || scheme === '' ? null : scheme;
}
