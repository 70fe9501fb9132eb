// DESIGN §4's flags for the DNS, portal and TLS layers, on every command that runs a full diagnosis:
// flag > environment > config file, the same parser for all three, and the flag named when it is bad.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckOptions } from '../../app/check.js';
import { runCli } from '../../app/cli/run.js';
import type { ServeIo } from '../../app/cli/serve-command.js';
import type { LayerSettings } from '../../app/probes/layer-types.js';
import { ONLINE_REPORT } from '../fixtures/check-reports.js';
import { Capture, isOneCleanLine, isolatedEnv } from './cli-harness.js';

interface LayerCase {
  readonly flag: string;
  readonly env: string;
  /** Dotted file key. */
  readonly key: string;
  readonly field: keyof Omit<LayerSettings, 'proxyEnv'>;
  readonly values: { readonly flag: string; readonly env: string; readonly file: unknown };
  readonly expected: { readonly flag: unknown; readonly env: unknown; readonly file: unknown };
  readonly bad: { readonly value: string; readonly reason: string };
}

const v4 = (host: string, port: number) => ({ host, port, family: 4 as const });

const CASES: readonly LayerCase[] = [
  {
    flag: 'dns-name',
    env: 'INTERNET_CONN_DNS_NAMES',
    key: 'dnsNames',
    field: 'dnsNames',
    values: { flag: 'flag.example', env: 'env.example', file: ['file.example'] },
    expected: { flag: ['flag.example'], env: ['env.example'], file: ['file.example'] },
    bad: { value: '198.51.100.53', reason: 'must be a name, not an IP address' },
  },
  {
    flag: 'reference-resolver',
    env: 'INTERNET_CONN_REFERENCE_RESOLVERS',
    key: 'referenceResolvers',
    field: 'referenceResolvers',
    values: { flag: '198.51.100.53', env: '203.0.113.53', file: ['198.51.100.54'] },
    expected: { flag: ['198.51.100.53'], env: ['203.0.113.53'], file: ['198.51.100.54'] },
    bad: {
      value: 'dns.example',
      reason: 'must be an IP address, not a name (the check must not depend on DNS)',
    },
  },
  {
    flag: 'portal-url',
    env: 'INTERNET_CONN_PORTAL_URLS',
    key: 'portalUrls',
    field: 'portalUrls',
    values: {
      flag: 'http://198.51.100.80/flag',
      env: 'http://198.51.100.80/env',
      file: ['http://198.51.100.80/file'],
    },
    expected: {
      flag: ['http://198.51.100.80/flag'],
      env: ['http://198.51.100.80/env'],
      file: ['http://198.51.100.80/file'],
    },
    bad: {
      value: 'https://198.51.100.80/generate_204',
      reason: 'must be a plain http:// URL (a portal cannot rewrite https)',
    },
  },
  {
    flag: 'tls-target',
    env: 'INTERNET_CONN_TLS_TARGET',
    key: 'tls.target',
    field: 'tlsTarget',
    values: { flag: '198.51.100.4:443', env: '203.0.113.4:443', file: '198.51.100.5:8443' },
    expected: {
      flag: v4('198.51.100.4', 443),
      env: v4('203.0.113.4', 443),
      file: v4('198.51.100.5', 8443),
    },
    bad: { value: '198.51.100.4:70000', reason: 'port must be 1–65535' },
  },
  {
    flag: 'tls-name',
    env: 'INTERNET_CONN_TLS_NAME',
    key: 'tls.name',
    field: 'tlsName',
    values: { flag: 'flag.example', env: 'env.example', file: 'file.example' },
    expected: { flag: 'flag.example', env: 'env.example', file: 'file.example' },
    bad: {
      value: 'bad name',
      reason: 'is not a valid DNS name (letters, digits and hyphens between dots)',
    },
  },
];

const COMMANDS = ['check', 'monitor', 'serve'] as const;
type Command = (typeof COMMANDS)[number];

