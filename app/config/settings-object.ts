import { duplicateItemReason, findDuplicate } from './duplicates.js';
import { closestName } from './suggest.js';
import { WrittenNumber } from './written-number.js';
import { fail, ok, type Parsed } from './parsed.js';
import {
  commaSeparatedItems,
  listTooLong,
  parseText,
  quoteValue,
  SETTINGS_SCHEMA,
  type KeySpec,
  type Settings,
} from './schema.js';
import type { ValueContext } from './values.js';

export type PartialSettings = { -readonly [K in keyof Settings]?: Settings[K] };

export type ObjectParse =
  { readonly ok: true; readonly values: PartialSettings } | { readonly ok: false; readonly message: string };

/** JSON Schema references are allowed at the top so editors can offer completion. */
const IGNORED_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(['$schema']);

/**
 * Validates a settings object (the config file, or the app's settings store) against the schema.
 * `label` names the source in messages: `config file /x/y.json: key "timeoutMs": …`.
 * Unknown keys are errors: a misspelt key silently ignored is a setting that silently does nothing.
 */
export function parseSettingsObject(json: unknown, label: string, context: ValueContext): ObjectParse {
  if (!isPlainObject(json)) {
    return {
      ok: false,
      message: `${label}: must be a JSON object like {"timeoutMs": 3000}, not ${jsonType(json)}`,
    };
  }
  const values: Record<string, unknown> = {};
  const problem = walk(json, '', values, context);
  if (problem !== null) return { ok: false, message: `${label}: ${problem}` };
  return { ok: true, values: values as PartialSettings };
}

function walk(
  object: Readonly<Record<string, unknown>>,
  prefix: string,
  values: Record<string, unknown>,
  context: ValueContext,
): string | null {
  for (const [key, value] of Object.entries(object)) {
    if (prefix === '' && IGNORED_TOP_LEVEL_KEYS.has(key)) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const leaf = SETTINGS_SCHEMA.find((spec) => spec.file === path);
    if (leaf !== undefined) {
      const parsed = parseJsonValue(leaf, value, context);
      if (!parsed.ok) return `key "${path}": ${parsed.reason}`;
      const repeated = repeatedItem(leaf, value, parsed.value);
      if (repeated !== null) return `key "${path}": ${repeated}`;
      values[leaf.name] = parsed.value;
      continue;
    }
    const children = SETTINGS_SCHEMA.filter((spec) => spec.file.startsWith(`${path}.`));
    if (children.length > 0) {
      if (!isPlainObject(value)) {
        const keys = children.map((spec) => `"${spec.file.slice(path.length + 1)}"`).join(', ');
        return `key "${path}": must be an object with ${keys}, not ${jsonType(value)}`;
      }
      const problem = walk(value, path, values, context);
      if (problem !== null) return problem;
      continue;
    }
    return `unknown key "${path}"${suggestKey(path)}`;
  }
  return null;
}

/** One value from JSON: strings go through the same parser as flags and env, so the rules cannot drift. */
export function parseJsonValue(spec: KeySpec, value: unknown, context: ValueContext): Parsed<unknown> {
  if (value === null && spec.kind === 'scalar' && spec.nullable === true) return ok(null);
  if (spec.kind === 'list') {
    if (!Array.isArray(value)) return fail(`must be an array of strings, not ${jsonType(value)}`);
    if (value.length === 0) return fail('must list at least one item');
    const tooLong = listTooLong(spec, value.length);
    if (tooLong !== null) return fail(tooLong);
    const items: unknown[] = [];
    for (const [index, item] of value.entries()) {
      if (typeof item !== 'string') return fail(`item ${index + 1} must be a string, not ${jsonType(item)}`);
      const parsed = spec.parseItem(item, context);
      if (!parsed.ok) {
        const split = commaSeparatedItems(spec, item);
        const reason =
          split === null
            ? parsed.reason
            : `one value per string; write ${JSON.stringify(split.slice(0, 2)).replaceAll('","', '", "')}`;
        return fail(`item ${index + 1} ${quoteValue(spec, item)}: ${reason}`);
      }
      items.push(parsed.value);
    }
    return ok(items);
  }
  if (value instanceof WrittenNumber && spec.acceptsNumber === true) {
    return fail(
      `${value.text}: ${value.text.startsWith('-') ? 'must not be negative' : 'is too large a number'}`,
    );
  }
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && spec.acceptsNumber === true) text = String(value);
  else {
    const expected =
      spec.acceptsNumber === true ? 'a number of milliseconds or a string like "5s"' : 'a string';
    return fail(`must be ${expected}, not ${jsonType(value)}`);
  }
  const parsed = parseText(spec, text, context);
  return parsed.ok ? parsed : fail(`${quoteValue(spec, value)}: ${parsed.reason}`);
}

/**
 * Checked here, for the file, and not in parseJsonValue: the window's stored settings go through that
 * too, and a store saved before duplicates were refused must still load.
 */
function repeatedItem(spec: KeySpec, raw: unknown, parsed: unknown): string | null {
  if (spec.kind !== 'list' || !Array.isArray(raw) || !Array.isArray(parsed)) return null;
  const texts = raw.map((item) => String(item));
  const duplicate = findDuplicate(texts, parsed);
  return duplicate === null ? null : duplicateItemReason(duplicate, (index) => quoteValue(spec, raw[index]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof WrittenNumber)
  );
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof WrittenNumber) return 'a number';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Suggests the nearest key at the same level (`tls.host` is compared with `target` and `name`). */
function suggestKey(path: string): string {
  const dot = path.lastIndexOf('.');
  const prefix = dot === -1 ? '' : path.slice(0, dot + 1);
  const key = path.slice(dot + 1);
  const siblings = [
    ...new Set(
      SETTINGS_SCHEMA.filter((spec) => spec.file.startsWith(prefix)).map(
        (spec) => spec.file.slice(prefix.length).split('.')[0] ?? '',
      ),
    ),
  ];
  const close = closestName(key, siblings);
  if (close !== null) return ` (did you mean "${prefix}${close}"?)`;
  const where = prefix === '' ? '' : ` in "${prefix.slice(0, -1)}"`;
  return ` (known keys${where}: ${siblings.join(', ')})`;
}
