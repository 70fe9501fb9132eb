/**
 * Applies the tray presenter (app/tray/presenter.ts) to Electron's Tray: the image from assets/icons
 * (template on macOS), the tooltip, and a context menu rebuilt only when its model changes. A clicked
 * item goes through commandFor (app/tray/menu-commands.ts) to the handler main gives.
 */
import { join } from 'node:path';
import { Menu, nativeImage, nativeTheme, screen, Tray, type MenuItemConstructorOptions } from 'electron';
import type { StatusApi } from '../app/api/contract.js';
import { trayIconTheme } from '../app/electron-policy/icon-theme.js';
import { trayChanges } from '../app/electron-policy/tray-diff.js';
import { commandFor, type TrayCommand } from '../app/tray/menu-commands.js';
import { presentTray, trayInputFromSnapshot, type TrayView } from '../app/tray/presenter.js';
import type { TimeFormatter } from '../app/tray/time-format.js';

export interface TrayController {
  /** Re-reads the snapshot and applies what changed; safe to call often. */
  refresh(): Promise<void>;
  /** What the tray shows now (the e2e test reads it). */
  view(): TrayView | null;
  /** The captive portal's sign-in page the tray offers now, null when none (the external-URL allowlist). */
  signInUrl(): string | null;
  destroy(): void;
}

export interface TrayOptions {
  readonly iconsDir: string;
  readonly api: Pick<StatusApi, 'getSnapshot'>;
  readonly startAtLogin: () => boolean;
  readonly logFolder: boolean;
  readonly formatTime: TimeFormatter;
  readonly onCommand: (command: TrayCommand) => void;
}

export function createTrayController(options: TrayOptions): TrayController {
  let tray: Tray | null = null;
  let shown: TrayView | null = null;
  let signInUrl: string | null = null;
  let latest = 0;

  const imageFor = (view: TrayView): Electron.NativeImage => {
    const image = nativeImage.createFromPath(join(options.iconsDir, view.icon.path));
    if (view.icon.template) image.setTemplateImage(true);
    return image;
  };

  const menuFor = (view: TrayView): Menu =>
    Menu.buildFromTemplate(
      view.menu.map((item): MenuItemConstructorOptions => ({
        id: item.id,
        label: item.label,
        type: item.type,
        enabled: item.enabled,
        ...(item.type === 'checkbox' ? { checked: item.checked } : {}),
        // The latest sign-in URL, not the one at build time: the menu is not rebuilt when only it changes.
        click: (menuItem) =>
          options.onCommand(commandFor(item.id, { now: Date.now(), signInUrl }, menuItem.checked)),
      })),
    );

  return {
    async refresh() {
      const ticket = ++latest;
      const snapshot = await options.api.getSnapshot();
      // A slower, older refresh must not overwrite a newer one.
      if (ticket !== latest) return;
      const input = trayInputFromSnapshot(snapshot, {
        startAtLogin: options.startAtLogin(),
        platform: process.platform,
        iconTheme: trayIconTheme(process.platform, nativeTheme.shouldUseDarkColorsForSystemIntegratedUI),
        scaleFactor: screen.getPrimaryDisplay().scaleFactor,
        now: Date.now(),
        logFolder: options.logFolder,
      });
      const view = presentTray(input, options.formatTime);
      const changes = trayChanges(shown, view);
      if (tray === null) {
        tray = new Tray(imageFor(view));
        if (process.platform === 'win32') tray.on('click', () => options.onCommand({ kind: 'open-window' }));
      } else if (changes.icon) {
        tray.setImage(imageFor(view));
      }
      signInUrl = input.signInUrl;
      if (changes.tooltip) tray.setToolTip(view.tooltip);
      // Only a new menu model rebuilds it (a rebuild closes an open menu on some desktops); a new
      // latency reaches the tooltip alone.
      if (changes.menu) tray.setContextMenu(menuFor(view));
      shown = view;
    },
    view: () => shown,
    signInUrl: () => signInUrl,
    destroy() {
      tray?.destroy();
      tray = null;
    },
  };
}
