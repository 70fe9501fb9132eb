/**
 * The layers above plain reachability (DNS, web/portal/proxy, TLS, link quality). Each layer is one
 * probe runner registered in LAYER_PROBES; runCheck starts them all at once, beside the TCP targets, so
 * a full diagnosis stays bounded by one timeout.
 */
import type { LocalConfig } from './local-types.js';
import type { Endpoint, ProbeResult } from './types.js';
import { probeDns } from './dns.js';
import { portalLayer } from './http-portal.js';
import { proxyLayer } from './proxy.js';
import { probeQualityLayer } from './quality.js';
import { probeTlsLayer } from './tls.js';

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

export const LAYER_PROBES: readonly LayerProbe[] = [
  probeDns,
  portalLayer,
  proxyLayer,
  probeTlsLayer,
  probeQualityLayer,
];

/**
 * The layers that can prove the internet reachable when no direct target connects (a captive portal
 * answering HTTP, a proxy that works). A fast check needs only these, and only when direct targets
 * are slow to answer.
 */
export const OTHER_ROUTE_PROBES: readonly LayerProbe[] = [portalLayer, proxyLayer];

/** Runs every layer concurrently; a runner that throws (a bug) becomes one result, not a failed check. */
export async function runLayerProbes(
  context: LayerContext,
  probes: readonly LayerProbe[] = LAYER_PROBES,
): Promise<ProbeResult[]> {
  const settled = await Promise.all(
    probes.map((probe) =>
      probe(context).then(
        (results) => [...results],
        (error: unknown): ProbeResult[] => [
          {
            kind: 'local',
            target: probe.name || 'layer probe',
            family: null,
            outcome: 'probe-error',
            errorCode: error instanceof Error ? (error.message.split('\n')[0] ?? null) : String(error),
            ms: null,
          },
        ],
      ),
    ),
  );
  return settled.flat();
}

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
