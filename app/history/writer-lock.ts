import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { HistoryDatabase } from './database.js';
import { historyError } from './errors.js';
import type { HistoryError } from './types.js';

/**
 * One recorder per database. Two monitors on one file would each write every check (uptime counted
 * twice) and fight over the one open outage. The lock is a row in the database itself, taken in an
 * IMMEDIATE transaction, so two processes starting at once cannot both win, and it needs no file beside
 * the database. Readers (`history`, `export`) never look at it.
 *
 * A row whose process is gone (kill -9, power cut) is stale and taken over: on this host the pid is
 * tested with signal 0 and, on Linux, its start time is compared so a reused pid does not count. A row
 * from another host (a database on a shared disk) cannot be tested; it counts while that host has recorded
 * a check within OTHER_HOST_FRESH_MS.
 */
export const OTHER_HOST_FRESH_MS = 10 * 60_000;

interface LockRow {
  pid: number;
  hostname: string;
  process_start: string | null;
  token: string;
  acquired_at: number;
}

/** Tokens of the connections this process holds the lock through (a second open in-process is refused too). */
const heldHere = new Set<string>();

export type LockOutcome =
  { readonly ok: true; readonly release: () => void } | { readonly ok: false; readonly error: HistoryError };

export function takeWriterLock(db: HistoryDatabase, path: string, now: number): LockOutcome {
  const token = randomUUID();
  const me = { pid: process.pid, hostname: hostname(), process_start: processStart(process.pid) };
  const holder = db
    .transaction((): LockRow | null => {
      const row = readLock(db);
      if (row !== undefined && isAlive(db, row, me.hostname, now)) return row;
      db.prepare(
        `INSERT OR REPLACE INTO writer_lock (id, pid, hostname, process_start, token, acquired_at)
         VALUES (1, ?, ?, ?, ?, ?)`,
      ).run(me.pid, me.hostname, me.process_start, token, now);
      return null;
    })
    .immediate();
  if (holder !== null) {
    const where = holder.hostname === me.hostname ? '' : ` on host ${holder.hostname}`;
    return {
      ok: false,
      error: historyError(
        'in-use',
        'open',
        `another internet-conn is already recording to ${path} (pid ${holder.pid}${where}); ` +
          'stop it first, or give this one another --db',
      ),
    };
  }
  heldHere.add(token);
  return {
    ok: true,
    release: () => {
      heldHere.delete(token);
      // Only our own row: if it was taken over meanwhile, the new holder keeps it.
      db.prepare('DELETE FROM writer_lock WHERE token = ?').run(token);
    },
  };
}

/**
 * Whether a live internet-conn is recording to this database now: false when nobody holds the lock or
 * its holder is gone (killed), null when the file predates the lock and cannot tell. Readers use it to
 * tell an outage still going on from one a killed monitor left open.
 */
export function isRecording(db: HistoryDatabase, now: number): boolean | null {
  let row: LockRow | undefined;
  try {
    row = readLock(db);
  } catch {
    return null;
  }
  return row !== undefined && isAlive(db, row, hostname(), now);
}

function readLock(db: HistoryDatabase): LockRow | undefined {
  return db
    .prepare<[], LockRow>('SELECT pid, hostname, process_start, token, acquired_at FROM writer_lock')
    .get();
}

function isAlive(db: HistoryDatabase, row: LockRow, host: string, now: number): boolean {
  if (row.hostname !== host) {
    const last = db.prepare<[], number | null>('SELECT max(at) FROM checks').pluck().get() ?? null;
    return last !== null && now - last < OTHER_HOST_FRESH_MS;
  }
  if (row.pid === process.pid) return heldHere.has(row.token);
  try {
    process.kill(row.pid, 0);
  } catch (thrown) {
    // EPERM: it exists but belongs to another user, so it is alive.
    if ((thrown as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStart(row.pid);
  return row.process_start === null || start === null || start === row.process_start;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); null off Linux or when unreadable. */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; the fields after its last ')' do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
