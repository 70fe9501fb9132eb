/**
 * Runtime checks for every argument that crosses into the API. TypeScript types vanish at runtime, and the
 * callers are a browser (`serve`) and a renderer process (Electron IPC): neither is trusted to send what
 * the types say. Each check returns the value typed, or throws an ApiRequestError whose message names the
 * bad value; the HTTP server answers it with 400, the IPC wrapper rejects the call with it.
 */
import { HISTORY_RANGES, type EditableSettings, type ExportFormat, type HistoryRange } from './contract.js';

export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
}

const EXPORT_WHATS = ['checks', 'outages'] as const;
const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json'];

export function parseHistoryRange(value: unknown): HistoryRange {
  return oneOf('range', value, HISTORY_RANGES);
}

export function parseExportWhat(value: unknown): 'checks' | 'outages' {
  return oneOf('what', value, EXPORT_WHATS);
}

export function parseExportFormat(value: unknown): ExportFormat {
  return oneOf('format', value, EXPORT_FORMATS);
}

/**
 * The longest timed pause. Beyond a week "until resumed" says what is meant, and a cap keeps every
 * consumer's date arithmetic in range: `new Date(1e300)` is an Invalid Date, and formatting one throws.
 */
export const MAX_PAUSE_MS = 7 * 24 * 3_600_000;

/** A pause ends at a future wall-clock time (epoch ms) at most MAX_PAUSE_MS ahead, or never (null: until resumed). */
export function parsePauseUntil(value: unknown, nowMs: number): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ApiRequestError(
      `untilMs ${describe(value)} is not a time: expected epoch milliseconds in the future, or null to pause until resumed`,
    );
  }
  if (value <= nowMs) {
    throw new ApiRequestError(
      `untilMs ${value} (${isoOrRaw(value)}) is not in the future; it is now ${new Date(nowMs).toISOString()}`,
    );
  }
  if (value > nowMs + MAX_PAUSE_MS) {
    throw new ApiRequestError(
      `untilMs ${value} (${isoOrRaw(value)}) is more than 7 days ahead; pause for at most 7 days, or send null to pause until resumed`,
    );
  }
  return value;
}

/** A finite number past ±8.64e15 ms has no Date: say so instead of letting toISOString throw. */
function isoOrRaw(epochMs: number): string {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? 'beyond any representable date' : date.toISOString();
}

/** The body of a pause request: `{ "untilMs": number | null }`. */
export function parsePauseBody(body: unknown, nowMs: number): number | null {
  const object = plainObject('pause request', body, '{"untilMs": 1735689600000} or {"untilMs": null}');
  const unknown = Object.keys(object).filter((key) => key !== 'untilMs');
  if (unknown.length > 0)
    throw new ApiRequestError(`pause request: unknown key ${JSON.stringify(unknown[0])}`);
  if (!('untilMs' in object))
    throw new ApiRequestError('pause request: "untilMs" is missing (a time, or null)');
  return parsePauseUntil(object['untilMs'], nowMs);
}

const SETTINGS_SHAPE: Readonly<Record<keyof EditableSettings, readonly string[] | null>> = {
  targets: null,
  intervalMs: null,
  timeoutMs: null,
  notifications: ['enabled', 'onDisconnect', 'onReconnect', 'onLimited'],
  startAtLogin: null,
  retention: ['rawChecksDays', 'rollupDays'],
};

/**
 * The settings object has exactly the keys of EditableSettings, with the two nested objects. Values are
 * not judged here: updateSettings answers a bad value with an error for its field, which a form can show.
 */
export function parseSettingsShape(value: unknown): Readonly<Record<string, unknown>> {
  const object = plainObject('settings', value, 'the object getSettings returns');
  checkKeys('settings', object, Object.keys(SETTINGS_SHAPE));
  for (const [key, children] of Object.entries(SETTINGS_SHAPE)) {
    if (children === null) continue;
    checkKeys(
      `settings.${key}`,
      plainObject(`settings.${key}`, object[key], `{${children.join(', ')}}`),
      children,
    );
  }
  return object;
}

function checkKeys(
  label: string,
  object: Readonly<Record<string, unknown>>,
  expected: readonly string[],
): void {
  const unknown = Object.keys(object).find((key) => !expected.includes(key));
  if (unknown !== undefined) {
    throw new ApiRequestError(
      `${label}: unknown key ${JSON.stringify(unknown)} (known keys: ${expected.join(', ')})`,
    );
  }
  const missing = expected.find((key) => !(key in object));
  if (missing !== undefined) throw new ApiRequestError(`${label}: key ${JSON.stringify(missing)} is missing`);
}

function plainObject(label: string, value: unknown, example: string): Readonly<Record<string, unknown>> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw new ApiRequestError(`${label} must be an object like ${example}, not ${describe(value)}`);
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const choices = allowed.join(', ');
  throw new ApiRequestError(
    value === undefined
      ? `${name} is missing; expected one of ${choices}`
      : `${name} ${describe(value)} is not one of ${choices}`,
  );
}

/** The value as it was sent, quoted and shortened, so the message shows exactly what was wrong. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
