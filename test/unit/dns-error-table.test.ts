import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dns from 'node:dns';
import { classifyDnsError, dnsErrorOutcomes, type DnsOutcome } from '../../app/probes/dns-error-table.js';

/** The error codes node:dns exports as constants (dns.NODATA === 'ENODATA' …): every one c-ares can report. */
const nodeDnsCodes = (Object.values(dns) as unknown[]).filter(
  (value): value is string => typeof value === 'string' && /^E[A-Z0-9]+$/.test(value),
);

test('maps every error code node:dns can report, so none falls through to a guess', () => {
  assert.ok(nodeDnsCodes.length >= 20, `only ${nodeDnsCodes.length} codes found on node:dns`);
  const missing = nodeDnsCodes.filter((code) => !Object.hasOwn(dnsErrorOutcomes, code));
  assert.deepEqual(missing, []);
});

test('tells a server that answered with an error from one that never answered', () => {
  const expected: ReadonlyArray<readonly [string, DnsOutcome]> = [
    ['ENODATA', 'no-data'],
    ['ENOTFOUND', 'nxdomain'],
    ['ESERVFAIL', 'servfail'],
    ['EREFUSED', 'refused'],
    ['ENOTIMP', 'refused'],
    ['EFORMERR', 'bad-response'],
    ['EBADRESP', 'bad-response'],
    ['EOF', 'bad-response'],
    ['ETIMEOUT', 'timeout'],
    ['ECONNREFUSED', 'unreachable'],
    ['EBADNAME', 'local-error'],
    ['ECANCELLED', 'local-error'],
  ];
  for (const [code, outcome] of expected) assert.equal(classifyDnsError(code), outcome, code);
});

test('treats an unknown or missing code, or one named like an Object member, as a local error', () => {
  assert.equal(classifyDnsError(undefined), 'local-error');
  assert.equal(classifyDnsError('ESOMETHINGNEW'), 'local-error');
  assert.equal(classifyDnsError('toString'), 'local-error');
});
