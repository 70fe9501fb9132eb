import { posix, win32 } from 'node:path';

export const APP_DIR_NAME = 'internet-conn';
export const HISTORY_FILE_NAME = 'history.sqlite';

/**
 * Where the history database lives when the user names no `--db`: the per-user data directory.
 * - Linux and other Unixes: `$XDG_DATA_HOME/internet-conn/history.sqlite`, else `~/.local/share/…`
 *   (the XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored).
 * - macOS: `~/Library/Application Support/internet-conn/history.sqlite`.
 * - Windows: `%APPDATA%\internet-conn\history.sqlite`, else `<home>\AppData\Roaming\…`.
 * Pure: the caller passes process.platform, process.env and os.homedir(), so every branch is testable anywhere.
 */
export function defaultHistoryPath(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): string {
  if (platform === 'win32') {
    const appData = nonEmpty(env['APPDATA']);
    const base = appData ?? win32.join(homedir, 'AppData', 'Roaming');
    return win32.join(base, APP_DIR_NAME, HISTORY_FILE_NAME);
  }
  if (platform === 'darwin') {
    return posix.join(homedir, 'Library', 'Application Support', APP_DIR_NAME, HISTORY_FILE_NAME);
  }
  const xdg = nonEmpty(env['XDG_DATA_HOME']);
  const base = xdg !== undefined && posix.isAbsolute(xdg) ? xdg : posix.join(homedir, '.local', 'share');
  return posix.join(base, APP_DIR_NAME, HISTORY_FILE_NAME);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
