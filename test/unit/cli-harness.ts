// Runs the CLI in-process with captured streams and a recorded check, the way httpie's tests do.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckOptions, CheckReport } from '../../app/check.js';
import { runCli, type CliStream } from '../../app/cli/run.js';

export class Capture implements CliStream {
  text = '';
  constructor(readonly isTTY: boolean = false) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Every options object the CLI passed to the check; empty when it never ran one. */
  readonly checks: readonly CheckOptions[];
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly stdoutTTY?: boolean;
  readonly stderrTTY?: boolean;
  readonly report?: CheckReport;
  readonly runCheck?: (options: CheckOptions) => Promise<CheckReport>;
  readonly now?: () => Date;
  readonly signal?: AbortSignal;
}

/** An empty home and config directory, so the developer's own ~/.config never leaks into a test. */
export function isolatedEnv(
  extra: Readonly<Record<string, string | undefined>> = {},
): Record<string, string | undefined> {
  const home = mkdtempSync(join(tmpdir(), 'internet-conn-home-'));
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ...extra };
}

/** Plays the report back the way the real check does: onProbeDone for each target, then the report. */
export function replay(report: CheckReport): (options: CheckOptions) => Promise<CheckReport> {
  return async (options) => {
    const targets = report.probes.filter((probe) => probe.kind === 'tcp');
    targets.forEach((probe, index) => options.onProbeDone?.(probe, index + 1, targets.length));
    return report;
  };
}

export async function runCliCaptured(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const stdout = new Capture(options.stdoutTTY ?? false);
  const stderr = new Capture(options.stderrTTY ?? false);
  const checks: CheckOptions[] = [];
  const play = options.runCheck ?? (options.report ? replay(options.report) : undefined);
  const code = await runCli(argv, {
    stdout,
    stderr,
    env: options.env ?? isolatedEnv(),
    cwd: options.cwd ?? tmpdir(),
    platform: 'linux',
    ...(options.now ? { now: options.now } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    runCheck: async (checkOptions) => {
      checks.push(checkOptions);
      if (play === undefined) throw new Error('this test did not expect a check to run');
      return play(checkOptions);
    },
  });
  return { code, stdout: stdout.text, stderr: stderr.text, checks };
}

/** One line, ending in a newline, with no trace of a stack. */
export function isOneCleanLine(text: string): boolean {
  return /^[^\n]+\n$/.test(text) && !/\bat .+:\d+:\d+/.test(text);
}
