/**
 * The fast check's adaptive timeout (rule and worked examples in timing.ts): the connect times this link
 * has recently shown, and the timeout they justify.
 */
import type { CheckReport } from './events.js';
import {
  FAST_TIMEOUT_FACTOR,
  FAST_TIMEOUT_FLOOR_MS,
  FAST_TIMEOUT_PERCENTILE,
  FAST_TIMEOUT_SAMPLES,
} from './timing.js';

/**
 * T = clamp(factor × max(p90, latest), floor, configured). Oldest sample first. The configured timeout
 * is a ceiling even when it is below the floor: `--timeout 500ms` means no probe waits longer.
 */
export function fastTimeoutMs(samplesMs: readonly number[], configuredMs: number): number {
  const latest = samplesMs.at(-1);
  if (latest === undefined) return configuredMs;
  const sorted = [...samplesMs].sort((a, b) => a - b);
  // Nearest rank: of 20 samples the 18th smallest, so two stray slow connects do not lengthen T.
  const rank = Math.ceil(FAST_TIMEOUT_PERCENTILE * sorted.length);
  const p90 = sorted[rank - 1] ?? latest;
  const wanted = Math.ceil(FAST_TIMEOUT_FACTOR * Math.max(p90, latest));
  return Math.min(configuredMs, Math.max(FAST_TIMEOUT_FLOOR_MS, wanted));
}

/** The connect time of the fastest target that connected; null when none did. */
export function fastestConnectMs(report: CheckReport): number | null {
  let best: number | null = null;
  for (const probe of report.probes) {
    if (probe.kind !== 'tcp' || probe.outcome !== 'connected' || probe.ms === null) continue;
    if (!Number.isFinite(probe.ms) || probe.ms < 0) continue;
    best = best === null ? probe.ms : Math.min(best, probe.ms);
  }
  return best;
}

export interface ConnectTimes {
  /** Keeps the report's fastest connect, if any target connected. */
  record(report: CheckReport): void;
  /** The oldest first, at most `FAST_TIMEOUT_SAMPLES`. */
  samples(): readonly number[];
}

export function createConnectTimes(): ConnectTimes {
  const samples: number[] = [];
  return {
    record(report) {
      const ms = fastestConnectMs(report);
      if (ms === null) return;
      samples.push(ms);
      if (samples.length > FAST_TIMEOUT_SAMPLES) samples.shift();
    },
    samples: () => samples,
  };
}
