/**
 * Deletes expired history rows on a timer. Pruning runs in small batches that yield to the event loop
 * between them (history/retention.ts), so a check due meanwhile runs on time; the first run waits a
 * little after start so it never competes with the first checks.
 */
import type { HistoryDatabase } from '../history/database.js';
import { pruneExpired, type PruneCounts, type RetentionPolicy } from '../history/retention.js';
import type { HistoryError } from '../history/types.js';
import type { Clock } from './clock.js';

/** Hourly: at 5 s checks that is ~720 expired raw rows a run, one batch. */
export const PRUNE_EVERY_MS = 3_600_000;
/** The first prune, a minute after start: a machine that only runs the monitor briefly still gets tidied. */
export const FIRST_PRUNE_AFTER_MS = 60_000;

export interface PrunerOptions {
  readonly db: HistoryDatabase;
  readonly policy: RetentionPolicy;
  readonly clock: Clock;
  readonly everyMs?: number;
  readonly firstAfterMs?: number;
  readonly onPruned: (counts: PruneCounts, at: number) => void;
  readonly onError: (error: HistoryError) => void;
}

export interface Pruner {
  start(): void;
  /** Cancels the timer and waits for a run in progress, so the database can be closed after it. */
  stop(): Promise<void>;
  /** Prunes now (joins a run in progress). */
  runNow(): Promise<void>;
}

export function createHistoryPruner(options: PrunerOptions): Pruner {
  const everyMs = options.everyMs ?? PRUNE_EVERY_MS;
  const firstAfterMs = options.firstAfterMs ?? FIRST_PRUNE_AFTER_MS;
  let running = false;
  let timer: unknown = null;
  let inFlight: Promise<void> | null = null;

  const run = (): Promise<void> => {
    inFlight ??= (async () => {
      const at = options.clock.now();
      const result = await pruneExpired(options.db, options.policy, at);
      if (result.ok) options.onPruned(result.value, at);
      else options.onError(result.error);
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  const schedule = (delayMs: number): void => {
    timer = options.clock.setTimeout(() => {
      timer = null;
      if (!running) return;
      void run().finally(() => {
        if (running) schedule(everyMs);
      });
    }, delayMs);
  };

  return {
    start(): void {
      if (running) return;
      running = true;
      schedule(firstAfterMs);
    },
    async stop(): Promise<void> {
      running = false;
      if (timer !== null) options.clock.clearTimeout(timer);
      timer = null;
      if (inFlight !== null) await inFlight;
    },
    runNow: run,
  };
}
