/**
 * Link quality from the connect burst (app/probes/quality.ts): packet loss and high latency. Both are
 * `limited`: the internet works, badly. A lossy link where some targets still connect is never
 * offline; that is decided before these rules run (any connected target means online or limited).
 * Later: the monitor's recent history as a second input, so one unlucky burst weighs less.
 */
import { isQualityResult, type QualityProbeResult } from '../../probes/quality.js';
import { formatEndpoint } from '../../probes/types.js';
import { describeProbe } from '../evidence.js';
import type { DiagnosisInput, Finding } from '../types.js';

/**
 * Share of burst connects lost at or above which the link is lossy. A connect is lost when its SYN or
 * the SYN-ACK is, so at packet loss p each way a connect is lost with 1 − (1 − p)²: 20 % of connects
 * is about 10 % of packets, where calls break up. Worked example: 2 of 10 lost → 20 % → packet-loss;
 * 1 of 10 → 10 % → nothing.
 * Robustness, 10-connect burst: at 40 % loss each way (64 % of connects lost, the lab's addLoss(40)),
 * fewer than 2 lost has probability 0.36¹⁰ + 10 · 0.64 · 0.36⁹ ≈ 0.07 % (false negative). On a clean
 * link with 1 % packet loss (2 % of connects) 2 or more lost has probability ≈ 1.6 % (false positive).
 */
export const PACKET_LOSS_THRESHOLD_PERCENT = 20;
/** Fewer judged connects than this (the deadline cut the burst short) is too few to call loss. */
export const MIN_JUDGED_CONNECTS = 5;

/**
 * Median connect time (one round trip) at or above which the connection feels slow. Worked example:
 * a 200 ms delay each way gives ≈ 400 ms → high-latency; a transatlantic path (≈ 100 ms) or a busy
 * Wi-Fi (≈ 30–150 ms) does not. Geostationary satellite (≈ 600 ms) is reported: it is that slow.
 */
export const HIGH_LATENCY_THRESHOLD_MS = 300;
/** A median of fewer connects than this is one unlucky sample, not the link. */
export const MIN_CONNECTED_FOR_LATENCY = 3;

export function findPacketLoss(input: DiagnosisInput): readonly Finding[] {
  return measured(input).flatMap((burst) => {
    if (burst.sent < MIN_JUDGED_CONNECTS) return [];
    if (burst.lost * 100 < PACKET_LOSS_THRESHOLD_PERCENT * burst.sent) return [];
    const percent = Math.round((burst.lost / burst.sent) * 100);
    const failedTargets = input.targets.filter((target) => target.outcome !== 'connected');
    return [
      {
        code: 'packet-loss',
        facts: { percent: String(percent), sent: String(burst.sent), target: burst.target },
        evidence: [describeBurst(burst), ...failedTargets.map(describeProbe)],
      },
    ];
  });
}

export function findHighLatency(input: DiagnosisInput): readonly Finding[] {
  return measured(input).flatMap((burst) => {
    const connected = burst.attempts.filter((attempt) => attempt.outcome === 'connected').length;
    if (burst.medianMs === null || connected < MIN_CONNECTED_FOR_LATENCY) return [];
    if (burst.medianMs < HIGH_LATENCY_THRESHOLD_MS) return [];
    return [
      {
        code: 'high-latency',
        facts: {
          ms: String(Math.round(burst.medianMs)),
          thresholdMs: String(HIGH_LATENCY_THRESHOLD_MS),
          target: burst.target,
        },
        evidence: [describeBurst(burst)],
      },
    ];
  });
}

/** Bursts that ran, with the endpoint they measured. */
function measured(input: DiagnosisInput): (QualityProbeResult & { readonly target: string })[] {
  return input.otherProbes
    .filter(isQualityResult)
    .flatMap((result) =>
      result.outcome === 'measured' && result.endpoint !== null
        ? [{ ...result, target: formatEndpoint(result.endpoint) }]
        : [],
    );
}

/** `burst to 1.1.1.1:443: 6 of 10 connects lost (no answer within 1000 ms), median connect 21 ms`. */
export function describeBurst(burst: QualityProbeResult & { readonly target: string }): string {
  const median =
    burst.medianMs === null ? 'none connected' : `median connect ${Math.round(burst.medianMs)} ms`;
  return `burst to ${burst.target}: ${burst.lost} of ${burst.sent} connects lost (no answer within ${burst.cutoffMs} ms), ${median}`;
}
