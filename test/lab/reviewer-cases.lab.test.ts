// The wrong diagnoses found in review, reproduced on the lab network with the bundled CLI (needs
// `npm run build` first): a router that hung while the client still remembers its ARP entry, a
// firewall dropping 443 in both families, and a user target whose port is closed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLab, labSkipReason, type Lab } from './fixture/lab.js';

const TIMEOUT_MS = 1500;
const TARGETS = [
  '198.51.100.1:443',
  '198.51.100.1:53',
  '203.0.113.1:443',
  '[2001:db8:100::1]:443',
  '[2001:db8:100::2]:443',
];

interface Report {
  readonly status: string;
  readonly causes: readonly { code: string; severity: string; explanation: string; fix: string[] }[];
  readonly probes: readonly { kind: string; target: string; outcome: string }[];
}

const skip = labSkipReason() ?? false;
let lab: Lab | undefined;
let configHome = '';

before(async () => {
  if (skip !== false) return;
  configHome = await mkdtemp(join(tmpdir(), 'icn-review-lab-'));
  lab = await createLab({ lanIndex: 7 });
});

after(async () => {
  await lab?.destroy();
  if (configHome !== '') await rm(configHome, { recursive: true, force: true });
});

function theLab(): Lab {
  assert.ok(lab, 'the lab was not built');
  return lab;
}

async function check(targets: readonly string[] = TARGETS): Promise<{ exit: number | null; report: Report }> {
  const result = await theLab().runCli(
    [
      'check',
      '--json',
      '--timeout',
      String(TIMEOUT_MS),
      ...targets.flatMap((target) => ['--target', target]),
    ],
    { env: { XDG_CONFIG_HOME: configHome } },
  );
  return { exit: result.code, report: JSON.parse(result.stdout) as Report };
}

test(
  'does not say the router answers when it hung while the client still holds a complete ARP entry for it',
  { skip },
  async () => {
    const l = theLab();
    const mac = (await l.exec('router', ['cat', '/sys/class/net/lan0/address'])).stdout.trim();
    const fault = await l.gatewayDown();
    try {
      // What a client sees for half a minute after its router hangs: the entry it learnt before.
      await l.exec('client', [
        'ip',
        'neigh',
        'replace',
        l.addresses.gateway4,
        'lladdr',
        mac,
        'dev',
        'eth0',
        'nud',
        'reachable',
      ]);
      const { exit, report } = await check();
      const arp = (await l.exec('client', ['cat', '/proc/net/arp'])).stdout;
      const entry = arp.split('\n').find((line) => line.startsWith(`${l.addresses.gateway4} `));
      assert.match(entry ?? '', /^\S+\s+0x1\s+0x2\s/, `the ARP entry must still look complete:\n${arp}`);
      assert.equal(exit, 1);
      assert.deepEqual(
        report.causes.map((cause) => cause.code),
        ['upstream-unreachable'],
      );
      const [cause] = report.causes;
      assert.doesNotMatch(cause?.explanation ?? '', /router answers|router [\d.]+ on eth0 answers/);
      assert.match(cause?.explanation ?? '', /did not answer our test connections/);
      assert.match(cause?.fix[0] ?? '', /^Restart the router first/);
      const gateway = report.probes.find((probe) =>
        probe.target.startsWith(`gateway ${l.addresses.gateway4} `),
      );
      assert.equal(gateway?.outcome, 'gateway-unknown');
    } finally {
      await fault.undo();
    }
  },
);

test(
  'says limited with exit 2, port-blocked and no ipv6-broken when 443 is dropped in both families',
  { skip },
  async () => {
    const fault = await theLab().blockPort(443);
    try {
      const { exit, report } = await check();
      assert.equal(exit, 2);
      assert.equal(report.status, 'limited');
      assert.deepEqual(
        report.causes.map((cause) => `${cause.code}/${cause.severity}`),
        ['port-blocked/limited'],
      );
      assert.match(report.causes[0]?.explanation ?? '', /the web does not work/);
    } finally {
      await fault.undo();
    }
  },
);

test(
  'does not claim a user-chosen target always accepts connections when its port is closed',
  { skip },
  async () => {
    const { exit, report } = await check(['198.51.100.1:80']);
    assert.equal(exit, 1);
    assert.deepEqual(
      report.causes.map((cause) => cause.code),
      ['traffic-rejected'],
    );
    const [cause] = report.causes;
    assert.match(cause?.explanation ?? '', /nothing listens on that port at 198\.51\.100\.1:80/);
    assert.doesNotMatch(cause?.explanation ?? '', /always accept/);
  },
);
