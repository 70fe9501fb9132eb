import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { ABORTED_ERROR_CODE, probeTcp } from '../../app/probes/tcp.js';
import type { Endpoint } from '../../app/probes/types.js';

async function listen(host: string): Promise<{ server: net.Server; port: number; accepted: net.Socket[] }> {
  const accepted: net.Socket[] = [];
  const server = net.createServer((socket) => accepted.push(socket));
  server.listen(0, host);
  await once(server, 'listening');
  return { server, port: (server.address() as net.AddressInfo).port, accepted };
}

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(host: string): Promise<number> {
  const { server, port } = await listen(host);
  server.close();
  await once(server, 'close');
  return port;
}

/** Sockets and timers this process holds; a probe that leaks either shows up as a difference. */
function openHandles(): { sockets: number; timers: number } {
  const resources = process.getActiveResourcesInfo();
  return {
    sockets: resources.filter((name) => name === 'TCPSocketWrap').length,
    timers: resources.filter((name) => name === 'Timeout').length,
  };
}

/** Closing a handle finishes on a later turn of the event loop, so give it a moment before judging. */
async function assertHandlesBackTo(before: { sockets: number; timers: number }): Promise<void> {
  for (let waited = 0; waited < 1_000 && !isDeepStrictEqual(openHandles(), before); waited += 10) {
    await sleep(10);
  }
  assert.deepEqual(openHandles(), before);
}

function assertTenthOfAMillisecond(ms: number | null): void {
  assert.equal(typeof ms, 'number');
  assert.ok((ms as number) >= 0, `ms ${ms} is negative`);
  assert.equal(Math.round((ms as number) * 10) / 10, ms, `ms ${ms} is not rounded to 0.1`);
}

for (const [host, family] of [
  ['127.0.0.1', 4],
  ['::1', 6],
] as const) {
  test(
    `reports connected to a listener on ${host} and closes the connection it opened`,
    { timeout: 5_000 },
    async () => {
      const { server, port, accepted } = await listen(host);
      try {
        const before = openHandles();
        const endpoint: Endpoint = { host, port, family };
        const result = await probeTcp(endpoint, { timeoutMs: 60_000 });

        assert.equal(result.kind, 'tcp');
        assert.equal(result.outcome, 'connected');
        assert.equal(result.errorCode, null);
        assert.equal(result.family, family);
        assert.equal(result.target, family === 6 ? `[::1]:${port}` : `127.0.0.1:${port}`);
        assert.deepEqual(result.endpoint, endpoint);
        assertTenthOfAMillisecond(result.ms);

        // The server side sees the probe hang up: the socket was destroyed, not left open.
        const [peer] = accepted.length > 0 ? accepted : [(await once(server, 'connection'))[0] as net.Socket];
        assert.ok(peer);
        if (!peer.readableEnded) await once(peer, 'end', { signal: AbortSignal.timeout(2_000) });
        // The 60 s timer must be gone too, or every check would keep the CLI alive for a minute.
        for (const socket of accepted) socket.destroy();
        await assertHandlesBackTo(before);
      } finally {
        // Also on failure: a socket the probe leaked must not keep this test process alive.
        for (const socket of accepted) socket.destroy();
        server.close();
      }
    },
  );

  test(`reports refused with ECONNREFUSED for a closed port on ${host}`, async () => {
    const port = await closedPort(host);
    const before = openHandles();
    const result = await probeTcp({ host, port, family }, { timeoutMs: 5_000 });

    assert.equal(result.outcome, 'refused');
    assert.equal(result.errorCode, 'ECONNREFUSED');
    assertTenthOfAMillisecond(result.ms);
    await assertHandlesBackTo(before);
  });
}

test('reports an already-aborted probe as local-error ABORT_ERR without opening a socket', async () => {
  const { server, port } = await listen('127.0.0.1');
  try {
    let connections = 0;
    server.on('connection', () => (connections += 1));
    const result = await probeTcp(
      { host: '127.0.0.1', port, family: 4 },
      { timeoutMs: 5_000, signal: AbortSignal.abort() },
    );

    assert.equal(result.outcome, 'local-error');
    assert.equal(result.errorCode, ABORTED_ERROR_CODE);
    assert.equal(result.ms, null);
    await sleep(50);
    assert.equal(connections, 0);
  } finally {
    server.close();
  }
});

test('rejects a host name instead of resolving it, naming the bad value', async () => {
  await assert.rejects(probeTcp({ host: 'localhost', port: 80, family: 4 }, { timeoutMs: 1_000 }), {
    name: 'TypeError',
    message: /"localhost" is not an IPv4 address literal/,
  });
});

test('rejects an address whose family does not match the endpoint', async () => {
  await assert.rejects(probeTcp({ host: '::1', port: 80, family: 4 }, { timeoutMs: 1_000 }), {
    message: /"::1" is not an IPv4 address literal/,
  });
});

test('rejects a port outside 1 to 65535', async () => {
  for (const port of [0, 65536, 1.5]) {
    await assert.rejects(probeTcp({ host: '127.0.0.1', port, family: 4 }, { timeoutMs: 1_000 }), {
      message: new RegExp(`port ${port} is not an integer from 1 to 65535`),
    });
  }
});

test('rejects a timeout that is not a positive number', async () => {
  for (const timeoutMs of [0, -5, Number.NaN]) {
    await assert.rejects(probeTcp({ host: '127.0.0.1', port: 80, family: 4 }, { timeoutMs }), {
      name: 'RangeError',
      message: new RegExp(`got ${timeoutMs}`),
    });
  }
});
