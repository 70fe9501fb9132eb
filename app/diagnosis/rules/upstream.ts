import {
  countAttempts,
  describeGateway,
  describeProbe,
  describeRoute,
  joinWords,
  nameGateways,
  summariseOutcomes,
} from '../evidence.js';
import { isTunnelInterface, type HostView } from '../host-view.js';
import type { TcpOutcome, TcpProbeResult } from '../../probes/types.js';
import type { DiagnosisInput, Finding, GatewayCheck } from '../types.js';
import { relevantGateways } from './gateway.js';
import { isWellKnownTarget } from './ports.js';

/**
 * A RST or an explicit reject (ICMPv6 admin-prohibited, a local policy): the signature of a firewall,
 * or of a host with nothing listening. Host-unreachable is not one: on IPv4 it is what a router with
 * no way onwards sends (a provider routing failure) as much as a firewall's admin-prohibited, which
 * the kernel folds into it. It counts as "the line is down" and `tracepath` tells the two apart.
 */
const refusals: ReadonlySet<TcpOutcome> = new Set(['refused', 'rejected']);

const beyondRouter =
  'The fault is on the internet side of your router or beyond it: the modem, the line or your internet provider.';
const lookAtModem =
  'Look at the modem or fibre box: an Internet, DSL or PON light that is off, red or blinking means the line is down.';

/** The targets that say something about this host: those in families it has configured. */
export function targetsThatCount(input: DiagnosisInput, host: HostView): TcpProbeResult[] {
  if (!host.known) return [...input.targets];
  return input.targets.filter((target) => host.configured.has(target.family));
}

/**
 * Beyond the gateway: the local side works (configuration read and passed, or a gateway answers) and
 * nothing connected. Refusals mean a firewall (or, for targets the user chose, a closed port);
 * silence or unreachables mean the line is down. Only a router that really answered is called alive;
 * one that stayed silent with its address still remembered may be the fault itself. Attempts that
 * failed on this machine say nothing about the network and are left to `unknown`.
 */
export function findUpstreamProblem(input: DiagnosisInput, host: HostView): Finding | null {
  const failures = targetsThatCount(input, host).filter(
    (target) => target.outcome !== 'connected' && target.outcome !== 'local-error',
  );
  const gateways = relevantGateways(input, host);
  const alive = gateways.filter((check) => check.verdict === 'alive');
  if (failures.length === 0 || (!host.known && alive.length === 0)) return null;

  const outcomes = failures.map((target) => target.outcome);
  const facts = {
    attempts: countAttempts(failures),
    outcomes: summariseOutcomes(outcomes),
    host: failures[0]?.endpoint.host ?? '',
    port: String(failures[0]?.endpoint.port ?? ''),
  };
  // Routes without a gateway to test (a VPN tunnel) are named, so the way traffic takes is in the evidence.
  const untestedRoutes = host.preferred.filter(
    (route) => !gateways.some((check) => check.route.interfaceName === route.interfaceName),
  );
  const evidence = [
    ...gateways.map(describeGateway),
    ...untestedRoutes.map(describeRoute),
    ...failures.map(describeProbe),
  ];
  const refused = failures.filter((target) => refusals.has(target.outcome));
  if (refused.length > 0) {
    return { code: 'traffic-rejected', facts: { ...facts, ...describeRefusals(refused) }, evidence };
  }

  const tunnels = [
    ...new Set(host.preferred.map((route) => route.interfaceName).filter((name) => isTunnelInterface(name))),
  ];
  const unanswered = gateways.filter((check) => check.verdict !== 'alive' && wasTried(check));
  const unreachableNote = outcomes.includes('host-unreachable')
    ? ' "Host unreachable" is an answer from a router on the way that has no path onwards: usually a fault in your provider\'s network, sometimes a firewall that refuses this way.'
    : '';
  let where: string;
  let firstStep: string;
  if (tunnels.length > 0) {
    const vpn = joinWords(tunnels);
    where = `Traffic to the internet goes through the VPN interface ${vpn} (its default route is the preferred one), so the VPN is the first suspect: its server, or the connection it runs over.`;
    firstStep = `Traffic goes through the VPN interface ${vpn}: disconnect and reconnect the VPN, or quit the VPN client to test without it.`;
  } else if (alive.length > 0) {
    where = beyondRouter;
    firstStep = lookAtModem;
  } else {
    const suspects =
      'the router itself or anything beyond it: the modem, the line or your internet provider.';
    where =
      unanswered.length === 0
        ? `The fault could be ${suspects}`
        : `${routerSilence(unanswered)}, so the fault could be ${suspects}`;
    firstStep = `Restart the router first: unplug it, wait 30 seconds, plug it back in and give it two minutes to come up (it may have hung). If the internet is still down after that: ${lookAtModem[0]?.toLowerCase()}${lookAtModem.slice(1)}`;
  }
  return {
    code: 'upstream-unreachable',
    facts: {
      ...facts,
      localSide: describeLocalSide(host, alive, gateways),
      where: where + unreachableNote,
      firstStep,
    },
    evidence,
  };
}

/** A connect attempt to the gateway was made and ended on the network, not on this machine. */
function wasTried(check: GatewayCheck): boolean {
  const attempts = check.attempts ?? (check.tcp === null ? [] : [check.tcp]);
  return attempts.some((attempt) => attempt.outcome !== 'local-error');
}

/** What we know of a router that did not prove itself alive, as the start of a sentence. */
function routerSilence(unanswered: readonly GatewayCheck[]): string {
  const remembered = unanswered.some(
    (check) => check.neighbour === 'reachable' || check.neighbour === 'stale',
  );
  return `Your router did not answer our test connections either${
    remembered
      ? ' (this computer still remembers its hardware address from earlier, which does not prove it is up now)'
      : ''
  }`;
}

/**
 * Whether a refusal says "firewall". The default targets always listen, so a refusal there was forged
 * on the path. A target the user chose may simply have nothing listening on that port.
 */
function describeRefusals(refused: readonly TcpProbeResult[]): { meaning: string; targetStep: string } {
  const chosen = refused.filter((target) => !isWellKnownTarget(target.endpoint.host));
  if (chosen.length === 0) {
    return {
      meaning:
        'Those hosts are run to accept connections on these ports around the clock, so something between here and the internet most likely rejects the traffic: a firewall on this computer, security software or a VPN kill switch, or the network firewall.',
      targetStep:
        'Check whether other devices on this network get online: if they do, the block is on this computer (firewall, security software or VPN).',
    };
  }
  const named = joinWords([...new Set(chosen.map((target) => target.target))]);
  return {
    meaning: `A refusal means either that nothing listens on that port at ${named}, or that something on the way rejects the traffic: a firewall on this computer, security software or a VPN kill switch, or the network firewall.`,
    targetStep: `Check the target ${named}: is a service really listening on that port? Try it from another network, or run the check without --target to use the default targets, which are run to accept connections around the clock.`,
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
  const untested = all.length > 0 && !all.some(wasTried) ? ' (the router itself could not be tested)' : '';
  if (all.length > 0) {
    return `The link, the address and the default route via ${named(all)} are in place${untested}`;
  }
  const links = joinWords([...new Set(host.preferred.map((route) => route.interfaceName))]);
  return `The link, the address and the default route on ${links} are in place`;
}
