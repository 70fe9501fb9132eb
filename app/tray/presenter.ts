/**
 * The tray as a pure function of state (Signal's `render()`): icon, tooltip and context menu as plain
 * data. main/ only turns this into a nativeImage, `setToolTip` and `Menu.buildFromTemplate`, and maps a
 * clicked item's id through `commandFor` (menu-commands.ts). Every action lives in the context menu
 * because click events on the icon itself are unreliable on Linux.
 */
import type { Snapshot } from '../api/contract.js';
import type { MonitorStatus } from '../monitor/events.js';
import { signInUrlFrom, type CauseWithSignInUrl } from './sign-in-url.js';
import type { TimeFormatter } from './time-format.js';
import { topCauseFor } from './top-cause.js';
import { trayIconFor, type IconTheme, type TrayIcon } from './tray-icon.js';

/** `Snapshot.pausedUntil` spelling of "paused until the user resumes" (JSON has no Infinity). */
export const PAUSED_UNTIL_RESUMED = -1;

// app/notify imports it from here.
export { topCauseFor };

export interface TrayInput {
  readonly status: MonitorStatus;
  /** Epoch ms the current status began. */
  readonly since: number;
  readonly latencyMs: number | null;
  /** The title of the cause that explains the status (lowest failing layer), if any. */
  readonly topCauseTitle: string | null;
  /** Epoch ms; `PAUSED_UNTIL_RESUMED`; null when not paused. */
  readonly pausedUntil: number | null;
  /** Set only when a captive portal was diagnosed with a usable http(s) sign-in page. */
  readonly signInUrl: string | null;
  readonly startAtLogin: boolean;
  readonly platform: NodeJS.Platform;
  readonly iconTheme: IconTheme;
  /** The primary display's scale factor, for choosing a Linux PNG; 1 when unknown. */
  readonly scaleFactor: number;
  readonly now: number;
  /** The tray app keeps a log folder (userData/logs) to offer in the menu; absent = no such item. */
  readonly logFolder?: boolean;
}

export type MenuItemId =
  | 'status'
  | 'check-now'
  | 'open-window'
  | 'pause-15m'
  | 'pause-1h'
  | 'pause-until-resumed'
  | 'resume'
  | 'open-sign-in'
  | 'start-at-login'
  | 'open-log-folder'
  | 'quit'
  | `separator-${number}`;

export interface MenuItemModel {
  readonly id: MenuItemId;
  readonly label: string;
  readonly enabled: boolean;
  readonly type: 'normal' | 'separator' | 'checkbox';
  readonly checked: boolean;
}

export interface TrayView {
  readonly icon: TrayIcon;
  readonly tooltip: string;
  readonly menu: readonly MenuItemModel[];
}

/** Windows truncates tray tooltips at 127 characters (NOTIFYICONDATA.szTip is 128 wide chars). */
export const TOOLTIP_MAX_CHARS = 127;

export function presentTray(input: TrayInput, formatTime: TimeFormatter): TrayView {
  const statusLine = describeStatus(input, formatTime);
  return {
    icon: trayIconFor(input.status, input.platform, input.iconTheme, input.scaleFactor),
    tooltip: truncate(statusLine, TOOLTIP_MAX_CHARS),
    // The latency changes with nearly every check; in the menu it would rebuild the menu every few
    // seconds, which closes an open menu on some desktops (tray-diff.ts). The tooltip keeps it.
    menu: buildMenu(input, describeStatus({ ...input, latencyMs: null }, formatTime)),
  };
}

