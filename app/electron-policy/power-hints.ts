/**
 * Electron's powerMonitor events as monitor hints (app/monitor: a suspend stops checking and ends no
 * outage as "back online"; a resume or unlock checks at once, since the network may have changed).
 */
import type { Hint } from '../monitor/events.js';

export const POWER_HINTS = {
  suspend: 'suspend',
  resume: 'resume',
  'lock-screen': 'lock',
  'unlock-screen': 'unlock',
} as const satisfies Readonly<Record<string, Hint>>;

export type PowerEvent = keyof typeof POWER_HINTS;
export const POWER_EVENTS = Object.keys(POWER_HINTS) as PowerEvent[];
