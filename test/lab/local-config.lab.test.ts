import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LocalConfig, Neighbour } from '../../app/probes/local-types.js';

const PROJECT = fileURLToPath(new URL('../../', import.meta.url));

function run(...args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync(args[0] ?? '', args.slice(1), { encoding: 'utf8', timeout: 20_000, cwd: PROJECT });
  return {
    ok: result.status === 0,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? String(result.error ?? ''),
  };
}

function must(...args: string[]): string {
  const result = run(...args);
  if (!result.ok) throw new Error(`${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

const skip =
  process.platform !== 'linux'
    ? 'lab tests need Linux network namespaces'
    : process.getuid?.() !== 0
      ? 'lab tests need root to create network namespaces'
      : !run('ip', '-V').ok
        ? 'lab tests need the `ip` command (iproute2)'
        : false;

const suffix = randomBytes(3).toString('hex');
const namespaces: string[] = [];
const netnsEtc = '/etc/netns';
const createdDirs: string[] = [];

function addNamespace(role: string): string {
  const name = `icn-local-${suffix}-${role}`;
  must('ip', 'netns', 'add', name);
  namespaces.push(name);
  return name;
}

function inNamespace(ns: string, ...args: string[]): string {
  return must('ip', 'netns', 'exec', ns, ...args);
}

function readInside(ns: string): { config: LocalConfig; neighbours: Neighbour[] } {
  const output = inNamespace(ns, process.execPath, '--import', 'tsx', 'test/helpers/read-local-config.ts');
  return JSON.parse(output) as { config: LocalConfig; neighbours: Neighbour[] };
}

after(() => {
  for (const ns of namespaces) run('ip', 'netns', 'del', ns);
  for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
  // Leave /etc/netns alone if another test still has a namespace directory in it.
  try {
    rmdirSync(netnsEtc);
  } catch {
    // not empty, or already gone
  }
});

test(
  'reads interfaces, addresses, both default routes, resolvers and the ARP entry inside a lab namespace',
  { skip },
  () => {
    const client = addNamespace('client');
    const router = addNamespace('router');
    // ip netns exec bind-mounts /etc/netns/<ns>/resolv.conf over /etc/resolv.conf.
    const etc = `${netnsEtc}/${client}`;
    mkdirSync(etc, { recursive: true });
    createdDirs.push(etc);
    writeFileSync(
      `${etc}/resolv.conf`,
      '# lab resolver\nsearch lab.example\nnameserver 10.200.77.1\nnameserver 2001:db8:77::1\noptions edns0\n',
    );

    must(
      'ip',
      'link',
      'add',
      'lan0',
      'netns',
      client,
      'type',
      'veth',
      'peer',
      'name',
      'up0',
      'netns',
      router,
    );
    // A second cable whose far end stays down: up on our side, but no carrier.
    must(
      'ip',
      'link',
      'add',
      'spare0',
      'netns',
      client,
      'type',
      'veth',
      'peer',
      'name',
      'spare1',
      'netns',
      router,
    );
    inNamespace(client, 'ip', 'link', 'set', 'lo', 'up');
    inNamespace(client, 'ip', 'addr', 'add', '10.200.77.2/24', 'dev', 'lan0');
    inNamespace(client, 'ip', '-6', 'addr', 'add', '2001:db8:77::2/64', 'dev', 'lan0', 'nodad');
    inNamespace(client, 'ip', 'link', 'set', 'lan0', 'up');
    inNamespace(client, 'ip', 'link', 'set', 'spare0', 'up');
    inNamespace(router, 'ip', 'addr', 'add', '10.200.77.1/24', 'dev', 'up0');
    inNamespace(router, 'ip', '-6', 'addr', 'add', '2001:db8:77::1/64', 'dev', 'up0', 'nodad');
    inNamespace(router, 'ip', 'link', 'set', 'up0', 'up');
    inNamespace(client, 'ip', 'route', 'add', 'default', 'via', '10.200.77.1', 'metric', '100');
    inNamespace(client, 'ip', '-6', 'route', 'add', 'default', 'via', '2001:db8:77::1', 'metric', '512');
    // One packet inside the lab fills the ARP table with the router's entry.
    inNamespace(client, 'ping', '-c', '1', '-W', '2', '10.200.77.1');

    const { config, neighbours } = readInside(client);

    assert.equal(config.platform, 'linux');
    assert.deepEqual(
      config.interfaces.map(({ name, loopback, up, carrier }) => ({ name, loopback, up, carrier })),
      [
        { name: 'lo', loopback: true, up: true, carrier: true },
        { name: 'lan0', loopback: false, up: true, carrier: true },
        { name: 'spare0', loopback: false, up: true, carrier: false },
      ],
    );
    const lan0 = config.interfaces.find((entry) => entry.name === 'lan0');
    const addresses =
      lan0?.addresses.map((entry) => `${entry.address}/${entry.prefixLength} ${entry.scope}`) ?? [];
    assert.ok(addresses.includes('10.200.77.2/24 global'), addresses.join(', '));
    assert.ok(addresses.includes('2001:db8:77::2/64 global'), addresses.join(', '));
    assert.ok(
      lan0?.addresses.some((entry) => entry.family === 6 && entry.scope === 'link'),
      'lan0 has its fe80:: address',
    );
    assert.deepEqual(config.defaultRoutes, [
      { family: 4, gateway: '10.200.77.1', interfaceName: 'lan0', metric: 100 },
      { family: 6, gateway: '2001:db8:77::1', interfaceName: 'lan0', metric: 512 },
    ]);
    assert.deepEqual(config.resolvers, ['10.200.77.1', '2001:db8:77::1']);
    assert.equal(config.resolverSource, '/etc/resolv.conf');
    assert.deepEqual(config.readErrors, []);
    assert.deepEqual(neighbours, [{ address: '10.200.77.1', interfaceName: 'lan0', state: 'reachable' }]);
  },
);

test('a fresh empty namespace has only lo, down, and no default route', { skip }, () => {
  const empty = addNamespace('empty');
  const { config, neighbours } = readInside(empty);
  assert.deepEqual(config.interfaces, [
    { name: 'lo', loopback: true, up: false, carrier: null, addresses: [] },
  ]);
  assert.deepEqual(config.defaultRoutes, []);
  assert.deepEqual(neighbours, []);
});
