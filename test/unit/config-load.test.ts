import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, DEFAULT_TARGETS } from '../../app/config/defaults.js';
import { loadSettings, type LoadInput } from '../../app/config/load.js';
import { SETTINGS_SCHEMA, type SettingName, type Settings } from '../../app/config/schema.js';

interface Sample {
  readonly flag: string;
  readonly env: string;
  readonly file: unknown;
  readonly expected: (dirs: Dirs) => {
    readonly flag: unknown;
    readonly env: unknown;
    readonly file: unknown;
  };
}

interface Dirs {
  readonly cwd: string;
  readonly configDir: string;
  readonly home: string;
}

const v4 = (host: string, port: number) => ({ host, port, family: 4 as const });
const v6 = (host: string, port: number) => ({ host, port, family: 6 as const });

/** Three different valid values per key: one for each source, so the winner is always visible. */
const SAMPLES: Readonly<Record<SettingName, Sample>> = {
  targets: {
    flag: '198.51.100.1:443',
    env: '198.51.100.2:443, [2001:db8::2]:443',
    file: ['203.0.113.3:53'],
    expected: () => ({
      flag: [v4('198.51.100.1', 443)],
      env: [v4('198.51.100.2', 443), v6('2001:db8::2', 443)],
      file: [v4('203.0.113.3', 53)],
    }),
  },
  timeoutMs: { flag: '1s', env: '2000', file: 2500, expected: () => ({ flag: 1000, env: 2000, file: 2500 }) },
  intervalMs: {
    flag: '10s',
    env: '1m',
    file: '2s',
    expected: () => ({ flag: 10_000, env: 60_000, file: 2000 }),
  },
  logFile: {
    flag: 'flag.log',
    env: '/var/tmp/env.log',
    file: 'file.log',
    expected: (dirs) => ({
      flag: join(dirs.cwd, 'flag.log'),
      env: '/var/tmp/env.log',
      file: join(dirs.configDir, 'file.log'),
    }),
  },
  dnsNames: {
    flag: 'flag.example',
    env: 'env1.example,env2.example',
    file: ['file.example'],
    expected: () => ({
      flag: ['flag.example'],
      env: ['env1.example', 'env2.example'],
      file: ['file.example'],
    }),
  },
  referenceResolvers: {
    flag: '198.51.100.53',
    env: '203.0.113.53',
    file: ['2001:db8::53'],
    expected: () => ({ flag: ['198.51.100.53'], env: ['203.0.113.53'], file: ['2001:db8::53'] }),
  },
  portalUrls: {
    flag: 'http://198.51.100.80/generate_204',
    env: 'http://portal.example/env',
    file: ['http://portal.example/file'],
    expected: () => ({
      flag: ['http://198.51.100.80/generate_204'],
      env: ['http://portal.example/env'],
      file: ['http://portal.example/file'],
    }),
  },
  tlsTarget: {
    flag: '198.51.100.4:443',
    env: '203.0.113.4:8443',
    file: '[2001:db8::4]:443',
    expected: () => ({
      flag: v4('198.51.100.4', 443),
      env: v4('203.0.113.4', 8443),
      file: v6('2001:db8::4', 443),
    }),
  },
  tlsName: {
    flag: 'flag.example',
    env: 'env.example',
    file: 'file.example',
    expected: () => ({ flag: 'flag.example', env: 'env.example', file: 'file.example' }),
  },
  db: {
    flag: 'flag.db',
    env: ':memory:',
    file: '~/file.db',
    expected: (dirs) => ({
      flag: join(dirs.cwd, 'flag.db'),
      env: ':memory:',
      file: join(dirs.home, 'file.db'),
    }),
  },
  metricsListen: {
    flag: '127.0.0.1:9100',
    env: '[::1]:9101',
    file: '127.0.0.1:0',
    expected: () => ({ flag: v4('127.0.0.1', 9100), env: v6('::1', 9101), file: v4('127.0.0.1', 0) }),
  },
  listen: {
    flag: '127.0.0.1:8001',
    env: '127.0.0.2:8002',
    file: '[::1]:8003',
    expected: () => ({ flag: v4('127.0.0.1', 8001), env: v4('127.0.0.2', 8002), file: v6('::1', 8003) }),
  },
  token: {
    flag: 'flag-token-0123456789',
    env: 'env-token-0123456789',
    file: 'file-token-0123456789',
    expected: () => ({
      flag: 'flag-token-0123456789',
      env: 'env-token-0123456789',
      file: 'file-token-0123456789',
    }),
  },
};

function makeDirs(): Dirs {
  const root = mkdtempSync(join(tmpdir(), 'internet-conn-config-'));
  const dirs = { cwd: join(root, 'work'), configDir: join(root, 'etc'), home: join(root, 'home') };
  for (const dir of Object.values(dirs)) mkdirSync(dir);
  return dirs;
}

