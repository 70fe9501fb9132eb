/** Outage lengths as notifications say them: the two largest units, spelled out for reading aloud. */

/**
 * `45 s`, `4 min 12 s`, `1 h 5 min`, `2 d 3 h`; under a second, `less than a second`. Rounded down, like
 * a stopwatch, so "4 min 59 s" never becomes "5 min 0 s" before it is.
 */
export function outageDurationText(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  if (seconds === 0) return 'less than a second';
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const secs = seconds % 60;
  if (days > 0) return pair(days, 'd', hours, 'h');
  if (hours > 0) return pair(hours, 'h', minutes, 'min');
  if (minutes > 0) return pair(minutes, 'min', secs, 's');
  return `${secs} s`;
}

/** The smaller unit is dropped when it is zero: `1 h`, not `1 h 0 min`. */
function pair(big: number, bigUnit: string, small: number, smallUnit: string): string {
  return small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`;
}
