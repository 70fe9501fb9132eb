/**
 * The results of the web layer: the captive-portal check (a plain HTTP GET with a known answer) and the
 * proxy checks (CONNECT and GET through a configured proxy). Both are `kind: 'http'`; `check` tells them
 * apart. The extra fields feed the rules and stay out of `check --json` (app/cli/json-output.ts keeps
 * only the DESIGN.md §4 keys of a probe).
 */
import type { ProbeResult } from './types.js';

/**
 * How a known-answer URL answered when fetched directly.
 * - ok: the exact known answer (204 empty, or the URL's known 200 body): the web is not intercepted.
 * - redirected: a 3xx with a Location, the usual captive-portal move; `location` is the sign-in page.
 * - wrong-answer: a 200 with another body (a walled garden's own page, a filter's block page).
 * - http-error: an answer that is neither (4xx, 5xx, 3xx without Location, broken HTTP).
 * - timeout / refused / unreachable: the HTTP connection itself failed.
 * - dns-failed: the URL's host name did not resolve through the system resolver.
 * - local-error: this machine could not try (aborted, no source address).
 */
export type PortalOutcome =
  | 'ok'
  | 'redirected'
  | 'wrong-answer'
  | 'http-error'
  | 'timeout'
  | 'refused'
  | 'unreachable'
  | 'dns-failed'
  | 'local-error';

/**
 * How a check through a proxy ended.
 * - connected: CONNECT answered 200, the tunnel is open.
 * - ok / redirected / wrong-answer / http-error: a GET through the proxy, judged like the direct one.
 * - auth-required: HTTP 407, the proxy wants credentials (`authScheme` says which kind).
 * - proxy-error: the proxy answered with another status (403 forbidden, 502 upstream failed …).
 * - refused / timeout / unreachable / dns-failed: the proxy itself could not be reached.
 * - unsupported: a SOCKS or HTTPS proxy, which this check does not speak; nothing is concluded.
 * - invalid-setting: the variable's value is not a proxy URL.
 * - local-error: aborted or could not try.
 */
export type ProxyOutcome =
  | 'connected'
  | 'ok'
  | 'redirected'
  | 'wrong-answer'
  | 'http-error'
  | 'auth-required'
  | 'proxy-error'
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'dns-failed'
  | 'unsupported'
  | 'invalid-setting'
  | 'local-error';

export interface PortalProbeResult extends ProbeResult {
  readonly kind: 'http';
  readonly check: 'portal';
  readonly outcome: PortalOutcome;
  readonly url: string;
  /** The HTTP status, null when no answer came. */
  readonly status: number | null;
  /** The redirect target, made absolute against `url`; null unless redirected. */
  readonly location: string | null;
  /** The first 200 characters of the body, for the evidence line; null when there was no answer. */
  readonly bodySample: string | null;
  /** The first http(s) link of a page that was not the known answer (a walled garden's sign-in link). */
  readonly pageLink: string | null;
}

/** Where a proxy setting came from and where it points (credentials never included). */
export interface ProxySource {
  /** `http://10.0.0.1:3128`, user and password removed. */
  readonly proxy: string;
  /** `HTTPS_PROXY`, `all_proxy`, or the app's description of the OS setting. */
  readonly variable: string;
}

export interface ProxyProbeResult extends ProbeResult, ProxySource {
  readonly kind: 'http';
  readonly check: 'proxy-connect' | 'proxy-get';
  readonly outcome: ProxyOutcome;
  /** `198.51.100.1:443` for CONNECT, the portal URL for GET. */
  readonly destination: string;
  readonly status: number | null;
  /** The first word of Proxy-Authenticate (`Basic`, `Negotiate`) on a 407. */
  readonly authScheme: string | null;
  /** Whether the setting carried a user name and password (sent as Proxy-Authorization). */
  readonly credentials: boolean;
}

export function isPortalResult(probe: ProbeResult): probe is PortalProbeResult {
  return probe.kind === 'http' && (probe as Partial<PortalProbeResult>).check === 'portal';
}

export function isProxyResult(probe: ProbeResult): probe is ProxyProbeResult {
  const check = (probe as Partial<ProxyProbeResult>).check;
  return probe.kind === 'http' && (check === 'proxy-connect' || check === 'proxy-get');
}
