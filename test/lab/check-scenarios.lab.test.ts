// `internet-conn check` end to end: the bundled CLI runs inside the lab's client namespace against lab
// targets (never the default ones) while the lab breaks one thing at a time. One lab serves every
// fault scenario (apply, run, undo) to keep the file quick; needs `npm run build` first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLab, labSkipReason, type Fault, type Lab } from './fixture/lab.js';
import { CLI_BIN, REPO_ROOT } from './fixture/namespace.js';
import { run, type ExecResult } from './fixture/exec.js';

const TIMEOUT_MS = 1500;
/** Every probe runs at once, so a whole check is one timeout plus start-up and reading the tables. */
const SLACK_MS = 500;
/** Internet hosts on 443 and 53 in both families; 198.51.100.1 twice, so ports can be told apart. */
const TARGETS = [
  '198.51.100.1:443',
  '198.51.100.1:53',
  '203.0.113.1:443',
  '[2001:db8:100::1]:443',
  '[2001:db8:100::2]:443',
];

interface Report {
  readonly status: string;
  readonly causes: readonly {
    code: string;
    severity: string;
    explanation: string;
    fix: string[];
    evidence: string[];
  }[];
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
  // A missing or stale bundle is a mistake to fix, not an environment to skip in.
  const stale = staleBuild();
  if (stale !== null) throw new Error(stale);
  // An empty config directory: a developer's own config file must not change what the lab sees.
  configHome = await mkdtemp(join(tmpdir(), 'icn-check-lab-'));
  lab = await createLab();
});

after(async () => {
  await lab?.destroy();
  if (configHome !== '') await rm(configHome, { recursive: true, force: true });
});

/** The bundle the lab runs must be newer than every app source, or the lab tests yesterday's code. */
function staleBuild(): string | null {
  const bundle = join(REPO_ROOT, 'dist', 'cli.cjs');
  if (!existsSync(CLI_BIN) || !existsSync(bundle)) return 'run `npm run build` first: no bundled CLI';
  const built = statSync(bundle).mtimeMs;
  const newer = (dir: string): string | undefined => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const found = entry.isDirectory() ? newer(path) : statSync(path).mtimeMs > built ? path : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const changed = newer(join(REPO_ROOT, 'app'));
  return changed === undefined ? null : `run \`npm run build\` first: ${changed} is newer than the bundle`;
}

function theLab(): Lab {
  assert.ok(lab, 'the lab was not built');
  return lab;
}

function cliArgs(extra: readonly string[] = [], timeoutMs = TIMEOUT_MS): string[] {
  return [
    'check',
    ...TARGETS.flatMap((target) => ['--target', target]),
    '--timeout',
    String(timeoutMs),
    ...extra,
  ];
}

/** Runs `check --json` in the client and checks what every run must satisfy: one JSON document, on time. */
async function checkJson(
  extra: readonly string[] = [],
  timeoutMs = TIMEOUT_MS,
): Promise<{ exit: number | null; report: Report }> {
  const result = await theLab().runCli(cliArgs(['--json', ...extra], timeoutMs), {
    env: { XDG_CONFIG_HOME: configHome },
  });
  return { exit: result.code, report: parseReport(result, timeoutMs) };
}

function parseReport(result: ExecResult, timeoutMs: number): Report {
  assert.equal(result.timedOut, false, 'the CLI did not finish');
  assert.equal(
    result.stdout.trimEnd().split('\n').length,
    1,
    `stdout holds more than one line:\n${result.stdout}`,
  );
  const report = JSON.parse(result.stdout) as Report;
  assert.ok(
    report.elapsedMs < timeoutMs + SLACK_MS,
    `elapsedMs ${report.elapsedMs} is not under ${timeoutMs} + ${SLACK_MS} ms`,
  );
  return report;
}

function codes(report: Report): string[] {
  return report.causes.map((cause) => cause.code);
}

/** Applies a fault for one run and always undoes it, so the next scenario starts from a healthy lab. */
async function withFault<T>(apply: (lab: Lab) => Promise<Fault>, body: () => Promise<T>): Promise<T> {
  const fault = await apply(theLab());
  try {
    return await body();
  } finally {
    await fault.undo();
  }
}

const labTest = (name: string, fn: () => Promise<void>): void => {
  test(name, { skip }, fn);
};

labTest('says online with exit 0 and no cause on a healthy dual-stack network', async () => {
  const { exit, report } = await checkJson();
  assert.equal(exit, 0);
  assert.equal(report.status, 'online');
  assert.deepEqual(codes(report), []);
  const tcp = report.probes.filter((probe) => probe.kind === 'tcp');
  assert.deepEqual(
    tcp.map((probe) => `${probe.target} ${probe.outcome}`),
    TARGETS.map((target) => `${target} connected`),
  );
  assert.ok(report.probes.some((probe) => probe.outcome === 'gateway-alive'));
});