/** `{"tls.target": x}` becomes `{"tls": {"target": x}}`, as a person writes the file. */
function fileObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [path, value] of entries) {
    const [first, second] = path.split('.') as [string, string | undefined];
    if (second === undefined) object[first] = value;
    else object[first] = { ...(object[first] as object | undefined), [second]: value };
  }
  return object;
}

async function load(
  dirs: Dirs,
  sources: { flags?: LoadInput['flags']; env?: LoadInput['env']; file?: Record<string, unknown> },
) {
  const env: Record<string, string | undefined> = {
    HOME: dirs.home,
    XDG_CONFIG_HOME: join(dirs.home, 'none'),
  };
  let configFlag: string | undefined;
  if (sources.file !== undefined) {
    configFlag = join(dirs.configDir, 'config.json');
    writeFileSync(configFlag, JSON.stringify(sources.file));
  }
  return loadSettings({
    flags: sources.flags ?? {},
    configFlag,
    env: { ...env, ...sources.env },
    cwd: dirs.cwd,
    platform: 'linux',
  });
}

test('every schema key has a precedence sample (a new key must be added here)', () => {
  assert.deepEqual(SETTINGS_SCHEMA.map((spec) => spec.name).sort(), Object.keys(SAMPLES).sort());
  assert.deepEqual(Object.keys(DEFAULT_SETTINGS).sort(), Object.keys(SAMPLES).sort());
});

for (const spec of SETTINGS_SCHEMA) {
  const sample = SAMPLES[spec.name];
  test(`${spec.name}: flag beats environment beats config file beats default`, async () => {
    const dirs = makeDirs();
    const expected = sample.expected(dirs);
    const flags = { [spec.flag]: spec.kind === 'list' ? [sample.flag] : sample.flag };
    const env = { [spec.env]: sample.env };
    const file = fileObject([[spec.file, sample.file]]);

    const all = await load(dirs, { flags, env, file });
    assert.ok(all.ok, all.ok ? '' : all.message);
    assert.deepEqual(all.settings[spec.name], expected.flag);
    assert.equal(all.sources[spec.name], 'flag');

    const envAndFile = await load(dirs, { env, file });
    assert.ok(envAndFile.ok, envAndFile.ok ? '' : envAndFile.message);
    assert.deepEqual(envAndFile.settings[spec.name], expected.env);
    assert.equal(envAndFile.sources[spec.name], 'env');

    const fileOnly = await load(dirs, { file });
    assert.ok(fileOnly.ok, fileOnly.ok ? '' : fileOnly.message);
    assert.deepEqual(fileOnly.settings[spec.name], expected.file);
    assert.equal(fileOnly.sources[spec.name], 'file');

    const none = await load(dirs, {});
    assert.ok(none.ok, none.ok ? '' : none.message);
    assert.deepEqual(none.settings[spec.name], DEFAULT_SETTINGS[spec.name]);
    assert.equal(none.sources[spec.name], 'default');
  });
}

test('keys merge one by one: a file can set one key while a flag sets another', async () => {
  const dirs = makeDirs();
  const result = await load(dirs, { flags: { timeout: '700' }, file: { targets: ['198.51.100.9:443'] } });
  assert.ok(result.ok);
  assert.equal(result.settings.timeoutMs, 700);
  assert.deepEqual(result.settings.targets, [v4('198.51.100.9', 443)]);
  assert.equal(result.settings.intervalMs, DEFAULT_SETTINGS.intervalMs);
});

test('a repeated target flag keeps every target in order', async () => {
  const result = await load(makeDirs(), { flags: { target: ['198.51.100.1:443', '[2001:db8::1]:443'] } });
  assert.ok(result.ok);
  assert.deepEqual(result.settings.targets, [v4('198.51.100.1', 443), v6('2001:db8::1', 443)]);
});

test('an empty environment variable counts as unset', async () => {
  const result = await load(makeDirs(), { env: { INTERNET_CONN_TIMEOUT_MS: '', INTERNET_CONN_TARGETS: '' } });
  assert.ok(result.ok);
  assert.equal(result.settings.timeoutMs, DEFAULT_SETTINGS.timeoutMs);
  assert.deepEqual(result.settings.targets, DEFAULT_TARGETS);
});

test('a bad value is reported even when a higher source overrides it', async () => {
  const result = await load(makeDirs(), {
    flags: { timeout: '700' },
    env: { INTERNET_CONN_TIMEOUT_MS: 'abc' },
  });
  assert.deepEqual(result, {
    ok: false,
    message: 'INTERNET_CONN_TIMEOUT_MS="abc": must be a duration like 500, 500ms, 5s or 1m',
  });
});

