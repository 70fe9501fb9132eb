/**
 * The tray app's log: userData/logs/app.log, rotated (app/log/rotating-log.ts), one line per status
 * change and per failed probe with its OS error code (app/log/monitor-log-lines.ts), plus history
 * trouble and start/stop. A log that cannot be written never stops monitoring.
 */
import { mkdir } from 'node:fs/promises';
import type { AppPaths } from '../app/electron-policy/app-paths.js';
import { onEveryMonitorEvent } from '../app/electron-policy/monitor-events.js';
import { monitorLogLines } from '../app/log/monitor-log-lines.js';
import { openRotatingLog } from '../app/log/rotating-log.js';
import type { MonitorRuntime } from '../app/monitor/runtime.js';

export interface AppLog {
  /** Logs the runtime's events until the returned function is called. */
  attach(runtime: MonitorRuntime): () => void;
  /** One line of the app's own (start, quit …), timestamped. */
  note(text: string): void;
  flush(): Promise<void>;
}

/** Null when the log folder cannot be created (read-only profile): the app runs on without a log. */
export async function openAppLog(paths: AppPaths): Promise<AppLog | null> {
  let log;
  try {
    await mkdir(paths.logDir, { recursive: true });
    log = await openRotatingLog({ path: paths.logFile });
  } catch {
    return null;
  }
  const write = (lines: readonly string[]): void => {
    // A failed append (disk full) loses those lines only; the queue carries on.
    if (lines.length > 0) log.append(lines).catch(() => undefined);
  };
  const stamp = (at: number): string => new Date(at).toISOString();
  return {
    attach(runtime) {
      const offs = [
        onEveryMonitorEvent(runtime.monitor, (event) => write(monitorLogLines(event))),
        runtime.on('history-error', (event) =>
          write([
            `${stamp(event.at)} history-error kind=${event.error.kind} message=${JSON.stringify(event.error.message)}`,
          ]),
        ),
      ];
      return () => {
        for (const off of offs) off();
      };
    },
    note: (text) => write([`${stamp(Date.now())} ${text}`]),
    flush: () => log.flush(),
  };
}
