import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../../app/diagnosis/diagnose.js';
import {
  EARLIER_BURSTS_POOLED,
  HIGH_LATENCY_THRESHOLD_MS,
  RECENT_LATENCY_CHECKS,
  MIN_CONNECTED_FOR_LATENCY,
  MIN_JUDGED_CONNECTS,
  PACKET_LOSS_THRESHOLD_PERCENT,
  findHighLatency,
  findPacketLoss,
} from '../../../app/diagnosis/rules/quality.js';
import type { DiagnosisInput, RecentChecks } from '../../../app/diagnosis/types.js';
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

/** The monitor's recent checks: fastest connects newest first, and earlier bursts to 1.1.1.1:443. */
function recent(
  fastestMs: readonly number[],
  bursts: readonly [sent: number, lost: number][] = [],
): RecentChecks {
  return {
    windowMs: 120_000,
    checks: fastestMs.length,
    failedChecks: 0,
    fastestMs,
    bursts: bursts.map(([sent, lost]) => ({ target: '1.1.1.1:443', sent, lost })),
  };
}

const pooledLossCases: readonly {
  behaviour: string;
  connected: number;
  lost: number;
  earlier: readonly [number, number][];
  expected: string | null;
}[] = [
  {
    behaviour: 'a clean burst after three lossy ones (the loss may not be over)',
    connected: 10,
    lost: 0,
    earlier: [
      [10, 6],
      [10, 7],
      [10, 5],
    ],
    expected: '45% of 40',
  },
  {
    behaviour: 'the third clean burst in a row after a lossy one',
    connected: 10,
    lost: 0,
    earlier: [
      [10, 0],
      [10, 0],
      [10, 6],
    ],
    expected: null,
  },
  {
    behaviour: 'one unlucky burst among clean ones',
    connected: 7,
    lost: 3,
    earlier: [
      [10, 0],
      [10, 1],
      [10, 0],
    ],
    expected: null,
  },
  {
    behaviour: 'a burst cut short by the deadline, with earlier lossy bursts',
    connected: 2,
    lost: 2,
    earlier: [[10, 4]],
    expected: '43% of 14',
  },
  {
    behaviour: 'only the three newest earlier bursts count',
    connected: 10,
    lost: 0,
    earlier: [
      [10, 0],
      [10, 0],
      [10, 0],
      [10, 10],
    ],
    expected: null,
  },
];

for (const { behaviour, connected, lost, earlier, expected } of pooledLossCases) {
  test(`monitor: packet-loss ${expected === null ? 'not reported' : 'reported'} for ${behaviour}`, () => {
    const findings = findPacketLoss({ ...withProbes(burst(connected, lost)), recent: recent([], earlier) });
    if (expected === null) {
      assert.deepEqual(findings, []);
      return;
    }
    const [finding] = findings;
    assert.equal(`${finding?.facts['percent']}% of ${finding?.facts['sent']}`, expected);
    assert.match(
      finding?.evidence[1] ?? '',
      /^\d earlier bursts? to 1\.1\.1\.1:443: \d+ of \d+ connects lost$/,
    );
  });
}

test('monitor: earlier bursts to another target are not pooled', () => {
  const other: RecentChecks = {
    ...recent([], [[10, 10]]),
    bursts: [{ target: '8.8.8.8:443', sent: 10, lost: 10 }],
  };
  assert.deepEqual(findPacketLoss({ ...withProbes(burst(10, 0)), recent: other }), []);
});

test('monitor: checks that connected nowhere are named in the loss evidence', () => {
  const input: DiagnosisInput = {
    ...withProbes(burst(4, 6)),
    recent: { ...recent([30, 31, 29]), checks: 5, failedChecks: 2 },
  };
  const [finding] = findPacketLoss(input);
  assert.equal(finding?.evidence[1], '2 of 5 checks in the last 120 s connected to no target');
});

