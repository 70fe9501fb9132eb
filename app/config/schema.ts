import type { Endpoint } from '../probes/types.js';
import { INTERVAL_MAX_MS, INTERVAL_MIN_MS, TIMEOUT_MAX_MS, TIMEOUT_MIN_MS } from './defaults.js';
import { parseDurationInRange } from './duration.js';
import { parseEndpoint, parseIpAddress, parseListenAddress } from './endpoint.js';
import { ok, type Parsed } from './parsed.js';
import { WrittenNumber } from './written-number.js';
import {
  parseDatabasePath,
  parseHostname,
  parsePath,
  parsePortalUrl,
  parseToken,
  type ValueContext,
} from './values.js';

/** Every setting, after validation. One shape for the CLI, the environment, the file and the app's store. */
export interface Settings {
  readonly targets: readonly Endpoint[];
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** Append-only log of probe failures; null = no log. */
  readonly logFile: string | null;
  readonly dnsNames: readonly string[];
  readonly referenceResolvers: readonly string[];
  readonly portalUrls: readonly string[];
  /** File key `tls.target`. */
  readonly tlsTarget: Endpoint;
  /** File key `tls.name`: the name the TLS target's certificate must carry. */
  readonly tlsName: string;
  /** History database; null = the history store picks the platform's data directory. */
  readonly db: string | null;
  /** Prometheus `/metrics` listen address; null = no metrics endpoint. */
  readonly metricsListen: Endpoint | null;
  readonly listen: Endpoint;
  /** `serve` bearer token; null = `serve` makes one up and prints it. */
  readonly token: string | null;
}

export type SettingName = keyof Settings;

export type ValueParser = (text: string, context: ValueContext) => Parsed<unknown>;

interface KeyBase {
  readonly name: SettingName;
  /** Dotted path in the config file (`tls.target` is `{"tls": {"target": …}}`). */
  readonly file: string;
  /** Without the leading `--`. */
  readonly flag: string;
  readonly env: string;
  /** Placeholder in `--help` (`IP:PORT`). */
  readonly valueName: string;
  readonly help: string;
  /** Never echoed back in an error message. */
  readonly secret?: boolean;
}

export interface ScalarKey extends KeyBase {
  readonly kind: 'scalar';
  readonly parse: ValueParser;
  /** The file may give a JSON number (read as its decimal text, so 3000 means 3000 ms). */
  readonly acceptsNumber?: boolean;
  /** The file may give `null` to switch the feature off. */
  readonly nullable?: boolean;
}

/** Lists are repeatable flags, comma-separated env values and JSON arrays of strings. */
export interface ListKey extends KeyBase {
  readonly kind: 'list';
  readonly parseItem: ValueParser;
  /** A bound so a runaway list (a generated config) cannot open thousands of sockets per check. */
  readonly maxItems?: number;
}

/** The message for a list longer than its key allows, or null. */
export function listTooLong(spec: KeySpec, count: number): string | null {
  if (spec.kind !== 'list' || spec.maxItems === undefined || count <= spec.maxItems) return null;
  return `lists ${count} items; at most ${spec.maxItems} are allowed`;
}

/** Every probe target is one socket per check, all at once. */
export const MAX_TARGETS = 64;

export type KeySpec = ScalarKey | ListKey;

const ip: ValueParser = (text) => {
  const parsed = parseIpAddress(text);
  return parsed.ok ? ok(parsed.value.address) : parsed;
};

