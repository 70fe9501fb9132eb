import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { HistoryFailure, historyError, kindOfCode, toHistoryError } from './errors.js';
import { APPLICATION_ID, foreignError, identify, type Identity } from './identity.js';
import { MIGRATIONS, type Migration } from './schema.js';
import { takeWriterLock } from './writer-lock.js';
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
  /**
   * Open for reading only (`history`, `export`, beside a running monitor or without write permission):
   * no migration, no repair, no lock, nothing written.
   */
  readonly readonly?: boolean;
  /**
   * A writer takes the single-writer lock (writer-lock.ts) unless this is false: only tests that open one
   * file from two connections on purpose turn it off.
   */
  readonly writerLock?: boolean;
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
 * process crash; an OS crash may lose the last few), busy timeout, migrations up to SCHEMA_VERSION, and
 * for a writer the single-writer lock (writer-lock.ts; released by db.close()).
 * A file SQLite cannot read as a database is renamed to `<name>.corrupt-<timestamp>` (kept, never deleted)
 * and a fresh one is started. Another program's SQLite file is refused (`foreign`) and never changed or
 * moved (identity.ts). Never throws: every failure comes back as `{ ok: false, error }`.
 */
export function openHistoryDatabase(path: string, options: OpenOptions = {}): OpenOutcome {
  const memory = path === ':memory:';
  if (!memory && !options.readonly) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (thrown) {
      const code = (thrown as NodeJS.ErrnoException).code;
      // mkdir's own words ("EEXIST: file already exists, mkdir '/etc/passwd'") hide the mistake.
      if (code === 'EEXIST' || code === 'ENOTDIR') {
        return {
          ok: false,
          error: historyError(
            'cannot-open',
            'open',
            `cannot create the folder ${dirname(path)}: a part of that path is a file, not a folder`,
          ),
        };
      }
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
  if (!attempt.ok) return { ok: false, error: explainCannotOpen(path, attempt.error, options) };
  const { db, identity } = attempt;

  try {
    const version = checkVersion(db, options.migrations);
    if (options.readonly) return { ok: true, db, path, created: false, schema: version, movedAside };
    configure(db, path);
    const schema = migrate(db, options.migrations, identity);
    // Test migrations have no writer_lock table; the lock belongs to the real schema.
    if (!memory && options.writerLock !== false && options.migrations === undefined) {
      const lock = takeWriterLock(db, path, (options.now ?? Date.now)());
      if (!lock.ok) {
        db.close();
        return { ok: false, error: lock.error };
      }
      releaseOnClose(db, lock.release);
    }
    return { ok: true, db, path, created: !existed || movedAside !== null, schema, movedAside };
  } catch (thrown) {
    db.close();
    return { ok: false, error: toHistoryError(thrown, 'open (migrating)') };
  }
}

/**
 * The lock must go when the database closes, whoever closes it (the runtime's stop, a test, the bench),
 * so close() itself releases it. A process that dies without closing leaves a stale row the next writer
 * takes over.
 */
function releaseOnClose(db: HistoryDatabase, release: () => void): void {
  const close = db.close.bind(db);
  db.close = () => {
    if (db.open) {
      try {
        release();
      } catch {
        // A failed delete leaves a row naming a pid that is about to be gone: stale, so harmless.
      }
    }
    return close();
  };
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
  identity: Identity = identify(db),
): { from: number; to: number } {
  const from = checkVersion(db, migrations).from;
  if (identity.kind === 'foreign') throw new HistoryFailure(foreignError(db.name, identity.reason));
  // The mark goes in with the first migration (a new file) or on its own (ours from before the mark).
  const mark = () => {
    if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID)
      db.pragma(`application_id = ${APPLICATION_ID}`);
  };
  if (identity.kind === 'unmarked') db.transaction(mark).immediate();
  for (const migration of migrations) {
    db.transaction(() => {
      if (userVersion(db) >= migration.version) return;
      mark();
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

type Connected = { ok: true; db: HistoryDatabase; identity: Identity } | { ok: false; error: HistoryError };

function connect(path: string, options: OpenOptions): Connected {
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
  const first = inspect(db, path, options);
  if (first.ok || !options.readonly || !cannotShareWal(first.error)) return first;
  const copy = connectToCopy(path, options);
  return copy ?? first;
}

/**
 * The first reads: the header (a file that is not a database fails here with SQLITE_NOTADB), whose file it
 * is (a foreign one is refused before anything could change it), then quick_check.
 */
function inspect(db: HistoryDatabase, path: string, options: OpenOptions): Connected {
  try {
    userVersion(db);
    const identity = identify(db);
    if (identity.kind === 'foreign') {
      db.close();
      return { ok: false, error: foreignError(path, identity.reason) };
    }
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
    return { ok: true, db, identity };
  } catch (thrown) {
    db.close();
    return { ok: false, error: toHistoryError(thrown, 'open') };
  }
}

/**
 * A WAL database read without write access: SQLite must create or lock `-shm` beside it, and in a
 * directory the user cannot write it gives SQLITE_READONLY_DIRECTORY / _CANTINIT or "unable to open".
 */
function cannotShareWal(error: HistoryError): boolean {
  return error.code === 'SQLITE_CANTOPEN' || (error.code?.startsWith('SQLITE_READONLY') ?? false);
}

/**
 * A cleanly closed database (no `-wal`, or an empty one) holds all its pages in the main file, so a private
 * in-memory copy reads exactly what is there; this is the `immutable=1` idea without URI filenames, which
 * this SQLite build does not accept. The copy's header is switched from WAL to rollback mode, since an
 * in-memory database cannot be WAL; the file itself is never touched. With a non-empty `-wal` (a monitor
 * is recording, or one was killed) the copy would miss the newest pages: null, and the original error stands.
 */
function connectToCopy(path: string, options: OpenOptions): Connected | null {
  if (fileHasContent(`${path}-wal`)) return null;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return null;
  }
  // Bytes 18 and 19 are the write and read format versions: 2 means WAL, 1 rollback journal.
  if (bytes.length >= 100 && bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  let db: HistoryDatabase;
  try {
    db = new Database(bytes, { readonly: true });
  } catch (thrown) {
    return { ok: false, error: toHistoryError(thrown, 'open') };
  }
  return inspect(db, path, options);
}

/** Set after the version check, so a file from a newer version is not even switched to WAL. */
function configure(db: HistoryDatabase, path: string): void {
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
}

/**
 * SQLite says only "unable to open database file" when it cannot create the -wal/-shm files beside the
 * database; on a read-only filesystem or directory, say that instead.
 */
function explainCannotOpen(path: string, error: HistoryError, options: OpenOptions): HistoryError {
  if (path === ':memory:') return error;
  if (options.readonly && cannotShareWal(error)) {
    // Reaching here means the copy fallback could not help: the -wal holds pages the main file lacks.
    return {
      ...error,
      kind: 'read-only',
      message:
        `open: cannot read ${path} without write access to ${dirname(path)}: its write-ahead log ` +
        `(${path}-wal) is in use or was left by a monitor that did not stop cleanly, and reading it ` +
        `needs ${path}-shm, which cannot be created there (${error.code ?? 'read-only'})`,
    };
  }
  if (error.kind !== 'cannot-open' && error.kind !== 'io') return error;
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
