import { setMaxListeners } from 'node:events';
import type { Cause, RecentChecks, Status } from './diagnosis/types.js';
import { checkGateways, gatewayProbeResult } from './probes/gateway.js';
import type { LayerSettings } from './probes/layer-types.js';
import { createLocalConfigReader } from './probes/local/index.js';
import type { LocalConfigReader } from './probes/local-types.js';
import { probeTcp } from './probes/tcp.js';
import type { Endpoint, ProbeResult, TcpProbeResult } from './probes/types.js';

/**
 * How long a fast check waits for a direct target before it also tries the portal and proxy probes.
 * A healthy link connects in tens of milliseconds (a 40 ms RTT link in about 42 ms), so on most
 * networks a fast check sends nothing else; on a 600 ms satellite link it costs one portal request.
 */
export const FAST_LAYER_GRACE_MS = 250;

export interface CheckOptions {
  readonly targets: readonly Endpoint[];
  readonly timeoutMs: number;
  /** Answer `online` the moment one target connects and abandon the rest. */
  readonly fast: boolean;
  readonly signal?: AbortSignal;
  readonly onProbeDone?: (result: ProbeResult, done: number, total: number) => void;
  readonly localConfigReader?: LocalConfigReader;
  /** Where the DNS, web, TLS and quality layers look; without it only reachability is judged. */
  readonly layers?: LayerSettings;
  readonly platform?: NodeJS.Platform;
  /** The monitor's recent checks, weighed with this check's quality burst (rules/quality.ts). */
  readonly recent?: RecentChecks;
}

/** The `check --json` document (DESIGN.md §4). */
export interface CheckReport {
  readonly schema: 1;
  readonly status: Status;
  readonly causes: readonly Cause[];
  readonly probes: readonly ProbeResult[];
  readonly startedAt: string;
  readonly elapsedMs: number;
}

/**
 * One diagnosis run. Every probe starts at once, so the whole run is bounded by one timeout, never
 * timeout × probes. In fast mode the first connected target settles the verdict.
 */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const startedAt = new Date();
  const startedMs = performance.now();
  const platform = options.platform ?? process.platform;
  const reader = options.localConfigReader ?? createLocalConfigReader(platform);
  const cancelRest = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, cancelRest.signal]) : cancelRest.signal;
  // Every probe listens for the abort; Node warns past ten listeners, which is no leak here.
  setMaxListeners(0, signal);
  const probeOptions = { timeoutMs: options.timeoutMs, signal };
  // Probes that start only once the local configuration is read (a few ms in) get what is left of the
  // timeout, so every probe of the run gives up at the same moment and a black hole costs exactly one
  // timeout: the monitor's detection budget (timing.ts) has no slack for a late straggler.
  const remainingMs = (): number =>
    Math.max(1, Math.round(options.timeoutMs - (performance.now() - startedMs)));

  const localPromise = reader.read();
  // Gateways are probed concurrently with the targets rather than after them: waiting would add a
  // second timeout to exactly the runs where the user is already waiting for bad news.
  const gatewaysPromise = localPromise.then((local) =>
    checkGateways(local.defaultRoutes, reader, { timeoutMs: remainingMs(), signal }),
  );
  const layers = options.layers;
  const layersPromise =
    layers === undefined
      ? Promise.resolve([])
      : localPromise.then(async (local) => {
          if (options.fast) {
            // A fast check sends nothing beyond its targets on a healthy link: only when no target
            // has connected within the grace does it ask the portal and proxy probes, which can still
            // prove the internet reachable another way, in what is left of the timeout, so the fast
            // check stays within one timeout.
            const stillWaiting = await delayUnlessAborted(FAST_LAYER_GRACE_MS, signal);
            if (!stillWaiting) return [];
          }
          // Loaded on first use: a fast check on a healthy link never needs the TLS, HTTP and DNS code.
          const { OTHER_ROUTE_PROBES, runLayerProbes } = await import('./probes/layers.js');
          const timeoutMs = remainingMs();
          if (!options.fast) {
            return runLayerProbes({ settings: layers, local, targets: options.targets, timeoutMs, signal });
          }
          return runLayerProbes(
            { settings: layers, local, targets: options.targets, timeoutMs, signal },
            OTHER_ROUTE_PROBES,
          );
        });

  const total = options.targets.length;
  let done = 0;
  let firstConnected: TcpProbeResult | undefined;
  const targetResults = await Promise.all(
    options.targets.map(async (endpoint) => {
      const result = await probeTcp(endpoint, probeOptions);
      done += 1;
      options.onProbeDone?.(result, done, total);
      if (options.fast && result.outcome === 'connected' && firstConnected === undefined) {
        firstConnected = result;
        cancelRest.abort();
      }
      return result;
    }),
  );

  const elapsed = (): number => Math.round((performance.now() - startedMs) * 10) / 10;
  if (firstConnected !== undefined) {
    return {
      schema: 1,
      status: 'online',
      causes: [],
      probes: [firstConnected],
      startedAt: startedAt.toISOString(),
      elapsedMs: elapsed(),
    };
  }

  const [local, gateways, otherProbes] = await Promise.all([localPromise, gatewaysPromise, layersPromise]);
  const { diagnose } = await import('./diagnosis/diagnose.js');
  const diagnosis = diagnose(
    {
      local,
      targets: targetResults,
      gateways,
      otherProbes,
      ...(options.recent === undefined ? {} : { recent: options.recent }),
    },
    platform,
  );
  return {
    schema: 1,
    status: diagnosis.status,
    causes: diagnosis.causes,
    probes: [...targetResults, ...gateways.map(gatewayProbeResult), ...otherProbes],
    startedAt: startedAt.toISOString(),
    elapsedMs: elapsed(),
  };
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function delayUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
