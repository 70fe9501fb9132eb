import { describeProbe, joinWords, summariseOutcomes } from '../evidence.js';
import type { TcpProbeResult } from '../../probes/types.js';
import type { HostView } from '../host-view.js';
import type { DiagnosisInput, Finding } from '../types.js';

/**
 * Anycast addresses run by one operator: a port that fails on 1.0.0.1 while 1.1.1.1:443 connects is
 * still "the port", not "the host". Anything else is its own provider.
 */
const providers: Readonly<Record<string, string>> = {
  '1.1.1.1': 'cloudflare',
  '1.0.0.1': 'cloudflare',
  '2606:4700:4700::1111': 'cloudflare',
  '2606:4700:4700::1001': 'cloudflare',
  '8.8.8.8': 'google',
  '8.8.4.4': 'google',
  '2001:4860:4860::8888': 'google',
  '2001:4860:4860::8844': 'google',
  '9.9.9.9': 'quad9',
  '149.112.112.112': 'quad9',
  '2620:fe::fe': 'quad9',
  '2620:fe::9': 'quad9',
};

export function providerOf(host: string): string {
  return providers[host.toLowerCase()] ?? host;
}

/** One of the default targets' anycast addresses: they always listen on 53 and 443. */
export function isWellKnownTarget(host: string): boolean {
  return providers[host.toLowerCase()] !== undefined;
}

/** The ports the web runs on: with one of them blocked the internet is up but browsing is not. */
const webPorts: Readonly<Record<number, string>> = { 80: 'HTTP', 443: 'HTTPS' };

/**
 * Some ports blocked while others work: every target on a port failed, and a target of the same
 * host or provider connected on another port (so the host is up and the port is what differs).
 * Only families that work at all decide which ports are blocked; a dead family is the ip-family rule's
 * business. Once a port is found blocked, every attempt on it in a family this computer has configured
 * is quoted (IPv6 targets that failed on 443 alone are the same block, not a dead family).
 * Informational while the web's ports work (a blocked 53 or 853 only hurts some apps); limited when
 * 80 or 443 is blocked, because then the web itself does not work.
 */
export function findBlockedPorts(input: DiagnosisInput, host: HostView): Finding | null {
  const workingFamilies = new Set(input.targets.filter(isConnected).map((target) => target.family));
  const considered = input.targets.filter(
    (target) => workingFamilies.has(target.family) && target.outcome !== 'local-error',
  );
  const ports = [...new Set(considered.map((target) => target.endpoint.port))].sort((a, b) => a - b);

  const witnesses = new Set<TcpProbeResult>();
  const blockedPorts: number[] = [];
  for (const port of ports) {
    const onPort = considered.filter((target) => target.endpoint.port === port);
    if (onPort.some(isConnected)) continue;
    const failedProviders = new Set(onPort.map((target) => providerOf(target.endpoint.host)));
    const elsewhere = considered.filter(
      (target) =>
        isConnected(target) &&
        target.endpoint.port !== port &&
        failedProviders.has(providerOf(target.endpoint.host)),
    );
    if (elsewhere.length === 0) continue;
    blockedPorts.push(port);
    for (const witness of elsewhere) witnesses.add(witness);
  }
  if (blockedPorts.length === 0) return null;
  const blocked = input.targets.filter(
    (target) =>
      blockedPorts.includes(target.endpoint.port) &&
      target.outcome !== 'local-error' &&
      (workingFamilies.has(target.family) || host.configured.has(target.family)),
  );

  const workingPorts = [...new Set([...witnesses].map((target) => target.endpoint.port))].sort(
    (a, b) => a - b,
  );
  const web = blockedPorts.filter((port) => webPorts[port] !== undefined);
  return {
    code: 'port-blocked',
    facts: {
      blocked: portWords(blockedPorts),
      working: portWords(workingPorts),
      outcomes: summariseOutcomes(blocked.map((target) => target.outcome)),
      port: String(blockedPorts[0]),
      ...describeImpact(blockedPorts, web),
      ...closedPortStep(blocked),
    },
    evidence: [...blocked, ...witnesses].map(describeProbe),
    ...(web.length > 0 ? { severity: 'limited' as const } : {}),
  };
}

/** What the blocked ports break, and the first thing to do about it. */
function describeImpact(
  blockedPorts: readonly number[],
  web: readonly number[],
): { impact: string; firstStep: string } {
  if (web.length === 0) {
    return {
      impact: `Apps that need ${portWords(blockedPorts)} will not work on this network.`,
      firstStep: 'Nothing to do if the apps you use work.',
    };
  }
  const named = `${web.length === 1 ? 'port' : 'ports'} ${joinWords(web.map((port) => `${port} (${webPorts[port]})`))}`;
  const impact = web.includes(443)
    ? `Websites and most apps talk over ${named}, so the web does not work on this network even though the internet is reachable.`
    : `Websites with plain http:// addresses and many downloads use ${named}, so they fail on this network; HTTPS sites can still work.`;
  return {
    impact,
    firstStep:
      'If this network expects a web proxy (offices, schools), set it in the system proxy settings; otherwise use another network, such as a phone hotspot, until the block is lifted.',
  };
}

/**
 * A refusal (RST) from a target the user chose usually means nothing listens on that port there; a
 * firewall can forge one too, so both are named. The default targets always listen on 53 and 443, so
 * for them a refusal is a firewall's and the usual first step stands.
 */
function closedPortStep(blocked: readonly TcpProbeResult[]): { firstStep: string } | Record<string, never> {
  const own = blocked.every(
    (target) => target.outcome === 'refused' && !isWellKnownTarget(target.endpoint.host),
  );
  if (!own || blocked.length === 0) return {};
  const named = [...new Set(blocked.map((target) => target.target))];
  const serves = named.length === 1 ? 'really serves that port' : 'really serve those ports';
  return {
    firstStep: `Check that ${joinWords(named)} ${serves}: a refused connection usually comes from the server itself when nothing listens there, or from a firewall that answers for it.`,
  };
}

function isConnected(target: TcpProbeResult): boolean {
  return target.outcome === 'connected';
}

/** `port 53`, `ports 53 and 853`. */
function portWords(ports: readonly number[]): string {
  return `${ports.length === 1 ? 'port' : 'ports'} ${joinWords(ports.map(String))}`;
}
