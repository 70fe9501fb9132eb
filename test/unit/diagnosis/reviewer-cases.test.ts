// Wrong diagnoses a network engineer found in review, and the verdict table of the gateway check.
// The fixtures in test/fixtures/diagnosis hold each situation; these tests check what a fixture's
// "includes" lists cannot: what must NOT be said, and the evidence lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../../app/diagnosis/diagnose.js';
import type { Diagnosis, DiagnosisInput } from '../../../app/diagnosis/types.js';
import { decidingAttempt, judgeGateway } from '../../../app/probes/gateway.js';
import type { NeighbourState } from '../../../app/probes/local-types.js';
import type { TcpOutcome, TcpProbeResult } from '../../../app/probes/types.js';

const fixtureDir = fileURLToPath(new URL('../../fixtures/diagnosis/', import.meta.url));

function diagnoseFixture(name: string): Diagnosis {
  const fixture = JSON.parse(readFileSync(fixtureDir + name, 'utf8')) as {
    platform: NodeJS.Platform;
    input: DiagnosisInput;
  };
  return diagnose(fixture.input, fixture.platform);
}

function text(diagnosis: Diagnosis): string {
  return diagnosis.causes.map((cause) => `${cause.explanation}\n${cause.fix.join('\n')}`).join('\n');
}

function attempt(port: number, outcome: TcpOutcome): TcpProbeResult {
  return {
    kind: 'tcp',
    target: `10.200.1.1:${port}`,
    family: 4,
    outcome,
    errorCode: outcome === 'connected' ? null : 'X',
    ms: 1,
    endpoint: { host: '10.200.1.1', port, family: 4 },
  };
}

const verdicts: {
  outcomes: readonly TcpOutcome[];
  neighbour: NeighbourState | null;
  verdict: 'alive' | 'silent' | 'unknown';
}[] = [
  { outcomes: ['timeout', 'refused', 'timeout'], neighbour: 'incomplete', verdict: 'alive' },
  { outcomes: ['connected', 'timeout', 'timeout'], neighbour: null, verdict: 'alive' },
  {
    outcomes: ['host-unreachable', 'host-unreachable', 'host-unreachable'],
    neighbour: 'reachable',
    verdict: 'silent',
  },
  { outcomes: ['timeout', 'timeout', 'timeout'], neighbour: 'incomplete', verdict: 'silent' },
  { outcomes: ['timeout', 'timeout', 'timeout'], neighbour: 'failed', verdict: 'silent' },
  // A router that just hung: its ARP entry is still complete, which proves nothing about now.
  { outcomes: ['timeout', 'timeout', 'timeout'], neighbour: 'reachable', verdict: 'unknown' },
  { outcomes: ['timeout', 'timeout', 'timeout'], neighbour: 'stale', verdict: 'unknown' },
  // IPv6 neighbours are unreadable without netlink: silence alone does not convict.
  { outcomes: ['timeout', 'timeout', 'timeout'], neighbour: null, verdict: 'unknown' },
  { outcomes: ['local-error', 'local-error', 'local-error'], neighbour: 'failed', verdict: 'unknown' },
  { outcomes: [], neighbour: 'failed', verdict: 'unknown' },
];

for (const { outcomes, neighbour, verdict } of verdicts) {
  test(`judges a gateway ${verdict} when its ports end ${outcomes.join('/') || 'untried'} with neighbour ${String(neighbour)}`, () => {
    const attempts = outcomes.map((outcome, index) => attempt([53, 80, 443][index] ?? 53, outcome));
    assert.equal(judgeGateway(attempts, neighbour), verdict);
  });
}

test('shows the answering port as the gateway check result, else an unreachable, else a timeout', () => {
  assert.equal(decidingAttempt([attempt(53, 'timeout'), attempt(80, 'refused')])?.endpoint.port, 80);
  assert.equal(
    decidingAttempt([attempt(53, 'timeout'), attempt(80, 'host-unreachable')])?.outcome,
    'host-unreachable',
  );
  assert.equal(decidingAttempt([attempt(53, 'timeout'), attempt(443, 'timeout')])?.endpoint.port, 53);
  assert.equal(decidingAttempt([]), null);
});

test('does not say the router answers when it only has a remembered ARP entry (router just hung)', () => {
  const diagnosis = diagnoseFixture('router-hung-arp-still-remembered.json');
  assert.doesNotMatch(text(diagnosis), /router [\d.]+ on eth0 answers|Your router answers/);
  assert.ok(
    diagnosis.causes[0]?.evidence[0]?.includes('10.200.1.1:443 timeout'),
    'every port tried is evidence',
  );
});

test("names the backup route in the evidence when the preferred route's router is silent", () => {
  const [cause] = diagnoseFixture('preferred-route-gateway-silent.json').causes;
  assert.ok(
    cause?.evidence.includes(
      'default route (IPv4) via 10.200.1.1 dev eth0 metric 100 (backup, not used while the preferred route is up)',
    ),
    cause?.evidence.join('\n'),
  );
  assert.ok(
    !cause?.evidence.some((line) => line.startsWith('gateway 10.200.1.1 ')),
    'the backup router is not blamed',
  );
});

test('puts the tunnel route in the evidence and does not send the user to the modem first', () => {
  const [cause] = diagnoseFixture('vpn-tunnel-preferred-route-timeouts.json').causes;
  assert.ok(cause?.evidence.includes('default route (IPv4) dev vpn0 metric 5'), cause?.evidence.join('\n'));
  assert.doesNotMatch(cause?.fix[0] ?? '', /modem/);
  assert.doesNotMatch(cause?.explanation ?? '', /The fault is on the internet side of your router/);
});

test('does not blame IPv6 or call it harmless when 443 is blocked in both families', () => {
  const diagnosis = diagnoseFixture('port-443-blocked-both-families.json');
  assert.equal(diagnosis.causes[0]?.severity, 'limited');
  assert.doesNotMatch(text(diagnosis), /Nothing to do/);
});

test('keeps port-blocked informational when only port 53 is blocked', () => {
  const [cause] = diagnoseFixture('port-53-timeout-443-connects.json').causes;
  assert.equal(cause?.severity, 'info');
  assert.equal(cause?.fix[0], 'Nothing to do if the apps you use work.');
});

test('does not claim a user-chosen target always accepts connections', () => {
  assert.doesNotMatch(
    text(diagnoseFixture('user-target-closed-port.json')),
    /always accept connections on these/,
  );
});

test('does not call host-unreachable answers a firewall or tell the user to disconnect the adapter that is up', () => {
  assert.doesNotMatch(
    text(diagnoseFixture('all-host-unreachable.json')),
    /A firewall|firewall on this computer/,
  );
  assert.doesNotMatch(text(diagnoseFixture('default-route-on-unplugged-cable.json')), /disconnect wlan0/);
});
