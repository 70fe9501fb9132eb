import { isDnsProbeResult } from '../probes/dns-result.js';
import type { ProbeResult } from '../probes/types.js';

/**
 * Outcomes that mean "this probe found nothing wrong"; anything else is a failure worth a log line.
 * The error code alone cannot tell: a gateway that refuses a connection is alive (`gateway-alive`
 * with ECONNREFUSED). Probe kinds name their success outcomes here when they are added.
 */
const SUCCESS_OUTCOMES: ReadonlySet<string> = new Set([
  'connected',
  'gateway-alive',
  'ok',
  'answered',
  'no-data',
  'measured',
  // The burst ran out of time after a slow first connect: that slowness is judged from the targets.
  'unmeasured',
]);

export function isProbeFailure(probe: ProbeResult): boolean {
  // The DNS check's made-up name must not exist: NXDOMAIN is its success, an address its failure.
  if (isDnsProbeResult(probe) && probe.purpose === 'nonexistent') return probe.outcome !== 'nxdomain';
  return !SUCCESS_OUTCOMES.has(probe.outcome);
}

/** `12 ms`, or `-` when the probe never started. */
export function formatMs(ms: number | null): string {
  return ms === null ? '-' : `${Math.round(ms)} ms`;
}

/** One probe as one line, for `--verbose` and the log file: `tcp 1.1.1.1:53 timeout 3000 ms ETIMEDOUT`. */
export function describeProbe(probe: ProbeResult): string {
  const family = probe.family === null ? '' : ` IPv${probe.family}`;
  const error = probe.errorCode === null ? '' : ` ${probe.errorCode}`;
  return `${probe.kind} ${probe.target}${family} ${probe.outcome} ${formatMs(probe.ms)}${error}`;
}
