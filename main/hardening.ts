/**
 * What the status window's page may do beyond showing itself: nothing. No navigation, no new windows,
 * no permissions. A link to an allowed http(s) page (the portal's sign-in page, our help) opens in the
 * user's browser instead (app/electron-policy/external-url.ts decides).
 */
import { shell, type Session, type WebContents } from 'electron';
import { isAllowedExternalUrl } from '../app/electron-policy/external-url.js';

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** `signInUrl` is read at the moment of the click: the latest diagnosis's portal page, or null. */
export function lockDownWebContents(contents: WebContents, signInUrl: () => string | null): void {
  const openIfAllowed = (url: string): void => {
    if (isAllowedExternalUrl(url, { signInUrl: signInUrl() })) void shell.openExternal(url);
  };
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openIfAllowed(event.url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url);
    return { action: 'deny' };
  });
}
