/**
 * The rules that keep `serve` from showing this machine's network to anyone else: who needs a token, how
 * a token is compared, which Host headers a loopback server answers, and the headers every response
 * carries. Pure functions, each tested on its own.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback: reachable from this machine only. */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIPv4(bare)) return bare.startsWith('127.');
  if (!isIPv6(bare)) return false;
  const lower = bare.toLowerCase();
  if (lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  return mapped !== null && (mapped[1] ?? '').startsWith('127.');
}

/** Anything but loopback (0.0.0.0 and :: included: they listen on every interface) needs a token. */
export function tokenRequired(listenHost: string): boolean {
  return !isLoopbackAddress(listenHost);
}

/** 32 random bytes, URL-safe: fits a header, a query string and a URL fragment unchanged. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares in constant time. Both sides are hashed first so their lengths match (timingSafeEqual demands
 * it) and the comparison leaks neither the token's length nor where the first difference is.
 */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** `Authorization: Bearer <token>`, else `?token=` (EventSource cannot set headers); null when neither. */
export function tokenFromRequest(authorization: string | undefined, query: URLSearchParams): string | null {
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match !== null) return match[1] ?? null;
  }
  return query.get('token');
}

/**
 * DNS rebinding: a web page on evil.example can make its own name resolve to 127.0.0.1 and then read our
 * answers as same-origin. Its requests still say `Host: evil.example`, so a loopback server answers only
 * the names that mean this machine, on its own port.
 */
export function hostAllowed(
  hostHeader: string | undefined,
  bound: { readonly host: string; readonly port: number },
): boolean {
  if (hostHeader === undefined || hostHeader === '') return false;
  const parsed = splitHostHeader(hostHeader);
  if (parsed === null) return false;
  if (parsed.port !== null && parsed.port !== bound.port) return false;
  const name = parsed.host.toLowerCase();
  const boundHost = bound.host.toLowerCase();
  return (
    name === 'localhost' || name === boundHost || (isLoopbackAddress(name) && isLoopbackAddress(boundHost))
  );
}

/**
 * A web page on another site can still send a "simple" POST here (no body, or `text/plain`) without
 * asking first, and resume a paused monitor or trigger checks. So a request that changes something is
 * refused unless it comes from our own page: a browser names the page's origin in `Origin`, which must be
 * this server as its Host header names it; and the body must be declared JSON, even when empty, which
 * no other site can send without a CORS preflight this server never answers. Returns why it is
 * refused, or null to let it through. Non-browser clients send no Origin and only need the header.
 */
export function stateChangeRefusal(headers: {
  readonly origin?: string | undefined;
  readonly host?: string | undefined;
  readonly 'content-type'?: string | undefined;
}): { readonly status: 403 | 415; readonly message: string } | null {
  const { origin, host } = headers;
  if (
    origin !== undefined &&
    (host === undefined || origin.toLowerCase() !== `http://${host.toLowerCase()}`)
  ) {
    return {
      status: 403,
      message: `cross-origin request refused: Origin ${JSON.stringify(origin)} is not this server (http://${host ?? '?'}); only the status window served here may change anything`,
    };
  }
  if (!/^application\/json\s*(;|$)/i.test(headers['content-type'] ?? '')) {
    return {
      status: 415,
      message: `send Content-Type: application/json with every POST and PUT, even with an empty body (it keeps other web pages from posting here); got ${JSON.stringify(headers['content-type'] ?? '')}`,
    };
  }
  return null;
}

function splitHostHeader(header: string): { host: string; port: number | null } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header.trim());
  if (match === null) return null;
  const host = (match[1] ?? '').replace(/^\[|\]$/g, '');
  return { host, port: match[2] === undefined ? null : Number(match[2]) };
}

/** The Content-Security-Policy of every response: only our own files, nothing inline, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Older browsers that ignore frame-ancestors.
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
