import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import { parseJsonKeepingHugeNumbers } from './written-number.js';

export const CONFIG_ENV = 'INTERNET_CONN_CONFIG';

/** Where the config file path came from; an explicitly named file must exist, the default one may not. */
export interface ConfigFileLocation {
  readonly path: string;
  /** How to name the origin in a message when the file cannot be read (`--config "/x"`). */
  readonly origin: string;
  readonly required: boolean;
}

export interface LocateInput {
  readonly configFlag: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly platform: NodeJS.Platform;
  readonly homeDir: string;
}

/**
 * `--config PATH`, else `$INTERNET_CONN_CONFIG`, else `$XDG_CONFIG_HOME/internet-conn/config.json`,
 * else `~/.config/internet-conn/config.json` (`%APPDATA%\internet-conn\config.json` on Windows
 * when XDG_CONFIG_HOME is unset). Only the last two are optional.
 */
export function locateConfigFile(input: LocateInput): ConfigFileLocation {
  const path = input.platform === 'win32' ? win32 : posix;
  if (input.configFlag !== undefined) {
    return {
      path: path.resolve(input.cwd, input.configFlag),
      origin: `--config ${JSON.stringify(input.configFlag)}`,
      required: true,
    };
  }
  const fromEnv = input.env[CONFIG_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    return {
      path: path.resolve(input.cwd, fromEnv),
      origin: `${CONFIG_ENV}=${JSON.stringify(fromEnv)}`,
      required: true,
    };
  }
  const xdg = input.env['XDG_CONFIG_HOME'];
  const appData = input.env['APPDATA'];
  const base =
    xdg !== undefined && path.isAbsolute(xdg)
      ? xdg
      : input.platform === 'win32' && appData !== undefined && appData !== ''
        ? appData
        : path.join(input.homeDir, '.config');
  const file = path.join(base, 'internet-conn', 'config.json');
  return { path: file, origin: `config file ${file}`, required: false };
}

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a parent is not a directory',
};

export type ConfigFileRead =
  | { readonly ok: true; readonly found: true; readonly json: unknown }
  | { readonly ok: true; readonly found: false }
  | { readonly ok: false; readonly message: string };

/** Reads and parses the file. A missing optional file is "not found", never an error. */
export async function readConfigFile(location: ConfigFileLocation): Promise<ConfigFileRead> {
  let text: string;
  try {
    text = await readRegularFile(location.path);
  } catch (error) {
    if (error instanceof NotRegularFile) {
      return {
        ok: false,
        message: `${location.origin}: cannot read ${location.path}: it is ${error.kind}, not a regular file`,
      };
    }
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT' && !location.required) return { ok: true, found: false };
    const what = READ_ERRORS[code] ?? 'read failed';
    return { ok: false, message: `${location.origin}: cannot read ${location.path}: ${what} (${code})` };
  }
  try {
    return { ok: true, found: true, json: parseJsonKeepingHugeNumbers(withoutByteOrderMark(text)) };
  } catch (error) {
    return {
      ok: false,
      message: `config file ${location.path}: ${describeJsonError(text, error)}`,
    };
  }
}

class NotRegularFile extends Error {
  constructor(readonly kind: string) {
    super(`not a regular file: ${kind}`);
  }
}

/**
 * Reads a config file only if it is a regular file. Opening a FIFO waits for a writer inside libuv's
 * thread pool, where neither Ctrl-C nor process.exit can end the wait; a device may never end (/dev/zero).
 * So stat first, and open with O_NONBLOCK, in case the path is swapped for a FIFO in between (fstat then
 * sees it).
 */
async function readRegularFile(path: string): Promise<string> {
  refuseIfNotRegular(await stat(path));
  const nonBlocking = process.platform === 'win32' ? 0 : constants.O_NONBLOCK;
  const handle = await open(path, constants.O_RDONLY | nonBlocking);
  try {
    refuseIfNotRegular(await handle.stat());
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

function refuseIfNotRegular(stats: Stats): void {
  if (stats.isFile()) return;
  // A directory keeps the message reading one has always given.
  if (stats.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  if (stats.isFIFO()) throw new NotRegularFile('a named pipe (FIFO)');
  if (stats.isSocket()) throw new NotRegularFile('a socket');
  if (stats.isCharacterDevice()) throw new NotRegularFile('a character device');
  if (stats.isBlockDevice()) throw new NotRegularFile('a block device');
  throw new NotRegularFile('an unusual kind of file');
}

/**
 * Node's JSON errors give a character offset, and their wording changes between V8 versions;
 * people look for a line and column, so those come first and V8's words follow.
 */
function describeJsonError(text: string, error: unknown): string {
  if (text.trim() === '') return 'the file is empty; write {} for no settings';
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  const offset = position === null ? text.length : Number(position[1]);
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  const reason = message
    .replace(/\s*(in JSON )?at position \d+.*$/s, '')
    .replace(/, ".*" is not valid JSON$/s, '');
  return `not valid JSON at line ${line} column ${column}: ${reason}`;
}

/** Windows editors save UTF-8 with a byte order mark; JSON.parse would call it an unexpected token. */
function withoutByteOrderMark(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
