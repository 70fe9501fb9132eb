// The captive-portal and proxy rules, and how they turn "offline" into limited or online in diagnose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../../app/diagnosis/diagnose.js';
import { findProxyProblem, findProxyRoute } from '../../../app/diagnosis/rules/proxy.js';
import { findReachableByOtherRoute } from '../../../app/diagnosis/rules/other-route.js';
import { findCaptivePortal } from '../../../app/diagnosis/rules/web.js';
import type { DiagnosisInput, GatewayCheck } from '../../../app/diagnosis/types.js';
import { toJsonDocument } from '../../../app/cli/json-output.js';
import type { LocalConfig } from '../../../app/probes/local-types.js';
import type { TcpOutcome, TcpProbeResult } from '../../../app/probes/types.js';
import type {
  PortalOutcome,
  PortalProbeResult,
  ProxyOutcome,
  ProxyProbeResult,
} from '../../../app/probes/web-types.js';

const local: LocalConfig = {
  platform: 'linux',
  interfaces: [
    {
      name: 'eth0',
      loopback: false,
      up: true,
      carrier: true,
      addresses: [{ family: 4, address: '10.200.1.2', prefixLength: 24, scope: 'global' }],
    },
  ],
  defaultRoutes: [{ family: 4, gateway: '10.200.1.1', interfaceName: 'eth0', metric: 100 }],
  defaultRoutesKnown: true,
  resolvers: ['10.200.1.1'],
  resolverSource: '/etc/resolv.conf',
  readErrors: [],
};

const gatewayAlive: GatewayCheck = {
  route: { family: 4, gateway: '10.200.1.1', interfaceName: 'eth0', metric: 100 },
  tcp: null,
  neighbour: 'reachable',
  verdict: 'alive',
};

function tcp(host: string, port: number, outcome: TcpOutcome): TcpProbeResult {
  return {
    kind: 'tcp',
    target: `${host}:${port}`,
    family: 4,
    outcome,
    errorCode: outcome === 'connected' ? null : outcome === 'timeout' ? 'ETIMEDOUT' : 'ECONNREFUSED',
    ms: outcome === 'timeout' ? 1500 : 3,
    endpoint: { host, port, family: 4 },
  };
}

const PORTAL_URL = 'http://portal-check.lab.test/generate_204';
const SIGN_IN = 'http://login.lab.test/?from=portal';

function portal(outcome: PortalOutcome, extra: Partial<PortalProbeResult> = {}): PortalProbeResult {
  return {
    kind: 'http',
    check: 'portal',
    target: PORTAL_URL,
    family: 4,
    outcome,
    errorCode: outcome === 'ok' ? null : 'HTTP 302',
    ms: 4,
    url: PORTAL_URL,
    status: null,
    location: null,
    bodySample: null,
    pageLink: null,
    ...extra,
  };
}

function viaProxy(outcome: ProxyOutcome, extra: Partial<ProxyProbeResult> = {}): ProxyProbeResult {
  return {
    kind: 'http',
    check: 'proxy-connect',
    target: 'http://10.200.1.1:3128 CONNECT 198.51.100.1:443',
    family: 4,
    outcome,
    errorCode: null,
    ms: 5,
    proxy: 'http://10.200.1.1:3128',
    variable: 'HTTPS_PROXY',
    destination: '198.51.100.1:443',
    status: null,
    authScheme: null,
    credentials: false,
    ...extra,
  };
}

const allDown = [
  tcp('198.51.100.1', 443, 'timeout'),
  tcp('198.51.100.1', 53, 'timeout'),
  tcp('203.0.113.1', 443, 'timeout'),
];
const allUp = [
  tcp('198.51.100.1', 443, 'connected'),
  tcp('198.51.100.1', 53, 'connected'),
  tcp('203.0.113.1', 443, 'connected'),
];
/** A portal that lets DNS through: port 53 connects, HTTPS does not. */
const onlyDns = [
  tcp('198.51.100.1', 443, 'timeout'),
  tcp('198.51.100.1', 53, 'connected'),
  tcp('203.0.113.1', 443, 'timeout'),
];