test('a secret is never quoted back in an error', async () => {
  const result = await load(makeDirs(), { env: { INTERNET_CONN_TOKEN: 'short-secret' } });
  assert.deepEqual(result, {
    ok: false,
    message: 'INTERNET_CONN_TOKEN=(hidden): must be at least 16 characters',
  });
});

test('an environment list names the bad item and the whole value', async () => {
  const result = await load(makeDirs(), {
    env: { INTERNET_CONN_TARGETS: '198.51.100.1:443,198.51.100.2:0' },
  });
  assert.deepEqual(result, {
    ok: false,
    message:
      'INTERNET_CONN_TARGETS="198.51.100.1:443,198.51.100.2:0": item 2 "198.51.100.2:0": port must be 1–65535',
  });
});

test('an environment list of only commas is refused', async () => {
  const result = await load(makeDirs(), { env: { INTERNET_CONN_DNS_NAMES: ' , ' } });
  assert.deepEqual(result, {
    ok: false,
    message: 'INTERNET_CONN_DNS_NAMES=" , ": lists no items; separate items with commas',
  });
});

test('the config file is found through INTERNET_CONN_CONFIG, then XDG_CONFIG_HOME, then ~/.config', async () => {
  const dirs = makeDirs();
  const read = (env: Record<string, string>) =>
    loadSettings({ flags: {}, env: { HOME: dirs.home, ...env }, cwd: dirs.cwd, platform: 'linux' });
  const put = (path: string, timeoutMs: number): string => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, JSON.stringify({ timeoutMs }));
    return path;
  };
  const home = put(join(dirs.home, '.config', 'internet-conn', 'config.json'), 1100);
  const xdg = put(join(dirs.configDir, 'xdg', 'internet-conn', 'config.json'), 1200);
  const named = put(join(dirs.configDir, 'named.json'), 1300);

  const fromHome = await read({});
  assert.ok(fromHome.ok);
  assert.equal(fromHome.configFile, home);
  assert.equal(fromHome.settings.timeoutMs, 1100);

  const fromXdg = await read({ XDG_CONFIG_HOME: join(dirs.configDir, 'xdg') });
  assert.ok(fromXdg.ok);
  assert.equal(fromXdg.configFile, xdg);
  assert.equal(fromXdg.settings.timeoutMs, 1200);

  const fromEnv = await read({ XDG_CONFIG_HOME: join(dirs.configDir, 'xdg'), INTERNET_CONN_CONFIG: named });
  assert.ok(fromEnv.ok);
  assert.equal(fromEnv.configFile, named);
  assert.equal(fromEnv.settings.timeoutMs, 1300);

  const fromFlag = await loadSettings({
    flags: {},
    configFlag: home,
    env: { HOME: dirs.home, INTERNET_CONN_CONFIG: named },
    cwd: dirs.cwd,
    platform: 'linux',
  });
  assert.ok(fromFlag.ok);
  assert.equal(fromFlag.settings.timeoutMs, 1100);
});

test('a missing default config file is fine, a missing named one is an error', async () => {
  const dirs = makeDirs();
  const none = await loadSettings({ flags: {}, env: { HOME: dirs.home }, cwd: dirs.cwd, platform: 'linux' });
  assert.ok(none.ok);
  assert.equal(none.configFile, null);
  assert.deepEqual(none.settings, DEFAULT_SETTINGS satisfies Settings);

  const missing = join(dirs.configDir, 'missing.json');
  const named = await loadSettings({
    flags: {},
    env: { HOME: dirs.home, INTERNET_CONN_CONFIG: missing },
    cwd: dirs.cwd,
    platform: 'linux',
  });
  assert.deepEqual(named, {
    ok: false,
    message: `INTERNET_CONN_CONFIG="${missing}": cannot read ${missing}: no such file (ENOENT)`,
  });
});

test('a relative --config path is taken from the working directory', async () => {
  const dirs = makeDirs();
  writeFileSync(join(dirs.cwd, 'local.json'), '{"timeoutMs": "4s"}');
  const result = await loadSettings({
    flags: {},
    configFlag: 'local.json',
    env: { HOME: dirs.home },
    cwd: dirs.cwd,
    platform: 'linux',
  });
  assert.ok(result.ok);
  assert.equal(result.configFile, join(dirs.cwd, 'local.json'));
  assert.equal(result.settings.timeoutMs, 4000);
});

test('a "$schema" reference and null for optional features are accepted', async () => {
  const result = await load(makeDirs(), {
    file: { $schema: './config.schema.json', logFile: null, metricsListen: null, token: null, db: null },
  });
  assert.ok(result.ok, result.ok ? '' : result.message);
  assert.equal(result.settings.logFile, null);
});
