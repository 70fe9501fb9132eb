// `monitor` and `serve` stop in order on every signal that asks a process to end (Ctrl-C, SIGTERM, and
// SIGHUP when the terminal or SSH session goes away): outage closed, history saved, the "stopped" line.
// The real CLI runs as a child in an empty network namespace (`unshare -n`, loopback only), with lab
// targets (DESIGN §5): no packet can leave it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openHistoryDatabase } from '../../app/history/database.js';
import { tempDir } from '../helpers/history-fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0;
const skip = canUnshare ? false : 'needs root and unshare -n';

/** Lab addresses for every layer, so even the full diagnosis names nothing outside DESIGN §5's ranges. */
const LAB_ENV = {
  INTERNET_CONN_TARGETS: '198.51.100.1:443,203.0.113.1:443',
  INTERNET_CONN_REFERENCE_RESOLVERS: '198.51.100.53',
  INTERNET_CONN_PORTAL_URLS: 'http://198.51.100.80/generate_204',
  INTERNET_CONN_TLS_TARGET: '198.51.100.4:443',
  INTERNET_CONN_TLS_NAME: 'tls.lab.test',
  INTERNET_CONN_DNS_NAMES: 'www.lab.test',
  INTERNET_CONN_INTERVAL_MS: '1s',
};

interface Stopped {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the CLI, waits for `ready` on stdout, sends `signal`, and collects what it printed. */
async function runAndSignal(
  argv: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
  signal: NodeJS.Signals,
): Promise<Stopped> {
  // `exec` keeps the pid, so the signal reaches node itself; lo is brought up for serve's 127.0.0.1.
  const child = spawn(
    'unshare',
    [
      '-n',
      'sh',
      '-c',
      'ip link set lo up && exec "$@"',
      'sh',
      process.execPath,
      '--import',
      'tsx',
      'app/cli/main.ts',
      ...argv,
    ],
    { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env }, stdio: 'pipe' },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Stopped>((resolve) =>
    child.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal, stdout, stderr })),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never printed ${ready}: ${stdout}\n${stderr}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (ready.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`exited early: ${stdout}\n${stderr}`)));
  });
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const result = await exited;
  clearTimeout(timer);
  return result;
}

function outages(db: string): { started_at: number; ended_at: number | null }[] {
  const opened = openHistoryDatabase(db, { readonly: true });
  assert.ok(opened.ok);
  try {
    return opened.db.prepare('SELECT started_at, ended_at FROM outages').all() as {
      started_at: number;
      ended_at: number | null;
    }[];
  } finally {
    opened.db.close();
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  test(
    `monitor stopped by ${signal} mid-outage exits 0, closes the outage and says so`,
    { skip },
    async () => {
      const temp = tempDir('ic-signal-');
      try {
        const db = join(temp.dir, 'history.sqlite');
        const env = { ...LAB_ENV, HOME: temp.dir, XDG_CONFIG_HOME: join(temp.dir, 'config') };
        // In an empty namespace nothing is reachable: the first verdict is "offline", an open outage.
        const run = await runAndSignal(['monitor', '--db', db], env, /offline/, signal);
        assert.equal(run.signal, null, `killed by ${run.signal}: ${run.stderr}`);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /monitoring stopped during the outage/);
        assert.match(run.stderr, /monitoring stopped; history saved in /);
        const rows = outages(db);
        assert.equal(rows.length, 1);
        assert.notEqual(rows[0]?.ended_at, null, 'the outage was closed, not left "ongoing"');
      } finally {
        temp.cleanup();
      }
    },
  );
}

test('serve stopped by SIGHUP exits 0 with the history saved', { skip }, async () => {
  const temp = tempDir('ic-signal-serve-');
  try {
    const db = join(temp.dir, 'history.sqlite');
    const env = { ...LAB_ENV, HOME: temp.dir, XDG_CONFIG_HOME: join(temp.dir, 'config') };
    const run = await runAndSignal(
      ['serve', '--listen', '127.0.0.1:0', '--db', db],
      env,
      /status page at /,
      'SIGHUP',
    );
    assert.equal(run.signal, null, `killed by ${run.signal}: ${run.stderr}`);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /monitoring stopped; history saved in /);
    for (const row of outages(db)) assert.notEqual(row.ended_at, null);
  } finally {
    temp.cleanup();
  }
});
