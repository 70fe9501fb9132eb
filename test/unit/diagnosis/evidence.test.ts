import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeGateway,
  describeInterface,
  describeProbe,
  summariseOutcomes,
} from '../../../app/diagnosis/evidence.js';
import type { ProbeResult } from '../../../app/probes/types.js';

const cases: { result: ProbeResult; line: string }[] = [
  {
    result: {
      kind: 'tcp',
      target: '1.1.1.1:443',
      family: 4,
      outcome: 'timeout',
      errorCode: 'ETIMEDOUT',
      ms: 3000.4,
    },
    line: '1.1.1.1:443 timeout after 3000 ms (ETIMEDOUT)',
  },
  {
    result: {
      kind: 'tcp',
      target: '1.1.1.1:443',
      family: 4,
      outcome: 'connected',
      errorCode: null,
      ms: 23.6,
    },
    line: '1.1.1.1:443 connected in 24 ms',
  },
  {
    result: {
      kind: 'tcp',
      target: '[2001:db8::1]:443',
      family: 6,
      outcome: 'network-unreachable',
      errorCode: 'ENETUNREACH',
      ms: 0.2,
    },
    line: '[2001:db8::1]:443 network-unreachable after 0 ms (ENETUNREACH)',
  },
  {
    result: {
      kind: 'tcp',
      target: '1.1.1.1:53',
      family: 4,
      outcome: 'local-error',
      errorCode: 'EMFILE',
      ms: null,
    },
    line: '1.1.1.1:53 local-error, never started (EMFILE)',
  },
  {
    result: {
      kind: 'dns',
      target: 'example.com@10.200.1.1',
      family: 4,
      outcome: 'nxdomain',
      errorCode: 'ENOTFOUND',
      ms: 12,
    },
    line: 'dns example.com@10.200.1.1 nxdomain after 12 ms (ENOTFOUND)',
  },
];

for (const { result, line } of cases) {
  test(`describes a ${result.kind} ${result.outcome} probe as "${line}"`, () => {
    assert.equal(describeProbe(result), line);
  });
}

test('describes an interface with its link state and addresses', () => {
  assert.equal(
    describeInterface({
      name: 'eth0',
      loopback: false,
      up: true,
      carrier: false,
      addresses: [{ family: 4, address: '169.254.3.4', prefixLength: 16, scope: 'link' }],
    }),
    'eth0: up, no carrier, 169.254.3.4/16',
  );
});

test('describes a silent gateway with what it did not answer', () => {
  assert.equal(
    describeGateway({
      route: { family: 4, gateway: '10.200.1.1', interfaceName: 'eth0', metric: 100 },
      tcp: {
        kind: 'tcp',
        target: '10.200.1.1:53',
        family: 4,
        outcome: 'timeout',
        errorCode: 'ETIMEDOUT',
        ms: 1000,
        endpoint: { host: '10.200.1.1', port: 53, family: 4 },
      },
      neighbour: 'failed',
      verdict: 'silent',
    }),
    'gateway 10.200.1.1 on eth0 silent: 10.200.1.1:53 timeout after 1000 ms (ETIMEDOUT), neighbour failed',
  );
});

test('summarises outcomes most common first', () => {
  assert.equal(summariseOutcomes(['refused', 'timeout', 'timeout']), '2 timed out, 1 refused');
});
