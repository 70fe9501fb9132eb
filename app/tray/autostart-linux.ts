/**
 * "Start at login" on Linux: an XDG autostart entry (Desktop Application Autostart Specification), which
 * GNOME, KDE, Xfce, Cinnamon and MATE all honour. Electron's `app.setLoginItemSettings` does nothing on
 * Linux, so main uses this there and the OS API on macOS and Windows.
 *
 * The entry text is built purely; only `enableAutostart` / `disableAutostart` touch the disk.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';

export const AUTOSTART_FILE_NAME = 'internet-conn.desktop';

export interface AutostartEntry {
  /**
   * The program to run, absolute. For an AppImage this must be `process.env.APPIMAGE` (the image on
   * disk), not `process.execPath` (a mount point that vanishes when the app quits).
   */
  readonly executable: string;
  /** Extra arguments, e.g. `--hidden` so a login start goes straight to the tray. */
  readonly args?: readonly string[];
  readonly name?: string;
  readonly comment?: string;
  /** An icon theme name or an absolute path. */
  readonly icon?: string;
}

/** The environment the path depends on; pass `process.env`. */
export interface AutostartEnv {
  readonly XDG_CONFIG_HOME?: string | undefined;
  readonly HOME?: string | undefined;
}

/**
 * `$XDG_CONFIG_HOME/autostart/internet-conn.desktop`. Per the XDG Base Directory spec an unset, empty or
 * relative XDG_CONFIG_HOME is ignored in favour of `$HOME/.config`.
 */
export function autostartPath(env: AutostartEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'autostart', AUTOSTART_FILE_NAME);
  const home = env.HOME;
  if (home === undefined || home === '' || !isAbsolute(home)) {
    throw new Error(
      `cannot place the autostart entry: XDG_CONFIG_HOME is ${JSON.stringify(xdg ?? null)} and HOME is ` +
        `${JSON.stringify(home ?? null)}; one of them must be an absolute path`,
    );
  }
  return join(home, '.config', 'autostart', AUTOSTART_FILE_NAME);
}

export function autostartDesktopEntry(entry: AutostartEntry): string {
  if (!isAbsolute(entry.executable)) {
    throw new Error(`autostart executable must be an absolute path, got ${JSON.stringify(entry.executable)}`);
  }
  const exec = [entry.executable, ...(entry.args ?? [])].map(quoteExecArgument).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${escapeString(entry.name ?? 'internet-conn')}`,
    `Comment=${escapeString(entry.comment ?? 'Shows whether this computer is online, and why not')}`,
    `Exec=${escapeString(exec)}`,
    `Icon=${escapeString(entry.icon ?? 'internet-conn')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * One Exec argument per the Desktop Entry spec ("The Exec key"): an argument with a reserved character
 * is double-quoted, and inside quotes `"`, `` ` ``, `$` and `\` get a backslash. A literal `%` is `%%`
 * everywhere (a lone `%` starts a field code). The string-level escaping of the whole value
 * (escapeString) comes on top, which is why a backslash in a path ends up as four in the file.
 */
export function quoteExecArgument(argument: string): string {
  const percent = argument.replaceAll('%', '%%');
  if (percent !== '' && !/[\s"'\\><~|&;$*?#()`]/.test(percent)) return percent;
  return `"${percent.replace(/["`$\\]/g, '\\$&')}"`;
}

/** Values of type string: `\s` `\n` `\t` `\r` `\\` (only a leading space needs `\s`). */
export function escapeString(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/^ /, '\\s');
}

/** Writes the entry atomically (temp file + rename), so a login never finds half a file. */
export async function enableAutostart(path: string, entry: AutostartEntry): Promise<void> {
  const text = autostartDesktopEntry(entry);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode: 0o644 });
  await rename(temp, path);
}

/** Removing an entry that is not there is not an error: the wanted state is reached either way. */
export async function disableAutostart(path: string): Promise<void> {
  await rm(path, { force: true });
}

/**
 * Whether a login would start us. Desktop settings tools (GNOME Tweaks, KDE) may keep the file and mark
 * it off instead of deleting it, so `Hidden=true` and `X-GNOME-Autostart-enabled=false` count as off.
 */
export async function isAutostartEnabled(path: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const off = /^\s*(Hidden\s*=\s*true|X-GNOME-Autostart-enabled\s*=\s*false)\s*$/im;
  return !off.test(text);
}
