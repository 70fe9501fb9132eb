/**
 * The settings the status window edits (EditableSettings): their defaults, and their validation. Targets,
 * interval and timeout go through the config schema's own parsers (app/config/schema.ts), so the window
 * shows the words the CLI prints for the same value; the window-only keys (notifications, start at login,
 * retention) are checked here in the same style: the value, quoted, then what it must be.
 */
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import { quoteValue, SETTINGS_SCHEMA, type KeySpec, type Settings } from '../config/schema.js';
import { parseJsonValue } from '../config/settings-object.js';
import type { RetentionPolicy } from '../history/retention.js';
import { formatEndpoint, type Endpoint } from '../probes/types.js';
import type { EditableSettings, SettingsResult } from './contract.js';

const DAY_MS = 86_400_000;

export const RAW_CHECKS_DAYS = { min: 1, max: 365 } as const;
export const ROLLUP_DAYS = { min: 1, max: 3650 } as const;
/** Minute rollups draw series finer than an hour; 30 days covers the longest range the window shows. */
const MINUTE_ROLLUP_DAYS = 30;

export const DEFAULT_EDITABLE_SETTINGS: EditableSettings = editableFromSettings(DEFAULT_SETTINGS);

/** The window's view of loaded settings; the keys the CLI does not know take their defaults. */
export function editableFromSettings(
  settings: Pick<Settings, 'targets' | 'intervalMs' | 'timeoutMs'>,
): EditableSettings {
  return {
    targets: settings.targets.map(formatEndpoint),
    intervalMs: settings.intervalMs,
    timeoutMs: settings.timeoutMs,
    // A drop is what people want to hear about; "limited" flickers on some networks, so it is opt-in.
    notifications: { enabled: true, onDisconnect: true, onReconnect: true, onLimited: false },
    startAtLogin: false,
    retention: { rawChecksDays: 7, rollupDays: 366 },
  };
}

/** The history's retention for these settings: hour rollups and status changes live as long as rollups. */
export function retentionFor(settings: EditableSettings): RetentionPolicy {
  const { rawChecksDays, rollupDays } = settings.retention;
  return {
    rawChecksMs: rawChecksDays * DAY_MS,
    minuteRollupsMs: Math.min(MINUTE_ROLLUP_DAYS, rollupDays) * DAY_MS,
    hourRollupsMs: rollupDays * DAY_MS,
    statusChangesMs: rollupDays * DAY_MS,
    outagesMs: null,
  };
}

/** The targets as the monitor takes them; only call on validated settings. */
export function endpointsOf(settings: EditableSettings): Endpoint[] {
  const spec = schemaKey('targets');
  const parsed = parseJsonValue(spec, settings.targets, NO_PATHS);
  if (!parsed.ok) throw new RangeError(`targets were not validated: ${parsed.reason}`);
  return parsed.value as Endpoint[];
}

const NO_PATHS = { baseDir: '/', homeDir: '/' };

function schemaKey(name: 'targets' | 'intervalMs' | 'timeoutMs'): KeySpec {
  const spec = SETTINGS_SCHEMA.find((candidate) => candidate.name === name);
  if (spec === undefined) throw new Error(`settings schema lost its ${name} key`);
  return spec;
}

/**
 * Checks every field and names each bad one (`targets.0`, `intervalMs`, `retention.rollupDays` …; list
 * items by 0-based index). The shape (an object with exactly these keys) is validate-request.ts's job;
 * a field of the wrong type here is still an error for that field, never an exception.
 */
export function validateEditableSettings(input: Readonly<Record<string, unknown>>): SettingsResult {
  const errors: Record<string, string> = {};
  const targets = readTargets(input['targets'], errors);
  const intervalMs = readDuration('intervalMs', input['intervalMs'], errors);
  const timeoutMs = readDuration('timeoutMs', input['timeoutMs'], errors);

  const notificationsIn = asObject(input['notifications']);
  const notification = (key: keyof EditableSettings['notifications']): boolean =>
    readBoolean(`notifications.${key}`, notificationsIn[key], errors);
  const notifications = {
    enabled: notification('enabled'),
    onDisconnect: notification('onDisconnect'),
    onReconnect: notification('onReconnect'),
    onLimited: notification('onLimited'),
  };
  const startAtLogin = readBoolean('startAtLogin', input['startAtLogin'], errors);

  const retentionIn = asObject(input['retention']);
  const rawChecksDays = readDays(
    'retention.rawChecksDays',
    retentionIn['rawChecksDays'],
    RAW_CHECKS_DAYS,
    errors,
  );
  const rollupDays = readDays('retention.rollupDays', retentionIn['rollupDays'], ROLLUP_DAYS, errors);
  if (errors['retention.rawChecksDays'] === undefined && errors['retention.rollupDays'] === undefined) {
    // Rollups are built from the raw checks; dropping them first would leave a hole in every chart.
    if (rollupDays < rawChecksDays) {
      errors['retention.rollupDays'] = `${rollupDays}: must be at least rawChecksDays (${rawChecksDays})`;
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      targets,
      intervalMs,
      timeoutMs,
      notifications,
      startAtLogin,
      retention: { rawChecksDays, rollupDays },
    },
  };
}

