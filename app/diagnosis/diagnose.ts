import { causeCatalogue, layers } from './catalogue.js';
import { describeGateway, describeProbe } from './evidence.js';
import { viewHost, type HostView } from './host-view.js';
import { renderCause } from './render-cause.js';
import { findAddressProblem } from './rules/address.js';
import { findGatewayProblem } from './rules/gateway.js';
import { findBrokenFamily } from './rules/ip-family.js';
import { LAYER_RULES } from './rules/layers.js';
import { findLinkProblem } from './rules/link.js';
import { findReachableByOtherRoute } from './rules/other-route.js';
import { findBlockedPorts } from './rules/ports.js';
import { findProxyProblem } from './rules/proxy.js';
import { findRouteProblem } from './rules/route.js';
import { findUpstreamProblem, targetsThatCount } from './rules/upstream.js';
import type { Cause, Diagnosis, DiagnosisInput, Finding, Status } from './types.js';

/**
 * The verdict for one check. Pure: the same input gives the same diagnosis. Only a completed
 * connection proves a target reachable; when none completed, the lowest failing layer is named.
 */
export function diagnose(input: DiagnosisInput, platform: NodeJS.Platform): Diagnosis {
  if (input.targets.length === 0) {
    throw new RangeError('diagnose: input.targets is empty; at least one target result is needed to judge');
  }
  const host = viewHost(input.local);
  const online = input.targets.some((target) => target.outcome === 'connected');
  // Before calling it offline: a sign-in page or a proxy may still carry traffic.
  const otherRoute = online ? [] : findReachableByOtherRoute(input);
  const reachable = online || otherRoute.length > 0;
  const findings: Finding[] = online
    ? [
        ...[findBlockedPorts(input, host), findBrokenFamily(input, host)].filter(
          (finding) => finding !== null,
        ),
        ...LAYER_RULES.flatMap((rule) => rule(input, host)),
      ]
    : reachable
      ? otherRoute
      : offlineFindings(input, host);
  const causes = findings.map((finding) => renderCause(finding, platform)).sort(byLayer);
  return { status: statusOf(reachable, causes), causes };
}

/** The lowest failing layer; when the way out itself is fine, a dead configured proxy is named too. */
function offlineFindings(input: DiagnosisInput, host: HostView): Finding[] {
  const lowest =
    findLinkProblem(host) ??
    findAddressProblem(host) ??
    findRouteProblem(input, host) ??
    findGatewayProblem(input, host) ??
    findUpstreamProblem(input, host) ??
    unexplained(input, host);
  const beyondGateway = causeCatalogue[lowest.code].layer === 'upstream';
  return beyondGateway ? [lowest, ...findProxyProblem(input)] : [lowest];
}

function statusOf(reachable: boolean, causes: readonly Cause[]): Status {
  if (!reachable) return 'offline';
  return causes.some((cause) => cause.severity === 'limited') ? 'limited' : 'online';
}

const codeOrder = Object.keys(causeCatalogue);

function byLayer(a: Cause, b: Cause): number {
  const layer = (cause: Cause) => layers.indexOf(causeCatalogue[cause.code].layer);
  return layer(a) - layer(b) || codeOrder.indexOf(a.code) - codeOrder.indexOf(b.code);
}

/** Offline, and no rule recognised the pattern: say what we saw and show every result. */
function unexplained(input: DiagnosisInput, host: HostView): Finding {
  const counted = targetsThatCount(input, host);
  let detail: string;
  if (!host.known) {
    detail = `the network configuration could not be read (${input.local.readErrors.join('; ')}) and no router answered`;
  } else if (counted.length === 0) {
    detail = 'none of the targets is in an IP family this computer has an address and a default route for';
  } else if (counted.every((target) => target.outcome === 'local-error')) {
    detail = 'every connection attempt failed on this computer before anything was sent';
  } else {
    detail = 'the results do not match any known pattern';
  }
  return {
    code: 'unknown',
    facts: { detail },
    evidence: [
      ...input.local.readErrors.map((error) => `could not read configuration: ${error}`),
      ...input.gateways.map(describeGateway),
      ...input.targets.map(describeProbe),
    ],
  };
}
