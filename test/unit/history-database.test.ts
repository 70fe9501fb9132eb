import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeOpen, openHistoryDatabase } from '../../app/history/database.js';
import { APPLICATION_ID } from '../../app/history/identity.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../app/history/schema.js';
import { createHistoryStore } from '../../app/history/store.js';
import { DAY0, tempDir } from '../helpers/history-fixtures.js';

const CHECK = { at: DAY0, status: 'online', latencyMs: 12, causeCodes: [] } as const;

test('a new database opens in WAL mode with synchronous=NORMAL, a busy timeout and the current schema', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'nested', 'dir', 'history.sqlite');
  const opened = openHistoryDatabase(path, { busyTimeoutMs: 1234 });
  assert.ok(opened.ok, describeOpen(opened));
  t.after(() => opened.db.close());
  assert.equal(opened.created, true);
  assert.deepEqual(opened.schema, { from: 0, to: SCHEMA_VERSION });
  assert.equal(opened.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(opened.db.pragma('synchronous', { simple: true }), 1);
  assert.equal(opened.db.pragma('busy_timeout', { simple: true }), 1234);
  assert.equal(opened.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  assert.equal(opened.db.pragma('application_id', { simple: true }), APPLICATION_ID);
});

test('a file marked with our application_id and a newer version is refused as newer-schema, untouched', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  const raw = new Database(path);
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
  raw.close();
  const before = readFileSync(path);
  for (const readonly of [false, true]) {
    const opened = openHistoryDatabase(path, { readonly });
    assert.equal(opened.ok ? null : opened.error.kind, 'newer-schema');
  }
  assert.deepEqual(readFileSync(path), before);
});

for (const [name, setUp, reason] of [
  [
    "another program's file (version 0, its own table)",
    (db: Database.Database) => db.exec('CREATE TABLE foo (x); INSERT INTO foo VALUES (1)'),
    /it holds other tables: foo/,
  ],
  [
    'a file with user_version 1 and no tables',
    (db: Database.Database) => db.pragma('user_version = 1'),
    /its user_version is 1 but it lacks checks, status_changes/,
  ],
  [
    'our tables next to a foreign one',
    (db: Database.Database) => {
      db.exec('CREATE TABLE checks (x); CREATE TABLE settings (k, v)');
      db.pragma('user_version = 1');
    },
    /other tables: settings/,
  ],
  [
    "a file with another program's application_id",
    (db: Database.Database) => db.pragma('application_id = 1234'),
    /application_id is 0x000004d2/,
  ],
  [
    'a newer version number without our mark',
    (db: Database.Database) => db.pragma(`user_version = ${SCHEMA_VERSION + 5}`),
    /lacks checks/,
  ],
] as const) {
  test(`${name} is refused as not ours by writers and readers, and left byte for byte untouched`, (t) => {
    const temp = tempDir();
    t.after(temp.cleanup);
    const path = join(temp.dir, 'other.sqlite');
    const raw = new Database(path);
    setUp(raw);
    raw.close();
    const before = readFileSync(path);
    for (const readonly of [false, true]) {
      const opened = openHistoryDatabase(path, { readonly });
      assert.equal(opened.ok, false);
      if (opened.ok) continue;
      assert.equal(opened.error.kind, 'foreign');
      assert.match(opened.error.message, /other\.sqlite is not an internet-conn history database/);
      assert.match(opened.error.message, reason);
    }
    assert.deepEqual(readFileSync(path), before);
    assert.deepEqual(readdirSync(temp.dir), ['other.sqlite']);
  });
}

test('a version-1 database of ours from before the mark is marked, migrated and keeps its data', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  const raw = new Database(path);
  MIGRATIONS[0]?.up(raw);
  raw.pragma('user_version = 1');
  raw.prepare("INSERT INTO checks (at, status, latency_ms) VALUES (?, 'online', 12)").run(DAY0);
  raw.close();

  const reader = openHistoryDatabase(path, { readonly: true });
  assert.ok(reader.ok, describeOpen(reader));
  assert.equal(reader.db.pragma('application_id', { simple: true }), 0, 'a reader changes nothing');
  reader.db.close();

  const writer = openHistoryDatabase(path);
  assert.ok(writer.ok, describeOpen(writer));
  assert.deepEqual(writer.schema, { from: 1, to: SCHEMA_VERSION });
  assert.equal(writer.db.pragma('application_id', { simple: true }), APPLICATION_ID);
  assert.equal((writer.db.prepare('SELECT count(*) AS n FROM checks').get() as { n: number }).n, 1);
  writer.db.close();
});

