import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_EDITABLE_SETTINGS } from '../../app/api/editable-settings.js';
import {
  ApiRequestError,
  parseExportFormat,
  parseExportWhat,
  parseHistoryRange,
  MAX_PAUSE_MS,
  parsePauseBody,
  parsePauseUntil,
  parseSettingsShape,
} from '../../app/api/validate-request.js';

const NOW = Date.UTC(2026, 0, 1);

function rejects(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ApiRequestError, `expected ApiRequestError, got ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });
}

describe('API request validation', () => {
  it('accepts the three history ranges and names any other value', () => {
    for (const range of ['24h', '7d', '30d']) assert.equal(parseHistoryRange(range), range);
    rejects(() => parseHistoryRange('1y'), 'range "1y" is not one of 24h, 7d, 30d');
    rejects(() => parseHistoryRange(30), 'range 30 is not one of 24h, 7d, 30d');
    rejects(() => parseHistoryRange(undefined), 'range is missing; expected one of 24h, 7d, 30d');
  });

  it('accepts export kinds and formats it knows', () => {
    assert.equal(parseExportWhat('outages'), 'outages');
    assert.equal(parseExportFormat('csv'), 'csv');
    rejects(() => parseExportWhat('everything'), 'what "everything" is not one of checks, outages');
    rejects(() => parseExportFormat('xml'), 'format "xml" is not one of csv, json');
  });

  it('takes a pause until a future time or until resumed, and refuses past or non-finite times', () => {
    assert.equal(parsePauseUntil(NOW + 1000, NOW), NOW + 1000);
    assert.equal(parsePauseUntil(null, NOW), null);
    rejects(
      () => parsePauseUntil(NOW - 1, NOW),
      `untilMs ${NOW - 1} (2025-12-31T23:59:59.999Z) is not in the future; it is now 2026-01-01T00:00:00.000Z`,
    );
    for (const bad of [Infinity, Number.NaN, '1735689600000', undefined, {}]) {
      assert.throws(() => parsePauseUntil(bad, NOW), /untilMs .* is not a time/);
    }
    rejects(
      () => parsePauseUntil('soon', NOW),
      'untilMs "soon" is not a time: expected epoch milliseconds in the future, or null to pause until resumed',
    );
  });

  it('refuses a pause more than 7 days ahead, naming the limit, however far the value is', () => {
    assert.equal(parsePauseUntil(NOW + MAX_PAUSE_MS, NOW), NOW + MAX_PAUSE_MS);
    const cases: readonly [number, string][] = [
      [NOW + MAX_PAUSE_MS + 1, `untilMs ${NOW + MAX_PAUSE_MS + 1} (2026-01-08T00:00:00.001Z)`],
      [1e300, 'untilMs 1e+300 (beyond any representable date)'],
      [8.64e15 + 1, 'untilMs 8640000000000001 (beyond any representable date)'],
    ];
    for (const [value, start] of cases) {
      rejects(
        () => parsePauseUntil(value, NOW),
        `${start} is more than 7 days ahead; pause for at most 7 days, or send null to pause until resumed`,
      );
    }
    rejects(
      () => parsePauseUntil(-1e300, NOW),
      'untilMs -1e+300 (beyond any representable date) is not in the future; it is now 2026-01-01T00:00:00.000Z',
    );
  });

  it('reads the pause body and names a missing or unknown key', () => {
    assert.equal(parsePauseBody({ untilMs: null }, NOW), null);
    rejects(() => parsePauseBody({}, NOW), 'pause request: "untilMs" is missing (a time, or null)');
    rejects(() => parsePauseBody({ until: 5 }, NOW), 'pause request: unknown key "until"');
    rejects(
      () => parsePauseBody([1], NOW),
      'pause request must be an object like {"untilMs": 1735689600000} or {"untilMs": null}, not [1]',
    );
  });

  it('checks the settings object has exactly the settings keys', () => {
    assert.equal(parseSettingsShape(DEFAULT_EDITABLE_SETTINGS), DEFAULT_EDITABLE_SETTINGS);
    rejects(
      () => parseSettingsShape('targets'),
      'settings must be an object like the object getSettings returns, not "targets"',
    );
    rejects(
      () => parseSettingsShape({ ...DEFAULT_EDITABLE_SETTINGS, colour: 'red' }),
      'settings: unknown key "colour" (known keys: targets, intervalMs, timeoutMs, notifications, startAtLogin, retention)',
    );
    const missing: Record<string, unknown> = { ...DEFAULT_EDITABLE_SETTINGS };
    delete missing['startAtLogin'];
    rejects(() => parseSettingsShape(missing), 'settings: key "startAtLogin" is missing');
    rejects(
      () => parseSettingsShape({ ...DEFAULT_EDITABLE_SETTINGS, retention: { rawChecksDays: 7 } }),
      'settings.retention: key "rollupDays" is missing',
    );
    rejects(
      () => parseSettingsShape({ ...DEFAULT_EDITABLE_SETTINGS, notifications: true }),
      'settings.notifications must be an object like {enabled, onDisconnect, onReconnect, onLimited}, not true',
    );
  });
});
