import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { probeTls, type TlsProbeResult } from '../../app/probes/tls.js';
import { ABORTED_ERROR_CODE } from '../../app/probes/tcp.js';
import type { Endpoint } from '../../app/probes/types.js';
import {
  CertificateWorkshop,
  ONE_DAY_MS,
  type IssuedCertificate,
  type TestCa,
} from '../helpers/test-certs.js';

const NAME = 'secure.test';
const workshop = new CertificateWorkshop();
let trusted: TestCa;
let proxy: TestCa;
let current: IssuedCertificate;

before(async () => {
  trusted = await workshop.createCa('Test Root CA');
  proxy = await workshop.createCa('Corp Proxy CA', 'Example');
  current = await workshop.issueCurrent(trusted, NAME);
});
after(() => workshop.remove());

type Closable = { close(): void; address(): net.AddressInfo | string | null };

async function serve(server: net.Server, t: { after(fn: () => void): void }): Promise<Endpoint> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => (server as Closable).close());
  return { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, family: 4 };
}

/** An HTTPS server whose Date header is `dateOffsetMs` away from this machine's clock. */
function httpsServer(certificate: IssuedCertificate, dateOffsetMs = 0): https.Server {
  const server = https.createServer({ cert: certificate.certPem, key: certificate.keyPem }, (_req, res) => {
    res.setHeader('Date', new Date(Date.now() + dateOffsetMs).toUTCString());
    res.end('ok');
  });
  server.on('connection', (socket: net.Socket) => socket.unref());
  return server;
}

function probe(endpoint: Endpoint, timeoutMs = 2000): Promise<TlsProbeResult> {
  return probeTls(endpoint, NAME, { timeoutMs, ca: trusted.certPem });
}

test('reports ok with issuer, validity and the server clock when the chain and name verify', async (t) => {
  const endpoint = await serve(httpsServer(current), t);
  const result = await probe(endpoint);
  assert.equal(result.outcome, 'ok');
  assert.equal(result.errorCode, null);
  assert.equal(result.kind, 'tls');
  assert.equal(result.target, `${NAME}@127.0.0.1:${endpoint.port}`);
  assert.equal(result.issuer, 'CN=Test Root CA, O=Lab');
  assert.equal(result.subject, `CN=${NAME}`);
  assert.ok(result.validFrom !== null && Date.parse(result.validFrom) < Date.now());
  assert.ok(result.validTo !== null && Date.parse(result.validTo) > Date.now());
  assert.ok(result.serverDate !== null, 'Date header read');
  assert.ok(result.skewMs !== null && Math.abs(result.skewMs) < 2000, `skew ${result.skewMs}`);
  assert.ok(typeof result.ms === 'number' && result.ms < 2000);
});

