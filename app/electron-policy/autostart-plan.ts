/**
 * How "Start at login" is switched on each OS. macOS and Windows: Electron's login item API. Linux: an
 * XDG autostart entry (app/tray/autostart-linux.ts), since app.setLoginItemSettings does nothing there.
 * The start command always carries `--hidden`, so a login start goes straight to the tray.
 */
import { autostartPath, type AutostartEntry, type AutostartEnv } from '../tray/autostart-linux.js';
import { HIDDEN_FLAG } from './launch.js';

export interface AutostartHost {
  readonly platform: NodeJS.Platform;
  readonly env: AutostartEnv & { readonly APPIMAGE?: string | undefined };
  /** process.execPath. */
  readonly execPath: string;
  /** app.isPackaged: in development the executable is Electron itself and needs the app's path. */
  readonly isPackaged: boolean;
  /** app.getAppPath(), used only in development. */
  readonly appPath: string;
}

export type AutostartPlan =
  | {
      readonly kind: 'login-item';
      /** For app.setLoginItemSettings / getLoginItemSettings (Windows matches entries by path + args). */
      readonly path: string;
      readonly args: readonly string[];
    }
  | { readonly kind: 'xdg'; readonly path: string; readonly entry: AutostartEntry };

export function autostartPlan(host: AutostartHost): AutostartPlan {
  const args = host.isPackaged ? [HIDDEN_FLAG] : [host.appPath, HIDDEN_FLAG];
  if (host.platform === 'darwin' || host.platform === 'win32') {
    return { kind: 'login-item', path: host.execPath, args };
  }
  // An AppImage runs from a mount that vanishes when it quits; the image itself is what must start.
  const appImage = host.env.APPIMAGE;
  const executable = appImage !== undefined && appImage !== '' ? appImage : host.execPath;
  return {
    kind: 'xdg',
    path: autostartPath(host.env),
    entry: { executable, args },
  };
}
