// The history's public surface; everything else in app/history is an implementation detail.
export { defaultHistoryPath } from './location.js';
export { openHistoryDatabase, describeOpen, DEFAULT_BUSY_TIMEOUT_MS } from './database.js';
export type { HistoryDatabase, OpenOptions, OpenOutcome } from './database.js';
export { SCHEMA_VERSION } from './schema.js';
export { createHistoryStore } from './store.js';
export type { HistoryStore, OutageStart, OutageEnd } from './store.js';
export { DEFAULT_RETENTION, retentionPolicy, pruneBatch, pruneExpired } from './retention.js';
export type { RetentionPolicy, PruneCounts } from './retention.js';
export { createHistoryQueries, chooseBucketMs, BUCKET_LADDER_MS, DEFAULT_MAX_POINTS } from './queries.js';
export type { HistoryQueries, SeriesOptions } from './queries.js';
export {
  exportChecks,
  exportOutages,
  checksToCsv,
  outagesToCsv,
  checksToJson,
  outagesToJson,
} from './export.js';
export type { ExportFormat } from './export.js';
export type * from './types.js';
