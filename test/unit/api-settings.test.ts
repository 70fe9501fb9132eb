import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { EditableSettings } from '../../app/api/contract.js';
import {
  DEFAULT_EDITABLE_SETTINGS,
  validateEditableSettings,
  validateSettingsUpdate,
} from '../../app/api/editable-settings.js';
import { openSettingsStore } from '../../app/api/settings-store.js';
import { LAB_SETTINGS, openApiRig } from '../helpers/api-runtime.js';
import { tempDir } from '../helpers/history-fixtures.js';
import { isolatedEnv, runCliCaptured } from './cli-harness.js';

/** What the CLI prints for one bad flag, without `internet-conn: --flag `: the value, quoted, and why. */
async function cliMessage(argv: readonly string[]): Promise<string> {
  const run = await runCliCaptured(argv, { env: isolatedEnv() });
  assert.equal(run.code, 64, run.stderr);
  const prefix = `internet-conn: ${argv[1]} `;
  assert.ok(run.stderr.startsWith(prefix), run.stderr);
  return run.stderr.slice(prefix.length).trimEnd();
}

const withValues = (patch: Record<string, unknown>): Record<string, unknown> => ({
  ...LAB_SETTINGS,
  ...patch,
});

describe('settings validation', () => {
  it('names each bad target by its 0-based index, in the words the CLI uses for --target', async () => {
    const result = validateEditableSettings(
      withValues({ targets: ['198.51.100.1:443', '198.51.100.1', 'example.com:443'] }),
    );
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(Object.keys(result.errors).sort(), ['targets.1', 'targets.2']);
    assert.equal(result.errors['targets.1'], await cliMessage(['check', '--target', '198.51.100.1']));
    assert.equal(result.errors['targets.2'], await cliMessage(['check', '--target', 'example.com:443']));
  });

  it('gives interval and timeout errors the CLI wording, for strings exactly and for numbers after the value', async () => {
    const cliInterval = await cliMessage(['monitor', '--interval', '500']);
    const cliTimeout = await cliMessage(['check', '--timeout', '5m']);
    const asText = validateEditableSettings(withValues({ intervalMs: '500', timeoutMs: '5m' }));
    assert.equal(asText.ok, false);
    if (asText.ok) return;
    assert.equal(asText.errors['intervalMs'], cliInterval);
    assert.equal(asText.errors['timeoutMs'], cliTimeout);

    const asNumber = validateEditableSettings(withValues({ intervalMs: 500 }));
    assert.equal(asNumber.ok, false);
    if (asNumber.ok) return;
    assert.equal(asNumber.errors['intervalMs'], `500: ${cliInterval.replace(/^"500": /, '')}`);
  });

  it('reports every bad field at once, the window-only ones included', () => {
    const result = validateEditableSettings(
      withValues({
        targets: [],
        notifications: { enabled: 'yes', onDisconnect: true, onReconnect: true, onLimited: false },
        startAtLogin: 1,
        retention: { rawChecksDays: 0, rollupDays: 2.5 },
      }),
    );
    assert.deepEqual(result, {
      ok: false,
      errors: {
        targets: 'must list at least one item',
        'notifications.enabled': '"yes": must be true or false',
        startAtLogin: '1: must be true or false',
        'retention.rawChecksDays': '0: must be a whole number of days, 1–365',
        'retention.rollupDays': '2.5: must be a whole number of days, 1–3650',
      },
    });
  });

  it('keeps raw checks no longer than the rollups built from them', () => {
    const result = validateEditableSettings(withValues({ retention: { rawChecksDays: 30, rollupDays: 7 } }));
    assert.deepEqual(result, {
      ok: false,
      errors: { 'retention.rollupDays': '7: must be at least rawChecksDays (30)' },
    });
  });

  it('normalises valid values: durations to ms, IPv6 targets in brackets', () => {
    const result = validateEditableSettings(
      withValues({ targets: ['[2001:DB8::1]:443'], intervalMs: '10s', timeoutMs: 2500 }),
    );
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.deepEqual(result.settings.targets, ['[2001:db8::1]:443']);
    assert.equal(result.settings.intervalMs, 10_000);
    assert.equal(result.settings.timeoutMs, 2500);
  });
});

describe('settings store', () => {
  it('keeps a corrupt file aside, uses the defaults and says so', async () => {
    const temp = tempDir('ic-settings-');
    try {
      const path = join(temp.dir, 'settings.json');
      writeFileSync(path, '{"targets": [');
      const store = await openSettingsStore({
        path,
        defaults: LAB_SETTINGS,
        now: () => Date.UTC(2026, 0, 2),
      });
      assert.deepEqual(store.get(), LAB_SETTINGS);
      assert.equal(store.loadedFromFile, false);
      const aside = 'settings.json.corrupt-2026-01-02T00-00-00-000Z';
      assert.deepEqual(readdirSync(temp.dir).sort(), [aside]);
      assert.equal(readFileSync(join(temp.dir, aside), 'utf8'), '{"targets": [');
      assert.equal(
        store.notice,
        `The saved settings in ${path} could not be used (not valid JSON); default settings are in use and the old file was kept as ${aside}.`,
      );
    } finally {
      temp.cleanup();
    }
  });

  it('treats a file with a value the schema refuses as corrupt too, naming the field', async () => {
    const temp = tempDir('ic-settings-');
    try {
      const path = join(temp.dir, 'settings.json');
      writeFileSync(path, JSON.stringify({ ...LAB_SETTINGS, timeoutMs: 5 }));
      const store = await openSettingsStore({ path, defaults: LAB_SETTINGS });
      assert.match(store.notice ?? '', /could not be used \(timeoutMs: 5: must be 100–60000 ms\)/);
      assert.equal(existsSync(path), false);
    } finally {
      temp.cleanup();
    }
  });

  it('saves atomically and reads the saved settings back on the next start', async () => {
    const temp = tempDir('ic-settings-');
    try {
      const path = join(temp.dir, 'settings.json');
      const first = await openSettingsStore({ path, defaults: LAB_SETTINGS });
      const changed: EditableSettings = { ...LAB_SETTINGS, timeoutMs: 1234, startAtLogin: true };
      await first.save(changed);
      assert.deepEqual(readdirSync(temp.dir), ['settings.json'], 'no temp file left behind');
      const second = await openSettingsStore({ path, defaults: DEFAULT_EDITABLE_SETTINGS });
      assert.equal(second.loadedFromFile, true);
      assert.equal(second.notice, null);
      assert.deepEqual(second.get(), changed);
    } finally {
      temp.cleanup();
    }
  });

  it('lets a flag pin a value over the saved file for this run only', async () => {
    const temp = tempDir('ic-settings-');
    try {
      const path = join(temp.dir, 'settings.json');
      writeFileSync(path, JSON.stringify({ ...LAB_SETTINGS, timeoutMs: 4000 }));
      const store = await openSettingsStore({ path, defaults: LAB_SETTINGS, pinned: { timeoutMs: 700 } });
      assert.equal(store.get().timeoutMs, 700);
      assert.equal((JSON.parse(readFileSync(path, 'utf8')) as EditableSettings).timeoutMs, 4000);
    } finally {
      temp.cleanup();
    }
  });
});

