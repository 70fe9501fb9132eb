/**
 * Every monitor event name, for hosts that want all of them in order (the log, the notification policy).
 * The monitor subscribes per name; listeners run synchronously as each event is emitted, so subscribing
 * to each name still delivers the events in the order they happened.
 */
import type { Monitor } from '../monitor/monitor.js';
import type { MonitorEvent, MonitorEventName } from '../monitor/events.js';

export const MONITOR_EVENT_NAMES = [
  'status-changed',
  'outage-started',
  'outage-ended',
  'diagnosis-changed',
  'check-completed',
  'check-failed',
] as const satisfies readonly MonitorEventName[];

// Fails to compile when the monitor gains an event this list does not name.
type Missing = Exclude<MonitorEventName, (typeof MONITOR_EVENT_NAMES)[number]>;
const EVERY_EVENT_LISTED: Missing extends never ? true : never = true;
void EVERY_EVENT_LISTED;

export function onEveryMonitorEvent(
  monitor: Pick<Monitor, 'on'>,
  listener: (event: MonitorEvent) => void,
): () => void {
  const offs = MONITOR_EVENT_NAMES.map((name) =>
    monitor.on(name, (event) => listener(event as MonitorEvent)),
  );
  return () => {
    for (const off of offs) off();
  };
}
