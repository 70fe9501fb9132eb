/**
 * Notices that the network changed (interface up/down, address, Wi-Fi switch, default route) by polling a
 * cheap fingerprint: a local read, no packets. A change makes the monitor diagnose again at once instead of
 * waiting for the next tick.
 */
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { LocalConfig } from '../probes/local-types.js';
import { NETWORK_POLL_MS } from './timing.js';

export interface NetworkChange {
  readonly at: number;
  readonly previous: string;
  readonly current: string;
}

export interface NetworkWatchOptions {
  /** Returns a string that changes exactly when the network configuration does (see `networkFingerprint`). */
  readonly read: () => Promise<string>;
  readonly onChange: (change: NetworkChange) => void;
  readonly clock?: Clock;
  readonly pollMs?: number;
}

export interface NetworkWatch {
  /** Reads the baseline at once (no event for it), then polls. */
  start(): void;
  /** Stops polling; resolves once a read in progress has settled. */
  stop(): Promise<void>;
}

export function createNetworkWatch(options: NetworkWatchOptions): NetworkWatch {
  const clock = options.clock ?? systemClock;
  const pollMs = options.pollMs ?? NETWORK_POLL_MS;
  if (!Number.isFinite(pollMs) || pollMs <= 0) {
    throw new RangeError(`network poll interval must be a positive number of ms, got ${String(pollMs)}`);
  }
  let running = false;
  let timer: unknown = null;
  let reading: Promise<void> | null = null;
  let last: string | null = null;

  const poll = async (): Promise<void> => {
    let current: string;
    try {
      current = await options.read();
    } catch {
      // A failed read says nothing about the network; keep the last fingerprint and try again next poll.
      return;
    }
    if (!running) return;
    const previous = last;
    last = current;
    if (previous !== null && previous !== current) options.onChange({ at: clock.now(), previous, current });
  };

  const schedule = (delayMs: number): void => {
    timer = clock.setTimeout(() => {
      timer = null;
      if (!running) return;
      reading = poll().finally(() => {
        reading = null;
        if (running) schedule(pollMs);
      });
    }, delayMs);
  };

  return {
    start(): void {
      if (running) return;
      running = true;
      last = null;
      schedule(0);
    },
    async stop(): Promise<void> {
      running = false;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      if (reading !== null) await reading;
    },
  };
}

/**
 * A stable fingerprint of what makes a different network: non-loopback interfaces with their up/carrier
 * state and addresses, and the default routes. Order-independent, so the OS listing order does not matter.
 */
export function networkFingerprint(config: Pick<LocalConfig, 'interfaces' | 'defaultRoutes'>): string {
  const interfaces = config.interfaces
    .filter((iface) => !iface.loopback)
    .map((iface) => {
      const addresses = iface.addresses.map((a) => `${a.address}/${a.prefixLength}`).sort();
      return `${iface.name} ${iface.up ? 'up' : 'down'} ${String(iface.carrier)} ${addresses.join(',')}`;
    })
    .sort();
  return [...interfaces, ...defaultRouteKeys(config.defaultRoutes)].join('\n');
}

/** One sorted line per default route, for a fingerprint. */
export function defaultRouteKeys(routes: LocalConfig['defaultRoutes']): string[] {
  return routes
    .map((r) => `v${r.family} via ${r.gateway ?? 'link'} dev ${r.interfaceName} metric ${r.metric}`)
    .sort();
}