labTest('in fast mode answers online with only the one target that connected first', async () => {
  const { exit, report } = await checkJson(['--fast']);
  assert.equal(exit, 0);
  assert.equal(report.status, 'online');
  assert.deepEqual(codes(report), []);
  assert.equal(report.probes.length, 1);
  assert.equal(report.probes[0]?.outcome, 'connected');
  assert.ok(TARGETS.includes(report.probes[0]?.target ?? ''));
});

labTest('reports link-down when the network adapter is down', async () => {
  const { exit, report } = await withFault(
    (l) => l.linkDown(),
    () => checkJson(),
  );
  assert.equal(exit, 1);
  assert.equal(report.status, 'offline');
  assert.deepEqual(codes(report), ['link-down']);
  assert.match(report.causes[0]?.explanation ?? '', /eth0 \(down\)/);
});

labTest('reports no-ip-address, blaming DHCP, when only a 169.254 address is left', async () => {
  const { exit, report } = await withFault(
    (l) => l.linkLocalOnly(),
    () => checkJson(),
  );
  assert.equal(exit, 1);
  assert.equal(report.status, 'offline');
  assert.deepEqual(codes(report), ['no-ip-address']);
  const [cause] = report.causes;
  assert.match(cause?.explanation ?? '', /169\.254\.1\.2/);
  assert.match(cause?.explanation ?? '', /DHCP/);
  assert.ok(cause?.fix.some((step) => step.includes('dhclient')));
});

labTest('reports no-default-route when addresses remain but the default routes are gone', async () => {
  const { exit, report } = await withFault(
    (l) => l.noDefaultRoute('both'),
    () => checkJson(),
  );
  assert.equal(exit, 1);
  assert.equal(report.status, 'offline');
  assert.deepEqual(codes(report), ['no-default-route']);
  assert.match(report.causes[0]?.explanation ?? '', /addresses \(10\.200\.1\.2 and 2001:db8:1::2 on eth0\)/);
});

labTest(
  'reports ipv4-broken (limited) when the IPv4 default route is gone while IPv6 still works',
  async () => {
    const { exit, report } = await withFault(
      (l) => l.noDefaultRoute(4),
      () => checkJson(),
    );
    assert.equal(exit, 2);
    assert.equal(report.status, 'limited');
    assert.deepEqual(codes(report), ['ipv4-broken']);
    assert.match(report.causes[0]?.explanation ?? '', /10\.200\.1\.2 on eth0 but no IPv4 default route/);
    assert.ok(report.causes[0]?.evidence.includes('no IPv4 default route'));
  },
);

for (const timeoutMs of [TIMEOUT_MS, 4000]) {
  // Below the ~3 s ARP timeout the gateway connect just times out; above it the kernel says EHOSTUNREACH.
  labTest(
    `reports gateway-unreachable naming the router when it goes silent (timeout ${timeoutMs} ms)`,
    async () => {
      const l = theLab();
      const { exit, report, arp } = await withFault(
        () => l.gatewayDown(),
        async () => ({
          ...(await checkJson([], timeoutMs)),
          arp: (await l.exec('client', ['cat', '/proc/net/arp'])).stdout,
        }),
      );
      assert.equal(exit, 1);
      assert.equal(report.status, 'offline');
      assert.deepEqual(codes(report), ['gateway-unreachable']);
      const [cause] = report.causes;
      assert.match(
        cause?.explanation ?? '',
        new RegExp(`^Your router \\(${l.addresses.gateway4.replaceAll('.', '\\.')}`),
      );
      assert.ok(cause?.fix.some((step) => step.includes(`ping -c 3 ${l.addresses.gateway4}`)));
      assert.ok(
        cause?.evidence.some((line) => line.includes('neighbour incomplete')),
        cause?.evidence.join('\n'),
      );
      // The kernel's own view agrees: an ARP entry for the router with no hardware address (flags 0x0).
      const entry = arp.split('\n').find((line) => line.startsWith(`${l.addresses.gateway4} `));
      assert.match(entry ?? '', /^\S+\s+0x1\s+0x0\s+00:00:00:00:00:00/, arp);
      const gateway4 = report.probes.find((probe) =>
        probe.target.startsWith(`gateway ${l.addresses.gateway4} `),
      );
      assert.equal(gateway4?.outcome, 'gateway-silent');
      assert.equal(gateway4?.errorCode, timeoutMs < 3000 ? 'ETIMEDOUT' : 'EHOSTUNREACH');
    },
  );
}

labTest('reports upstream-unreachable when the router answers but its uplink is cut', async () => {
  const { exit, report } = await withFault(
    (l) => l.upstreamCut(),
    () => checkJson(),
  );
  assert.equal(exit, 1);
  assert.equal(report.status, 'offline');
  assert.deepEqual(codes(report), ['upstream-unreachable']);
  assert.match(
    report.causes[0]?.explanation ?? '',
    /^Your router answers at 10\.200\.1\.1 and 2001:db8:1::1 on eth0/,
  );
  assert.match(report.causes[0]?.explanation ?? '', /5 attempts to 4 hosts/);
  assert.ok(
    report.probes
      .filter((probe) => probe.kind === 'local')
      .every((probe) => probe.outcome === 'gateway-alive'),
  );
});

