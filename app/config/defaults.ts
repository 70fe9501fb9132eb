import type { Endpoint } from '../probes/types.js';
import type { Settings } from './schema.js';

/**
 * Three independent providers (Cloudflare, Google, Quad9), so one provider's outage is never
 * reported as "offline". Port 443 because nearly every network lets it through; 1.1.1.1:53 beside
 * 1.1.1.1:443 so a blocked port is told apart from an outage; two IPv6 targets (two providers) so
 * the IPv6 family is judged on its own rather than by one host's health.
 */
export const DEFAULT_TARGETS: readonly Endpoint[] = [
  { host: '1.1.1.1', port: 443, family: 4 },
  { host: '1.1.1.1', port: 53, family: 4 },
  { host: '8.8.8.8', port: 443, family: 4 },
  { host: '9.9.9.9', port: 443, family: 4 },
  { host: '2606:4700:4700::1111', port: 443, family: 6 },
  { host: '2001:4860:4860::8888', port: 443, family: 6 },
];

/** Long enough for a satellite link's first handshake (~700 ms) several times over, short enough to wait for. */
export const DEFAULT_TIMEOUT_MS = 3000;
export const TIMEOUT_MIN_MS = 100;
export const TIMEOUT_MAX_MS = 60_000;

/** Frequent enough that the tray turns red within seconds, rare enough to cost nothing on battery. */
export const DEFAULT_INTERVAL_MS = 5000;
export const INTERVAL_MIN_MS = 1000;
export const INTERVAL_MAX_MS = 3_600_000;

/** Two names under different operators, so one zone's trouble is not read as "DNS is failing". */
export const DEFAULT_DNS_NAMES: readonly string[] = ['example.com', 'wikipedia.org'];

/** Public resolvers asked beside the system one: same answer means the local resolver is honest. */
export const DEFAULT_REFERENCE_RESOLVERS: readonly string[] = ['1.1.1.1', '8.8.8.8', '9.9.9.9'];

/** Plain-HTTP pages with a known answer that captive portals intercept; the ones OSes themselves use. */
export const DEFAULT_PORTAL_URLS: readonly string[] = [
  'http://connectivitycheck.gstatic.com/generate_204',
  'http://captive.apple.com/hotspot-detect.html',
];

/** A host whose certificate name is known, to catch TLS interception and a wrong clock. */
export const DEFAULT_TLS_TARGET: Endpoint = { host: '1.1.1.1', port: 443, family: 4 };
export const DEFAULT_TLS_NAME = 'one.one.one.one';

/** Loopback only: the status page shows this machine's network details and must not be public. */
export const DEFAULT_LISTEN: Endpoint = { host: '127.0.0.1', port: 8470, family: 4 };

/** What every key is when no flag, environment variable or config file sets it. */
export const DEFAULT_SETTINGS: Settings = {
  targets: DEFAULT_TARGETS,
  timeoutMs: DEFAULT_TIMEOUT_MS,
  intervalMs: DEFAULT_INTERVAL_MS,
  logFile: null,
  dnsNames: DEFAULT_DNS_NAMES,
  referenceResolvers: DEFAULT_REFERENCE_RESOLVERS,
  portalUrls: DEFAULT_PORTAL_URLS,
  tlsTarget: DEFAULT_TLS_TARGET,
  tlsName: DEFAULT_TLS_NAME,
  db: null,
  metricsListen: null,
  listen: DEFAULT_LISTEN,
  token: null,
};
