import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { LOSS_CUTOFF_MS, measureQuality, probeQualityLayer } from '../../app/probes/quality.js';
import type { LayerContext } from '../../app/probes/layers.js';
import type { Endpoint } from '../../app/probes/types.js';

async function listener(t: {
  after(fn: () => void): void;
}): Promise<{ endpoint: Endpoint; accepted: () => number }> {
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    socket.on('error', () => undefined);
    socket.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  return {
    endpoint: { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, family: 4 },
    accepted: () => accepted,
  };
}

async function closedEndpoint(): Promise<Endpoint> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  server.close();
  await once(server, 'close');
  return { host: '127.0.0.1', port, family: 4 };
}

/**
 * A listener that never accepts, with a backlog of 0: Linux queues one connection, then drops every
 * further SYN while the queue is full. The first connect completes; every later one is "lost".
 */
async function saturatedListener(t: { after(fn: () => void): void }): Promise<Endpoint> {
  const script = [
    'import socket, sys',
    's = socket.socket()',
    "s.bind(('127.0.0.1', 0))",
    's.listen(0)',
    'print(s.getsockname()[1], flush=True)',
    'sys.stdin.read()',
  ].join('\n');
  const child = spawn('python3', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  t.after(() => child.kill());
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return { host: '127.0.0.1', port: Number(line), family: 4 };
}

test('bursts 10 connects at the target that answers, none lost, with a median round trip', async (t) => {
  const { endpoint, accepted } = await listener(t);
  const result = await measureQuality([await closedEndpoint(), endpoint], { timeoutMs: 1500 });
  assert.equal(result.outcome, 'measured');
  assert.deepEqual(result.endpoint, endpoint);
  assert.equal(result.target, `quality burst to 127.0.0.1:${endpoint.port}`);
  assert.equal(result.kind, 'local', 'not a tcp result: those are the check targets');
  assert.equal(result.sent, 10);
  assert.equal(result.lost, 0);
  assert.ok(result.attempts.every((attempt) => attempt.outcome === 'connected'));
  assert.ok(result.medianMs !== null && result.medianMs < 100, `median ${result.medianMs}`);
  assert.equal(result.ms, result.medianMs);
  assert.equal(result.cutoffMs, LOSS_CUTOFF_MS);
  assert.equal(accepted(), 11, 'one connect to find it, ten in the burst');
});

test('counts connects that get no answer within the cutoff as lost, inside the timeout', async (t) => {
  const endpoint = await saturatedListener(t);
  const started = performance.now();
  const result = await measureQuality([endpoint], { timeoutMs: 1200 });
  const took = performance.now() - started;
  assert.equal(result.outcome, 'measured');
  assert.equal(result.lost, 10);
  assert.equal(result.sent, 10);
  assert.equal(result.medianMs, null);
  assert.ok(took >= 1000 && took < 1300, `took ${took} ms`);
});

test('stops sending when the deadline leaves too little time to judge an attempt', async (t) => {
  const { endpoint } = await listener(t);
  const result = await measureQuality([endpoint], { timeoutMs: 200, spacingMs: 30 });
  assert.equal(result.outcome, 'measured');
  assert.ok(result.attempts.length < 10, `${result.attempts.length} attempts`);
  assert.equal(result.cutoffMs, 200);
});

test('reports no-target when no target connects', async () => {
  const result = await measureQuality([await closedEndpoint(), await closedEndpoint()], { timeoutMs: 1000 });
  assert.equal(result.outcome, 'no-target');
  assert.equal(result.endpoint, null);
  assert.equal(result.sent, 0);
  assert.ok((result.ms ?? Infinity) < 500, 'refusals end it at once');
});

test('reports no-target without targets', async () => {
  const result = await measureQuality([], { timeoutMs: 1000 });
  assert.equal(result.outcome, 'no-target');
});

test('ends promptly when aborted mid-burst', async (t) => {
  const endpoint = await saturatedListener(t);
  const controller = new AbortController();
  const started = performance.now();
  setTimeout(() => controller.abort(), 100);
  await measureQuality([endpoint], { timeoutMs: 3000, signal: controller.signal });
  const took = performance.now() - started;
  assert.ok(took < 400, `took ${took} ms`);
});

function layerContext(targets: readonly Endpoint[]): LayerContext {
  return {
    settings: {
      dnsNames: [],
      referenceResolvers: [],
      portalUrls: [],
      tlsTarget: { host: '127.0.0.1', port: 1, family: 4 },
      tlsName: 'unused.test',
      proxyEnv: {},
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
    targets,
    timeoutMs: 1000,
    signal: new AbortController().signal,
  };
}

test('the layer runner measures the check targets and adds nothing when none connects', async (t) => {
  const { endpoint } = await listener(t);
  const measured = await probeQualityLayer(layerContext([endpoint]));
  assert.deepEqual(
    measured.map((result) => [result.kind, result.outcome]),
    [['local', 'measured']],
  );
  assert.deepEqual(await probeQualityLayer(layerContext([await closedEndpoint()])), []);
});

test('says unmeasured, not measured, when the deadline leaves no time for a burst after the first connect', async (t) => {
  const { endpoint } = await listener(t);
  // 100 ms in all: after the first connect less than the 100 ms a burst connect needs is left.
  const result = await measureQuality([endpoint], { timeoutMs: 100 });
  assert.equal(result.outcome, 'unmeasured');
  assert.equal(result.sent, 0);
  assert.equal(result.medianMs, null);
  assert.deepEqual(result.endpoint, endpoint);
});
