import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, type NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinuxConfigReader } from '../../app/probes/local/index.js';
import { parseProcNetDevNames } from '../../app/probes/local/linux-parsers.js';
import { diagnose } from '../../app/diagnosis/diagnose.js';

function tree(scenario: string): string {
  return fileURLToPath(new URL(`../fixtures/local/${scenario}/`, import.meta.url));
}

function ipv4(address: string, cidr: string): NetworkInterfaceInfo {
  return { address, netmask: '', family: 'IPv4', mac: '00:00:00:00:00:00', internal: false, cidr };
}

function reader(root: string, listAddresses: () => NodeJS.Dict<NetworkInterfaceInfo[]> = () => ({})) {
  return createLinuxConfigReader({ root, listAddresses, endianness: 'LE' });
}

const PROC_NET_DEV_HEADER =
  'Inter-|   Receive                                                |  Transmit\n' +
  ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';

test('reads interface names from /proc/net/dev, skipping the headers and keeping colons inside a name', () => {
  const text =
    PROC_NET_DEV_HEADER +
    '    lo:   16537     240    0    0    0     0          0         0    16537     240    0    0    0     0       0          0\n' +
    'eth0:123456789012 5 0 0 0 0 0 0 1 2 0 0 0 0 0 0\n' +
    '  br:lan: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n' +
    'garbage line\n';
  assert.deepEqual(parseProcNetDevNames(text), ['lo', 'eth0', 'br:lan']);
  assert.deepEqual(parseProcNetDevNames(''), []);
});

test('under unshare -n lists only lo, although /sys/class/net still shows the host adapters', async () => {
  const local = await reader(tree('unshare-n-host-sys')).read();
  assert.deepEqual(local.interfaces, [
    { name: 'lo', loopback: true, up: false, carrier: null, addresses: [] },
  ]);
  assert.equal(local.readErrors.length, 1);
  assert.match(
    local.readErrors[0] ?? '',
    /\/sys\/class\/net: it lists eth0, ifb0, which this network namespace/,
  );
  // The end-to-end consequence: "no adapter", not "eth0 has no IP address" about the host's eth0.
  const diagnosis = diagnose(
    {
      local,
      targets: [
        {
          kind: 'tcp',
          target: '198.51.100.1:443',
          family: 4,
          outcome: 'network-unreachable',
          errorCode: 'ENETUNREACH',
          ms: 1,
          endpoint: { host: '198.51.100.1', port: 443, family: 4 },
        },
      ],
      gateways: [],
      otherProbes: [],
    },
    'linux',
  );
  assert.deepEqual(
    diagnosis.causes.map((cause) => cause.code),
    ['no-network-interface'],
  );
});

test('with a stale /sys takes an interface moved into the namespace from /proc, its state from its addresses', async () => {
  const withAddress = await reader(tree('unshare-n-host-sys-with-veth'), () => ({
    veth1: [ipv4('10.200.9.2', '10.200.9.2/24')],
  })).read();
  assert.deepEqual(
    withAddress.interfaces.map(({ name, loopback, up, carrier }) => ({ name, loopback, up, carrier })),
    [
      { name: 'lo', loopback: true, up: false, carrier: null },
      { name: 'veth1', loopback: false, up: true, carrier: true },
    ],
  );
  assert.deepEqual(
    withAddress.interfaces[1]?.addresses.map((entry) => `${entry.address} ${entry.scope}`),
    ['10.200.9.2 global', 'fe80::a8bb:ccff:fe00:1 link'],
  );

  // Up (it has an IPv6 link-local address) but not running: the carrier cannot be told.
  const linkLocalOnly = await reader(tree('unshare-n-host-sys-with-veth')).read();
  assert.deepEqual(
    linkLocalOnly.interfaces.map(({ name, up, carrier }) => ({ name, up, carrier })),
    [
      { name: 'lo', up: false, carrier: null },
      { name: 'veth1', up: true, carrier: null },
    ],
  );
});

test('trusts /sys when it agrees with /proc/net/dev, and keeps an interface only /proc lists yet', async () => {
  const root = await mkdtemp(join(tmpdir(), 'icn-netns-'));
  try {
    for (const [name, flags, carrier, index] of [
      ['lo', '0x9', '1', '1'],
      ['eth0', '0x1003', '0', '2'],
    ] as const) {
      const dir = join(root, 'sys/class/net', name);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'flags'), `${flags}\n`);
      await writeFile(join(dir, 'carrier'), `${carrier}\n`);
      await writeFile(join(dir, 'ifindex'), `${index}\n`);
    }
    await mkdir(join(root, 'proc/net'), { recursive: true });
    const counters = ' 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n';
    await writeFile(
      join(root, 'proc/net/dev'),
      `${PROC_NET_DEV_HEADER}lo:${counters}eth0:${counters}wg0:${counters}`,
    );
    const local = await reader(`${root}/`, () => ({ wg0: [ipv4('10.8.0.2', '10.8.0.2/24')] })).read();
    assert.deepEqual(
      local.interfaces.map(({ name, up, carrier }) => ({ name, up, carrier })),
      [
        { name: 'lo', up: true, carrier: true },
        { name: 'eth0', up: true, carrier: false },
        { name: 'wg0', up: true, carrier: true },
      ],
    );
    assert.ok(
      !local.readErrors.some((error) => error.includes('/sys/class/net')),
      local.readErrors.join('\n'),
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
