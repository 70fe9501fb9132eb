// The DNS layer end to end: the bundled CLI in the lab's client, the router's resolver (dnsmasq on the
// gateway) broken one way at a time, the lab's public resolvers (dnsmasq at 198.51.100.53 and
// 203.0.113.53) as the references. One lab for every scenario; needs `npm run build` first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLab, labSkipReason, type Lab } from './fixture/lab.js';
import { LAB_AD_SERVER, replaceRouterResolver, type RouterResolver } from './fixture/services/dns.js';

const TIMEOUT_MS = 1500;
/** The bound: a full diagnosis takes at most the timeout plus 300 ms. */
const SLACK_MS = 300;
const TARGETS = ['198.51.100.1:443', '203.0.113.1:443', '[2001:db8:100::1]:443'];

interface Report {
  readonly status: string;
  readonly causes: readonly { code: string; severity: string; explanation: string; evidence: string[] }[];
  readonly probes: readonly {
    kind: string;
    target: string;
    outcome: string;
    errorCode: string | null;
    ms: number | null;
  }[];
  readonly elapsedMs: number;
}

const skip = labSkipReason() ?? false;
let lab: Lab | undefined;
let configHome = '';

before(async () => {
  if (skip !== false) return;
  configHome = await mkdtemp(join(tmpdir(), 'icn-dns-lab-'));
  lab = await createLab();
});

after(async () => {
  await lab?.destroy();
  if (configHome !== '') await rm(configHome, { recursive: true, force: true });
});

function theLab(): Lab {
  assert.ok(lab, 'the lab was not built');
  return lab;
}

async function checkJson(): Promise<{ exit: number | null; report: Report }> {
  const result = await theLab().runCli(
    [
      'check',
      '--json',
      ...TARGETS.flatMap((target) => ['--target', target]),
      '--timeout',
      String(TIMEOUT_MS),
    ],
    { env: { XDG_CONFIG_HOME: configHome } },
  );
  assert.equal(result.timedOut, false, 'the CLI did not finish');
  const report = JSON.parse(result.stdout) as Report;
  assert.ok(
    report.elapsedMs <= TIMEOUT_MS + SLACK_MS,
    `elapsedMs ${report.elapsedMs} is over ${TIMEOUT_MS} + ${SLACK_MS} ms`,
  );
  console.log(
    `# status=${report.status} causes=${codes(report).join(',') || '-'} elapsedMs=${report.elapsedMs}`,
  );
  return { exit: result.code, report };
}

function codes(report: Report): string[] {
  return report.causes.map((cause) => cause.code);
}

function dnsOutcomes(report: Report): string[] {
  return report.probes
    .filter((probe) => probe.kind === 'dns')
    .map((probe) => `${probe.target} ${probe.outcome}`);
}

/** Runs body with the router's resolver replaced, then puts the healthy forwarding dnsmasq back. */
async function withRouterResolver<T>(how: RouterResolver, body: () => Promise<T>): Promise<T> {
  await replaceRouterResolver(theLab(), how);
  try {
    return await body();
  } finally {
    await replaceRouterResolver(theLab(), { kind: 'forwarding' });
  }
}

const labTest = (name: string, fn: () => Promise<void>): void => {
  test(name, { skip }, fn);
};

labTest('stays online with no DNS cause when the router forwards to working resolvers', async () => {
  const { exit, report } = await checkJson();
  assert.equal(exit, 0);
  assert.equal(report.status, 'online');
  assert.deepEqual(codes(report), []);
  const dns = dnsOutcomes(report);
  assert.ok(dns.includes('www.lab.test@10.200.1.1 answered'), dns.join('\n'));
  assert.ok(dns.includes('mail.lab.test@198.51.100.53 answered'), dns.join('\n'));
  assert.ok(
    dns.some((line) => /^[0-9a-f]{16}\.lab\.test@10\.200\.1\.1 nxdomain$/.test(line)),
    dns.join('\n'),
  );
});

