import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openHistoryDatabase } from '../../app/history/database.js';
import { tempDir } from '../helpers/history-fixtures.js';

const ROUNDS = 12;

interface Killed {
  /** Checks the child said it had committed before it died. */
  reported: number;
}

/** Starts the writer, lets it run for a random time after it is ready, then SIGKILLs it. */
function runAndKill(path: string, delayMs: number): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/history-writer.ts', path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    let reported = 0;
    let stderr = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
        else reported = Number(line);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code ?? signal}: ${stderr}`));
      else resolve({ reported });
    });
  });
}

function count(db: Database.Database, sql: string): number {
  return (db.prepare(sql).get() as { n: number | null }).n ?? 0;
}

test('a writer killed with SIGKILL mid-write leaves a sound database that loses at most the check in flight', async (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const path = join(temp.dir, 'history.sqlite');
  let previous = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const delayMs = 20 + Math.floor(Math.random() * 300);
    const { reported } = await runAndKill(path, delayMs);

    // Our own opener first: it must not see anything it would move aside.
    const opened = openHistoryDatabase(path);
    assert.ok(opened.ok, `round ${round}: ${opened.ok ? '' : opened.error.message}`);
    assert.equal(opened.movedAside, null, `round ${round}: the file was treated as corrupt`);
    opened.db.close();

    const db = new Database(path, { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', `round ${round}`);
      const checks = count(db, 'SELECT count(*) AS n FROM checks');
      const context = `round ${round} (killed after ${delayMs} ms): ${checks} rows, before ${previous}, reported ${reported}`;
      assert.ok(checks >= previous, `row count went down: ${context}`);
      // Every reported commit survived; at most one more (committed, killed before it printed) exists.
      assert.ok(checks - previous >= reported && checks - previous <= reported + 1, context);
      // The rollups were written in the same transaction, so they agree with the raw rows exactly.
      assert.equal(count(db, 'SELECT sum(checks) AS n FROM rollup_minute'), checks, context);
      assert.equal(count(db, 'SELECT sum(checks) AS n FROM rollup_hour'), checks, context);
      assert.ok(count(db, 'SELECT count(*) AS n FROM outages WHERE ended_at IS NULL') <= 1, context);
      previous = checks;
    } finally {
      db.close();
    }
  }
  assert.ok(previous > ROUNDS, `the writer wrote something (${previous} rows)`);
});
