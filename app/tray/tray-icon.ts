/**
 * Which icon file the tray shows, per OS, in one place (the Mattermost pattern). Paths are relative to
 * assets/icons/ and are exactly the files scripts/generate-icons.mjs writes; test/unit/icons.test.ts
 * checks every path this can return exists.
 */
import type { MonitorStatus } from '../monitor/events.js';

/**
 * The panel's or taskbar's colour, not the app's. Linux cannot detect it, so it is a user setting; on
 * Windows main passes `nativeTheme.shouldUseDarkColorsForSystemIntegratedUI` (the taskbar follows the
 * "Windows mode", which can differ from the app mode). macOS ignores it: template images are tinted by
 * the system.
 */
export type IconTheme = 'light' | 'dark';
export const ICON_THEMES: readonly IconTheme[] = ['light', 'dark'];

export const TRAY_STATUSES: readonly MonitorStatus[] = ['online', 'limited', 'offline', 'checking', 'paused'];

/** Linux tray PNG sizes on disk. */
export const LINUX_TRAY_SIZES: readonly number[] = [16, 22, 24, 32, 48];
/**
 * Panel icon size at scale 1: GNOME's AppIndicator extension and KDE both draw tray icons at 22 px.
 * Worked example: a 2× panel wants 44 px, the nearest file is 48 px; at 1.25× it wants 27.5 px → 24 px.
 */
export const LINUX_PANEL_ICON_PX = 22;

export interface TrayIcon {
  /** The status the icon shows; also a stable key for caching nativeImages. */
  readonly name: MonitorStatus;
  /** Relative to assets/icons/, forward slashes. */
  readonly path: string;
  /**
   * macOS template image: monochrome glyph-only, tinted by the system for light/dark menu bars. Electron
   * infers this from the `Template` suffix and finds the `@2x` file beside it by itself.
   */
  readonly template: boolean;
}

export function trayIconFor(
  status: MonitorStatus,
  platform: NodeJS.Platform,
  theme: IconTheme,
  scaleFactor = 1,
): TrayIcon {
  if (platform === 'darwin') return { name: status, path: `mac/${status}Template.png`, template: true };
  // One .ico per taskbar colour holding 16…256 px: Windows picks the size for the DPI itself.
  if (platform === 'win32') return { name: status, path: `win/${status}-${theme}.ico`, template: false };
  const size = nearestLinuxSize(LINUX_PANEL_ICON_PX * scaleFactor);
  return { name: status, path: `linux/${status}-${theme}-${size}.png`, template: false };
}

/** The nearest size on disk; ties go to the larger one (downscaling blurs less than upscaling). */
function nearestLinuxSize(wanted: number): number {
  let best = LINUX_TRAY_SIZES[0] ?? LINUX_PANEL_ICON_PX;
  for (const size of LINUX_TRAY_SIZES) {
    if (Math.abs(size - wanted) <= Math.abs(best - wanted)) best = size;
  }
  return best;
}
