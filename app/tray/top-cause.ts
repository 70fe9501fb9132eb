/**
 * Which cause explains a status, for every place that quotes one (tray, notifications, the status
 * window's card): the first whose severity matches the status. The latest full diagnosis may predate
 * the status (a limited diagnosis must not be quoted under "Offline"), and info causes never explain a
 * problem. Type imports only, so the renderer can bundle it.
 */
import type { Cause, Severity } from '../diagnosis/types.js';
import type { MonitorStatus } from '../monitor/events.js';

export function topCauseFor(status: MonitorStatus, causes: readonly Cause[]): Cause | null {
  if (status !== 'limited' && status !== 'offline') return null;
  const wanted: Severity = status;
  return causes.find((cause) => cause.severity === wanted) ?? null;
}
