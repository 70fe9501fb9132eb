import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEndpoint } from '../../app/probes/types.js';

test('formats an IPv6 endpoint in brackets', () => {
  assert.equal(formatEndpoint({ host: '2001:db8::1', port: 443, family: 6 }), '[2001:db8::1]:443');
});
