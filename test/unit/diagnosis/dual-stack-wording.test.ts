// What a dual-stack home network (one router, an address per family on one link, targets tried on
// several ports) looks like in the explanation text: found running `check` in the lab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../../app/diagnosis/diagnose.js';
import { countAttempts, nameGateways } from '../../../app/diagnosis/evidence.js';
import type { DiagnosisInput, GatewayCheck } from '../../../app/diagnosis/types.js';
import type { DefaultRoute, LocalConfig } from '../../../app/probes/local-types.js';
import type { TcpOutcome, TcpProbeResult } from '../../../app/probes/types.js';

const route4: DefaultRoute = { family: 4, gateway: '10.200.1.1', interfaceName: 'eth0', metric: 100 };
const route6: DefaultRoute = { family: 6, gateway: '2001:db8:1::1', interfaceName: 'eth0', metric: 1024 };

function local(defaultRoutes: readonly DefaultRoute[]): LocalConfig {
  return {
    platform: 'linux',
    interfaces: [
      { name: 'lo', loopback: true, up: true, carrier: true, addresses: [] },
      {
        name: 'eth0',
        loopback: false,
        up: true,
        carrier: true,
        addresses: [
          { family: 4, address: '10.200.1.2', prefixLength: 24, scope: 'global' },
          { family: 6, address: '2001:db8:1::2', prefixLength: 64, scope: 'global' },
        ],
      },
    ],
    defaultRoutes,
    defaultRoutesKnown: true,
    resolvers: ['10.200.1.1'],
    resolverSource: '/etc/resolv.conf',
    readErrors: [],
  };
}

function target(text: string, outcome: TcpOutcome): TcpProbeResult {
  const v6 = text.startsWith('[');
  const host = v6 ? text.slice(1, text.indexOf(']')) : text.slice(0, text.lastIndexOf(':'));
  const port = Number(text.slice(text.lastIndexOf(':') + 1));
  return {
    kind: 'tcp',
    target: text,
    family: v6 ? 6 : 4,
    outcome,
    errorCode: outcome === 'connected' ? null : 'ETIMEDOUT',
    ms: outcome === 'connected' ? 5 : 1500,
    endpoint: { host, port, family: v6 ? 6 : 4 },
  };
}

function gateway(route: DefaultRoute, verdict: GatewayCheck['verdict']): GatewayCheck {
  return { route, tcp: null, neighbour: route.family === 4 ? 'incomplete' : null, verdict };
}

function explain(input: Omit<DiagnosisInput, 'otherProbes'>): string {
  return diagnose({ ...input, otherProbes: [] }, 'linux')
    .causes.map((cause) => cause.explanation)
    .join('\n');
}

const labTargets = (outcome: TcpOutcome): TcpProbeResult[] =>
  ['198.51.100.1:443', '198.51.100.1:53', '203.0.113.1:443', '[2001:db8:100::1]:443'].map((text) =>
    target(text, outcome),
  );

test('names one router with two addresses once, by link, when it is silent in both families', () => {
  const text = explain({
    local: local([route4, route6]),
    targets: labTargets('timeout'),
    gateways: [gateway(route4, 'silent'), gateway(route6, 'silent')],
  });
  assert.match(text, /^Your router \(10\.200\.1\.1 and 2001:db8:1::1 on eth0\) does not answer/);
  assert.match(text, /did not answer address resolution/);
});

test('says the router answers (not "answer") at both addresses, and counts a host tried on two ports once', () => {
  const text = explain({
    local: local([route4, route6]),
    targets: labTargets('timeout'),
    gateways: [gateway(route4, 'alive'), gateway(route6, 'alive')],
  });
  assert.match(text, /^Your router answers at 10\.200\.1\.1 and 2001:db8:1::1 on eth0, but no connection/);
  assert.match(text, /\(4 attempts to 3 hosts: 4 timed out\)/);
});

test('counts attempts and hosts separately when IPv6 is broken', () => {
  const text = explain({
    local: local([route4, route6]),
    targets: [
      target('198.51.100.1:443', 'connected'),
      target('[2001:db8:100::1]:443', 'timeout'),
      target('[2001:db8:100::1]:53', 'timeout'),
    ],
    gateways: [gateway(route4, 'alive'), gateway(route6, 'alive')],
  });
  assert.match(text, /no IPv6 connection succeeded \(2 attempts to 1 host: 2 timed out\) while IPv4 works/);
});

test('says "addresses" for an IPv4 and an IPv6 address without a default route', () => {
  const text = explain({ local: local([]), targets: labTargets('network-unreachable'), gateways: [] });
  assert.match(
    text,
    /^This computer has addresses \(10\.200\.1\.2 and 2001:db8:1::2 on eth0\) but no default route/,
  );
});

test('groups gateways by link and pluralises attempts and hosts', () => {
  assert.equal(nameGateways([route4]), '10.200.1.1 on eth0');
  assert.equal(
    nameGateways([route4, route6, { ...route4, gateway: '192.168.8.1', interfaceName: 'wlan0' }]),
    '10.200.1.1 and 2001:db8:1::1 on eth0 and 192.168.8.1 on wlan0',
  );
  assert.equal(countAttempts([target('198.51.100.1:443', 'timeout')]), '1 attempt to 1 host');
  assert.equal(countAttempts(labTargets('timeout')), '4 attempts to 3 hosts');
});
