// Trust and quality end to end: the bundled CLI in the lab's client namespace against a lab TLS host
// (services/tls.ts), an intercepting box in the router, a server whose clock and certificate are days
// ahead, random loss and a delay line. One lab for the file; each scenario undoes what it did.
// Needs `npm run build` first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLab, delaySkipReason, labSkipReason, type Lab, type Service } from './fixture/lab.js';
import { LAB_TLS_NAME } from './fixture/lab-layers.js';
import {
  LAB_PROXY_CA_NAME,
  createLabTls,
  interceptTls,
  startTlsHost,
  type LabTls,
} from './fixture/services/tls.js';

const TIMEOUT_MS = 1500;
/** DESIGN: a full diagnosis takes at most the timeout + 300 ms. */
const SLACK_MS = 300;
const DAY_MS = 86_400_000;
const TARGETS = ['198.51.100.1:443', '198.51.100.1:53', '203.0.113.1:443', '[2001:db8:100::1]:443'];
/**
 * Every lab host on both ports (10 targets): under 40 % loss each way a target connects within 1.5 s
 * with probability 1 − 0.64² ≈ 0.59, so all 10 failing (an honest "offline") has ≈ 0.41¹⁰ ≈ 0.01 %.
 */
const LOSS_TARGETS = [
  '198.51.100.1',
  '198.51.100.2',
  '203.0.113.1',
  '[2001:db8:100::1]',
  '[2001:db8:100::2]',
].flatMap((host) => [`${host}:443`, `${host}:53`]);

interface Report {
  readonly status: string;
  readonly causes: readonly { code: string; explanation: string; evidence: string[] }[];
  readonly probes: readonly { kind: string; target: string; outcome: string; ms: number | null }[];
  readonly elapsedMs: number;
}

const skip = labSkipReason() ?? false;
let lab: Lab | undefined;
let tls: LabTls | undefined;
let tlsHost: Service | undefined;

before(async () => {
  if (skip !== false) return;
  [lab, tls] = await Promise.all([createLab(), createLabTls()]);
  tlsHost = await startTlsHost(lab, tls);
});

after(async () => {
  await lab?.destroy();
  tls?.remove();
});

async function check(
  targets: readonly string[],
  timeoutMs = TIMEOUT_MS,
): Promise<{ code: number; report: Report }> {
  assert.ok(lab && tls);
  const result = await lab.runCli(
    ['check', '--json', ...targets.flatMap((target) => ['--target', target]), '--timeout', String(timeoutMs)],
    { env: tls.clientEnv },
  );
  assert.equal(result.stderr, '', 'nothing on stderr');
  const report = JSON.parse(result.stdout) as Report;
  assert.ok(
    report.elapsedMs <= timeoutMs + SLACK_MS,
    `elapsedMs ${report.elapsedMs} exceeds ${timeoutMs} + ${SLACK_MS}`,
  );
  return { code: result.code ?? -1, report };
}

const codes = (report: Report): string[] => report.causes.map((cause) => cause.code);
const trustOrQuality = ['tls-intercepted', 'clock-skew', 'packet-loss', 'high-latency'];

test('a healthy TLS host verifies and no trust or quality cause is named', { skip }, async () => {
  const { report } = await check(TARGETS);
  const tlsProbe = report.probes.find((probe) => probe.kind === 'tls');
  assert.equal(tlsProbe?.outcome, 'ok', JSON.stringify(tlsProbe));
  assert.equal(tlsProbe?.target, `${LAB_TLS_NAME}@198.51.100.43:443`);
  const burst = report.probes.find((probe) => probe.outcome === 'measured');
  assert.ok(burst, 'the quality burst ran');
  assert.deepEqual(
    codes(report).filter((code) => trustOrQuality.includes(code)),
    [],
    JSON.stringify(report.causes, null, 2),
  );
});

test(
  'reports limited and tls-intercepted naming Lab Corp Proxy CA when the router intercepts 443',
  { skip },
  async () => {
    assert.ok(lab && tls);
    const interception = await interceptTls(lab, tls);
    try {
      const { code, report } = await check(TARGETS);
      assert.equal(report.status, 'limited', JSON.stringify(report.causes, null, 2));
      assert.equal(code, 2);
      const cause = report.causes.find((item) => item.code === 'tls-intercepted');
      assert.ok(cause, codes(report).join(', '));
      assert.match(cause.explanation, new RegExp(`issued by CN=${LAB_PROXY_CA_NAME}, O=Lab`));
      assert.match(cause.explanation, new RegExp(LAB_TLS_NAME.replaceAll('.', '\\.')));
      assert.ok(!codes(report).includes('clock-skew'));
    } finally {
      await interception.undo();
    }
    // And the real host verifies again once the box is gone: the cause came from the box.
    const { report } = await check(TARGETS);
    assert.ok(!codes(report).includes('tls-intercepted'), codes(report).join(', '));
  },
);