export const SETTINGS_SCHEMA: readonly KeySpec[] = [
  {
    name: 'targets',
    kind: 'list',
    file: 'targets',
    flag: 'target',
    env: 'INTERNET_CONN_TARGETS',
    valueName: 'IP:PORT',
    help: 'probe target, an IP literal and port (repeatable)',
    parseItem: (text) => parseEndpoint(text),
    maxItems: MAX_TARGETS,
  },
  {
    name: 'timeoutMs',
    kind: 'scalar',
    file: 'timeoutMs',
    flag: 'timeout',
    env: 'INTERNET_CONN_TIMEOUT_MS',
    valueName: 'DURATION',
    help: `per-probe timeout, ${TIMEOUT_MIN_MS}–${TIMEOUT_MAX_MS} ms (500, 500ms, 1.5s, 5s, 1m)`,
    acceptsNumber: true,
    parse: (text) => parseDurationInRange(text, TIMEOUT_MIN_MS, TIMEOUT_MAX_MS),
  },
  {
    name: 'intervalMs',
    kind: 'scalar',
    file: 'intervalMs',
    flag: 'interval',
    env: 'INTERNET_CONN_INTERVAL_MS',
    valueName: 'DURATION',
    help: `monitor interval, ${INTERVAL_MIN_MS}–${INTERVAL_MAX_MS} ms (1s, 5s, 1m, 1h)`,
    acceptsNumber: true,
    parse: (text) => parseDurationInRange(text, INTERVAL_MIN_MS, INTERVAL_MAX_MS),
  },
  {
    name: 'logFile',
    kind: 'scalar',
    file: 'logFile',
    flag: 'log-file',
    env: 'INTERNET_CONN_LOG_FILE',
    valueName: 'PATH',
    help: 'append a timestamped line for every failed probe to this file',
    nullable: true,
    parse: parsePath,
  },
  {
    name: 'dnsNames',
    kind: 'list',
    file: 'dnsNames',
    flag: 'dns-name',
    env: 'INTERNET_CONN_DNS_NAMES',
    valueName: 'NAME',
    help: 'name to resolve in the DNS check (repeatable)',
    parseItem: (text) => parseHostname(text),
  },
  {
    name: 'referenceResolvers',
    kind: 'list',
    file: 'referenceResolvers',
    flag: 'reference-resolver',
    env: 'INTERNET_CONN_REFERENCE_RESOLVERS',
    valueName: 'IP',
    help: 'public resolver to compare the system resolver with (repeatable)',
    parseItem: ip,
  },
  {
    name: 'portalUrls',
    kind: 'list',
    file: 'portalUrls',
    flag: 'portal-url',
    env: 'INTERNET_CONN_PORTAL_URLS',
    valueName: 'URL',
    help: 'plain-HTTP URL with a known answer, for the captive-portal check (repeatable)',
    parseItem: (text) => parsePortalUrl(text),
  },
  {
    name: 'tlsTarget',
    kind: 'scalar',
    file: 'tls.target',
    flag: 'tls-target',
    env: 'INTERNET_CONN_TLS_TARGET',
    valueName: 'IP:PORT',
    help: 'TLS check target',
    parse: (text) => parseEndpoint(text),
  },
  {
    name: 'tlsName',
    kind: 'scalar',
    file: 'tls.name',
    flag: 'tls-name',
    env: 'INTERNET_CONN_TLS_NAME',
    valueName: 'NAME',
    help: "name the TLS target's certificate must carry",
    parse: (text) => parseHostname(text),
  },
  {
    name: 'db',
    kind: 'scalar',
    file: 'db',
    flag: 'db',
    env: 'INTERNET_CONN_DB',
    valueName: 'PATH',
    help: 'history database file',
    nullable: true,
    parse: parseDatabasePath,
  },
  {
    name: 'metricsListen',
    kind: 'scalar',
    file: 'metricsListen',
    flag: 'metrics-listen',
    env: 'INTERNET_CONN_METRICS_LISTEN',
    valueName: 'IP:PORT',
    help: 'serve Prometheus metrics on this address',
    nullable: true,
    parse: (text) => parseListenAddress(text),
  },
  {
    name: 'listen',
    kind: 'scalar',
    file: 'listen',
    flag: 'listen',
    env: 'INTERNET_CONN_LISTEN',
    valueName: 'IP:PORT',
    help: '`serve` listen address (port 0 = any free port)',
    parse: (text) => parseListenAddress(text),
  },
  {
    name: 'token',
    kind: 'scalar',
    file: 'token',
    flag: 'token',
    env: 'INTERNET_CONN_TOKEN',
    valueName: 'TOKEN',
    help: '`serve` bearer token',
    secret: true,
    nullable: true,
    parse: (text) => parseToken(text),
  },
];

/** How a rejected value is quoted in a message: JSON-quoted, shortened, secrets never shown. */
export function quoteValue(spec: KeySpec, value: unknown): string {
  if (spec.secret === true) return '(hidden)';
  if (value instanceof WrittenNumber) return value.text;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…"` : text;
}

/**
 * The comma-separated form of a list belongs to the environment only. A flag or file item that fails
 * to parse and splits on commas into several items was almost certainly meant as a list, so say so
 * rather than pass on what the item parser made of the whole text (for targets, an IPv6 hint).
 */
export function commaSeparatedItems(spec: KeySpec, text: string): readonly string[] | null {
  if (spec.kind !== 'list' || !text.includes(',')) return null;
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length >= 2 ? items : null;
}

/** Reads one text value (a flag, an env variable, or one string of the file) for a scalar key or a list item. */
export function parseText(spec: KeySpec, text: string, context: ValueContext): Parsed<unknown> {
  return spec.kind === 'list' ? spec.parseItem(text, context) : spec.parse(text, context);
}
