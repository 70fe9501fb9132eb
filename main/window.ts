/**
 * The status window: one BrowserWindow, made on first demand, shown on demand, hidden (not closed) when
 * the user closes it, so the tray app keeps running and the page keeps its state. Options come from
 * app/electron-policy/window-options.ts, where a test checks the security settings.
 */
import { BrowserWindow } from 'electron';
import { APP_INDEX_URL } from '../app/electron-policy/app-origin.js';
import { statusWindowOptions } from '../app/electron-policy/window-options.js';
import { lockDownWebContents } from './hardening.js';

export interface StatusWindow {
  /** Creates the window if needed, shows and focuses it. */
  show(): void;
  /** The window if it exists (the IPC sender check compares against it). */
  current(): BrowserWindow | null;
  /** Lets the next close really close (quitting). */
  allowClose(): void;
}

export function createStatusWindow(options: {
  readonly preloadPath: string;
  readonly signInUrl: () => string | null;
}): StatusWindow {
  let window: BrowserWindow | null = null;
  let closing = false;

  const create = (): BrowserWindow => {
    const created = new BrowserWindow(statusWindowOptions(options.preloadPath));
    lockDownWebContents(created.webContents, options.signInUrl);
    created.on('close', (event) => {
      if (closing) return;
      event.preventDefault();
      created.hide();
    });
    created.on('closed', () => {
      window = null;
    });
    created.once('ready-to-show', () => created.show());
    void created.loadURL(APP_INDEX_URL);
    return created;
  };

  return {
    show() {
      if (window === null || window.isDestroyed()) {
        window = create();
        return;
      }
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    current: () => (window === null || window.isDestroyed() ? null : window),
    allowClose() {
      closing = true;
    },
  };
}
