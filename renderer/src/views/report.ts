// The plain-text report a user pastes into a mail to an IT desk or an ISP: no markup, fixed-width table.
import type { Snapshot } from '../../../app/api/contract.js';
import type { OutageRecord } from '../../../app/history/types.js';
import { formatDuration } from '../format.js';
import { STATUS_META } from '../status-meta.js';

export interface ReportInput {
  readonly snapshot: Snapshot;
  /** Recent outages, newest first; null when they could not be read. */
  readonly outages: readonly OutageRecord[] | null;
  readonly os: string;
  readonly now: number;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('.000Z', 'Z');
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

export function buildReport(input: ReportInput): string {
  const { snapshot } = input;
  const lines: string[] = [
    'Internet connection report',
    `Time:    ${iso(input.now)}`,
    `OS:      ${input.os}`,
    `Status:  ${STATUS_META[snapshot.status].label} since ${iso(snapshot.since)}`,
  ];
  if (snapshot.latencyMs !== null) lines.push(`Latency: ${snapshot.latencyMs} ms`);

  const causes = snapshot.diagnosis?.causes ?? [];
  lines.push('', 'Problems found:');
  if (causes.length === 0) lines.push('  none');
  causes.forEach((cause, index) => {
    lines.push(`${index + 1}. ${cause.title} [${cause.code}, ${cause.severity}]`, `   ${cause.explanation}`);
    if (cause.fix.length > 0) lines.push('   What to do:');
    cause.fix.forEach((step, stepIndex) => lines.push(`     ${stepIndex + 1}. ${step}`));
    if (cause.evidence.length > 0) lines.push('   Evidence:');
    for (const item of cause.evidence) lines.push(`     - ${item}`);
  });

  const probes = snapshot.diagnosis?.probes ?? [];
  lines.push('', 'Probes:');
  if (probes.length === 0) lines.push('  none yet');
  else {
    const rows = [
      ['kind', 'target', 'family', 'outcome', 'error', 'ms'],
      ...probes.map((probe) => [
        probe.kind,
        probe.target,
        probe.family === null ? '-' : `IPv${probe.family}`,
        probe.outcome,
        probe.errorCode ?? '-',
        probe.ms === null ? '-' : String(probe.ms),
      ]),
    ];
    lines.push(...table(rows).map((row) => `  ${row}`));
  }
  if (snapshot.diagnosis !== null) lines.push(`  (checked at ${snapshot.diagnosis.startedAt})`);

  lines.push('', 'Recent outages (last 7 days):');
  if (input.outages === null) lines.push('  could not be read');
  else if (input.outages.length === 0) lines.push('  none');
  else {
    const rows = [
      ['start', 'end', 'duration', 'cause'],
      ...input.outages.map((outage) => [
        iso(outage.startedAt),
        outage.endedAt === null ? 'ongoing' : iso(outage.endedAt),
        outage.durationMs === null ? '-' : formatDuration(outage.durationMs),
        `${outage.summary} (${outage.cause})`,
      ]),
    ];
    lines.push(...table(rows).map((row) => `  ${row}`));
  }
  if (snapshot.notices.length > 0)
    lines.push('', 'Notices:', ...snapshot.notices.map((notice) => `  - ${notice}`));
  return `${lines.join('\n')}\n`;
}

interface UserAgentData {
  readonly platform?: string;
  readonly mobile?: boolean;
}

/** The OS as the browser reports it; userAgentData where it exists (Chromium), else the older fields. */
export function describeOs(nav: Navigator): string {
  const data = (nav as Navigator & { userAgentData?: UserAgentData }).userAgentData;
  const platform = data?.platform !== undefined && data.platform !== '' ? data.platform : nav.platform;
  return `${platform || 'unknown'} (${nav.userAgent})`;
}
