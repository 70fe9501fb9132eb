/**
 * The captive portal's sign-in page, if the diagnosis found one. The `captive-portal` cause will carry it
 * as an extra `signInUrl` field; until then the URL is quoted in the cause's explanation and evidence,
 * so both are read. Only http(s) URLs pass: main hands this to `shell.openExternal`, and a hostile
 * network must not make us open `file:`, `smb:` or an application's custom scheme.
 */
import type { Cause } from '../diagnosis/types.js';

/** A cause as the diagnosis may send it once portals carry their URL (additive, optional). */
export type CauseWithSignInUrl = Cause & { readonly signInUrl?: string | null };

const URL_IN_TEXT = /https?:\/\/[^\s"'<>()]+/i;

export function signInUrlFrom(causes: readonly CauseWithSignInUrl[]): string | null {
  const portal = causes.find((cause) => cause.code === 'captive-portal');
  if (portal === undefined) return null;
  if (typeof portal.signInUrl === 'string') {
    const direct = safeWebUrl(portal.signInUrl);
    if (direct !== null) return direct;
  }
  for (const text of [...portal.evidence, portal.explanation]) {
    const match = URL_IN_TEXT.exec(text);
    const url = match === null ? null : safeWebUrl(match[0].replace(/[.,;:!?]+$/, ''));
    if (url !== null) return url;
  }
  return null;
}

function safeWebUrl(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
