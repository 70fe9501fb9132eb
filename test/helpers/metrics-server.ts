// Serves internet-conn metrics for a lab test: feeds the recorded monitor events it is given through
// attach(), listens, and prints `ready`. It exits when its stdin closes, as every lab service does.
//   node --import tsx test/helpers/metrics-server.ts <IP:PORT> '<MonitorEvent[] as JSON>'
import { EventEmitter } from 'node:events';
import { createMetrics, startMetricsServer, type MetricsSource } from '../../app/metrics/index.js';
import type { MonitorEvent } from '../../app/monitor/events.js';

const [listen = '', eventsJson = '[]'] = process.argv.slice(2);
const events = JSON.parse(eventsJson) as MonitorEvent[];

const emitter = new EventEmitter();
const source: MetricsSource = {
  on: (name, listener) => {
    emitter.on(name, listener);
    return () => emitter.off(name, listener);
  },
};
const metrics = createMetrics();
metrics.attach(source);
for (const event of events) emitter.emit(event.type, event);

const started = await startMetricsServer({ listen, registry: metrics.registry });
if (!started.ok) {
  console.error(started.message);
  process.exit(1);
}
console.log('ready');
process.stdin.resume();
process.stdin.on('end', () => void started.server.close().then(() => process.exit(0)));
