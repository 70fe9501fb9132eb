import { SETTINGS_SCHEMA, type SettingName } from '../config/schema.js';
import type { FlagSpec, FlagValue } from './args.js';

/** The flags of the settings a command reads, from the schema, so a command cannot accept one it ignores. */
export function settingFlagSpecs(names: readonly SettingName[]): FlagSpec[] {
  return SETTINGS_SCHEMA.filter((spec) => names.includes(spec.name)).map((spec) => ({
    name: spec.flag,
    kind: spec.kind === 'list' ? 'list' : 'string',
    valueName: spec.valueName,
  }));
}

/** Parsed flags as loadSettings takes them; booleans are the command's own and are left out. */
export function settingFlagValues(
  flags: Readonly<Record<string, FlagValue>>,
  names: readonly SettingName[],
): Record<string, string | readonly string[]> {
  const wanted = new Set(
    SETTINGS_SCHEMA.filter((spec) => names.includes(spec.name)).map((spec) => spec.flag),
  );
  const values: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(flags)) {
    if (typeof value !== 'boolean' && wanted.has(name)) values[name] = value;
  }
  return values;
}
