/**
 * Pure helpers for the TLS probe: what a verification error means to a user, how a certificate's
 * names read, and what the server's Date header says about this machine's clock.
 */
import type { PeerCertificate } from 'node:tls';

/**
 * How a completed handshake was judged. A handshake that does not complete is a TCP outcome
 * (refused, timeout …) or `handshake-failed`.
 */
export type CertificateVerdict = 'ok' | 'untrusted' | 'name-mismatch' | 'expired' | 'not-yet-valid';

/**
 * Node reports OpenSSL's verify result by name (`CERT_HAS_EXPIRED`), or its own code for a name that
 * does not match. Every other code (UNABLE_TO_VERIFY_LEAF_SIGNATURE, SELF_SIGNED_CERT_IN_CHAIN,
 * UNABLE_TO_GET_ISSUER_CERT_LOCALLY, CERT_SIGNATURE_FAILURE …) means the chain does not lead to a
 * certificate authority this machine trusts.
 */
const verdictByCode: Readonly<Record<string, CertificateVerdict>> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'name-mismatch',
};

export function certificateVerdict(authorizationError: string | null): CertificateVerdict {
  if (authorizationError === null) return 'ok';
  return Object.hasOwn(verdictByCode, authorizationError)
    ? (verdictByCode[authorizationError] ?? 'untrusted')
    : 'untrusted';
}

/** The attributes people recognise, most specific first: `CN=Corp Proxy CA, O=Example`. */
const nameOrder = ['CN', 'OU', 'O', 'L', 'ST', 'C'] as const;

/** A certificate name as one line; null when the certificate carries none. */
export function formatDistinguishedName(
  name: Readonly<Record<string, string | string[] | undefined>> | undefined,
): string | null {
  if (name === undefined) return null;
  const parts = nameOrder.flatMap((key) => {
    const value = name[key];
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).map((item) => `${key}=${item}`);
  });
  return parts.length === 0 ? null : parts.join(', ');
}

/** A certificate's validity bounds as ISO-8601, null when absent or unreadable. */
export function validityOf(certificate: Partial<PeerCertificate>): {
  validFrom: string | null;
  validTo: string | null;
} {
  return { validFrom: isoOrNull(certificate.valid_from), validTo: isoOrNull(certificate.valid_to) };
}

function isoOrNull(text: string | undefined): string | null {
  if (text === undefined) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The most we read of a response head; a server that sends more before `\r\n\r\n` is not the HTTP we want. */
export const MAX_RESPONSE_HEAD_BYTES = 16 * 1024;

export type ResponseHead =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'not-http' }
  | { readonly kind: 'http'; readonly date: Date | null };

/**
 * Reads the Date header from the start of an HTTP/1.x response. `incomplete` until the blank line
 * that ends the head arrives; `not-http` when the bytes are no HTTP response (the server speaks
 * something else over TLS, so there is no clock to compare with).
 */
export function parseResponseHead(received: string): ResponseHead {
  if (received.length >= 5 && !received.startsWith('HTTP/')) return { kind: 'not-http' };
  const end = received.indexOf('\r\n\r\n');
  if (end === -1) {
    return received.length > MAX_RESPONSE_HEAD_BYTES ? { kind: 'not-http' } : { kind: 'incomplete' };
  }
  const dateLine = received
    .slice(0, end)
    .split('\r\n')
    .slice(1)
    .find((line) => /^date\s*:/i.test(line));
  if (dateLine === undefined) return { kind: 'http', date: null };
  const ms = Date.parse(dateLine.slice(dateLine.indexOf(':') + 1).trim());
  return { kind: 'http', date: Number.isNaN(ms) ? null : new Date(ms) };
}
