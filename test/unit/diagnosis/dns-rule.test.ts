// The DNS rule as a pure function: DNS probe results in, causes out, through diagnose() so status and
// wording are checked too. Addresses are the lab's: the router's resolver at 10.200.1.1, public ones
// at 198.51.100.53 and 203.0.113.53.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../../app/diagnosis/diagnose.js';
import { SLOW_DNS_MS } from '../../../app/diagnosis/rules/dns.js';
import type { DnsOutcome } from '../../../app/probes/dns-error-table.js';
import type { DnsProbeResult, DnsRole } from '../../../app/probes/dns.js';
import type { LocalConfig } from '../../../app/probes/local-types.js';
import type { TcpProbeResult } from '../../../app/probes/types.js';

const ROUTER = '10.200.1.1';
const VPN = '10.8.0.1';
const PUBLIC = '198.51.100.53';
const PUBLIC2 = '203.0.113.53';
const MADE_UP = '0123456789abcdef.lab.test';

const errorCodes: Readonly<Record<DnsOutcome, string | null>> = {
  answered: null,
  'no-data': 'ENODATA',
  nxdomain: 'ENOTFOUND',
  servfail: 'ESERVFAIL',
  refused: 'EREFUSED',
  'bad-response': 'EBADRESP',
  timeout: 'ETIMEOUT',
  unreachable: 'ECONNREFUSED',
  'local-error': 'ABORT_ERR',
};

/** `q(ROUTER, 'www.lab.test', 'answered', 12)`; the made-up name is MADE_UP. */
function q(
  server: string,
  name: string,
  outcome: DnsOutcome,
  ms = outcome === 'timeout' ? 1500 : 10,
  answers: readonly string[] = outcome === 'answered' ? ['198.51.100.1'] : [],
): DnsProbeResult {
  const role: DnsRole = server === PUBLIC || server === PUBLIC2 ? 'reference' : 'configured';
  return {
    kind: 'dns',
    target: `${name}@${server}`,
    family: 4,
    outcome,
    errorCode: errorCodes[outcome],
    ms,
    server,
    role,
    name,
    purpose: name === MADE_UP ? 'nonexistent' : 'known',
    answers,
  };
}

/** A resolver's three answers: www, mail and the made-up name. */
function server(
  address: string,
  known: DnsOutcome,
  made: DnsOutcome = known === 'answered' ? 'nxdomain' : known,
  ms?: number,
): DnsProbeResult[] {
  return [
    q(address, 'www.lab.test', known, ms),
    q(address, 'mail.lab.test', known, ms),
    q(address, MADE_UP, made, ms),
  ];
}

const healthyReferences = [...server(PUBLIC, 'answered'), ...server(PUBLIC2, 'answered')];

const connected: TcpProbeResult = {
  kind: 'tcp',
  target: '198.51.100.1:443',
  family: 4,
  outcome: 'connected',
  errorCode: null,
  ms: 5,
  endpoint: { host: '198.51.100.1', port: 443, family: 4 },
};

function local(resolvers: readonly string[]): LocalConfig {
  return {
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
    defaultRoutes: [{ family: 4, gateway: ROUTER, interfaceName: 'eth0', metric: 100 }],
    defaultRoutesKnown: true,
    resolvers,
    resolverSource: '/etc/resolv.conf',
    readErrors: [],
  };
}

function run(resolvers: readonly string[], probes: readonly DnsProbeResult[], online = true) {
  const target = online
    ? connected
    : { ...connected, outcome: 'timeout' as const, errorCode: 'ETIMEDOUT', ms: 1500 };
  return diagnose({ local: local(resolvers), targets: [target], gateways: [], otherProbes: probes }, 'linux');
}

interface Case {
  readonly name: string;
  readonly resolvers: readonly string[];
  readonly probes: readonly DnsProbeResult[];
  readonly codes: readonly string[];
  /** Every pattern must match the first cause's explanation. */
  readonly says?: readonly RegExp[];
}

