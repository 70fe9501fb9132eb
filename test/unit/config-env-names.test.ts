// An INTERNET_CONN_* variable the schema does not know is named in a warning, with the closest known
// name when one is close; the command still runs (the environment is shared with other tools).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSettings } from '../../app/config/load.js';
import { ONLINE_REPORT } from '../fixtures/check-reports.js';
import { isolatedEnv, runCliCaptured } from './cli-harness.js';

const WARNINGS: readonly [Record<string, string>, readonly string[]][] = [
  [
    { INTERNET_CONN_TIMEOUT: '5s' },
    ['INTERNET_CONN_TIMEOUT is not a setting and is ignored (did you mean INTERNET_CONN_TIMEOUT_MS?)'],
  ],
  [
    { INTERNET_CONN_TARGET: '198.51.100.1:443' },
    ['INTERNET_CONN_TARGET is not a setting and is ignored (did you mean INTERNET_CONN_TARGETS?)'],
  ],
  [
    { internet_conn_db: '/tmp/x.db' },
    ['internet_conn_db is not a setting and is ignored (did you mean INTERNET_CONN_DB?)'],
  ],
  [{ INTERNET_CONN_COLOUR: 'red' }, ['INTERNET_CONN_COLOUR is not a setting and is ignored']],
  [{ INTERNET_CONN_CONFIG: '', INTERNET_CONN_E2E: '1', INTERNET_CONN_TIMEOUT_MS: '2s' }, []],
  [{ OTHER_TOOL_TIMEOUT: '5s' }, []],
];

for (const [env, expected] of WARNINGS) {
  test(`environment ${Object.keys(env).join(', ')} gives ${expected.length} warning(s)`, async () => {
    const loaded = await loadSettings({ flags: {}, env: isolatedEnv(env), cwd: '/', platform: 'linux' });
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.message);
    assert.deepEqual(loaded.warnings, expected);
  });
}

test('on Windows a variable in another case is the setting itself, not a warning', async () => {
  const loaded = await loadSettings({
    flags: {},
    env: isolatedEnv({ Internet_Conn_Timeout_Ms: '2s' }),
    cwd: 'C:\\',
    platform: 'win32',
  });
  assert.ok(loaded.ok);
  assert.deepEqual(loaded.warnings, []);
});

test('check prints the warning on stderr, keeps --json stdout clean, and still runs', async () => {
  const run = await runCliCaptured(['check', '--json'], {
    env: isolatedEnv({ INTERNET_CONN_TIMEOUT: '5s' }),
    report: ONLINE_REPORT,
  });
  assert.equal(run.code, 0);
  assert.equal(
    run.stderr,
    'internet-conn: warning: INTERNET_CONN_TIMEOUT is not a setting and is ignored (did you mean INTERNET_CONN_TIMEOUT_MS?)\n',
  );
  assert.equal(JSON.parse(run.stdout).status, 'online');
  assert.equal(run.checks.length, 1);
});
