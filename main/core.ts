/**
 * The monitor, its history, the settings file and the status API, wired as `serve` wires them
 * (app/cli/serve-command.ts) but with every file under Electron's userData directory. Nothing here
 * imports Electron: main.ts passes the paths in.
 */
import { createCoreApi, type CoreApi } from '../app/api/core-api.js';
import { endpointsOf, retentionFor } from '../app/api/editable-settings.js';
import { createLiveCheck } from '../app/api/live-check.js';
import { openSettingsStore, type SettingsStore } from '../app/api/settings-store.js';
import { runCheck } from '../app/check.js';
import { layerSettingsFrom } from '../app/config/layer-settings.js';
import { loadSettings } from '../app/config/load.js';
import type { AppPaths } from '../app/electron-policy/app-paths.js';
import { hostSettingsPlan } from '../app/electron-policy/host-settings.js';
import { createHistoryQueries } from '../app/history/queries.js';
import { openMonitorRuntime, type MonitorRuntime } from '../app/monitor/runtime.js';

export interface Core {
  readonly runtime: MonitorRuntime;
  readonly api: CoreApi;
  readonly store: SettingsStore;
}

export type CoreOpen =
  { readonly ok: true; readonly core: Core } | { readonly ok: false; readonly message: string };

export interface CoreOptions {
  readonly paths: AppPaths;
  readonly env: NodeJS.ProcessEnv;
  /** Refuse a configuration that cannot be loaded instead of starting on the defaults (test runs). */
  readonly strict: boolean;
  readonly notices: readonly string[];
}

export async function openCore({
  paths,
  env,
  strict,
  notices: extraNotices,
}: CoreOptions): Promise<CoreOpen> {
  const loaded = await loadSettings({ flags: {}, env, cwd: process.cwd(), platform: process.platform });
  const plan = hostSettingsPlan(loaded, paths, { strict });
  if (!plan.ok) return { ok: false, message: plan.message };
  const store = await openSettingsStore({
    path: paths.settings,
    defaults: plan.defaults,
    pinned: plan.pinned,
  });
  const effective = store.get();

  const liveCheck = createLiveCheck(runCheck, {
    targets: endpointsOf(effective),
    timeoutMs: effective.timeoutMs,
  });
  const open = (dbPath: string | null) =>
    openMonitorRuntime({
      targets: endpointsOf(effective),
      timeoutMs: effective.timeoutMs,
      intervalMs: effective.intervalMs,
      dbPath,
      layers: layerSettingsFrom(plan.settings, env),
      runCheck: liveCheck.runCheck,
      retention: retentionFor(effective),
    });
  const notices = [...plan.notices, ...extraNotices];
  let opened = open(plan.dbPath);
  if (!opened.ok) {
    // A tray app that refuses to start helps nobody: monitor without history and say why.
    notices.push(`History is not being saved: ${plan.dbPath ?? ''}: ${opened.error.message}`);
    opened = open(null);
    if (!opened.ok) return { ok: false, message: opened.error.message };
  }
  const runtime = opened.runtime;
  const api = createCoreApi({
    runtime,
    queries: runtime.db === null ? null : createHistoryQueries(runtime.db),
    settingsStore: store,
    liveCheck,
    notices,
  });
  return { ok: true, core: { runtime, api, store } };
}
