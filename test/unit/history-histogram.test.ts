import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addSample,
  binMidpoint,
  binOf,
  decodeHistogram,
  encodeHistogram,
  HISTOGRAM_RELATIVE_ERROR,
  histogramMedian,
  mergeInto,
  type Histogram,
} from '../../app/history/histogram.js';

/** A small deterministic generator, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

test('every value reads back from its bin within 2.2 %', () => {
  assert.ok(HISTOGRAM_RELATIVE_ERROR < 0.022);
  for (let ms = 1; ms < 50_000; ms *= 1.013) {
    const error = Math.abs(binMidpoint(binOf(ms)) - ms) / ms;
    assert.ok(error <= HISTOGRAM_RELATIVE_ERROR + 1e-12, `${ms} ms → ${binMidpoint(binOf(ms))}`);
  }
  assert.equal(binOf(0), 0);
  assert.equal(binOf(0.4), 0);
  assert.equal(binOf(10_000_000), 255);
});

test('the median of merged histograms is within 2.2 % of the middle sample', () => {
  const random = lcg(7);
  for (let round = 0; round < 50; round += 1) {
    const samples: number[] = [];
    const merged: Histogram = new Map();
    for (let part = 0; part < 5; part += 1) {
      const h: Histogram = new Map();
      for (let i = 0; i < 1 + Math.floor(random() * 40); i += 1) {
        const ms = 5 + random() ** 3 * 400;
        samples.push(ms);
        addSample(h, ms);
      }
      mergeInto(merged, decodeHistogram(encodeHistogram(h)));
    }
    samples.sort((a, b) => a - b);
    const middle = samples[Math.floor((samples.length - 1) / 2)] ?? NaN;
    const median = histogramMedian(merged, samples[0] ?? 0, samples[samples.length - 1] ?? 0) ?? NaN;
    assert.ok(
      Math.abs(median - middle) / middle <= HISTOGRAM_RELATIVE_ERROR + 1e-12,
      `${median} vs ${middle}`,
    );
  }
});

test('a bucket whose samples are all equal reports that value exactly', () => {
  const h: Histogram = new Map();
  for (let i = 0; i < 12; i += 1) addSample(h, 37);
  assert.equal(histogramMedian(h, 37, 37), 37);
  assert.equal(histogramMedian(new Map(), 0, 0), null);
});

test('the sparse encoding takes 5 bytes per non-empty bin and round-trips', () => {
  const h: Histogram = new Map([
    [3, 1],
    [90, 70_000],
    [255, 2],
  ]);
  const bytes = encodeHistogram(h);
  assert.equal(bytes.length, 15);
  assert.deepEqual(decodeHistogram(bytes), h);
});
