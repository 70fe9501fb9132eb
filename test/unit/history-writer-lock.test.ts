import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openHistoryDatabase } from '../../app/history/database.js';
import { createHistoryQueries } from '../../app/history/queries.js';
import { OTHER_HOST_FRESH_MS } from '../../app/history/writer-lock.js';
import { tempDir } from '../helpers/history-fixtures.js';
import { scriptedCheck } from '../helpers/scripted-check.js';
import { isOneCleanLine, runCliCaptured } from './cli-harness.js';

const ALL = { from: 0, to: Number.MAX_SAFE_INTEGER };

/** A writer in another process (test/helpers/history-writer.ts), resolved once it holds the database. */
function startWriter(path: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/history-writer.ts', path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().startsWith('ready')) resolve(child);
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`writer exited with ${code}: ${stderr}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('close');
    child.on('close', () => resolve());
    child.kill('SIGKILL');
  });
}

test('a second writer is refused naming the database and the pid; readers still read; kill -9 frees it', async (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  const child = await startWriter(path);
  t.after(() => child.kill('SIGKILL'));

  const second = openHistoryDatabase(path);
  assert.equal(second.ok, false);
  assert.equal(second.ok ? null : second.error.kind, 'in-use');
  assert.equal(
    second.ok ? null : second.error.message,
    `open: another internet-conn is already recording to ${path} (pid ${child.pid}); ` +
      'stop it first, or give this one another --db',
  );

  const reader = openHistoryDatabase(path, { readonly: true });
  assert.ok(reader.ok, reader.ok ? '' : reader.error.message);
  assert.ok(createHistoryQueries(reader.db).uptime(ALL).checks >= 0);
  reader.db.close();

  await killed(child);
  const after = openHistoryDatabase(path);
  assert.ok(after.ok, after.ok ? '' : after.error.message);
  assert.deepEqual(
    after.db.prepare('SELECT pid FROM writer_lock').pluck().all(),
    [process.pid],
    'the stale row was taken over',
  );
  after.db.close();
  const closed = new Database(path, { readonly: true });
  assert.equal(closed.prepare('SELECT count(*) FROM writer_lock').pluck().get(), 0, 'close() released it');
  closed.close();
});

test('in one process too, a second writer waits for the first to close', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  const first = openHistoryDatabase(path);
  assert.ok(first.ok);
  const second = openHistoryDatabase(path);
  assert.match(second.ok ? '' : second.error.message, new RegExp(`\\(pid ${process.pid}\\)`));
  first.db.close();
  const third = openHistoryDatabase(path);
  assert.ok(third.ok, third.ok ? '' : third.error.message);
  third.db.close();
});

test('a lock row of a dead pid, or of a reused pid with another start time, is stale and taken over', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  const first = openHistoryDatabase(path);
  assert.ok(first.ok);
  first.db.close();
  const host = hostname();
  for (const [pid, start] of [
    [2 ** 22 + 17, null],
    [process.ppid, '1'],
  ] as const) {
    const raw = new Database(path);
    raw
      .prepare('INSERT OR REPLACE INTO writer_lock VALUES (1, ?, ?, ?, ?, ?)')
      .run(pid, host, start, 'left-behind', 1);
    raw.close();
    const opened = openHistoryDatabase(path);
    assert.ok(opened.ok, opened.ok ? '' : opened.error.message);
    opened.db.close();
  }
});

test('a lock row from another host counts while that host recorded a check recently, not after', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  const now = Date.UTC(2024, 5, 1);
  const setUp = (lastCheckAgoMs: number) => {
    const raw = new Database(path);
    raw.prepare('DELETE FROM checks').run();
    raw
      .prepare("INSERT INTO checks (at, status, latency_ms) VALUES (?, 'online', 10)")
      .run(now - lastCheckAgoMs);
    raw.prepare("INSERT OR REPLACE INTO writer_lock VALUES (1, 4321, 'nas-box', NULL, 'x', 1)").run();
    raw.close();
  };
  const created = openHistoryDatabase(path);
  assert.ok(created.ok);
  created.db.close();

  setUp(60_000);
  const refused = openHistoryDatabase(path, { now: () => now });
  assert.match(refused.ok ? '' : refused.error.message, /\(pid 4321 on host nas-box\)/);
  setUp(OTHER_HOST_FRESH_MS + 1);
  const taken = openHistoryDatabase(path, { now: () => now });
  assert.ok(taken.ok, taken.ok ? '' : taken.error.message);
  taken.db.close();
});

test('monitor on a database another process records to exits 64 with one line naming it and the pid', async (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  const child = await startWriter(path);
  t.after(() => child.kill('SIGKILL'));
  const run = await runCliCaptured(['monitor', '--db', path, '--target', '198.51.100.1:443'], {
    runCheck: scriptedCheck(Date.now, [[0, 'online']]).runCheck,
    signal: AbortSignal.abort(),
  });
  assert.equal(run.code, 64);
  assert.ok(isOneCleanLine(run.stderr), run.stderr);
  assert.ok(
    run.stderr.includes(`already recording to ${path} (pid ${child.pid})`),
    `message names the database and the pid: ${run.stderr}`,
  );
  assert.equal(run.checks.length, 0, 'no check ran');
  const history = await runCliCaptured(['history', '--db', path, '--json']);
  assert.equal(history.code, 0, history.stderr);
});

test("monitor, history and export refuse another program's SQLite file with 64, and leave it untouched", async (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'app.sqlite');
  const raw = new Database(path);
  raw.exec("CREATE TABLE foo (x); INSERT INTO foo VALUES ('precious')");
  raw.close();
  const before = readFileSync(path);
  for (const args of [
    ['monitor', '--target', '198.51.100.1:443'],
    ['history'],
    ['export'],
    ['export', '--what', 'checks'],
  ]) {
    const run = await runCliCaptured([...args, '--db', path], {
      runCheck: scriptedCheck(Date.now, [[0, 'online']]).runCheck,
      signal: AbortSignal.abort(),
    });
    assert.equal(run.code, 64, `${args.join(' ')}: ${run.stderr}`);
    assert.ok(isOneCleanLine(run.stderr), run.stderr);
    assert.match(
      run.stderr,
      /app\.sqlite is not an internet-conn history database \(it holds other tables: foo\)/,
    );
    assert.equal(run.stdout, '');
  }
  assert.deepEqual(readFileSync(path), before);
});
