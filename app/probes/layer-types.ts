/**
 * The shapes the layer probes share, and the proxy variables they read. Kept apart from the probes
 * themselves so the CLI can build settings without loading TLS, HTTP and DNS code at start-up.
 */
import type { LocalConfig } from './local-types.js';
import type { Endpoint, ProbeResult } from './types.js';

/** What the layer probes are pointed at (DESIGN.md §4 keys), plus the proxy environment. */
export interface LayerSettings {
  readonly dnsNames: readonly string[];
  readonly referenceResolvers: readonly string[];
  readonly portalUrls: readonly string[];
  readonly tlsTarget: Endpoint;
  readonly tlsName: string;
  /** HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY (either case) as the process or the app sees them. */
  readonly proxyEnv: Readonly<Record<string, string | undefined>>;
  /** The OS's own proxy setting, as the app reads it; used where no proxy variable is set. */
  readonly systemProxy?: SystemProxySettings;
}

/** A proxy configured in the OS settings (the CLI leaves this out and reads only the variables). */
export interface SystemProxySettings {
  /** Proxy URLs (`http://proxy:3128`) for https:// and http:// destinations. */
  readonly https?: string;
  readonly http?: string;
  /** Hosts that go direct, in NO_PROXY syntax. */
  readonly bypass?: readonly string[];
  /** Where the user changes it, quoted in the diagnosis: `the system proxy settings`. */
  readonly source: string;
}

export interface LayerContext {
  readonly settings: LayerSettings;
  readonly local: LocalConfig;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** The check's TCP targets, for probes that need a destination (a CONNECT through a proxy). */
  readonly targets?: readonly Endpoint[];
}

/** Never rejects for a network failure: every outcome is a ProbeResult. */
export type LayerProbe = (context: LayerContext) => Promise<readonly ProbeResult[]>;

/** The names of the proxy variables, in the order curl and most tools honour them. */
export const PROXY_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'ALL_PROXY',
  'all_proxy',
  'NO_PROXY',
  'no_proxy',
] as const;

export function proxyEnvFrom(env: Readonly<Record<string, string | undefined>>): LayerSettings['proxyEnv'] {
  return Object.fromEntries(
    PROXY_VARIABLES.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]),
  );
}
