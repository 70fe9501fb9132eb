import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOneCleanLine, isolatedEnv, runCliCaptured } from './cli-harness.js';
import { ONLINE_REPORT } from '../fixtures/check-reports.js';

const work = mkdtempSync(join(tmpdir(), 'internet-conn-cli-'));
const badJson = join(work, 'bad.json');
writeFileSync(badJson, '{"timeoutMs": 3000,,}');
const unknownKey = join(work, 'unknown.json');
writeFileSync(unknownKey, '{"targets": ["198.51.100.1:443"], "timout": 3000}');
const aDirectory = join(work, 'dir.json');
mkdirSync(aDirectory);
const missing = join(work, 'missing.json');

interface BadInput {
  readonly what: string;
  readonly argv: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly message: string;
}

const manyTargets = Array.from({ length: 65 }, (_, index) => `198.51.100.${index + 1}:443`);

const BAD_INPUTS: readonly BadInput[] = [
  {
    what: 'more targets than one check may open',
    argv: ['check', ...manyTargets.flatMap((target) => ['--target', target])],
    message: '--target: lists 65 items; at most 64 are allowed',
  },
  {
    what: 'more targets than one check may open, from the environment',
    argv: ['check'],
    env: { INTERNET_CONN_TARGETS: manyTargets.join(',') },
    // Long values are shortened in the message, so the line stays readable.
    message:
      'INTERNET_CONN_TARGETS="198.51.100.1:443,198.51.100.2:443,198.51.100.3:443,198.51.100.4:443,198.51.1…": lists 65 items; at most 64 are allowed',
  },
  {
    what: 'a malformed target',
    argv: ['check', '--target', '198.51.100.1;443'],
    message: '--target "198.51.100.1;443": missing port; expected IP:PORT',
  },
  {
    what: 'port 0',
    argv: ['check', '--target', '198.51.100.1:0'],
    message: '--target "198.51.100.1:0": port must be 1–65535',
  },
  {
    what: 'port 65536',
    argv: ['check', '--target=198.51.100.1:65536'],
    message: '--target "198.51.100.1:65536": port must be 1–65535',
  },
  {
    what: 'port 99999',
    argv: ['--target', '1.1.1.1:99999'],
    message: '--target "1.1.1.1:99999": port must be 1–65535',
  },
  {
    what: 'a port with a leading zero',
    argv: ['check', '--target', '198.51.100.1:0443'],
    message: '--target "198.51.100.1:0443": port "0443" must not start with 0; write 443',
  },
  {
    what: 'a hostname instead of an IP',
    argv: ['check', '--target', 'one.one.one.one:443'],
    message:
      '--target "one.one.one.one:443": must be an IP address, not a name (the check must not depend on DNS)',
  },
  {
    what: 'an unbracketed IPv6 target',
    argv: ['check', '--target', '2606:4700:4700::1111:443'],
    message:
      '--target "2606:4700:4700::1111:443": an IPv6 address needs brackets and a port, like [2606:4700:4700::1111]:443',
  },
  {
    what: 'comma-separated targets in one flag',
    argv: ['check', '--target', '198.51.100.1:443,203.0.113.1:443'],
    message:
      '--target "198.51.100.1:443,203.0.113.1:443": one value per --target; repeat the flag (--target 198.51.100.1:443 --target 203.0.113.1:443); commas separate items only in INTERNET_CONN_TARGETS',
  },
  {
    what: 'comma-separated IPv6 targets in one flag',
    argv: ['monitor', '--target', '[2001:db8::1]:443,[2001:db8::2]:443'],
    message:
      '--target "[2001:db8::1]:443,[2001:db8::2]:443": one value per --target; repeat the flag (--target [2001:db8::1]:443 --target [2001:db8::2]:443); commas separate items only in INTERNET_CONN_TARGETS',
  },
  {
    what: 'comma-separated names in one --dns-name',
    argv: ['check', '--dns-name', 'one.example,two.example'],
    message:
      '--dns-name "one.example,two.example": one value per --dns-name; repeat the flag (--dns-name one.example --dns-name two.example); commas separate items only in INTERNET_CONN_DNS_NAMES',
  },
  {
    what: 'the same target twice',
    argv: ['check', '--target', '198.51.100.1:443', '--target', '198.51.100.1:443'],
    message: '--target "198.51.100.1:443" repeats --target "198.51.100.1:443"; give each once',
  },
  {
    what: 'one IPv6 target spelt two ways',
    argv: ['check', '--target', '[2001:db8::1]:443', '--target', '[2001:0DB8:0:0::1]:443'],
    message:
      '--target "[2001:0DB8:0:0::1]:443" repeats --target "[2001:db8::1]:443" (both are [2001:db8::1]:443); give each once',
  },
  {
    what: 'a repeated reference resolver',
    argv: ['check', '--reference-resolver', '2001:db8::53', '--reference-resolver', '2001:db8:0::53'],
    message:
      '--reference-resolver "2001:db8:0::53" repeats --reference-resolver "2001:db8::53" (both are 2001:db8::53); give each once',
  },
  {
    what: 'one IPv6 target spelt two ways in the environment',
    argv: ['check'],
    env: { INTERNET_CONN_TARGETS: '198.51.100.1:443,[2001:db8::1]:443,[2001:DB8::1]:443' },
    message:
      'INTERNET_CONN_TARGETS="198.51.100.1:443,[2001:db8::1]:443,[2001:DB8::1]:443": item 3 "[2001:DB8::1]:443" repeats item 2 "[2001:db8::1]:443" (both are [2001:db8::1]:443); list each once',
  },
  {
    what: 'a non-numeric timeout',
    argv: ['check', '--timeout', 'soon'],
    message: '--timeout "soon": must be a duration like 500, 500ms, 5s or 1m',
  },
  {
    what: 'a negative timeout',
    argv: ['check', '--timeout', '-5'],
    message: '--timeout "-5": must not be negative',
  },
  {
    what: 'a timeout below the minimum',
    argv: ['check', '--timeout', '99'],
    message: '--timeout "99": must be 100–60000 ms',
  },
  {
    what: 'a timeout above the maximum',
    argv: ['check', '--timeout', '2m'],
    message: '--timeout "2m": must be 100–60000 ms',
  },
  {
    what: 'an unknown flag',
    argv: ['check', '--colour'],
    message: 'unknown flag --colour (see internet-conn check --help)',
  },
  {
    what: 'an unknown short flag',
    argv: ['check', '-x'],
    message: 'unknown flag -x (see internet-conn check --help)',
  },
  {
    what: 'a flag of another command',
    argv: ['check', '--listen', '127.0.0.1:1'],
    message: 'unknown flag --listen (see internet-conn check --help)',
  },
  {
    what: 'a missing flag value',
    argv: ['check', '--target'],
    message: '--target needs a value (IP:PORT) (see internet-conn check --help)',
  },
  {
    what: 'a flag as a flag value',
    argv: ['check', '--timeout', '--json'],
    message: '--timeout needs a value (DURATION) (see internet-conn check --help)',
  },
  {
    what: 'a value for a switch',
    argv: ['check', '--json=yes'],
    message: '--json does not take a value (see internet-conn check --help)',
  },
  { what: 'a stray argument', argv: ['check', 'now'], message: 'unexpected argument "now"' },
  {
    what: 'an unknown command',
    argv: ['chekc'],
    message: 'unknown command "chekc"; commands: check, monitor, history, export, serve',
  },
  {
    what: 'an unknown command named like an object key',
    argv: ['constructor'],
    message: 'unknown command "constructor"; commands: check, monitor, history, export, serve',
  },
  {
    what: 'an unreadable config file (missing)',
    argv: ['check', '--config', missing],
    message: `--config "${missing}": cannot read ${missing}: no such file (ENOENT)`,
  },
  {
    what: 'an unreadable config file (a directory)',
    argv: ['check', '--config', aDirectory],
    message: `--config "${aDirectory}": cannot read ${aDirectory}: it is a directory (EISDIR)`,
  },
  {
    what: 'a config file that is not JSON',
    argv: ['check', '--config', badJson],
    message: `config file ${badJson}: not valid JSON at line 1 column 20: `,
  },
  {
    what: 'an unknown key in the config file',
    argv: ['check', '--config', unknownKey],
    message: `config file ${unknownKey}: unknown key "timout" (did you mean "timeoutMs"?)`,
  },
  {
    what: 'an invalid environment timeout',
    argv: ['check'],
    env: { INTERNET_CONN_TIMEOUT_MS: 'abc' },
    message: 'INTERNET_CONN_TIMEOUT_MS="abc": must be a duration like 500, 500ms, 5s or 1m',
  },
  {
    what: 'an invalid environment target list',
    argv: ['check'],
    env: { INTERNET_CONN_TARGETS: '198.51.100.1:443,example.com:443' },
    message:
      'INTERNET_CONN_TARGETS="198.51.100.1:443,example.com:443": item 2 "example.com:443": must be an IP address, not a name (the check must not depend on DNS)',
  },
  {
    what: 'an invalid setting of another command in the environment',
    argv: ['check'],
    env: { INTERNET_CONN_INTERVAL_MS: '10' },
    message: 'INTERNET_CONN_INTERVAL_MS="10": must be 1000–3600000 ms',
  },
  {
    what: 'a config file named by INTERNET_CONN_CONFIG that is missing',
    argv: ['check'],
    env: { INTERNET_CONN_CONFIG: missing },
    message: `INTERNET_CONN_CONFIG="${missing}": cannot read ${missing}: no such file (ENOENT)`,
  },
  {
    what: 'a log file that cannot be opened',
    argv: ['check', '--log-file', join(missing, 'check.log')],
    message: `--log-file "${join(missing, 'check.log')}": cannot open it for appending (ENOENT)`,
  },
];

