import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEndpoint, parseIpAddress, parseListenAddress } from '../../app/config/endpoint.js';

test('reads an IPv4 target and a bracketed IPv6 target', () => {
  assert.deepEqual(parseEndpoint('1.1.1.1:53'), {
    ok: true,
    value: { host: '1.1.1.1', port: 53, family: 4 },
  });
  assert.deepEqual(parseEndpoint('[2606:4700:4700::1111]:443'), {
    ok: true,
    value: { host: '2606:4700:4700::1111', port: 443, family: 6 },
  });
  assert.deepEqual(parseEndpoint('[2001:DB8::A]:1'), {
    ok: true,
    value: { host: '2001:db8::a', port: 1, family: 6 },
  });
  assert.deepEqual(parseEndpoint('198.51.100.7:65535'), {
    ok: true,
    value: { host: '198.51.100.7', port: 65535, family: 4 },
  });
});

const REJECTED: readonly [string, string][] = [
  ['', 'is empty; expected an IP address and port like 1.1.1.1:443'],
  ['1.1.1.1:0', 'port must be 1–65535'],
  ['1.1.1.1:65536', 'port must be 1–65535'],
  ['1.1.1.1:99999', 'port must be 1–65535'],
  ['198.51.100.1:0443', 'port "0443" must not start with 0; write 443'],
  ['[2001:db8::1]:080', 'port "080" must not start with 0; write 80'],
  ['1.1.1.1:https', 'port must be a number 1–65535'],
  ['1.1.1.1:-1', 'port must be a number 1–65535'],
  ['1.1.1.1:', 'port must be a number 1–65535'],
  ['1.1.1.1', 'missing port; write it as 1.1.1.1:443'],
  ['example.com:443', 'must be an IP address, not a name (the check must not depend on DNS)'],
  ['example.com', 'missing port; expected IP:PORT'],
  ['1.1.1.256:443', '"1.1.1.256" is not a valid IPv4 address'],
  ['2606:4700:4700::1111', 'an IPv6 address needs brackets and a port, like [2606:4700:4700::1111]:443'],
  ['2606:4700:4700::1111:443', 'an IPv6 address needs brackets and a port, like [2606:4700:4700::1111]:443'],
  ['2606:zz::1:443', 'an IPv6 address needs brackets and a port, like [2606:4700:4700::1111]:443'],
  ['[2606:4700:4700::1111]', 'missing port; write it as [2606:4700:4700::1111]:443'],
  ['[2606:4700:4700::1111]443', 'expected ":port" after "]", found "443"'],
  ['[2606:4700:4700::1111:443', 'missing "]" after the IPv6 address'],
  ['[1.1.1.1]:443', '"1.1.1.1" is not a valid IPv6 address'],
  ['[dns.google]:443', '"dns.google" is not a valid IPv6 address'],
];

for (const [text, reason] of REJECTED) {
  test(`refuses target ${JSON.stringify(text)}: ${reason}`, () => {
    assert.deepEqual(parseEndpoint(text), { ok: false, reason });
  });
}

test('a listen address may use port 0 (any free port), a probe target may not', () => {
  assert.deepEqual(parseListenAddress('127.0.0.1:0'), {
    ok: true,
    value: { host: '127.0.0.1', port: 0, family: 4 },
  });
  assert.deepEqual(parseEndpoint('127.0.0.1:0'), { ok: false, reason: 'port must be 1–65535' });
  assert.deepEqual(parseListenAddress('127.0.0.1:65536'), { ok: false, reason: 'port must be 0–65535' });
  assert.deepEqual(parseListenAddress('127.0.0.1:00'), {
    ok: false,
    reason: 'port "00" must not start with 0; write 0',
  });
});

test('reads a bare IP address and refuses a name', () => {
  assert.deepEqual(parseIpAddress('9.9.9.9'), { ok: true, value: { address: '9.9.9.9', family: 4 } });
  assert.deepEqual(parseIpAddress('2001:DB8::53'), {
    ok: true,
    value: { address: '2001:db8::53', family: 6 },
  });
  assert.deepEqual(parseIpAddress('dns.quad9.net'), {
    ok: false,
    reason: 'must be an IP address, not a name (the check must not depend on DNS)',
  });
  assert.deepEqual(parseIpAddress('300.1.1.1'), {
    ok: false,
    reason: '"300.1.1.1" is not a valid IPv4 address',
  });
});

/** RFC 5952 text, so two spellings of one address are one target (and one duplicate, when repeated). */
const CANONICAL_IPV6: readonly [string, string][] = [
  ['2001:0db8:0:0::1', '2001:db8::1'],
  ['2001:DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
  ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
  ['0:0:0:0:0:0:0:1', '::1'],
  ['0:0:0:0:0:0:0:0', '::'],
  ['2001:db8::', '2001:db8::'],
  ['::FFFF:C633:6401', '::ffff:198.51.100.1'],
  ['::ffff:198.51.100.1', '::ffff:198.51.100.1'],
  ['fe80::0:1%eth0', 'fe80::1%eth0'],
];

for (const [written, canonical] of CANONICAL_IPV6) {
  test(`IPv6 ${written} is read as ${canonical}, in a target and as a bare address`, () => {
    assert.deepEqual(parseEndpoint(`[${written}]:443`), {
      ok: true,
      value: { host: canonical, port: 443, family: 6 },
    });
    assert.deepEqual(parseIpAddress(written), { ok: true, value: { address: canonical, family: 6 } });
  });
}
