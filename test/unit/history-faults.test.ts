import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { copyFileSync, mkdirSync } from 'node:fs';
import { openHistoryDatabase } from '../../app/history/database.js';
import { createHistoryStore } from '../../app/history/store.js';
import { tempDir } from '../helpers/history-fixtures.js';

/**
 * Root ignores file permissions, so "disk full" and "read-only" are made real with mounts in a private mount
 * namespace (`unshare -m`): nothing is mounted in the machine's own namespace, and the mounts vanish with
 * the child process.
 */
function canUseMountNamespace(): string | null {
  if (process.platform !== 'linux') return 'needs Linux mount namespaces';
  const probe = spawnSync(
    'unshare',
    ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=16k none /mnt'],
    {
      encoding: 'utf8',
    },
  );
  return probe.status === 0
    ? null
    : `cannot create a private mount namespace (needs root): ${probe.stderr.trim()}`;
}

const skip = canUseMountNamespace();

function runChild(setup: string, mode: string, dir: string): Record<string, unknown> {
  const child = spawnSync(
    'unshare',
    [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      `${setup} && exec "$1" --import tsx test/helpers/history-fault-child.ts "$2" "$0"`,
      dir,
      process.execPath,
      mode,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(child.status, 0, `child failed (the store must not throw): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

test(
  'a full disk makes writes report disk-full, and writing resumes once space is freed',
  { skip: skip ?? false },
  (t) => {
    const temp = tempDir();
    t.after(temp.cleanup);
    const result = runChild('mount -t tmpfs -o size=256k ic-history-full "$0"', 'full', temp.dir);
    assert.deepEqual(result['failure'], { ok: false, kind: 'disk-full', code: 'SQLITE_FULL' });
    assert.deepEqual(result['again'], { ok: false, kind: 'disk-full', code: 'SQLITE_FULL' });
    assert.equal(result['lastErrorKind'], 'disk-full');
    assert.equal(result['heard'], 2);
    assert.deepEqual(result['afterFreeing'], { ok: true });
    assert.equal(result['lastErrorAfterFreeing'], null);
    assert.equal(result['integrity'], 'ok');
    assert.equal(result['rows'], (result['written'] as number) + 1);
  },
);

test(
  'a reader on read-only media with a -wal left behind (writer killed) says why it cannot read, naming the -wal',
  { skip: skip ?? false },
  (t) => {
    const temp = tempDir();
    t.after(temp.cleanup);
    const live = join(temp.dir, 'live');
    const dir = join(temp.dir, 'ro');
    mkdirSync(live);
    mkdirSync(dir);
    const opened = openHistoryDatabase(join(live, 'history.sqlite'));
    assert.ok(opened.ok);
    t.after(() => opened.db.close());
    const store = createHistoryStore(opened.db);
    for (let n = 0; n < 10; n += 1)
      store.recordCheck({ at: 1_700_000_000_000 + n * 5000, status: 'online', latencyMs: 9, causeCodes: [] });
    // What a killed monitor leaves: the main file and a -wal holding the newest pages, no -shm.
    for (const suffix of ['', '-wal'])
      copyFileSync(join(live, `history.sqlite${suffix}`), join(dir, `history.sqlite${suffix}`));

    const result = runChild('mount --bind "$0" "$0" && mount -o remount,ro,bind "$0"', 'read-only', dir);
    const reader = result['reader'] as Record<string, unknown>;
    assert.equal(reader['kind'], 'read-only');
    assert.match(String(reader['message']), /history\.sqlite-wal\) is in use or was left by a monitor/);
  },
);

test(
  'a database on a read-only filesystem is reported as read-only, naming the directory',
  { skip: skip ?? false },
  (t) => {
    const temp = tempDir();
    t.after(temp.cleanup);
    const dir = join(temp.dir, 'ro');
    mkdirSync(dir);
    const opened = openHistoryDatabase(join(dir, 'history.sqlite'));
    assert.ok(opened.ok);
    const store = createHistoryStore(opened.db);
    for (let n = 0; n < 10; n += 1)
      store.recordCheck({ at: 1_700_000_000_000 + n * 5000, status: 'online', latencyMs: 9, causeCodes: [] });
    opened.db.close();

    const result = runChild('mount --bind "$0" "$0" && mount -o remount,ro,bind "$0"', 'read-only', dir);
    const open = result['open'] as Record<string, unknown>;
    assert.deepEqual([open['ok'], open['kind'], open['code']], [false, 'read-only', 'EROFS']);
    assert.match(String(open['message']), /is not writable \(EROFS\)/);
    // A reader still reads it: the database was closed cleanly (no -wal), so a private copy is exact.
    assert.deepEqual(result['reader'], { ok: true, rows: 10 });
  },
);
