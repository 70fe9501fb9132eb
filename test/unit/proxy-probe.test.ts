// The proxy checks against a real HTTP proxy on loopback (CONNECT and absolute-form GET), with and
// without a login, and against the ways a proxy can be missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { connectTargetOf, probeProxyConnect, probeProxyGet, proxyLayer } from '../../app/probes/proxy.js';
import { parseProxyUrl } from '../../app/probes/proxy-config.js';
import type { LayerContext } from '../../app/probes/layers.js';
import type { Endpoint } from '../../app/probes/types.js';

const TIMEOUT_MS = 800;

interface ProxyOptions {
  /** `user:password` the proxy insists on; none when absent. */
  readonly credentials?: string;
  /** Answers every CONNECT with this status instead of tunnelling. */
  readonly connectStatus?: number;
}

/** A tiny forwarding proxy: CONNECT tunnels to the asked host:port, GET forwards absolute-form URLs. */
async function startProxy(t: { after: (fn: () => void) => void }, options: ProxyOptions = {}) {
  const seen: string[] = [];
  const authorised = (req: http.IncomingMessage): boolean =>
    options.credentials === undefined ||
    req.headers['proxy-authorization'] === `Basic ${Buffer.from(options.credentials).toString('base64')}`;
  const server = http.createServer((req, res) => {
    seen.push(`GET ${req.url ?? ''}`);
    if (!authorised(req)) return void res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="lab"' }).end();
    const url = new URL(req.url ?? '');
    const upstream = http.get(
      { host: url.hostname, port: url.port, path: url.pathname, headers: { host: url.host }, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
    seen.push(`CONNECT ${req.url ?? ''}`);
    client.on('error', () => undefined);
    if (!authorised(req)) {
      return void client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="lab"\r\n\r\n',
      );
    }
    if (options.connectStatus !== undefined)
      return void client.end(`HTTP/1.1 ${options.connectStatus} No\r\n\r\n`);
    const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
    const upstream = net.connect({ host: host?.replace(/^\[|\]$/g, ''), port: Number(port) }, () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as AddressInfo).port, seen };
}

async function listener(
  t: { after: (fn: () => void) => void },
  onSocket: (socket: net.Socket) => void = (s) => s.end(),
) {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  return (server.address() as AddressInfo).port;
}

async function webServer(t: { after: (fn: () => void) => void }) {
  const server = http.createServer((_req, res) => res.writeHead(204).end());
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

const loopbackTarget = (port: number): Endpoint => ({ host: '127.0.0.1', port, family: 4 });

test('reports connected when the proxy opens a CONNECT tunnel to the target', async (t) => {
  const proxy = await startProxy(t);
  const target = await listener(t, () => undefined);
  const result = await probeProxyConnect(
    parseProxyUrl(`http://127.0.0.1:${proxy.port}`, 'HTTPS_PROXY'),
    loopbackTarget(target),
    {
      timeoutMs: TIMEOUT_MS,
    },
  );
  assert.equal(result.outcome, 'connected');
  assert.equal(result.status, 200);
  assert.equal(result.variable, 'HTTPS_PROXY');
  assert.equal(result.target, `http://127.0.0.1:${proxy.port} CONNECT 127.0.0.1:${target}`);
  assert.deepEqual(proxy.seen, [`CONNECT 127.0.0.1:${target}`]);
});

test('reports auth-required with the scheme on 407, and connected once the URL carries the password', async (t) => {
  const proxy = await startProxy(t, { credentials: 'lab:secret' });
  const target = loopbackTarget(await listener(t, () => undefined));
  const without = await probeProxyConnect(
    parseProxyUrl(`http://127.0.0.1:${proxy.port}`, 'HTTPS_PROXY'),
    target,
    {
      timeoutMs: TIMEOUT_MS,
    },
  );
  assert.equal(without.outcome, 'auth-required');
  assert.equal(without.authScheme, 'Basic');
  assert.equal(without.credentials, false);
  const wrong = await probeProxyConnect(
    parseProxyUrl(`http://lab:wrong@127.0.0.1:${proxy.port}`, 'HTTPS_PROXY'),
    target,
    {
      timeoutMs: TIMEOUT_MS,
    },
  );
  assert.equal(wrong.outcome, 'auth-required');
  assert.equal(wrong.credentials, true);
  const right = await probeProxyConnect(
    parseProxyUrl(`http://lab:secret@127.0.0.1:${proxy.port}`, 'HTTPS_PROXY'),
    target,
    {
      timeoutMs: TIMEOUT_MS,
    },
  );
  assert.equal(right.outcome, 'connected');
  assert.doesNotMatch(JSON.stringify(right), /secret/);
});

test('reports proxy-error with the status when the proxy refuses the tunnel', async (t) => {
  const proxy = await startProxy(t, { connectStatus: 403 });
  const result = await probeProxyConnect(
    parseProxyUrl(`http://127.0.0.1:${proxy.port}`, 'https_proxy'),
    loopbackTarget(443),
    {
      timeoutMs: TIMEOUT_MS,
    },
  );
  assert.equal(result.outcome, 'proxy-error');
  assert.equal(result.errorCode, 'HTTP 403');
});

test('reports refused for a dead proxy, timeout for a silent one, proxy-error for a non-proxy', async (t) => {
  const target = loopbackTarget(443);
  const dead = await probeProxyConnect(
    parseProxyUrl(`http://127.0.0.1:${await closedPort()}`, 'HTTPS_PROXY'),
    target,
    {
      timeoutMs: TIMEOUT_MS,
    },
  );
  assert.equal(dead.outcome, 'refused');
  assert.equal(dead.errorCode, 'ECONNREFUSED');

  const silentPort = await listener(t, () => undefined);
  const started = performance.now();
  const silent = await probeProxyConnect(
    parseProxyUrl(`http://127.0.0.1:${silentPort}`, 'HTTPS_PROXY'),
    target,
    {
      timeoutMs: TIMEOUT_MS,
    },
  );
  assert.equal(silent.outcome, 'timeout');
  assert.ok(performance.now() - started < TIMEOUT_MS + 300);

  const closerPort = await listener(t);
  const closer = await probeProxyConnect(
    parseProxyUrl(`http://127.0.0.1:${closerPort}`, 'HTTPS_PROXY'),
    target,
    {
      timeoutMs: TIMEOUT_MS,
    },
  );
  assert.equal(closer.outcome, 'proxy-error');
});

test('reports dns-failed when the proxy host name does not resolve', async () => {
  const result = await probeProxyConnect(
    parseProxyUrl('http://proxy.nowhere.test:3128', 'HTTPS_PROXY'),
    loopbackTarget(443),
    {
      timeoutMs: TIMEOUT_MS,
      lookup: () => Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })),
    },
  );
  assert.equal(result.outcome, 'dns-failed');
  assert.equal(result.errorCode, 'ENOTFOUND');
});

