import { describeGateway, describeRoute, gatewayName, joinWords, nameGateways } from '../evidence.js';
import type { HostView } from '../host-view.js';
import type { DefaultRoute } from '../../probes/local-types.js';
import type { DiagnosisInput, Finding, GatewayCheck } from '../types.js';

function sameRoute(a: DefaultRoute, b: DefaultRoute): boolean {
  return a.family === b.family && a.interfaceName === b.interfaceName && a.gateway === b.gateway;
}

/**
 * The gateway checks for the routes the kernel actually uses: per family the lowest-metric route
 * (host.preferred). A backup route's router says nothing about where traffic goes now.
 */
export function relevantGateways(input: DiagnosisInput, host: HostView): GatewayCheck[] {
  if (!host.known) return [...input.gateways];
  return input.gateways.filter((check) => host.preferred.some((route) => sameRoute(route, check.route)));
}

/**
 * Gateway layer: in some configured family the router of the preferred route is silent (no TCP
 * answer on any port, and the kernel could not resolve it or it timed out unresolved). Asked only
 * when nothing connected; one dead family is enough, since it is the lowest layer that failed and
 * the other family's router is usually the same box.
 */
export function findGatewayProblem(input: DiagnosisInput, host: HostView): Finding | null {
  const checks = relevantGateways(input, host);
  const silent = ([4, 6] as const).flatMap((family) => {
    const ofFamily = checks.filter((check) => check.route.family === family);
    return ofFamily.length > 0 && ofFamily.every((check) => check.verdict === 'silent') ? ofFamily : [];
  });
  const first = silent[0];
  if (first === undefined) return null;
  const backups = host.routes.filter(
    (route) =>
      silent.some((check) => check.route.family === route.family) &&
      !host.preferred.some((preferred) => sameRoute(preferred, route)),
  );
  return {
    code: 'gateway-unreachable',
    facts: {
      gateways: nameGateways(silent.map((check) => check.route)),
      gateway: gatewayName(first.route),
      interface: first.route.interfaceName,
      backup: describeBackups(backups, first.route),
    },
    evidence: [
      ...silent.map(describeGateway),
      ...backups.map((route) => `${describeRoute(route)} (backup, not used while the preferred route is up)`),
    ],
  };
}

/** Why a second default route does not save the day, as a sentence; empty when there is none. */
function describeBackups(backups: readonly DefaultRoute[], preferred: DefaultRoute): string {
  if (backups.length === 0) return '';
  const named = joinWords(
    backups.map((route) => `via ${gatewayName(route)} on ${route.interfaceName} (metric ${route.metric})`),
  );
  const otherLinks = [...new Set(backups.map((route) => route.interfaceName))].filter(
    (name) => name !== preferred.interfaceName,
  );
  const fallBack =
    otherLinks.length === 0
      ? ''
      : ` Disconnecting ${preferred.interfaceName} would let traffic fall back to ${joinWords(otherLinks)}.`;
  return ` There is a second default route ${named}, but it is not used: the system keeps sending traffic through the preferred route (metric ${preferred.metric}) while ${preferred.interfaceName} has a link, even though its router does not answer.${fallBack}`;
}
