import { describeProbe, joinWords, summariseOutcomes } from '../evidence.js';
import type { TcpProbeResult } from '../../probes/types.js';
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

/**
 * Some ports blocked while others work: every target on a port failed, and a target of the same
 * host or provider connected on another port (so the host is up and the port is what differs).
 * Only families that work at all are looked at; a dead family is the ip-family rule's business.
 * Informational: the internet is up.
 */
export function findBlockedPorts(input: DiagnosisInput): Finding | null {
  const workingFamilies = new Set(input.targets.filter(isConnected).map((target) => target.family));
  const considered = input.targets.filter(
    (target) => workingFamilies.has(target.family) && target.outcome !== 'local-error',
  );
  const ports = [...new Set(considered.map((target) => target.endpoint.port))].sort((a, b) => a - b);

  const blocked: TcpProbeResult[] = [];
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
    blocked.push(...onPort);
    for (const witness of elsewhere) witnesses.add(witness);
  }
  if (blockedPorts.length === 0) return null;

  const workingPorts = [...new Set([...witnesses].map((target) => target.endpoint.port))].sort(
    (a, b) => a - b,
  );
  return {
    code: 'port-blocked',
    facts: {
      blocked: portWords(blockedPorts),
      working: portWords(workingPorts),
      outcomes: summariseOutcomes(blocked.map((target) => target.outcome)),
      port: String(blockedPorts[0]),
    },
    evidence: [...blocked, ...witnesses].map(describeProbe),
  };
}

function isConnected(target: TcpProbeResult): boolean {
  return target.outcome === 'connected';
}

/** `port 53`, `ports 53 and 853`. */
function portWords(ports: readonly number[]): string {
  return `${ports.length === 1 ? 'port' : 'ports'} ${joinWords(ports.map(String))}`;
}