test('fetches the portal URL through the proxy and judges the answer like a direct fetch', async (t) => {
  const proxy = await startProxy(t);
  const web = await webServer(t);
  const url = `http://127.0.0.1:${web}/generate_204`;
  const ok = await probeProxyGet(parseProxyUrl(`http://127.0.0.1:${proxy.port}`, 'HTTP_PROXY'), url, {
    timeoutMs: TIMEOUT_MS,
  });
  assert.equal(ok.outcome, 'ok');
  assert.deepEqual(proxy.seen, [`GET ${url}`]);
  const upstreamDead = await probeProxyGet(
    parseProxyUrl(`http://127.0.0.1:${proxy.port}`, 'HTTP_PROXY'),
    `http://127.0.0.1:${await closedPort()}/generate_204`,
    { timeoutMs: TIMEOUT_MS },
  );
  assert.equal(upstreamDead.outcome, 'proxy-error');
  assert.equal(upstreamDead.errorCode, 'HTTP 502');
});

test('reports unsupported for a SOCKS proxy and invalid-setting for garbage, without sending anything', async () => {
  const socks = await probeProxyConnect(
    parseProxyUrl('socks5://127.0.0.1:1', 'ALL_PROXY'),
    loopbackTarget(443),
    { timeoutMs: 100 },
  );
  assert.equal(socks.outcome, 'unsupported');
  assert.equal(socks.ms, null);
  const garbage = await probeProxyConnect(parseProxyUrl('ftp://x', 'HTTPS_PROXY'), loopbackTarget(443), {
    timeoutMs: 100,
  });
  assert.equal(garbage.outcome, 'invalid-setting');
});

test('CONNECTs to the first 443 target, else the first target', () => {
  const a = loopbackTarget(53);
  const b = loopbackTarget(443);
  assert.equal(connectTargetOf([a, b]), b);
  assert.equal(connectTargetOf([a]), a);
  assert.equal(connectTargetOf([]), null);
});

function context(
  proxyEnv: Record<string, string>,
  targets: readonly Endpoint[],
  portalUrls: readonly string[],
): LayerContext {
  return {
    settings: {
      dnsNames: [],
      referenceResolvers: [],
      portalUrls,
      tlsTarget: loopbackTarget(443),
      tlsName: 'localhost',
      proxyEnv,
    },
    local: {
      platform: 'linux',
      interfaces: [],
      defaultRoutes: [],
      defaultRoutesKnown: true,
      resolvers: [],
      resolverSource: null,
      readErrors: [],
    },
    timeoutMs: TIMEOUT_MS,
    signal: new AbortController().signal,
    targets,
  };
}

test('the layer runs CONNECT through HTTPS_PROXY and GET through HTTP_PROXY, and nothing with no proxy set', async (t) => {
  const proxy = await startProxy(t);
  const target = loopbackTarget(await listener(t, () => undefined));
  const url = `http://127.0.0.1:${await webServer(t)}/generate_204`;
  const via = `http://127.0.0.1:${proxy.port}`;
  const results = await proxyLayer(context({ HTTPS_PROXY: via, HTTP_PROXY: via }, [target], [url]));
  assert.deepEqual(
    results.map((result) => result.outcome),
    ['connected', 'ok'],
  );
  assert.deepEqual(await proxyLayer(context({ HTTPS_PROXY: '' }, [target], [url])), []);
});

test('the layer skips destinations NO_PROXY sends direct', async () => {
  const results = await proxyLayer(
    context(
      { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.0/8' },
      [loopbackTarget(443)],
      ['http://127.0.0.1:1/generate_204'],
    ),
  );
  assert.deepEqual(results, []);
});
