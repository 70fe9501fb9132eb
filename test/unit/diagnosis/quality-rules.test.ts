import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../../app/diagnosis/diagnose.js';
import {
  HIGH_LATENCY_THRESHOLD_MS,
  MIN_CONNECTED_FOR_LATENCY,
  MIN_JUDGED_CONNECTS,
  PACKET_LOSS_THRESHOLD_PERCENT,
  findHighLatency,
  findPacketLoss,
} from '../../../app/diagnosis/rules/quality.js';
import type { DiagnosisInput } from '../../../app/diagnosis/types.js';
import type { BurstAttempt, QualityProbeResult } from '../../../app/probes/quality.js';
import type { TcpProbeResult } from '../../../app/probes/types.js';

const healthy = (
  JSON.parse(
    readFileSync(
      fileURLToPath(new URL('../../fixtures/diagnosis/healthy-dual-stack.json', import.meta.url)),
      'utf8',
    ),
  ) as { input: DiagnosisInput }
).input;

/** A burst to 1.1.1.1:443 with `connected` connects of `ms` each and `lost` lost ones. */
function burst(
  connected: number,
  lost: number,
  ms = 20,
  extra: readonly BurstAttempt[] = [],
): QualityProbeResult {
  const attempts: BurstAttempt[] = [
    ...Array.from({ length: connected }, () => ({ outcome: 'connected' as const, ms, allowanceMs: 1000 })),
    ...Array.from({ length: lost }, () => ({ outcome: 'lost' as const, ms: 1000, allowanceMs: 1000 })),
    ...extra,
  ];
  return {
    kind: 'local',
    target: 'quality burst to 1.1.1.1:443',
    family: 4,
    outcome: 'measured',
    errorCode: null,
    ms: connected > 0 ? ms : null,
    endpoint: { host: '1.1.1.1', port: 443, family: 4 },
    attempts,
    sent: connected + lost,
    lost,
    medianMs: connected > 0 ? ms : null,
    cutoffMs: 1000,
  };
}

function withProbes(...otherProbes: QualityProbeResult[]): DiagnosisInput {
  return { ...healthy, otherProbes };
}

const lossCases = [
  { behaviour: '2 of 10 lost is exactly the threshold', connected: 8, lost: 2, expected: true },
  { behaviour: '1 of 10 lost is below it', connected: 9, lost: 1, expected: false },
  { behaviour: '6 of 10 lost (40 % each way) is loss', connected: 4, lost: 6, expected: true },
  { behaviour: 'every connect lost is loss', connected: 0, lost: 10, expected: true },
  {
    behaviour: '1 of 5 judged is the threshold at the minimum sample',
    connected: 4,
    lost: 1,
    expected: true,
  },
  { behaviour: '2 of 4 judged is too few to judge', connected: 2, lost: 2, expected: false },
  { behaviour: 'nothing lost', connected: 10, lost: 0, expected: false },
];

for (const { behaviour, connected, lost, expected } of lossCases) {
  test(`packet-loss ${expected ? 'reported' : 'not reported'} when ${behaviour}`, () => {
    const findings = findPacketLoss(withProbes(burst(connected, lost)));
    assert.equal(findings.length, expected ? 1 : 0);
  });
}

test('the loss constants are the documented ones', () => {
  assert.equal(PACKET_LOSS_THRESHOLD_PERCENT, 20);
  assert.equal(MIN_JUDGED_CONNECTS, 5);
  assert.equal(HIGH_LATENCY_THRESHOLD_MS, 300);
  assert.equal(MIN_CONNECTED_FOR_LATENCY, 3);
});

