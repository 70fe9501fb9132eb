import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../../../app/diagnosis/diagnose.js';
import {
  CLOCK_SKEW_THRESHOLD_MS,
  describeSkew,
  findClockSkew,
  findTlsInterception,
} from '../../../app/diagnosis/rules/trust.js';
import type { DiagnosisInput } from '../../../app/diagnosis/types.js';
import type { TlsOutcome, TlsProbeResult } from '../../../app/probes/tls.js';

const healthy = (
  JSON.parse(
    readFileSync(
      fileURLToPath(new URL('../../fixtures/diagnosis/healthy-dual-stack.json', import.meta.url)),
      'utf8',
    ),
  ) as { input: DiagnosisInput }
).input;

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-10T12:00:00Z');

function tlsResult(outcome: TlsOutcome, fields: Partial<TlsProbeResult> = {}): TlsProbeResult {
  return {
    kind: 'tls',
    target: 'one.one.one.one@1.1.1.1:443',
    family: 4,
    outcome,
    errorCode: null,
    ms: 40,
    endpoint: { host: '1.1.1.1', port: 443, family: 4 },
    serverName: 'one.one.one.one',
    issuer: 'CN=WE1, O=Google Trust Services, C=US',
    subject: 'CN=cloudflare-dns.com',
    validFrom: new Date(NOW - 30 * DAY).toISOString(),
    validTo: new Date(NOW + 60 * DAY).toISOString(),
    serverDate: new Date(NOW).toISOString(),
    skewMs: 0,
    ...fields,
  };
}

function input(...otherProbes: TlsProbeResult[]): DiagnosisInput {
  return { ...healthy, otherProbes };
}

test('reports tls-intercepted naming the issuer when the chain fails and the handshake works', () => {
  const diagnosis = diagnose(
    input(
      tlsResult('untrusted', {
        errorCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
        issuer: 'CN=Corp Proxy CA, O=Example',
      }),
    ),
    'linux',
  );
  assert.equal(diagnosis.status, 'limited');
  assert.deepEqual(
    diagnosis.causes.map((cause) => cause.code),
    ['tls-intercepted'],
  );
  const [cause] = diagnosis.causes;
  assert.match(
    cause?.explanation ?? '',
    /to one\.one\.one\.one presented a certificate issued by CN=Corp Proxy CA, O=Example/,
  );
  assert.match(
    cause?.evidence[0] ?? '',
    /untrusted after 40 ms \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\), certificate issued by CN=Corp Proxy CA/,
  );
});

for (const outcome of ['ok', 'name-mismatch', 'handshake-failed', 'timeout', 'refused'] as const) {
  test(`does not call ${outcome} interception`, () => {
    assert.deepEqual(findTlsInterception(input(tlsResult(outcome))), []);
  });
}

const skewCases: ReadonlyArray<{
  behaviour: string;
  outcome: TlsOutcome;
  skewMs: number;
  expected: string | null;
}> = [
  {
    behaviour: 'not yet valid and the server 3 days ahead',
    outcome: 'not-yet-valid',
    skewMs: 3 * DAY,
    expected: '3 days behind',
  },
  {
    behaviour: 'expired and the server 2 years behind',
    outcome: 'expired',
    skewMs: -730 * DAY,
    expected: '730 days ahead',
  },
  {
    behaviour: 'not yet valid and exactly the threshold ahead',
    outcome: 'not-yet-valid',
    skewMs: CLOCK_SKEW_THRESHOLD_MS,
    expected: '5 minutes behind',
  },
  {
    behaviour: 'not yet valid and 1 s under the threshold',
    outcome: 'not-yet-valid',
    skewMs: CLOCK_SKEW_THRESHOLD_MS - 1000,
    expected: null,
  },
  {
    behaviour: 'expired and the server within 2 minutes (the certificate really expired)',
    outcome: 'expired',
    skewMs: -120_000,
    expected: null,
  },
  {
    behaviour: 'not yet valid but the server behind us (does not explain it)',
    outcome: 'not-yet-valid',
    skewMs: -3 * DAY,
    expected: null,
  },
  {
    behaviour: 'expired but the server ahead of us (does not explain it)',
    outcome: 'expired',
    skewMs: 3 * DAY,
    expected: null,
  },
  { behaviour: 'a valid certificate, however far the Date', outcome: 'ok', skewMs: 3 * DAY, expected: null },
  {
    behaviour: 'an untrusted certificate and a skewed Date',
    outcome: 'untrusted',
    skewMs: 3 * DAY,
    expected: null,
  },
];

for (const { behaviour, outcome, skewMs, expected } of skewCases) {
  test(`clock-skew ${expected === null ? 'not reported' : `"${expected}"`} when ${behaviour}`, () => {
    // The certificate is valid at the server's time: only our clock makes it look otherwise.
    const serverMs = NOW + skewMs;
    const result = tlsResult(outcome, {
      skewMs,
      serverDate: new Date(serverMs).toISOString(),
      validFrom: new Date(serverMs - 30 * DAY).toISOString(),
      validTo: new Date(serverMs + 60 * DAY).toISOString(),
    });
    const findings = findClockSkew(input(result));
    if (expected === null) assert.deepEqual(findings, []);
    else assert.equal(findings[0]?.facts['skew'], expected);
  });
}

test('no clock-skew when the certificate is invalid at the server time too', () => {
  const result = tlsResult('not-yet-valid', {
    skewMs: 3 * DAY,
    serverDate: new Date(NOW + 3 * DAY).toISOString(),
    validFrom: new Date(NOW + 10 * DAY).toISOString(),
  });
  assert.deepEqual(findClockSkew(input(result)), []);
});

test('no clock-skew without a server Date', () => {
  assert.deepEqual(findClockSkew(input(tlsResult('not-yet-valid', { skewMs: null, serverDate: null }))), []);
});

test('clock-skew says how far and which way, and what the server said', () => {
  const result = tlsResult('not-yet-valid', {
    errorCode: 'CERT_NOT_YET_VALID',
    skewMs: 3 * DAY,
    serverDate: '2026-03-13T12:00:00.000Z',
    validFrom: '2026-03-12T12:00:00.000Z',
  });
  const diagnosis = diagnose(input(result), 'linux');
  assert.equal(diagnosis.status, 'limited');
  const [cause] = diagnosis.causes;
  assert.equal(cause?.code, 'clock-skew');
  assert.equal(
    cause?.explanation,
    "This computer's clock is 3 days behind: one.one.one.one says it is 2026-03-13T12:00:00.000Z, so its certificate looks not yet valid here. Secure websites reject connections when the clock is that far off.",
  );
  assert.match(cause?.fix[0] ?? '', /timedatectl set-ntp true/);
});

const skewWords: ReadonlyArray<readonly [number, string]> = [
  [3 * DAY, '3 days behind'],
  [-DAY, '1 day ahead'],
  [5 * 3_600_000, '5 hours behind'],
  [-12 * 60_000, '12 minutes ahead'],
  [30_000, '1 minute behind'],
];
for (const [ms, words] of skewWords) {
  test(`describes a skew of ${ms} ms as "${words}"`, () => {
    assert.equal(describeSkew(ms), words);
  });
}
