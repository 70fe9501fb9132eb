import type { HistoryDatabase } from './database.js';
import { historyError, HistoryFailure, toHistoryError } from './errors.js';
import { addToRollup, alignDown, emptyRollup, ROLLUP_TABLES, rollupAccess } from './rollup.js';
import type { CheckRecord, HistoryError, OutageRecord, StatusChangeRecord, WriteResult } from './types.js';
import { checkRecordProblem, statusChangeProblem, timeProblem } from './validate.js';

export interface OutageStart {
  readonly startedAt: number;
  readonly cause: string;
  readonly summary: string;
}

export interface OutageEnd {
  readonly endedAt: number;
  /** Replace the cause/summary written at the start (the diagnosis often knows more by the end). */
  readonly cause?: string;
  readonly summary?: string;
}

/**
 * The monitor's write side of the history. No method throws: a failed write (disk full, read-only file,
 * lock held too long, bad input) returns `{ ok: false, error }`, is kept in `lastError` and is sent to every
 * `onError` listener, and the monitor carries on. Each write is one transaction, so a crash loses at most
 * the write in flight, and the rollups always agree with the raw rows.
 */
export interface HistoryStore {
  /** Adds a check and folds it into its minute and hour rollups. */
  recordCheck(check: CheckRecord): WriteResult<void>;
  recordStatusChange(change: StatusChangeRecord): WriteResult<void>;
  /** Opens an outage. If one is already open (e.g. after a restart) it is returned unchanged. */
  openOutage(start: OutageStart): WriteResult<OutageRecord>;
  /** Closes the open outage; `value` is null when none was open. */
  closeOutage(end: OutageEnd): WriteResult<OutageRecord | null>;
  /** The open outage, if any (a monitor restarting mid-outage resumes it). */
  openOutageRecord(): OutageRecord | null;
  /** The most recent write error; null again once a write succeeds. */
  readonly lastError: HistoryError | null;
  /** Returns a function that removes the listener. A listener that throws is ignored. */
  onError(listener: (error: HistoryError) => void): () => void;
}

interface OutageSqlRow {
  id: number;
  started_at: number;
  ended_at: number | null;
  cause: string;
  summary: string;
}

export const OUTAGE_COLUMNS = 'id, started_at, ended_at, cause, summary';

/**
 * The last check recorded at or after `at`: the last moment an outage left open by a killed monitor
 * is known to have gone on. Null when none was.
 */
export function lastCheckSince(db: HistoryDatabase, at: number): number | null {
  return (
    db.prepare<[number], number | null>('SELECT max(at) FROM checks WHERE at >= ?').pluck().get(at) ?? null
  );
}

export function outageFromRow(row: OutageSqlRow): OutageRecord {
  return {
    id: row.id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.ended_at === null ? null : row.ended_at - row.started_at,
    cause: row.cause,
    summary: row.summary,
  };
}

