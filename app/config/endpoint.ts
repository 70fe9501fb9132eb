import { isIPv4, isIPv6 } from 'node:net';
import type { Endpoint } from '../probes/types.js';
import { canonicalIpv6 } from './ipv6.js';
import { fail, ok, type Parsed } from './parsed.js';

export interface IpAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

const LOOKS_LIKE_IPV4 = /^[\d.]+$/;

/** An IP literal without a port. Names are refused: the probes must not depend on DNS. */
export function parseIpAddress(text: string): Parsed<IpAddress> {
  const host = text.trim();
  if (host === '') return fail('is empty; expected an IP address like 1.1.1.1');
  if (isIPv4(host)) return ok({ address: host, family: 4 });
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIPv6(bare)) return ok({ address: canonicalIpv6(bare), family: 6 });
  if (LOOKS_LIKE_IPV4.test(host)) return fail(`"${host}" is not a valid IPv4 address`);
  if (host.includes(':')) return fail(`"${host}" is not a valid IPv6 address`);
  return fail('must be an IP address, not a name (the check must not depend on DNS)');
}

/**
 * `1.1.1.1:53` or `[2606:4700:4700::1111]:443`. IPv6 needs brackets because its colons would
 * otherwise swallow the port. `minPort` is 0 for listen addresses, where 0 means "any free port".
 */
export function parseEndpoint(text: string, minPort = 1): Parsed<Endpoint> {
  const trimmed = text.trim();
  if (trimmed === '') return fail('is empty; expected an IP address and port like 1.1.1.1:443');
  let hostText: string;
  let portText: string | undefined;
  if (trimmed.startsWith('[')) {
    const close = trimmed.indexOf(']');
    if (close === -1) return fail('missing "]" after the IPv6 address');
    hostText = trimmed.slice(1, close);
    const rest = trimmed.slice(close + 1);
    if (rest === '') return fail(`missing port; write it as [${hostText}]:443`);
    if (!rest.startsWith(':')) return fail(`expected ":port" after "]", found "${rest}"`);
    portText = rest.slice(1);
    if (!isIPv6(hostText)) return fail(`"${hostText}" is not a valid IPv6 address`);
  } else {
    const colons = trimmed.split(':').length - 1;
    if (colons > 1) {
      // `2606:4700:4700::1111:443` most likely means port 443 on the address before it.
      const last = trimmed.lastIndexOf(':');
      const head = trimmed.slice(0, last);
      const tail = trimmed.slice(last + 1);
      const hint =
        isIPv6(head) && /^\d+$/.test(tail)
          ? `[${head}]:${tail}`
          : isIPv6(trimmed)
            ? `[${trimmed}]:443`
            : '[2606:4700:4700::1111]:443';
      return fail(`an IPv6 address needs brackets and a port, like ${hint}`);
    }
    if (colons === 0) {
      return fail(
        isIPv4(trimmed) ? `missing port; write it as ${trimmed}:443` : 'missing port; expected IP:PORT',
      );
    }
    [hostText, portText] = trimmed.split(':') as [string, string];
    const ip = parseIpAddress(hostText);
    if (!ip.ok) return ip;
  }
  const port = parsePort(portText, minPort);
  if (!port.ok) return port;
  const family = isIPv4(hostText) ? 4 : 6;
  return ok({ host: family === 6 ? canonicalIpv6(hostText) : hostText, port: port.value, family });
}

function parsePort(text: string, minPort: number): Parsed<number> {
  if (!/^\d+$/.test(text)) return fail(`port must be a number ${minPort}–65535`);
  const port = Number(text);
  if (port < minPort || port > 65535) return fail(`port must be ${minPort}–65535`);
  // `0443` is octal to some tools and 443 to others; a port that means different things is refused.
  if (text.length > 1 && text.startsWith('0')) {
    return fail(`port "${text}" must not start with 0; write ${port}`);
  }
  return ok(port);
}

/** Where a local server listens: an IP literal and a port, 0 meaning any free port. */
export function parseListenAddress(text: string): Parsed<Endpoint> {
  return parseEndpoint(text, 0);
}
