// A config path that names a FIFO, a socket or a device must be refused at once (exit 64), never read:
// opening a FIFO waits for a writer, uninterruptibly, and /dev/zero never ends.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOneCleanLine, isolatedEnv, runCliCaptured } from './cli-harness.js';
import { ONLINE_REPORT } from '../fixtures/check-reports.js';

const work = mkdtempSync(join(tmpdir(), 'internet-conn-special-'));
after(() => rmSync(work, { recursive: true, force: true }));

const fifo = join(work, 'fifo.json');
const haveFifo = spawnSync('mkfifo', [fifo]).status === 0;
const socketPath = join(work, 'socket.json');
const socketServer = createServer();
const listening = new Promise<void>((resolve) => socketServer.listen(socketPath, resolve));
after(() => socketServer.close());

interface Special {
  readonly what: string;
  readonly path: string;
  readonly kind: string;
  readonly skip?: string | false;
}

const SPECIAL: readonly Special[] = [
  { what: 'a FIFO', path: fifo, kind: 'a named pipe (FIFO)', skip: haveFifo ? false : 'no mkfifo' },
  { what: 'a socket', path: socketPath, kind: 'a socket' },
  { what: 'an endless device', path: '/dev/zero', kind: 'a character device' },
  { what: 'the null device', path: '/dev/null', kind: 'a character device' },
];

for (const special of SPECIAL) {
  const options = { timeout: 10_000, skip: special.skip ?? false };
  test(`--config naming ${special.what} exits 64 at once, naming it`, options, async () => {
    await listening;
    const run = await runCliCaptured(['check', '--config', special.path], { report: ONLINE_REPORT });
    assert.equal(run.code, 64);
    assert.ok(isOneCleanLine(run.stderr), run.stderr);
    assert.equal(
      run.stderr,
      `internet-conn: --config ${JSON.stringify(special.path)}: cannot read ${special.path}: ` +
        `it is ${special.kind}, not a regular file\n`,
    );
    assert.equal(run.checks.length, 0);
  });

  test(`INTERNET_CONN_CONFIG naming ${special.what} exits 64 at once, naming it`, options, async () => {
    await listening;
    const run = await runCliCaptured(['check'], {
      env: isolatedEnv({ INTERNET_CONN_CONFIG: special.path }),
      report: ONLINE_REPORT,
    });
    assert.equal(run.code, 64);
    assert.equal(
      run.stderr,
      `internet-conn: INTERNET_CONN_CONFIG=${JSON.stringify(special.path)}: cannot read ${special.path}: ` +
        `it is ${special.kind}, not a regular file\n`,
    );
  });
}

test(
  'a FIFO at the default config path is refused too, not waited on',
  { timeout: 10_000, skip: haveFifo ? false : 'no mkfifo' },
  async () => {
    const env = isolatedEnv();
    const dir = join(env['XDG_CONFIG_HOME'] ?? '', 'internet-conn');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'config.json');
    assert.equal(spawnSync('mkfifo', [path]).status, 0);
    const run = await runCliCaptured(['check'], { env, report: ONLINE_REPORT });
    assert.equal(run.code, 64);
    assert.equal(
      run.stderr,
      `internet-conn: config file ${path}: cannot read ${path}: it is a named pipe (FIFO), not a regular file\n`,
    );
  },
);

test('--config "" says the path is empty, not that the working directory is a directory', async () => {
  const run = await runCliCaptured(['check', '--config', ''], { report: ONLINE_REPORT });
  assert.equal(run.code, 64);
  assert.equal(run.stderr, 'internet-conn: --config "": is empty; expected a file path\n');
  const equals = await runCliCaptured(['check', '--config='], { report: ONLINE_REPORT });
  assert.equal(equals.stderr, 'internet-conn: --config "": is empty; expected a file path\n');
});
