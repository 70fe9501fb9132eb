// The metrics as a real Prometheus (Debian's package) sees them: Prometheus and the metrics server run
// in one fresh namespace with only `lo` up, Prometheus scrapes every second, and the test asks its HTTP
// API, from inside that namespace, for the values that were fed in. The alert rules from docs/metrics.md
// are loaded too, and checked offline with promtool.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MonitorEvent } from '../../app/monitor/events.js';
import { requiredInCi } from '../helpers/required-in-ci.js';
import { OFFLINE_REPORT, ONLINE_REPORT } from '../fixtures/check-reports.js';
import { createEmptyNamespace, labSkipReason, type Namespace } from './fixture/lab.js';
import { listNamespaces } from './fixture/namespace.js';

const HELPER = fileURLToPath(new URL('../helpers/metrics-server.ts', import.meta.url));
const DOCS = fileURLToPath(new URL('../../docs/metrics.md', import.meta.url));
const METRICS_PORT = 9101;
const PROMETHEUS_PORT = 9090;
const T0 = 1_767_323_045_000;

function toolMissing(tool: string): string | null {
  return requiredInCi(
    spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0
      ? null
      : `\`${tool}\` not found (Debian package prometheus)`,
  );
}

const labSkip = labSkipReason() ?? toolMissing('prometheus');
const promtoolSkip = toolMissing('promtool');
if (labSkip) console.log(`# skipping the Prometheus scrape test: ${labSkip}`);
if (promtoolSkip) console.log(`# skipping the alert rule test: ${promtoolSkip}`);

/** The alert rules exactly as docs/metrics.md shows them: the first yaml block under "## Alert rules". */
function documentedRules(): string {
  const docs = readFileSync(DOCS, 'utf8');
  const section = docs.slice(docs.indexOf('## Alert rules'));
  const match = /```yaml\n([\s\S]*?)```/.exec(section);
  assert.ok(match?.[1], 'docs/metrics.md has no yaml block under "## Alert rules"');
  return match[1];
}

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'icn-prometheus-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** One earlier outage of 42.5 s, then a second one still in progress: up 0, two outages, 42.5 s total. */
const EVENTS: MonitorEvent[] = [
  { type: 'check-completed', at: T0, mode: 'full', report: ONLINE_REPORT },
  { type: 'status-changed', from: 'checking', to: 'online', at: T0, report: ONLINE_REPORT },
  { type: 'outage-started', at: T0 + 10_000, status: 'offline', causes: OFFLINE_REPORT.causes },
  {
    type: 'outage-ended',
    startedAt: T0 + 10_000,
    endedAt: T0 + 52_500,
    durationMs: 42_500,
    reason: 'recovered',
  },
  { type: 'outage-started', at: T0 + 60_000, status: 'offline', causes: OFFLINE_REPORT.causes },
  { type: 'check-completed', at: T0 + 61_000, mode: 'full', report: OFFLINE_REPORT },
  { type: 'status-changed', from: 'online', to: 'offline', at: T0 + 60_000, report: OFFLINE_REPORT },
];

interface ApiAnswer {
  readonly status: string;
  readonly data: unknown;
}

/** GET on Prometheus' API from inside the namespace (the test process itself is outside it). */
async function api(ns: Namespace, path: string): Promise<ApiAnswer | null> {
  const script =
    'fetch(process.argv[1]).then((r) => r.text()).then((t) => process.stdout.write(t), () => process.exit(3))';
  const result = await ns.node(['-e', script, `http://127.0.0.1:${PROMETHEUS_PORT}${path}`], {
    timeoutMs: 5000,
  });
  if (result.code !== 0) return null;
  return JSON.parse(result.stdout) as ApiAnswer;
}

/** The value of an instant query's single sample, or null while Prometheus has none yet. */
async function queryValue(ns: Namespace, promql: string): Promise<string | null> {
  const answer = await api(ns, `/api/v1/query?query=${encodeURIComponent(promql)}`);
  const result = (answer?.data as { result?: { value: [number, string] }[] } | undefined)?.result ?? [];
  return result.length === 1 ? (result[0]?.value[1] ?? null) : null;
}