const input = (
  targets: readonly TcpProbeResult[],
  otherProbes: DiagnosisInput['otherProbes'],
): DiagnosisInput => ({
  local,
  targets,
  gateways: [gatewayAlive],
  otherProbes,
});

const redirect = portal('redirected', { status: 302, location: SIGN_IN });
const gardenPage = portal('wrong-answer', {
  status: 200,
  errorCode: 'HTTP 200',
  bodySample: '<html><h1>Lab Wi-Fi</h1><a href="http://login.lab.test/terms">Accept</a></html>',
  pageLink: 'http://login.lab.test/terms',
});

const gardenWithoutLink: PortalProbeResult = { ...gardenPage, pageLink: null };
const networkAuthRequired: PortalProbeResult = { ...gardenPage, status: 511 };

const portalCases: readonly {
  readonly behaviour: string;
  readonly input: DiagnosisInput;
  readonly signInUrl: string | null | 'none';
}[] = [
  {
    behaviour: 'finds a portal when the known-answer URL is redirected, with the Location as sign-in page',
    input: input(allDown, [redirect]),
    signInUrl: SIGN_IN,
  },
  {
    behaviour: 'finds a portal from a redirect even when some port gets through',
    input: input(onlyDns, [redirect]),
    signInUrl: SIGN_IN,
  },
  {
    behaviour: 'finds no portal when the known answer comes back (a transparent proxy passing it)',
    input: input(allUp, [portal('ok')]),
    signInUrl: 'none',
  },
  {
    behaviour: 'finds no portal when one URL answers right even if another is redirected',
    input: input(allDown, [redirect, portal('ok')]),
    signInUrl: 'none',
  },
  {
    behaviour: 'finds a walled garden when a foreign page comes back and HTTPS fails, with its first link',
    input: input(onlyDns, [gardenPage]),
    signInUrl: 'http://login.lab.test/terms',
  },
  {
    behaviour: 'finds a walled garden without a sign-in URL when the page has no link',
    input: input(allDown, [gardenWithoutLink]),
    signInUrl: null,
  },
  {
    behaviour: 'finds no portal when a foreign page comes back but HTTPS works (a filter, not a sign-in)',
    input: input(allUp, [gardenPage]),
    signInUrl: 'none',
  },
  {
    behaviour: 'finds a portal from a 511 even when HTTPS works',
    input: input(allUp, [networkAuthRequired]),
    signInUrl: 'http://login.lab.test/terms',
  },
  {
    behaviour: 'finds no portal when the check could not run (DNS failed, timeout, refused)',
    input: input(allDown, [portal('dns-failed'), portal('timeout'), portal('refused')]),
    signInUrl: 'none',
  },
  {
    behaviour: 'finds no portal with no portal results at all',
    input: input(allDown, []),
    signInUrl: 'none',
  },
];

for (const c of portalCases) {
  test(c.behaviour, () => {
    const findings = findCaptivePortal(c.input);
    if (c.signInUrl === 'none') return assert.deepEqual(findings, []);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.code, 'captive-portal');
    assert.equal(findings[0]?.signInUrl, c.signInUrl ?? undefined);
    assert.ok((findings[0]?.evidence.length ?? 0) > 0);
  });
}

