/**
 * The quality layer: a short burst of TCP connects to the target that answers first, to measure
 * loss and latency while the rest of the diagnosis runs. A TCP connect is the one "ping" that needs
 * no privileges: a lost SYN or SYN-ACK is retransmitted only after 1 s, so within a 1 s cutoff a
 * connect that does not complete is a lost packet, and the time of one that does is one round trip.
 */
import { setMaxListeners } from 'node:events';
import type { LayerProbe } from './layers.js';
import { roundToTenth, startStopwatch } from './monotonic.js';
import { probeTcp } from './tcp.js';
import { formatEndpoint, type Endpoint, type ProbeResult, type TcpProbeResult } from './types.js';

/** Connects in the burst. With 10, one lost connect moves the loss by 10 points (see rules/quality.ts). */
export const BURST_SIZE = 10;
/** Spacing between burst connects: 10 connects span 180 ms, so a short burst of loss is not all we see. */
export const BURST_SPACING_MS = 20;
/**
 * A connect not done within 1 s is lost: Linux, macOS and Windows all retransmit an unanswered SYN
 * after 1 s, so a connect that needed a retransmit takes over 1 s. Shorter when the check's timeout is.
 */
export const LOSS_CUTOFF_MS = 1000;
/** A burst connect is not started with less time than this left before the deadline. */
export const MIN_ATTEMPT_MS = 100;

const QUALITY_TARGET = 'quality burst';

/**
 * - connected: completed within its allowance (ms is one round trip).
 * - lost: no answer within the loss cutoff (or within twice the burst's median round trip when the
 *   deadline left less than the cutoff).
 * - unjudged: timed out, but the deadline left too little time to call it lost.
 * - failed: an answer other than a completed handshake (refused, unreachable): not loss, not counted.
 */
export type BurstOutcome = 'connected' | 'lost' | 'unjudged' | 'failed';

export interface BurstAttempt {
  readonly outcome: BurstOutcome;
  readonly ms: number;
  /** How long this attempt was allowed to take. */
  readonly allowanceMs: number;
}

/**
 * `measured` when a target answered and the burst judged at least one connect; `unmeasured` when a
 * target answered but no burst connect could be judged (the deadline left too little time after a slow
 * first connect); `no-target` when none connected in time.
 * Reported as a `local` result, like the gateway check (DESIGN.md §4 kinds): `tcp` results are the
 * check's targets, which the CLI counts, history records and metrics export; the burst is none of
 * them. Target `quality burst to 1.1.1.1:443`, ms the median connect.
 */
export interface QualityProbeResult extends ProbeResult {
  readonly kind: 'local';
  readonly outcome: 'measured' | 'unmeasured' | 'no-target';
  readonly endpoint: Endpoint | null;
  readonly attempts: readonly BurstAttempt[];
  /** Attempts judged: connected + lost. */
  readonly sent: number;
  readonly lost: number;
  /** Median connect time of the connected attempts; null when none connected. */
  readonly medianMs: number | null;
  readonly cutoffMs: number;
}

export function isQualityResult(result: ProbeResult): result is QualityProbeResult {
  return result.kind === 'local' && 'attempts' in result && 'sent' in result;
}

