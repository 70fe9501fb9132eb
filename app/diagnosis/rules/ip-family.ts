import { countAttempts, describeProbe, summariseOutcomes } from '../evidence.js';
import type { HostView } from '../host-view.js';
import type { DiagnosisInput, Finding } from '../types.js';

/**
 * One IP family configured (a global address and a default route) yet every target of it failed,
 * while the other family connected. An unconfigured family is normal (IPv4-only homes), and its
 * targets failing with ENETUNREACH count against nothing.
 */
export function findBrokenFamily(input: DiagnosisInput, host: HostView): Finding | null {
  for (const family of [6, 4] as const) {
    if (!host.configured.has(family)) continue;
    const own = input.targets.filter((target) => target.family === family);
    const otherWorks = input.targets.some(
      (target) => target.family !== family && target.outcome === 'connected',
    );
    if (own.length === 0 || !otherWorks || own.some((target) => target.outcome === 'connected')) continue;
    const usable = host.usable.find(({ address }) => address.family === family);
    return {
      code: family === 6 ? 'ipv6-broken' : 'ipv4-broken',
      facts: {
        attempts: countAttempts(own),
        outcomes: summariseOutcomes(own.map((target) => target.outcome)),
        address: usable?.address.address ?? '',
        interface: usable?.iface.name ?? '',
      },
      evidence: own.map(describeProbe),
    };
  }
  return null;
}
