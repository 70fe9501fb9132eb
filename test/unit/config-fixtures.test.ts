// One file per validation error, each with the exact message a user sees (blackbox_exporter's
// config/testdata/invalid-*.yml pattern). A fixture without an expected message fails the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSettings } from '../../app/config/load.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/config');

const EXPECTED: Readonly<Record<string, string>> = {
  'invalid-empty.json': 'the file is empty; write {} for no settings',
  'invalid-not-object.json': 'must be a JSON object like {"timeoutMs": 3000}, not an array',
  'invalid-unknown-key.json': 'unknown key "timeout" (did you mean "timeoutMs"?)',
  'invalid-unknown-key-far.json':
    'unknown key "colour" (known keys: targets, timeoutMs, intervalMs, logFile, dnsNames, referenceResolvers, ' +
    'portalUrls, tls, db, metricsListen, listen, token)',
  'invalid-unknown-nested-key.json': 'unknown key "tls.host" (known keys in "tls": target, name)',
  'invalid-nested-key-typo.json': 'unknown key "tls.nmae" (did you mean "tls.name"?)',
  'invalid-tls-not-object.json': 'key "tls": must be an object with "target", "name", not a string',
  'invalid-targets-not-array.json': 'key "targets": must be an array of strings, not a string',
  'invalid-targets-empty.json': 'key "targets": must list at least one item',
  'invalid-targets-null.json': 'key "targets": must be an array of strings, not null',
  'invalid-target-not-string.json': 'key "targets": item 2 must be a string, not a number',
  'invalid-target-port-zero.json': 'key "targets": item 1 "198.51.100.1:0": port must be 1–65535',
  'invalid-target-port-too-high.json': 'key "targets": item 2 "198.51.100.1:65536": port must be 1–65535',
  'invalid-target-hostname.json':
    'key "targets": item 1 "one.one.one.one:443": must be an IP address, not a name (the check must not depend on DNS)',
  'invalid-target-ipv6-without-brackets.json':
    'key "targets": item 1 "2001:db8::1": an IPv6 address needs brackets and a port, like [2001:db8::1]:443',
  'invalid-target-comma-separated.json':
    'key "targets": item 1 "198.51.100.1:443,203.0.113.1:443": one value per string; write ["198.51.100.1:443", "203.0.113.1:443"]',
  'invalid-targets-duplicate.json':
    'key "targets": item 3 "[2001:0db8:0:0::1]:443" repeats item 1 "[2001:db8::1]:443" (both are [2001:db8::1]:443); list each once',
  'invalid-timeout-huge-number.json': 'key "timeoutMs": 1e400: is too large a number',
  'invalid-interval-huge-negative.json': 'key "intervalMs": -1e400: must not be negative',
  'invalid-targets-huge-number.json': 'key "targets": item 2 must be a string, not a number',
  'invalid-tls-huge-number.json': 'key "tls": must be an object with "target", "name", not a number',
  'invalid-unknown-key-short.json':
    'unknown key "foo" (known keys: targets, timeoutMs, intervalMs, logFile, dnsNames, referenceResolvers, portalUrls, tls, db, metricsListen, listen, token)',
  'invalid-target-port-leading-zero.json':
    'key "targets": item 1 "198.51.100.1:0443": port "0443" must not start with 0; write 443',
  'invalid-target-missing-port.json':
    'key "targets": item 1 "198.51.100.1": missing port; write it as 198.51.100.1:443',
  'invalid-timeout-not-a-duration.json':
    'key "timeoutMs": "abc": must be a duration like 500, 500ms, 5s or 1m',
  'invalid-timeout-negative.json': 'key "timeoutMs": -5: must not be negative',
  'invalid-timeout-too-short.json': 'key "timeoutMs": 50: must be 100–60000 ms',
  'invalid-timeout-boolean.json':
    'key "timeoutMs": must be a number of milliseconds or a string like "5s", not a boolean',
  'invalid-interval-too-long.json': 'key "intervalMs": "2h": must be 1000–3600000 ms',
  'invalid-log-file-number.json': 'key "logFile": must be a string, not a number',
  'invalid-dns-name-is-ip.json': 'key "dnsNames": item 1 "198.51.100.53": must be a name, not an IP address',
  'invalid-dns-name-invalid.json':
    'key "dnsNames": item 1 "bad name.example": is not a valid DNS name (letters, digits and hyphens between dots)',
  'invalid-reference-resolver-name.json':
    'key "referenceResolvers": item 1 "dns.example": must be an IP address, not a name (the check must not depend on DNS)',
  'invalid-portal-url-https.json':
    'key "portalUrls": item 1 "https://portal.example/generate_204": must be a plain http:// URL (a portal cannot rewrite https)',
  'invalid-portal-url-not-url.json':
    'key "portalUrls": item 1 "portal.example": is not a URL; expected something like http://example.com/generate_204',
  'invalid-tls-target-port.json': 'key "tls.target": "198.51.100.4:70000": port must be 1–65535',
  'invalid-metrics-listen-no-port.json':
    'key "metricsListen": "127.0.0.1": missing port; write it as 127.0.0.1:443',
  'invalid-listen-hostname.json':
    'key "listen": "localhost:8470": must be an IP address, not a name (the check must not depend on DNS)',
  'invalid-token-too-short.json': 'key "token": (hidden): must be at least 16 characters',
};

test('every invalid-*.json fixture has an expected message, and every message a fixture', () => {
  const files = readdirSync(FIXTURES).filter((name) => name.startsWith('invalid-'));
  assert.deepEqual(files.sort(), Object.keys(EXPECTED).sort());
});

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`config file ${name} is refused with its exact message`, async () => {
    const path = join(FIXTURES, name);
    const home = mkdtempSync(join(tmpdir(), 'internet-conn-home-'));
    const result = await loadSettings({
      flags: {},
      configFlag: path,
      env: { HOME: home },
      cwd: home,
      platform: 'linux',
    });
    assert.equal(result.ok, false);
    const message = result.ok ? '' : result.message;
    assert.doesNotMatch(message, /\n/);
    if (name === 'invalid-json.json')
      assert.ok(message.startsWith(`config file ${path}: ${expected}`), message);
    else assert.equal(message, `config file ${path}: ${expected}`);
  });
}

// Not a fixture file: Prettier would "repair" it (or fail `prettier --check .` on it).
test('a config file that is not JSON is refused with the line and column of the mistake', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'internet-conn-config-'));
  const path = join(dir, 'config.json');
  writeFileSync(path, '{\n  "timeoutMs": 3000,\n}\n');
  const result = await loadSettings({
    flags: {},
    configFlag: path,
    env: { HOME: dir },
    cwd: dir,
    platform: 'linux',
  });
  assert.equal(result.ok, false);
  const message = result.ok ? '' : result.message;
  // V8 words JSON errors differently between versions; the position is ours and is checked exactly.
  assert.ok(message.startsWith(`config file ${path}: not valid JSON at line 3 column 1: `), message);
  assert.doesNotMatch(message, /\n/);
});
