import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalConfig } from '../../app/probes/local-types.js';
import { createNetworkWatch, networkFingerprint } from '../../app/monitor/network-watch.js';
import type { NetworkChange } from '../../app/monitor/network-watch.js';
import { FakeClock } from './monitor-fake-clock.js';

function setup(read: () => Promise<string>) {
  const clock = new FakeClock();
  const changes: NetworkChange[] = [];
  const watch = createNetworkWatch({
    read,
    onChange: (change) => changes.push(change),
    clock,
    pollMs: 2_000,
  });
  return { clock, changes, watch };
}

test('reports a change of fingerprint once, within one poll, and not the baseline', async () => {
  let fingerprint = 'eth0 up';
  let reads = 0;
  const t = setup(() => {
    reads++;
    return Promise.resolve(fingerprint);
  });
  t.watch.start();
  await t.clock.advance(5_000);
  assert.equal(reads, 3); // 0, 2, 4 s
  assert.deepEqual(t.changes, []);
  fingerprint = 'wlan0 up';
  await t.clock.advance(2_000);
  assert.deepEqual(t.changes, [{ at: t.clock.now() - 1_000, previous: 'eth0 up', current: 'wlan0 up' }]);
  await t.clock.advance(10_000);
  assert.equal(t.changes.length, 1);
  await t.watch.stop();
});

test('a failing read is not a change and polling goes on', async () => {
  const answers: (string | Error)[] = ['a', new Error('EACCES'), 'a', 'b'];
  const t = setup(() => {
    const answer = answers.shift() ?? 'b';
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  });
  t.watch.start();
  await t.clock.advance(7_000);
  assert.deepEqual(
    t.changes.map((c) => [c.previous, c.current]),
    [['a', 'b']],
  );
  await t.watch.stop();
});

test('never reads twice at once and stop waits for the read in progress', async () => {
  let inProgress = 0;
  let most = 0;
  let finishRead: (() => void) | null = null;
  const t = setup(
    () =>
      new Promise<string>((resolve) => {
        inProgress++;
        most = Math.max(most, inProgress);
        finishRead = () => {
          inProgress--;
          resolve('x');
        };
      }),
  );
  t.watch.start();
  await t.clock.advance(10_000);
  assert.equal(most, 1);
  let stopped = false;
  const stopping = t.watch.stop().then(() => (stopped = true));
  await t.clock.advance(0);
  assert.equal(stopped, false);
  (finishRead as unknown as () => void)();
  await stopping;
  assert.equal(t.clock.pendingTimers(), 0);
});

const config = (overrides: Partial<Pick<LocalConfig, 'interfaces' | 'defaultRoutes'>> = {}) => ({
  interfaces: [
    { name: 'lo', loopback: true, up: true, carrier: true, addresses: [] },
    {
      name: 'eth0',
      loopback: false,
      up: true,
      carrier: true,
      addresses: [
        { family: 4 as const, address: '10.200.1.2', prefixLength: 24, scope: 'global' as const },
        { family: 6 as const, address: '2001:db8:1::2', prefixLength: 64, scope: 'global' as const },
      ],
    },
  ],
  defaultRoutes: [{ family: 4 as const, gateway: '10.200.1.1', interfaceName: 'eth0', metric: 100 }],
  ...overrides,
});

test('the fingerprint ignores listing order and loopback but sees addresses, carrier and default routes', () => {
  const base = networkFingerprint(config());
  const reordered = config();
  assert.equal(
    networkFingerprint({
      interfaces: [...reordered.interfaces]
        .reverse()
        .map((i) => ({ ...i, addresses: [...i.addresses].reverse() })),
      defaultRoutes: reordered.defaultRoutes,
    }),
    base,
  );
  const [lo, eth] = config().interfaces;
  assert.ok(lo && eth);
  assert.equal(networkFingerprint(config({ interfaces: [{ ...lo, up: false }, eth] })), base);
  assert.notEqual(networkFingerprint(config({ interfaces: [lo, { ...eth, carrier: false }] })), base);
  assert.notEqual(
    networkFingerprint(
      config({
        interfaces: [
          lo,
          { ...eth, addresses: [{ family: 4, address: '10.200.2.2', prefixLength: 24, scope: 'global' }] },
        ],
      }),
    ),
    base,
  );
  assert.notEqual(networkFingerprint(config({ defaultRoutes: [] })), base);
  assert.notEqual(
    networkFingerprint(
      config({ defaultRoutes: [{ family: 4, gateway: '10.200.1.254', interfaceName: 'eth0', metric: 100 }] }),
    ),
    base,
  );
});