const proxyCases: readonly {
  readonly behaviour: string;
  readonly targets: readonly TcpProbeResult[];
  readonly probes: readonly ProxyProbeResult[];
  readonly online: readonly string[];
  readonly offline: readonly string[];
}[] = [
  {
    behaviour: 'a proxy that carries traffic',
    targets: allUp,
    probes: [viaProxy('connected', { status: 200 })],
    online: [],
    offline: ['proxy-required'],
  },
  {
    behaviour: 'a proxy that passes the known answer on GET',
    targets: allUp,
    probes: [viaProxy('ok', { check: 'proxy-get' })],
    online: [],
    offline: ['proxy-required'],
  },
  {
    behaviour: 'a proxy asking for a login',
    targets: allUp,
    probes: [viaProxy('auth-required', { status: 407, authScheme: 'Basic' })],
    online: ['proxy-auth-required'],
    offline: ['proxy-auth-required'],
  },
  {
    behaviour: 'a proxy that refuses connections',
    targets: allUp,
    probes: [viaProxy('refused', { errorCode: 'ECONNREFUSED' })],
    online: ['proxy-unreachable'],
    offline: [],
  },
  {
    behaviour: 'a silent proxy',
    targets: allUp,
    probes: [viaProxy('timeout')],
    online: ['proxy-unreachable'],
    offline: [],
  },
  {
    behaviour: 'a proxy refusing the tunnel with 403',
    targets: allUp,
    probes: [viaProxy('proxy-error', { status: 403 })],
    online: ['proxy-unreachable'],
    offline: [],
  },
  {
    behaviour: 'a SOCKS proxy (not checked)',
    targets: allUp,
    probes: [viaProxy('unsupported', { ms: null })],
    online: [],
    offline: [],
  },
  { behaviour: 'no proxy configured', targets: allUp, probes: [], online: [], offline: [] },
];

for (const c of proxyCases) {
  test(`names ${c.online.join(', ') || 'nothing'} with direct connections working, and ${c.offline.join(', ') || 'no other route'} without, for ${c.behaviour}`, () => {
    assert.deepEqual(
      findProxyProblem(input(c.targets, c.probes)).map((finding) => finding.code),
      c.online,
    );
    assert.deepEqual(
      findProxyRoute(input(allDown, c.probes)).map((finding) => finding.code),
      c.offline,
    );
  });
}

test('names the proxy and the variable it came from, and says the destination is not at fault', () => {
  const diagnosis = diagnose(
    input(allUp, [viaProxy('refused', { errorCode: 'ECONNREFUSED', proxy: 'http://127.0.0.1:9' })]),
    'linux',
  );
  assert.equal(diagnosis.status, 'limited');
  const cause = diagnosis.causes[0];
  assert.equal(cause?.code, 'proxy-unreachable');
  assert.match(
    cause?.explanation ?? '',
    /http:\/\/127\.0\.0\.1:9, set in the HTTPS_PROXY environment variable/,
  );
  assert.match(cause?.explanation ?? '', /direct connections work/);
  assert.match(cause?.fix[0] ?? '', /HTTPS_PROXY/);
});

test('tells a rejected password from a missing one in proxy-auth-required', () => {
  const missing = diagnose(input(allUp, [viaProxy('auth-required', { authScheme: 'Basic' })]), 'linux')
    .causes[0];
  assert.match(
    missing?.explanation ?? '',
    /asks for Basic authentication, and HTTPS_PROXY holds no user name and password/,
  );
  const rejected = diagnose(input(allUp, [viaProxy('auth-required', { credentials: true })]), 'linux')
    .causes[0];
  assert.match(rejected?.explanation ?? '', /407 to the user name and password given in HTTPS_PROXY/);
});

test('turns offline into limited when a portal answers and every direct connection fails', () => {
  const diagnosis = diagnose(input(allDown, [redirect]), 'linux');
  assert.equal(diagnosis.status, 'limited');
  assert.deepEqual(
    diagnosis.causes.map((cause) => cause.code),
    ['captive-portal'],
  );
  assert.equal(diagnosis.causes[0]?.signInUrl, SIGN_IN);
  assert.match(
    diagnosis.causes[0]?.fix[0] ?? '',
    /Open http:\/\/login\.lab\.test\/\?from=portal in a browser/,
  );
});

