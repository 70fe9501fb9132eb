/**
 * The proxy rules. Pure: they read the checks made through the configured proxy (ProxyProbeResult)
 * and the direct TCP targets. A proxy is judged as its users meet it:
 * - it carries traffic (CONNECT 200, or the known answer through it): fine; when direct connections
 *   fail, it is the only way out (`proxy-required`, info: online);
 * - it answers 407: `proxy-auth-required` (limited), whether or not direct connections work;
 * - it is dead (refused, silent, unresolvable, an error status): `proxy-unreachable` (limited), the
 *   proxy named with the variable it came from, not the destination blamed.
 * A SOCKS or TLS proxy is not checked, so nothing is concluded about it.
 */
import { countAttempts, describeProbe, joinWords, summariseOutcomes } from '../evidence.js';
import { isProxyResult, type ProxyOutcome, type ProxyProbeResult } from '../../probes/web-types.js';
import type { DiagnosisInput, Finding } from '../types.js';

const CARRIES: ReadonlySet<ProxyOutcome> = new Set(['connected', 'ok']);
const DEAD: ReadonlySet<ProxyOutcome> = new Set([
  'refused',
  'timeout',
  'unreachable',
  'dns-failed',
  'proxy-error',
  'invalid-setting',
]);

/** With direct connections working: a configured proxy that needs a login or does not work. */
export function findProxyProblem(input: DiagnosisInput): Finding[] {
  const directWorks = input.targets.some((target) => target.outcome === 'connected');
  return groupByProxy(input.otherProbes.filter(isProxyResult)).flatMap((checks): Finding[] => {
    const auth = checks.find((check) => check.outcome === 'auth-required');
    if (auth !== undefined) return [authFinding(auth, checks)];
    const dead = checks.find((check) => DEAD.has(check.outcome));
    if (dead === undefined) return [];
    return [
      {
        code: 'proxy-unreachable',
        facts: {
          proxy: dead.proxy,
          source: sourceOf(checks),
          outcome: deadOutcomeText(dead),
          direct: directWorks
            ? 'direct connections work, so the network itself is fine'
            : 'direct connections fail as well',
        },
        evidence: checks.map(describeProbe),
      },
    ];
  });
}

/**
 * With every direct connection failing: is the proxy a way out? It carries traffic → online through
 * it; it wants a login → limited. Empty when the proxy gives no route either.
 */
export function findProxyRoute(input: DiagnosisInput): Finding[] {
  const checks = input.otherProbes.filter(isProxyResult);
  const carrying = checks.find((check) => CARRIES.has(check.outcome));
  if (carrying !== undefined) {
    const same = checks.filter((check) => check.proxy === carrying.proxy);
    return [
      {
        code: 'proxy-required',
        facts: {
          proxy: carrying.proxy,
          source: sourceOf(same),
          direct: `${countAttempts(input.targets)}: ${summariseOutcomes(input.targets.map((target) => target.outcome))}`,
        },
        evidence: [...same.map(describeProbe), ...input.targets.map(describeProbe)],
      },
    ];
  }
  const auth = checks.find((check) => check.outcome === 'auth-required');
  return auth === undefined
    ? []
    : [
        authFinding(
          auth,
          checks.filter((check) => check.proxy === auth.proxy),
        ),
      ];
}

function authFinding(auth: ProxyProbeResult, checks: readonly ProxyProbeResult[]): Finding {
  const asked = auth.authScheme === null ? '' : ` and asks for ${auth.authScheme} authentication`;
  const challenge = auth.credentials
    ? `it answered HTTP 407 to the user name and password given in ${auth.variable}${asked}`
    : `it answered HTTP 407${asked}, and ${auth.variable} holds no user name and password`;
  return {
    code: 'proxy-auth-required',
    facts: { proxy: auth.proxy, source: sourceOf(checks), challenge },
    evidence: checks.map(describeProbe),
  };
}

function groupByProxy(checks: readonly ProxyProbeResult[]): ProxyProbeResult[][] {
  const groups = new Map<string, ProxyProbeResult[]>();
  for (const check of checks) groups.set(check.proxy, [...(groups.get(check.proxy) ?? []), check]);
  return [...groups.values()];
}

/** `the HTTPS_PROXY environment variable`, or the app's own words for the OS setting. */
function sourceOf(checks: readonly ProxyProbeResult[]): string {
  const names = [...new Set(checks.map((check) => check.variable))];
  const variables = names.filter((name) => /_proxy$/i.test(name));
  const others = names.filter((name) => !/_proxy$/i.test(name));
  const parts = [
    ...(variables.length === 0
      ? []
      : [`the ${joinWords(variables)} environment variable${variables.length > 1 ? 's' : ''}`]),
    ...others,
  ];
  return joinWords(parts);
}

function deadOutcomeText(check: ProxyProbeResult): string {
  const request =
    check.check === 'proxy-connect' ? `CONNECT ${check.destination}` : `GET ${check.destination}`;
  switch (check.outcome) {
    case 'refused':
      return 'refuses connections: nothing listens there';
    case 'timeout':
      return `does not answer: no reply within ${Math.round(check.ms ?? 0)} ms`;
    case 'unreachable':
      return 'cannot be reached: there is no route to it';
    case 'dns-failed':
      return `its name does not resolve (${check.errorCode ?? 'lookup failed'})`;
    case 'invalid-setting':
      return 'the value is not a proxy URL';
    default:
      return check.status === null
        ? `answers ${request}, but not as an HTTP proxy`
        : `answered ${request} with HTTP ${check.status}`;
  }
}
