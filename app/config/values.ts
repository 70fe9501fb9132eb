import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { fail, ok, type Parsed } from './parsed.js';

/** Where relative paths are anchored: the working directory for flags and env, the file's folder for the file. */
export interface ValueContext {
  readonly baseDir: string;
  readonly homeDir: string;
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;

/** A DNS name to look up. IP literals are refused: resolving one tells nothing about DNS. */
export function parseHostname(text: string): Parsed<string> {
  const name = text.trim();
  if (name === '') return fail('is empty; expected a name like example.com');
  if (isIP(name) !== 0) return fail('must be a name, not an IP address');
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare.length > 253) return fail('is longer than the 253 characters a DNS name may have');
  if (!bare.split('.').every((label) => LABEL.test(label))) {
    return fail('is not a valid DNS name (letters, digits and hyphens between dots)');
  }
  return ok(name.toLowerCase());
}

/**
 * A portal check must be plain HTTP: a captive portal can only rewrite an answer it can read,
 * so an https:// URL would hide exactly what the check looks for.
 */
export function parsePortalUrl(text: string): Parsed<string> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return fail('is not a URL; expected something like http://example.com/generate_204');
  }
  if (url.protocol !== 'http:') return fail('must be a plain http:// URL (a portal cannot rewrite https)');
  return ok(url.href);
}

/** A file path; `~/` means the home directory, relative paths are anchored at `context.baseDir`. */
export function parsePath(text: string, context: ValueContext): Parsed<string> {
  const path = text.trim();
  if (path === '') return fail('is empty; expected a file path');
  if (path.includes('\0')) return fail('must not contain a NUL character');
  if (path === '~' || path.startsWith('~/')) return ok(resolve(context.homeDir, path.slice(2)));
  return ok(isAbsolute(path) ? path : resolve(context.baseDir, path));
}

/** SQLite's in-memory database is not a path and must not be anchored anywhere. */
export function parseDatabasePath(text: string, context: ValueContext): Parsed<string> {
  return text.trim() === ':memory:' ? ok(':memory:') : parsePath(text, context);
}

export const MIN_TOKEN_LENGTH = 16;

/** The `serve` bearer token: long enough not to be guessed, printable so it fits in a header. */
export function parseToken(text: string): Parsed<string> {
  if (text.length < MIN_TOKEN_LENGTH) return fail(`must be at least ${MIN_TOKEN_LENGTH} characters`);
  if (!/^[\x21-\x7e]+$/.test(text)) return fail('must be printable ASCII without spaces');
  return ok(text);
}
