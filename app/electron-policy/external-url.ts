/**
 * Which URLs main hands to `shell.openExternal`. The OS opens whatever it gets with the registered
 * handler, so a hostile network (a captive portal's page) or a compromised renderer must not get us to
 * open `file:`, `smb:` or an application's custom scheme. Only http(s), and only a URL we chose: the
 * sign-in page the diagnosis found right now, or one of our own help pages.
 */

/**
 * Our help pages, the only fixed URLs the window may open; matched exactly, fragments aside. Empty
 * while the window links to none: add a page here in the same change that adds the link.
 */
export const HELP_LINKS: readonly string[] = [];

export interface ExternalUrlContext {
  /** The captive portal's sign-in page from the latest diagnosis (signInUrlFrom), null when none. */
  readonly signInUrl: string | null;
  readonly helpLinks?: readonly string[];
}

export function isAllowedExternalUrl(url: string, context: ExternalUrlContext): boolean {
  const target = webUrl(url);
  if (target === null) return false;
  const allowed = [context.signInUrl, ...(context.helpLinks ?? HELP_LINKS)];
  return allowed.some((candidate) => {
    const known = candidate === null ? null : webUrl(candidate);
    return known !== null && withoutHash(known) === withoutHash(target);
  });
}

function webUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // Credentials in a link are a phishing tool, never something we generate.
    if (url.username !== '' || url.password !== '') return null;
    return url;
  } catch {
    return null;
  }
}

function withoutHash(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
}