const pooledLatencyCases: readonly {
  behaviour: string;
  burstMs: number;
  recentMs: readonly number[];
  expected: number | null;
}[] = [
  {
    behaviour: 'one slow burst after a minute of quick checks',
    burstMs: 420,
    recentMs: Array(11).fill(40),
    expected: null,
  },
  {
    behaviour: 'a quick burst after a minute of slow checks',
    burstMs: 40,
    recentMs: Array(11).fill(410),
    expected: 410,
  },
  {
    behaviour: 'the first slow checks after a quick minute: 3 slow checks and the burst of 12',
    burstMs: 420,
    recentMs: [410, 415, 405, ...Array(8).fill(40)],
    expected: null,
  },
  {
    behaviour: 'more than half of the last minute slow',
    burstMs: 420,
    recentMs: [410, 415, 405, 400, 430, 402, ...Array(5).fill(40)],
    expected: 401,
  },
  {
    behaviour: 'only the 11 newest checks count',
    burstMs: 420,
    recentMs: [...Array(11).fill(40), ...Array(30).fill(500)],
    expected: null,
  },
];

for (const { behaviour, burstMs, recentMs, expected } of pooledLatencyCases) {
  test(`monitor: high-latency ${expected === null ? 'not reported' : 'reported'} for ${behaviour}`, () => {
    const findings = findHighLatency({ ...withProbes(burst(10, 0, burstMs)), recent: recent(recentMs) });
    if (expected === null) {
      assert.deepEqual(findings, []);
      return;
    }
    const [finding] = findings;
    assert.equal(finding?.facts['ms'], String(expected));
    assert.match(
      finding?.evidence[1] ?? '',
      /^fastest connect of the last 11 checks: \d+(–\d+)? ms; with this burst, median \d+ ms$/,
    );
  });
}

test('monitor: the pooled constants are the documented ones', () => {
  assert.equal(EARLIER_BURSTS_POOLED, 3);
  assert.equal(RECENT_LATENCY_CHECKS, 11);
});

/** The healthy input with its targets connected in the given times (null: timed out) and a burst. */
function withTargets(ms: readonly (number | null)[], ...otherProbes: QualityProbeResult[]): DiagnosisInput {
  const targets = healthy.targets.slice(0, ms.length).map((target, index): TcpProbeResult => {
    const value = ms[index] ?? null;
    return value === null
      ? { ...target, outcome: 'timeout', errorCode: 'ETIMEDOUT', ms: 1500 }
      : { ...target, outcome: 'connected', errorCode: null, ms: value };
  });
  return { ...healthy, targets, otherProbes };
}

/** A burst whose every connect ran out of the deadline after a slow first connect. */
const unmeasured: QualityProbeResult = {
  ...burst(0, 0),
  outcome: 'unmeasured',
  attempts: Array.from({ length: 10 }, () => ({ outcome: 'unjudged' as const, ms: 690, allowanceMs: 690 })),
};

const targetLatencyCases: readonly {
  behaviour: string;
  targetsMs: readonly (number | null)[];
  probes: readonly QualityProbeResult[];
  expected: string | null;
}[] = [
  {
    behaviour: 'an unmeasured burst and four targets at 802–811 ms',
    targetsMs: [805, 802, 811, 809],
    probes: [unmeasured],
    expected: '802',
  },
  {
    behaviour: 'no burst at all and two slow targets',
    targetsMs: [650, 700, null],
    probes: [],
    expected: '650',
  },
  {
    behaviour: 'only one target connected, slowly: one sample is not the link',
    targetsMs: [805, null, null],
    probes: [unmeasured],
    expected: null,
  },
  {
    behaviour: `the fastest target just under ${HIGH_LATENCY_THRESHOLD_MS} ms`,
    targetsMs: [HIGH_LATENCY_THRESHOLD_MS - 1, 900],
    probes: [unmeasured],
    expected: null,
  },
  {
    behaviour: `the fastest target at exactly ${HIGH_LATENCY_THRESHOLD_MS} ms`,
    targetsMs: [HIGH_LATENCY_THRESHOLD_MS, 900],
    probes: [unmeasured],
    expected: String(HIGH_LATENCY_THRESHOLD_MS),
  },
  {
    behaviour: 'a usable quick burst wins over slow targets (they may have queued behind each other)',
    targetsMs: [805, 802],
    probes: [burst(10, 0, 40)],
    expected: null,
  },
];

for (const { behaviour, targetsMs, probes, expected } of targetLatencyCases) {
  test(`high-latency ${expected === null ? 'not reported' : 'reported'} for ${behaviour}`, () => {
    const findings = findHighLatency(withTargets(targetsMs, ...probes));
    if (expected === null) {
      assert.deepEqual(findings, []);
      return;
    }
    const [finding] = findings;
    assert.equal(finding?.facts['ms'], expected);
    assert.match(finding?.evidence.at(-1) ?? '', /^fastest of \d targets that connected: /);
  });
}