test(
  'reports limited and clock-skew "3 days behind" when certificate and Date are 3 days ahead',
  { skip },
  async () => {
    assert.ok(lab && tls && tlsHost);
    await tlsHost.stop();
    const now = Date.now();
    const skewed = await startTlsHost(lab, tls, {
      validFrom: new Date(now + 3 * DAY_MS - 3_600_000),
      validTo: new Date(now + 90 * DAY_MS),
      dateOffsetMs: 3 * DAY_MS,
    });
    try {
      const { code, report } = await check(TARGETS);
      assert.equal(report.status, 'limited', JSON.stringify(report.causes, null, 2));
      assert.equal(code, 2);
      assert.equal(report.probes.find((probe) => probe.kind === 'tls')?.outcome, 'not-yet-valid');
      const cause = report.causes.find((item) => item.code === 'clock-skew');
      assert.ok(cause, codes(report).join(', '));
      assert.match(cause.explanation, /clock is 3 days behind/);
      assert.ok(!codes(report).includes('tls-intercepted'), 'a trusted chain is not interception');
    } finally {
      await skewed.stop();
      tlsHost = await startTlsHost(lab, tls);
    }
  },
);

test('reports limited with packet-loss, never offline, under 40 % loss (3 runs)', { skip }, async () => {
  assert.ok(lab);
  await lab.addLoss(40);
  try {
    for (let run = 1; run <= 3; run += 1) {
      const { code, report } = await check(LOSS_TARGETS);
      const detail = `run ${run}: ${JSON.stringify({ causes: codes(report), probes: report.probes.filter((probe) => probe.kind === 'tcp') })}`;
      assert.equal(report.status, 'limited', detail);
      assert.equal(code, 2, detail);
      const cause = report.causes.find((item) => item.code === 'packet-loss');
      assert.ok(cause, detail);
      assert.match(cause.explanation, /^\d+% of \d+ connection attempts to /);
    }
  } finally {
    await lab.restore();
  }
});

test(
  'reports limited with high-latency at 400 ms round trip, within the timeout + 300 ms',
  { skip: delaySkipReason() ?? false },
  async () => {
    assert.ok(lab);
    await lab.setDelay(200);
    try {
      const { code, report } = await check(TARGETS, 3000);
      assert.equal(report.status, 'limited', JSON.stringify(report.causes, null, 2));
      assert.equal(code, 2);
      const cause = report.causes.find((item) => item.code === 'high-latency');
      assert.ok(cause, codes(report).join(', '));
      const ms = Number(/take (\d+) ms/.exec(cause.explanation)?.[1]);
      assert.ok(ms >= 400 && ms < 600, cause.explanation);
      assert.ok(!codes(report).includes('packet-loss'), 'delay is not loss');
    } finally {
      await lab.restore();
    }
  },
);

test(
  'reports high-latency from the targets when a short timeout leaves the burst nothing to measure (800 ms round trip, timeout 1500 ms)',
  { skip: delaySkipReason() ?? false },
  async () => {
    assert.ok(lab);
    await lab.setDelay(400);
    try {
      const { code, report } = await check(TARGETS, 1500);
      assert.equal(report.status, 'limited', JSON.stringify(report.causes, null, 2));
      assert.equal(code, 2);
      const cause = report.causes.find((item) => item.code === 'high-latency');
      assert.ok(cause, codes(report).join(', '));
      const ms = Number(/take (\d+) ms/.exec(cause.explanation)?.[1]);
      assert.ok(ms >= 800 && ms < 1000, cause.explanation);
      assert.ok(
        cause.evidence.some((line) => line.startsWith('fastest of ')),
        cause.evidence.join('\n'),
      );
      const burst = report.probes.find((probe) => probe.target.startsWith('quality burst'));
      assert.equal(
        burst?.outcome,
        'unmeasured',
        report.probes.map((p) => `${p.target} ${p.outcome}`).join('\n'),
      );
    } finally {
      await lab.restore();
    }
  },
);
