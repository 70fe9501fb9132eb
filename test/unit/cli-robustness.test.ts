import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedEnv, runCliCaptured } from './cli-harness.js';
import { OFFLINE_REPORT } from '../fixtures/check-reports.js';
import { isInteractive } from '../../app/cli/terminal.js';

const work = mkdtempSync(join(tmpdir(), 'internet-conn-robust-'));

test('reads a config file saved with a UTF-8 byte order mark', async () => {
  const withBom = join(work, 'bom.json');
  writeFileSync(withBom, '\uFEFF{"timeoutMs": 2500}');
  const seen: number[] = [];
  const result = await runCliCaptured(['check', '--json', '--config', withBom], {
    env: isolatedEnv(),
    runCheck: async (options) => {
      seen.push(options.timeoutMs);
      return OFFLINE_REPORT;
    },
  });
  assert.equal(result.stderr, '');
  assert.deepEqual(seen, [2500]);
});

test('prints the verdict even when the log file cannot be written', async () => {
  const result = await runCliCaptured(['check', '--json', '--log-file', '/dev/full'], {
    env: isolatedEnv(),
    runCheck: async () => OFFLINE_REPORT,
  });
  assert.equal(result.code, 1);
  assert.equal(JSON.parse(result.stdout).status, 'offline');
  assert.match(result.stderr, /could not write the log file/);
});

test('an empty NO_COLOR leaves colour on, a set one turns it off', () => {
  const tty = { isTTY: true, write: () => true };
  assert.equal(isInteractive(tty, { NO_COLOR: '' }), true);
  assert.equal(isInteractive(tty, { NO_COLOR: '1' }), false);
  assert.equal(isInteractive(tty, {}), true);
});
