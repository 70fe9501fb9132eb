/**
 * What the tray app's log records from the monitor: one line per status change and one per failed probe
 * with its OS error code, logfmt-style like `check --log` (app/cli/log-file.ts), so both read alike.
 */
import { isProbeFailure } from '../cli/probe-outcome.js';
import type { MonitorEvent } from '../monitor/events.js';

export function monitorLogLines(event: MonitorEvent): string[] {
  switch (event.type) {
    case 'status-changed': {
      const causes = event.report?.causes.map((cause) => cause.code).join(',') || '-';
      return [`${stamp(event.at)} status from=${event.from} to=${event.to} causes=${causes}`];
    }
    case 'check-completed':
      return event.report.probes
        .filter(isProbeFailure)
        .map(
          (probe) =>
            `${stamp(event.at)} probe-failed mode=${event.mode} kind=${probe.kind} target=${field(probe.target)} ` +
            `outcome=${field(probe.outcome)} errorCode=${field(probe.errorCode ?? '-')} ` +
            `ms=${probe.ms === null ? '-' : Math.round(probe.ms)}`,
        );
    case 'check-failed':
      return [`${stamp(event.at)} check-failed mode=${event.mode} message=${field(event.message)}`];
    case 'outage-started':
    case 'outage-ended':
    case 'diagnosis-changed':
      return [];
  }
}

function stamp(ms: number): string {
  return new Date(ms).toISOString();
}

/** Values with spaces, quotes or `=` are JSON-quoted so every line stays splittable on spaces. */
function field(value: string): string {
  return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
}
