import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { runCheck } from '../../app/check.js';
import type { Endpoint } from '../../app/probes/types.js';
import { noRoutesReader } from '../helpers/no-routes-reader.js';

test('probes more than ten targets at once without a listener-leak warning', async (t) => {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const port = (server.address() as net.AddressInfo).port;
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => {
    warnings.push(warning.name);
  };
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));

  const targets: Endpoint[] = Array.from({ length: 20 }, () => ({ host: '127.0.0.1', port, family: 4 }));
  const report = await runCheck({ targets, timeoutMs: 2000, fast: false, localConfigReader: noRoutesReader });
  // Warnings are emitted on the next tick.
  await new Promise((resolve) => setImmediate(resolve));

  assert.equal(report.status, 'online');
  assert.equal(report.probes.filter((probe) => probe.outcome === 'connected').length, 20);
  assert.deepEqual(warnings, []);
});
