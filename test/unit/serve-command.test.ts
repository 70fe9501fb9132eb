// `internet-conn serve` in process: real server on 127.0.0.1:0, real SQLite, a scripted check.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { EditableSettings, Snapshot } from '../../app/api/contract.js';
import type { CheckOptions } from '../../app/check.js';
import { runCli } from '../../app/cli/run.js';
import type { ServeIo } from '../../app/cli/serve-command.js';
import { openHistoryDatabase } from '../../app/history/database.js';
import { ONLINE_REPORT } from '../fixtures/check-reports.js';
import { tempDir } from '../helpers/history-fixtures.js';
import { send, sendJson } from '../helpers/http-client.js';
import { Capture, isolatedEnv, isOneCleanLine, runCliCaptured } from './cli-harness.js';

interface Started {
  readonly port: number;
  readonly token: string | null;
  readonly stdout: Capture;
  readonly stderr: Capture;
  readonly checks: CheckOptions[];
  stop(): Promise<number>;
}

async function startServe(argv: readonly string[], env = isolatedEnv()): Promise<Started> {
  const stdout = new Capture();
  const stderr = new Capture();
  const stop = new AbortController();
  const checks: CheckOptions[] = [];
  let listening: (info: { port: number; token: string | null }) => void = () => undefined;
  const ready = new Promise<{ port: number; token: string | null }>((resolve) => (listening = resolve));
  const io: ServeIo = {
    stdout,
    stderr,
    env,
    cwd: env['HOME'] ?? '/',
    platform: 'linux',
    signal: stop.signal,
    readNetworkFingerprint: null,
    rendererDir: join(env['HOME'] ?? '/', 'no-build'),
    runCheck: async (options) => {
      checks.push(options);
      return ONLINE_REPORT;
    },
    onListening: (info) => listening(info),
  };
  const exit = runCli(['serve', '--listen', '127.0.0.1:0', ...argv], io);
  const info = await Promise.race([
    ready,
    exit.then((code) => Promise.reject(new Error(`exited ${code}: ${stderr.text}`))),
  ]);
  return {
    ...info,
    stdout,
    stderr,
    checks,
    stop: async () => {
      stop.abort();
      return exit;
    },
  };
}

describe('internet-conn serve', () => {
  it('serves on loopback without a token, prints the URL, and saves the history when stopped', async () => {
    const temp = tempDir('ic-serve-');
    try {
      const db = join(temp.dir, 'history.sqlite');
      const served = await startServe(['--db', db, '--target', '198.51.100.1:443', '--interval', '1h']);
      assert.equal(served.token, null);
      assert.equal(
        served.stdout.text.split('\n')[0],
        `internet-conn: status page at http://127.0.0.1:${served.port}/`,
      );
      const snapshot = JSON.parse((await sendJson(served.port, 'POST', '/api/check', {})).body) as Snapshot;
      assert.equal(snapshot.status, 'online');
      assert.deepEqual(served.checks[0]?.targets, [{ host: '198.51.100.1', port: 443, family: 4 }]);
      assert.equal(await served.stop(), 0);
      assert.match(served.stderr.text, /monitoring stopped; history saved in /);

      const opened = openHistoryDatabase(db, { readonly: true });
      assert.ok(opened.ok);
      const { n } = opened.db.prepare('SELECT count(*) AS n FROM checks').get() as { n: number };
      opened.db.close();
      assert.ok(n >= 1);
    } finally {
      temp.cleanup();
    }
  });

  it('keeps settings saved from the window beside the history, and says when a flag pins one', async () => {
    const temp = tempDir('ic-serve-');
    try {
      const db = join(temp.dir, 'history.sqlite');
      const first = await startServe(['--db', db, '--interval', '1h']);
      const settings = JSON.parse(
        (await send(first.port, { path: '/api/settings' })).body,
      ) as EditableSettings;
      const wanted = { ...settings, targets: ['203.0.113.5:443'] };
      const saved = await sendJson(first.port, 'PUT', '/api/settings', wanted);
      assert.deepEqual(JSON.parse(saved.body), { ok: true, settings: wanted });
      assert.equal(await first.stop(), 0);
      assert.deepEqual(JSON.parse(readFileSync(join(temp.dir, 'settings.json'), 'utf8')), wanted);

      const second = await startServe(['--db', db, '--interval', '1h']);
      const snapshot = JSON.parse((await sendJson(second.port, 'POST', '/api/check', {})).body) as Snapshot;
      assert.deepEqual(second.checks[0]?.targets, [{ host: '203.0.113.5', port: 443, family: 4 }]);
      assert.deepEqual(snapshot.notices, [
        'The check interval is set by a command-line flag or environment variable, which wins at every start; ' +
          'a change saved here lasts until internet-conn restarts.',
      ]);
      assert.equal(await second.stop(), 0);
    } finally {
      temp.cleanup();
    }
  });

  it('starts with defaults and a warning when the saved settings file is corrupt', async () => {
    const temp = tempDir('ic-serve-');
    try {
      writeFileSync(join(temp.dir, 'settings.json'), '{]');
      const served = await startServe(['--db', join(temp.dir, 'history.sqlite'), '--interval', '1h']);
      assert.match(
        served.stderr.text,
        /warning: The saved settings in .* could not be used \(not valid JSON\)/,
      );
      assert.equal(await served.stop(), 0);
    } finally {
      temp.cleanup();
    }
  });

  it('refuses a bad listen address or token with one line and exit 64', async () => {
    const env = isolatedEnv();
    const badListen = await runCliCaptured(['serve', '--listen', 'localhost:8470'], { env });
    assert.equal(badListen.code, 64);
    assert.ok(isOneCleanLine(badListen.stderr), badListen.stderr);
    assert.match(badListen.stderr, /--listen "localhost:8470": must be an IP address/);
    const shortToken = await runCliCaptured(['serve', '--token', 'short'], { env });
    assert.equal(shortToken.code, 64);
    assert.equal(shortToken.stderr, 'internet-conn: --token (hidden): must be at least 16 characters\n');
  });

  it('exits 64 naming the address when the port is taken', async () => {
    const temp = tempDir('ic-serve-');
    try {
      const first = await startServe(['--db', join(temp.dir, 'a.sqlite'), '--interval', '1h']);
      const second = await runCliCaptured(
        [
          'serve',
          '--listen',
          `127.0.0.1:${first.port}`,
          '--db',
          join(temp.dir, 'b.sqlite'),
          '--interval',
          '1h',
        ],
        { report: ONLINE_REPORT },
      );
      assert.equal(second.code, 64);
      assert.match(
        second.stderr,
        new RegExp(`cannot listen on 127\\.0\\.0\\.1:${first.port}: the port is already in use`),
      );
      assert.equal(await first.stop(), 0);
    } finally {
      temp.cleanup();
    }
  });

  it('documents the listen and token settings in --help', async () => {
    const help = await runCliCaptured(['serve', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--listen IP:PORT/);
    assert.match(help.stdout, /--token TOKEN/);
    assert.match(help.stdout, /INTERNET_CONN_LISTEN/);
  });
});
