import {
  countAttempts,
  describeGateway,
  describeProbe,
  joinWords,
  nameGateways,
  summariseOutcomes,
} from '../evidence.js';
import type { HostView } from '../host-view.js';
import type { TcpOutcome, TcpProbeResult } from '../../probes/types.js';
import type { DiagnosisInput, Finding, GatewayCheck } from '../types.js';
import { relevantGateways } from './gateway.js';

/**
 * A RST or an explicit reject. The default targets (1.1.1.1:443 and friends) always listen, so when
 * nothing connects a refusal is not the host saying no: a firewall on the path forged the answer.
 */
const refusals: ReadonlySet<TcpOutcome> = new Set(['refused', 'rejected']);

/** Host-unreachable is a refusal too when nothing else came back (e.g. ICMP admin-prohibited on IPv4). */
const activeAnswers: ReadonlySet<TcpOutcome> = new Set(['refused', 'rejected', 'host-unreachable']);

/** The targets that say something about this host: those in families it has configured. */
export function targetsThatCount(input: DiagnosisInput, host: HostView): TcpProbeResult[] {
  if (!host.known) return [...input.targets];
  return input.targets.filter((target) => host.configured.has(target.family));
}

/**
 * Beyond the gateway: the local side works (configuration read and passed, or a gateway answers) and
 * nothing connected. Active refusals mean a firewall; silence or unreachables mean the line is down.
 * Attempts that failed on this machine say nothing about the network and are left to `unknown`.
 */
export function findUpstreamProblem(input: DiagnosisInput, host: HostView): Finding | null {
  const failures = targetsThatCount(input, host).filter(
    (target) => target.outcome !== 'connected' && target.outcome !== 'local-error',
  );
  const gateways = relevantGateways(input, host);
  const alive = gateways.filter((check) => check.verdict === 'alive');
  if (failures.length === 0 || (!host.known && alive.length === 0)) return null;

  const outcomes = failures.map((target) => target.outcome);
  const rejected =
    outcomes.some((outcome) => refusals.has(outcome)) ||
    outcomes.every((outcome) => activeAnswers.has(outcome));
  const facts = {
    attempts: countAttempts(failures),
    outcomes: summariseOutcomes(outcomes),
    host: failures[0]?.endpoint.host ?? '',
    port: String(failures[0]?.endpoint.port ?? ''),
  };
  const evidence = [...gateways.map(describeGateway), ...failures.map(describeProbe)];
  if (rejected) return { code: 'traffic-rejected', facts, evidence };

  return {
    code: 'upstream-unreachable',
    facts: { ...facts, localSide: describeLocalSide(host, alive, gateways) },
    evidence,
  };
}

/** What is known to work on this side of the router, as the start of a sentence. */
function describeLocalSide(
  host: HostView,
  alive: readonly GatewayCheck[],
  all: readonly GatewayCheck[],
): string {
  const named = (checks: readonly GatewayCheck[]) => nameGateways(checks.map((check) => check.route));
  // "Your router 10.200.1.1 and 2001:db8:1::1 on eth0 answers" would read as two routers.
  if (alive.length === 1) return `Your router ${named(alive)} answers`;
  if (alive.length > 1) return `Your router answers at ${named(alive)}`;
  if (all.length > 0) {
    return `The link, the address and the default route via ${named(all)} are in place (the router itself could not be tested)`;
  }
  const links = joinWords([...new Set(host.routes.map((route) => route.interfaceName))]);
  return `The link, the address and the default route on ${links} are in place`;
}
