import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CONTENT_SECURITY_POLICY,
  generateToken,
  hostAllowed,
  isLoopbackAddress,
  stateChangeRefusal,
  tokenFromRequest,
  tokenMatches,
  tokenRequired,
} from '../../app/serve/security.js';
import { safeRelativePath } from '../../app/serve/static-files.js';

describe('serve security rules', () => {
  it('requires a token on every address but loopback, the wildcard addresses included', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      assert.equal(tokenRequired(host), false, host);
    }
    for (const host of ['0.0.0.0', '::', '10.200.1.2', '198.51.100.7', '2001:db8::5', '::ffff:10.0.0.1']) {
      assert.equal(tokenRequired(host), true, host);
    }
  });

  it('compares tokens exactly, whatever their length', () => {
    const token = generateToken();
    assert.ok(token.length >= 40);
    assert.match(token, /^[A-Za-z0-9_-]+$/);
    assert.equal(tokenMatches(token, token), true);
    assert.equal(tokenMatches(`${token}x`, token), false);
    assert.equal(tokenMatches(token.slice(0, -1), token), false);
    assert.equal(tokenMatches('', token), false);
    assert.equal(tokenMatches(null, token), false);
  });

  it('takes the token from a Bearer header, else from ?token=', () => {
    assert.equal(tokenFromRequest('Bearer abc', new URLSearchParams('token=zzz')), 'abc');
    assert.equal(tokenFromRequest(undefined, new URLSearchParams('token=zzz')), 'zzz');
    assert.equal(tokenFromRequest('Basic abc', new URLSearchParams('')), null);
  });

  it('answers on loopback only to Host names that mean this machine, on its own port', () => {
    const bound = { host: '127.0.0.1', port: 8470 };
    for (const host of ['127.0.0.1:8470', 'localhost:8470', 'LOCALHOST:8470', '[::1]:8470', 'localhost']) {
      assert.equal(hostAllowed(host, bound), true, host);
    }
    for (const host of [
      'evil.example:8470',
      'evil.example',
      '127.0.0.1:9999',
      '10.200.1.2:8470',
      'localhost.evil.example:8470',
      '',
      undefined,
      '127.0.0.1:8470@evil',
    ]) {
      assert.equal(hostAllowed(host, bound), false, String(host));
    }
  });

  it("lets a change through only from this server's own page, with a JSON content type", () => {
    const json = 'application/json';
    const host = '127.0.0.1:8470';
    const cases: readonly [string, Parameters<typeof stateChangeRefusal>[0], 403 | 415 | null][] = [
      ['our page', { origin: 'http://127.0.0.1:8470', host, 'content-type': json }, null],
      ['a client without Origin (curl)', { host, 'content-type': 'application/json; charset=utf-8' }, null],
      [
        'Origin compared without case',
        { origin: 'HTTP://LOCALHOST:8470', host: 'localhost:8470', 'content-type': json },
        null,
      ],
      ['another site', { origin: 'http://evil.example', host, 'content-type': json }, 403],
      ['another port on this machine', { origin: 'http://127.0.0.1:9999', host, 'content-type': json }, 403],
      ['a sandboxed frame (Origin null)', { origin: 'null', host, 'content-type': json }, 403],
      ['https page of the same host', { origin: 'https://127.0.0.1:8470', host, 'content-type': json }, 403],
      ['no Content-Type (a simple request)', { host }, 415],
      ['text/plain (a simple request)', { host, 'content-type': 'text/plain' }, 415],
      ['a form post', { host, 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ];
    for (const [name, headers, status] of cases) {
      assert.equal(stateChangeRefusal(headers)?.status ?? null, status, name);
    }
    assert.equal(
      stateChangeRefusal({ origin: 'http://evil.example', host, 'content-type': json })?.message,
      'cross-origin request refused: Origin "http://evil.example" is not this server (http://127.0.0.1:8470); only the status window served here may change anything',
    );
  });

  it('never maps a request path outside the build directory', () => {
    assert.equal(safeRelativePath('/'), '');
    assert.equal(safeRelativePath('/assets/app-1234.js'), 'assets/app-1234.js');
    assert.equal(safeRelativePath('/./index.html'), 'index.html');
    for (const path of [
      '/../package.json',
      '/assets/../../etc/passwd',
      '/%2e%2e/package.json',
      '/%2E%2E%2Fpackage.json',
      '/assets%2f..%2f..%2fetc',
      '/..%5cpackage.json',
      '/a\\..\\b',
      '/index.html%00.js',
      '/%E0%A4%A',
    ]) {
      assert.equal(safeRelativePath(path), null, path);
    }
  });

  it('has a CSP that allows only our own files', () => {
    assert.equal(
      CONTENT_SECURITY_POLICY,
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    assert.equal(isLoopbackAddress('[::1]'), true);
  });
});