/**
 * Two lines naming the same endpoint (`1.1.1.1:443` and `1.1.1.1:0443`, or two spellings of one IPv6
 * address) would probe it twice and count it twice toward "reachable". Each later copy gets an error
 * naming the first. Items that do not parse are left to readTargets' own error.
 */
export function duplicateTargetErrors(value: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!Array.isArray(value)) return errors;
  const spec = schemaKey('targets');
  if (spec.kind !== 'list') return errors;
  const firstSeen = new Map<string, string>();
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string') continue;
    const parsed = spec.parseItem(item, NO_PATHS);
    if (!parsed.ok) continue;
    const key = endpointKey(parsed.value as Endpoint);
    const first = firstSeen.get(key);
    if (first === undefined) firstSeen.set(key, item);
    else
      errors[`targets.${index}`] =
        `${quoteValue(spec, item)}: repeats ${JSON.stringify(first)}; list each target once`;
  }
  return errors;
}

/** One spelling per endpoint: the URL parser writes IPv6 in its shortest form (`2001:db8:0::1` → `2001:db8::1`). */
function endpointKey(endpoint: Endpoint): string {
  if (endpoint.family !== 6) return formatEndpoint(endpoint);
  try {
    return `${new URL(`http://[${endpoint.host}]/`).hostname}:${endpoint.port}`;
  } catch {
    // A zone id (`fe80::1%eth0`) is no URL host; compare it as written.
    return formatEndpoint(endpoint).toLowerCase();
  }
}

/**
 * What a save from the window or the API must pass: validateEditableSettings, and no duplicate targets
 * among targets the user changed. Unchanged ones (`current`) are let through so an old file or a
 * `--target` flag with a repeat cannot block an unrelated save such as the tray's Start at login.
 */
export function validateSettingsUpdate(
  input: Readonly<Record<string, unknown>>,
  current: EditableSettings,
): SettingsResult {
  const result = validateEditableSettings(input);
  const unchanged =
    Array.isArray(input['targets']) && input['targets'].join('\n') === current.targets.join('\n');
  const duplicates = unchanged ? {} : duplicateTargetErrors(input['targets']);
  if (Object.keys(duplicates).length === 0) return result;
  return { ok: false, errors: { ...(result.ok ? {} : result.errors), ...duplicates } };
}

/** Each item is read as `--target` reads it, so the message after the quoted value is the CLI's. */
function readTargets(value: unknown, errors: Record<string, string>): string[] {
  const spec = schemaKey('targets');
  if (spec.kind !== 'list') throw new Error('settings schema: targets must be a list key');
  if (!Array.isArray(value)) {
    errors['targets'] = `must be a list of IP:PORT strings, not ${jsonType(value)}`;
    return [];
  }
  if (value.length === 0) {
    errors['targets'] = 'must list at least one item';
    return [];
  }
  const targets: string[] = [];
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string') {
      errors[`targets.${index}`] = `must be a string like "1.1.1.1:443", not ${jsonType(item)}`;
      continue;
    }
    const parsed = spec.parseItem(item, NO_PATHS);
    if (!parsed.ok) errors[`targets.${index}`] = `${quoteValue(spec, item)}: ${parsed.reason}`;
    else targets.push(formatEndpoint(parsed.value as Endpoint));
  }
  return targets;
}

function readDuration(
  name: 'intervalMs' | 'timeoutMs',
  value: unknown,
  errors: Record<string, string>,
): number {
  if (value === undefined) {
    errors[name] = 'is missing; expected a number of milliseconds';
    return 0;
  }
  const parsed = parseJsonValue(schemaKey(name), value, NO_PATHS);
  if (!parsed.ok) {
    errors[name] = parsed.reason;
    return 0;
  }
  return parsed.value as number;
}

function readBoolean(name: string, value: unknown, errors: Record<string, string>): boolean {
  if (typeof value === 'boolean') return value;
  errors[name] =
    value === undefined ? 'is missing; expected true or false' : `${quote(value)}: must be true or false`;
  return false;
}

function readDays(
  name: string,
  value: unknown,
  range: { readonly min: number; readonly max: number },
  errors: Record<string, string>,
): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max) {
    return value;
  }
  errors[name] =
    value === undefined
      ? `is missing; expected a whole number of days, ${range.min}–${range.max}`
      : `${quote(value)}: must be a whole number of days, ${range.min}–${range.max}`;
  return 0;
}

function asObject(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
