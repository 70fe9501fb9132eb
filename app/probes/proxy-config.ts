/**
 * Which proxy a program on this machine would use, read the way curl, Python and Go read the standard
 * variables: the scheme's own variable (`https_proxy`, then `HTTPS_PROXY`), else `all_proxy` /
 * `ALL_PROXY`; lower case first; an empty value is unset; `NO_PROXY` lists hosts that go direct.
 * The OS setting (passed in by the app) is used where no variable is set.
 */
import net from 'node:net';
import type { LayerSettings } from './layers.js';

export type ParsedProxy =
  | {
      readonly kind: 'http';
      readonly host: string;
      readonly port: number;
      /** `Basic …` from the URL's user:password, or null. */
      readonly authorization: string | null;
      /** The URL without credentials, for every text a user sees. */
      readonly display: string;
      readonly variable: string;
    }
  | {
      readonly kind: 'unsupported' | 'invalid';
      readonly display: string;
      readonly variable: string;
      readonly reason: string;
    };

export interface ProxyPlan {
  /** For https:// destinations: the CONNECT proxy. */
  readonly https: ParsedProxy | null;
  /** For http:// destinations: the forwarding proxy. */
  readonly http: ParsedProxy | null;
  readonly noProxy: readonly string[];
}

/** Most clients (Go, Python, Node's proxy agents) assume port 80 when a proxy URL names none. */
const DEFAULT_PROXY_PORT = 80;

export function proxyPlanFrom(settings: Pick<LayerSettings, 'proxyEnv' | 'systemProxy'>): ProxyPlan {
  const env = settings.proxyEnv;
  const system = settings.systemProxy;
  const pick = (scheme: 'https' | 'http'): ParsedProxy | null => {
    const names = [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY'];
    for (const name of names) {
      const value = env[name]?.trim();
      if (value !== undefined && value !== '') return parseProxyUrl(value, name);
    }
    const fromSystem = system?.[scheme]?.trim();
    return fromSystem === undefined || fromSystem === '' || system === undefined
      ? null
      : parseProxyUrl(fromSystem, system.source);
  };
  const noProxyValue = [env['no_proxy'], env['NO_PROXY']].find(
    (value) => value !== undefined && value.trim() !== '',
  );
  const noProxy =
    noProxyValue === undefined
      ? [...(system?.bypass ?? [])]
      : noProxyValue
          .split(/[\s,]+/)
          .map((entry) => entry.trim())
          .filter((entry) => entry !== '');
  return { https: pick('https'), http: pick('http'), noProxy };
}

/** `http://user:pass@proxy:3128`, `proxy:3128` (http assumed), `socks5://…` (not checked). */
export function parseProxyUrl(value: string, variable: string): ParsedProxy {
  const text = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { kind: 'invalid', display: redact(value), variable, reason: 'is not a URL' };
  }
  const display = `${url.protocol}//${url.host}`;
  if (url.protocol.startsWith('socks')) {
    return { kind: 'unsupported', display, variable, reason: 'SOCKS proxies are not checked' };
  }
  if (url.protocol === 'https:') {
    return { kind: 'unsupported', display, variable, reason: 'proxies spoken to over TLS are not checked' };
  }
  if (url.protocol !== 'http:' || url.hostname === '') {
    return { kind: 'invalid', display: redact(value), variable, reason: 'is not an http:// proxy URL' };
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === '' ? DEFAULT_PROXY_PORT : Number(url.port);
  const authorization =
    url.username === ''
      ? null
      : `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  return { kind: 'http', host, port, authorization, display: `http://${url.host}`, variable };
}

/** A value that is not a URL may still hold a password: keep only what precedes an `@`-less tail. */
function redact(value: string): string {
  const at = value.lastIndexOf('@');
  return at === -1 ? value : `…@${value.slice(at + 1)}`;
}

/**
 * Whether NO_PROXY sends this host straight out: `*`, an exact name or address, a domain suffix
 * (`example.com` and `.example.com` both cover `www.example.com`), a CIDR block, each with an
 * optional `:port`.
 */
export function bypassesProxy(host: string, port: number, noProxy: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return noProxy.some((raw) => {
    const entry = raw.toLowerCase();
    if (entry === '*') return true;
    const { pattern, entryPort } = splitPort(entry);
    if (entryPort !== null && entryPort !== port) return false;
    if (pattern.includes('/')) return inCidr(name, pattern);
    const bare = pattern.replace(/^\*?\./, '').replace(/\.$/, '');
    return name === bare || (net.isIP(name) === 0 && name.endsWith(`.${bare}`));
  });
}

function splitPort(entry: string): { pattern: string; entryPort: number | null } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed)
    return { pattern: bracketed[1] ?? '', entryPort: bracketed[2] ? Number(bracketed[2]) : null };
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  if (withPort) return { pattern: withPort[1] ?? '', entryPort: Number(withPort[2]) };
  return { pattern: entry, entryPort: null };
}

function inCidr(address: string, cidr: string): boolean {
  const family = net.isIP(address);
  const [network, bits] = cidr.split('/');
  if (family === 0 || network === undefined || net.isIP(network) !== family) return false;
  const prefix = Number(bits);
  if (!Number.isInteger(prefix)) return false;
  const list = new net.BlockList();
  try {
    list.addSubnet(network, prefix, family === 6 ? 'ipv6' : 'ipv4');
  } catch {
    return false;
  }
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
