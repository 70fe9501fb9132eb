import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openHistoryDatabase } from '../../app/history/database.js';
import { createHistoryStore } from '../../app/history/store.js';
import { DAY0, knownDayCopy, tempDir } from '../helpers/history-fixtures.js';

/**
 * `history` and `export` only read, so a user who may not write the database (a system monitor's file,
 * a read-only directory) must still get the report. Root ignores mode bits, so the CLI runs as `nobody`.
 */
function canDropToNobody(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to run a child as nobody';
  const probe = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'true']);
  return probe.status === 0 ? null : 'setpriv cannot switch to nobody here';
}
const skip = canDropToNobody();

function asNobody(
  args: readonly string[],
  home: string,
): { code: number | null; stdout: string; stderr: string } {
  const child = spawnSync(
    'setpriv',
    [
      '--reuid=nobody',
      '--regid=nogroup',
      '--clear-groups',
      process.execPath,
      '--import',
      'tsx',
      'app/cli/main.ts',
      ...args,
    ],
    {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env['PATH'], HOME: home, XDG_CONFIG_HOME: home, TZ: 'UTC' },
    },
  );
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

function scene(t: { after: (fn: () => void) => void }): { dir: string; path: string; home: string } {
  const temp = tempDir('ic-history-ro-');
  t.after(temp.cleanup);
  chmodSync(temp.dir, 0o755);
  const home = join(temp.dir, 'home');
  mkdirSync(home, { mode: 0o777 });
  chmodSync(home, 0o777);
  const dir = join(temp.dir, 'data');
  mkdirSync(dir);
  const path = knownDayCopy(dir);
  return { dir, path, home };
}

test(
  'history and export read a cleanly closed database in a directory the user cannot write (555, file 444)',
  { skip: skip ?? false },
  (t) => {
    const { dir, path, home } = scene(t);
    chmodSync(path, 0o444);
    chmodSync(dir, 0o555);
    const before = readFileSync(path);

    const history = asNobody(['history', '--db', path, '--since', '3000d'], home);
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /Uptime {4}\d/);
    assert.match(history.stdout, /Outages {3}2, longest 30m 0s/);
    const exported = asNobody(['export', '--db', path], home);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(exported.stdout.split('\r\n').length, 4, 'header, two outages, final newline');

    assert.deepEqual(readFileSync(path), before, 'not a byte changed');
    assert.deepEqual(readdirSync(dir), ['history.sqlite'], 'no -wal or -shm created');
  },
);

test(
  'history reads, as another user, a database a monitor is writing at that moment (with its -wal and -shm)',
  { skip: skip ?? false },
  (t) => {
    const { dir, path, home } = scene(t);
    const writer = openHistoryDatabase(path);
    assert.ok(writer.ok);
    t.after(() => writer.db.close());
    const store = createHistoryStore(writer.db);
    assert.ok(
      store.recordCheck({ at: DAY0 + 86_400_000 + 1, status: 'online', latencyMs: 5, causeCodes: [] }).ok,
    );
    chmodSync(dir, 0o555);

    const history = asNobody(['history', '--db', path, '--since', '3000d', '--json'], home);
    assert.equal(history.code, 0, history.stderr);
    const document = JSON.parse(history.stdout) as { uptime: { checks: number } };
    assert.equal(document.uptime.checks, 17_281, 'the check still in the -wal is seen');
  },
);
