// The Prometheus metrics, read back the way Prometheus reads them: over a real HTTP server on
// 127.0.0.1 with a real prom-client registry, fed with recorded monitor events (or a real monitor).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import {
  createMetrics,
  startMetricsServer,
  type Metrics,
  type MetricsServer,
  type MetricsSource,
} from '../../app/metrics/index.js';
import { createMonitor } from '../../app/monitor/monitor.js';
import type {
  CheckMode,
  CheckReport,
  MonitorEvent,
  MonitorEventMap,
  MonitorEventName,
  MonitorStatus,
} from '../../app/monitor/events.js';
import { LIMITED_REPORT, OFFLINE_REPORT, ONLINE_REPORT } from '../fixtures/check-reports.js';
import { FakeClock } from './monitor-fake-clock.js';

const T0 = 1_767_323_045_000; // 2026-01-02T03:04:05Z

/** A recorded event stream with the monitor's `on`, so attach() is exercised exactly as in the CLI. */
class Recorded implements MetricsSource {
  private readonly listeners = new Map<MonitorEventName, Set<(event: MonitorEvent) => void>>();

  on<K extends MonitorEventName>(
    event: K,
    listener: (event: { readonly type: K } & MonitorEventMap[K]) => void,
  ): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const wrapped = listener as unknown as (event: MonitorEvent) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  emit(...events: MonitorEvent[]): void {
    for (const event of events) for (const listener of this.listeners.get(event.type) ?? []) listener(event);
  }

  listenerCount(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }
}

const statusChanged = (
  from: MonitorStatus,
  to: MonitorStatus,
  at: number,
  report: CheckReport | null = null,
): MonitorEvent => ({
  type: 'status-changed',
  from,
  to,
  at,
  report,
});
const completed = (report: CheckReport, at: number, mode: CheckMode = 'full'): MonitorEvent => ({
  type: 'check-completed',
  at,
  mode,
  report,
});

async function serve(t: TestContext, metrics: Metrics): Promise<MetricsServer> {
  const started = await startMetricsServer({ listen: '127.0.0.1:0', registry: metrics.registry });
  assert.ok(started.ok, started.ok ? '' : started.message);
  t.after(() => started.server.close());
  return started.server;
}

/** GET /metrics and parse the samples: `name{a="b"}` → value. Comment lines are checked separately. */
async function scrape(
  server: MetricsServer,
): Promise<{ samples: Map<string, number>; text: string; type: string | null }> {
  const response = await fetch(server.url);
  assert.equal(response.status, 200);
  const text = await response.text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\S+?(?:\{.*\})?) (\S+)$/.exec(line);
    assert.ok(match, `unparseable exposition line: ${line}`);
    samples.set(match[1] as string, Number(match[2]));
  }
  return { samples, text, type: response.headers.get('content-type') };
}

