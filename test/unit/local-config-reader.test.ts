import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, type NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import {
  createLinuxConfigReader,
  createLocalConfigReader,
  createPortableConfigReader,
} from '../../app/probes/local/index.js';
import { resolverAddress } from '../../app/probes/local/portable.js';

function tree(scenario: string): string {
  return fileURLToPath(new URL(`../fixtures/local/${scenario}/`, import.meta.url));
}

function ipv4(address: string, cidr: string, internal = false): NetworkInterfaceInfo {
  return { address, netmask: '', family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr };
}

test('reads a recorded laptop: every interface in ifindex order, down ones included, carrier unknown when down', async () => {
  const local = await createLinuxConfigReader({
    root: tree('laptop-wlan0-docker0'),
    listAddresses: () => ({
      lo: [ipv4('127.0.0.1', '127.0.0.1/8', true)],
      wlan0: [ipv4('192.168.1.23', '192.168.1.23/24')],
      'docker0:1': [ipv4('172.17.0.1', '172.17.0.1/16')],
    }),
    endianness: 'LE',
  }).read();
  assert.equal(local.platform, 'linux');
  assert.deepEqual(
    local.interfaces.map(({ name, loopback, up, carrier }) => ({ name, loopback, up, carrier })),
    [
      { name: 'lo', loopback: true, up: true, carrier: true },
      { name: 'eth0', loopback: false, up: false, carrier: null },
      { name: 'wlan0', loopback: false, up: true, carrier: true },
      { name: 'docker0', loopback: false, up: true, carrier: false },
    ],
  );
  const wlan0 = local.interfaces.find((entry) => entry.name === 'wlan0');
  assert.deepEqual(
    wlan0?.addresses.map((entry) => `${entry.address}/${entry.prefixLength} ${entry.scope}`),
    [
      '192.168.1.23/24 global',
      '2001:db8:1:0:a1b2:c3ff:fed4:e5f6/64 global',
      'fe80::a1b2:c3ff:fed4:e5f6/64 link',
    ],
  );
  assert.deepEqual(
    local.interfaces.find((entry) => entry.name === 'docker0')?.addresses.map((entry) => entry.address),
    ['172.17.0.1', 'fe80::42:acff:fe11:1'],
  );
  assert.deepEqual(local.defaultRoutes, [
    { family: 4, gateway: '192.168.1.1', interfaceName: 'wlan0', metric: 600 },
    { family: 6, gateway: 'fe80::1', interfaceName: 'wlan0', metric: 600 },
  ]);
  assert.deepEqual(local.readErrors, []);
});

test('replaces the systemd-resolved stub with its upstream resolvers and says where they came from', async () => {
  const local = await createLocalConfigReader('linux', tree('laptop-wlan0-docker0')).read();
  assert.deepEqual(local.resolvers, ['192.168.1.1', '2001:db8:1::1', 'fe80::1']);
  assert.equal(
    local.resolverSource,
    '/run/systemd/resolve/resolv.conf (systemd-resolved, behind the stub in /etc/resolv.conf)',
  );
});

