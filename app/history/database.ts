import { accessSync, constants, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { HistoryFailure, historyError, kindOfCode, toHistoryError } from './errors.js';
import { MIGRATIONS, type Migration } from './schema.js';
import type { HistoryError } from './types.js';

export type HistoryDatabase = Database.Database;

export interface OpenOptions {
  /** How long a write waits for another process's lock before failing with `busy`. */
  readonly busyTimeoutMs?: number;
  /**
   * `quick` (default) runs PRAGMA quick_check at open, so a damaged file is caught and moved aside before
   * the monitor relies on it; ~30 ms for a year of history. `none` skips it.
   */
  readonly integrityCheck?: 'quick' | 'none';
  /** Open for reading only (the CLI `history` command beside a running monitor): no migration, no repair. */
  readonly readonly?: boolean;
  /** Wall clock for the `.corrupt-<timestamp>` name; injectable for tests. */
  readonly now?: () => number;
  /** Replaces the schema migrations (tests of the migration runner only). */
  readonly migrations?: readonly Migration[];
}

export type OpenOutcome =
  | {
      readonly ok: true;
      readonly db: HistoryDatabase;
      readonly path: string;
      /** The file was new (or empty, or freshly started after a corrupt one was moved aside). */
      readonly created: boolean;
      readonly schema: { readonly from: number; readonly to: number };
      /** Set when the old file was unreadable: where it now lies and why it was moved. */
      readonly movedAside: { readonly path: string; readonly reason: string } | null;
    }
  | { readonly ok: false; readonly error: HistoryError };

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;
// Checkpoints keep the WAL near 4 MB of pages; this truncates it back afterwards so it does not stay large.
const JOURNAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

/**
 * Opens (creating if needed) the history database: WAL, synchronous=NORMAL (a committed check survives a
 * process crash; an OS crash may lose the last few), busy timeout, migrations up to SCHEMA_VERSION.
 * A file SQLite cannot read as a database is renamed to `<name>.corrupt-<timestamp>` (kept, never deleted)
 * and a fresh one is started. Never throws: every failure comes back as `{ ok: false, error }`.
 */
export function openHistoryDatabase(path: string, options: OpenOptions = {}): OpenOutcome {
  const memory = path === ':memory:';
  if (!memory && !options.readonly) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (thrown) {
      return { ok: false, error: toHistoryError(thrown, 'open') };
    }
  }
  const existed = !memory && fileHasContent(path);

  let attempt = connect(path, options);
  let movedAside: { path: string; reason: string } | null = null;
  if (!attempt.ok && attempt.error.kind === 'corrupt' && !memory && !options.readonly) {
    try {
      movedAside = { path: moveAside(path, (options.now ?? Date.now)()), reason: attempt.error.message };
    } catch (thrown) {
      return { ok: false, error: toHistoryError(thrown, 'open (moving a corrupt file aside)') };
    }
    attempt = connect(path, options);
  }
  if (!attempt.ok) return { ok: false, error: explainCannotOpen(path, attempt.error) };
  const db = attempt.db;

  try {
    checkVersion(db, options.migrations);
    configure(db, path, options);
    const schema = options.readonly ? checkVersion(db, options.migrations) : migrate(db, options.migrations);
    return { ok: true, db, path, created: !existed || movedAside !== null, schema, movedAside };
  } catch (thrown) {
    db.close();
    return { ok: false, error: toHistoryError(thrown, 'open (migrating)') };
  }
}

/** One line for the log: what opening the history did. */
export function describeOpen(outcome: OpenOutcome): string {
  if (!outcome.ok) return `history unavailable (${outcome.error.kind}): ${outcome.error.message}`;
  const parts = [`history at ${outcome.path}`];
  if (outcome.movedAside)
    parts.push(`unreadable file moved to ${outcome.movedAside.path} (${outcome.movedAside.reason})`);
  if (outcome.created) parts.push('started a new database');
  if (outcome.schema.from !== outcome.schema.to)
    parts.push(`schema ${outcome.schema.from} → ${outcome.schema.to}`);
  return parts.join('; ');
}

/**
 * Runs pending migrations, each with its version bump in one IMMEDIATE transaction (two processes opening
 * a new file at once: the second waits, rereads the version and skips what the first did).
 */
export function migrate(
  db: HistoryDatabase,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const from = checkVersion(db, migrations).from;
  for (const migration of migrations) {
    db.transaction(() => {
      if (userVersion(db) >= migration.version) return;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: userVersion(db) };
}

function checkVersion(
  db: HistoryDatabase,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const version = userVersion(db);
  if (version > latest) {
    throw new HistoryFailure(
      historyError(
        'newer-schema',
        'open',
        `the database is at schema version ${version}, newer than this program's ${latest}; update internet-conn (the file was left untouched)`,
      ),
    );
  }
  return { from: version, to: version };
}

function userVersion(db: HistoryDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function connect(
  path: string,
  options: OpenOptions,
): { ok: true; db: HistoryDatabase } | { ok: false; error: HistoryError } {
  let db: HistoryDatabase;
  try {
    db = new Database(path, {
      timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (thrown) {
    return { ok: false, error: toHistoryError(thrown, 'open') };
  }
  try {
    // The first read of the header: a file that is not a database fails here with SQLITE_NOTADB.
    userVersion(db);
    if ((options.integrityCheck ?? 'quick') === 'quick') {
      const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
      const problems = rows.map((row) => row.quick_check).filter((line) => line !== 'ok');
      if (problems.length > 0) {
        db.close();
        return {
          ok: false,
          error: historyError('corrupt', 'open', `quick_check failed: ${problems.join('; ')}`),
        };
      }
    }
    return { ok: true, db };
  } catch (thrown) {
    db.close();
    return { ok: false, error: toHistoryError(thrown, 'open') };
  }
}

/** Set after the version check, so a file from a newer version is not even switched to WAL. */
function configure(db: HistoryDatabase, path: string, options: OpenOptions): void {
  if (!options.readonly && path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
}

/**
 * SQLite says only "unable to open database file" when it cannot create the -wal/-shm files beside the
 * database; on a read-only filesystem or directory, say that instead.
 */
function explainCannotOpen(path: string, error: HistoryError): HistoryError {
  if (path === ':memory:' || (error.kind !== 'cannot-open' && error.kind !== 'io')) return error;
  const dir = dirname(path);
  try {
    accessSync(dir, constants.W_OK);
    return error;
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code ?? null;
    const kind = kindOfCode(code);
    if (kind !== 'read-only') return error;
    return {
      kind,
      code,
      operation: 'open',
      message: `open: ${dir} is not writable (${code}); the history must create its journal files beside ${path}`,
    };
  }
}

function fileHasContent(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

/** Renames the damaged file (and its WAL, which belongs to it) out of the way; returns the new name. */
function moveAside(path: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let target = `${path}.corrupt-${stamp}`;
  for (let n = 2; existsSync(target); n += 1) target = `${path}.corrupt-${stamp}-${n}`;
  renameSync(path, target);
  for (const suffix of ['-wal', '-journal']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
  }
  // The shared-memory index is rebuilt from the WAL; a stale one must not meet the fresh database.
  if (existsSync(`${path}-shm`)) unlinkSync(`${path}-shm`);
  return target;
}
