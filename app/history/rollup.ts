import type Database from 'better-sqlite3';
import type { Status } from '../diagnosis/types.js';
import { addSample, decodeHistogram, encodeHistogram, type Histogram } from './histogram.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export type RollupTable = 'rollup_minute' | 'rollup_hour';

export const ROLLUP_TABLES: readonly { readonly table: RollupTable; readonly bucketMs: number }[] = [
  { table: 'rollup_minute', bucketMs: MINUTE_MS },
  { table: 'rollup_hour', bucketMs: HOUR_MS },
];

/** One rollup bucket in memory. Updated incrementally with every check (see store.ts). */
export interface RollupRow {
  readonly bucket: number;
  checks: number;
  online: number;
  limited: number;
  offline: number;
  latencyCount: number;
  latencySum: number;
  latencyMin: number | null;
  latencyMax: number | null;
  readonly histogram: Histogram;
}

/** The row shape SQLite hands back. */
export interface RollupSqlRow {
  bucket: number;
  checks: number;
  online: number;
  limited: number;
  offline: number;
  latency_count: number;
  latency_sum: number;
  latency_min: number | null;
  latency_max: number | null;
  latency_hist: Uint8Array | null;
}

export const ROLLUP_SELECT_COLUMNS =
  'bucket, checks, online, limited, offline, latency_count, latency_sum, latency_min, latency_max, latency_hist';

export function alignDown(at: number, bucketMs: number): number {
  return Math.floor(at / bucketMs) * bucketMs;
}

export function alignUp(at: number, bucketMs: number): number {
  return Math.ceil(at / bucketMs) * bucketMs;
}

export function emptyRollup(bucket: number): RollupRow {
  return {
    bucket,
    checks: 0,
    online: 0,
    limited: 0,
    offline: 0,
    latencyCount: 0,
    latencySum: 0,
    latencyMin: null,
    latencyMax: null,
    histogram: new Map(),
  };
}

export function addToRollup(row: RollupRow, status: Status, latencyMs: number | null): void {
  row.checks += 1;
  row[status] += 1;
  if (latencyMs !== null) {
    row.latencyCount += 1;
    row.latencySum += latencyMs;
    row.latencyMin = row.latencyMin === null ? latencyMs : Math.min(row.latencyMin, latencyMs);
    row.latencyMax = row.latencyMax === null ? latencyMs : Math.max(row.latencyMax, latencyMs);
    addSample(row.histogram, latencyMs);
  }
}

export function fromSqlRow(row: RollupSqlRow): RollupRow {
  return {
    bucket: row.bucket,
    checks: row.checks,
    online: row.online,
    limited: row.limited,
    offline: row.offline,
    latencyCount: row.latency_count,
    latencySum: row.latency_sum,
    latencyMin: row.latency_min,
    latencyMax: row.latency_max,
    histogram: decodeHistogram(row.latency_hist),
  };
}

/** Prepared read and upsert of one rollup table. */
export interface RollupAccess {
  read(bucket: number): RollupRow | null;
  write(row: RollupRow): void;
}

export function rollupAccess(db: Database.Database, table: RollupTable): RollupAccess {
  const select = db.prepare<[number], RollupSqlRow>(
    `SELECT ${ROLLUP_SELECT_COLUMNS} FROM ${table} WHERE bucket = ?`,
  );
  const upsert = db.prepare(
    `INSERT OR REPLACE INTO ${table} (${ROLLUP_SELECT_COLUMNS})
     VALUES (@bucket, @checks, @online, @limited, @offline, @latencyCount, @latencySum, @latencyMin, @latencyMax, @hist)`,
  );
  return {
    read(bucket) {
      const row = select.get(bucket);
      return row === undefined ? null : fromSqlRow(row);
    },
    write(row) {
      upsert.run({
        bucket: row.bucket,
        checks: row.checks,
        online: row.online,
        limited: row.limited,
        offline: row.offline,
        latencyCount: row.latencyCount,
        latencySum: row.latencySum,
        latencyMin: row.latencyMin,
        latencyMax: row.latencyMax,
        hist: encodeHistogram(row.histogram),
      });
    },
  };
}
