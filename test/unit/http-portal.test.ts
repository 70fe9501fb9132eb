// The captive-portal fetch against real HTTP servers on loopback: each server plays one kind of network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { probePortal, resolveHost, type NameLookup } from '../../app/probes/http-portal.js';

const TIMEOUT_MS = 800;
const SLACK_MS = 300;

interface Served {
  readonly port: number;
  readonly requests: http.IncomingMessage[];
}

async function serve(
  t: { after: (fn: () => void) => void },
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<Served> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as AddressInfo).port, requests };
}

/** Maps the lab-like name to loopback, as a hosts file would. */
const toLoopback: NameLookup = (hostname) =>
  hostname === 'portal-check.test'
    ? Promise.resolve({ address: '127.0.0.1', family: 4 })
    : Promise.reject(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('reports ok for the exact 204 answer, sending the URL host name in Host', async (t) => {
  const served = await serve(t, (_req, res) => res.writeHead(204).end());
  const result = await probePortal(`http://portal-check.test:${served.port}/generate_204`, {
    timeoutMs: TIMEOUT_MS,
    lookup: toLoopback,
  });
  assert.equal(result.outcome, 'ok');
  assert.equal(result.kind, 'http');
  assert.equal(result.family, 4);
  assert.equal(result.status, 204);
  assert.equal(result.errorCode, null);
  assert.equal(served.requests[0]?.headers.host, `portal-check.test:${served.port}`);
  assert.equal(served.requests[0]?.url, '/generate_204');
});

test('reports redirected with the absolute sign-in URL and does not follow the redirect', async (t) => {
  const served = await serve(t, (_req, res) => res.writeHead(302, { Location: '/login?from=check' }).end());
  const url = `http://127.0.0.1:${served.port}/generate_204`;
  const result = await probePortal(url, { timeoutMs: TIMEOUT_MS });
  assert.equal(result.outcome, 'redirected');
  assert.equal(result.location, `http://127.0.0.1:${served.port}/login?from=check`);
  assert.equal(result.errorCode, 'HTTP 302');
  assert.equal(served.requests.length, 1);
});

test('reports wrong-answer with the page sample and its first link for a walled-garden page', async (t) => {
  const page =
    '<html><body><h1>Welcome to Lab Wi-Fi</h1><a href="http://login.lab.test/terms">Accept</a></body></html>';
  const served = await serve(t, (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(page));
  const result = await probePortal(`http://127.0.0.1:${served.port}/generate_204`, { timeoutMs: TIMEOUT_MS });
  assert.equal(result.outcome, 'wrong-answer');
  assert.equal(result.pageLink, 'http://login.lab.test/terms');
  assert.match(result.bodySample ?? '', /Welcome to Lab Wi-Fi/);
});

test('reports ok when a URL with a known 200 body answers it, wrong-answer when the body differs', async (t) => {
  const body = '<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>';
  const served = await serve(t, (req, res) =>
    res.writeHead(200).end(req.url === '/hotspot-detect.html' ? body : 'nope'),
  );
  const ok = await probePortal(`http://127.0.0.1:${served.port}/hotspot-detect.html`, {
    timeoutMs: TIMEOUT_MS,
  });
  assert.equal(ok.outcome, 'ok');
  const other = await probePortal(`http://127.0.0.1:${served.port}/hotspot-detect.html?x`, {
    timeoutMs: TIMEOUT_MS,
  });
  assert.equal(other.outcome, 'wrong-answer');
});

test('reports http-error for an error status and for a server that does not speak HTTP', async (t) => {
  const served = await serve(t, (_req, res) => res.writeHead(503).end('busy'));
  const error = await probePortal(`http://127.0.0.1:${served.port}/generate_204`, { timeoutMs: TIMEOUT_MS });
  assert.equal(error.outcome, 'http-error');
  assert.equal(error.errorCode, 'HTTP 503');

  const closer = net.createServer((socket) => socket.end());
  await new Promise<void>((resolve) => closer.listen(0, '127.0.0.1', resolve));
  t.after(() => closer.close());
  const silent = await probePortal(
    `http://127.0.0.1:${(closer.address() as AddressInfo).port}/generate_204`,
    {
      timeoutMs: TIMEOUT_MS,
    },
  );
  assert.equal(silent.outcome, 'http-error');
});

test('reports refused with ECONNREFUSED when nothing listens', async () => {
  const result = await probePortal(`http://127.0.0.1:${await closedPort()}/generate_204`, {
    timeoutMs: TIMEOUT_MS,
  });
  assert.equal(result.outcome, 'refused');
  assert.equal(result.errorCode, 'ECONNREFUSED');
});

test('reports timeout within the timeout when the server never answers', async (t) => {
  const served = await serve(t, () => undefined);
  const started = performance.now();
  const result = await probePortal(`http://127.0.0.1:${served.port}/generate_204`, { timeoutMs: TIMEOUT_MS });
  const took = performance.now() - started;
  assert.equal(result.outcome, 'timeout');
  assert.equal(result.errorCode, 'ETIMEDOUT');
  assert.ok(took >= TIMEOUT_MS - 20 && took < TIMEOUT_MS + SLACK_MS, `took ${took} ms`);
});

test('reports dns-failed with the resolver error code when the host name does not resolve', async () => {
  const result = await probePortal('http://nowhere.test/generate_204', {
    timeoutMs: TIMEOUT_MS,
    lookup: toLoopback,
  });
  assert.equal(result.outcome, 'dns-failed');
  assert.equal(result.errorCode, 'ENOTFOUND');
  assert.equal(result.family, null);
});

test('reports dns-failed with ETIMEDOUT, within the timeout, when the lookup never returns', async () => {
  const hanging: NameLookup = () => new Promise(() => undefined);
  const started = performance.now();
  const result = await probePortal('http://slow.test/generate_204', {
    timeoutMs: TIMEOUT_MS,
    lookup: hanging,
  });
  assert.equal(result.outcome, 'dns-failed');
  assert.equal(result.errorCode, 'ETIMEDOUT');
  assert.ok(performance.now() - started < TIMEOUT_MS + SLACK_MS);
});

test('gives up at once with local-error when aborted', async (t) => {
  const served = await serve(t, () => undefined);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const started = performance.now();
  const result = await probePortal(`http://127.0.0.1:${served.port}/generate_204`, {
    timeoutMs: 5000,
    signal: controller.signal,
  });
  assert.equal(result.outcome, 'local-error');
  assert.equal(result.errorCode, 'ABORT_ERR');
  assert.ok(performance.now() - started < 1000);
});

test('needs no lookup for an IP literal, brackets and all', async () => {
  const refuse: NameLookup = () => Promise.reject(new Error('must not be called'));
  assert.deepEqual(await resolveHost('::1', 100, refuse), { address: '::1', family: 6 });
  assert.deepEqual(await resolveHost('127.0.0.1', 100, refuse), { address: '127.0.0.1', family: 4 });
});

test('rejects a URL that is not plain http, naming it', async () => {
  await assert.rejects(
    probePortal('https://example.test/', { timeoutMs: TIMEOUT_MS }),
    /https:\/\/example\.test\/.*not plain http/,
  );
});
