// Three-way merge for a save made while "changed elsewhere" is showing: the user's edits win where they
// made them, the other save where they did not, so neither is lost without a word.
import type { EditableSettings } from '../../../app/api/contract.js';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * `base`: what the form was filled with; `mine`: what it holds now; `theirs`: what was saved elsewhere
 * since. Returns the settings to save and the names of the settings taken from `theirs`.
 */
export function mergeSettings(
  base: EditableSettings,
  mine: EditableSettings,
  theirs: EditableSettings,
): { readonly settings: EditableSettings; readonly kept: readonly string[] } {
  const kept: string[] = [];
  const pick = <T>(name: string, read: (settings: EditableSettings) => T): T => {
    if (!same(read(mine), read(base))) return read(mine);
    if (!same(read(theirs), read(base))) kept.push(name);
    return read(theirs);
  };
  const settings: EditableSettings = {
    targets: pick('targets', (s) => s.targets),
    intervalMs: pick('check interval', (s) => s.intervalMs),
    timeoutMs: pick('timeout', (s) => s.timeoutMs),
    notifications: {
      enabled: pick('notifications', (s) => s.notifications.enabled),
      onDisconnect: pick('disconnect notifications', (s) => s.notifications.onDisconnect),
      onReconnect: pick('reconnect notifications', (s) => s.notifications.onReconnect),
      onLimited: pick('limited notifications', (s) => s.notifications.onLimited),
    },
    startAtLogin: pick('start at login', (s) => s.startAtLogin),
    retention: {
      rawChecksDays: pick('raw check retention', (s) => s.retention.rawChecksDays),
      rollupDays: pick('rollup retention', (s) => s.retention.rollupDays),
    },
  };
  return { settings, kept };
}
