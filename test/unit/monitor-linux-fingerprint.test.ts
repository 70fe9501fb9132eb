import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { createLinuxFingerprintReader, linuxFingerprint } from '../../app/monitor/linux-fingerprint.js';

function info(address: string, cidr: string, internal = false): NetworkInterfaceInfo {
  const family = address.includes(':') ? 'IPv6' : 'IPv4';
  return { address, netmask: '', family, mac: '00:00:00:00:00:00', internal, cidr } as NetworkInterfaceInfo;
}

const ROUTE_HEADER = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n';
/** default via 10.200.1.1 dev eth0, plus the LAN route (not a default route). */
const ROUTES_V4 =
  ROUTE_HEADER +
  'eth0\t00000000\t0101C80A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n' +
  'eth0\t0001C80A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n';
const ROUTES_V6 =
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 20010db8000100000000000000000001 00000400 00000003 00000000 00000003     eth0\n';

const listing = (): NodeJS.Dict<NetworkInterfaceInfo[]> => ({
  lo: [info('127.0.0.1', '127.0.0.1/8', true)],
  eth0: [info('10.200.1.2', '10.200.1.2/24'), info('2001:db8:1::2', '2001:db8:1::2/64')],
});

test('the cheap Linux fingerprint changes with addresses and default routes, not with order or loopback', () => {
  const base = linuxFingerprint(listing(), ROUTES_V4, ROUTES_V6, 'LE');
  assert.equal(
    base,
    [
      'eth0 10.200.1.2/24',
      'eth0 2001:db8:1::2/64',
      'v4 via 10.200.1.1 dev eth0 metric 0',
      'v6 via 2001:db8:1::1 dev eth0 metric 1024',
    ].join('\n'),
  );
  const reordered = { eth0: [...(listing()['eth0'] ?? [])].reverse(), lo: [] };
  assert.equal(linuxFingerprint(reordered, ROUTES_V4, ROUTES_V6, 'LE'), base);
  // A DHCP renewal that hands out another address, an unplugged cable (libuv drops the interface), a lost
  // default route, a changed gateway: each is a different network.
  assert.notEqual(
    linuxFingerprint(
      { ...listing(), eth0: [info('10.200.1.3', '10.200.1.3/24')] },
      ROUTES_V4,
      ROUTES_V6,
      'LE',
    ),
    base,
  );
  assert.notEqual(linuxFingerprint({ lo: listing()['lo'] }, ROUTES_V4, ROUTES_V6, 'LE'), base);
  assert.notEqual(linuxFingerprint(listing(), ROUTE_HEADER, ROUTES_V6, 'LE'), base);
  assert.notEqual(
    linuxFingerprint(listing(), ROUTES_V4.replace('0101C80A', '0201C80A'), ROUTES_V6, 'LE'),
    base,
  );
  // A route that is not a default route is not part of it.
  assert.equal(
    linuxFingerprint(listing(), ROUTES_V4.split('\n').slice(0, 2).join('\n'), ROUTES_V6, 'LE'),
    base,
  );
});

test('the cheap Linux fingerprint reads only the two route tables and one interface listing', async () => {
  const paths: string[] = [];
  const read = createLinuxFingerprintReader({
    listInterfaces: listing,
    readText: (path) => {
      paths.push(path);
      return Promise.resolve(path === '/proc/net/route' ? ROUTES_V4 : null);
    },
    endianness: 'LE',
  });
  // An unreadable IPv6 table (IPv6 disabled) is simply no IPv6 default route.
  assert.equal(
    await read(),
    ['eth0 10.200.1.2/24', 'eth0 2001:db8:1::2/64', 'v4 via 10.200.1.1 dev eth0 metric 0'].join('\n'),
  );
  assert.deepEqual(paths.sort(), ['/proc/net/ipv6_route', '/proc/net/route']);
});
