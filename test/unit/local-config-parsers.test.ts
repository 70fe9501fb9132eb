import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  carrierFromOperstate,
  ipv4FromProcHex,
  ipv6FromProcHex,
  isSafeInterfaceName,
  parseArp,
  parseCarrier,
  parseIfInet6,
  parseInterfaceFlags,
  parseIpv4DefaultRoutes,
  parseIpv6DefaultRoutes,
  parseResolvConf,
} from '../../app/probes/local/linux-parsers.js';
import { ipv4Scope, ipv6Scope } from '../../app/probes/local/address-scope.js';

function fixture(scenario: string, path: string): string {
  return readFileSync(new URL(`../fixtures/local/${scenario}/${path}`, import.meta.url), 'utf8');
}

const LAPTOP = 'laptop-wlan0-docker0';
const DHCP_FAILED = 'dhcp-failed-link-local';
const VPN = 'vpn-on-link-defaults';
const EMPTY = 'empty-namespace';

test('reads the Wi-Fi default route and ignores the docker0 and LAN subnet routes', () => {
  assert.deepEqual(parseIpv4DefaultRoutes(fixture(LAPTOP, 'proc/net/route')), [
    { family: 4, gateway: '192.168.1.1', interfaceName: 'wlan0', metric: 600 },
  ]);
});

test('reads an IPv6 default route learned from router adverts with its fe80:: next hop, without the lo reject route', () => {
  assert.deepEqual(parseIpv6DefaultRoutes(fixture(LAPTOP, 'proc/net/ipv6_route')), [
    { family: 6, gateway: 'fe80::1', interfaceName: 'wlan0', metric: 600 },
  ]);
});

test('finds no default route when DHCP failed and only the 169.254/16 route exists', () => {
  assert.deepEqual(parseIpv4DefaultRoutes(fixture(DHCP_FAILED, 'proc/net/route')), []);
  assert.deepEqual(parseIpv6DefaultRoutes(fixture(DHCP_FAILED, 'proc/net/ipv6_route')), []);
});

test('finds no default route in a fresh namespace: empty route file, only the kernel reject routes on lo', () => {
  assert.deepEqual(parseIpv4DefaultRoutes(fixture(EMPTY, 'proc/net/route')), []);
  assert.deepEqual(parseIpv6DefaultRoutes(fixture(EMPTY, 'proc/net/ipv6_route')), []);
});

test('orders default routes by metric and gives on-link routes (tunnels) a null gateway', () => {
  assert.deepEqual(parseIpv4DefaultRoutes(fixture(VPN, 'proc/net/route')), [
    { family: 4, gateway: null, interfaceName: 'tun0', metric: 50 },
    { family: 4, gateway: '10.0.0.1', interfaceName: 'eth0', metric: 100 },
  ]);
  assert.deepEqual(parseIpv6DefaultRoutes(fixture(VPN, 'proc/net/ipv6_route')), [
    { family: 6, gateway: null, interfaceName: 'wg0', metric: 1024 },
  ]);
});

test('skips an administrator-made unreachable default route (RTF_REJECT) in either family', () => {
  const v4 =
    'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\nlo\t00000000\t00000000\t0201\t0\t0\t0\t00000000\t0\t0\t0\n';
  assert.deepEqual(parseIpv4DefaultRoutes(v4), []);
  const zero = '0'.repeat(32);
  const v6 = `${zero} 00 ${zero} 00 ${zero} 00000400 00000001 00000000 00000201     eth0\n`;
  assert.deepEqual(parseIpv6DefaultRoutes(v6), []);
});

test('reads the route gateway word in the byte order of the machine that wrote it', () => {
  assert.equal(ipv4FromProcHex('0101A8C0', 'LE'), '192.168.1.1');
  assert.equal(ipv4FromProcHex('C0A80101', 'BE'), '192.168.1.1');
  assert.equal(ipv4FromProcHex('0101A8', 'LE'), null);
});

test('writes IPv6 addresses in RFC 5952 form', () => {
  assert.equal(ipv6FromProcHex('00000000000000000000000000000001'), '::1');
  assert.equal(ipv6FromProcHex('00000000000000000000000000000000'), '::');
  assert.equal(ipv6FromProcHex('20010db8000000010000000000000001'), '2001:db8:0:1::1');
  // Longest zero run wins; a single zero group is not shortened.
  assert.equal(ipv6FromProcHex('20010db8000000000001000000000001'), '2001:db8::1:0:0:1');
  assert.equal(ipv6FromProcHex('20010db8000100020003000400050006'), '2001:db8:1:2:3:4:5:6');
  assert.equal(ipv6FromProcHex('fe80'), null);
});

