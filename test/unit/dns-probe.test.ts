// The DNS probe against real UDP responders on loopback (127.0.0.x): one answers, one says SERVFAIL,
// one rewrites NXDOMAIN, one never answers, and one address has nothing listening at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { nonexistentName, probeDns, type DnsProbeResult } from '../../app/probes/dns.js';
import { isProbeFailure } from '../../app/cli/probe-outcome.js';
import type { LayerContext } from '../../app/probes/layers.js';
import type { LocalConfig } from '../../app/probes/local-types.js';
import {
  createDnsResponder,
  type DnsResponder,
  type DnsResponderOptions,
} from '../lab/fixture/services/dns-responder.mjs';

const RECORDS = { 'www.lab.test': '198.51.100.1', 'mail.lab.test': '198.51.100.2' };
const HONEST = '127.0.0.1';
const BROKEN = '127.0.0.2';
const REWRITING = '127.0.0.3';
const SILENT = '127.0.0.4';
const NOBODY = '127.0.0.5';

let port = 0;
const responders: DnsResponder[] = [];
let silent: Socket | undefined;

before(async () => {
  const first = await createDnsResponder(HONEST, 0, { records: RECORDS });
  responders.push(first);
  port = first.port;
  const more: [string, DnsResponderOptions][] = [
    [BROKEN, { rcode: 'servfail' }],
    [REWRITING, { records: RECORDS, nxdomainAnswer: '198.51.100.66' }],
  ];
  for (const [host, options] of more) responders.push(await createDnsResponder(host, port, options));
  // Bound, so no ICMP port-unreachable comes back, but it never replies: a resolver that hangs.
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(port, SILENT, resolve));
  silent = socket;
});

after(async () => {
  await Promise.all(responders.map((responder) => responder.close()));
  silent?.close();
});

function context(resolvers: readonly string[], references: readonly string[], timeoutMs = 400): LayerContext {
  const local: LocalConfig = {
    platform: 'linux',
    interfaces: [],
    defaultRoutes: [],
    defaultRoutesKnown: true,
    resolvers,
    resolverSource: '/etc/resolv.conf',
    readErrors: [],
  };
  return {
    settings: {
      dnsNames: ['www.lab.test', 'mail.lab.test'],
      referenceResolvers: references,
      portalUrls: [],
      tlsTarget: { host: '127.0.0.1', port: 1, family: 4 },
      tlsName: 'lab.test',
      proxyEnv: {},
    },
    local,
    timeoutMs,
    signal: new AbortController().signal,
  };
}

function byTarget(results: readonly DnsProbeResult[]): Record<string, string> {
  return Object.fromEntries(
    results.map((result) => [
      `${result.role} ${result.purpose === 'nonexistent' ? '<random>' : result.name}@${result.server}`,
      result.outcome === 'answered' ? `answered ${result.answers.join(',')}` : result.outcome,
    ]),
  );
}

test('asks each configured and reference resolver separately and attributes every answer', async () => {
  const results = await probeDns(context([HONEST, BROKEN], [REWRITING]), { port });
  assert.deepEqual(byTarget(results), {
    [`configured www.lab.test@${HONEST}`]: 'answered 198.51.100.1',
    [`configured mail.lab.test@${HONEST}`]: 'answered 198.51.100.2',
    [`configured <random>@${HONEST}`]: 'nxdomain',
    [`configured www.lab.test@${BROKEN}`]: 'servfail',
    [`configured mail.lab.test@${BROKEN}`]: 'servfail',
    [`configured <random>@${BROKEN}`]: 'servfail',
    [`reference www.lab.test@${REWRITING}`]: 'answered 198.51.100.1',
    [`reference mail.lab.test@${REWRITING}`]: 'answered 198.51.100.2',
    [`reference <random>@${REWRITING}`]: 'answered 198.51.100.66',
  });
  const servfail = results.find((result) => result.server === BROKEN);
  assert.equal(servfail?.errorCode, 'ESERVFAIL');
  assert.equal(servfail?.kind, 'dns');
  assert.equal(servfail?.family, 4);
  assert.match(servfail?.target ?? '', /^www\.lab\.test@127\.0\.0\.2$/);
  for (const result of results)
    assert.ok(result.ms !== null && result.ms < 400, `${result.target} ${result.ms}`);
});

test('reports a silent resolver as timeout at the deadline and a closed port as unreachable', async () => {
  const results = await probeDns(context([SILENT, NOBODY], []), { port });
  const silentOnes = results.filter((result) => result.server === SILENT);
  assert.deepEqual(
    silentOnes.map((result) => result.outcome),
    ['timeout', 'timeout', 'timeout'],
  );
  for (const result of silentOnes) {
    assert.equal(result.errorCode, 'ETIMEOUT');
    assert.ok((result.ms ?? 0) >= 390 && (result.ms ?? 0) < 600, `timed out after ${result.ms} ms`);
  }
  assert.deepEqual(
    results
      .filter((result) => result.server === NOBODY)
      .map((result) => `${result.outcome} ${result.errorCode}`),
    ['unreachable ECONNREFUSED', 'unreachable ECONNREFUSED', 'unreachable ECONNREFUSED'],
  );
});

test('asks a reference that is also configured only once, as configured', async () => {
  const results = await probeDns(context([HONEST], [HONEST, REWRITING]), { port });
  assert.equal(results.filter((result) => result.server === HONEST).length, 3);
  assert.ok(
    results.filter((result) => result.server === HONEST).every((result) => result.role === 'configured'),
  );
});

test('asks nothing when no names are configured, and stops at once when the check is aborted', async () => {
  const none = context([HONEST], []);
  assert.deepEqual(await probeDns({ ...none, settings: { ...none.settings, dnsNames: [] } }, { port }), []);
  const controller = new AbortController();
  const pending = probeDns({ ...context([SILENT], [], 5000), signal: controller.signal }, { port });
  setTimeout(() => controller.abort(), 50);
  const started = performance.now();
  const results = await pending;
  assert.ok(performance.now() - started < 1000);
  assert.deepEqual(
    results.map((result) => `${result.outcome} ${result.errorCode}`),
    ['local-error ABORT_ERR', 'local-error ABORT_ERR', 'local-error ABORT_ERR'],
  );
});

test('makes up a random name inside the first name’s zone, never the same twice', () => {
  assert.match(nonexistentName('www.lab.test'), /^[0-9a-f]{16}\.lab\.test$/);
  assert.match(nonexistentName('example.com'), /^[0-9a-f]{16}\.example\.com$/);
  assert.notEqual(nonexistentName('example.com'), nonexistentName('example.com'));
});

test('logs the made-up name as a failure only when it resolves', async () => {
  const results = await probeDns(context([HONEST, REWRITING], []), { port });
  const made = results.filter((result) => result.purpose === 'nonexistent');
  assert.deepEqual(
    made.map((result) => `${result.server} ${result.outcome} ${isProbeFailure(result)}`),
    [`${HONEST} nxdomain false`, `${REWRITING} answered true`],
  );
  const known = results.find((result) => result.purpose === 'known' && result.server === HONEST);
  assert.equal(known && isProbeFailure(known), false);
});
