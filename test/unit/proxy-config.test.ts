import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bypassesProxy, parseProxyUrl, proxyPlanFrom } from '../../app/probes/proxy-config.js';

const plan = (
  proxyEnv: Record<string, string | undefined>,
  systemProxy?: Parameters<typeof proxyPlanFrom>[0]['systemProxy'],
) => proxyPlanFrom(systemProxy === undefined ? { proxyEnv } : { proxyEnv, systemProxy });

test('uses no proxy when no variable is set, or every one is empty', () => {
  assert.deepEqual(plan({}), { https: null, http: null, noProxy: [] });
  assert.deepEqual(plan({ HTTPS_PROXY: '', http_proxy: '  ', ALL_PROXY: '' }), {
    https: null,
    http: null,
    noProxy: [],
  });
});

test('prefers the scheme variable over ALL_PROXY, and lower case over upper case', () => {
  const chosen = plan({
    HTTPS_PROXY: 'http://upper:1',
    https_proxy: 'http://lower:2',
    ALL_PROXY: 'http://all:3',
  });
  assert.equal(chosen.https?.display, 'http://lower:2');
  assert.equal(chosen.https?.variable, 'https_proxy');
  assert.equal(chosen.http?.display, 'http://all:3');
  assert.equal(chosen.http?.variable, 'ALL_PROXY');
});

test('falls back to the OS setting, naming where it came from, only when no variable is set', () => {
  const system = {
    https: 'http://corp-proxy:8080',
    bypass: ['intranet.example'],
    source: 'the system proxy settings',
  };
  const fromSystem = plan({}, system);
  assert.equal(fromSystem.https?.variable, 'the system proxy settings');
  assert.deepEqual(fromSystem.noProxy, ['intranet.example']);
  assert.equal(fromSystem.http, null);
  assert.equal(plan({ HTTPS_PROXY: 'http://env:1' }, system).https?.variable, 'HTTPS_PROXY');
});

test('parses user and password into a Basic header and never shows them', () => {
  const parsed = parseProxyUrl('http://al%40ice:s3cr%3At@proxy.example:3128', 'HTTPS_PROXY');
  assert.equal(parsed.kind, 'http');
  if (parsed.kind !== 'http') return;
  assert.equal(parsed.authorization, `Basic ${Buffer.from('al@ice:s3cr:t').toString('base64')}`);
  assert.equal(parsed.display, 'http://proxy.example:3128');
  assert.equal(parsed.host, 'proxy.example');
  assert.equal(parsed.port, 3128);
});

test('reads a bare host:port as http and assumes port 80 when none is given', () => {
  const bare = parseProxyUrl('10.0.0.1:3128', 'http_proxy');
  assert.equal(bare.kind === 'http' && `${bare.host}:${bare.port}`, '10.0.0.1:3128');
  const noPort = parseProxyUrl('http://[2001:db8::1]', 'HTTP_PROXY');
  assert.equal(noPort.kind === 'http' && `${noPort.host} ${noPort.port}`, '2001:db8::1 80');
});

test('says SOCKS and TLS proxies are not checked rather than judging them', () => {
  for (const value of ['socks5://127.0.0.1:1080', 'socks5h://proxy:1080', 'socks4://p:1', 'socks://p:1']) {
    const parsed = parseProxyUrl(value, 'ALL_PROXY');
    assert.equal(parsed.kind, 'unsupported', value);
    assert.match(parsed.kind === 'unsupported' ? parsed.reason : '', /SOCKS/);
  }
  assert.equal(parseProxyUrl('https://proxy:443', 'HTTPS_PROXY').kind, 'unsupported');
});

test('marks a value that is not a proxy URL invalid without echoing a password', () => {
  const ftp = parseProxyUrl('ftp://proxy:21', 'HTTP_PROXY');
  assert.equal(ftp.kind, 'invalid');
  const broken = parseProxyUrl('http://user:pw@[bad', 'HTTPS_PROXY');
  assert.equal(broken.kind, 'invalid');
  assert.doesNotMatch(broken.display, /pw/);
});

const bypassCases: readonly [string, number, string, boolean][] = [
  ['anything.example', 443, '*', true],
  ['example.com', 443, 'example.com', true],
  ['www.example.com', 443, 'example.com', true],
  ['www.example.com', 443, '.example.com', true],
  ['www.example.com', 443, '*.example.com', true],
  ['notexample.com', 443, 'example.com', false],
  ['example.com', 443, 'example.com:80', false],
  ['example.com', 80, 'example.com:80', true],
  ['10.1.2.3', 443, '10.0.0.0/8', true],
  ['11.1.2.3', 443, '10.0.0.0/8', false],
  ['2001:db8::5', 443, '2001:db8::/32', true],
  ['2001:db8::5', 443, '[2001:db8::5]:443', true],
  ['198.51.100.1', 443, '198.51.100.1', true],
  ['198.51.100.11', 443, '198.51.100.1', false],
  ['198.51.100.1', 443, '100.1', false],
];
for (const [host, port, entry, expected] of bypassCases) {
  test(`NO_PROXY ${entry} ${expected ? 'covers' : 'does not cover'} ${host}:${port}`, () => {
    assert.equal(bypassesProxy(host, port, [entry]), expected);
  });
}

test('splits NO_PROXY on commas and spaces, either case, empty meaning unset', () => {
  assert.deepEqual(plan({ no_proxy: 'localhost, .corp , 10.0.0.0/8' }).noProxy, [
    'localhost',
    '.corp',
    '10.0.0.0/8',
  ]);
  assert.deepEqual(plan({ NO_PROXY: 'a b' }).noProxy, ['a', 'b']);
  assert.deepEqual(plan({ no_proxy: '', NO_PROXY: 'upper' }).noProxy, ['upper']);
});
