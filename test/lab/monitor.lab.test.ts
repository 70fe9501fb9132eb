// `internet-conn monitor` end to end: the bundled CLI runs as a real process in the lab's client namespace
// (interval 1 s, timeout 1 s) while the lab cuts, flaps and restores the uplink, while the process is
// frozen with SIGSTOP (how a laptop sleep looks to it) and while it is killed with SIGKILL. Its `--json`
// lines are read as they arrive; the history it writes is read back with `history --json` and SQLite.
// Needs `npm run build` first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { FLAP_CHANGE_LIMIT } from '../../app/monitor/timing.js';
import { createLab, labSkipReason, type Fault, type Lab } from './fixture/lab.js';
import { CLI_BIN, REPO_ROOT } from './fixture/namespace.js';
import { MonitorProcess, type MonitorLine } from './monitor-process.js';

const TARGETS = ['198.51.100.1:443', '203.0.113.1:443', '[2001:db8:100::1]:443'];
const INTERVAL_MS = 1000;
const TIMEOUT_MS = 1000;
/** A frozen process must miss its timer by more than 3 × 1 s + 5 s to count as asleep; 10 s does. */
const SLEEP_MS = 10_000;
const FLAP_MS = 30_000;
/** The flap damping's own ceiling (timing.ts): `FLAP_CHANGE_LIMIT` changes, then one more, then it holds. */
const MAX_FLAP_CHANGES = FLAP_CHANGE_LIMIT + 1;

const skip = labSkipReason() ?? false;
let lab: Lab | undefined;
let workDir = '';
const live = new Set<MonitorProcess>();

before(async () => {
  if (skip !== false) return;
  const stale = staleBuild();
  if (stale !== null) throw new Error(stale);
  workDir = await mkdtemp(join(tmpdir(), 'icn-monitor-lab-'));
  lab = await createLab();
});

