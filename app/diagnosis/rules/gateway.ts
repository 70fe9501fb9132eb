import { describeGateway, gatewayName, nameGateways } from '../evidence.js';
import type { HostView } from '../host-view.js';
import type { DiagnosisInput, Finding, GatewayCheck } from '../types.js';

/** The gateway checks for routes this host would actually use. */
export function relevantGateways(input: DiagnosisInput, host: HostView): GatewayCheck[] {
  if (!host.known) return [...input.gateways];
  return input.gateways.filter((check) =>
    host.routes.some(
      (route) => route.family === check.route.family && route.interfaceName === check.route.interfaceName,
    ),
  );
}

/**
 * Gateway layer: in some configured family every gateway is silent (no TCP answer, no neighbour
 * entry). Asked only when nothing connected; one dead family is enough, since it is the lowest layer
 * that failed and the other family's router is usually the same box.
 */
export function findGatewayProblem(input: DiagnosisInput, host: HostView): Finding | null {
  const checks = relevantGateways(input, host);
  const silent = ([4, 6] as const).flatMap((family) => {
    const ofFamily = checks.filter((check) => check.route.family === family);
    return ofFamily.length > 0 && ofFamily.every((check) => check.verdict === 'silent') ? ofFamily : [];
  });
  const first = silent[0];
  if (first === undefined) return null;
  return {
    code: 'gateway-unreachable',
    facts: {
      gateways: nameGateways(silent.map((check) => check.route)),
      gateway: gatewayName(first.route),
      interface: first.route.interfaceName,
    },
    evidence: silent.map(describeGateway),
  };
}
