import type { HistoryRange } from '../../app/api/contract.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Two units at most, largest first: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function formatDuration(ms: number): string {
  const value = Math.max(0, ms);
  if (value < MINUTE) return `${Math.floor(value / SECOND)} s`;
  if (value < HOUR) return `${Math.floor(value / MINUTE)} min`;
  if (value < DAY) {
    const hours = Math.floor(value / HOUR);
    const minutes = Math.floor((value % HOUR) / MINUTE);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(value / DAY);
  const hours = Math.floor((value % DAY) / HOUR);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

/** "for 12 min"; under a minute "for less than a minute", which reads better than a ticking seconds count. */
export function formatSince(since: number, now: number): string {
  const elapsed = now - since;
  return elapsed < MINUTE ? 'for less than a minute' : `for ${formatDuration(elapsed)}`;
}

export function formatLatency(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Rounded down, so 99.999 % never shows as a perfect 100 %. */
export function formatPercent(percent: number): string {
  if (percent >= 100) return '100 %';
  const floored = Math.floor(percent * 100) / 100;
  return `${floored.toFixed(2)} %`;
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Intl throws a RangeError on a time outside ±8.64e15 ms; one bad value must not stop a render. */
const UNKNOWN_TIME = 'an unknown time';
const representable = (epochMs: number): boolean => !Number.isNaN(new Date(epochMs).getTime());

export function formatDateTime(epochMs: number): string {
  return representable(epochMs) ? dateTime.format(epochMs) : UNKNOWN_TIME;
}

export function formatTime(epochMs: number): string {
  return representable(epochMs) ? time.format(epochMs) : UNKNOWN_TIME;
}

export const RANGE_WORDS: Readonly<Record<HistoryRange, string>> = {
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
};