for (const bad of BAD_INPUTS) {
  test(`exits 64 with one line naming the value for ${bad.what}`, async () => {
    const run = await runCliCaptured(bad.argv, {
      env: isolatedEnv(bad.env),
      cwd: work,
      report: ONLINE_REPORT,
    });
    assert.equal(run.code, 64);
    assert.equal(run.stdout, '');
    assert.ok(isOneCleanLine(run.stderr), run.stderr);
    // The JSON parser's own words vary by V8 version; everything up to them is ours and exact.
    if (bad.message.endsWith(': '))
      assert.ok(run.stderr.startsWith(`internet-conn: ${bad.message}`), run.stderr);
    else assert.equal(run.stderr, `internet-conn: ${bad.message}\n`);
    assert.equal(run.checks.length, 0, 'no probe may run on bad input');
  });
}

test('bad input exits 64 even with --json, and prints nothing on stdout', async () => {
  const run = await runCliCaptured(['check', '--json', '--target', '198.51.100.1:0'], {
    report: ONLINE_REPORT,
  });
  assert.equal(run.code, 64);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, 'internet-conn: --target "198.51.100.1:0": port must be 1–65535\n');
});

test('a check that throws is reported in one line with exit 70, never a stack trace', async () => {
  const run = await runCliCaptured(['check'], {
    runCheck: async () => {
      throw new Error('probe table exploded\n    at somewhere (file.ts:1:2)');
    },
  });
  assert.equal(run.code, 70);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, 'internet-conn: internal error: probe table exploded\n');
});
