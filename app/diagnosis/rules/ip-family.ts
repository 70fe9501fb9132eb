import { countAttempts, describeProbe, summariseOutcomes } from '../evidence.js';
import type { HostView } from '../host-view.js';
import type { DiagnosisInput, Finding } from '../types.js';

/**
 * One IP family configured (a global address and a default route) yet it failed on every port that
 * works over the other family. Like is compared with like: a port blocked in both families (a
 * firewall dropping 443) says nothing about the family, so targets on ports that did not connect
 * over the other family do not count, and with none left the family is not blamed. An unconfigured
 * family is normal (IPv4-only homes), and its targets failing with ENETUNREACH count against nothing.
 */
export function findBrokenFamily(input: DiagnosisInput, host: HostView): Finding | null {
  for (const family of [6, 4] as const) {
    if (!host.configured.has(family)) continue;
    const workingElsewhere = new Set(
      input.targets
        .filter((target) => target.family !== family && target.outcome === 'connected')
        .map((target) => target.endpoint.port),
    );
    const own = input.targets.filter((target) => target.family === family);
    const comparable = own.some((target) => workingElsewhere.has(target.endpoint.port));
    // Judged on the comparable ports; once broken there, every failed attempt of the family is quoted.
    if (!comparable || own.some((target) => target.outcome === 'connected')) continue;
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
