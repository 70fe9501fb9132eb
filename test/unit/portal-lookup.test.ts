import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { resolverLookup } from '../../app/probes/http-portal.js';

test('a name lookup against a resolver that never answers gives up at the deadline', async (t) => {
  // A UDP socket that swallows every query: the dead resolver of a broken VPN.
  const silent = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  t.after(() => silent.close());
  const port = silent.address().port;

  const started = performance.now();
  const lookup = resolverLookup([`127.0.0.1:${port}`], 300);
  await assert.rejects(lookup('portal-check.lab.test'));
  const elapsed = performance.now() - started;
  // Generous bound: the point is "about the deadline", not getaddrinfo's 5 s × attempts.
  assert.ok(elapsed < 1500, `took ${Math.round(elapsed)} ms`);
});

test('localhost never needs DNS', async () => {
  assert.deepEqual(await resolverLookup(['127.0.0.1:9'], 100)('localhost'), {
    address: '127.0.0.1',
    family: 4,
  });
});
