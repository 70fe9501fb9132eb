// runCheck, full and fast, on loopback: when no target connects, the portal and proxy checks still run
// and can turn "offline" into limited or online. Loopback only; no gateway (the local config is fixed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { runCheck } from '../../app/check.js';
import { noRoutesReader } from '../helpers/no-routes-reader.js';
import type { LayerSettings } from '../../app/probes/layers.js';
import type { Endpoint } from '../../app/probes/types.js';

const TIMEOUT_MS = 700;

/** This machine as the check sees it: loopback only, no default route, so no gateway is probed. */
const loopbackOnly = noRoutesReader;

type After = { after: (fn: () => void) => void };

async function httpServer(t: After, handler: http.RequestListener, onConnect?: (socket: net.Socket) => void) {
  const server = http.createServer(handler);
  if (onConnect) server.on('connect', (_req, socket: net.Socket) => onConnect(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return (server.address() as AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function layers(portalUrl: string, proxyEnv: Record<string, string> = {}): LayerSettings {
  return {
    dnsNames: [],
    referenceResolvers: [],
    portalUrls: [portalUrl],
    tlsTarget: { host: '127.0.0.1', port: 9, family: 4 },
    tlsName: 'localhost',
    proxyEnv,
  };
}

for (const fast of [false, true]) {
  const mode = fast ? 'fast' : 'full';

  test(`${mode} check: limited with captive-portal when every target is refused but HTTP is redirected`, async (t) => {
    const portalPort = await httpServer(t, (_req, res) =>
      res.writeHead(302, { Location: 'http://login.lab.test/' }).end(),
    );
    const targets: Endpoint[] = [{ host: '127.0.0.1', port: await closedPort(), family: 4 }];
    const report = await runCheck({
      targets,
      timeoutMs: TIMEOUT_MS,
      fast,
      localConfigReader: loopbackOnly,
      layers: layers(`http://127.0.0.1:${portalPort}/generate_204`),
    });
    assert.equal(report.status, 'limited');
    assert.deepEqual(
      report.causes.map((cause) => cause.code),
      ['captive-portal'],
    );
    assert.equal(report.causes[0]?.signInUrl, 'http://login.lab.test/');
    assert.ok(report.probes.some((probe) => probe.kind === 'http' && probe.outcome === 'redirected'));
  });

  test(`${mode} check: online with proxy-required when every target is refused but the proxy tunnels`, async (t) => {
    const proxyPort = await httpServer(
      t,
      (_req, res) => res.writeHead(502).end(),
      (socket) => socket.end('HTTP/1.1 200 Connection established\r\n\r\n'),
    );
    const targets: Endpoint[] = [{ host: '127.0.0.1', port: await closedPort(), family: 4 }];
    const report = await runCheck({
      targets,
      timeoutMs: TIMEOUT_MS,
      fast,
      localConfigReader: loopbackOnly,
      layers: layers(`http://127.0.0.1:${await closedPort()}/generate_204`, {
        HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`,
      }),
    });
    assert.equal(report.status, 'online');
    assert.deepEqual(
      report.causes.map((cause) => cause.code),
      ['proxy-required'],
    );
  });

  test(`${mode} check: offline when neither a portal nor a proxy answers`, async () => {
    const targets: Endpoint[] = [{ host: '127.0.0.1', port: await closedPort(), family: 4 }];
    const report = await runCheck({
      targets,
      timeoutMs: TIMEOUT_MS,
      fast,
      localConfigReader: loopbackOnly,
      layers: layers(`http://127.0.0.1:${await closedPort()}/generate_204`, {
        HTTPS_PROXY: `http://127.0.0.1:${await closedPort()}`,
      }),
    });
    assert.equal(report.status, 'offline');
  });
}

test('fast check: a connected target answers online at once and abandons a portal fetch that hangs', async (t) => {
  const hanging = await httpServer(t, () => undefined);
  const listening = net.createServer((socket) => socket.end());
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  t.after(() => listening.close());
  const started = performance.now();
  const report = await runCheck({
    targets: [{ host: '127.0.0.1', port: (listening.address() as AddressInfo).port, family: 4 }],
    timeoutMs: 3000,
    fast: true,
    localConfigReader: loopbackOnly,
    layers: layers(`http://127.0.0.1:${hanging}/generate_204`),
  });
  assert.equal(report.status, 'online');
  assert.equal(report.probes.length, 1);
  assert.ok(performance.now() - started < 1000, `took ${performance.now() - started} ms`);
});

test('fast check on a healthy link sends nothing beyond its targets: no portal or proxy request', async (t) => {
  let portalRequests = 0;
  const portalPort = await httpServer(t, (_req, res) => {
    portalRequests += 1;
    res.writeHead(204).end();
  });
  const listener = await httpServer(t, (_req, res) => res.writeHead(204).end());
  const report = await runCheck({
    targets: [{ host: '127.0.0.1', port: listener, family: 4 }],
    timeoutMs: TIMEOUT_MS,
    fast: true,
    localConfigReader: loopbackOnly,
    layers: layers(`http://127.0.0.1:${portalPort}/generate_204`),
  });
  // Give a wrongly started portal probe the time to arrive.
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(report.status, 'online');
  assert.equal(portalRequests, 0);
});