test('turns offline into online with proxy-required when only the proxy gets out', () => {
  const diagnosis = diagnose(input(allDown, [viaProxy('connected', { status: 200 })]), 'linux');
  assert.equal(diagnosis.status, 'online');
  assert.deepEqual(
    diagnosis.causes.map((cause) => cause.code),
    ['proxy-required'],
  );
  assert.match(diagnosis.causes[0]?.explanation ?? '', /3 attempts to 2 hosts: 3 timed out/);
});

test('turns offline into limited when the only way out asks for a proxy login', () => {
  const diagnosis = diagnose(input(allDown, [viaProxy('auth-required', { status: 407 })]), 'linux');
  assert.equal(diagnosis.status, 'limited');
  assert.deepEqual(
    diagnosis.causes.map((cause) => cause.code),
    ['proxy-auth-required'],
  );
});

test('stays offline when neither a portal nor a proxy gets out, naming a dead proxy beside the upstream cause', () => {
  const nothing = diagnose(input(allDown, [portal('timeout')]), 'linux');
  assert.equal(nothing.status, 'offline');
  assert.deepEqual(
    nothing.causes.map((cause) => cause.code),
    ['upstream-unreachable'],
  );
  const deadProxy = diagnose(input(allDown, [portal('timeout'), viaProxy('timeout')]), 'linux');
  assert.equal(deadProxy.status, 'offline');
  assert.deepEqual(
    deadProxy.causes.map((cause) => cause.code),
    ['upstream-unreachable', 'proxy-unreachable'],
  );
  assert.match(deadProxy.causes[1]?.explanation ?? '', /direct connections fail as well/);
});

test('finds no other route for a link that is down, whatever the web results say', () => {
  const down: DiagnosisInput = {
    ...input(
      allDown.map((target) => ({ ...target, outcome: 'network-unreachable' as const })),
      [portal('unreachable')],
    ),
    local: { ...local, interfaces: local.interfaces.map((iface) => ({ ...iface, carrier: false })) },
    gateways: [],
  };
  assert.deepEqual(findReachableByOtherRoute(down), []);
  assert.equal(diagnose(down, 'linux').status, 'offline');
});

test('keeps the sign-in URL in check --json, and only on the captive-portal cause', () => {
  const diagnosis = diagnose(input(onlyDns, [redirect]), 'linux');
  const document = toJsonDocument({
    schema: 1,
    status: diagnosis.status,
    causes: diagnosis.causes,
    probes: [redirect],
    startedAt: new Date(0).toISOString(),
    elapsedMs: 1,
  }) as { causes: Record<string, unknown>[]; probes: Record<string, unknown>[] };
  const portalCause = document.causes.find((cause) => cause['code'] === 'captive-portal');
  assert.equal(portalCause?.['signInUrl'], SIGN_IN);
  for (const cause of document.causes.filter((cause) => cause['code'] !== 'captive-portal')) {
    assert.ok(!('signInUrl' in cause));
  }
  assert.deepEqual(Object.keys(document.probes[0] ?? {}), [
    'kind',
    'target',
    'family',
    'outcome',
    'errorCode',
    'ms',
  ]);
});

test('quotes a walled garden page by its title, or its words without markup, and keeps the HTML as evidence', () => {
  const titled: PortalProbeResult = {
    ...gardenPage,
    bodySample: '<html><head><title> Hotel Lobby </title></head><body>x</body>',
  };
  const [byTitle] = findCaptivePortal(input(allDown, [titled]));
  assert.match(
    byTitle?.facts['seen'] ?? '',
    /a page of its own \("Hotel Lobby"\) instead of the empty 204 answer, and HTTPS connections fail$/,
  );
  const [byWords] = findCaptivePortal(input(allDown, [gardenPage]));
  assert.match(byWords?.facts['seen'] ?? '', /\("Lab Wi-Fi Accept"\)/);
  assert.ok(byWords?.evidence.includes(`page: ${gardenPage.bodySample ?? ''}`));
});
