/** Times and durations as the monitor, history and export commands print them for people. */

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** `2026-12-03 10:42:05` in the machine's local time zone: what the person at the terminal reads clocks in. */
export function formatLocalTime(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/**
 * The two largest units, rounded down: `45s`, `2m 13s`, `1h 5m`, `3d 4h`. Below a second: `0s` (an
 * outage is at least two checks long, so sub-second precision never matters here).
 */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const secs = seconds % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${secs}s`;
  return `${secs}s`;
}
