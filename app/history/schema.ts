import type Database from 'better-sqlite3';

/**
 * Schema migrations. `PRAGMA user_version` holds the version the file is at; each migration runs in its own
 * IMMEDIATE transaction together with the version bump, so a crash leaves the file at the old or the new
 * version, never between. Append new migrations; never edit one that has shipped.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly up: (db: Database.Database) => void;
}

const ROLLUP_COLUMNS = `
  bucket INTEGER PRIMARY KEY,        -- bucket start, epoch ms, aligned to the bucket size (UTC)
  checks INTEGER NOT NULL,
  online INTEGER NOT NULL,
  limited INTEGER NOT NULL,
  offline INTEGER NOT NULL,
  latency_count INTEGER NOT NULL,    -- checks with a latency (offline checks have none)
  latency_sum REAL NOT NULL,
  latency_min REAL,
  latency_max REAL,
  latency_hist BLOB NOT NULL         -- sparse log histogram, see histogram.ts
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'checks, status changes, outages, minute and hour rollups',
    up: (db) => {
      db.exec(`
        CREATE TABLE checks (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('online', 'limited', 'offline')),
          latency_ms REAL,
          cause_codes TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX checks_at ON checks (at);

        CREATE TABLE status_changes (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          from_state TEXT,
          to_state TEXT NOT NULL,
          cause_codes TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX status_changes_at ON status_changes (at);

        CREATE TABLE outages (
          id INTEGER PRIMARY KEY,
          started_at INTEGER NOT NULL,
          ended_at INTEGER,
          cause TEXT NOT NULL,
          summary TEXT NOT NULL,
          CHECK (ended_at IS NULL OR ended_at >= started_at)
        );
        CREATE INDEX outages_started_at ON outages (started_at);
        -- At most one outage is open at a time.
        CREATE UNIQUE INDEX outages_one_open ON outages ((ended_at IS NULL)) WHERE ended_at IS NULL;

        CREATE TABLE rollup_minute (${ROLLUP_COLUMNS}) WITHOUT ROWID;
        CREATE TABLE rollup_hour (${ROLLUP_COLUMNS}) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 2,
    description: 'the single-writer lock row',
    up: (db) => {
      // One row at most: who is recording. A row left by a killed process is taken over (writer-lock.ts).
      db.exec(`
        CREATE TABLE writer_lock (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          pid INTEGER NOT NULL,
          hostname TEXT NOT NULL,
          process_start TEXT,              -- Linux start time of pid: tells a reused pid apart
          token TEXT NOT NULL,             -- which open connection holds it
          acquired_at INTEGER NOT NULL
        );
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
