// The TCP probe against failures a loopback listener cannot produce: black holes, missing routes,
// firewall rejects. Each test builds its own empty network namespace (only `lo` up, no routes, no
// link to this machine's namespace) and runs the probe inside it, so no packet leaves the namespace.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { RunTcpProbeRequest } from '../helpers/run-tcp-probe.js';
import type { TcpProbeResult } from '../../app/probes/types.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const runner = fileURLToPath(new URL('../helpers/run-tcp-probe.ts', import.meta.url));

function run(command: string, args: readonly string[], input?: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.trim()}`);
}

function labUnavailable(): string | false {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces';
  for (const tool of [
    ['ip', '-V'],
    ['nft', '--version'],
  ] as const) {
    if (spawnSync(tool[0], [tool[1]]).status !== 0) return `needs the \`${tool[0]}\` command`;
  }
  const name = `icn-tcp-check-${randomBytes(4).toString('hex')}`;
  try {
    run('ip', ['netns', 'add', name]);
  } catch (error) {
    return `cannot create a network namespace: ${(error as Error).message}`;
  }
  run('ip', ['netns', 'del', name]);
  return false;
}

const skip = labUnavailable();
if (skip) console.log(`# skipping TCP probe lab tests: ${skip}`);

// Namespaces not yet deleted. A test's after hook deletes its own; these hooks catch a run that is
// interrupted (Ctrl-C, a CI timeout), where after hooks never get to run.
const liveNamespaces = new Set<string>();
function deleteNamespace(name: string): void {
  spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  liveNamespaces.delete(name);
}
process.on('exit', () => liveNamespaces.forEach(deleteNamespace));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    liveNamespaces.forEach(deleteNamespace);
    process.kill(process.pid, signal);
  });
}

/** A fresh namespace with only loopback up, deleted when the test ends, whatever happened. */
function namespace(t: TestContext, nftRules?: string): string {
  const name = `icn-tcp-${randomBytes(4).toString('hex')}`;
  run('ip', ['netns', 'add', name]);
  liveNamespaces.add(name);
  t.after(() => deleteNamespace(name));
  run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  if (nftRules !== undefined) run('ip', ['netns', 'exec', name, 'nft', '-f', '-'], nftRules);
  return name;
}

interface RunnerReport {
  readonly result: TcpProbeResult;
  /** From calling the probe to its promise settling, inside the runner. */
  readonly wallMs: number;
  /** From the result being printed to the runner process exiting: a leaked socket or timer holds it open. */
  readonly exitLagMs: number;
}

/** How long a runner may live after printing its result before it counts as held open by a leak. */
const LINGER_LIMIT_MS = 5_000;

function probeInside(ns: string, request: RunTcpProbeRequest): Promise<RunnerReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'ip',
      ['netns', 'exec', ns, process.execPath, '--import', 'tsx', runner, JSON.stringify(request)],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let printedAt: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n') && printedAt === undefined) {
        printedAt = performance.now();
        // A runner kept alive by a leaked socket would otherwise hold the test for minutes.
        setTimeout(() => child.kill('SIGKILL'), LINGER_LIMIT_MS).unref();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (printedAt !== undefined && signal === 'SIGKILL') {
        resolve({ ...(JSON.parse(stdout) as Omit<RunnerReport, 'exitLagMs'>), exitLagMs: Infinity });
        return;
      }
      if (code !== 0 || printedAt === undefined) {
        reject(new Error(`probe runner exited with ${code}: ${stderr.trim()}`));
        return;
      }
      const parsed = JSON.parse(stdout) as Omit<RunnerReport, 'exitLagMs'>;
      resolve({ ...parsed, exitLagMs: performance.now() - printedAt });
    });
  });
}

// Rules on `lo`'s input side act on packets the namespace sends to itself, standing in for a
// firewall somewhere on the path.
const PATH_FIREWALL = `
table inet icn_tcp_probe {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 4001 drop
    tcp dport 4002 reject with icmpx type admin-prohibited
  }
}`;

const LOCAL_OUTPUT_DROP = `
table inet icn_tcp_probe {
  chain output {
    type filter hook output priority 0; policy accept;
    tcp dport 5001 drop
  }
}`;

