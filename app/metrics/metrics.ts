/**
 * Prometheus metrics fed by the monitor's events. The metrics live in their own Registry, never
 * prom-client's global one, so two monitors (or two tests) in one process never share a series.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MonitorEvent, MonitorEventMap, MonitorEventName, MonitorStatus } from '../monitor/events.js';

/** Every status the `internet_conn_status` gauge has a series for, so a dashboard can sum over all. */
export const METRIC_STATUSES: readonly MonitorStatus[] = [
  'online',
  'limited',
  'offline',
  'checking',
  'paused',
];

/**
 * TCP connect times, in seconds: a LAN-near anycast target answers in ~5 ms, a good home line in
 * 10–30 ms, mobile 50–150 ms, satellite 600–700 ms; beyond the 3 s default timeout nothing connects.
 */
export const CONNECT_SECONDS_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.02, 0.035, 0.05, 0.075, 0.1, 0.15, 0.25, 0.4, 0.6, 0.8, 1, 1.5, 2, 3,
];

const PREFIX = 'internet_conn_';

/** Anything with the monitor's `on`: the real Monitor, or a test's recorded event stream. */
export interface MetricsSource {
  on<K extends MonitorEventName>(
    event: K,
    listener: (event: { readonly type: K } & MonitorEventMap[K]) => void,
  ): () => void;
}

export interface MetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event loop), as `internet_conn_process_…`. Default true. */
  readonly processMetrics?: boolean;
}

export interface Metrics {
  readonly registry: Registry;
  /** Subscribes to the monitor's events; returns the function that unsubscribes again. */
  attach(source: MetricsSource): () => void;
  /** Applies one event, exactly as attach() does for each event it receives. */
  record(event: MonitorEvent): void;
  /** The exposition text, as GET /metrics serves it. */
  render(): Promise<string>;
  /** The Content-Type that goes with render(). */
  readonly contentType: string;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];

  const status = new Gauge({
    name: `${PREFIX}status`,
    help: 'The monitor status: 1 for the current one (online, limited, offline, checking, paused), 0 for the rest.',
    labelNames: ['status'],
    registers,
  });
  const up = new Gauge({
    name: `${PREFIX}up`,
    help: 'Whether the internet is reachable: 1 online or limited, 0 offline; absent while checking or paused.',
    registers,
  });
  const probeSuccess = new Gauge({
    name: `${PREFIX}probe_success`,
    help: 'Whether the last TCP probe of this target connected (1) or not (0).',
    labelNames: ['target'],
    registers,
  });
  const connectSeconds = new Histogram({
    name: `${PREFIX}probe_connect_seconds`,
    help: 'TCP connect time of successful probes, per target.',
    labelNames: ['target'],
    buckets: [...CONNECT_SECONDS_BUCKETS],
    registers,
  });
  const outages = new Counter({
    name: `${PREFIX}outages_total`,
    help: 'Outages (confirmed offline or limited periods) that started.',
    registers,
  });
  const outageSeconds = new Counter({
    name: `${PREFIX}outage_seconds_total`,
    help: 'Total length of finished outages, in seconds.',
    registers,
  });
  const lastCheck = new Gauge({
    name: `${PREFIX}last_check_timestamp_seconds`,
    help: 'When the last check completed, in Unix seconds.',
    registers,
  });
  const checkDuration = new Gauge({
    name: `${PREFIX}check_duration_seconds`,
    help: 'How long the last check of this mode (fast: reachability only, full: whole diagnosis) took.',
    labelNames: ['mode'],
    registers,
  });
  const checkFailures = new Counter({
    name: `${PREFIX}check_failures_total`,
    help: 'Checks that threw or ran past their timeout (no verdict; the status is unchanged).',
    registers,
  });

  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: PREFIX });

  const showStatus = (current: MonitorStatus): void => {
    for (const each of METRIC_STATUSES) status.set({ status: each }, each === current ? 1 : 0);
    // No verdict is not "down": leaving the series out keeps `internet_conn_up == 0` alerts quiet
    // while the user has paused monitoring or the first check is still running.
    if (current === 'online' || current === 'limited') up.set(1);
    else if (current === 'offline') up.set(0);
    else up.remove({});
  };
  // The monitor starts in `checking` and only tells us when that changes.
  showStatus('checking');

  const record = (event: MonitorEvent): void => {
    switch (event.type) {
      case 'status-changed':
        showStatus(event.to);
        return;
      case 'outage-started':
        outages.inc();
        return;
      case 'outage-ended':
        outageSeconds.inc(Math.max(0, event.durationMs) / 1000);
        return;
      case 'check-completed':
        lastCheck.set(event.at / 1000);
        checkDuration.set({ mode: event.mode }, event.report.elapsedMs / 1000);
        for (const probe of event.report.probes) {
          if (probe.kind !== 'tcp') continue;
          const connected = probe.outcome === 'connected';
          probeSuccess.set({ target: probe.target }, connected ? 1 : 0);
          if (connected && probe.ms !== null)
            connectSeconds.observe({ target: probe.target }, probe.ms / 1000);
        }
        return;
      case 'check-failed':
        checkFailures.inc();
        return;
      case 'diagnosis-changed':
        return;
    }
  };

  const SUBSCRIBED: readonly MonitorEventName[] = [
    'status-changed',
    'outage-started',
    'outage-ended',
    'check-completed',
    'check-failed',
  ];

  return {
    registry,
    contentType: registry.contentType,
    record,
    render: () => registry.metrics(),
    attach(source: MetricsSource): () => void {
      const unsubscribers = SUBSCRIBED.map((name) =>
        source.on(name, (event) => record(event as MonitorEvent)),
      );
      return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
    },
  };
}
