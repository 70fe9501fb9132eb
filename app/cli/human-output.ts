import type { CheckReport } from '../check.js';
import type { Cause, Severity, Status } from '../diagnosis/types.js';
import type { ProbeResult } from '../probes/types.js';
import { formatMs, isProbeFailure } from './probe-outcome.js';
import type { Paint } from './terminal.js';

export interface HumanOptions {
  readonly paint: Paint;
  /** In fast mode the report holds only the first target that answered. */
  readonly fast: boolean;
}

const STATUS_LABEL: Readonly<Record<Status, string>> = {
  online: 'Online',
  limited: 'Limited',
  offline: 'Offline',
};

/** One status line, then each cause (title, explanation, numbered fix), then the probe table. */
export function renderHuman(report: CheckReport, options: HumanOptions): string {
  const { paint } = options;
  const lines = [statusLine(report, options)];
  for (const cause of report.causes) lines.push('', ...renderCause(cause, paint));
  if (report.probes.length > 0) lines.push('', ...renderTable(report.probes, paint));
  return `${lines.join('\n')}\n`;
}

function statusLine(report: CheckReport, { paint, fast }: HumanOptions): string {
  const colour = { online: paint.green, limited: paint.yellow, offline: paint.red }[report.status];
  const label = paint.bold(colour(STATUS_LABEL[report.status]));
  const elapsed = formatMs(report.elapsedMs);
  const tcp = report.probes.filter((probe) => probe.kind === 'tcp');
  const first = tcp.find((probe) => probe.outcome === 'connected');
  if (fast && report.status === 'online' && first !== undefined) {
    return `${label} - ${first.target} answered first (fast check, ${elapsed})`;
  }
  const reachable = tcp.filter((probe) => probe.outcome === 'connected').length;
  const summary = tcp.length > 0 ? `${reachable} of ${tcp.length} targets reachable` : 'no targets probed';
  return `${label} - ${summary} (${elapsed})`;
}

const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  info: 'note',
  limited: 'problem',
  offline: 'cause',
};

function renderCause(cause: Cause, paint: Paint): string[] {
  const colour = { info: paint.dim, limited: paint.yellow, offline: paint.red }[cause.severity];
  const lines = [`${colour(`[${SEVERITY_LABEL[cause.severity]}]`)} ${paint.bold(cause.title)}`];
  lines.push(`  ${cause.explanation}`);
  if (cause.fix.length > 0) {
    lines.push('  What to do:');
    cause.fix.forEach((step, index) => lines.push(`    ${index + 1}. ${step}`));
  }
  return lines;
}

/**
 * The OS's answer. On a success it is the proof, not a fault: a gateway that refuses a connection is
 * alive. Saying so keeps `gateway-alive … ECONNREFUSED` from reading as an error.
 */
function errorText(probe: ProbeResult): string {
  if (probe.errorCode === null) return '';
  return isProbeFailure(probe) ? probe.errorCode : `${probe.errorCode} (an answer)`;
}

function renderTable(probes: readonly ProbeResult[], paint: Paint): string[] {
  const header = ['probe', 'target', 'outcome', 'time', 'error'];
  const rows = probes.map((probe) => [
    probe.kind,
    probe.target,
    probe.outcome,
    formatMs(probe.ms),
    errorText(probe),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  // Pad before colouring: escape codes have length but no width.
  const cells = (row: readonly string[]): string[] =>
    row.map((cell, column) => cell.padEnd(widths[column] ?? 0));
  const lines = [paint.dim(cells(header).join('  ').trimEnd())];
  rows.forEach((row, index) => {
    const padded = cells(row);
    const probe = probes[index];
    if (probe !== undefined) {
      const outcome = padded[2] ?? '';
      padded[2] = isProbeFailure(probe) ? paint.red(outcome) : paint.green(outcome);
    }
    lines.push(padded.join('  ').trimEnd());
  });
  return lines;
}
