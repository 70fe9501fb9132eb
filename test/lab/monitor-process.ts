// A real `internet-conn monitor --json` process inside a lab namespace, read line by line as it prints.
// Used by the monitor lab test and the monitor benchmarks (needs `npm run build`).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { LAB_LAYER_ENV } from './fixture/lab-layers.js';
import { CLI_BIN } from './fixture/namespace.js';

/** One JSON line of `monitor --json`, plus when this process read it (epoch ms). */
export interface MonitorLine {
  readonly event: string;
  readonly at: string;
  readonly receivedAt: number;
  readonly [field: string]: unknown;
}

export interface MonitorExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface StartMonitorOptions {
  /** Added to the environment; point XDG_CONFIG_HOME at an empty directory so no user config leaks in. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for the `started` line. Default 10 s. */
  readonly startTimeoutMs?: number;
}

interface Waiter {
  readonly from: number;
  readonly match: (line: MonitorLine) => boolean;
  readonly resolve: (line: MonitorLine) => void;
}

export class MonitorProcess {
  private readonly received: MonitorLine[] = [];
  private readonly waiters = new Set<Waiter>();
  private stderrText = '';
  private exitInfo: MonitorExit | null = null;
  readonly exited: Promise<MonitorExit>;

  private constructor(private readonly child: ChildProcess) {
    let buffer = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const text = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        this.accept(text);
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderrText += chunk));
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
  }

  /**
   * Starts `monitor --json <args>` in the namespace and resolves on its `started` line. `ip netns exec`
   * execs the command in place, so `pid` is the Node process itself: signals reach the monitor directly.
   */
  static async start(
    namespace: string,
    args: readonly string[],
    options: StartMonitorOptions = {},
  ): Promise<MonitorProcess> {
    const child = spawn(
      'ip',
      ['netns', 'exec', namespace, process.execPath, CLI_BIN, 'monitor', '--json', ...args],
      // The lab's layer settings, as every lab CLI run gets: no layer probe aims at a default public address.
      { env: { ...process.env, ...LAB_LAYER_ENV, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const monitor = new MonitorProcess(child);
    const timeoutMs = options.startTimeoutMs ?? 10_000;
    const started = await Promise.race([
      monitor.waitFor((line) => line.event === 'started', timeoutMs).catch(() => null),
      monitor.exited.then(() => null),
    ]);
    if (started === null) {
      monitor.kill('SIGKILL');
      throw new Error(`monitor did not start: ${monitor.describe()}`);
    }
    const cmdline = readFileSync(`/proc/${monitor.pid}/cmdline`, 'utf8');
    if (!cmdline.includes(CLI_BIN)) throw new Error(`pid ${monitor.pid} is not the monitor: ${cmdline}`);
    return monitor;
  }

  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error('monitor has no pid');
    return pid;
  }

  /** Every line so far, in the order printed. */
  lines(): readonly MonitorLine[] {
    return this.received;
  }

  /** Lines from index `from` on (an index taken earlier with `lines().length`). */
  since(from: number): readonly MonitorLine[] {
    return this.received.slice(from);
  }

  /** The first line at index ≥ `from` that matches; rejects after `timeoutMs` or when the process exits. */
  waitFor(match: (line: MonitorLine) => boolean, timeoutMs: number, from = 0): Promise<MonitorLine> {
    const seen = this.received.slice(from).find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        from,
        match,
        resolve: (line) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching monitor line within ${timeoutMs} ms; ${this.describe()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Waits for `count` more completed checks after index `from`. */
  async waitForChecks(count: number, timeoutMs: number, from = this.received.length): Promise<void> {
    let seen = 0;
    await this.waitFor((line) => line.event === 'check-completed' && ++seen >= count, timeoutMs, from);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.exitInfo === null) this.child.kill(signal);
  }

  /** SIGTERM and the exit it leads to (SIGKILL if it has not exited after `graceMs`). */
  async stop(graceMs = 10_000): Promise<MonitorExit> {
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  stderr(): string {
    return this.stderrText;
  }

  /** The non-check lines and stderr, for assertion messages. */
  describe(): string {
    const events = this.received
      .filter((line) => line.event !== 'check-completed')
      .map((line) => `${new Date(line.receivedAt).toISOString()} ${JSON.stringify(line)}`);
    return `exit ${JSON.stringify(this.exitInfo)}; events:\n${events.join('\n')}\nstderr: ${this.stderrText}`;
  }

  private accept(text: string): void {
    if (text.trim() === '') return;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Anything but JSON on stdout breaks the `--json` contract; keep it visible in describe().
      parsed = { event: 'not-json', at: '', text };
    }
    const line = { ...parsed, receivedAt: Date.now() } as MonitorLine;
    this.received.push(line);
    const index = this.received.length - 1;
    for (const waiter of [...this.waiters]) {
      if (index >= waiter.from && waiter.match(line)) waiter.resolve(line);
    }
  }
}