test('reports untrusted naming the issuer when an unknown authority signed the certificate', async (t) => {
  const intercepting = await workshop.issueCurrent(proxy, NAME);
  const result = await probe(await serve(httpsServer(intercepting), t));
  assert.equal(result.outcome, 'untrusted');
  assert.equal(result.issuer, 'CN=Corp Proxy CA, O=Example');
  assert.equal(result.errorCode, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
});

test('reports name-mismatch when a trusted certificate is for another name', async (t) => {
  const other = await workshop.issueCurrent(trusted, 'other.test');
  const result = await probe(await serve(httpsServer(other), t));
  assert.equal(result.outcome, 'name-mismatch');
  assert.equal(result.errorCode, 'ERR_TLS_CERT_ALTNAME_INVALID');
});

test('reports expired when the certificate ended yesterday', async (t) => {
  const now = Date.now();
  const expired = await workshop.issue(trusted, {
    dnsName: NAME,
    notBefore: new Date(now - 10 * ONE_DAY_MS),
    notAfter: new Date(now - ONE_DAY_MS),
  });
  const result = await probe(await serve(httpsServer(expired), t));
  assert.equal(result.outcome, 'expired');
  assert.equal(result.errorCode, 'CERT_HAS_EXPIRED');
});

test('reports not-yet-valid and a skew of three days when cert and Date are three days ahead', async (t) => {
  const now = Date.now();
  const future = await workshop.issue(trusted, {
    dnsName: NAME,
    notBefore: new Date(now + 3 * ONE_DAY_MS - 3_600_000),
    notAfter: new Date(now + 30 * ONE_DAY_MS),
  });
  const result = await probe(await serve(httpsServer(future, 3 * ONE_DAY_MS), t));
  assert.equal(result.outcome, 'not-yet-valid');
  assert.equal(result.errorCode, 'CERT_NOT_YET_VALID');
  assert.ok(result.skewMs !== null && Math.abs(result.skewMs - 3 * ONE_DAY_MS) < 2000, `${result.skewMs}`);
});

test('skips the clock without waiting when the server speaks something other than HTTP', async (t) => {
  const server = tls.createServer({ cert: current.certPem, key: current.keyPem }, (socket) => {
    socket.on('error', () => undefined);
    socket.write('220 mail.example ESMTP\r\n');
  });
  const result = await probe(await serve(server, t), 5000);
  assert.equal(result.outcome, 'ok');
  assert.equal(result.serverDate, null);
  assert.equal(result.skewMs, null);
  assert.ok((result.ms ?? Infinity) < 1000, `ms ${result.ms}`);
});

test('keeps the handshake verdict when the server never answers the Date request', async (t) => {
  const server = tls.createServer({ cert: current.certPem, key: current.keyPem }, (socket) => {
    socket.on('error', () => undefined);
  });
  const endpoint = await serve(server, t);
  const started = performance.now();
  const result = await probe(endpoint, 400);
  assert.equal(result.outcome, 'ok');
  assert.equal(result.serverDate, null);
  const took = performance.now() - started;
  assert.ok(took >= 380 && took < 700, `took ${took} ms`);
});

test('reports refused when nothing listens', async () => {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  server.close();
  await once(server, 'close');
  const result = await probe({ host: '127.0.0.1', port, family: 4 });
  assert.equal(result.outcome, 'refused');
  assert.equal(result.errorCode, 'ECONNREFUSED');
  assert.equal(result.issuer, null);
});

test('reports handshake-failed when TCP connects and the server hangs up', async (t) => {
  const server = net.createServer((socket) => socket.destroy());
  const result = await probe(await serve(server, t));
  assert.equal(result.outcome, 'handshake-failed');
  assert.ok(result.errorCode !== null);
});

test('reports timeout when TCP connects and the handshake never finishes', async (t) => {
  const server = net.createServer((socket) => socket.on('error', () => undefined));
  const result = await probe(await serve(server, t), 300);
  assert.equal(result.outcome, 'timeout');
  assert.equal(result.errorCode, 'ETIMEDOUT');
  assert.ok((result.ms ?? 0) >= 290);
});

test('reports local-error when aborted before the handshake', async (t) => {
  const server = net.createServer((socket) => socket.on('error', () => undefined));
  const endpoint = await serve(server, t);
  const controller = new AbortController();
  const pending = probeTls(endpoint, NAME, { timeoutMs: 5000, signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  const result = await pending;
  assert.equal(result.outcome, 'local-error');
  assert.equal(result.errorCode, ABORTED_ERROR_CODE);
});

test('rejects a host name as target and an empty server name, naming the bad value', async () => {
  await assert.rejects(
    probeTls({ host: 'example.com', port: 443, family: 4 }, NAME, { timeoutMs: 100 }),
    /"example\.com" is not an IPv4 address literal/,
  );
  await assert.rejects(
    probeTls({ host: '127.0.0.1', port: 443, family: 4 }, ' ', { timeoutMs: 100 }),
    /server name \(SNI\) is empty/,
  );
});
