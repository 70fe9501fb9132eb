import { open, type FileHandle } from 'node:fs/promises';
import type { CheckReport } from '../check.js';
import { isProbeFailure } from './probe-outcome.js';

export type LogOpen =
  { readonly ok: true; readonly log: CheckLog } | { readonly ok: false; readonly reason: string };

export interface CheckLog {
  /** One `check` line per run, then one `probe-failed` line per failed probe with its error code. */
  write(report: CheckReport, at: Date): Promise<void>;
  close(): Promise<void>;
}

/** Opened before the check runs, so a bad path fails in milliseconds rather than after the probes. */
export async function openCheckLog(path: string): Promise<LogOpen> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'a');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return { ok: false, reason: `cannot open it for appending (${code})` };
  }
  return {
    ok: true,
    log: {
      async write(report, at) {
        const time = at.toISOString();
        const causes = report.causes.map((cause) => cause.code).join(',') || '-';
        const lines = [
          `${time} check status=${report.status} causes=${causes} elapsedMs=${Math.round(report.elapsedMs)}`,
        ];
        for (const probe of report.probes.filter(isProbeFailure)) {
          lines.push(
            `${time} probe-failed kind=${probe.kind} target=${field(probe.target)} outcome=${field(probe.outcome)} ` +
              `errorCode=${field(probe.errorCode ?? '-')} ms=${probe.ms === null ? '-' : Math.round(probe.ms)}`,
          );
        }
        await handle.appendFile(`${lines.join('\n')}\n`);
      },
      close: () => handle.close(),
    },
  };
}

/** logfmt-style: values with spaces (a gateway's description) are quoted so lines stay splittable. */
function field(value: string): string {
  return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
}