const cases: readonly Case[] = [
  {
    name: 'no cause when the configured resolver answers and the made-up name does not exist',
    resolvers: [ROUTER],
    probes: [...server(ROUTER, 'answered'), ...healthyReferences],
    codes: [],
  },
  {
    name: 'dns-not-configured when no resolver is configured, saying public ones answer',
    resolvers: [],
    probes: healthyReferences,
    codes: ['dns-not-configured'],
    says: [
      /\/etc\/resolv\.conf lists none/,
      /Public DNS servers \(198\.51\.100\.53 and 203\.0\.113\.53\) answer/,
    ],
  },
  {
    name: 'dns-unreachable when the configured resolver times out, naming it and the working references',
    resolvers: [ROUTER],
    probes: [...server(ROUTER, 'timeout'), ...healthyReferences],
    codes: ['dns-unreachable'],
    says: [
      /DNS server 10\.200\.1\.1 did not answer \(2 lookups timed out\)/,
      /Public DNS servers .* answer from here/,
    ],
  },
  {
    name: 'dns-unreachable when nothing can be delivered to the resolver (port unreachable)',
    resolvers: [ROUTER],
    probes: [...server(ROUTER, 'unreachable'), ...healthyReferences],
    codes: ['dns-unreachable'],
    says: [/2 lookups could not be sent \(the server is unreachable\)/],
  },
  {
    name: 'dns-unreachable saying DNS may be blocked when the references are silent too',
    resolvers: [ROUTER],
    probes: [...server(ROUTER, 'timeout'), ...server(PUBLIC, 'timeout')],
    codes: ['dns-unreachable'],
    says: [/\(198\.51\.100\.53\) do not answer either, so DNS traffic may be blocked/],
  },
  {
    name: 'dns-unreachable naming the silent VPN resolver while the router’s one works',
    resolvers: [VPN, ROUTER],
    probes: [...server(VPN, 'timeout'), ...server(ROUTER, 'answered'), ...healthyReferences],
    codes: ['dns-unreachable'],
    says: [/DNS server 10\.8\.0\.1 did not answer/, /other configured DNS server 10\.200\.1\.1 works/],
  },
  {
    name: 'dns-failing when the resolver answers SERVFAIL for names the references resolve',
    resolvers: [ROUTER],
    probes: [...server(ROUTER, 'servfail'), ...healthyReferences],
    codes: ['dns-failing'],
    says: [
      /server 10\.200\.1\.1 answered, but with errors .* \(www\.lab\.test and mail\.lab\.test\): 2 lookups answered server failure \(SERVFAIL\)/,
    ],
  },
  {
    name: 'dns-failing when the resolver refuses',
    resolvers: [ROUTER],
    probes: [...server(ROUTER, 'refused'), ...healthyReferences],
    codes: ['dns-failing'],
    says: [/REFUSED/],
  },
  {
    name: 'dns-failing when the resolver says names that exist do not (NXDOMAIN)',
    resolvers: [ROUTER],
    probes: [...server(ROUTER, 'nxdomain'), ...healthyReferences],
    codes: ['dns-failing'],
    says: [/does not exist \(NXDOMAIN\)/],
  },
  {
    name: 'no cause when one name fails but the other resolves (one zone in trouble is not DNS failing)',
    resolvers: [ROUTER],
    probes: [
      q(ROUTER, 'www.lab.test', 'servfail'),
      q(ROUTER, 'mail.lab.test', 'answered'),
      q(ROUTER, MADE_UP, 'nxdomain'),
      ...healthyReferences,
    ],
    codes: [],
  },
  {
    name: 'no cause when the references fail the same names: the names are broken, not the resolver',
    resolvers: [ROUTER],
    probes: [...server(ROUTER, 'servfail'), ...server(PUBLIC, 'servfail')],
    codes: [],
  },
  {
    name: 'dns-failing when the references are silent and the resolver answers only errors',
    resolvers: [ROUTER],
    probes: [...server(ROUTER, 'servfail'), ...server(PUBLIC, 'timeout')],
    codes: ['dns-failing'],
    says: [/\(198\.51\.100\.53\) fail too/],
  },
  {
    name: 'dns-hijacked when the made-up name resolves on the configured resolver only',
    resolvers: [ROUTER],
    probes: [
      q(ROUTER, 'www.lab.test', 'answered'),
      q(ROUTER, 'mail.lab.test', 'answered'),
      q(ROUTER, MADE_UP, 'answered', 10, ['198.51.100.66']),
      ...healthyReferences,
    ],
    codes: ['dns-hijacked'],
    says: [
      /server 10\.200\.1\.1 answered 0123456789abcdef\.lab\.test, a name made up .* with 198\.51\.100\.66/,
      /independent DNS servers 198\.51\.100\.53 and 203\.0\.113\.53 say it does not exist/,
    ],
  },
  {
    name: 'dns-hijacked when no reference could be asked',
    resolvers: [ROUTER],
    probes: [
      q(ROUTER, 'www.lab.test', 'answered'),
      q(ROUTER, 'mail.lab.test', 'answered'),
      q(ROUTER, MADE_UP, 'answered', 10, ['198.51.100.66']),
    ],
    codes: ['dns-hijacked'],
    says: [/No independent DNS server could be asked/],
  },
  {
    name: 'no cause when a reference resolves the made-up name too (a wildcard zone, not hijacking)',
    resolvers: [ROUTER],
    probes: [...server(ROUTER, 'answered', 'answered'), ...server(PUBLIC, 'answered', 'answered')],
    codes: [],
  },
  {
    name: `no cause at a median of exactly ${SLOW_DNS_MS} ms`,
    resolvers: [ROUTER],
    probes: [...server(ROUTER, 'answered', 'nxdomain', SLOW_DNS_MS), ...healthyReferences],
    codes: [],
  },
  {
    name: `dns-slow at a median of ${SLOW_DNS_MS + 1} ms`,
    resolvers: [ROUTER],
    probes: [...server(ROUTER, 'answered', 'nxdomain', SLOW_DNS_MS + 1), ...healthyReferences],
    codes: ['dns-slow'],
    says: [/10\.200\.1\.1, takes 501 ms to answer \(median; slow above 500 ms\)/],
  },
  {
    name: 'dns-slow judged on the median: one slow lookup among fast ones is not slow',
    resolvers: [ROUTER],
    probes: [
      q(ROUTER, 'www.lab.test', 'answered', 1400),
      q(ROUTER, 'mail.lab.test', 'answered', 20),
      q(ROUTER, MADE_UP, 'nxdomain', 30),
      ...healthyReferences,
    ],
    codes: [],
  },
  {
    name: 'no dns-slow when another configured resolver is fast',
    resolvers: [VPN, ROUTER],
    probes: [
      ...server(VPN, 'answered', 'nxdomain', 900),
      ...server(ROUTER, 'answered', 'nxdomain', 30),
      ...healthyReferences,
    ],
    codes: [],
  },
  {
    name: 'no cause from lookups the check itself cancelled',
    resolvers: [ROUTER],
    probes: [...server(ROUTER, 'local-error'), ...healthyReferences],
    codes: [],
  },
  {
    name: 'no cause when the DNS check did not run at all',
    resolvers: [],
    probes: [],
    codes: [],
  },
];

