import assert from 'node:assert/strict';
import { test } from 'node:test';
import { intervalMessageInSeconds, intervalRangeError } from '../../renderer/src/settings-messages.js';

test('an interval outside 1–3600 s is named in seconds, echoing what was typed', () => {
  const cases: readonly [string, number, string | null][] = [
    ['0', 0, 'Enter 1–3600 seconds; 0 is too short.'],
    ['0.5', 0.5, 'Enter 1–3600 seconds; 0.5 is too short.'],
    ['1', 1, null],
    ['3600', 3600, null],
    ['1e20', 1e20, 'Enter 1–3600 seconds; 1e20 is too long.'],
  ];
  for (const [typed, seconds, expected] of cases)
    assert.equal(intervalRangeError(typed, seconds), expected, typed);
});

test('a server message about intervalMs reads in seconds, without the millisecond echo', () => {
  const cases: readonly [string, string][] = [
    ['500: must be 1000–3600000 ms', 'must be 1–3600 seconds'],
    ['"5m5s": must be 1000–3600000 ms', 'must be 1–3600 seconds'],
    [
      'must be a number of milliseconds or a string like "5s", not null',
      'must be a number of milliseconds or a string like "5s", not null',
    ],
  ];
  for (const [server, shown] of cases) assert.equal(intervalMessageInSeconds(server), shown, server);
});
