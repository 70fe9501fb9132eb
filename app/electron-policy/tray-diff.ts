/**
 * Which parts of the native tray need touching when the presenter's view changes. Rebuilding a menu
 * while it is open closes it on some desktops, and setImage flickers, so main applies only what changed.
 */
import type { TrayView } from '../tray/presenter.js';

export interface TrayChanges {
  readonly icon: boolean;
  readonly tooltip: boolean;
  readonly menu: boolean;
}

export function trayChanges(previous: TrayView | null, next: TrayView): TrayChanges {
  if (previous === null) return { icon: true, tooltip: true, menu: true };
  return {
    icon: previous.icon.path !== next.icon.path || previous.icon.template !== next.icon.template,
    tooltip: previous.tooltip !== next.tooltip,
    menu: JSON.stringify(previous.menu) !== JSON.stringify(next.menu),
  };
}
