import type { HistoryDatabase } from './database.js';
import { historyError } from './errors.js';
import type { HistoryError } from './types.js';

/**
 * Marks our files (`PRAGMA application_id`, the 32-bit field SQLite keeps in the header for exactly this:
 * "ICN1" in ASCII), so a mistyped `--db` naming another program's SQLite file is refused instead of
 * having our tables written into it.
 */
export const APPLICATION_ID = 0x49434e31;

/** Every table version 1 created: a file at version ≥ 1 from before the mark must hold all of them. */
const V1_TABLES = ['checks', 'status_changes', 'outages', 'rollup_minute', 'rollup_hour'] as const;
/** Tables any of our versions creates; anything else means the file is someone else's. */
const OUR_TABLES: ReadonlySet<string> = new Set([...V1_TABLES, 'writer_lock']);

export type Identity =
  /** Marked as ours. */
  | { readonly kind: 'ours' }
  /** Ours from before the mark (version ≥ 1, exactly our tables): a writer marks it. */
  | { readonly kind: 'unmarked' }
  /** Empty: no tables, no version, no mark. Ours to create. */
  | { readonly kind: 'blank' }
  | { readonly kind: 'foreign'; readonly reason: string };

/** Reads only the header fields and sqlite_master: nothing is written. */
export function identify(db: HistoryDatabase): Identity {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === APPLICATION_ID) return { kind: 'ours' };
  if (applicationId !== 0) {
    return { kind: 'foreign', reason: `its application_id is ${hex(applicationId)}, another program's` };
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
      )
      .pluck()
      .all() as string[]
  ).sort();
  const others = tables.filter((name) => !OUR_TABLES.has(name));
  if (others.length > 0) return { kind: 'foreign', reason: `it holds other tables: ${list(others)}` };
  if (version === 0) {
    return tables.length === 0
      ? { kind: 'blank' }
      : { kind: 'foreign', reason: `it holds ${list(tables)} but no schema version` };
  }
  const missing = V1_TABLES.filter((name) => !tables.includes(name));
  if (missing.length > 0) {
    return { kind: 'foreign', reason: `its user_version is ${version} but it lacks ${list(missing)}` };
  }
  return { kind: 'unmarked' };
}

export function foreignError(path: string, reason: string): HistoryError {
  return historyError(
    'foreign',
    'open',
    `${path} is not an internet-conn history database (${reason}); it was left untouched`,
  );
}

function list(names: readonly string[]): string {
  return names.length > 5 ? `${names.slice(0, 5).join(', ')} …` : names.join(', ');
}

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}
