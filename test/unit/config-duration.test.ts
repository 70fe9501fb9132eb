import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, parseDurationInRange } from '../../app/config/duration.js';

const READ: readonly [string, number][] = [
  ['500', 500],
  ['500ms', 500],
  ['5s', 5000],
  ['1.5s', 1500],
  ['1m', 60_000],
  ['1h', 3_600_000],
  ['0', 0],
];

for (const [text, ms] of READ) {
  test(`reads ${text} as ${ms} ms`, () => {
    assert.deepEqual(parseDuration(text), { ok: true, value: ms });
  });
}

const REFUSED: readonly [string, string][] = [
  ['abc', 'must be a duration like 500, 500ms, 5s or 1m'],
  ['', 'must be a duration like 500, 500ms, 5s or 1m'],
  ['5 s', 'must be a duration like 500, 500ms, 5s or 1m'],
  ['5sec', 'must be a duration like 500, 500ms, 5s or 1m'],
  ['1e3', 'must be a duration like 500, 500ms, 5s or 1m'],
  ['-5', 'must not be negative'],
  ['-5s', 'must not be negative'],
  ['0.5ms', 'must be a whole number of milliseconds'],
];

for (const [text, reason] of REFUSED) {
  test(`refuses duration ${JSON.stringify(text)}`, () => {
    assert.deepEqual(parseDuration(text), { ok: false, reason });
  });
}

test('keeps a duration inside its bounds, both ends included', () => {
  assert.deepEqual(parseDurationInRange('100', 100, 60_000), { ok: true, value: 100 });
  assert.deepEqual(parseDurationInRange('1m', 100, 60_000), { ok: true, value: 60_000 });
  assert.deepEqual(parseDurationInRange('99', 100, 60_000), { ok: false, reason: 'must be 100–60000 ms' });
  assert.deepEqual(parseDurationInRange('60001', 100, 60_000), { ok: false, reason: 'must be 100–60000 ms' });
});