labTest(
  'reports dns-unreachable, limited, when the router’s resolver is stopped, saying the public ones work',
  async () => {
    const { exit, report } = await withRouterResolver({ kind: 'none' }, checkJson);
    assert.equal(exit, 2);
    assert.equal(report.status, 'limited');
    assert.deepEqual(codes(report), ['dns-unreachable']);
    const [cause] = report.causes;
    assert.match(
      cause?.explanation ?? '',
      /DNS server 10\.200\.1\.1 did not answer \(2 lookups could not be sent \(the server is unreachable\)\)/,
    );
    assert.match(
      cause?.explanation ?? '',
      /Public DNS servers \(198\.51\.100\.53 and 203\.0\.113\.53\) answer from here/,
    );
  },
);

labTest('reports dns-unreachable naming the gateway when only DNS to it is dropped', async () => {
  const l = theLab();
  await l.router.nft(
    [
      'table inet icn_dns_block {',
      '  chain input {',
      '    type filter hook input priority -10;',
      `    ip daddr ${l.addresses.gateway4} meta l4proto { udp, tcp } th dport 53 drop`,
      '  }',
      '}',
    ].join('\n'),
  );
  try {
    const { exit, report } = await checkJson();
    assert.equal(exit, 2);
    assert.deepEqual(codes(report), ['dns-unreachable']);
    assert.match(
      report.causes[0]?.explanation ?? '',
      /DNS server 10\.200\.1\.1 did not answer \(2 lookups timed out\)/,
    );
    assert.match(report.causes[0]?.explanation ?? '', /Public DNS servers .* answer from here/);
    assert.ok(dnsOutcomes(report).includes('www.lab.test@10.200.1.1 timeout'));
  } finally {
    await l.router.nft('delete table inet icn_dns_block');
  }
});

labTest('reports dns-failing when the router’s resolver answers SERVFAIL', async () => {
  const { exit, report } = await withRouterResolver({ kind: 'servfail' }, checkJson);
  assert.equal(exit, 2);
  assert.equal(report.status, 'limited');
  assert.deepEqual(codes(report), ['dns-failing']);
  assert.match(
    report.causes[0]?.explanation ?? '',
    /server 10\.200\.1\.1 answered, but with errors .*SERVFAIL/,
  );
});

labTest('reports dns-not-configured when resolv.conf lists no server', async () => {
  const l = theLab();
  l.client.setResolvConf('');
  try {
    const { exit, report } = await checkJson();
    assert.equal(exit, 2);
    assert.deepEqual(codes(report), ['dns-not-configured']);
    assert.match(report.causes[0]?.explanation ?? '', /\/etc\/resolv\.conf lists none/);
  } finally {
    l.client.setResolvConf(`nameserver ${l.addresses.gateway4}\n`);
  }
});

labTest('reports dns-hijacked when the router’s resolver answers a name that does not exist', async () => {
  const { exit, report } = await withRouterResolver({ kind: 'nxdomain-rewriting' }, checkJson);
  assert.equal(exit, 2);
  assert.deepEqual(codes(report), ['dns-hijacked']);
  const explanation = report.causes[0]?.explanation ?? '';
  assert.match(
    explanation,
    new RegExp(`answered [0-9a-f]{16}\\.lab\\.test, .* with ${LAB_AD_SERVER.replaceAll('.', '\\.')}`),
  );
  assert.match(
    explanation,
    /independent DNS servers 198\.51\.100\.53 and 203\.0\.113\.53 say it does not exist/,
  );
});

labTest('reports dns-slow when the router’s resolver takes 700 ms to answer', async () => {
  const { exit, report } = await withRouterResolver({ kind: 'slow', delayMs: 700 }, checkJson);
  assert.equal(exit, 2);
  assert.deepEqual(codes(report), ['dns-slow']);
  const taken = /10\.200\.1\.1, takes (\d+) ms to answer/.exec(report.causes[0]?.explanation ?? '');
  assert.ok(taken, report.causes[0]?.explanation);
  // 700 ms held back by the responder, plus a loaded machine's scheduling: never less, not much more.
  assert.ok(Number(taken[1]) >= 700 && Number(taken[1]) < 900, `median ${taken[1]} ms`);
});

labTest('adds no DNS cause when the internet is cut: the upstream is the cause', async () => {
  const fault = await theLab().upstreamCut();
  try {
    const { exit, report } = await checkJson();
    assert.equal(exit, 1);
    assert.deepEqual(codes(report), ['upstream-unreachable']);
  } finally {
    await fault.undo();
  }
});
