/**
 * Lets saved settings reach a monitor that is already running. The runtime fixes its check options when
 * it is built; this wrapper hands the check the current targets and timeout on every run instead, so a
 * change from the window counts from the next check on, without restarting the monitor or its history.
 */
import type { CheckOptions, CheckReport } from '../check.js';
import type { Endpoint } from '../probes/types.js';

export type RunCheck = (options: CheckOptions) => Promise<CheckReport>;

export interface LiveCheckSettings {
  readonly targets: readonly Endpoint[];
  readonly timeoutMs: number;
}

export interface LiveCheck {
  /** Pass this to openMonitorRuntime as `runCheck`. */
  readonly runCheck: RunCheck;
  update(settings: LiveCheckSettings): void;
  current(): LiveCheckSettings;
}

export function createLiveCheck(inner: RunCheck, initial: LiveCheckSettings): LiveCheck {
  let settings = initial;
  return {
    runCheck: (options) => inner({ ...options, targets: settings.targets, timeoutMs: settings.timeoutMs }),
    update(next) {
      settings = next;
    },
    current: () => settings,
  };
}
