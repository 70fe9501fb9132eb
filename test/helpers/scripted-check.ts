// A check that answers from a timeline instead of the network, for monitor runtime and CLI tests.
import type { CheckOptions, CheckReport } from '../../app/check.js';
import type { Status } from '../../app/diagnosis/types.js';
import { LIMITED_REPORT, OFFLINE_REPORT, ONLINE_REPORT } from '../fixtures/check-reports.js';

export const REPORTS: Readonly<Record<Status, CheckReport>> = {
  online: ONLINE_REPORT,
  limited: LIMITED_REPORT,
  offline: OFFLINE_REPORT,
};

export interface ScriptedCheck {
  readonly runCheck: (options: CheckOptions) => Promise<CheckReport>;
  /** Every call: ms since the script's start, and the options the runtime passed. */
  readonly calls: { readonly at: number; readonly options: CheckOptions }[];
}

/**
 * `timeline` is `[fromMs, status]` pairs in order: the check answers the status of the last entry whose
 * time has come (measured on `now()` from the moment the script was made).
 */
export function scriptedCheck(
  now: () => number,
  timeline: readonly (readonly [number, Status])[],
): ScriptedCheck {
  const start = now();
  const calls: { at: number; options: CheckOptions }[] = [];
  return {
    calls,
    runCheck: async (options) => {
      const at = now() - start;
      calls.push({ at, options });
      let status: Status = timeline[0]?.[1] ?? 'online';
      for (const [from, entry] of timeline) if (at >= from) status = entry;
      return REPORTS[status];
    },
  };
}
