import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_EDITABLE_SETTINGS } from '../../app/api/editable-settings.js';
import { pinnedSettings } from '../../app/api/pinned-settings.js';
import type { SettingSource } from '../../app/config/load.js';
import { SETTINGS_SCHEMA, type SettingName } from '../../app/config/schema.js';

function sources(set: Partial<Record<SettingName, SettingSource>>): Record<SettingName, SettingSource> {
  return {
    ...(Object.fromEntries(SETTINGS_SCHEMA.map((spec) => [spec.name, 'default'])) as Record<
      SettingName,
      SettingSource
    >),
    ...set,
  };
}

const TAIL = 'which wins at every start; a change saved here lasts until internet-conn restarts.';

test('names the settings a flag or variable pins, in a sentence that agrees with them', () => {
  const cases: readonly [string, Partial<Record<SettingName, SettingSource>>, string | null][] = [
    ['nothing pinned', {}, null],
    ['a file setting is not pinned', { targets: 'file', timeoutMs: 'default' }, null],
    ['plural targets', { targets: 'env' }, `The probe targets are set by X, ${TAIL}`],
    ['one singular setting', { intervalMs: 'flag' }, `The check interval is set by X, ${TAIL}`],
    [
      'two settings',
      { intervalMs: 'flag', timeoutMs: 'env' },
      `The check interval and timeout are set by X, ${TAIL}`,
    ],
    [
      'all three',
      { targets: 'flag', intervalMs: 'env', timeoutMs: 'flag' },
      `The probe targets, check interval and timeout are set by X, ${TAIL}`,
    ],
  ];
  for (const [name, set, expected] of cases) {
    assert.equal(pinnedSettings(DEFAULT_EDITABLE_SETTINGS, sources(set), 'X').notice, expected, name);
  }
});

test('keeps the host values of exactly the pinned settings', () => {
  const host = { ...DEFAULT_EDITABLE_SETTINGS, targets: ['203.0.113.5:443'], timeoutMs: 1500 };
  assert.deepEqual(pinnedSettings(host, sources({ timeoutMs: 'env' }), 'X').values, { timeoutMs: 1500 });
  assert.deepEqual(pinnedSettings(host, sources({ targets: 'flag' }), 'X').values, {
    targets: ['203.0.113.5:443'],
  });
});