test('keeps the stub resolver when systemd-resolved has not written its upstream file', async () => {
  const root = await mkdtemp(join(tmpdir(), 'icn-local-'));
  try {
    await mkdir(join(root, 'etc'));
    await writeFile(join(root, 'etc/resolv.conf'), 'nameserver 127.0.0.53\noptions edns0 trust-ad\n');
    const local = await createLocalConfigReader('linux', `${root}/`).read();
    assert.deepEqual(local.resolvers, ['127.0.0.53']);
    assert.equal(local.resolverSource, '/etc/resolv.conf');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('reads the neighbour table of a recorded laptop', async () => {
  const neighbours = await createLocalConfigReader('linux', tree('laptop-wlan0-docker0')).readNeighbours();
  assert.deepEqual(
    neighbours.map((entry) => `${entry.address} ${entry.interfaceName} ${entry.state}`),
    ['192.168.1.1 wlan0 reachable', '192.168.1.77 wlan0 incomplete', '172.17.0.2 docker0 reachable'],
  );
});

test('reports a host with only a 169.254 address and no default route as it is', async () => {
  const local = await createLinuxConfigReader({
    root: tree('dhcp-failed-link-local'),
    listAddresses: () => ({ eth0: [ipv4('169.254.23.7', '169.254.23.7/16')] }),
    endianness: 'LE',
  }).read();
  const eth0 = local.interfaces.find((entry) => entry.name === 'eth0');
  assert.deepEqual(
    eth0?.addresses.map((entry) => `${entry.family} ${entry.scope}`),
    ['4 link', '6 link'],
  );
  assert.deepEqual(local.defaultRoutes, []);
  assert.deepEqual(local.resolvers, []);
  assert.equal(local.resolverSource, '/etc/resolv.conf');
  assert.deepEqual(local.readErrors, []);
});

test('uses only the first three valid nameservers, as glibc does, and names the one it ignored', async () => {
  const local = await createLocalConfigReader('linux', tree('vpn-on-link-defaults')).read();
  assert.deepEqual(local.resolvers, ['10.8.0.1', '2001:db8:8::53', 'fe80::53']);
  assert.equal(local.resolverSource, '/etc/resolv.conf');
  assert.deepEqual(local.readErrors, [
    'ignored "nameserver dns.corp.example" in /etc/resolv.conf: not an IP address',
  ]);
  assert.deepEqual(
    local.defaultRoutes.map(
      (route) => `${route.family} ${route.interfaceName} ${route.gateway ?? 'on-link'}`,
    ),
    ['4 tun0 on-link', '4 eth0 10.0.0.1', '6 wg0 on-link'],
  );
});

test('turns missing files into readErrors instead of throwing', async () => {
  const local = await createLocalConfigReader('linux', tree('empty-namespace')).read();
  assert.deepEqual(local.interfaces, [
    { name: 'lo', loopback: true, up: false, carrier: null, addresses: [] },
  ]);
  assert.deepEqual(local.defaultRoutes, []);
  assert.deepEqual(local.resolvers, []);
  assert.deepEqual(local.readErrors, ['cannot read /etc/resolv.conf: ENOENT']);

  const nowhere = await createLocalConfigReader('linux', tree('does-not-exist')).read();
  assert.deepEqual(nowhere.interfaces, []);
  assert.deepEqual(nowhere.defaultRoutes, []);
  assert.deepEqual([...nowhere.readErrors].sort(), [
    'cannot list /sys/class/net: ENOENT',
    'cannot read /etc/resolv.conf: ENOENT',
    'cannot read /proc/net/if_inet6: ENOENT',
    'cannot read /proc/net/ipv6_route: ENOENT',
    'cannot read /proc/net/route: ENOENT',
  ]);
  assert.deepEqual(await createLocalConfigReader('linux', tree('does-not-exist')).readNeighbours(), []);
});

test('on macOS and Windows lists what Node sees, says default routes are unknown, and strips resolver ports', async () => {
  const reader = createPortableConfigReader('darwin', {
    listInterfaces: () => ({
      lo0: [
        ipv4('127.0.0.1', '127.0.0.1/8', true),
        {
          address: '::1',
          netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
          family: 'IPv6',
          mac: '',
          internal: true,
          cidr: '::1/128',
          scopeid: 0,
        },
      ],
      en0: [
        ipv4('192.168.1.40', '192.168.1.40/24'),
        {
          address: 'fe80::1c2d:3e4f:5a6b:7c8d',
          netmask: 'ffff:ffff:ffff:ffff::',
          family: 'IPv6',
          mac: '',
          internal: false,
          cidr: null,
          scopeid: 6,
        },
      ],
    }),
    listResolvers: () => ['192.168.1.1', '[2001:db8::53]:5353', '192.168.1.1'],
  });
  const local = await reader.read();
  assert.equal(local.platform, 'darwin');
  assert.deepEqual(
    local.interfaces.map((entry) => [
      entry.name,
      entry.loopback,
      entry.addresses.map((a) => `${a.address}/${a.prefixLength} ${a.scope}`),
    ]),
    [
      ['lo0', true, ['127.0.0.1/8 host', '::1/128 host']],
      ['en0', false, ['192.168.1.40/24 global', 'fe80::1c2d:3e4f:5a6b:7c8d/64 link']],
    ],
  );
  assert.deepEqual(local.defaultRoutes, []);
  assert.deepEqual(local.resolvers, ['192.168.1.1', '2001:db8::53']);
  assert.deepEqual(local.readErrors, ['default routes are not read on darwin yet']);
  assert.deepEqual(await reader.readNeighbours(), []);
});

test('takes the address out of what dns.getServers() prints', () => {
  assert.equal(resolverAddress('1.2.3.4'), '1.2.3.4');
  assert.equal(resolverAddress('1.2.3.4:5353'), '1.2.3.4');
  assert.equal(resolverAddress('2001:db8::1'), '2001:db8::1');
  assert.equal(resolverAddress('[2001:db8::1]:5353'), '2001:db8::1');
  assert.equal(resolverAddress('fe80::1%en0'), 'fe80::1');
});
