/**
 * "Start at login" as the OS keeps it: Electron's login items on macOS and Windows, an XDG autostart
 * entry on Linux. Which one, and with what command, is decided in app/electron-policy/autostart-plan.ts.
 */
import { app } from 'electron';
import type { AutostartPlan } from '../app/electron-policy/autostart-plan.js';
import { disableAutostart, enableAutostart, isAutostartEnabled } from '../app/tray/autostart-linux.js';

export async function setStartAtLogin(plan: AutostartPlan, enabled: boolean): Promise<void> {
  if (plan.kind === 'login-item') {
    app.setLoginItemSettings({ openAtLogin: enabled, path: plan.path, args: [...plan.args] });
    return;
  }
  if (enabled) await enableAutostart(plan.path, plan.entry);
  else await disableAutostart(plan.path);
}

export async function isStartAtLoginEnabled(plan: AutostartPlan): Promise<boolean> {
  if (plan.kind === 'login-item') {
    return app.getLoginItemSettings({ path: plan.path, args: [...plan.args] }).openAtLogin;
  }
  return isAutostartEnabled(plan.path);
}