labTest('reports upstream-unreachable when everything beyond the router vanishes (black hole)', async () => {
  const { exit, report } = await withFault(
    (l) => l.blackHole(),
    () => checkJson(),
  );
  assert.equal(exit, 1);
  assert.equal(report.status, 'offline');
  assert.deepEqual(codes(report), ['upstream-unreachable']);
  assert.match(report.causes[0]?.explanation ?? '', /5 timed out/);
});

labTest('reports traffic-rejected when a firewall answers every connection with a reset', async () => {
  const { exit, report } = await withFault(
    (l) => l.firewallRejects(),
    () => checkJson(),
  );
  assert.equal(exit, 1);
  assert.equal(report.status, 'offline');
  assert.deepEqual(codes(report), ['traffic-rejected']);
  assert.match(report.causes[0]?.explanation ?? '', /actively turned away \(5 refused\)/);
});

labTest(
  'stays online with exit 0 and notes port-blocked naming 53 when only port 53 is dropped',
  async () => {
    const { exit, report } = await withFault(
      (l) => l.blockPort(53),
      () => checkJson(),
    );
    assert.equal(exit, 0);
    assert.equal(report.status, 'online');
    assert.deepEqual(codes(report), ['port-blocked']);
    const [cause] = report.causes;
    assert.equal(cause?.severity, 'info');
    assert.match(cause?.explanation ?? '', /connections on port 53 fail .* on port 443/);
  },
);

labTest('says limited with exit 2 and ipv6-broken when IPv6 is dropped while IPv4 works', async () => {
  const { exit, report } = await withFault(
    (l) => l.ipv6Broken(),
    () => checkJson(),
  );
  assert.equal(exit, 2);
  assert.equal(report.status, 'limited');
  assert.deepEqual(codes(report), ['ipv6-broken']);
  assert.match(report.causes[0]?.explanation ?? '', /2001:db8:1::2 on eth0/);
});

labTest(
  'prints the cause and numbered fix steps for a person, and logs the error codes to --log-file',
  async () => {
    const l = theLab();
    const logFile = join(configHome, 'check.log');
    const result = await withFault(
      () => l.upstreamCut(),
      () => l.runCli(cliArgs(['--log-file', logFile]), { env: { XDG_CONFIG_HOME: configHome } }),
    );
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^Offline - 0 of 5 targets reachable/);
    assert.match(result.stdout, /\[cause\] The internet is down beyond your router\n/);
    assert.match(result.stdout, /What to do:\n {4}1\. Look at the modem/);
    assert.match(result.stdout, /`tracepath -n 198\.51\.100\.1`/);
    const log = await readFile(logFile, 'utf8');
    assert.match(log, /check status=offline causes=upstream-unreachable elapsedMs=\d+/);
    assert.match(
      log,
      /probe-failed kind=tcp target=198\.51\.100\.1:443 outcome=network-unreachable errorCode=ENETUNREACH/,
    );
    assert.doesNotMatch(log, /gateway-alive/, 'a gateway that answered is not a failure');
  },
);

test(
  'says online with no cause on an IPv4-only network, even with IPv6 targets in the list',
  { skip },
  async (t) => {
    const v4 = await createLab({ ipv4Only: true, lanIndex: 2 });
    t.after(() => v4.destroy());
    const result = await v4.runCli(cliArgs(['--json']), { env: { XDG_CONFIG_HOME: configHome } });
    const report = parseReport(result, TIMEOUT_MS);
    assert.equal(result.code, 0);
    assert.equal(report.status, 'online');
    assert.deepEqual(codes(report), []);
    assert.deepEqual(
      report.probes.filter((probe) => probe.target.startsWith('[')).map((probe) => probe.outcome),
      ['network-unreachable', 'network-unreachable'],
    );
  },
);

labTest('reports no-network-interface in a fresh namespace made with ip netns', async () => {
  const empty = await theLab().emptyNamespace();
  const result = await empty.runCli(cliArgs(['--json']), { env: { XDG_CONFIG_HOME: configHome } });
  const report = parseReport(result, TIMEOUT_MS);
  assert.equal(result.code, 1);
  assert.equal(report.status, 'offline');
  assert.deepEqual(codes(report), ['no-network-interface']);
});

labTest(
  'reports no-network-interface under unshare -n, where /sys still shows the host adapters',
  async () => {
    // unshare -n gives the CLI a new, empty network namespace: nothing it sends can leave it.
    const result = await run(['unshare', '-n', process.execPath, CLI_BIN, ...cliArgs(['--json'])], {
      env: { XDG_CONFIG_HOME: configHome },
    });
    const report = parseReport(result, TIMEOUT_MS);
    assert.equal(result.code, 1);
    assert.equal(report.status, 'offline');
    assert.deepEqual(codes(report), ['no-network-interface']);
  },
);
