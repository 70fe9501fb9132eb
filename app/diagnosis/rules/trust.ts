/**
 * Trust, from the TLS handshake with a well-known host (app/probes/tls.ts): interception and a wrong
 * clock. Both are `limited`: pages may load, but secure connections are either not private or fail.
 */
import { isTlsProbeResult, type TlsProbeResult } from '../../probes/tls.js';
import { describeProbe } from '../evidence.js';
import type { DiagnosisInput, Finding } from '../types.js';

/**
 * How far the server's Date may be from our clock before ours is called wrong. Date headers have 1 s
 * resolution and machines without network time drift seconds a day, so minutes are normal noise;
 * certificates are issued hours to days ahead of use, so a skew that breaks one is far larger.
 * Worked example: Date 3 days ahead and the certificate "not yet valid" → clock-skew, "3 days behind";
 * an expired certificate with Date 2 minutes off → the certificate really is expired, no clock-skew.
 */
export const CLOCK_SKEW_THRESHOLD_MS = 5 * 60_000;

/**
 * The chain of a well-known host does not verify while the handshake itself works: something between
 * here and there answered with a certificate of its own. Named by the issuer it presented.
 */
export function findTlsInterception(input: DiagnosisInput): readonly Finding[] {
  return tlsResults(input)
    .filter((result) => result.outcome === 'untrusted')
    .map((result) => ({
      code: 'tls-intercepted' as const,
      facts: { host: result.serverName, issuer: result.issuer ?? 'an authority with no name' },
      evidence: [describeTls(result)],
    }));
}

/**
 * The certificate looks expired or not yet valid, the server's clock is far from ours in the direction
 * that explains it, and at the server's time the certificate is valid: our clock is what is wrong.
 */
export function findClockSkew(input: DiagnosisInput): readonly Finding[] {
  return tlsResults(input).flatMap((result) => {
    const skew = result.skewMs;
    if (skew === null || result.serverDate === null) return [];
    if (Math.abs(skew) < CLOCK_SKEW_THRESHOLD_MS) return [];
    // Not yet valid means our clock is behind (the server is ahead, skew > 0); expired, ahead.
    const explains =
      (result.outcome === 'not-yet-valid' && skew > 0) || (result.outcome === 'expired' && skew < 0);
    if (!explains || !validAt(result, Date.parse(result.serverDate))) return [];
    return [
      {
        code: 'clock-skew' as const,
        facts: {
          skew: describeSkew(skew),
          host: result.serverName,
          serverDate: result.serverDate,
          validity: result.outcome === 'expired' ? 'expired' : 'not yet valid',
        },
        evidence: [describeTls(result)],
      },
    ];
  });
}

/** `3 days behind`, `5 hours ahead`, `12 minutes behind`: this machine's clock against the server's. */
export function describeSkew(skewMs: number): string {
  const direction = skewMs > 0 ? 'behind' : 'ahead';
  const size = Math.abs(skewMs);
  const units: ReadonlyArray<readonly [number, string]> = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [unitMs, name] of units) {
    if (size >= unitMs || name === 'minute') {
      const count = Math.max(1, Math.round(size / unitMs));
      return `${count} ${name}${count === 1 ? '' : 's'} ${direction}`;
    }
  }
  return direction;
}

function tlsResults(input: DiagnosisInput): TlsProbeResult[] {
  return input.otherProbes.filter(isTlsProbeResult);
}

function validAt(result: TlsProbeResult, ms: number): boolean {
  if (result.validFrom === null || result.validTo === null) return false;
  return Date.parse(result.validFrom) <= ms && ms <= Date.parse(result.validTo);
}

/** The probe line plus what the certificate said: `… issued by CN=Corp Proxy CA, O=Example for CN=…`. */
export function describeTls(result: TlsProbeResult): string {
  const parts = [describeProbe(result)];
  if (result.issuer !== null) parts.push(`certificate issued by ${result.issuer}`);
  if (result.subject !== null) parts.push(`for ${result.subject}`);
  if (result.validFrom !== null && result.validTo !== null) {
    parts.push(`valid ${result.validFrom} to ${result.validTo}`);
  }
  if (result.serverDate !== null) parts.push(`server date ${result.serverDate}`);
  return parts.join(', ');
}