/** "Online · 14 ms", "Offline since 10:42 · your router does not answer", "Paused until 11:15", "Checking…". */
export function describeStatus(input: TrayInput, formatTime: TimeFormatter): string {
  const cause = input.topCauseTitle === null ? '' : ` · ${lowerFirst(input.topCauseTitle)}`;
  switch (input.status) {
    case 'online':
      return input.latencyMs === null ? 'Online' : `Online · ${Math.round(input.latencyMs)} ms`;
    case 'limited':
      return `Limited${cause}`;
    case 'offline':
      return representable(input.since)
        ? `Offline since ${formatTime(input.since, input.now)}${cause}`
        : `Offline${cause}`;
    case 'checking':
      return 'Checking…';
    case 'paused':
      if (input.pausedUntil === null || input.pausedUntil === PAUSED_UNTIL_RESUMED)
        return 'Paused until resumed';
      return representable(input.pausedUntil)
        ? `Paused until ${formatTime(input.pausedUntil, input.now)}`
        : 'Paused';
  }
}

/**
 * The API refuses far-off pause ends, but the tray must not stop updating if one slips through: Intl
 * throws on a time no Date can hold, and main calls refresh() without waiting for it.
 */
function representable(epochMs: number): boolean {
  return !Number.isNaN(new Date(epochMs).getTime());
}

function buildMenu(input: TrayInput, statusLine: string): MenuItemModel[] {
  const paused = input.status === 'paused';
  let separators = 0;
  const separator = (): MenuItemModel => item(`separator-${++separators}`, '', { type: 'separator' });
  const menu: MenuItemModel[] = [
    item('status', statusLine, { enabled: false }),
    separator(),
    // A check while paused would be discarded by the monitor, so it is not offered.
    item('check-now', 'Check now', { enabled: !paused }),
    item('open-window', 'Open status window'),
  ];
  if (input.signInUrl !== null && (input.status === 'limited' || input.status === 'offline')) {
    menu.push(item('open-sign-in', 'Open sign-in page'));
  }
  menu.push(separator());
  if (paused) {
    menu.push(item('resume', 'Resume monitoring'));
  } else {
    menu.push(
      item('pause-15m', 'Pause for 15 min'),
      item('pause-1h', 'Pause for 1 h'),
      item('pause-until-resumed', 'Pause until resumed'),
    );
  }
  menu.push(
    separator(),
    item('start-at-login', 'Start at login', { type: 'checkbox', checked: input.startAtLogin }),
  );
  if (input.logFolder === true) menu.push(item('open-log-folder', 'Open log folder'));
  menu.push(separator(), item('quit', 'Quit internet-conn'));
  return menu;
}

function item(
  id: MenuItemId,
  label: string,
  options: { enabled?: boolean; type?: MenuItemModel['type']; checked?: boolean } = {},
): MenuItemModel {
  return {
    id,
    label,
    enabled: options.enabled ?? options.type !== 'separator',
    type: options.type ?? 'normal',
    checked: options.checked ?? false,
  };
}

/** Titles start a sentence ("Your router does not answer"); after "·" they read better lower-cased, but
 * an acronym ("DNS lookups fail", "IPv6 is broken") keeps its capitals. */
function lowerFirst(title: string): string {
  const second = title.charAt(1);
  if (second !== second.toLowerCase()) return title;
  return title.charAt(0).toLowerCase() + title.slice(1);
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export interface TrayHost {
  readonly startAtLogin: boolean;
  readonly platform: NodeJS.Platform;
  readonly iconTheme: IconTheme;
  readonly scaleFactor: number;
  readonly now: number;
  readonly logFolder?: boolean;
}

/**
 * The presenter's input from the status-window snapshot plus what only main knows. The cause quoted is
 * the first one whose severity matches the status: the latest full diagnosis may predate the status
 * (a limited diagnosis must not be quoted under "Offline"), and info causes never explain a problem.
 */
export function trayInputFromSnapshot(snapshot: Snapshot, host: TrayHost): TrayInput {
  const causes: readonly CauseWithSignInUrl[] = snapshot.diagnosis?.causes ?? [];
  return {
    status: snapshot.status,
    since: snapshot.since,
    latencyMs: snapshot.latencyMs,
    topCauseTitle: topCauseFor(snapshot.status, causes)?.title ?? null,
    pausedUntil: snapshot.pausedUntil,
    signInUrl: snapshot.status === 'limited' || snapshot.status === 'offline' ? signInUrlFrom(causes) : null,
    ...host,
  };
}