after(async () => {
  for (const monitor of live) {
    monitor.kill('SIGCONT');
    monitor.kill('SIGKILL');
    await monitor.exited;
  }
  await lab?.destroy();
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
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

/** An empty config directory: a developer's own config file must not change what the lab sees. */
const env = (): Record<string, string> => ({ XDG_CONFIG_HOME: join(workDir, 'config') });

async function startMonitor(db: string, onLab: Lab = theLab()): Promise<MonitorProcess> {
  const args = [
    ...TARGETS.flatMap((target) => ['--target', target]),
    '--interval',
    `${INTERVAL_MS}ms`,
    '--timeout',
    `${TIMEOUT_MS}ms`,
    '--db',
    db,
  ];
  const monitor = await MonitorProcess.start(onLab.names.client, args, { env: env() });
  live.add(monitor);
  void monitor.exited.then(() => live.delete(monitor));
  return monitor;
}

const statusTo =
  (to: string) =>
  (line: MonitorLine): boolean =>
    line.event === 'status-changed' && line.to === to;

/** The lines that tell the outage story, in order, as short strings. */
function lifecycle(lines: readonly MonitorLine[]): string[] {
  return lines.flatMap((line) => {
    if (line.event === 'status-changed') return [`${String(line.from)}->${String(line.to)}`];
    if (line.event === 'outage-started') return ['outage-started'];
    if (line.event === 'outage-ended') return [`outage-ended ${String(line.reason)}`];
    return [];
  });
}

const isVerdict = (status: unknown): boolean =>
  status === 'online' || status === 'limited' || status === 'offline';

/** Changes from one verdict to another (checking/paused are not verdicts), as the flap damping counts them. */
const verdictChanges = (lines: readonly MonitorLine[]): MonitorLine[] =>
  lines.filter((line) => line.event === 'status-changed' && isVerdict(line.from) && isVerdict(line.to));

const checksWith = (lines: readonly MonitorLine[], good: boolean): number =>
  lines.filter((line) => line.event === 'check-completed' && (line.status === 'online') === good).length;

interface HistoryJson {
  readonly uptime: { readonly checks: number; readonly offline: number };
  readonly outages: readonly {
    readonly startedAt: number;
    readonly endedAt: number | null;
    readonly durationMs: number | null;
    readonly cause: string;
  }[];
}

async function historyJson(db: string): Promise<HistoryJson> {
  const result = await theLab().runCli(['history', '--db', db, '--json'], { env: env() });
  assert.equal(result.code, 0, `history failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as HistoryJson;
}

async function stopCleanly(monitor: MonitorProcess): Promise<void> {
  const exit = await monitor.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, monitor.describe());
  assert.equal(monitor.lines().at(-1)?.event, 'stopped', monitor.describe());
}

test(
  'a black-holed uplink gives offline, one outage as long as the cut, and online within 3 s of restoring',
  { skip },
  async () => {
    const db = join(workDir, 'cut.db');
    const monitor = await startMonitor(db);
    await monitor.waitFor(statusTo('online'), 8000);
    await monitor.waitForChecks(2, 5000);

    const from = monitor.lines().length;
    const cutAt = Date.now();
    const fault = await theLab().blackHole();
    const offline = await monitor.waitFor(statusTo('offline'), 10_000, from);
    await delay(Math.max(0, cutAt + 6000 - Date.now()));
    const restoredAt = Date.now();
    await fault.undo();
    const online = await monitor.waitFor(statusTo('online'), 6000, from);
    const ended = await monitor.waitFor((line) => line.event === 'outage-ended', 6000, from);
    const cutMs = restoredAt - cutAt;

    // The state machine reports the status first and then closes the outage it belonged to.
    assert.deepEqual(
      lifecycle(monitor.since(from)),
      ['online->offline', 'outage-started', 'offline->online', 'outage-ended recovered'],
      monitor.describe(),
    );
    const started = monitor.since(from).find((line) => line.event === 'outage-started');
    assert.equal(started?.cause, 'upstream-unreachable');
    // Issue #3: the next tick (≤ 1 s) fails after the 1 s timeout and its fast confirmation, started at
    // once, after another 1 s: interval + 2 s = 3 s, plus 1 s for the process and the lab.
    const detectMs = offline.receivedAt - cutAt;
    assert.ok(detectMs <= 4000, `offline reported ${detectMs} ms after the cut (target ≤ 3 s)`);
    const recoverMs = online.receivedAt - restoredAt;
    assert.ok(recoverMs <= 3000, `online reported ${recoverMs} ms after restoring (target ≤ 3 s)`);
    const durationMs = Number(ended.durationMs);
    assert.ok(
      Math.abs(durationMs - cutMs) <= 3000,
      `outage lasted ${durationMs} ms for a ${cutMs} ms cut (allowed ± 3 s)`,
    );

    await stopCleanly(monitor);
    const history = await historyJson(db);
    assert.equal(history.outages.length, 1, JSON.stringify(history.outages));
    assert.equal(history.outages[0]?.cause, 'upstream-unreachable');
    assert.equal(history.outages[0]?.durationMs, durationMs);
    assert.ok(history.uptime.offline >= 2, `only ${history.uptime.offline} offline checks recorded`);
    const sqlite = new Database(db, { readonly: true });
    try {
      const changes = sqlite.prepare('SELECT to_state FROM status_changes ORDER BY at').pluck().all();
      assert.deepEqual(changes, ['online', 'offline', 'online']);
      const row = sqlite.prepare('SELECT ended_at - started_at AS ms FROM outages').get() as { ms: number };
      assert.equal(row.ms, durationMs);
    } finally {
      sqlite.close();
    }
  },
);

/** Runs `pattern` for FLAP_MS under a fresh monitor and returns the lines printed meanwhile. */
async function underFlappingFault(
  onLab: Lab,
  name: string,
  pattern: (lab: Lab, until: number) => Promise<void>,
): Promise<readonly MonitorLine[]> {
  const monitor = await startMonitor(join(workDir, `${name}.db`), onLab);
  await monitor.waitFor(statusTo('online'), 8000);
  const from = monitor.lines().length;
  await pattern(onLab, Date.now() + FLAP_MS);
  await onLab.restore();
  await stopCleanly(monitor);
  return monitor.since(from);
}

test(
  `a link flapping every 600 ms or losing half its packets for 30 s changes status at most ${MAX_FLAP_CHANGES} times`,
  { skip },
  async (t) => {
    const lossLab = await createLab({ lanIndex: 2 });
    t.after(() => lossLab.destroy());
    const [toggled, lossy] = await Promise.all([
      underFlappingFault(theLab(), 'toggle', async (onLab, until) => {
        while (Date.now() < until) {
          const fault: Fault = await onLab.blackHole();
          await delay(600);
          await fault.undo();
          await delay(600);
        }
      }),
      underFlappingFault(lossLab, 'loss', async (onLab, until) => {
        await onLab.addLoss(50);
        await delay(until - Date.now());
      }),
    ]);
    // The faults really bit, so a bound on changes means something: the toggle gave good and failing
    // checks, the loss failing (or impaired) ones.
    assert.ok(checksWith(toggled, true) >= 3, `toggle: only ${checksWith(toggled, true)} good checks`);
    for (const [name, lines] of [
      ['600 ms toggle', toggled],
      ['50 % loss', lossy],
    ] as const) {
      const story = lifecycle(lines).join(', ');
      assert.ok(checksWith(lines, false) >= 3, `${name}: only ${checksWith(lines, false)} failing checks`);
      const changes = verdictChanges(lines).length;
      assert.ok(changes <= MAX_FLAP_CHANGES, `${name}: ${changes} status changes: ${story}`);
      const outages = lines.filter((line) => line.event === 'outage-started').length;
      assert.ok(outages <= 3, `${name}: ${outages} outages: ${story}`);
    }
  },
);

test(
  'a 10 s freeze (simulated sleep) is never an outage, even with the uplink cut and restored during it',
  { skip },
  async () => {
    const monitor = await startMonitor(join(workDir, 'sleep.db'));
    await monitor.waitFor(statusTo('online'), 8000);
    await monitor.waitForChecks(2, 5000);

    // Frozen on a healthy network: checks simply go on after waking.
    let from = monitor.lines().length;
    monitor.kill('SIGSTOP');
    await delay(SLEEP_MS);
    monitor.kill('SIGCONT');
    await monitor.waitForChecks(3, 8000, from);
    assert.deepEqual(lifecycle(monitor.since(from)), [], monitor.describe());
    assert.equal(checksWith(monitor.since(from), false), 0, monitor.describe());

    // Frozen while healthy, cut and restored while frozen: nothing was seen down, nothing is reported.
    from = monitor.lines().length;
    monitor.kill('SIGSTOP');
    await delay(1000);
    const fault = await theLab().blackHole();
    await delay(SLEEP_MS - 2000);
    await fault.undo();
    await delay(1000);
    monitor.kill('SIGCONT');
    await monitor.waitForChecks(3, 8000, from);
    assert.deepEqual(lifecycle(monitor.since(from)), [], monitor.describe());

    await stopCleanly(monitor);
    const history = await historyJson(join(workDir, 'sleep.db'));
    assert.deepEqual(history.outages, []);
  },
);

test(
  'a freeze in the middle of a failing check ends the outage where the freeze began, not at recovery',
  { skip },
  async () => {
    const monitor = await startMonitor(join(workDir, 'sleep-offline.db'));
    await monitor.waitFor(statusTo('online'), 8000);
    const fault = await theLab().blackHole();
    const started = await monitor.waitFor((line) => line.event === 'outage-started', 10_000);
    // While offline checks start 1 s apart and each takes the whole 1 s timeout, so 1.4 s after a settled
    // check the next one is in flight: the case the awake tick exists for.
    await monitor.waitForChecks(1, 5000);
    await delay(1400);
    const from = monitor.lines().length;
    const frozenAt = Date.now();
    monitor.kill('SIGSTOP');
    await delay(SLEEP_MS);
    await fault.undo();
    monitor.kill('SIGCONT');
    const ended = await monitor.waitFor((line) => line.event === 'outage-ended', 8000, from);
    await monitor.waitFor(statusTo('online'), 8000, from);

    assert.equal(ended.reason, 'suspended', monitor.describe());
    const endedAt = Date.parse(ended.at);
    assert.ok(endedAt <= frozenAt, `the outage ended ${endedAt - frozenAt} ms after the freeze began`);
    const awakeMs = frozenAt - Date.parse(started.at);
    assert.ok(
      Number(ended.durationMs) <= awakeMs,
      `outage of ${String(ended.durationMs)} ms is longer than the ${awakeMs} ms awake before the freeze`,
    );
    assert.deepEqual(
      lifecycle(monitor.since(from)),
      ['outage-ended suspended', 'offline->checking', 'checking->online'],
      monitor.describe(),
    );
    await stopCleanly(monitor);
  },
);

test(
  'a new address on the client makes a monitor with a 1 min interval diagnose again within 3 s',
  { skip },
  async () => {
    const monitor = await MonitorProcess.start(
      theLab().names.client,
      [
        ...TARGETS.flatMap((target) => ['--target', target]),
        '--interval',
        '1m',
        '--timeout',
        `${TIMEOUT_MS}ms`,
        '--db',
        join(workDir, 'watch.db'),
      ],
      { env: env() },
    );
    live.add(monitor);
    try {
      await monitor.waitFor(statusTo('online'), 8000);
      await delay(2500); // past the watch's baseline read
      const from = monitor.lines().length;
      const changedAt = Date.now();
      await theLab().client.ip(['addr', 'add', '10.200.1.77/24', 'dev', 'eth0']);
      const check = await monitor.waitFor((line) => line.event === 'check-completed', 5000, from);
      assert.equal(check.mode, 'full');
      // When the check began is the watch's doing; how long a full diagnosis then takes is not.
      const seenMs = Date.parse(check.at) - changedAt;
      assert.ok(seenMs <= 3000, `checked ${seenMs} ms after the address was added (poll every 2 s)`);
    } finally {
      await theLab().client.ip(['addr', 'del', '10.200.1.77/24', 'dev', 'eth0']);
      await stopCleanly(monitor);
    }
  },
);

test(
  'killed with SIGKILL five times, once mid-outage: the database stays whole and the next monitor resumes',
  { skip },
  async () => {
    const db = join(workDir, 'killed.db');
    let printedChecks = 0;
    let warnedRecovered = false;
    for (let round = 0; round < 5; round++) {
      const monitor = await startMonitor(db);
      let fault: Fault | null = null;
      if (round === 2) {
        fault = await theLab().blackHole();
        await monitor.waitFor((line) => line.event === 'outage-started', 10_000);
      } else {
        await monitor.waitForChecks(1, 6000);
        await delay(round * 200); // killed at different points of the schedule
      }
      if (round === 3) {
        warnedRecovered = monitor.lines().some((line) => line.kind === 'recovered-outage');
      }
      monitor.kill('SIGKILL');
      const exit = await monitor.exited;
      assert.equal(exit.signal, 'SIGKILL', monitor.describe());
      printedChecks += monitor.lines().filter((line) => line.event === 'check-completed').length;
      await fault?.undo();
    }
    assert.ok(warnedRecovered, 'the run after the mid-outage kill did not report the recovered outage');

    const sqlite = new Database(db, { readonly: true });
    try {
      assert.equal(sqlite.pragma('integrity_check', { simple: true }), 'ok');
      const checks = sqlite.prepare('SELECT count(*) FROM checks').pluck().get() as number;
      // A check is written before its line is printed, so every printed check is in the file.
      assert.ok(checks >= printedChecks, `${checks} rows for ${printedChecks} printed checks`);
      const open = sqlite.prepare('SELECT count(*) FROM outages WHERE ended_at IS NULL').pluck().get();
      assert.equal(open, 0, 'the crashed outage is still open');
    } finally {
      sqlite.close();
    }

    const resumed = await startMonitor(db);
    await resumed.waitFor(statusTo('online'), 8000);
    await resumed.waitForChecks(2, 5000);
    await stopCleanly(resumed);
    const history = await historyJson(db);
    assert.ok(history.uptime.checks > printedChecks, `${history.uptime.checks} checks after resuming`);
    assert.equal(history.outages.length, 1, JSON.stringify(history.outages));
    assert.notEqual(history.outages[0]?.endedAt, null);
  },
);
