import type { HistoryError, HistoryErrorKind } from './types.js';

// SQLite extended codes share the primary code's prefix (SQLITE_READONLY_DBMOVED, SQLITE_IOERR_WRITE),
// so the table maps prefixes. Node fs codes cover the work done outside SQLite (mkdir, rename).
const KIND_BY_CODE_PREFIX: readonly (readonly [string, HistoryErrorKind])[] = [
  ['SQLITE_FULL', 'disk-full'],
  ['ENOSPC', 'disk-full'],
  ['EDQUOT', 'disk-full'],
  ['SQLITE_READONLY', 'read-only'],
  ['EROFS', 'read-only'],
  ['EACCES', 'read-only'],
  ['EPERM', 'read-only'],
  ['SQLITE_PERM', 'read-only'],
  ['SQLITE_AUTH', 'read-only'],
  ['SQLITE_BUSY', 'busy'],
  ['SQLITE_LOCKED', 'busy'],
  ['SQLITE_CORRUPT', 'corrupt'],
  ['SQLITE_NOTADB', 'corrupt'],
  ['SQLITE_CANTOPEN', 'cannot-open'],
  ['ENOENT', 'cannot-open'],
  ['ENOTDIR', 'cannot-open'],
  ['EEXIST', 'cannot-open'],
  ['SQLITE_IOERR', 'io'],
  ['EIO', 'io'],
];

export function kindOfCode(code: string | null): HistoryErrorKind {
  if (code === null) return 'unknown';
  for (const [prefix, kind] of KIND_BY_CODE_PREFIX) {
    if (code === prefix || code.startsWith(`${prefix}_`)) return kind;
  }
  return 'unknown';
}

/** Turns anything thrown by better-sqlite3 or node:fs into a HistoryError. */
export function toHistoryError(thrown: unknown, operation: string): HistoryError {
  if (thrown instanceof HistoryFailure) return thrown.error;
  const code =
    typeof thrown === 'object' && thrown !== null && typeof (thrown as { code?: unknown }).code === 'string'
      ? (thrown as { code: string }).code
      : null;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  let kind = kindOfCode(code);
  // better-sqlite3 throws a plain TypeError once the connection is closed.
  if (kind === 'unknown' && /database connection is not open/i.test(message)) kind = 'closed';
  return { kind, code, operation, message: `${operation}: ${message}` };
}

export function historyError(kind: HistoryErrorKind, operation: string, message: string): HistoryError {
  return { kind, code: null, operation, message: `${operation}: ${message}` };
}

/** A HistoryError that can travel through `throw` inside our own code and come out unchanged. */
export class HistoryFailure extends Error {
  constructor(readonly error: HistoryError) {
    super(error.message);
  }
}
