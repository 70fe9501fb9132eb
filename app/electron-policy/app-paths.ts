/**
 * Where the tray app keeps its files: all under Electron's userData directory, one place to back up or
 * delete. The settings file sits beside the history, the same layout `serve` uses, so a user can move
 * between the two.
 */
import { join } from 'node:path';
import { HISTORY_FILE_NAME } from '../history/location.js';

export interface AppPaths {
  readonly db: string;
  readonly settings: string;
  readonly logDir: string;
  readonly logFile: string;
}

export function appPaths(userData: string): AppPaths {
  const logDir = join(userData, 'logs');
  return {
    db: join(userData, HISTORY_FILE_NAME),
    settings: join(userData, 'settings.json'),
    logDir,
    logFile: join(logDir, 'app.log'),
  };
}
