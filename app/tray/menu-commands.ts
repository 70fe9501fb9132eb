/**
 * What a clicked tray menu item asks for, as data: main maps each kind to one StatusApi / app call, so
 * the pause arithmetic and the id → action table are tested here, not in Electron.
 */
import type { MenuItemId } from './presenter.js';

export const PAUSE_SHORT_MS = 15 * 60_000;
export const PAUSE_LONG_MS = 60 * 60_000;

export type TrayCommand =
  | { readonly kind: 'check-now' }
  | { readonly kind: 'open-window' }
  /** `untilMs` null = until resumed, as `StatusApi.pause` takes it. */
  | { readonly kind: 'pause'; readonly untilMs: number | null }
  | { readonly kind: 'resume' }
  /** Already checked to be http(s) (sign-in-url.ts): safe for `shell.openExternal`. */
  | { readonly kind: 'open-sign-in'; readonly url: string }
  /** `enabled` is the checkbox's new state, as Electron reports it in the click handler. */
  | { readonly kind: 'set-start-at-login'; readonly enabled: boolean }
  /** Shows the folder holding the rotating log (userData/logs) in the file manager. */
  | { readonly kind: 'open-log-folder' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'none' };

/** What the menu was built from that a command needs: the click time and the portal's page. */
export interface CommandContext {
  readonly now: number;
  readonly signInUrl: string | null;
}

export function commandFor(id: MenuItemId, context: CommandContext, checked = false): TrayCommand {
  const { now } = context;
  switch (id) {
    case 'check-now':
      return { kind: 'check-now' };
    case 'open-window':
      return { kind: 'open-window' };
    case 'pause-15m':
      return { kind: 'pause', untilMs: now + PAUSE_SHORT_MS };
    case 'pause-1h':
      return { kind: 'pause', untilMs: now + PAUSE_LONG_MS };
    case 'pause-until-resumed':
      return { kind: 'pause', untilMs: null };
    case 'resume':
      return { kind: 'resume' };
    case 'open-sign-in':
      return context.signInUrl === null ? { kind: 'none' } : { kind: 'open-sign-in', url: context.signInUrl };
    case 'start-at-login':
      return { kind: 'set-start-at-login', enabled: checked };
    case 'open-log-folder':
      return { kind: 'open-log-folder' };
    case 'quit':
      return { kind: 'quit' };
    default:
      // The status line and separators do nothing.
      return { kind: 'none' };
  }
}
