import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTimeline, mergeStretches, stretchesFromBuckets } from '../../app/api/timeline.js';

const MIN = 60_000;

describe('timeline segments', () => {
  it('follows status changes inside the window, starting from the change before it', () => {
    const segments = buildTimeline({
      from: 0,
      to: 100,
      covered: [{ start: -50, end: 200 }],
      changes: [
        { at: -10, to: 'online' },
        { at: 30, to: 'offline' },
        { at: 60, to: 'limited' },
        { at: 80, to: 'online' },
      ],
      outages: [],
    });
    assert.deepEqual(segments, [
      { start: 0, end: 30, status: 'online' },
      { start: 30, end: 60, status: 'offline' },
      { start: 60, end: 80, status: 'limited' },
      { start: 80, end: 100, status: 'online' },
    ]);
  });

  it('marks stretches without checks unknown, even when the last change said online', () => {
    const segments = buildTimeline({
      from: 0,
      to: 100,
      covered: [
        { start: 0, end: 40 },
        { start: 70, end: 100 },
      ],
      changes: [{ at: 0, to: 'online' }],
      outages: [],
    });
    assert.deepEqual(segments, [
      { start: 0, end: 40, status: 'online' },
      { start: 40, end: 70, status: 'unknown' },
      { start: 70, end: 100, status: 'online' },
    ]);
  });

  it('falls back to recorded outages where no status change is known', () => {
    const segments = buildTimeline({
      from: 0,
      to: 100,
      covered: [{ start: 0, end: 100 }],
      changes: [],
      outages: [
        { startedAt: 20, endedAt: 30 },
        { startedAt: 90, endedAt: null },
      ],
    });
    assert.deepEqual(segments, [
      { start: 0, end: 20, status: 'online' },
      { start: 20, end: 30, status: 'offline' },
      { start: 30, end: 90, status: 'online' },
      { start: 90, end: 100, status: 'offline' },
    ]);
  });

  it('is one unknown segment when nothing was checked, and empty for an empty window', () => {
    assert.deepEqual(buildTimeline({ from: 0, to: 10, covered: [], changes: [], outages: [] }), [
      { start: 0, end: 10, status: 'unknown' },
    ]);
    assert.deepEqual(buildTimeline({ from: 10, to: 10, covered: [], changes: [], outages: [] }), []);
  });

  it('joins minute buckets closer than the gap and splits at a real pause in checking', () => {
    // Checks every 5 s: minutes 0–4 have checks, 5–9 none (machine asleep), 10–11 again.
    const buckets = [0, 1, 2, 3, 4, 10, 11].map((m) => m * MIN);
    const stretches = stretchesFromBuckets(buckets, MIN, 5000, MIN + 10_000);
    assert.deepEqual(stretches, [
      { start: 0, end: 5 * MIN + 5000 },
      { start: 10 * MIN, end: 12 * MIN + 5000 },
    ]);
  });

  it('merges overlapping stretches from the hour and minute rollups', () => {
    assert.deepEqual(
      mergeStretches([
        { start: 50, end: 70 },
        { start: 0, end: 20 },
        { start: 10, end: 30 },
      ]),
      [
        { start: 0, end: 30 },
        { start: 50, end: 70 },
      ],
    );
  });
});