test('packet-loss quotes percent, attempts and target, and lists the burst and failed targets', () => {
  const input: DiagnosisInput = {
    ...withProbes(burst(4, 6)),
    targets: healthy.targets.map((target, index): TcpProbeResult =>
      index === 0 ? target : { ...target, outcome: 'timeout', errorCode: 'ETIMEDOUT', ms: 1500 },
    ),
  };
  const [finding] = findPacketLoss(input);
  assert.deepEqual(finding?.facts, { percent: '60', sent: '10', target: '1.1.1.1:443' });
  assert.equal(
    finding?.evidence[0],
    'burst to 1.1.1.1:443: 6 of 10 connects lost (no answer within 1000 ms), median connect 20 ms',
  );
  assert.equal(finding?.evidence.length, 6, 'the burst and the five targets that failed');
});

test('is limited with packet-loss, not offline, when 1 of 6 targets connects under heavy loss', () => {
  const input: DiagnosisInput = {
    ...withProbes(burst(4, 6)),
    targets: healthy.targets.map((target, index): TcpProbeResult =>
      index === 2 ? target : { ...target, outcome: 'timeout', errorCode: 'ETIMEDOUT', ms: 1500 },
    ),
  };
  const diagnosis = diagnose(input, 'linux');
  assert.equal(diagnosis.status, 'limited');
  const loss = diagnosis.causes.find((cause) => cause.code === 'packet-loss');
  assert.ok(loss, diagnosis.causes.map((cause) => cause.code).join(', '));
  assert.match(loss.explanation, /^60% of 10 connection attempts to 1\.1\.1\.1:443 got no answer/);
});

test('unjudged and failed attempts count neither as sent nor as lost', () => {
  const extra: BurstAttempt[] = [
    { outcome: 'unjudged', ms: 150, allowanceMs: 150 },
    { outcome: 'failed', ms: 3, allowanceMs: 1000 },
  ];
  const result = { ...burst(3, 1, 20, extra), sent: 4 };
  assert.deepEqual(findPacketLoss(withProbes(result)), [], 'only 4 judged');
});

test('a burst that found no target says nothing about quality', () => {
  const none: QualityProbeResult = {
    ...burst(0, 0),
    outcome: 'no-target',
    endpoint: null,
    target: 'quality burst',
  };
  assert.deepEqual(findPacketLoss(withProbes(none)), []);
  assert.deepEqual(findHighLatency(withProbes(none)), []);
});

const latencyCases = [
  { behaviour: 'the median is exactly 300 ms', ms: 300, connected: 10, expected: true },
  { behaviour: 'the median is 299 ms', ms: 299, connected: 10, expected: false },
  { behaviour: 'a 200 ms delay each way (≈ 400 ms)', ms: 404, connected: 10, expected: true },
  { behaviour: 'a transatlantic path (≈ 100 ms)', ms: 100, connected: 10, expected: false },
  { behaviour: 'only 2 connects completed', ms: 500, connected: 2, expected: false },
  { behaviour: '3 connects completed', ms: 500, connected: 3, expected: true },
];

for (const { behaviour, ms, connected, expected } of latencyCases) {
  test(`high-latency ${expected ? 'reported' : 'not reported'} when ${behaviour}`, () => {
    const findings = findHighLatency(withProbes(burst(connected, 10 - connected, ms)));
    assert.equal(findings.length, expected ? 1 : 0);
  });
}

test('high-latency renders the median, the threshold and the target', () => {
  const diagnosis = diagnose(withProbes(burst(10, 0, 412.3)), 'linux');
  assert.equal(diagnosis.status, 'limited');
  assert.deepEqual(
    diagnosis.causes.map((cause) => cause.code),
    ['high-latency'],
  );
  assert.match(
    diagnosis.causes[0]?.explanation ?? '',
    /take 412 ms to set up \(slow above 300 ms\) to 1\.1\.1\.1:443/,
  );
});

test('a healthy burst leaves a healthy check online', () => {
  const diagnosis = diagnose(withProbes(burst(10, 0, 18)), 'linux');
  assert.equal(diagnosis.status, 'online');
  assert.deepEqual(diagnosis.causes, []);
});