/** Lab addresses only (DESIGN §5), and no history file: the check itself is replaced. */
function argvFor(command: Command): string[] {
  const common = ['--target', '198.51.100.1:443'];
  if (command === 'check') return [command, ...common];
  if (command === 'monitor') return [command, ...common, '--db', ':memory:'];
  return [command, ...common, '--db', ':memory:', '--listen', '127.0.0.1:0'];
}

interface Run {
  readonly code: number;
  readonly stderr: string;
  readonly checks: readonly CheckOptions[];
}

/** Runs the command in-process; monitor and serve are stopped after their first check, as Ctrl-C would. */
async function runUntilFirstCheck(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<Run> {
  const stdout = new Capture();
  const stderr = new Capture();
  const stop = new AbortController();
  const checks: CheckOptions[] = [];
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
      // `check` ends by itself; aborting it would make it an interrupted check (130).
      if (argv[0] !== 'check') stop.abort();
      return ONLINE_REPORT;
    },
  };
  const code = await runCli(argv, io);
  return { code, stderr: stderr.text, checks };
}

function withConfigFile(env: Record<string, string | undefined>, key: string, value: unknown): string[] {
  const [first, second] = key.split('.') as [string, string | undefined];
  const object = second === undefined ? { [first]: value } : { [first]: { [second]: value } };
  const path = join(env['HOME'] ?? '/', 'config.json');
  writeFileSync(path, JSON.stringify(object));
  return ['--config', path];
}

for (const command of COMMANDS) {
  for (const one of CASES) {
    test(`${command} --${one.flag}: flag beats ${one.env} beats config key "${one.key}"`, async () => {
      const env = isolatedEnv({ [one.env]: one.values.env });
      const config = withConfigFile(env, one.key, one.values.file);
      const layersOf = (run: Run): unknown => {
        assert.equal(run.code, 0, run.stderr);
        return run.checks[0]?.layers?.[one.field];
      };

      const all = await runUntilFirstCheck(
        [...argvFor(command), ...config, `--${one.flag}`, one.values.flag],
        env,
      );
      assert.deepEqual(layersOf(all), one.expected.flag);

      const envAndFile = await runUntilFirstCheck([...argvFor(command), ...config], env);
      assert.deepEqual(layersOf(envAndFile), one.expected.env);

      const fileOnly = await runUntilFirstCheck([...argvFor(command), ...config], {
        ...env,
        [one.env]: undefined,
      });
      assert.deepEqual(layersOf(fileOnly), one.expected.file);
    });

    test(`${command} --${one.flag} with a bad value exits 64 naming the flag and the value`, async () => {
      const run = await runUntilFirstCheck(
        [...argvFor(command), `--${one.flag}`, one.bad.value],
        isolatedEnv(),
      );
      assert.equal(run.code, 64);
      assert.ok(isOneCleanLine(run.stderr), run.stderr);
      assert.equal(
        run.stderr,
        `internet-conn: --${one.flag} ${JSON.stringify(one.bad.value)}: ${one.bad.reason}\n`,
      );
      assert.equal(run.checks.length, 0, 'no probe may run on bad input');
    });
  }

  test(`${command} --help lists every layer flag with its environment variable`, async () => {
    const stdout = new Capture();
    const code = await runCli([command, '--help'], {
      stdout,
      stderr: new Capture(),
      env: isolatedEnv(),
      cwd: '/',
      platform: 'linux',
    });
    assert.equal(code, 0);
    for (const one of CASES) assert.match(stdout.text, new RegExp(`--${one.flag} .*\\[${one.env}\\]`));
  });
}

test('repeated list flags keep every item in order', async () => {
  const run = await runUntilFirstCheck(
    [...argvFor('check'), '--dns-name', 'one.example', '--dns-name', 'two.example'],
    isolatedEnv(),
  );
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(run.checks[0]?.layers?.dnsNames, ['one.example', 'two.example']);
});