test('reads IPv6 addresses with scope and prefix, leaving out one that failed duplicate detection', () => {
  assert.deepEqual(parseIfInet6(fixture(LAPTOP, 'proc/net/if_inet6')), [
    {
      interfaceName: 'wlan0',
      address: { family: 6, address: '2001:db8:1:0:a1b2:c3ff:fed4:e5f6', prefixLength: 64, scope: 'global' },
    },
    {
      interfaceName: 'wlan0',
      address: { family: 6, address: 'fe80::a1b2:c3ff:fed4:e5f6', prefixLength: 64, scope: 'link' },
    },
    { interfaceName: 'lo', address: { family: 6, address: '::1', prefixLength: 128, scope: 'host' } },
    {
      interfaceName: 'docker0',
      address: { family: 6, address: 'fe80::42:acff:fe11:1', prefixLength: 64, scope: 'link' },
    },
  ]);
});

test('sees only link-local IPv6 on a host whose network gave it nothing else', () => {
  const scopes = parseIfInet6(fixture(DHCP_FAILED, 'proc/net/if_inet6')).map(
    (entry) => `${entry.interfaceName} ${entry.address.scope}`,
  );
  assert.deepEqual(scopes, ['eth0 link', 'lo host']);
  assert.deepEqual(parseIfInet6(fixture(EMPTY, 'proc/net/if_inet6')), []);
});

test('reads complete ARP entries as reachable and unanswered ones as incomplete', () => {
  assert.deepEqual(parseArp(fixture(LAPTOP, 'proc/net/arp')), [
    { address: '192.168.1.1', interfaceName: 'wlan0', state: 'reachable' },
    { address: '192.168.1.77', interfaceName: 'wlan0', state: 'incomplete' },
    { address: '172.17.0.2', interfaceName: 'docker0', state: 'reachable' },
  ]);
  assert.deepEqual(parseArp(fixture(EMPTY, 'proc/net/arp')), []);
});

test('takes nameservers from a systemd stub file, ignoring comments, options and search lines', () => {
  assert.deepEqual(parseResolvConf(fixture(LAPTOP, 'etc/resolv.conf')), {
    nameservers: ['127.0.0.53'],
    invalid: [],
  });
  assert.deepEqual(parseResolvConf(fixture(LAPTOP, 'run/systemd/resolve/resolv.conf')), {
    nameservers: ['192.168.1.1', '2001:db8:1::1', 'fe80::1'],
    invalid: [],
  });
});

test('keeps resolv.conf order, strips zones, and names a nameserver that is not an IP', () => {
  assert.deepEqual(parseResolvConf(fixture(VPN, 'etc/resolv.conf')), {
    nameservers: ['10.8.0.1', '2001:db8:8::53', 'fe80::53', '10.0.0.1'],
    invalid: ['nameserver dns.corp.example'],
  });
  assert.deepEqual(parseResolvConf(fixture(DHCP_FAILED, 'etc/resolv.conf')), {
    nameservers: [],
    invalid: [],
  });
  assert.deepEqual(parseResolvConf('nameserver\nnameserver 10.0.0.1%eth0\n'), {
    nameservers: [],
    invalid: ['nameserver', 'nameserver 10.0.0.1%eth0'],
  });
});

test('reads IFF_UP and IFF_LOOPBACK from the sysfs flags word', () => {
  assert.deepEqual(parseInterfaceFlags('0x1003\n'), { up: true, loopback: false });
  assert.deepEqual(parseInterfaceFlags('0x9\n'), { up: true, loopback: true });
  assert.deepEqual(parseInterfaceFlags('0x8\n'), { up: false, loopback: true });
  assert.equal(parseInterfaceFlags('garbage'), null);
});

test('reads carrier 1/0, and falls back on operstate only where it is decisive', () => {
  assert.equal(parseCarrier('1\n'), true);
  assert.equal(parseCarrier('0\n'), false);
  assert.equal(parseCarrier(''), null);
  assert.equal(carrierFromOperstate('up\n'), true);
  assert.equal(carrierFromOperstate('lowerlayerdown\n'), false);
  assert.equal(carrierFromOperstate('unknown\n'), null);
  assert.equal(carrierFromOperstate('dormant\n'), null);
});

test('accepts only interface names that are safe as one path segment', () => {
  for (const name of ['eth0', 'wlp3s0', 'br-1a2b3c4d5e6f', 'veth0@if5', 'eth0.100', 'enx00e04c68']) {
    assert.equal(isSafeInterfaceName(name), true, name);
  }
  for (const name of ['', '..', '.', 'a/b', '../../etc', 'sixteen-chars-xx', 'eth 0']) {
    assert.equal(isSafeInterfaceName(name), false, name);
  }
});

test('gives IPv4 and IPv6 addresses host, link or global scope', () => {
  assert.equal(ipv4Scope('127.0.0.1'), 'host');
  assert.equal(ipv4Scope('169.254.10.20'), 'link');
  assert.equal(ipv4Scope('169.255.0.1'), 'global');
  assert.equal(ipv4Scope('10.200.77.2'), 'global');
  assert.equal(ipv6Scope('::1'), 'host');
  assert.equal(ipv6Scope('fe80::1%eth0'), 'link');
  assert.equal(ipv6Scope('febf::1'), 'link');
  assert.equal(ipv6Scope('fec0::1'), 'global');
  assert.equal(ipv6Scope('2001:db8::2'), 'global');
});
