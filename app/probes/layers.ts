/**
 * The layers above plain reachability (DNS, web/portal/proxy, TLS, link quality). Each layer is one
 * probe runner registered in LAYER_PROBES; runCheck starts them all at once, beside the TCP targets, so
 * a full diagnosis stays bounded by one timeout.
 */
import type { LayerContext, LayerProbe } from './layer-types.js';
import type { ProbeResult } from './types.js';
import { probeDns } from './dns.js';
import { portalLayer } from './http-portal.js';
import { proxyLayer } from './proxy.js';
import { probeQualityLayer } from './quality.js';
import { probeTlsLayer } from './tls.js';

export * from './layer-types.js';

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
