// Proves the lab itself: a healthy lab connects, every fault breaks what it claims to, undo/restore heal it,
// and destroy leaves nothing behind. Connectivity is checked with a bare Node connect, not project code.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tcpConnect, tcpConnectSeries, type ConnectOutcome } from '../helpers/connect.js';
import { createEmptyNamespace, createLab, delaySkipReason, labSkipReason, type Lab } from './fixture/lab.js';
import { listNamespaces } from './fixture/namespace.js';

const skip = labSkipReason();
const V4 = '198.51.100.1';
const V6 = '2001:db8:100::1';
/** Long enough for a lab round trip (well under 1 ms), short enough to keep the suite quick. */
const SHORT_TIMEOUT_MS = 700;

async function outcome(lab: Lab, host: string, port = 443): Promise<ConnectOutcome> {
  return (await tcpConnect(lab.client, host, port, SHORT_TIMEOUT_MS)).outcome;
}

async function assertHealthy(lab: Lab): Promise<void> {
  assert.deepEqual(await Promise.all([outcome(lab, V4), outcome(lab, V6)]), ['connected', 'connected']);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

describe('network lab', { skip: skip ?? false }, () => {
  let lab: Lab;
  before(async () => {
    lab = await createLab();
  });
  // A failed assertion skips a test's own undo; restoring here keeps one failure from cascading.
  afterEach(() => lab?.restore());
  after(() => lab?.destroy());

  test('a healthy lab connects the client to every host over IPv4 and IPv6', async () => {
    const { hosts } = lab.addresses;
    const targets = [...hosts.v4, ...hosts.v6].flatMap((host) => [53, 443].map((port) => ({ host, port })));
    const results = await Promise.all(targets.map(({ host, port }) => outcome(lab, host, port)));
    assert.deepEqual(
      results,
      targets.map(() => 'connected'),
    );
    // The host service answers, not something else: a port nobody listens on is refused.
    assert.equal(await outcome(lab, V4, 80), 'refused');
    const addrs = (await lab.exec('client', ['ip', '-6', 'addr', 'show', 'scope', 'global'])).stdout;
    assert.match(addrs, /2001:db8:1::2\/64/, 'client has a global IPv6 address');
  });

  test('client resolv.conf points at the router, not at the machine’s resolvers', async () => {
    const conf = await lab.exec('client', ['cat', '/etc/resolv.conf']);
    assert.equal(conf.stdout, `nameserver ${lab.addresses.gateway4}\n`);
  });

  test('internet has no default route, so no packet can leave the lab', async () => {
    for (const family of ['-4', '-6']) {
      const routes = await lab.exec('internet', ['ip', family, 'route', 'show', 'default']);
      assert.equal(routes.stdout.trim(), '', `internet ${family} default route`);
    }
    // Seen from inside `internet`, an address that is not a lab host has no route at all.
    assert.equal((await tcpConnect(lab.internet, '203.0.113.200', 443)).outcome, 'network-unreachable');
    assert.equal((await tcpConnect(lab.internet, '2001:db8:100::200', 443)).outcome, 'network-unreachable');
  });

  test('linkDown makes both families network-unreachable; undo brings the link back', async () => {
    const fault = await lab.linkDown();
    assert.deepEqual(
      [await outcome(lab, V4), await outcome(lab, V6)],
      ['network-unreachable', 'network-unreachable'],
    );
    await fault.undo();
    await assertHealthy(lab);
  });

  test('linkLocalOnly leaves only 169.254/16 and no usable route; undo restores DHCP-like config', async () => {
    const fault = await lab.linkLocalOnly();
    const v4 = (await lab.exec('client', ['ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0'])).stdout;
    assert.match(v4, /169\.254\.1\.2\/16/);
    assert.doesNotMatch(v4, /10\.200\./);
    assert.deepEqual(
      [await outcome(lab, V4), await outcome(lab, V6)],
      ['network-unreachable', 'network-unreachable'],
    );
    await fault.undo();
    await assertHealthy(lab);
  });

  test('noDefaultRoute(4) breaks IPv4 only; noDefaultRoute() breaks both', async () => {
    const v4Only = await lab.noDefaultRoute(4);
    assert.deepEqual([await outcome(lab, V4), await outcome(lab, V6)], ['network-unreachable', 'connected']);
    await v4Only.undo();
    const both = await lab.noDefaultRoute();
    assert.deepEqual(
      [await outcome(lab, V4), await outcome(lab, V6)],
      ['network-unreachable', 'network-unreachable'],
    );
    await both.undo();
    await assertHealthy(lab);
  });

  test('gatewayDown silences the router while the client keeps carrier', async () => {
    const fault = await lab.gatewayDown();
    const link = (await lab.exec('client', ['ip', 'link', 'show', 'eth0'])).stdout;
    assert.match(link, /LOWER_UP/);
    assert.doesNotMatch(link, /NO-CARRIER/);
    const ping = await lab.exec('client', ['ping', '-c1', '-W1', lab.addresses.gateway4]);
    assert.notEqual(ping.code, 0, 'gateway must not answer ping');
    const results = await Promise.all([outcome(lab, V4), outcome(lab, V6)]);
    for (const result of results) assert.ok(['timeout', 'host-unreachable'].includes(result), result);
    await fault.undo();
    await assertHealthy(lab);
  });

  test('upstreamCut: the gateway answers but nothing beyond it does', async () => {
    const fault = await lab.upstreamCut();
    const ping = await lab.exec('client', ['ping', '-c1', '-W1', lab.addresses.gateway4]);
    assert.equal(ping.code, 0, 'gateway still answers');
    // The router answers ICMP "no route". IPv4 TCP gives up on it at once; this kernel's IPv6 TCP treats
    // ICMPv6 no-route as a soft error during the handshake and keeps retrying until the timeout.
    assert.equal(await outcome(lab, V4), 'network-unreachable');
    assert.ok(['network-unreachable', 'host-unreachable', 'timeout'].includes(await outcome(lab, V6)));
    await fault.undo();
    await assertHealthy(lab);
  });

  test('blackHole swallows forwarded traffic silently; the gateway still answers', async () => {
    const fault = await lab.blackHole();
    assert.deepEqual(await Promise.all([outcome(lab, V4), outcome(lab, V6)]), ['timeout', 'timeout']);
    assert.equal((await lab.exec('client', ['ping', '-c1', '-W1', lab.addresses.gateway4])).code, 0);
    await fault.undo();
    await assertHealthy(lab);
  });

  test('firewallRejects answers TCP with a reset in both families', async () => {
    const fault = await lab.firewallRejects();
    assert.deepEqual(await Promise.all([outcome(lab, V4), outcome(lab, V6)]), ['refused', 'refused']);
    await fault.undo();
    await assertHealthy(lab);
  });

  test('blockPort(443) drops 443 in both families while 53 still connects', async () => {
    const fault = await lab.blockPort(443);
    const results = await Promise.all([
      outcome(lab, V4),
      outcome(lab, V6),
      outcome(lab, V4, 53),
      outcome(lab, V6, 53),
    ]);
    assert.deepEqual(results, ['timeout', 'timeout', 'connected', 'connected']);
    await fault.undo();
    await assertHealthy(lab);
  });

  test('ipv6Broken drops forwarded IPv6 only; ipv4Broken the mirror', async () => {
    const v6 = await lab.ipv6Broken();
    assert.deepEqual(await Promise.all([outcome(lab, V4), outcome(lab, V6)]), ['connected', 'timeout']);
    await v6.undo();
    const v4 = await lab.ipv4Broken();
    assert.deepEqual(await Promise.all([outcome(lab, V4), outcome(lab, V6)]), ['timeout', 'connected']);
    await v4.undo();
    await assertHealthy(lab);
  });

  test('addLoss(100) loses everything; a bad percentage is refused by name', async () => {
    const fault = await lab.addLoss(100);
    assert.equal(await outcome(lab, V4), 'timeout');
    await fault.undo();
    await assertHealthy(lab);
    await assert.rejects(lab.addLoss(150), /got 150/);
  });

  test('restore() heals several stacked faults at once', async () => {
    await lab.blackHole();
    await lab.blockPort(53);
    await lab.linkDown();
    assert.equal(await outcome(lab, V4), 'network-unreachable');
    await lab.restore();
    await assertHealthy(lab);
    assert.equal(await outcome(lab, V4, 53), 'connected');
  });

  test(
    'setDelay adds about twice the delay to the TCP connect time',
    { skip: delaySkipReason() ?? false },
    async () => {
      const DELAY_MS = 50; // each direction: the handshake crosses the router twice, so ≈ +100 ms
      const measure = async (host: string): Promise<number> => {
        // The first attempt warms ARP/ND caches and is dropped, so only the path is measured.
        const [, ...samples] = await tcpConnectSeries(lab.client, host, 443, 6, 2000);
        assert.deepEqual(new Set(samples.map((s) => s.outcome)), new Set(['connected']));
        return median(samples.map((s) => s.ms));
      };
      const before4 = await measure(V4);
      const before6 = await measure(V6);
      const fault = await lab.setDelay(DELAY_MS);
      const added4 = (await measure(V4)) - before4;
      const added6 = (await measure(V6)) - before6;
      for (const added of [added4, added6]) {
        assert.ok(added >= 2 * DELAY_MS * 0.8 && added <= 2 * DELAY_MS + 150, `added ${added} ms`);
      }
      await fault.undo();
      assert.ok((await measure(V4)) < before4 + DELAY_MS, 'delay removed');
    },
  );
});

describe('lab variants', { skip: skip ?? false }, () => {
  test('ipv4Only lab has no IPv6 on the client; extra hosts and lanIndex apply', async (t) => {
    const lab = await createLab({ ipv4Only: true, lanIndex: 7, extraHosts: ['203.0.113.7'] });
    t.after(() => lab.destroy());
    assert.equal(lab.addresses.client.ipv4, '10.200.7.2');
    assert.equal(lab.addresses.client.ipv6, null);
    const v6 = await lab.exec('client', ['ip', '-6', 'addr', 'show', 'dev', 'eth0']);
    assert.equal(v6.stdout.trim(), '', 'no IPv6 address at all, not even link-local');
    assert.equal(await outcome(lab, '203.0.113.7', 53), 'connected');
    assert.equal(await outcome(lab, V6), 'network-unreachable');
  });

  test('emptyNamespace has nothing but a down loopback, so every connect is network-unreachable', async () => {
    const { ns, destroy } = await createEmptyNamespace();
    try {
      const links = (await ns.exec(['ip', '-o', 'link', 'show'])).stdout.trim().split('\n');
      assert.equal(links.length, 1);
      assert.match(links[0] ?? '', /^1: lo: .*state DOWN/);
      assert.equal((await tcpConnect(ns, V4, 443)).outcome, 'network-unreachable');
      // IPv6 fails even earlier: there is no source address to send from.
      assert.deepEqual(await tcpConnect(ns, V6, 443).then((r) => r.code), 'EADDRNOTAVAIL');
    } finally {
      await destroy();
    }
    assert.ok(!(await listNamespaces()).includes(ns.name));
  });

  test('destroy deletes every namespace and kills lab processes, and may be called twice', async () => {
    const lab = await createLab();
    const empty = await lab.emptyNamespace();
    const names = [...Object.values(lab.names), empty.name];
    assert.ok(names.every((name) => name.startsWith(`icn-${process.pid}-`)));
    await lab.setDelay(5); // a second lab process: the delay line
    await lab.destroy();
    await lab.destroy();
    const remaining = await listNamespaces();
    assert.deepEqual(
      names.filter((name) => remaining.includes(name)),
      [],
    );
    assert.notEqual(lab.hosts?.process.exitCode ?? lab.hosts?.process.signalCode ?? null, null);
  });

  test('a host outside the documentation ranges is refused by name', async () => {
    await assert.rejects(
      createLab({ extraHosts: ['8.8.8.8'] }),
      /"8\.8\.8\.8" is not in 198\.51\.100\.0\/24/,
    );
    await assert.rejects(createLab({ lanIndex: 300 }), /lanIndex .* got 300/);
  });
});
