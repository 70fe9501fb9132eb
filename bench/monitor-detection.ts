// Issue #3 benchmark: how fast a running `monitor` reports a cut uplink and its return, in the lab.
// Run as root after `npm run build`:  node --import tsx bench/monitor-detection.ts [cycles]
// Each cycle starts a fresh monitor (so flap damping, which holds recovery after 4 changes in 10 min, never
// applies), waits a random phase of the interval, black-holes the router, and times the `status-changed`
// lines as this process reads them. Every packet stays inside the lab's own namespaces.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createLab, labSkipReason, type Lab } from '../test/lab/fixture/lab.js';
import { MonitorProcess, type MonitorLine } from '../test/lab/monitor-process.js';
import { median, ms, worst } from './stats.js';

const cycles = Math.max(1, Number(process.argv[2] ?? '10'));

interface Config {
  readonly name: string;
  readonly flags: readonly string[];
}

const CONFIGS: readonly Config[] = [
  { name: 'defaults', flags: [] },
  { name: '--interval 1s --timeout 1s', flags: ['--interval', '1s', '--timeout', '1s'] },
];

interface Cycle {
  /** Cut → the offline line read. */
  readonly detectMs: number;
  /** Cut → the start of the first failing check (the `at` of the offline line). */
  readonly firstLookMs: number;
  /** Restore → the online line read. */
  readonly recoverMs: number;
  /** What the monitor really ran with, from its `started` line. */
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

const statusTo =
  (to: string) =>
  (line: MonitorLine): boolean =>
    line.event === 'status-changed' && line.to === to;

function targetFlags(lab: Lab): string[] {
  const [v4a = '', v4b = '', v4c = ''] = lab.addresses.hosts.v4;
  const [v6a = '', v6b = ''] = lab.addresses.hosts.v6;
  // The shape of the default target list: three IPv4 hosts on 443, one also on 53, two IPv6 hosts.
  const targets = [`${v4a}:443`, `${v4a}:53`, `${v4b}:443`, `${v4c}:443`, `[${v6a}]:443`, `[${v6b}]:443`];
  return targets.flatMap((target) => ['--target', target]);
}

async function runCycle(lab: Lab, config: Config, dir: string, index: number): Promise<Cycle> {
  const monitor = await MonitorProcess.start(
    lab.names.client,
    [...targetFlags(lab), ...config.flags, '--db', join(dir, `${index}.db`)],
    { env: { XDG_CONFIG_HOME: join(dir, 'config') } },
  );
  try {
    const intervalMs = Number(monitor.lines()[0]?.intervalMs);
    const timeoutMs = Number(monitor.lines()[0]?.timeoutMs);
    await monitor.waitFor(statusTo('online'), 15_000);
    // A uniformly random point of the interval: the check just ran, or the next one is about to.
    await delay(Math.random() * intervalMs);
    const from = monitor.lines().length;
    const fault = await lab.blackHole();
    const cutAt = Date.now();
    const offline = await monitor.waitFor(statusTo('offline'), 60_000, from);
    // Restore at a random point of the recheck cycle too.
    await delay(Math.random() * intervalMs);
    // Taken before the undo, as the cut is taken after applying it: both err towards a longer time.
    const restoredAt = Date.now();
    await fault.undo();
    const online = await monitor.waitFor(statusTo('online'), 60_000, from);
    return {
      detectMs: offline.receivedAt - cutAt,
      firstLookMs: Date.parse(offline.at) - cutAt,
      recoverMs: online.receivedAt - restoredAt,
      intervalMs,
      timeoutMs,
    };
  } finally {
    await monitor.stop();
  }
}

function printSummary(config: Config, cycles: readonly Cycle[]): void {
  const intervalMs = cycles[0]?.intervalMs ?? Number.NaN;
  console.log(
    `\nmonitor ${config.name}: interval ${intervalMs} ms, timeout ${cycles[0]?.timeoutMs ?? Number.NaN} ms`,
  );
  const line = (label: string, values: readonly number[], target: string): void => {
    console.log(
      `   ${label.padEnd(34)} median ${ms(median(values)).padStart(10)}  worst ${ms(worst(values)).padStart(10)}  ${target}`,
    );
  };
  line(
    'detect: cut → offline line',
    cycles.map((c) => c.detectMs),
    `(target ≤ interval + 2 s = ${ms(intervalMs + 2000)})`,
  );
  line(
    '  of which cut → first failing check',
    cycles.map((c) => c.firstLookMs),
    '(the wait for the next tick)',
  );
  line(
    'recover: restore → online line',
    cycles.map((c) => c.recoverMs),
    '(target ≤ 3000.0 ms)',
  );
  console.log(`   each detect   ${cycles.map((c) => Math.round(c.detectMs)).join(' ')}`);
  console.log(`   each recover  ${cycles.map((c) => Math.round(c.recoverMs)).join(' ')}`);
}

async function main(): Promise<void> {
  const skip = labSkipReason();
  if (skip !== null) {
    console.log(`skipped: ${skip}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'icn-bench-detect-'));
  const lab = await createLab();
  try {
    console.log(`lab: 6 targets (4 IPv4, 2 IPv6), fault = router black hole, ${cycles} cycles per setting`);
    for (const config of CONFIGS) {
      const results: Cycle[] = [];
      for (let index = 0; index < cycles; index++) results.push(await runCycle(lab, config, dir, index));
      printSummary(config, results);
    }
  } finally {
    await lab.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
