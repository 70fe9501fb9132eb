import { performance } from 'node:perf_hooks';

/**
 * Starts a stopwatch on the monotonic clock. Wall-clock time (Date.now) jumps when NTP corrects the
 * clock or the machine wakes from sleep, which would turn a 30 ms connect into minutes or less than 0.
 */
export function startStopwatch(): () => number {
  const startedAt = performance.now();
  return () => roundToTenth(performance.now() - startedAt);
}

/** Probe timings are reported to 0.1 ms: finer digits are scheduler noise. */
export function roundToTenth(ms: number): number {
  return Math.round(ms * 10) / 10;
}
