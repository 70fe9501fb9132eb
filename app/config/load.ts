import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { CONFIG_ENV, locateConfigFile, readConfigFile } from './config-file.js';
import { closestName } from './suggest.js';
import { bothAre, duplicateItemReason, findDuplicate } from './duplicates.js';
import { DEFAULT_SETTINGS } from './defaults.js';
import { fail, ok, type Parsed } from './parsed.js';
import {
  commaSeparatedItems,
  listTooLong,
  parseText,
  quoteValue,
  SETTINGS_SCHEMA,
  type KeySpec,
  type SettingName,
  type Settings,
} from './schema.js';
import { parseSettingsObject, type PartialSettings } from './settings-object.js';
import type { ValueContext } from './values.js';
import { formatSettingValue } from './format.js';

export { formatSettingValue };

export type SettingSource = 'flag' | 'env' | 'file' | 'default';

export interface LoadInput {
  /** Values by flag name without `--`; a repeated flag is an array in the order given. */
  readonly flags: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** `--config PATH`, if given. */
  readonly configFlag?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly platform: NodeJS.Platform;
}

export interface LoadedSettings {
  readonly settings: Settings;
  /** The config file that was read, or null when there was none. */
  readonly configFile: string | null;
  /** Which source each value came from, for `--verbose`. */
  readonly sources: Readonly<Record<SettingName, SettingSource>>;
  /** Things worth saying that do not stop the command (an unknown INTERNET_CONN_* variable). */
  readonly warnings: readonly string[];
}

export type LoadResult =
  ({ readonly ok: true } & LoadedSettings) | { readonly ok: false; readonly message: string };

/**
 * Merges flag > environment (`INTERNET_CONN_*`) > config file > defaults, key by key. Every source
 * is validated even when a higher one overrides it: a broken value should be fixed, not hidden.
 * Errors come back as one line naming the source and the value, never as exceptions.
 */
export async function loadSettings(input: LoadInput): Promise<LoadResult> {
  const homeDir = input.env['HOME'] ?? input.env['USERPROFILE'] ?? homedir();
  const here: ValueContext = { baseDir: input.cwd, homeDir };

  const fromFlags = readFlags(input.flags, here);
  if (!fromFlags.ok) return { ok: false, message: fromFlags.reason };
  const fromEnv = readEnv(input.env, here);
  if (!fromEnv.ok) return { ok: false, message: fromEnv.reason };

  // path.resolve would make "" the working directory, and the message would be about a directory.
  if (input.configFlag !== undefined && input.configFlag.trim() === '') {
    return {
      ok: false,
      message: `--config ${JSON.stringify(input.configFlag)}: is empty; expected a file path`,
    };
  }
  const location = locateConfigFile({ ...input, configFlag: input.configFlag, homeDir });
  const read = await readConfigFile(location);
  if (!read.ok) return read;
  let fromFile: PartialSettings = {};
  if (read.found) {
    const parsed = parseSettingsObject(read.json, `config file ${location.path}`, {
      baseDir: dirname(location.path),
      homeDir,
    });
    if (!parsed.ok) return parsed;
    fromFile = parsed.values;
  }

  const settings: Record<string, unknown> = {};
  const sources: Partial<Record<SettingName, SettingSource>> = {};
  for (const spec of SETTINGS_SCHEMA) {
    const layers: readonly [SettingSource, PartialSettings][] = [
      ['flag', fromFlags.value],
      ['env', fromEnv.value],
      ['file', fromFile],
    ];
    const winner = layers.find(([, values]) => spec.name in values);
    settings[spec.name] = winner === undefined ? DEFAULT_SETTINGS[spec.name] : winner[1][spec.name];
    sources[spec.name] = winner?.[0] ?? 'default';
  }
  return {
    ok: true,
    settings: settings as unknown as Settings,
    configFile: read.found ? location.path : null,
    sources: sources as Record<SettingName, SettingSource>,
    warnings: unknownEnvWarnings(input.env, input.platform),
  };
}

const ENV_PREFIX = 'INTERNET_CONN_';

/** Variables with the prefix that are not settings but are read elsewhere, so never "unknown". */
const OTHER_ENV_NAMES: readonly string[] = [
  CONFIG_ENV,
  // app/electron-policy/launch.ts: the end-to-end tests' switch.
  'INTERNET_CONN_E2E',
];

/**
 * A misspelt variable (`INTERNET_CONN_TIMEOUT` for `…_TIMEOUT_MS`) is a setting that silently does
 * nothing, so it is named. A warning, not an error as an unknown file key is: the environment is shared
 * with other tools and scripts, and a stray variable there is not this program's to refuse.
 */
