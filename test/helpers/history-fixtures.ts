import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryDatabase, type HistoryDatabase } from '../../app/history/database.js';
import { createHistoryStore } from '../../app/history/store.js';
import type { CheckRecord } from '../../app/history/types.js';

/** A temp directory removed by the returned cleanup. */
export function tempDir(prefix = 'ic-history-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
/** Monday 2024-01-01 00:00:00 UTC. */
export const DAY0 = Date.UTC(2024, 0, 1);

/**
 * One day of 5-second checks with known answers:
 * - outage A: 02:00:00–02:10:00 (10 min, 120 offline checks), cause upstream-unreachable;
 * - outage B: 13:47:30–14:17:30 (30 min, 360 offline checks, crosses an hour), cause no-default-route;
 * - limited: 06:00:00–06:05:00 (60 checks, 500 ms, dns-slow);
 * - otherwise online with latency 20 + hour-of-day ms.
 */
export const OUTAGE_A = {
  startedAt: DAY0 + 2 * HOUR,
  endedAt: DAY0 + 2 * HOUR + 10 * MIN,
  cause: 'upstream-unreachable',
};
export const OUTAGE_B = {
  startedAt: DAY0 + 13 * HOUR + 47 * MIN + 30_000,
  endedAt: DAY0 + 14 * HOUR + 17 * MIN + 30_000,
  cause: 'no-default-route',
};
export const LIMITED = { from: DAY0 + 6 * HOUR, to: DAY0 + 6 * HOUR + 5 * MIN };

export function knownDay(): CheckRecord[] {
  const checks: CheckRecord[] = [];
  for (let at = DAY0; at < DAY0 + DAY; at += 5000) {
    const hour = Math.floor((at - DAY0) / HOUR);
    const inside = (o: { startedAt: number; endedAt: number }) => at >= o.startedAt && at < o.endedAt;
    if (inside(OUTAGE_A) || inside(OUTAGE_B)) {
      checks.push({
        at,
        status: 'offline',
        latencyMs: null,
        causeCodes: [inside(OUTAGE_A) ? OUTAGE_A.cause : OUTAGE_B.cause],
      });
    } else if (at >= LIMITED.from && at < LIMITED.to) {
      checks.push({ at, status: 'limited', latencyMs: 500, causeCodes: ['dns-slow'] });
    } else {
      checks.push({ at, status: 'online', latencyMs: 20 + hour, causeCodes: [] });
    }
  }
  return checks;
}

export interface KnownDayOptions {
  /** Also the status changes a monitor would record (online, offline, limited …); off by default. */
  readonly verdicts?: boolean;
}

/**
 * Writes knownDay() and its two outages through the store. The outer transaction only makes the fixture
 * fast (each recordCheck becomes a savepoint inside it); the store's own code path is unchanged.
 */
export function fillKnownDay(db: HistoryDatabase, options: KnownDayOptions = {}): void {
  const store = createHistoryStore(db);
  db.transaction(() => {
    for (const check of knownDay()) {
      const result = store.recordCheck(check);
      if (!result.ok) throw new Error(result.error.message);
    }
    for (const o of [OUTAGE_A, OUTAGE_B]) {
      store.openOutage({ startedAt: o.startedAt, cause: o.cause, summary: `lost ${o.cause}` });
      store.closeOutage({ endedAt: o.endedAt });
    }
    if (options.verdicts !== true) return;
    // The verdict changes a monitor records with them: the limited stretch is known from these alone.
    const changes = [
      [DAY0, 'online'],
      [OUTAGE_A.startedAt, 'offline'],
      [OUTAGE_A.endedAt, 'online'],
      [LIMITED.from, 'limited'],
      [LIMITED.to, 'online'],
      [OUTAGE_B.startedAt, 'offline'],
      [OUTAGE_B.endedAt, 'online'],
    ] as const;
    changes.forEach(([at, to], index) => {
      const from = index === 0 ? null : (changes[index - 1]?.[1] ?? null);
      const result = store.recordStatusChange({ at, from, to, causeCodes: [] });
      if (!result.ok) throw new Error(result.error.message);
    });
  })();
}

const templates = new Map<boolean, string>();

/** A copy of a database holding fillKnownDay(), built once per process (building takes ~1 s). */
export function knownDayCopy(dir: string, options: KnownDayOptions = {}): string {
  const verdicts = options.verdicts === true;
  let template = templates.get(verdicts) ?? null;
  if (template === null) {
    const templateDir = tempDir('ic-history-template-');
    process.once('exit', templateDir.cleanup);
    const path = join(templateDir.dir, 'template.sqlite');
    const opened = openHistoryDatabase(path);
    if (!opened.ok) throw new Error(opened.error.message);
    fillKnownDay(opened.db, { verdicts });
    opened.db.pragma('wal_checkpoint(TRUNCATE)');
    opened.db.close();
    template = path;
    templates.set(verdicts, path);
  }
  const copy = join(dir, 'history.sqlite');
  copyFileSync(template, copy);
  return copy;
}
