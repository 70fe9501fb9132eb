import type { CheckRecord, OutageRecord } from './types.js';

/**
 * CSV per RFC 4180: CRLF line ends, a header row, a field quoted when it holds a comma, a double quote, CR or
 * LF, with inner quotes doubled. Times are ISO 8601 UTC so spreadsheets and scripts read them alike;
 * cause codes inside one field are separated by spaces.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(fields: readonly (string | number | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export const OUTAGE_CSV_HEADER = ['id', 'started_at', 'ended_at', 'duration_ms', 'cause', 'summary'] as const;
export const CHECK_CSV_HEADER = ['at', 'status', 'latency_ms', 'cause_codes'] as const;

export function outagesToCsv(outages: Iterable<OutageRecord>): string {
  const lines = [csvRow(OUTAGE_CSV_HEADER)];
  for (const o of outages) {
    lines.push(
      csvRow([
        o.id,
        iso(o.startedAt),
        o.endedAt === null ? null : iso(o.endedAt),
        o.durationMs,
        o.cause,
        o.summary,
      ]),
    );
  }
  return lines.join('');
}

export function checksToCsv(checks: Iterable<CheckRecord>): string {
  const lines = [csvRow(CHECK_CSV_HEADER)];
  for (const c of checks) lines.push(csvRow([iso(c.at), c.status, c.latencyMs, c.causeCodes.join(' ')]));
  return lines.join('');
}

/** JSON: `{ "schema": 1, "outages": [...] }`, times as epoch ms plus ISO strings for people reading it. */
export function outagesToJson(outages: Iterable<OutageRecord>): string {
  const rows = [...outages].map((o) => ({
    ...o,
    startedAtIso: iso(o.startedAt),
    endedAtIso: o.endedAt === null ? null : iso(o.endedAt),
  }));
  return `${JSON.stringify({ schema: 1, outages: rows }, null, 2)}\n`;
}

export function checksToJson(checks: Iterable<CheckRecord>): string {
  const rows = [...checks].map((c) => ({ ...c, atIso: iso(c.at) }));
  return `${JSON.stringify({ schema: 1, checks: rows }, null, 2)}\n`;
}

export type ExportFormat = 'csv' | 'json';

export function exportOutages(outages: Iterable<OutageRecord>, format: ExportFormat): string {
  return format === 'csv' ? outagesToCsv(outages) : outagesToJson(outages);
}

export function exportChecks(checks: Iterable<CheckRecord>, format: ExportFormat): string {
  return format === 'csv' ? checksToCsv(checks) : checksToJson(checks);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