describe('updateSettings through the core API', () => {
  it('saves nothing while any field is bad, then saves and applies targets and timeout to the next check', async () => {
    const rig = await openApiRig();
    try {
      const settingsPath = join(rig.dir, 'settings.json');
      const bad = await rig.api.updateSettings({
        ...LAB_SETTINGS,
        targets: ['203.0.113.9:443', 'nope'],
        timeoutMs: 1500,
      });
      assert.deepEqual(bad, {
        ok: false,
        errors: { 'targets.1': await cliMessage(['check', '--target', 'nope']) },
      });
      assert.equal(existsSync(settingsPath), false, 'nothing written for an invalid update');
      assert.deepEqual(await rig.api.getSettings(), LAB_SETTINGS);

      const wanted: EditableSettings = { ...LAB_SETTINGS, targets: ['203.0.113.9:443'], timeoutMs: 1500 };
      assert.deepEqual(await rig.api.updateSettings(wanted), { ok: true, settings: wanted });
      assert.deepEqual(JSON.parse(readFileSync(settingsPath, 'utf8')), wanted);
      assert.deepEqual(await rig.api.getSettings(), wanted);

      rig.runtime.start();
      await rig.api.checkNow();
      const last = rig.checks.at(-1);
      assert.deepEqual(last?.targets, [{ host: '203.0.113.9', port: 443, family: 4 }]);
      assert.equal(last?.timeoutMs, 1500);
    } finally {
      await rig.close();
    }
  });

  it('says a new interval needs a restart instead of pretending it applied', async () => {
    const rig = await openApiRig();
    try {
      const saved = await rig.api.updateSettings({ ...LAB_SETTINGS, intervalMs: 10_000 });
      const words = 'Saved; restart internet-conn to apply the new check interval.';
      assert.equal(saved.ok && saved.restartNotice, words);
      assert.deepEqual((await rig.api.getSnapshot()).notices, [words]);
      const both = await rig.api.updateSettings({
        ...LAB_SETTINGS,
        intervalMs: 10_000,
        retention: { rawChecksDays: 3, rollupDays: 30 },
      });
      assert.equal(
        both.ok && both.restartNotice,
        'Saved; restart internet-conn to apply the new check interval and history retention.',
      );
      const back = await rig.api.updateSettings(LAB_SETTINGS);
      assert.deepEqual(
        back,
        { ok: true, settings: LAB_SETTINGS },
        'no notice once nothing waits for a restart',
      );
    } finally {
      await rig.close();
    }
  });

  it('refuses a target that repeats another once normalised, naming the first, with the other errors', async () => {
    const rig = await openApiRig();
    try {
      const result = await rig.api.updateSettings({
        ...LAB_SETTINGS,
        targets: ['198.51.100.1:443', '[2001:db8::1]:443', 'nope', '198.51.100.1:443', '[2001:DB8:0::1]:443'],
        intervalMs: 10,
      });
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.deepEqual(Object.keys(result.errors).sort(), [
        'intervalMs',
        'targets.2',
        'targets.3',
        'targets.4',
      ]);
      assert.equal(
        result.errors['targets.3'],
        '"198.51.100.1:443": repeats "198.51.100.1:443"; list each target once',
      );
      assert.equal(
        result.errors['targets.4'],
        '"[2001:DB8:0::1]:443": repeats "[2001:db8::1]:443"; list each target once',
      );
      assert.deepEqual(await rig.api.getSettings(), LAB_SETTINGS);
    } finally {
      await rig.close();
    }
  });

  it('lets unchanged targets through even with a repeat, so an unrelated save is never blocked', () => {
    const current: EditableSettings = { ...LAB_SETTINGS, targets: ['198.51.100.1:443', '198.51.100.1:443'] };
    const result = validateSettingsUpdate({ ...current, startAtLogin: true }, current);
    assert.equal(result.ok, true);
  });

  it('rejects a settings object of the wrong shape with one message', async () => {
    const rig = await openApiRig();
    try {
      await assert.rejects(
        rig.api.updateSettings({ ...LAB_SETTINGS, extra: 1 } as unknown as EditableSettings),
        /settings: unknown key "extra"/,
      );
    } finally {
      await rig.close();
    }
  });
});
