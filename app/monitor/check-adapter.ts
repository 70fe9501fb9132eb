/**
 * Turns the one-shot `runCheck(options)` into the monitor's `CheckFunction(mode, signal)`: the monitor's
 * fast mode is the check's `fast` flag with the adaptive fast timeout (fast-timeout.ts), full mode the
 * configured timeout, and every check shares one local-config reader. (On Linux the network watch reads a
 * lighter fingerprint of its own, linux-fingerprint.ts; it only decides when to check.)
 */
import type { CheckOptions, CheckReport } from '../check.js';
import type { LayerSettings } from '../probes/layers.js';
import type { LocalConfigReader } from '../probes/local-types.js';
import type { Endpoint } from '../probes/types.js';
import type { CheckFunction } from './events.js';
import { createConnectTimes, fastTimeoutMs } from './fast-timeout.js';
import { createRecentCheckLog } from './recent-checks.js';

export type RunCheck = (options: CheckOptions) => Promise<CheckReport>;

export interface CheckAdapterOptions {
  readonly targets: readonly Endpoint[];
  /** The configured probe timeout: all of it for full diagnoses, the ceiling of the fast timeout. */
  readonly timeoutMs: number;
  readonly localConfigReader?: LocalConfigReader;
  readonly platform?: NodeJS.Platform;
  readonly layers?: LayerSettings;
  /** Wall-clock time for the recent-check window; the monitor's clock. */
  readonly now?: () => number;
}

export function checkFunctionFor(runCheck: RunCheck, options: CheckAdapterOptions): CheckFunction {
  // Both modes feed the samples: the full diagnosis at start (or after a network change) is the first
  // evidence of what this link's connects take.
  const connectTimes = createConnectTimes();
  // A full diagnosis weighs its quality burst against what the checks before it saw.
  const recentChecks = createRecentCheckLog();
  const now = options.now ?? Date.now;
  return async (mode, signal) => {
    const recent = mode === 'full' ? recentChecks.summary(now()) : null;
    const report = await runCheck({
      targets: options.targets,
      timeoutMs:
        mode === 'fast' ? fastTimeoutMs(connectTimes.samples(), options.timeoutMs) : options.timeoutMs,
      fast: mode === 'fast',
      signal,
      ...(options.localConfigReader === undefined ? {} : { localConfigReader: options.localConfigReader }),
      ...(options.platform === undefined ? {} : { platform: options.platform }),
      ...(options.layers === undefined ? {} : { layers: options.layers }),
      ...(recent === null ? {} : { recent }),
    });
    connectTimes.record(report);
    recentChecks.record(report, now());
    return report;
  };
}

/**
 * How long the monitor lets one check run before aborting it. Probes run concurrently, bounded by one
 * timeout, but the gateway probe can start only after the local read; twice the probe timeout plus a
 * second covers both. Never below the monitor's own 30 s default, so a short `--timeout` does not make
 * a slow local read fail the check.
 */
export function checkDeadlineMs(probeTimeoutMs: number, floorMs = 30_000): number {
  return Math.max(floorMs, 2 * probeTimeoutMs + 1000);
}
