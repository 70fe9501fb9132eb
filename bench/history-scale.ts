// Scale check for the history store: one year of 5-second checks held the way retention leaves them (hour
// rollups for the year, minute rollups for 30 days, raw checks for 7 days, every outage), then the median
// time of the status window's queries. Run: node --import tsx bench/history-scale.ts [--keep <path>]
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryDatabase, type HistoryDatabase } from '../app/history/database.js';
import { createHistoryQueries } from '../app/history/queries.js';
import { createHistoryStore } from '../app/history/store.js';
import { DEFAULT_RETENTION, pruneBatch } from '../app/history/retention.js';
import {
  addToRollup,
  alignDown,
  emptyRollup,
  HOUR_MS,
  MINUTE_MS,
  rollupAccess,
  type RollupRow,
} from '../app/history/rollup.js';
import type { Status } from '../app/diagnosis/types.js';

const DAY_MS = 24 * HOUR_MS;
const INTERVAL_MS = 5000;
const RUNS = 15;
// Deliberately not aligned to a minute, so uptime queries take the raw-edge path.
const END = Date.UTC(2025, 0, 1) + 12_345;
const START = END - 365 * DAY_MS;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Generated {
  checks: number;
  outages: number;
  ms: number;
}

function generate(db: HistoryDatabase): Generated {
  const started = performance.now();
  const random = lcg(42);
  const insertCheck = db.prepare(
    'INSERT INTO checks (at, status, latency_ms, cause_codes) VALUES (?, ?, ?, ?)',
  );
  const insertOutage = db.prepare(
    'INSERT INTO outages (started_at, ended_at, cause, summary) VALUES (?, ?, ?, ?)',
  );
  const minutes = rollupAccess(db, 'rollup_minute');
  const hours = rollupAccess(db, 'rollup_hour');
  const rawFrom = END - (DEFAULT_RETENTION.rawChecksMs ?? 7 * DAY_MS);
  const minuteFrom = alignDown(END - (DEFAULT_RETENTION.minuteRollupsMs ?? 30 * DAY_MS), MINUTE_MS);

  let hour: RollupRow | null = null;
  let minute: RollupRow | null = null;
  let outageEnd = 0;
  let outageCount = 0;
  let checks = 0;
  const begin = () => db.prepare('BEGIN').run();
  const commit = () => db.prepare('COMMIT').run();
  begin();
  for (let at = START; at < END; at += INTERVAL_MS) {
    // About 1.5 outages a day, lengths 10 s to 2 h with most under 5 minutes.
    if (at >= outageEnd && random() < 1.5 / (DAY_MS / INTERVAL_MS)) {
      const length = Math.min(2 * HOUR_MS, 10_000 + Math.floor(-Math.log(1 - random()) * 3 * MINUTE_MS));
      outageEnd = at + length;
      insertOutage.run(
        at,
        Math.min(outageEnd, END),
        'upstream-unreachable',
        `synthetic outage ${outageCount}`,
      );
      outageCount += 1;
    }
    const offline = at < outageEnd;
    const limited = !offline && random() < 0.01;
    const status: Status = offline ? 'offline' : limited ? 'limited' : 'online';
    const latency = offline ? null : Math.round((12 + random() ** 4 * 300 + (limited ? 400 : 0)) * 10) / 10;

    const hourStart = alignDown(at, HOUR_MS);
    if (hour === null || hour.bucket !== hourStart) {
      if (hour !== null) hours.write(hour);
      hour = emptyRollup(hourStart);
    }
    addToRollup(hour, status, latency);
    if (at >= minuteFrom) {
      const minuteStart = alignDown(at, MINUTE_MS);
      if (minute === null || minute.bucket !== minuteStart) {
        if (minute !== null) minutes.write(minute);
        minute = emptyRollup(minuteStart);
      }
      addToRollup(minute, status, latency);
    }
    if (at >= rawFrom)
      insertCheck.run(at, status, latency, offline ? 'upstream-unreachable' : limited ? 'dns-slow' : '');
    checks += 1;
    if (checks % 200_000 === 0) {
      commit();
      begin();
    }
  }
  if (hour !== null) hours.write(hour);
  if (minute !== null) minutes.write(minute);
  commit();
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { checks, outages: outageCount, ms: performance.now() - started };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

function time(label: string, body: () => unknown): void {
  body(); // warm the page cache and statement cache once, as a running app would be
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t = performance.now();
    body();
    samples.push(performance.now() - t);
  }
  console.log(
    `${label}: median ${median(samples).toFixed(2)} ms, max ${Math.max(...samples).toFixed(2)} ms (${RUNS} runs)`,
  );
}

const keep = process.argv.indexOf('--keep');
const dir = keep >= 0 ? null : mkdtempSync(join(tmpdir(), 'ic-history-bench-'));
const path =
  keep >= 0 ? (process.argv[keep + 1] ?? 'history-bench.sqlite') : join(dir ?? '.', 'history.sqlite');
try {
  const opened = openHistoryDatabase(path);
  if (!opened.ok) throw new Error(opened.error.message);
  const generated = generate(opened.db);
  opened.db.close();
  const size = (suffix: string) => (existsSync(path + suffix) ? statSync(path + suffix).size : 0);
  console.log(
    `generated ${generated.checks} checks over 365 days (${generated.outages} outages) in ${(generated.ms / 1000).toFixed(1)} s`,
  );
  console.log(
    `file size: ${(size('') / 1024 / 1024).toFixed(2)} MiB (wal ${(size('-wal') / 1024).toFixed(0)} KiB)`,
  );

  const openStart = performance.now();
  const reopened = openHistoryDatabase(path);
  if (!reopened.ok) throw new Error(reopened.error.message);
  console.log(`open with quick_check: ${(performance.now() - openStart).toFixed(1)} ms`);
  const db = reopened.db;
  const counts = ['checks', 'rollup_minute', 'rollup_hour', 'outages'].map(
    (table) => `${table} ${(db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n}`,
  );
  console.log(`rows: ${counts.join(', ')}`);

  const queries = createHistoryQueries(db, { now: () => END });
  const month = { from: END - 30 * DAY_MS, to: END };
  const day = { from: END - DAY_MS, to: END };
  const year = { from: START, to: END };
  const u = queries.uptime(month);
  console.log(`30-day uptime: ${u.uptimePercent?.toFixed(3)} % of ${u.checks} checks`);
  time('30-day uptime', () => queries.uptime(month));
  time('30-day outage list', () => queries.outages(month));
  time('30-day latency series (3 h buckets, 240 points)', () => queries.series(month));
  time('24-hour latency series (5 min buckets, 288 points)', () => queries.series(day));
  time('365-day uptime', () => queries.uptime(year));
  time('365-day latency series (1 day buckets)', () => queries.series(year));
  time('longest outage ever', () => queries.longestOutage());

  const store = createHistoryStore(db);
  let at = END;
  time('recordCheck (one check, raw + 2 rollups, one transaction)', () => {
    at += INTERVAL_MS;
    store.recordCheck({ at, status: 'online', latencyMs: 21.5, causeCodes: [] });
  });
  time('pruneBatch of 1000 rows per table (a day past retention)', () =>
    pruneBatch(db, DEFAULT_RETENTION, END + DAY_MS, 1000),
  );
  db.close();
} finally {
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
}