export function createHistoryStore(db: HistoryDatabase): HistoryStore {
  const listeners = new Set<(error: HistoryError) => void>();
  let lastError: HistoryError | null = null;

  // Statements are prepared lazily: preparing on a database that has gone bad must also end up as a result.
  let statements: ReturnType<typeof prepare> | null = null;
  const prepared = () => (statements ??= prepare(db));

  function write<T>(operation: string, body: () => T): WriteResult<T> {
    try {
      const value = body();
      lastError = null;
      return { ok: true, value };
    } catch (thrown) {
      const error = toHistoryError(thrown, operation);
      lastError = error;
      for (const listener of listeners) {
        try {
          listener(error);
        } catch {
          // A broken logger must not turn a reported failure into a crash.
        }
      }
      return { ok: false, error };
    }
  }

  function reject(operation: string, problem: string | null): void {
    if (problem !== null) throw new HistoryFailure(historyError('invalid-input', operation, problem));
  }

  return {
    get lastError() {
      return lastError;
    },
    onError(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    recordCheck(check) {
      return write('recordCheck', () => {
        reject('recordCheck', checkRecordProblem(check));
        prepared().recordCheck(check);
      });
    },
    recordStatusChange(change) {
      return write('recordStatusChange', () => {
        reject('recordStatusChange', statusChangeProblem(change));
        prepared().insertChange.run(change.at, change.from, change.to, change.causeCodes.join(','));
      });
    },
    openOutage(start) {
      return write('openOutage', () => {
        reject(
          'openOutage',
          timeProblem('startedAt', start.startedAt) ?? textProblem(start.cause, start.summary),
        );
        return prepared().openOutage(start);
      });
    },
    closeOutage(end) {
      return write('closeOutage', () => {
        reject(
          'closeOutage',
          timeProblem('endedAt', end.endedAt) ?? textProblem(end.cause ?? '-', end.summary ?? '-'),
        );
        return prepared().closeOutage(end);
      });
    },
    openOutageRecord() {
      try {
        const row = prepared().selectOpen.get();
        return row === undefined ? null : outageFromRow(row);
      } catch {
        return null;
      }
    },
  };
}

function textProblem(cause: unknown, summary: unknown): string | null {
  if (typeof cause !== 'string' || cause === '')
    return `cause must be a non-empty string, got ${String(cause)}`;
  if (typeof summary !== 'string') return `summary must be a string, got ${String(summary)}`;
  return null;
}

function prepare(db: HistoryDatabase) {
  const insertCheck = db.prepare(
    'INSERT INTO checks (at, status, latency_ms, cause_codes) VALUES (?, ?, ?, ?)',
  );
  const rollups = ROLLUP_TABLES.map(({ table, bucketMs }) => ({ bucketMs, access: rollupAccess(db, table) }));
  const insertChange = db.prepare(
    'INSERT INTO status_changes (at, from_state, to_state, cause_codes) VALUES (?, ?, ?, ?)',
  );
  const selectOpen = db.prepare<[], OutageSqlRow>(
    `SELECT ${OUTAGE_COLUMNS} FROM outages WHERE ended_at IS NULL`,
  );
  const selectById = db.prepare<[number], OutageSqlRow>(`SELECT ${OUTAGE_COLUMNS} FROM outages WHERE id = ?`);
  const insertOutage = db.prepare(
    'INSERT INTO outages (started_at, ended_at, cause, summary) VALUES (?, NULL, ?, ?)',
  );
  const updateOutage = db.prepare('UPDATE outages SET ended_at = ?, cause = ?, summary = ? WHERE id = ?');

  return {
    insertChange,
    selectOpen,
    // One transaction: the raw row and both rollups change together or not at all.
    recordCheck: db.transaction((check: CheckRecord) => {
      insertCheck.run(check.at, check.status, check.latencyMs, check.causeCodes.join(','));
      for (const { bucketMs, access } of rollups) {
        const bucket = alignDown(check.at, bucketMs);
        const row = access.read(bucket) ?? emptyRollup(bucket);
        addToRollup(row, check.status, check.latencyMs);
        access.write(row);
      }
    }),
    openOutage: db.transaction((start: OutageStart): OutageRecord => {
      const open = selectOpen.get();
      if (open !== undefined) return outageFromRow(open);
      const id = Number(insertOutage.run(start.startedAt, start.cause, start.summary).lastInsertRowid);
      return outageFromRow(selectById.get(id) as OutageSqlRow);
    }),
    closeOutage: db.transaction((end: OutageEnd): OutageRecord | null => {
      const open = selectOpen.get();
      if (open === undefined) return null;
      if (end.endedAt < open.started_at) {
        throw new HistoryFailure(
          historyError(
            'invalid-input',
            'closeOutage',
            `endedAt ${end.endedAt} is before the open outage's startedAt ${open.started_at}`,
          ),
        );
      }
      updateOutage.run(end.endedAt, end.cause ?? open.cause, end.summary ?? open.summary, open.id);
      return outageFromRow(selectById.get(open.id) as OutageSqlRow);
    }),
  };
}
