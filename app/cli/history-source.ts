/**
 * Finds and opens the history database for the read-only commands (`history`, `export`): `--db`, else
 * INTERNET_CONN_DB, else the config file's `db`, else the platform's data directory.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { describeSetting, type LoadedSettings } from '../config/load.js';
import type { HistoryDatabase } from '../history/database.js';
import { defaultHistoryPath } from '../history/location.js';
import type { CliIo } from './io.js';

export type HistorySource =
  | { readonly kind: 'open'; readonly db: HistoryDatabase; readonly path: string }
  /** Nothing recorded yet: the default file does not exist (or holds no tables). */
  | { readonly kind: 'empty'; readonly path: string }
  /** A one-line message naming the value; the caller exits 64. */
  | { readonly kind: 'bad'; readonly message: string };

export function historyPath(loaded: LoadedSettings, io: CliIo): string {
  return (
    loaded.settings.db ??
    defaultHistoryPath(io.platform, io.env, io.env['HOME'] ?? io.env['USERPROFILE'] ?? homedir())
  );
}

/** How to name the database in a message: the flag, variable or file key it came from, or the default path. */
export function describeHistoryPath(loaded: LoadedSettings, path: string): string {
  return loaded.sources.db === 'default'
    ? `history database ${JSON.stringify(path)}`
    : describeSetting('db', loaded);
}

export async function openHistoryForReading(loaded: LoadedSettings, io: CliIo): Promise<HistorySource> {
  const path = historyPath(loaded, io);
  const named = describeHistoryPath(loaded, path);
  if (path === ':memory:') return { kind: 'empty', path };
  if (!existsSync(path)) {
    // The default file appears with the first `monitor` run; a path the user typed that is not there is a typo.
    if (loaded.sources.db === 'default') return { kind: 'empty', path };
    return {
      kind: 'bad',
      message: `${named}: no such file (internet-conn monitor --db PATH creates it)`,
    };
  }
  const problem = historyPathProblem(path);
  if (problem !== null) return { kind: 'bad', message: `${named}: ${problem}` };
  // Loaded only now: every other command (and every bad-input path) stays free of the SQLite binding.
  const { openHistoryDatabase } = await import('../history/database.js');
  const opened = openHistoryDatabase(path, { readonly: true });
  if (!opened.ok) return { kind: 'bad', message: `${named}: ${opened.error.message}` };
  if (opened.schema.to === 0) {
    // An empty file, or one a monitor created but has not yet given its tables: nothing to read.
    opened.db.close();
    return { kind: 'empty', path };
  }
  return { kind: 'open', db: opened.db, path };
}

/** What is wrong with a database path before SQLite says "unable to open database file"; null when nothing is. */
export function historyPathProblem(path: string): string | null {
  try {
    if (statSync(path).isDirectory()) return 'is a directory; expected the history database file';
  } catch {
    // Absent is fine here: the monitor creates it, and the readers check for it themselves.
  }
  return null;
}

/** `io.now` when the test gives one, else the wall clock; epoch ms. */
export function nowMs(io: CliIo): number {
  return io.now?.().getTime() ?? Date.now();
}
