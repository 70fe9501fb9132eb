/**
 * What main reads from its command line and environment before anything starts. Electron's argv differs
 * between a packaged app (`[exe, ...args]`) and development (`[electron, main.cjs, ...args]`), so flags
 * are found anywhere after the executable.
 */
import { isAbsolute } from 'node:path';

/** Passed by the autostart entry: a login start goes straight to the tray without opening the window. */
export const HIDDEN_FLAG = '--hidden';
const USER_DATA_FLAG = '--user-data-dir=';

export interface LaunchOptions {
  readonly hidden: boolean;
  /** Overrides app.getPath('userData') (tests, portable use); null for the OS default. */
  readonly userDataDir: string | null;
}

export function parseLaunchArgs(argv: readonly string[]): LaunchOptions {
  const args = argv.slice(1);
  const userData = args.findLast((arg) => arg.startsWith(USER_DATA_FLAG));
  const dir = userData === undefined ? null : userData.slice(USER_DATA_FLAG.length);
  if (dir !== null && !isAbsolute(dir)) {
    throw new Error(`${USER_DATA_FLAG}${dir}: the user data directory must be an absolute path`);
  }
  return { hidden: args.includes(HIDDEN_FLAG), userDataDir: dir === '' ? null : dir };
}

/** The end-to-end test's switch: main then publishes its tray state on a global for app.evaluate. */
export function isE2eRun(env: Readonly<Record<string, string | undefined>>): boolean {
  return env['INTERNET_CONN_E2E'] === '1';
}

/** The global the e2e test reads through Playwright's `app.evaluate`. */
export const E2E_GLOBAL = '__internetConnE2e';