test('migrations run in order, each step committed with its version, and a failing step rolls back alone', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  const steps: Migration[] = [
    { version: 1, description: 'a', up: (db) => db.exec('CREATE TABLE a (x)') },
    { version: 2, description: 'b', up: (db) => db.exec('CREATE TABLE b (x)') },
  ];
  const failing: Migration = {
    version: 3,
    description: 'half done then fails',
    up: (db) => {
      db.exec('CREATE TABLE c (x)');
      throw new Error('boom');
    },
  };
  const bad = openHistoryDatabase(path, { migrations: [...steps, failing] });
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.error.message, /migrating.*boom/);

  const check = new Database(path);
  assert.equal(check.pragma('user_version', { simple: true }), 2);
  const names = (
    check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
  ).map((r) => r.name);
  assert.deepEqual(names.sort(), ['a', 'b']);
  check.close();

  const good = openHistoryDatabase(path, { migrations: steps });
  assert.ok(good.ok);
  assert.deepEqual(good.schema, { from: 2, to: 2 });
  good.db.close();
});

test('a file of garbage bytes is moved aside as .corrupt-<timestamp> and a fresh database works', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  const garbage = Buffer.alloc(8192, 'this is not sqlite ');
  writeFileSync(path, garbage);

  const opened = openHistoryDatabase(path, { now: () => Date.UTC(2024, 4, 6, 7, 8, 9, 10) });
  assert.ok(opened.ok, describeOpen(opened));
  t.after(() => opened.db.close());
  const moved = `${path}.corrupt-2024-05-06T07-08-09-010Z`;
  assert.equal(opened.movedAside?.path, moved);
  assert.match(opened.movedAside?.reason ?? '', /not a database/);
  assert.equal(opened.created, true);
  assert.deepEqual(readFileSync(moved), garbage);
  assert.match(describeOpen(opened), /unreadable file moved to .*corrupt-2024-05-06T07-08-09-010Z/);

  const store = createHistoryStore(opened.db);
  assert.ok(store.recordCheck(CHECK).ok);
  assert.equal(opened.db.pragma('integrity_check', { simple: true }), 'ok');
});

test('a database whose pages are damaged fails quick_check and is moved aside too', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  const first = openHistoryDatabase(path);
  assert.ok(first.ok);
  const store = createHistoryStore(first.db);
  for (let i = 0; i < 2000; i += 1) store.recordCheck({ ...CHECK, at: DAY0 + i * 5000 });
  first.db.pragma('wal_checkpoint(TRUNCATE)');
  first.db.close();
  // Overwrite the middle of the file (b-tree pages) while keeping the 100-byte header intact.
  const bytes = readFileSync(path);
  bytes.fill(0xa5, 4096 * 3, 4096 * 6);
  writeFileSync(path, bytes);

  const second = openHistoryDatabase(path, { now: () => DAY0 });
  assert.ok(second.ok, describeOpen(second));
  t.after(() => second.db.close());
  assert.notEqual(second.movedAside, null);
  assert.ok(existsSync(second.movedAside?.path ?? ''));
  assert.equal((second.db.prepare('SELECT count(*) AS n FROM checks').get() as { n: number }).n, 0);
});

test('a second garbage file in the same millisecond gets its own name; the first is not overwritten', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  const now = () => DAY0;
  for (const content of [
    'first garbage file........................................................................................',
    'second garbage file.......................................................................................',
  ]) {
    writeFileSync(path, content);
    const opened = openHistoryDatabase(path, { now });
    assert.ok(opened.ok);
    opened.db.close();
  }
  const aside = readdirSync(temp.dir)
    .filter((name) => name.includes('.corrupt-'))
    .sort();
  assert.deepEqual(aside, [
    'history.sqlite.corrupt-2024-01-01T00-00-00-000Z',
    'history.sqlite.corrupt-2024-01-01T00-00-00-000Z-2',
  ]);
  assert.match(readFileSync(join(temp.dir, aside[0] ?? ''), 'utf8'), /^first/);
});

test('a reader never moves a file aside: opening garbage read-only reports corrupt', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  writeFileSync(path, Buffer.alloc(4096, 'x'));
  const opened = openHistoryDatabase(path, { readonly: true });
  assert.equal(opened.ok ? null : opened.error.kind, 'corrupt');
  assert.deepEqual(readdirSync(temp.dir), ['history.sqlite']);
});

test('opening where the parent path is a file reports cannot-open instead of throwing', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  writeFileSync(join(temp.dir, 'plain-file'), 'x');
  const opened = openHistoryDatabase(join(temp.dir, 'plain-file', 'history.sqlite'));
  assert.equal(opened.ok, false);
  assert.equal(opened.ok ? null : opened.error.kind, 'cannot-open');
});

test('a database path under a file says that part of the path is a file, not mkdir’s EEXIST', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const file = join(temp.dir, 'not-a-folder');
  writeFileSync(file, 'x');
  for (const path of [join(file, 'h.sqlite'), join(file, 'deeper', 'h.sqlite')]) {
    const opened = openHistoryDatabase(path);
    assert.equal(opened.ok, false);
    if (opened.ok) continue;
    assert.match(opened.error.message, /a part of that path is a file, not a folder/, path);
    assert.doesNotMatch(opened.error.message, /EEXIST|ENOTDIR/);
  }
});
