/**
 * Who may call the status API over IPC: only the top frame of our own status window, showing our own
 * page (VS Code's main-side re-check). A subframe, a page navigated elsewhere, a `file://` page or a
 * frame that has gone away (Electron reports senderFrame as null) is refused, whatever it sends.
 */
import { isAppOriginUrl } from './app-origin.js';

/**
 * `isTopFrame` is main's `event.senderFrame === statusWindow.webContents.mainFrame`, which also proves
 * the frame belongs to our window; `frameUrl` is that frame's current URL (null when the frame is gone).
 */
export function isTrustedSender(frameUrl: string | null | undefined, isTopFrame: boolean): boolean {
  return isTopFrame && isAppOriginUrl(frameUrl);
}
