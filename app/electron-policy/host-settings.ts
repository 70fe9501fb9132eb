/**
 * How the tray app turns loaded settings (flags none, then `INTERNET_CONN_*`, config file, defaults:
 * app/config/load.ts) into what it starts with — the same rules as `serve`: a value set by the
 * environment wins at every start and the window says so; everything else comes from the settings file
 * the window saves. A configuration that cannot be loaded does not stop a tray app: it starts on the
 * defaults and the window shows why — except in a test run (`strict`), where the defaults would aim the
 * probes at the public targets the test was careful to replace.
 */
import type { EditableSettings } from '../api/contract.js';
import { editableFromSettings } from '../api/editable-settings.js';
import { pinnedSettings, type PinnedSettings } from '../api/pinned-settings.js';
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import type { LoadResult, SettingSource } from '../config/load.js';
import { SETTINGS_SCHEMA, type SettingName, type Settings } from '../config/schema.js';
import type { AppPaths } from './app-paths.js';

type Pinned = PinnedSettings['values'];

export interface HostSettingsPlan {
  readonly settings: Settings;
  /** Used when the settings file is missing or unusable. */
  readonly defaults: EditableSettings;
  readonly pinned: Pinned;
  /** The history file: userData's unless the environment or config file names one; null keeps none. */
  readonly dbPath: string | null;
  readonly notices: readonly string[];
}

export type HostSettingsResult =
  ({ readonly ok: true } & HostSettingsPlan) | { readonly ok: false; readonly message: string };

export function hostSettingsPlan(
  loaded: LoadResult,
  paths: AppPaths,
  options: { readonly strict?: boolean } = {},
): HostSettingsResult {
  const notices: string[] = [];
  let settings: Settings;
  let sources: Readonly<Record<SettingName, SettingSource>>;
  if (loaded.ok) {
    settings = loaded.settings;
    sources = loaded.sources;
  } else if (options.strict === true) {
    return { ok: false, message: loaded.message };
  } else {
    settings = DEFAULT_SETTINGS;
    sources = Object.fromEntries(SETTINGS_SCHEMA.map((spec) => [spec.name, 'default'])) as Record<
      SettingName,
      SettingSource
    >;
    notices.push(`The configuration could not be used (${loaded.message}); default settings are in use.`);
  }

  const fromHost = editableFromSettings(settings);
  const pinned = pinnedSettings(fromHost, sources, 'an environment variable');
  if (pinned.notice !== null) notices.push(pinned.notice);
  return {
    ok: true,
    settings,
    defaults: fromHost,
    pinned: pinned.values,
    dbPath: sources.db === 'default' ? paths.db : settings.db,
    notices,
  };
}