test('exports status, up, probe results and outage totals from a recorded outage', async (t) => {
  const metrics = createMetrics({ processMetrics: false });
  const source = new Recorded();
  metrics.attach(source);
  const server = await serve(t, metrics);

  source.emit(
    completed(ONLINE_REPORT, T0),
    statusChanged('checking', 'online', T0, ONLINE_REPORT),
    completed(OFFLINE_REPORT, T0 + 10_000, 'fast'),
    completed(OFFLINE_REPORT, T0 + 11_000),
    { type: 'outage-started', at: T0 + 10_000, status: 'offline', causes: OFFLINE_REPORT.causes },
    statusChanged('online', 'offline', T0 + 10_000, OFFLINE_REPORT),
  );
  const during = await scrape(server);
  assert.equal(during.type, 'text/plain; version=0.0.4; charset=utf-8');
  assert.equal(during.samples.get('internet_conn_up'), 0);
  assert.equal(during.samples.get('internet_conn_status{status="offline"}'), 1);
  assert.equal(during.samples.get('internet_conn_status{status="online"}'), 0);
  assert.equal(during.samples.get('internet_conn_status{status="checking"}'), 0);
  assert.equal(during.samples.get('internet_conn_outages_total'), 1);
  assert.equal(
    during.samples.get('internet_conn_outage_seconds_total'),
    0,
    'an outage in progress adds nothing yet',
  );
  assert.equal(during.samples.get('internet_conn_probe_success{target="198.51.100.1:443"}'), 0);
  assert.equal(during.samples.get('internet_conn_probe_success{target="198.51.100.1:53"}'), 0);
  assert.equal(
    during.samples.get('internet_conn_probe_success{target="[2001:db8::1]:443"}'),
    1,
    'last known result',
  );
  assert.equal(during.samples.get('internet_conn_last_check_timestamp_seconds'), (T0 + 11_000) / 1000);
  assert.equal(during.samples.get('internet_conn_check_duration_seconds{mode="full"}'), 3.0027);
  assert.equal(during.samples.get('internet_conn_check_duration_seconds{mode="fast"}'), 3.0027);
  assert.ok(
    ![...during.samples.keys()].some((key) => key.includes('gateway')),
    'local probes (gateway) are not targets',
  );

  source.emit(
    completed(ONLINE_REPORT, T0 + 17_000, 'fast'),
    {
      type: 'outage-ended',
      startedAt: T0 + 10_000,
      endedAt: T0 + 17_500,
      durationMs: 7_500,
      reason: 'recovered',
    },
    statusChanged('offline', 'online', T0 + 17_000, ONLINE_REPORT),
  );
  const after = await scrape(server);
  assert.equal(after.samples.get('internet_conn_up'), 1);
  assert.equal(after.samples.get('internet_conn_status{status="online"}'), 1);
  assert.equal(after.samples.get('internet_conn_status{status="offline"}'), 0);
  assert.equal(after.samples.get('internet_conn_outage_seconds_total'), 7.5);
  assert.equal(after.samples.get('internet_conn_outages_total'), 1);
  assert.equal(after.samples.get('internet_conn_probe_success{target="198.51.100.1:443"}'), 1);
  assert.match(after.text, /# TYPE internet_conn_outages_total counter/);
  assert.match(after.text, /# TYPE internet_conn_probe_connect_seconds histogram/);
});

test('sorts connect times into buckets from 5 ms to 3 s, successful probes only', async (t) => {
  const metrics = createMetrics({ processMetrics: false });
  const source = new Recorded();
  metrics.attach(source);
  const server = await serve(t, metrics);
  source.emit(
    completed(ONLINE_REPORT, T0),
    completed(ONLINE_REPORT, T0 + 5000),
    completed(OFFLINE_REPORT, T0 + 9000),
  );

  const { samples, text } = await scrape(server);
  const bucket = (target: string, le: string) =>
    samples.get(`internet_conn_probe_connect_seconds_bucket{le="${le}",target="${target}"}`);
  // 12.3 ms, twice: above 10 ms, within 20 ms.
  assert.equal(bucket('198.51.100.1:443', '0.005'), 0);
  assert.equal(bucket('198.51.100.1:443', '0.01'), 0);
  assert.equal(bucket('198.51.100.1:443', '0.02'), 2);
  assert.equal(bucket('198.51.100.1:443', '3'), 2);
  assert.equal(bucket('198.51.100.1:443', '+Inf'), 2, 'the 3000 ms timeout is not a connect time');
  assert.equal(samples.get('internet_conn_probe_connect_seconds_count{target="198.51.100.1:443"}'), 2);
  assert.ok(
    Math.abs(
      (samples.get('internet_conn_probe_connect_seconds_sum{target="198.51.100.1:443"}') ?? 0) - 0.0246,
    ) < 1e-9,
  );
  // Refused after 4.2 ms is an answer, not a connection: no series at all for that target.
  assert.equal(samples.get('internet_conn_probe_connect_seconds_count{target="198.51.100.1:53"}'), undefined);
  assert.doesNotMatch(text, /connect_seconds_bucket\{le="0\.001"/);
});

test('leaves internet_conn_up out while checking and paused, and shows limited as up', async (t) => {
  const metrics = createMetrics({ processMetrics: false });
  const source = new Recorded();
  metrics.attach(source);
  const server = await serve(t, metrics);

  const initial = await scrape(server);
  assert.equal(initial.samples.get('internet_conn_status{status="checking"}'), 1);
  assert.equal(initial.samples.get('internet_conn_up'), undefined);
  assert.equal(initial.samples.get('internet_conn_outages_total'), 0);

  source.emit(statusChanged('checking', 'limited', T0, LIMITED_REPORT));
  assert.equal((await scrape(server)).samples.get('internet_conn_up'), 1);

  source.emit(statusChanged('limited', 'paused', T0 + 1000));
  const paused = await scrape(server);
  assert.equal(paused.samples.get('internet_conn_up'), undefined);
  assert.equal(paused.samples.get('internet_conn_status{status="paused"}'), 1);
  assert.equal(paused.samples.get('internet_conn_status{status="limited"}'), 0);
});

test('stops counting once detached, and counts check failures while attached', async () => {
  const metrics = createMetrics({ processMetrics: false });
  const source = new Recorded();
  const detach = metrics.attach(source);
  source.emit({ type: 'check-failed', at: T0, mode: 'fast', message: 'check timed out' });
  source.emit({ type: 'outage-started', at: T0, status: 'offline', causes: [] });
  detach();
  assert.equal(source.listenerCount(), 0);
  source.emit({ type: 'outage-started', at: T0 + 1, status: 'offline', causes: [] });
  const text = await metrics.render();
  assert.match(text, /^internet_conn_outages_total 1$/m);
  assert.match(text, /^internet_conn_check_failures_total 1$/m);
});

test('two metric sets in one process keep separate registries, with prefixed process metrics', async () => {
  const first = createMetrics();
  const second = createMetrics();
  const source = new Recorded();
  first.attach(source);
  source.emit({ type: 'outage-started', at: T0, status: 'offline', causes: [] });
  assert.match(await first.render(), /^internet_conn_outages_total 1$/m);
  const secondText = await second.render();
  assert.match(secondText, /^internet_conn_outages_total 0$/m);
  assert.match(secondText, /^internet_conn_process_cpu_user_seconds_total /m);
  assert.doesNotMatch(secondText, /^process_cpu/m);
});

test('follows a real monitor through an outage on a fake clock', async () => {
  const clock = new FakeClock(T0);
  let offline = false;
  const monitor = createMonitor({
    clock,
    check: async () => (offline ? OFFLINE_REPORT : ONLINE_REPORT),
  });
  const metrics = createMetrics({ processMetrics: false });
  const detach = metrics.attach(monitor);
  monitor.start();
  await clock.advance(6_000);
  offline = true;
  await clock.advance(10_000);
  assert.equal(monitor.snapshot().status, 'offline');
  assert.match(await metrics.render(), /^internet_conn_up 0$/m);
  offline = false;
  await clock.advance(10_000);
  await monitor.stop();
  detach();
  const text = await metrics.render();
  assert.match(text, /^internet_conn_up 1$/m);
  assert.match(text, /^internet_conn_outages_total 1$/m);
  const seconds = Number(/^internet_conn_outage_seconds_total (\S+)$/m.exec(text)?.[1]);
  assert.ok(seconds >= 4 && seconds <= 10, `outage seconds ${seconds}`);
});

test('answers 404 off /metrics, 405 for POST, and HEAD without a body', async (t) => {
  const metrics = createMetrics({ processMetrics: false });
  const server = await serve(t, metrics);
  const base = `http://${server.address}`;
  const missing = await fetch(`${base}/`);
  assert.equal(missing.status, 404);
  assert.equal((await fetch(`${base}/metricsx`)).status, 404);
  const post = await fetch(`${base}/metrics`, { method: 'POST' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  const head = await fetch(`${base}/metrics`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
  assert.equal((await fetch(`${base}/metrics?debug=1`)).status, 200);
});

test('reports a taken port as a message naming the address instead of throwing', async (t) => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => blocker.close(resolve)));
  const port = (blocker.address() as { port: number }).port;

  const result = await startMetricsServer({
    listen: `127.0.0.1:${port}`,
    registry: createMetrics({ processMetrics: false }).registry,
  });
  assert.deepEqual(result, {
    ok: false,
    message: `cannot serve metrics on 127.0.0.1:${port}: the port is already in use by another program (EADDRINUSE)`,
    code: 'EADDRINUSE',
  });
});

test('reports an address this machine does not have, and a malformed address, as messages', async () => {
  const registry = createMetrics({ processMetrics: false }).registry;
  // Binding sends nothing: the kernel refuses a local address it does not own.
  const foreign = await startMetricsServer({
    listen: { host: '198.51.100.7', port: 9101, family: 4 },
    registry,
  });
  assert.equal(foreign.ok, false);
  assert.equal(
    foreign.ok ? '' : foreign.message,
    'cannot serve metrics on 198.51.100.7:9101: that IP address is not assigned to this machine (EADDRNOTAVAIL)',
  );
  const malformed = await startMetricsServer({ listen: 'localhost:9101', registry });
  assert.deepEqual(malformed, {
    ok: false,
    message:
      'metrics listen address "localhost:9101": must be an IP address, not a name (the check must not depend on DNS)',
    code: null,
  });
});

test('closes promptly with a keep-alive connection open, and when its signal aborts', async () => {
  const registry = createMetrics({ processMetrics: false }).registry;
  const first = await startMetricsServer({ listen: '127.0.0.1:0', registry });
  assert.ok(first.ok);
  // Prometheus keeps its scrape connection open; close() must not wait for it to go idle-timeout.
  await new Promise<void>((resolve, reject) => {
    const req = request(first.server.url, { headers: { connection: 'keep-alive' } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
  const started = performance.now();
  await first.server.close();
  assert.ok(performance.now() - started < 1000, 'close() waited for the idle connection');
  await assert.rejects(fetch(first.server.url));

  const controller = new AbortController();
  const second = await startMetricsServer({ listen: '[::1]:0', registry, signal: controller.signal });
  if (!second.ok && second.code === 'EADDRNOTAVAIL') return; // no IPv6 loopback on this machine
  assert.ok(second.ok, second.ok ? '' : second.message);
  assert.match(second.server.address, /^\[::1\]:\d+$/);
  assert.equal((await fetch(second.server.url)).status, 200);
  controller.abort();
  await second.server.close();
  await assert.rejects(fetch(second.server.url));
});
