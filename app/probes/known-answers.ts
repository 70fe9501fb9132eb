/**
 * What a connectivity-check URL answers when nothing is in the way, by URL path: the same endpoints
 * operating systems use to detect captive portals. A path not listed is expected to answer 204 with
 * no body, the convention of `generate_204`.
 */

export interface KnownAnswer {
  readonly status: 200 | 204;
  /** The exact body (compared after trimming trailing whitespace); '' for 204. */
  readonly body: string;
}

const NO_CONTENT: KnownAnswer = { status: 204, body: '' };

export const KNOWN_ANSWERS: Readonly<Record<string, KnownAnswer>> = {
  // Android / ChromeOS (connectivitycheck.gstatic.com, www.google.com, clients3.google.com).
  '/generate_204': NO_CONTENT,
  '/gen_204': NO_CONTENT,
  // Apple (captive.apple.com).
  '/hotspot-detect.html': {
    status: 200,
    body: '<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>',
  },
  '/library/test/success.html': {
    status: 200,
    body: '<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>',
  },
  // Windows (www.msftconnecttest.com, www.msftncsi.com).
  '/connecttest.txt': { status: 200, body: 'Microsoft Connect Test' },
  '/ncsi.txt': { status: 200, body: 'Microsoft NCSI' },
  // Firefox (detectportal.firefox.com).
  '/success.txt': { status: 200, body: 'success' },
  // NetworkManager on GNOME and Fedora.
  '/check_network_status.txt': { status: 200, body: 'NetworkManager is online' },
};

export function knownAnswerFor(url: URL): KnownAnswer {
  return KNOWN_ANSWERS[url.pathname] ?? NO_CONTENT;
}

export type AnswerVerdict = 'ok' | 'redirected' | 'wrong-answer' | 'http-error';

/**
 * Judges one HTTP answer against the known one. A transparent proxy that passes the answer through
 * unchanged is `ok`: it intercepts nothing a user would notice.
 */
export function judgeAnswer(
  expected: KnownAnswer,
  status: number,
  location: string | null,
  body: string,
): AnswerVerdict {
  if (status === expected.status && body.trimEnd() === expected.body) return 'ok';
  if (status >= 300 && status < 400) return location === null ? 'http-error' : 'redirected';
  // A 200 that is not the known answer is someone else's page; an empty 200 to a 204 URL too (some
  // portals answer that way so that the OS believes it is online only until the next page load).
  // 511 Network Authentication Required (RFC 6585) is the portal saying so itself, with its page.
  if (status === 200 || status === 511) return 'wrong-answer';
  return 'http-error';
}

/** A Location header made absolute; only http(s) survives (a hostile network picks the value). */
export function absoluteWebUrl(reference: string, base: URL): string | null {
  try {
    const url = new URL(reference.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const REFRESH =
  /<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]*content\s*=\s*["'][^"']*url\s*=\s*([^"'\s>]+)/i;
const HREF = /<a\b[^>]*\bhref\s*=\s*["']([^"']+)["']/i;
const SCRIPT_LOCATION = /(?:window\.)?location(?:\.href)?\s*=\s*["']([^"']+)["']/i;

/**
 * The sign-in link of a walled garden's page: a meta refresh, a script redirect, or the first link,
 * whichever the page has (in that order, since a refresh is where the page itself sends the browser).
 */
export function firstLinkIn(body: string, base: URL): string | null {
  for (const pattern of [REFRESH, SCRIPT_LOCATION, HREF]) {
    const match = pattern.exec(body);
    const link = match?.[1] === undefined ? null : absoluteWebUrl(decodeEntities(match[1]), base);
    if (link !== null) return link;
  }
  return null;
}

function decodeEntities(text: string): string {
  return text.replaceAll('&amp;', '&');
}

/** The body as an evidence line shows it: one line, at most 200 characters. */
export function sampleOf(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
