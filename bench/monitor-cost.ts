// Issue #3 benchmark: what a running `monitor` costs the machine at the default interval on a healthy
// network, against an idle Node process over the same period.
// Run as root after `npm run build`:  node --import tsx bench/monitor-cost.ts [seconds]   (default 300)
// Both processes run side by side in the lab's client namespace; CPU time is utime + stime from
// /proc/<pid>/stat, peak RSS is VmHWM from /proc/<pid>/status. Every packet stays inside the lab.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createLab, labSkipReason, type Lab } from '../test/lab/fixture/lab.js';
import { MonitorProcess } from '../test/lab/monitor-process.js';

const seconds = Number(process.argv[2] ?? '300');
if (!Number.isFinite(seconds) || seconds < 10) {
  console.error(
    `monitor-cost: the duration must be at least 10 seconds, got ${JSON.stringify(process.argv[2])}`,
  );
  process.exit(64);
}
/** Start-up (loading the bundle, opening SQLite, the first full check) is reported apart from the steady state. */
const WARM_UP_MS = 10_000;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; every field after its closing parenthesis is plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLOCK_TICKS;
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return Number(match?.[1] ?? Number.NaN);
}

interface Sample {
  readonly at: number;
  readonly cpu: number;
}

const sample = (pid: number): Sample => ({ at: Date.now(), cpu: cpuSeconds(pid) });
const percent = (from: Sample, to: Sample): string =>
  `${(((to.cpu - from.cpu) / ((to.at - from.at) / 1000)) * 100).toFixed(3)} %`;
const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`;

function targetFlags(lab: Lab): string[] {
  const [v4a = '', v4b = '', v4c = ''] = lab.addresses.hosts.v4;
  const [v6a = '', v6b = ''] = lab.addresses.hosts.v6;
  // The shape of the default target list: three IPv4 hosts on 443, one also on 53, two IPv6 hosts.
  const targets = [`${v4a}:443`, `${v4a}:53`, `${v4b}:443`, `${v4c}:443`, `[${v6a}]:443`, `[${v6b}]:443`];
  return targets.flatMap((target) => ['--target', target]);
}

async function main(): Promise<void> {
  const skip = labSkipReason();
  if (skip !== null) {
    console.log(`skipped: ${skip}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'icn-bench-cost-'));
  const lab = await createLab();
  // CPU time counts from the process's start, so "including start-up" is measured from the spawn.
  const idleStart: Sample = { at: Date.now(), cpu: 0 };
  const idle = spawn(
    'ip',
    ['netns', 'exec', lab.names.client, process.execPath, '-e', 'setInterval(() => {}, 1e9)'],
    { stdio: 'ignore' },
  );
  let monitor: MonitorProcess | null = null;
  try {
    const monitorStart: Sample = { at: Date.now(), cpu: 0 };
    monitor = await MonitorProcess.start(
      lab.names.client,
      [...targetFlags(lab), '--db', join(dir, 'cost.db')],
      {
        env: { XDG_CONFIG_HOME: join(dir, 'config') },
      },
    );
    const started = monitor.lines()[0];
    const idlePid = idle.pid ?? Number.NaN;
    await delay(WARM_UP_MS);
    const monitorWarm = sample(monitor.pid);
    const idleWarm = sample(idlePid);
    const checksWarm = monitor.lines().filter((line) => line.event === 'check-completed').length;
    await delay(seconds * 1000 - WARM_UP_MS);
    const monitorEnd = sample(monitor.pid);
    const idleEnd = sample(idlePid);
    const checks = monitor.lines().filter((line) => line.event === 'check-completed');
    const modes = (mode: string): number => checks.filter((line) => line.mode === mode).length;
    const offline = checks.filter((line) => line.status !== 'online').length;
    const steadyChecks = checks.length - checksWarm;

    console.log(
      `monitor at interval ${String(started?.intervalMs)} ms, timeout ${String(started?.timeoutMs)} ms, ` +
        `6 targets, history in SQLite, ${seconds} s on a healthy lab network`,
    );
    console.log(
      `   checks           ${checks.length} (${modes('fast')} fast, ${modes('full')} full), ${offline} not online`,
    );
    console.log(
      `   monitor  CPU     ${percent(monitorWarm, monitorEnd)} of one core after the first ${WARM_UP_MS / 1000} s ` +
        `(target ≤ 0.5 %); ${percent(monitorStart, monitorEnd)} including start-up`,
    );
    console.log(
      `            CPU per check  ${(((monitorEnd.cpu - monitorWarm.cpu) / Math.max(1, steadyChecks)) * 1000).toFixed(2)} ms` +
        `  (start-up ${(monitorWarm.cpu * 1000).toFixed(0)} ms CPU)`,
    );
    console.log(
      `            peak RSS ${mb(statusKb(monitor.pid, 'VmHWM'))} (target ≤ 80 MB), RSS at end ${mb(statusKb(monitor.pid, 'VmRSS'))}`,
    );
    console.log(
      `   idle node CPU    ${percent(idleWarm, idleEnd)} of one core after the first ${WARM_UP_MS / 1000} s; ` +
        `${percent(idleStart, idleEnd)} including start-up`,
    );
    console.log(
      `            peak RSS ${mb(statusKb(idlePid, 'VmHWM'))}, RSS at end ${mb(statusKb(idlePid, 'VmRSS'))}`,
    );
  } finally {
    await monitor?.stop();
    idle.kill('SIGKILL');
    await lab.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
