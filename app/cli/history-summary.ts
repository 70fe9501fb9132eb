/** What `internet-conn history` reports, gathered from the history's read side in one place. */
import type { Availability } from '../history/availability.js';
import type { HistoryQueries } from '../history/queries.js';
import type { OutageRecord, SeriesPoint, TimeWindow, UptimeSummary } from '../history/types.js';

export interface LatencySummary {
  readonly minMs: number;
  /** The median of the per-bucket medians, weighted by each bucket's answered checks: close, not exact. */
  readonly medianMs: number;
  readonly maxMs: number;
}

export interface HistorySummary {
  readonly window: TimeWindow;
  readonly uptime: UptimeSummary;
  /** The monitored, offline and limited time the uptime percentages are made of. */
  readonly time: Availability;
  readonly latency: LatencySummary | null;
  readonly outages: readonly OutageRecord[];
  readonly longestOutage: OutageRecord | null;
  /** Checks recorded at any time, so an empty window can be told apart from an empty database. */
  readonly checksEver: number;
}

export function summarizeHistory(queries: HistoryQueries, window: TimeWindow): HistorySummary {
  return {
    window,
    uptime: queries.uptime(window),
    time: queries.availability(window),
    latency: latencySummary(queries.series(window).points),
    outages: queries.outages(window),
    longestOutage: queries.longestOutage(window),
    checksEver: queries.uptime({ from: 0, to: Number.MAX_SAFE_INTEGER }).checks,
  };
}

export function latencySummary(points: readonly SeriesPoint[]): LatencySummary | null {
  let min: number | null = null;
  let max: number | null = null;
  const medians: { value: number; weight: number }[] = [];
  for (const point of points) {
    if (point.latencyMinMs !== null)
      min = min === null ? point.latencyMinMs : Math.min(min, point.latencyMinMs);
    if (point.latencyMaxMs !== null)
      max = max === null ? point.latencyMaxMs : Math.max(max, point.latencyMaxMs);
    if (point.latencyMedianMs !== null) {
      medians.push({ value: point.latencyMedianMs, weight: Math.max(1, point.checks - point.failures) });
    }
  }
  if (min === null || max === null || medians.length === 0) return null;
  return { minMs: min, medianMs: weightedMedian(medians), maxMs: max };
}

/** The value at which half of the total weight lies at or below it (lower median on an exact tie). */
export function weightedMedian(values: readonly { value: number; weight: number }[]): number {
  const sorted = [...values].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, entry) => sum + entry.weight, 0);
  let seen = 0;
  for (const entry of sorted) {
    seen += entry.weight;
    if (seen * 2 >= total) return entry.value;
  }
  return sorted[sorted.length - 1]?.value ?? 0;
}
