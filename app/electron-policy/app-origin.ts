/**
 * The status window's own origin. The built renderer is served from `app://internet-conn/` instead of
 * `file://`: a privileged, secure, standard scheme gives the page a real origin, so the module script's
 * `crossorigin` fetch works and the page's CSP `'self'` means exactly our files — `file://` would make
 * `'self'` every file on the disk. Everything here is plain data; main registers the scheme.
 */
import { safeRelativePath } from '../serve/static-files.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'internet-conn';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Privileges for `protocol.registerSchemesAsPrivileged`: a web origin like https, nothing more. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  // Module scripts are fetched in CORS mode even from their own origin.
  corsEnabled: true,
  bypassCSP: false,
  allowServiceWorkers: false,
  stream: false,
} as const;

/** True for a URL of our own origin (parsed, so `app://internet-conn.evil/` does not pass a prefix test). */
export function isAppOriginUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || url === '') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * The file a request for `app://internet-conn/<path>` names, relative to the built renderer (`''` is the
 * index page); null for another origin or a path that tries to leave the directory (`..`, encoded
 * slashes, NUL). main resolves it with lookupStatic, which also refuses symlinks leading out.
 */
export function appRequestPath(url: string): string | null {
  if (!isAppOriginUrl(url)) return null;
  const { pathname } = new URL(url);
  return safeRelativePath(pathname);
}
