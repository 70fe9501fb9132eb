/** `internet-conn history` as text for people and as one JSON document for scripts. */
import type { OutageRecord } from '../history/types.js';
import type { HistorySummary } from './history-summary.js';
import { formatDuration, formatLocalTime } from './time-text.js';

export interface HistoryView {
  readonly summary: HistorySummary;
  readonly dbPath: string;
  /** How the window was asked for (`24h`, `2026-12-01`), for the heading. */
  readonly sinceText: string;
  readonly now: number;
  /** When the monitor that left the open outage stopped recording; null while one still records. */
  readonly stoppedAt?: number | null;
}

export function renderHistoryHuman(view: HistoryView): string {
  const { summary, now } = view;
  const asked = /^\d+[mhdw]$/.test(view.sinceText) ? `last ${view.sinceText}` : `--since ${view.sinceText}`;
  const heading = `History since ${formatLocalTime(summary.window.from)} (${asked}), from ${view.dbPath}`;
  if (summary.uptime.checks === 0 && summary.outages.length === 0) {
    const why =
      summary.checksEver === 0
        ? 'No checks recorded yet. Run `internet-conn monitor` to start recording.'
        : `No checks recorded in this window; the history holds older ones (try --since 30d).`;
    return `${heading}\n\n${why}\n`;
  }
  const u = summary.uptime;
  const time = summary.time;
  const lines = [heading, ''];
  // By time, not by checks: the monitor checks more often while down, so counting checks overweights outages.
  lines.push(
    u.checks === 0 || u.uptimePercent === null
      ? 'Uptime    no checks in this window'
      : `Uptime    ${percent(u.uptimePercent)}  (offline ${formatDuration(time.offlineMs)} of ` +
          `${formatDuration(time.monitoredMs)} monitored; ${percent(u.onlinePercent)} fully online, ` +
          `limited ${formatDuration(time.limitedMs)}; ${u.checks} checks)`,
  );
  const l = summary.latency;
  lines.push(
    l === null
      ? 'Latency   no target answered in this window'
      : `Latency   min ${ms(l.minMs)}, median ${ms(l.medianMs)}, max ${ms(l.maxMs)}`,
  );
  const longest = summary.longestOutage;
  lines.push(
    longest === null
      ? 'Outages   none'
      : `Outages   ${summary.outages.length}, longest ${formatDuration(durationOf(longest, longest.endedAt === null ? (view.stoppedAt ?? now) : now))} ` +
          `from ${formatLocalTime(longest.startedAt)} (${longest.cause})`,
  );
  if (summary.outages.length > 0) {
    const stopped = view.stoppedAt ?? null;
    const rows = summary.outages.map((o) => [
      formatLocalTime(o.startedAt),
      o.endedAt !== null
        ? formatLocalTime(o.endedAt)
        : stopped === null
          ? 'ongoing'
          : `unknown: monitoring stopped, last check ${formatLocalTime(stopped)}`,
      o.endedAt !== null
        ? formatDuration(durationOf(o, now))
        : stopped === null
          ? `${formatDuration(durationOf(o, now))} so far`
          : `at least ${formatDuration(durationOf(o, stopped))}`,
      o.summary === '' ? o.cause : `${o.summary} (${o.cause})`,
    ]);
    lines.push('', ...table(['Started', 'Ended', 'Duration', 'Cause'], rows));
  }
  return `${lines.join('\n')}\n`;
}

export function renderHistoryJson(view: HistoryView, pretty: boolean): string {
  const { summary } = view;
  const document = {
    schema: 1,
    db: view.dbPath,
    window: {
      from: summary.window.from,
      to: summary.window.to,
      fromIso: iso(summary.window.from),
      toIso: iso(summary.window.to),
    },
    uptime: {
      checks: summary.uptime.checks,
      online: summary.uptime.online,
      limited: summary.uptime.limited,
      offline: summary.uptime.offline,
      uptimePercent: summary.uptime.uptimePercent,
      onlinePercent: summary.uptime.onlinePercent,
      monitoredMs: summary.time.monitoredMs,
      offlineMs: summary.time.offlineMs,
      limitedMs: summary.time.limitedMs,
    },
    latency: summary.latency,
    outages: summary.outages.map(outageJson),
    longestOutage: summary.longestOutage === null ? null : outageJson(summary.longestOutage),
  };
  return `${JSON.stringify(document, null, pretty ? 2 : undefined)}\n`;
}

function outageJson(o: OutageRecord) {
  return { ...o, startedAtIso: iso(o.startedAt), endedAtIso: o.endedAt === null ? null : iso(o.endedAt) };
}

function durationOf(o: OutageRecord, now: number): number {
  return o.durationMs ?? Math.max(0, now - o.startedAt);
}

function percent(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(2)}%`;
}

/** Whole milliseconds from 10 ms up; one decimal below, where a LAN's 0.8 ms would otherwise read as 1. */
function ms(value: number): string {
  return value >= 10 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ');
  return [line(header), ...rows.map(line)];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
