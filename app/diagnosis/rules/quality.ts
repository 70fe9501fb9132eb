/**
 * Link quality from the connect burst (app/probes/quality.ts): packet loss and high latency. Both are
 * `limited`: the internet works, badly. A lossy link where some targets still connect is never
 * offline; that is decided before these rules run (any connected target means online or limited).
 * Under the monitor, its recent checks (DiagnosisInput.recent) are a second input, so one lucky or
 * unlucky burst decides neither way: loss is judged over this burst and the last few bursts to the same
 * target, latency over this burst and the last minute or so of checks.
 */
import { isQualityResult, median, type QualityProbeResult } from '../../probes/quality.js';
import { formatEndpoint } from '../../probes/types.js';
import { describeProbe } from '../evidence.js';
import type { DiagnosisInput, Finding, RecentBurst, RecentChecks } from '../types.js';

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
/** Without a burst, the fastest of at least this many concurrently connected targets stands for it. */
export const MIN_TARGETS_FOR_LATENCY = 2;

/**
 * Earlier bursts to the same target pooled with this one. While limited the monitor diagnoses every
 * 2 s, so 3 earlier bursts are the last 6–8 s: 40 connects instead of 10, and after the loss stops the
 * cause clears on the third clean burst (2 lossy bursts of 6 lost + 2 clean: 12 of 40 = 30 %; 1 + 3:
 * 15 %) instead of flickering with every burst.
 */
export const EARLIER_BURSTS_POOLED = 3;
/**
 * Recent checks whose fastest connect joins this burst's median in the latency verdict: with the burst,
 * 12 values, a minute of checks at the default 5 s interval. The verdict is their median, so the link
 * is slow when most of the last minute was slow, not when one burst caught a queue.
 */
export const RECENT_LATENCY_CHECKS = 11;

export function findPacketLoss(input: DiagnosisInput): readonly Finding[] {
  return measured(input).flatMap((burst) => {
    const earlier = (input.recent?.bursts ?? [])
      .filter((previous) => previous.target === burst.target)
      .slice(0, EARLIER_BURSTS_POOLED);
    const sent = burst.sent + sum(earlier, 'sent');
    const lost = burst.lost + sum(earlier, 'lost');
    if (sent < MIN_JUDGED_CONNECTS) return [];
    if (lost * 100 < PACKET_LOSS_THRESHOLD_PERCENT * sent) return [];
    const percent = Math.round((lost / sent) * 100);
    const failedTargets = input.targets.filter((target) => target.outcome !== 'connected');
    return [
      {
        code: 'packet-loss',
        facts: { percent: String(percent), sent: String(sent), target: burst.target },
        evidence: [
          describeBurst(burst),
          ...(earlier.length === 0 ? [] : [describeEarlierBursts(burst.target, earlier)]),
          ...describeFailedChecks(input.recent),
          ...failedTargets.map(describeProbe),
        ],
      },
    ];
  });
}

export function findHighLatency(input: DiagnosisInput): readonly Finding[] {
  const sample = burstSample(input) ?? targetsSample(input);
  if (sample === null) return [];
  const recentMs = (input.recent?.fastestMs ?? []).slice(0, RECENT_LATENCY_CHECKS);
  const ms = median([sample.ms, ...recentMs]) ?? sample.ms;
  if (ms < HIGH_LATENCY_THRESHOLD_MS) return [];
  return [
    {
      code: 'high-latency',
      facts: {
        ms: String(Math.round(ms)),
        thresholdMs: String(HIGH_LATENCY_THRESHOLD_MS),
        target: sample.target,
      },
      evidence: [...sample.evidence, ...(recentMs.length === 0 ? [] : [describeRecentLatency(recentMs, ms)])],
    },
  ];
}

interface LatencySample {
  readonly ms: number;
  readonly target: string;
  readonly evidence: readonly string[];
}

