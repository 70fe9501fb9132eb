/**
 * The tray icon's theme (the colour of the panel or taskbar it sits on; app/tray/tray-icon.ts).
 * Windows reports the taskbar's colour itself ("Windows mode", which can differ from the app mode).
 * Linux cannot tell: the default panels (GNOME's top bar, KDE's and Cinnamon's defaults) are dark, so
 * the icons for a dark panel are the default. macOS tints template images itself.
 */
import type { IconTheme } from '../tray/tray-icon.js';

export function trayIconTheme(platform: NodeJS.Platform, taskbarIsDark: boolean): IconTheme {
  if (platform === 'win32') return taskbarIsDark ? 'dark' : 'light';
  return 'dark';
}