export interface QualityProbeOptions {
  /** The whole measurement (finding a target and the burst) ends within this. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly burstSize?: number;
  readonly spacingMs?: number;
}

/**
 * Finds the fastest-connecting target (one connect to each, first to complete wins), then connects to
 * it `burstSize` times, `spacingMs` apart. Never rejects for a network failure.
 */
export async function measureQuality(
  targets: readonly Endpoint[],
  options: QualityProbeOptions,
): Promise<QualityProbeResult> {
  const elapsed = startStopwatch();
  const cutoffMs = Math.min(LOSS_CUTOFF_MS, options.timeoutMs);
  const first = await fastestTarget(targets, options);
  if (first === null) return noTarget(cutoffMs, elapsed());

  const burstSize = options.burstSize ?? BURST_SIZE;
  const spacingMs = options.spacingMs ?? BURST_SPACING_MS;
  const signal = ownSignal(options.signal, burstSize + 1);
  const pending: Promise<{ result: TcpProbeResult; allowanceMs: number }>[] = [];
  for (let index = 0; index < burstSize; index += 1) {
    if (index > 0 && !(await pause(spacingMs, signal))) break;
    const allowanceMs = Math.min(cutoffMs, options.timeoutMs - elapsed());
    if (allowanceMs < MIN_ATTEMPT_MS) break;
    pending.push(
      probeTcp(first.endpoint, { timeoutMs: allowanceMs, signal }).then((result) => ({
        result,
        allowanceMs,
      })),
    );
  }
  const finished = await Promise.all(pending);
  const connectedMs = finished
    .filter(({ result }) => result.outcome === 'connected')
    .map(({ result }) => result.ms ?? 0);
  const medianMs = median(connectedMs);
  // Lost only if there was time enough for an answer: the full cutoff, or twice the round trip seen.
  const roundTrip = medianMs ?? first.ms ?? cutoffMs;
  const attempts = finished.map(({ result, allowanceMs }): BurstAttempt => {
    const ms = result.ms ?? 0;
    if (result.outcome === 'connected') return { outcome: 'connected', ms, allowanceMs };
    if (result.outcome !== 'timeout') return { outcome: 'failed', ms, allowanceMs };
    const enough = allowanceMs >= cutoffMs || allowanceMs >= 2 * roundTrip;
    return { outcome: enough ? 'lost' : 'unjudged', ms, allowanceMs };
  });
  const lost = attempts.filter((attempt) => attempt.outcome === 'lost').length;
  return {
    kind: 'local',
    target: `${QUALITY_TARGET} to ${formatEndpoint(first.endpoint)}`,
    family: first.endpoint.family,
    outcome: connectedMs.length + lost === 0 ? 'unmeasured' : 'measured',
    errorCode: null,
    ms: medianMs,
    endpoint: first.endpoint,
    attempts,
    sent: connectedMs.length + lost,
    lost,
    medianMs,
    cutoffMs,
  };
}

/** The first target to complete a connect, or null when none does before the timeout. */
async function fastestTarget(
  targets: readonly Endpoint[],
  options: QualityProbeOptions,
): Promise<TcpProbeResult | null> {
  if (targets.length === 0) return null;
  const done = new AbortController();
  const signal = AbortSignal.any(options.signal ? [options.signal, done.signal] : [done.signal]);
  setMaxListeners(targets.length + 1, signal);
  try {
    return await Promise.any(
      targets.map(async (endpoint) => {
        const result = await probeTcp(endpoint, { timeoutMs: options.timeoutMs, signal });
        if (result.outcome !== 'connected') throw new Error(result.outcome);
        return result;
      }),
    );
  } catch {
    return null;
  } finally {
    done.abort();
  }
}

/**
 * A signal of our own that follows the caller's: each concurrent connect listens on it, and a burst
 * of 10 beside the check's own probes would trip Node's 10-listener leak warning on a shared signal.
 */
function ownSignal(parent: AbortSignal | undefined, listeners: number): AbortSignal {
  const signal = parent === undefined ? new AbortController().signal : AbortSignal.any([parent]);
  setMaxListeners(listeners, signal);
  return signal;
}

/** Waits, or returns false at once when aborted. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return roundToTenth(value);
}

function noTarget(cutoffMs: number, ms: number): QualityProbeResult {
  return {
    kind: 'local',
    target: QUALITY_TARGET,
    family: null,
    outcome: 'no-target',
    errorCode: null,
    ms,
    endpoint: null,
    attempts: [],
    sent: 0,
    lost: 0,
    medianMs: null,
    cutoffMs,
  };
}

/**
 * The quality layer's runner: measures against the check's own targets. When none connected there is
 * nothing to measure and nothing to add: the target results already say so. An unmeasured burst is
 * kept: it tells the reader why the latency verdict rests on the targets' own connects.
 */
export const probeQualityLayer: LayerProbe = async (context) => {
  const result = await measureQuality(context.targets ?? [], {
    timeoutMs: context.timeoutMs,
    signal: context.signal,
  });
  return result.outcome === 'no-target' ? [] : [result];
};
