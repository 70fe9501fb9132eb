/**
 * A fake clock for the monitor tests. Timers run on a monotonic clock, `now()` is the wall clock; the two
 * advance together except in `sleep`, which moves only the wall clock, as a real suspend does.
 */
import type { Clock } from '../../app/monitor/clock.js';
import type { CheckReport } from '../../app/monitor/events.js';
import type { Cause, Status } from '../../app/diagnosis/types.js';
import type { TcpProbeResult } from '../../app/probes/types.js';

interface Timer {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

/** Lets every promise callback queued so far run (and the ones they queue). */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class FakeClock implements Clock {
  private mono = 0;
  private wall: number;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(startWall = 1_700_000_000_000) {
    this.wall = startWall;
  }

  now(): number {
    return this.wall;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, due: this.mono + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  /** Runs every timer due within `ms`, in order, letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.mono + ms;
    await flush();
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (next === undefined || next.due > end) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.wall += next.due - this.mono;
      this.mono = next.due;
      next.callback();
      await flush();
    }
    this.wall += end - this.mono;
    this.mono = end;
    await flush();
  }

  /** The machine sleeps: wall time passes, timers do not. */
  sleep(ms: number): void {
    this.wall += ms;
  }
}

export function cause(code: Cause['code'], severity: Cause['severity'] = 'offline'): Cause {
  return { code, severity, title: code, explanation: code, fix: [], evidence: [] };
}

export function report(status: Status, causes: readonly Cause[] = []): CheckReport {
  return { schema: 1, status, causes, probes: [], startedAt: '2023-11-14T22:13:20.000Z', elapsedMs: 10 };
}

/** A target that connected in `ms`: what a fast check's report holds when the link is up. */
export function connectedProbe(ms: number): TcpProbeResult {
  return {
    kind: 'tcp',
    target: '198.51.100.1:443',
    family: 4,
    outcome: 'connected',
    errorCode: null,
    ms,
    endpoint: { host: '198.51.100.1', port: 443, family: 4 },
  };
}
