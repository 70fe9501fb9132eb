// The public surface of app/metrics: what the monitor command attaches.
export {
  CONNECT_SECONDS_BUCKETS,
  METRIC_STATUSES,
  createMetrics,
  type Metrics,
  type MetricsOptions,
  type MetricsSource,
} from './metrics.js';
export {
  startMetricsServer,
  type MetricsServer,
  type MetricsServerOptions,
  type StartMetricsServerResult,
} from './server.js';