for (const c of cases) {
  test(`reports ${c.name}`, () => {
    const diagnosis = run(c.resolvers, c.probes);
    assert.deepEqual(
      diagnosis.causes.map((cause) => cause.code),
      c.codes,
    );
    assert.equal(diagnosis.status, c.codes.length > 0 ? 'limited' : 'online');
    for (const pattern of c.says ?? []) assert.match(diagnosis.causes[0]?.explanation ?? '', pattern);
    for (const cause of diagnosis.causes)
      assert.ok(cause.evidence.length > 0, `${cause.code} has no evidence`);
  });
}

test('adds no DNS cause when no target connected: the lower layer is the cause', () => {
  const diagnosis = run([ROUTER], [...server(ROUTER, 'timeout'), ...server(PUBLIC, 'timeout')], false);
  assert.equal(diagnosis.status, 'offline');
  assert.ok(diagnosis.causes.every((cause) => !cause.code.startsWith('dns-')));
});

test('quotes the silent resolver’s lookups in the evidence, then the ones that worked', () => {
  const diagnosis = run([ROUTER], [...server(ROUTER, 'timeout'), ...healthyReferences]);
  assert.deepEqual(diagnosis.causes[0]?.evidence.slice(0, 3), [
    'dns www.lab.test@10.200.1.1 timeout after 1500 ms (ETIMEOUT)',
    'dns mail.lab.test@10.200.1.1 timeout after 1500 ms (ETIMEOUT)',
    'dns www.lab.test@198.51.100.53 answered in 10 ms',
  ]);
});