test('reports network-unreachable with ENETUNREACH when there is no route at all', { skip }, async (t) => {
  const ns = namespace(t);
  const v4 = await probeInside(ns, {
    endpoint: { host: '198.51.100.1', port: 443, family: 4 },
    timeoutMs: 2_000,
  });
  assert.equal(v4.result.outcome, 'network-unreachable');
  assert.equal(v4.result.errorCode, 'ENETUNREACH');
  assert.equal(v4.result.target, '198.51.100.1:443');

  const v6 = await probeInside(ns, {
    endpoint: { host: '2001:db8::1', port: 443, family: 6 },
    timeoutMs: 2_000,
  });
  assert.equal(v6.result.outcome, 'network-unreachable');
  assert.equal(v6.result.errorCode, 'ENETUNREACH');
  assert.equal(v6.result.target, '[2001:db8::1]:443');
});

for (const [host, family] of [
  ['127.0.0.1', 4],
  ['::1', 6],
] as const) {
  test(
    `reports timeout with ETIMEDOUT after 300 ms when a firewall drops ${host}'s SYN`,
    { skip },
    async (t) => {
      const ns = namespace(t, PATH_FIREWALL);
      const report = await probeInside(ns, { endpoint: { host, port: 4001, family }, timeoutMs: 300 });
      assert.equal(report.result.outcome, 'timeout');
      assert.equal(report.result.errorCode, 'ETIMEDOUT');
      assert.ok((report.result.ms ?? 0) >= 299, `ms ${report.result.ms} ended before the timeout`);
      // Generous bounds: this checks that the deadline is honoured, not how fast the machine is.
      assert.ok(report.wallMs < 1_000, `a 300 ms timeout took ${report.wallMs} ms`);
      assert.ok(report.exitLagMs < 1_000, `the runner lingered ${report.exitLagMs} ms after the result`);
    },
  );
}

test(
  'resolves promptly with local-error ABORT_ERR when aborted, leaving no timer behind',
  { skip },
  async (t) => {
    const ns = namespace(t, PATH_FIREWALL);
    const report = await probeInside(ns, {
      endpoint: { host: '127.0.0.1', port: 4001, family: 4 },
      timeoutMs: 10_000,
      abortAfterMs: 100,
    });
    assert.equal(report.result.outcome, 'local-error');
    assert.equal(report.result.errorCode, 'ABORT_ERR');
    assert.ok(report.wallMs < 1_000, `abort took ${report.wallMs} ms to settle`);
    // Had the 10 s timer or the half-open socket survived, the runner could not exit for 10 s.
    assert.ok(report.exitLagMs < 3_000, `the runner lingered ${report.exitLagMs} ms after the result`);
  },
);

test('reports rejected with EACCES for an IPv6 administratively-prohibited reject', { skip }, async (t) => {
  const ns = namespace(t, PATH_FIREWALL);
  const report = await probeInside(ns, {
    endpoint: { host: '::1', port: 4002, family: 6 },
    timeoutMs: 5_000,
  });
  assert.equal(report.result.outcome, 'rejected');
  assert.equal(report.result.errorCode, 'EACCES');
});

test(
  'reports host-unreachable for an IPv4 administratively-prohibited reject (Linux folds it into EHOSTUNREACH)',
  { skip },
  async (t) => {
    const ns = namespace(t, PATH_FIREWALL);
    const report = await probeInside(ns, {
      endpoint: { host: '127.0.0.1', port: 4002, family: 4 },
      timeoutMs: 5_000,
    });
    assert.equal(report.result.outcome, 'host-unreachable');
    assert.equal(report.result.errorCode, 'EHOSTUNREACH');
  },
);

test(
  'reports timeout, not EPERM, when the local OUTPUT chain drops the SYN (Linux TCP)',
  { skip },
  async (t) => {
    const ns = namespace(t, LOCAL_OUTPUT_DROP);
    const report = await probeInside(ns, {
      endpoint: { host: '127.0.0.1', port: 5001, family: 4 },
      timeoutMs: 300,
    });
    assert.equal(report.result.outcome, 'timeout');
    assert.equal(report.result.errorCode, 'ETIMEDOUT');
  },
);

test('reports local-error with EADDRNOTAVAIL when IPv6 is disabled on this machine', { skip }, async (t) => {
  const ns = namespace(t);
  run('ip', ['netns', 'exec', ns, 'sysctl', '-q', 'net.ipv6.conf.lo.disable_ipv6=1']);
  const report = await probeInside(ns, { endpoint: { host: '::1', port: 443, family: 6 }, timeoutMs: 2_000 });
  assert.equal(report.result.outcome, 'local-error');
  assert.equal(report.result.errorCode, 'EADDRNOTAVAIL');
});