function unknownEnvWarnings(env: LoadInput['env'], platform: NodeJS.Platform): string[] {
  const known = [...SETTINGS_SCHEMA.map((spec) => spec.env), ...OTHER_ENV_NAMES];
  const suffixes = known.map((name) => name.slice(ENV_PREFIX.length));
  // Windows reads variables whatever their case, so `Internet_Conn_DB` there is the setting itself.
  const isKnown = (name: string): boolean => known.includes(platform === 'win32' ? name.toUpperCase() : name);
  return Object.keys(env)
    .filter((name) => name.toUpperCase().startsWith(ENV_PREFIX) && !isKnown(name))
    .sort()
    .map((name) => {
      const close = closestName(name.slice(ENV_PREFIX.length), suffixes);
      const hint = close === null ? '' : ` (did you mean ${ENV_PREFIX}${close}?)`;
      return `${name} is not a setting and is ignored${hint}`;
    });
}

function readFlags(flags: LoadInput['flags'], context: ValueContext): Parsed<PartialSettings> {
  const values: Record<string, unknown> = {};
  for (const spec of SETTINGS_SCHEMA) {
    const given = flags[spec.flag];
    if (given === undefined) continue;
    const texts = typeof given === 'string' ? [given] : given;
    const parsed: unknown[] = [];
    for (const text of texts) {
      const one = parseText(spec, text, context);
      if (!one.ok)
        return fail(`--${spec.flag} ${quoteValue(spec, text)}: ${flagReason(spec, text, one.reason)}`);
      parsed.push(one.value);
    }
    if (parsed.length === 0) continue;
    const tooLong = listTooLong(spec, parsed.length);
    if (tooLong !== null) return fail(`--${spec.flag}: ${tooLong}`);
    const duplicate = spec.kind === 'list' ? findDuplicate(texts, parsed) : null;
    if (duplicate !== null) {
      const quoted = (index: number): string => `--${spec.flag} ${quoteValue(spec, texts[index])}`;
      return fail(
        `${quoted(duplicate.second)} repeats ${quoted(duplicate.first)}${bothAre(duplicate)}; give each once`,
      );
    }
    // A repeated scalar flag: the last one wins, as in most command-line tools.
    values[spec.name] = spec.kind === 'list' ? parsed : parsed.at(-1);
  }
  return ok(values as PartialSettings);
}

function flagReason(spec: KeySpec, text: string, reason: string): string {
  const items = commaSeparatedItems(spec, text);
  if (items === null) return reason;
  const example = items
    .slice(0, 2)
    .map((item) => `--${spec.flag} ${item}`)
    .join(' ');
  return `one value per --${spec.flag}; repeat the flag (${example}); commas separate items only in ${spec.env}`;
}

function readEnv(env: LoadInput['env'], context: ValueContext): Parsed<PartialSettings> {
  const values: Record<string, unknown> = {};
  for (const spec of SETTINGS_SCHEMA) {
    const text = env[spec.env];
    // An empty variable counts as unset: `FOO= cmd` is how shells and compose files clear one.
    if (text === undefined || text.trim() === '') continue;
    const parsed = parseEnvValue(spec, text, context);
    if (!parsed.ok) return fail(`${spec.env}=${quoteValue(spec, text)}: ${parsed.reason}`);
    values[spec.name] = parsed.value;
  }
  return ok(values as PartialSettings);
}

function parseEnvValue(spec: KeySpec, text: string, context: ValueContext): Parsed<unknown> {
  if (spec.kind === 'scalar') return spec.parse(text, context);
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) return fail('lists no items; separate items with commas');
  const tooLong = listTooLong(spec, items.length);
  if (tooLong !== null) return fail(tooLong);
  const parsed: unknown[] = [];
  for (const [index, item] of items.entries()) {
    const one = spec.parseItem(item, context);
    if (!one.ok) return fail(`item ${index + 1} ${quoteValue(spec, item)}: ${one.reason}`);
    parsed.push(one.value);
  }
  const duplicate = findDuplicate(items, parsed);
  if (duplicate !== null) {
    return fail(duplicateItemReason(duplicate, (index) => quoteValue(spec, items[index])));
  }
  return ok(parsed);
}

/**
 * Names where a value came from, for a problem found only after loading (a log file that cannot
 * be opened): `--log-file "/x"`, `INTERNET_CONN_LOG_FILE="/x"`, `config file /c.json: key "logFile": "/x"`.
 */
export function describeSetting(name: SettingName, loaded: LoadedSettings): string {
  const spec = SETTINGS_SCHEMA.find((candidate) => candidate.name === name);
  const value = loaded.settings[name];
  if (spec === undefined) return name;
  const quoted = quoteValue(spec, formatSettingValue(value));
  switch (loaded.sources[name]) {
    case 'flag':
      return `--${spec.flag} ${quoted}`;
    case 'env':
      return `${spec.env}=${quoted}`;
    case 'file':
      return `config file ${loaded.configFile ?? '?'}: key "${spec.file}": ${quoted}`;
    case 'default':
      return `default ${spec.file} ${quoted}`;
  }
}
