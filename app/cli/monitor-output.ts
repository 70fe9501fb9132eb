/**
 * What `internet-conn monitor` prints: one line per status change and outage for people, or one JSON
 * object per event for scripts (`--json`, one per line). It only subscribes; the runtime has already
 * written each event to the history by the time it is printed.
 */
import type { Cause } from '../diagnosis/types.js';
import type { HistoryError } from '../history/types.js';
import { fastestLatencyMs, outageCause } from '../monitor/history-recorder.js';
import type { MonitorEvent } from '../monitor/events.js';
import type { MonitorRuntime } from '../monitor/runtime.js';
import type { CliStream } from './terminal.js';
import { formatDuration, formatLocalTime } from './time-text.js';

export interface MonitorPrinterOptions {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly json: boolean;
  /** Also every completed check (on stderr in text mode; always in JSON mode). */
  readonly verbose: boolean;
}

export interface StartInfo {
  readonly at: number;
  readonly db: string | null;
  readonly historyNote: string | null;
  readonly targets: readonly string[];
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly metricsUrl: string | null;
}

export interface MonitorPrinter {
  started(info: StartInfo): void;
  stopped(at: number, db: string | null): void;
  /** A problem beside the monitoring (metrics server, log file) that does not stop it. */
  warning(at: number, kind: string, message: string): void;
}

/** Subscribes to the runtime's events and prints them; returns what the command prints around them. */
export function attachMonitorPrinter(
  runtime: MonitorRuntime,
  options: MonitorPrinterOptions,
): MonitorPrinter {
  const print = options.json ? jsonPrinter(options) : humanPrinter(options);
  const events = [
    'status-changed',
    'outage-started',
    'outage-ended',
    'diagnosis-changed',
    'check-completed',
    'check-failed',
  ] as const;
  for (const name of events) runtime.monitor.on(name, (event) => print.event(event as MonitorEvent));
  runtime.on('history-error', (event) => print.historyError(event.at, event.error));
  return print;
}

interface Printer extends MonitorPrinter {
  event(event: MonitorEvent): void;
  historyError(at: number, error: HistoryError): void;
}

function jsonPrinter(options: MonitorPrinterOptions): Printer {
  const line = (event: string, at: number, body: Record<string, unknown>): void => {
    options.stdout.write(`${JSON.stringify({ event, at: iso(at), ...body })}\n`);
  };
  return {
    started: (info) =>
      line('started', info.at, {
        db: info.db,
        targets: info.targets,
        intervalMs: info.intervalMs,
        timeoutMs: info.timeoutMs,
        metricsUrl: info.metricsUrl,
      }),
    stopped: (at, db) => line('stopped', at, { db }),
    warning: (at, kind, message) => line('warning', at, { kind, message }),
    historyError: (at, error) =>
      line('history-error', at, { kind: error.kind, code: error.code, message: error.message }),
    event(event) {
      switch (event.type) {
        case 'status-changed':
          return line(event.type, event.at, {
            from: event.from,
            to: event.to,
            causes: codes(event.report?.causes ?? []),
          });
        case 'outage-started':
          return line(event.type, event.at, {
            status: event.status,
            ...outageCause(event.causes),
            causes: codes(event.causes),
          });
        case 'outage-ended':
          return line(event.type, event.endedAt, {
            startedAt: iso(event.startedAt),
            durationMs: event.durationMs,
            reason: event.reason,
          });
        case 'diagnosis-changed':
          return line(event.type, event.at, {
            causes: event.causes.map(({ code, severity, title }) => ({ code, severity, title })),
          });
        case 'check-completed':
          return line(event.type, event.at, {
            mode: event.mode,
            status: event.report.status,
            latencyMs: fastestLatencyMs(event.report),
            causes: codes(event.report.causes),
            elapsedMs: event.report.elapsedMs,
          });
        case 'check-failed':
          return line(event.type, event.at, { mode: event.mode, message: event.message });
      }
    },
  };
}

function humanPrinter(options: MonitorPrinterOptions): Printer {
  const out = (at: number, text: string): void => {
    options.stdout.write(`${formatLocalTime(at)}  ${text}\n`);
  };
  const err = (at: number, text: string): void => {
    options.stderr.write(`${formatLocalTime(at)}  ${text}\n`);
  };
  // The outage the status lines belong to: "online again after …" is measured from its start.
  let outageStartedAt: number | null = null;
  // The cause last printed, so a new diagnosis during an outage is shown once, not every check.
  let shownCause: string | null = null;
  let status: string = 'checking';

  const verdictLine = (to: string, causes: readonly Cause[]): string => {
    const first = causes[0];
    shownCause = first?.code ?? null;
    return first === undefined ? to : `${to}  ${first.title} (${first.code})`;
  };

  return {
    started(info) {
      const every = formatDuration(info.intervalMs);
      const where = info.db === null ? 'no history' : `history in ${info.db}`;
      options.stderr.write(
        `internet-conn: monitoring ${info.targets.length} target${info.targets.length === 1 ? '' : 's'} every ${every}; ${where}` +
          `${info.metricsUrl === null ? '' : `; metrics at ${info.metricsUrl}`}. Ctrl-C stops.\n`,
      );
      if (options.verbose && info.historyNote !== null)
        options.stderr.write(`internet-conn: ${info.historyNote}\n`);
    },
    stopped(at, db) {
      err(at, `monitoring stopped${db === null ? '' : `; history saved in ${db}`}`);
    },
    warning(at, _kind, message) {
      err(at, `warning: ${message}`);
    },
    historyError(at, error) {
      err(at, `history not saved (${error.kind}): ${error.message}; monitoring continues`);
    },
    event(event) {
      switch (event.type) {
        case 'status-changed': {
          status = event.to;
          if (event.to === 'online') {
            shownCause = null;
            return out(
              event.at,
              outageStartedAt === null
                ? 'online'
                : `online again after ${formatDuration(event.at - outageStartedAt)}`,
            );
          }
          if (event.to === 'limited' || event.to === 'offline') {
            return out(event.at, verdictLine(event.to, event.report?.causes ?? []));
          }
          // checking after a sleep, or paused: not a verdict, but still a change a reader should see.
          shownCause = null;
          return out(event.at, event.to);
        }
        case 'outage-started':
          outageStartedAt = event.at;
          return;
        case 'outage-ended': {
          const startedAt = outageStartedAt ?? event.startedAt;
          outageStartedAt = null;
          if (event.reason === 'recovered') return; // the "online again" line said it
          const why =
            event.reason === 'stopped'
              ? 'monitoring stopped'
              : event.reason === 'paused'
                ? 'monitoring paused'
                : 'the machine slept';
          return out(
            event.endedAt,
            `${why} during the outage (${formatDuration(event.endedAt - startedAt)} so far)`,
          );
        }
        case 'diagnosis-changed': {
          if (status !== 'limited' && status !== 'offline') return;
          if ((event.causes[0]?.code ?? null) === shownCause) return;
          return out(event.at, verdictLine(status, event.causes));
        }
        case 'check-completed': {
          if (!options.verbose) return;
          const latency = fastestLatencyMs(event.report);
          const detail =
            event.report.causes.length > 0
              ? `: ${codes(event.report.causes).join(', ')}`
              : latency === null
                ? ''
                : `, fastest ${Math.round(latency)} ms`;
          return err(event.at, `check (${event.mode}) ${event.report.status}${detail}`);
        }
        case 'check-failed':
          return err(event.at, `check failed: ${event.message}`);
      }
    },
  };
}

function codes(causes: readonly Cause[]): string[] {
  return causes.map((cause) => cause.code);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