/** The burst's median round trip, when enough of its connects completed. */
function burstSample(input: DiagnosisInput): LatencySample | null {
  for (const burst of measured(input)) {
    const connected = burst.attempts.filter((attempt) => attempt.outcome === 'connected').length;
    if (burst.medianMs === null || connected < MIN_CONNECTED_FOR_LATENCY) continue;
    return { ms: burst.medianMs, target: burst.target, evidence: [describeBurst(burst)] };
  }
  return null;
}

/**
 * Without a usable burst (a timeout too short for a burst after an 800 ms connect leaves every attempt
 * unjudged), the check's own targets: they connect at the same moment, so the fastest of several is
 * the link's round trip, not one unlucky sample. Example: `--timeout 1500ms` on an 800 ms link → the
 * burst measures nothing, 4 targets connect in 802–811 ms → high-latency at 802 ms.
 */
function targetsSample(input: DiagnosisInput): LatencySample | null {
  const connected = input.targets.filter(
    (target) => target.outcome === 'connected' && target.ms !== null && Number.isFinite(target.ms),
  );
  if (connected.length < MIN_TARGETS_FOR_LATENCY) return null;
  const fastest = connected.reduce((best, target) => ((target.ms ?? 0) < (best.ms ?? 0) ? target : best));
  return {
    ms: fastest.ms ?? 0,
    target: fastest.target,
    evidence: [
      ...input.otherProbes.filter(isQualityResult).map(describeUnusedBurst),
      `fastest of ${connected.length} targets that connected: ${fastest.target} in ${Math.round(fastest.ms ?? 0)} ms`,
    ],
  };
}

/** `burst to 1.1.1.1:443: 0 of 3 connects completed within what was left of the timeout`. */
function describeUnusedBurst(burst: QualityProbeResult): string {
  const to = burst.endpoint === null ? 'burst' : `burst to ${formatEndpoint(burst.endpoint)}`;
  return burst.outcome === 'no-target'
    ? `${to}: no target answered in time`
    : `${to}: ${burst.attempts.filter((a) => a.outcome === 'connected').length} of ${burst.attempts.length} connects completed within what was left of the timeout`;
}

function sum(bursts: readonly RecentBurst[], key: 'sent' | 'lost'): number {
  return bursts.reduce((total, burst) => total + burst[key], 0);
}

/** `3 earlier bursts to 1.1.1.1:443: 17 of 30 connects lost`. */
function describeEarlierBursts(target: string, earlier: readonly RecentBurst[]): string {
  const bursts = earlier.length === 1 ? '1 earlier burst' : `${earlier.length} earlier bursts`;
  return `${bursts} to ${target}: ${sum(earlier, 'lost')} of ${sum(earlier, 'sent')} connects lost`;
}

/** `2 of 24 checks in the last 120 s connected to no target`, when any did not. */
function describeFailedChecks(recent: RecentChecks | undefined): string[] {
  if (recent === undefined || recent.failedChecks === 0) return [];
  const seconds = Math.round(recent.windowMs / 1000);
  return [
    `${recent.failedChecks} of ${recent.checks} checks in the last ${seconds} s connected to no target`,
  ];
}

/** `fastest connect of the last 11 checks: 380–441 ms; with this burst, median 402 ms`. */
function describeRecentLatency(recentMs: readonly number[], medianMs: number): string {
  const low = Math.round(Math.min(...recentMs));
  const high = Math.round(Math.max(...recentMs));
  const checks = recentMs.length === 1 ? 'the last check' : `the last ${recentMs.length} checks`;
  const range = low === high ? `${low} ms` : `${low}–${high} ms`;
  return `fastest connect of ${checks}: ${range}; with this burst, median ${Math.round(medianMs)} ms`;
}

/** Bursts that ran, with the endpoint they measured. */
function measured(input: DiagnosisInput): (QualityProbeResult & { readonly target: string })[] {
  return input.otherProbes
    .filter(isQualityResult)
    .flatMap((result) =>
      result.outcome !== 'no-target' && result.endpoint !== null
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
