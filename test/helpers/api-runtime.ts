// A real monitor runtime (real SQLite in a temp dir) behind the core API, checking with a scripted
// function: no probe ever runs, so nothing leaves the machine. Lab addresses only (DESIGN.md §5).
import { join } from 'node:path';
import type { CheckOptions, CheckReport } from '../../app/check.js';
import type { EditableSettings } from '../../app/api/contract.js';
import { createCoreApi, type CoreApi } from '../../app/api/core-api.js';
import { editableFromSettings, endpointsOf } from '../../app/api/editable-settings.js';
import { createLiveCheck, type LiveCheck } from '../../app/api/live-check.js';
import { openSettingsStore, type SettingsStore } from '../../app/api/settings-store.js';
import { DEFAULT_SETTINGS } from '../../app/config/defaults.js';
import { createHistoryQueries } from '../../app/history/queries.js';
import { openMonitorRuntime, type MonitorRuntime } from '../../app/monitor/runtime.js';
import { ONLINE_REPORT } from '../fixtures/check-reports.js';
import { tempDir } from './history-fixtures.js';

export const LAB_TARGETS = ['198.51.100.1:443', '203.0.113.1:443'];

export const LAB_SETTINGS: EditableSettings = {
  ...editableFromSettings(DEFAULT_SETTINGS),
  targets: LAB_TARGETS,
  // Long enough that only the first check and the ones a test asks for run.
  intervalMs: 3_600_000,
};

export interface ApiRig {
  readonly api: CoreApi;
  readonly runtime: MonitorRuntime;
  readonly store: SettingsStore;
  readonly liveCheck: LiveCheck;
  readonly dir: string;
  readonly dbPath: string;
  /** Every options object the monitor passed to the check. */
  readonly checks: CheckOptions[];
  /** What the next checks answer. */
  answer(report: CheckReport): void;
  close(): Promise<void>;
}

export interface RigOptions {
  /** An existing database (e.g. knownDayCopy); default a fresh one in the temp dir. */
  readonly dbPath?: string;
  readonly dir?: { dir: string; cleanup: () => void };
  readonly now?: () => number;
  readonly settings?: EditableSettings;
  readonly report?: CheckReport;
}

export async function openApiRig(options: RigOptions = {}): Promise<ApiRig> {
  const temp = options.dir ?? tempDir('ic-api-');
  const dbPath = options.dbPath ?? join(temp.dir, 'history.sqlite');
  const store = await openSettingsStore({
    path: join(temp.dir, 'settings.json'),
    defaults: options.settings ?? LAB_SETTINGS,
  });
  let report = options.report ?? ONLINE_REPORT;
  const checks: CheckOptions[] = [];
  const scripted = async (check: CheckOptions): Promise<CheckReport> => {
    checks.push(check);
    return report;
  };
  const settings = store.get();
  const liveCheck = createLiveCheck(scripted, {
    targets: endpointsOf(settings),
    timeoutMs: settings.timeoutMs,
  });
  const opened = openMonitorRuntime({
    targets: endpointsOf(settings),
    timeoutMs: settings.timeoutMs,
    intervalMs: settings.intervalMs,
    dbPath,
    runCheck: liveCheck.runCheck,
    readNetworkFingerprint: null,
  });
  if (!opened.ok) throw new Error(opened.error.message);
  const runtime = opened.runtime;
  const api = createCoreApi({
    runtime,
    queries:
      runtime.db === null ? null : createHistoryQueries(runtime.db, options.now ? { now: options.now } : {}),
    settingsStore: store,
    liveCheck,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    api,
    runtime,
    store,
    liveCheck,
    dir: temp.dir,
    dbPath,
    checks,
    answer(next) {
      report = next;
    },
    async close() {
      api.dispose();
      await runtime.stop();
      temp.cleanup();
    },
  };
}

/** Resolves with the first event the predicate accepts, or rejects after `ms`. */
export function waitFor<T>(
  subscribe: (listener: (value: T) => void) => () => void,
  accept: (value: T) => boolean,
  ms = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching event within ${ms} ms`));
    }, ms);
    const off = subscribe((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}
