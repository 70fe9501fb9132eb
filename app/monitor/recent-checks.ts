/**
 * Remembers what the monitor's last few minutes of checks saw, for the quality rules: each check's
 * fastest connect, whether it connected at all, and the connect burst of each full diagnosis. Memory
 * only, bounded by the window and a count: the history database keeps the long view.
 */
import type { CheckReport } from '../check.js';
import type { RecentBurst, RecentChecks } from '../diagnosis/types.js';
import { isQualityResult } from '../probes/quality.js';
import { formatEndpoint } from '../probes/types.js';
import { fastestConnectMs } from './fast-timeout.js';

/** Two minutes: long enough for a minute of checks at the default 5 s, short enough to forget a fix. */
export const RECENT_WINDOW_MS = 120_000;
/** At 1 s intervals two minutes are 120 checks; never keep more, whatever the clock does. */
export const MAX_RECENT_CHECKS = 150;

interface Sample {
  readonly at: number;
  readonly fastestMs: number | null;
  readonly burst: RecentBurst | null;
}

export interface RecentCheckLog {
  record(report: CheckReport, at: number): void;
  /** What the window before `at` holds, newest first; null when it holds no check. */
  summary(at: number): RecentChecks | null;
}

export function createRecentCheckLog(windowMs = RECENT_WINDOW_MS): RecentCheckLog {
  let samples: Sample[] = [];
  const prune = (at: number): void => {
    // A clock that went backwards makes every sample "future": drop those too, they are not recent.
    samples = samples
      .filter((sample) => sample.at > at - windowMs && sample.at <= at)
      .slice(-MAX_RECENT_CHECKS);
  };
  return {
    record(report, at) {
      samples.push({ at, fastestMs: fastestConnectMs(report), burst: burstOf(report) });
      prune(at);
    },
    summary(at) {
      prune(at);
      if (samples.length === 0) return null;
      const newestFirst = [...samples].reverse();
      return {
        windowMs,
        checks: samples.length,
        failedChecks: samples.filter((sample) => sample.fastestMs === null).length,
        fastestMs: newestFirst.flatMap((sample) => (sample.fastestMs === null ? [] : [sample.fastestMs])),
        bursts: newestFirst.flatMap((sample) => (sample.burst === null ? [] : [sample.burst])),
      };
    },
  };
}

function burstOf(report: CheckReport): RecentBurst | null {
  const burst = report.probes.find(isQualityResult);
  if (burst === undefined || burst.outcome !== 'measured' || burst.endpoint === null) return null;
  return { target: formatEndpoint(burst.endpoint), sent: burst.sent, lost: burst.lost };
}
