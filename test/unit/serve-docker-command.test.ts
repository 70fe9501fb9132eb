// The container's command, checked two ways: the Dockerfile says exactly DOCKER_SERVE_ARGV, and that very
// command, run from the built CLI in an empty network namespace, serves with a required token and stops
// cleanly on SIGTERM (what `docker stop` sends). The image itself cannot be built here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { openHistoryDatabase } from '../../app/history/database.js';
import { tempDir } from '../helpers/history-fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DRIVER = fileURLToPath(new URL('../helpers/serve-in-empty-netns.ts', import.meta.url));

/** The command the tests run; the Dockerfile must run the same. */
export const DOCKER_SERVE_ARGV = ['node', 'bin/internet-conn.cjs', 'serve', '--listen', '0.0.0.0:8470'];

/** ENTRYPOINT + CMD in exec (JSON array) form; the shell form would put sh between docker and SIGTERM. */
export function dockerCommand(dockerfile: string): string[] {
  const instruction = (name: string): string[] => {
    const lines = dockerfile.split('\n').filter((line) => new RegExp(`^\\s*${name}\\s`, 'i').test(line));
    const last = lines.at(-1);
    if (last === undefined) return [];
    const body = last.replace(new RegExp(`^\\s*${name}\\s+`, 'i'), '');
    const parsed = JSON.parse(body) as unknown;
    assert.ok(Array.isArray(parsed), `${name} must use the exec form ["…"], got ${body}`);
    return parsed as string[];
  };
  return [...instruction('ENTRYPOINT'), ...instruction('CMD')];
}

const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0;

describe('the Docker image command', () => {
  it('is exactly the command the serve test runs', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    assert.deepEqual(dockerCommand(dockerfile), DOCKER_SERVE_ARGV);
    assert.match(dockerfile, /^FROM node:20-slim$/m);
    assert.match(dockerfile, /npm ci --omit=dev/);
  });

  it('parses exec-form CMD and ENTRYPOINT and refuses the shell form', () => {
    assert.deepEqual(dockerCommand('FROM x\nENTRYPOINT ["node"]\nCMD ["a.cjs", "serve"]\n'), [
      'node',
      'a.cjs',
      'serve',
    ]);
    assert.throws(() => dockerCommand('CMD node a.cjs serve\n'));
  });

  it(
    'serves on 0.0.0.0 with a generated token, refuses requests without it, and stops on SIGTERM with history saved',
    { skip: canUnshare ? false : 'needs root and unshare -n' },
    () => {
      const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(build.status, 0, build.stderr);
      assert.ok(existsSync(join(ROOT, 'dist', 'cli.cjs')));

      const temp = tempDir('ic-docker-');
      try {
        const db = join(temp.dir, 'history.sqlite');
        const run = spawnSync(
          'unshare',
          ['-n', process.execPath, '--import', 'tsx', DRIVER, JSON.stringify(DOCKER_SERVE_ARGV), ROOT],
          {
            cwd: ROOT,
            encoding: 'utf8',
            timeout: 60_000,
            env: {
              PATH: process.env['PATH'],
              HOME: temp.dir,
              XDG_CONFIG_HOME: join(temp.dir, 'config'),
              // The image's configuration, as `docker run -e` would give it (lab targets: DESIGN.md §5).
              INTERNET_CONN_DB: db,
              INTERNET_CONN_TARGETS: '198.51.100.1:443,203.0.113.1:443',
              INTERNET_CONN_INTERVAL_MS: '1s',
            },
          },
        );
        assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
        const outcome = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
        // "Every address" is no address to browse to: the printed link is the loopback one, and it works.
        assert.match(String(outcome['url']), /^http:\/\/127\.0\.0\.1:8470\/#token=[A-Za-z0-9_-]{40,}$/);
        assert.match(String(outcome['stderr']), /listening on every address of this machine/);
        assert.match(
          String(outcome['stderr']),
          /0\.0\.0\.0 is not a loopback address, so a token is required/,
        );
        assert.equal(outcome['withoutToken'], 401);
        assert.equal(outcome['withToken'], 200);
        assert.equal(outcome['metricsWithToken'], 200);
        assert.equal(outcome['exitCode'], 0, String(outcome['stderr']));
        assert.match(String(outcome['stderr']), /monitoring stopped; history saved in /);

        const opened = openHistoryDatabase(db, { readonly: true });
        assert.ok(opened.ok);
        const row = opened.db.prepare('SELECT count(*) AS n FROM checks').get() as { n: number };
        opened.db.close();
        assert.ok(row.n >= 1, 'the checks made before SIGTERM are in the database');
      } finally {
        temp.cleanup();
      }
    },
  );
});
