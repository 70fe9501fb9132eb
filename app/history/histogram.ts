/**
 * A small log-scale latency histogram, stored per rollup bucket so that medians can be merged across
 * buckets (a median of medians is not a median; merged histograms give one).
 *
 * Bins: bin 0 holds [0, 1) ms; bin b ≥ 1 holds [2^((b-1)/16), 2^(b/16)) ms, i.e. 16 bins per doubling,
 * up to bin 255 (~59 s; larger values are clamped into it). A bin is reported as its geometric midpoint,
 * so a value read back is within 2^(1/32) − 1 ≈ 2.2 % of the true sample. Example: 40 ms falls in bin 86
 * = [39.4, 41.1) ms, reported as 40.2 ms.
 *
 * Stored sparse: 5 bytes per non-empty bin (u8 bin, u32 LE count). A minute of 5-second checks usually
 * touches 2–6 bins, i.e. 10–30 bytes.
 */
export type Histogram = Map<number, number>;

export const BINS_PER_DOUBLING = 16;
export const MAX_BIN = 255;
/** Worst-case relative error of a value read back from a bin. */
export const HISTOGRAM_RELATIVE_ERROR = 2 ** (1 / (2 * BINS_PER_DOUBLING)) - 1;

export function binOf(latencyMs: number): number {
  if (!(latencyMs >= 1)) return 0;
  return Math.min(MAX_BIN, 1 + Math.floor(Math.log2(latencyMs) * BINS_PER_DOUBLING));
}

export function binMidpoint(bin: number): number {
  return bin === 0 ? 0.5 : 2 ** ((bin - 0.5) / BINS_PER_DOUBLING);
}

export function addSample(histogram: Histogram, latencyMs: number): void {
  const bin = binOf(latencyMs);
  histogram.set(bin, (histogram.get(bin) ?? 0) + 1);
}

export function mergeInto(target: Histogram, source: Histogram): void {
  for (const [bin, count] of source) target.set(bin, (target.get(bin) ?? 0) + count);
}

export function encodeHistogram(histogram: Histogram): Buffer {
  const bins = [...histogram.keys()].sort((a, b) => a - b);
  const out = Buffer.alloc(bins.length * 5);
  bins.forEach((bin, i) => {
    out.writeUInt8(bin, i * 5);
    out.writeUInt32LE(Math.min(histogram.get(bin) ?? 0, 0xffffffff), i * 5 + 1);
  });
  return out;
}

export function decodeHistogram(bytes: Uint8Array | null, into: Histogram = new Map()): Histogram {
  if (bytes === null) return into;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset + 5 <= view.length; offset += 5) {
    const bin = view.readUInt8(offset);
    into.set(bin, (into.get(bin) ?? 0) + view.readUInt32LE(offset + 1));
  }
  return into;
}

/** Dense counts indexed by bin: what queries merge many buckets into (no Map work per sample). */
export type BinCounts = Float64Array;

export function newBinCounts(): BinCounts {
  return new Float64Array(MAX_BIN + 1);
}

/** Adds an encoded histogram into dense counts; the hot path of every series query. */
export function addEncoded(bytes: Uint8Array | null, into: BinCounts): void {
  if (bytes === null) return;
  for (let offset = 0; offset + 5 <= bytes.length; offset += 5) {
    const bin = bytes[offset] ?? 0;
    // u32 little-endian, read by hand: cheaper than wrapping every row's blob in a Buffer.
    const count =
      (bytes[offset + 1] ?? 0) +
      (bytes[offset + 2] ?? 0) * 0x100 +
      (bytes[offset + 3] ?? 0) * 0x10000 +
      (bytes[offset + 4] ?? 0) * 0x1000000;
    into[bin] = (into[bin] ?? 0) + count;
  }
}

/** histogramMedian for dense counts. */
export function binCountsMedian(counts: BinCounts, minMs: number, maxMs: number): number | null {
  let total = 0;
  for (const count of counts) total += count;
  if (total === 0) return null;
  const rank = Math.floor((total - 1) / 2);
  let seen = 0;
  for (let bin = 0; bin < counts.length; bin += 1) {
    seen += counts[bin] ?? 0;
    if (seen > rank) return Math.min(maxMs, Math.max(minMs, binMidpoint(bin)));
  }
  return null;
}

/**
 * The lower-middle sample's bin midpoint, clamped to the exact [min, max] of the bucket (so a bucket whose
 * samples are all equal reports that value exactly). null for an empty histogram.
 */
export function histogramMedian(histogram: Histogram, minMs: number, maxMs: number): number | null {
  let total = 0;
  for (const count of histogram.values()) total += count;
  if (total === 0) return null;
  const rank = Math.floor((total - 1) / 2);
  let seen = 0;
  for (const bin of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bin) ?? 0;
    if (seen > rank) return Math.min(maxMs, Math.max(minMs, binMidpoint(bin)));
  }
  return null;
}
