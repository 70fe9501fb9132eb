import type { CheckOptions, CheckReport } from '../check.js';
import type { LoadedSettings } from '../config/load.js';
import type { CliStream } from './terminal.js';

export type { CliStream };

/**
 * Everything the CLI touches of the outside world, passed in so tests run it in-process with
 * captured streams, a chosen environment and recorded check reports.
 */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly platform: NodeJS.Platform;
  /** The clock for log timestamps. */
  readonly now?: () => Date;
  /** The check to run; defaults to the real one, loaded only when a check actually runs. */
  readonly runCheck?: (options: CheckOptions) => Promise<CheckReport>;
  /** Aborted on Ctrl-C: the probes stop and the CLI exits 130. */
  readonly signal?: AbortSignal;
}

export function usageError(io: CliIo, message: string): 64 {
  io.stderr.write(`internet-conn: ${message}\n`);
  return 64;
}

/** Warnings from loading the settings, one line each on stderr (never stdout: `--json` stays clean). */
export function printSettingWarnings(io: CliIo, loaded: LoadedSettings): void {
  for (const warning of loaded.warnings) io.stderr.write(`internet-conn: warning: ${warning}\n`);
}