async function poll<T>(
  what: string,
  read: () => Promise<T | null>,
  done: (value: T) => boolean,
  log: () => string,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  let last: T | null = null;
  while (Date.now() < deadline) {
    last = await read();
    if (last !== null && done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.fail(`${what}: last answer ${JSON.stringify(last)}; Prometheus said:\n${log().slice(-3000)}`);
}

test(
  'a real Prometheus scrapes internet_conn_up 0, the outage counters and per-target probes, and loads the documented alerts',
  { skip: labSkip ?? false, timeout: 90_000 },
  async (t) => {
    const dir = tempDir(t);
    const { ns, destroy } = await createEmptyNamespace({ loopback: true });
    t.after(destroy);
    writeFileSync(join(dir, 'rules.yml'), documentedRules());
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'rule_files:',
        `  - ${join(dir, 'rules.yml')}`,
        'scrape_configs:',
        '  - job_name: internet-conn',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${METRICS_PORT}']`,
        '',
      ].join('\n'),
    );

    const server = await ns.startService(
      [process.execPath, '--import', 'tsx', HELPER, `127.0.0.1:${METRICS_PORT}`, JSON.stringify(EVENTS)],
      { timeoutMs: 20_000 },
    );
    // Prometheus logs only to stderr; the shell prints the ready line and then becomes Prometheus (same pid).
    const prometheus = await ns.startService([
      'sh',
      '-c',
      'echo ready; exec "$0" "$@"',
      'prometheus',
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`,
    ]);
    const cleanUp = async (): Promise<void> => {
      await prometheus.stop();
      await server.stop();
      await destroy();
    };
    t.after(cleanUp);

    const up = await poll(
      'internet_conn_up never reached Prometheus',
      () => queryValue(ns, 'internet_conn_up'),
      (value) => value === '0',
      prometheus.output,
    );
    assert.equal(up, '0');
    assert.equal(await queryValue(ns, 'up{job="internet-conn"}'), '1', 'the scrape itself succeeded');
    assert.equal(await queryValue(ns, 'internet_conn_outages_total'), '2');
    assert.equal(await queryValue(ns, 'internet_conn_outage_seconds_total'), '42.5');
    assert.equal(await queryValue(ns, 'internet_conn_status{status="offline"}'), '1');
    assert.equal(await queryValue(ns, 'internet_conn_probe_success{target="198.51.100.1:443"}'), '0');
    assert.equal(await queryValue(ns, 'internet_conn_probe_success{target="[2001:db8::1]:443"}'), '1');
    assert.equal(
      await queryValue(ns, 'internet_conn_probe_connect_seconds_bucket{target="198.51.100.1:443",le="0.02"}'),
      '1',
    );

    // The documented rules loaded, and InternetConnOffline is waiting out its 2 minutes.
    const alerts = await poll(
      'InternetConnOffline never became pending',
      async () =>
        (
          (await api(ns, '/api/v1/alerts'))?.data as
            { alerts: { labels: { alertname: string }; state: string }[] } | undefined
        )?.alerts ?? null,
      (list) => list.some((alert) => alert.labels.alertname === 'InternetConnOffline'),
      prometheus.output,
    );
    assert.deepEqual(
      alerts.map((alert) => `${alert.labels.alertname} ${alert.state}`),
      ['InternetConnOffline pending'],
    );

    await cleanUp();
    assert.notEqual(
      prometheus.process.exitCode ?? prometheus.process.signalCode,
      null,
      'Prometheus still runs',
    );
    assert.ok(!(await listNamespaces()).includes(ns.name), `namespace ${ns.name} still exists`);
  },
);

test(
  'the documented alert rules are valid and fire when promtool replays an outage and a flapping line',
  { skip: promtoolSkip ?? false },
  (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'rules.yml'), documentedRules());
    const check = spawnSync('promtool', ['check', 'rules', join(dir, 'rules.yml')], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);

    const at = (minutes: number, name: string, severity: string, annotations: Record<string, string>) =>
      `      - eval_time: ${minutes}m\n        alertname: ${name}\n` +
      (severity === ''
        ? '        exp_alerts: []\n'
        : `        exp_alerts:\n          - exp_labels: ${JSON.stringify({ severity, instance: 'pi:9101', job: 'internet-conn' })}\n` +
          `            exp_annotations: ${JSON.stringify(annotations)}\n`);
    const offline = {
      summary: 'No internet on pi:9101',
      description: 'internet-conn has reported offline for more than 2 minutes.',
    };
    const flapping = {
      summary: 'Internet connection is flapping on pi:9101',
      description: 'More than 5 outages started in the last hour.',
    };
    writeFileSync(
      join(dir, 'test.yml'),
      [
        'rule_files: [rules.yml]',
        'evaluation_interval: 1m',
        'tests:',
        '  - interval: 1m',
        '    input_series:',
        // Up for two minutes, then offline: pending at 3 m, firing at 4 m (for: 2m).
        `      - series: 'internet_conn_up{instance="pi:9101",job="internet-conn"}'`,
        "        values: '1 1 0 0 0 0'",
        `      - series: 'internet_conn_outages_total{instance="pi:9101",job="internet-conn"}'`,
        "        values: '0+1x20'",
        `      - series: 'internet_conn_status{instance="pi:9101",job="internet-conn",status="limited"}'`,
        "        values: '0x20'",
        '    alert_rule_test:',
        at(3, 'InternetConnOffline', '', {}),
        at(4, 'InternetConnOffline', 'warning', offline),
        at(3, 'InternetConnFlapping', '', {}),
        at(10, 'InternetConnFlapping', 'info', flapping),
        at(10, 'InternetConnLimited', '', {}),
      ].join('\n'),
    );
    const replay = spawnSync('promtool', ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(replay.status, 0, replay.stdout + replay.stderr);
  },
);
