import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CheckReport } from '../../app/check.js';
import { DEFAULT_TARGETS } from '../../app/config/defaults.js';
import { isolatedEnv, runCliCaptured } from './cli-harness.js';
import { LIMITED_REPORT, OFFLINE_REPORT, ONLINE_REPORT } from '../fixtures/check-reports.js';

const ANSI = new RegExp(String.fromCharCode(27) + '\\[');

const STATUSES: readonly [CheckReport, number][] = [
  [ONLINE_REPORT, 0],
  [OFFLINE_REPORT, 1],
  [LIMITED_REPORT, 2],
];

for (const [report, code] of STATUSES) {
  test(`exits ${code} when the check says ${report.status}, in text and in JSON`, async () => {
    assert.equal((await runCliCaptured(['check'], { report })).code, code);
    assert.equal((await runCliCaptured(['check', '--json'], { report })).code, code);
  });
}

test('runs check when no command is given', async () => {
  const run = await runCliCaptured(['--json'], { report: OFFLINE_REPORT });
  assert.equal(run.code, 1);
  assert.equal(run.checks.length, 1);
});

test('--json prints exactly the DESIGN.md §4 document, one line, and nothing else anywhere', async () => {
  const run = await runCliCaptured(['check', '--json'], { report: OFFLINE_REPORT, stderrTTY: false });
  assert.equal(run.stderr, '');
  assert.match(run.stdout, /^\{[^\n]*\}\n$/);
  const document = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(document), ['schema', 'status', 'causes', 'probes', 'startedAt', 'elapsedMs']);
  assert.equal(document['schema'], 1);
  assert.equal(document['status'], 'offline');
  assert.equal(document['startedAt'], OFFLINE_REPORT.startedAt);
  assert.equal(document['elapsedMs'], OFFLINE_REPORT.elapsedMs);
  const causes = document['causes'] as Record<string, unknown>[];
  assert.deepEqual(Object.keys(causes[0] ?? {}), [
    'code',
    'severity',
    'title',
    'explanation',
    'fix',
    'evidence',
  ]);
  const probes = document['probes'] as Record<string, unknown>[];
  assert.equal(probes.length, OFFLINE_REPORT.probes.length);
  for (const probe of probes) {
    // A TCP result carries its endpoint in memory; the published contract does not.
    assert.deepEqual(Object.keys(probe), ['kind', 'target', 'family', 'outcome', 'errorCode', 'ms']);
  }
  assert.deepEqual(probes[0], {
    kind: 'tcp',
    target: '198.51.100.1:443',
    family: 4,
    outcome: 'timeout',
    errorCode: 'ETIMEDOUT',
    ms: 3000,
  });
  assert.equal(probes[2]?.['ms'], null);
});

test('--json on a terminal is indented for reading but still one JSON object', async () => {
  const run = await runCliCaptured(['check', '--json'], { report: ONLINE_REPORT, stdoutTTY: true });
  assert.match(run.stdout, /^\{\n {2}"schema": 1,/);
  assert.equal((JSON.parse(run.stdout) as { status: string }).status, 'online');
  assert.doesNotMatch(run.stdout, ANSI);
});

test('human output: status line, then each cause with numbered fix steps, then the probe table', async () => {
  const run = await runCliCaptured(['check'], { report: OFFLINE_REPORT });
  const lines = run.stdout.split('\n');
  assert.equal(lines[0], 'Offline - 0 of 3 targets reachable (3003 ms)');
  assert.equal(lines[1], '');
  assert.equal(lines[2], '[cause] The router is up but nothing beyond it answers');
  assert.equal(lines[3], '  Your router at 10.200.1.1 answered, but none of the 3 internet targets did.');
  assert.equal(lines[4], '  What to do:');
  assert.equal(lines[5], '    1. Restart the modem and the router.');
  assert.equal(lines[6], '    2. If that does not help, call your internet provider.');
  assert.equal(lines[7], '');
  assert.match(lines[8] ?? '', /^probe\s+target\s+outcome\s+time\s+error$/);
  assert.match(lines[9] ?? '', /^tcp\s+198\.51\.100\.1:443\s+timeout\s+3000 ms\s+ETIMEDOUT$/);
  assert.match(lines[11] ?? '', /^tcp\s+203\.0\.113\.1:443\s+host-unreachable\s+-\s+EHOSTUNREACH$/);
  assert.match(
    lines[12] ?? '',
    /^local\s+gateway 10\.200\.1\.1 via eth0\s+gateway-alive\s+1 ms\s+ECONNREFUSED \(an answer\)$/,
  );
  assert.equal(run.stdout.endsWith('\n'), true);
});

test('human output of an online check says how many targets answered', async () => {
  const run = await runCliCaptured(['check'], { report: ONLINE_REPORT });
  assert.equal(run.stdout.split('\n')[0], 'Online - 3 of 3 targets reachable (15 ms)');
});

test('human output has no ANSI codes and stderr stays empty when neither stream is a terminal', async () => {
  const run = await runCliCaptured(['check'], { report: LIMITED_REPORT });
  assert.doesNotMatch(run.stdout, ANSI);
  assert.equal(run.stderr, '');
});

test('colour on a terminal, a spinner on a terminal stderr, and neither with NO_COLOR', async () => {
  const coloured = await runCliCaptured(['check'], {
    report: LIMITED_REPORT,
    stdoutTTY: true,
    stderrTTY: true,
  });
  assert.match(coloured.stdout, ANSI);
  assert.match(coloured.stderr, /checking/);
  assert.ok(coloured.stderr.endsWith('\r\x1b[2K'), 'the spinner line is cleared at the end');

  const env = isolatedEnv({ NO_COLOR: '1' });
  const plain = await runCliCaptured(['check'], {
    report: LIMITED_REPORT,
    stdoutTTY: true,
    stderrTTY: true,
    env,
  });
  assert.doesNotMatch(plain.stdout, ANSI);
  assert.equal(plain.stderr, '');

  const dumb = await runCliCaptured(['check'], {
    report: LIMITED_REPORT,
    stdoutTTY: true,
    env: isolatedEnv({ TERM: 'dumb' }),
  });
  assert.doesNotMatch(dumb.stdout, ANSI);
});

test('--verbose prints every probe on stderr, including those the check reports only at the end', async () => {
  const run = await runCliCaptured(['check', '--verbose'], { report: OFFLINE_REPORT });
  const lines = run.stderr.trimEnd().split('\n');
  assert.ok(lines.includes('probe tcp 198.51.100.1:443 IPv4 timeout 3000 ms ETIMEDOUT'), run.stderr);
  assert.ok(lines.includes('probe tcp 198.51.100.1:53 IPv4 refused 4 ms ECONNREFUSED'), run.stderr);
  assert.ok(lines.includes('probe local gateway 10.200.1.1 via eth0 IPv4 gateway-alive 1 ms ECONNREFUSED'));
  assert.ok(
    lines.includes(
      `setting targets=${DEFAULT_TARGETS.map((t) => (t.family === 6 ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`)).join(',')} (default)`,
    ),
  );
  assert.ok(lines.includes('setting timeoutMs=3000 (default)'));
  assert.equal(lines.filter((line) => line.startsWith('probe ')).length, OFFLINE_REPORT.probes.length);
  assert.doesNotMatch(run.stderr, ANSI);
});

test('--verbose with --json keeps stdout pure JSON', async () => {
  const run = await runCliCaptured(['check', '--json', '--verbose'], { report: OFFLINE_REPORT });
  assert.equal((JSON.parse(run.stdout) as { status: string }).status, 'offline');
  assert.match(run.stderr, /^config file: none$/m);
});

test('flags reach the check: targets, timeout and --fast', async () => {
  const run = await runCliCaptured(
    ['check', '--fast', '--target', '198.51.100.1:443', '--target=[2001:db8::1]:443', '--timeout', '1.5s'],
    { report: ONLINE_REPORT },
  );
  assert.equal(run.checks.length, 1);
  const options = run.checks[0];
  assert.deepEqual(options?.targets, [
    { host: '198.51.100.1', port: 443, family: 4 },
    { host: '2001:db8::1', port: 443, family: 6 },
  ]);
  assert.equal(options?.timeoutMs, 1500);
  assert.equal(options?.fast, true);
});

test('without flags the check gets the default targets, 3000 ms and fast off', async () => {
  const run = await runCliCaptured(['check'], { report: ONLINE_REPORT });
  assert.deepEqual(run.checks[0]?.targets, DEFAULT_TARGETS);
  assert.equal(run.checks[0]?.timeoutMs, 3000);
  assert.equal(run.checks[0]?.fast, false);
});

test('through the CLI, a flag beats the environment, which beats the config file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'internet-conn-cli-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ timeoutMs: 1000, targets: ['203.0.113.1:443'] }));
  const env = isolatedEnv({ INTERNET_CONN_CONFIG: config, INTERNET_CONN_TIMEOUT_MS: '2s' });

  const fileAndEnv = await runCliCaptured(['check'], { report: ONLINE_REPORT, env });
  assert.equal(fileAndEnv.checks[0]?.timeoutMs, 2000);
  assert.deepEqual(fileAndEnv.checks[0]?.targets, [{ host: '203.0.113.1', port: 443, family: 4 }]);

  const withFlag = await runCliCaptured(['check', '--timeout', '3s'], { report: ONLINE_REPORT, env });
  assert.equal(withFlag.checks[0]?.timeoutMs, 3000);
});

test('--fast online names the target that answered first', async () => {
  const fast: CheckReport = { ...ONLINE_REPORT, probes: ONLINE_REPORT.probes.slice(0, 1) };
  const run = await runCliCaptured(['check', '--fast'], { report: fast });
  assert.equal(run.stdout.split('\n')[0], 'Online - 198.51.100.1:443 answered first (fast check, 15 ms)');
});

test('--log-file appends a timestamped line per check and one per failed probe with its error code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'internet-conn-log-'));
  const now = () => new Date('2026-05-06T07:08:09.010Z');
  const first = await runCliCaptured(['check', '--log-file', 'checks.log'], {
    report: OFFLINE_REPORT,
    cwd: dir,
    now,
  });
  assert.equal(first.code, 1);
  await runCliCaptured(['check', '--log-file', join(dir, 'checks.log')], {
    report: ONLINE_REPORT,
    cwd: dir,
    now,
  });
  assert.equal(
    readFileSync(join(dir, 'checks.log'), 'utf8'),
    [
      '2026-05-06T07:08:09.010Z check status=offline causes=upstream-unreachable elapsedMs=3003',
      '2026-05-06T07:08:09.010Z probe-failed kind=tcp target=198.51.100.1:443 outcome=timeout errorCode=ETIMEDOUT ms=3000',
      '2026-05-06T07:08:09.010Z probe-failed kind=tcp target=198.51.100.1:53 outcome=refused errorCode=ECONNREFUSED ms=4',
      '2026-05-06T07:08:09.010Z probe-failed kind=tcp target=203.0.113.1:443 outcome=host-unreachable errorCode=EHOSTUNREACH ms=-',
      '2026-05-06T07:08:09.010Z check status=online causes=- elapsedMs=15',
      '',
    ].join('\n'),
  );
});

test('a log file set in the config file is named by its source when it cannot be opened', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'internet-conn-log-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ logFile: 'no/such/dir/checks.log' }));
  const run = await runCliCaptured(['check', '--config', config], { report: ONLINE_REPORT });
  assert.equal(run.code, 64);
  assert.equal(
    run.stderr,
    `internet-conn: config file ${config}: key "logFile": "${join(dir, 'no/such/dir/checks.log')}": cannot open it for appending (ENOENT)\n`,
  );
});

test('--help and -h print usage with every check flag and its environment variable, and run nothing', async () => {
  for (const argv of [['--help'], ['check', '--help'], ['check', '-h', '--target', 'nonsense']]) {
    const run = await runCliCaptured(argv);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^Usage: internet-conn \[check\] \[flags\]/);
    for (const text of [
      '--target IP:PORT',
      'INTERNET_CONN_TARGETS',
      '--timeout DURATION',
      'INTERNET_CONN_TIMEOUT_MS',
      '--log-file PATH',
      '--fast',
      '--json',
      '--verbose',
      '--config PATH',
      '--version',
    ]) {
      assert.ok(run.stdout.includes(text), `help mentions ${text}`);
    }
    assert.equal(run.checks.length, 0);
  }
});

test('check --help lists every exit code and every duration form the README lists', async () => {
  const run = await runCliCaptured(['check', '--help']);
  const help = run.stdout.replace(/\s+/g, ' ');
  for (const code of [
    '0 online',
    '1 offline',
    '2 limited',
    '64 usage',
    '70 internal error',
    '130 interrupted',
  ]) {
    assert.ok(help.includes(code), `help lists exit code ${code}`);
  }
  for (const form of ['(500)', '500ms', '1.5s', '5s', '1m', '1h']) {
    assert.ok(help.includes(form), `help shows the duration form ${form}`);
  }
});

test('--version prints the package version', async () => {
  const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
    version: string;
  };
  const run = await runCliCaptured(['--version']);
  assert.equal(run.code, 0);
  assert.equal(run.stdout, `${pkg.version}\n`);
});

test('an interrupted check exits 130 and prints no verdict', async () => {
  const interrupt = new AbortController();
  const run = await runCliCaptured(['check'], {
    signal: interrupt.signal,
    runCheck: async (options) => {
      interrupt.abort();
      assert.equal(options.signal?.aborted, true);
      return OFFLINE_REPORT;
    },
  });
  assert.equal(run.code, 130);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, 'internet-conn: interrupted\n');
});
