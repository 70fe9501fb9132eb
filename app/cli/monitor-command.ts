import { LAYER_SETTING_NAMES, layerSettingsFrom } from '../config/layer-settings.js';
import { describeSetting, formatSettingValue, loadSettings, type LoadedSettings } from '../config/load.js';
import type { SettingName } from '../config/schema.js';
import type { Clock } from '../monitor/clock.js';
import type { MonitorRuntime } from '../monitor/runtime.js';
import { formatEndpoint } from '../probes/types.js';
import { parseArgv, type FlagSpec } from './args.js';
import { renderHelp, type CommandHelp } from './help.js';
import { describeHistoryPath, historyPath, historyPathProblem } from './history-source.js';
import { printSettingWarnings, usageError, type CliIo } from './io.js';
import { openCheckLog, type CheckLog } from './log-file.js';
import { attachMonitorPrinter, type MonitorPrinter } from './monitor-output.js';
import { settingFlagSpecs, settingFlagValues } from './setting-flags.js';

/** What the tests (and embedders) can add to the CLI environment for `monitor`. */
export interface MonitorIo extends CliIo {
  /** The monitor's clock; a test drives a fake one. */
  readonly clock?: Clock;
  /** Null turns the network watch off; absent reads the live network. */
  readonly readNetworkFingerprint?: (() => Promise<string>) | null;
  /** Called once the runtime exists, before the first check: a test or an embedder subscribes here. */
  readonly onRuntime?: (runtime: MonitorRuntime) => void;
}

const MONITOR_SETTINGS: readonly SettingName[] = [
  'targets',
  'timeoutMs',
  'intervalMs',
  'db',
  'logFile',
  'metricsListen',
  ...LAYER_SETTING_NAMES,
];

const COMMAND_FLAGS: readonly (FlagSpec & { readonly help: string; readonly label: string })[] = [
  {
    name: 'json',
    kind: 'boolean',
    label: '--json',
    help: 'print one JSON object per event on stdout, one per line ({"event", "at", …})',
  },
  {
    name: 'verbose',
    kind: 'boolean',
    label: '--verbose',
    help: 'also print every check, and where each setting came from, on stderr',
  },
  {
    name: 'config',
    kind: 'string',
    valueName: 'PATH',
    label: '--config PATH',
    help: 'read settings from this JSON file',
  },
  { name: 'help', kind: 'boolean', short: 'h', label: '-h, --help', help: 'show this help' },
];

export const MONITOR_HELP: CommandHelp = {
  usage: 'internet-conn monitor [--target IP:PORT]… [--interval 5s] [--db PATH] [--json] [flags]',
  summary:
    'Watches the connection until stopped: prints a line when the status changes (with the cause) and when\n' +
    'it comes back (with how long it was down), and records every check and outage in the history database\n' +
    '(default: the per-user data directory; see `internet-conn history`).',
  flags: COMMAND_FLAGS.map((flag) => ({ flag: flag.label, help: flag.help })),
  settings: MONITOR_SETTINGS,
  exitStatus:
    'Exit status: 0 stopped by Ctrl-C, SIGTERM or SIGHUP (history saved), 64 usage or configuration error,\n' +
    '70 internal error (a bug: please report it).',
};

export async function runMonitorCommand(argv: readonly string[], cliIo: CliIo): Promise<number> {
  const io = cliIo as MonitorIo;
  const parsed = parseArgv(argv, [...COMMAND_FLAGS, ...settingFlagSpecs(MONITOR_SETTINGS)]);
  if (!parsed.ok) return usageError(io, `${parsed.message} (see internet-conn monitor --help)`);
  const { flags, positionals } = parsed.args;
  if (flags['help'] === true) {
    io.stdout.write(renderHelp(MONITOR_HELP));
    return 0;
  }
  if (positionals.length > 0) return usageError(io, `unexpected argument ${JSON.stringify(positionals[0])}`);
  const json = flags['json'] === true;
  const verbose = flags['verbose'] === true;

  const loaded = await loadSettings({
    flags: settingFlagValues(flags, MONITOR_SETTINGS),
    configFlag: typeof flags['config'] === 'string' ? flags['config'] : undefined,
    env: io.env,
    cwd: io.cwd,
    platform: io.platform,
  });
  if (!loaded.ok) return usageError(io, loaded.message);
  printSettingWarnings(io, loaded);
  const { settings } = loaded;

  let log: CheckLog | null = null;
  if (settings.logFile !== null) {
    const opened = await openCheckLog(settings.logFile);
    if (!opened.ok) return usageError(io, `${describeSetting('logFile', loaded)}: ${opened.reason}`);
    log = opened.log;
  }
  try {
    return await monitorUntilStopped(io, loaded, log, { json, verbose });
  } finally {
    await log?.close();
  }
}

async function monitorUntilStopped(
  io: MonitorIo,
  loaded: LoadedSettings,
  log: CheckLog | null,
  mode: { readonly json: boolean; readonly verbose: boolean },
): Promise<number> {
  const { settings } = loaded;
  const dbPath = historyPath(loaded, io);
  const pathProblem = historyPathProblem(dbPath);
  if (pathProblem !== null) return usageError(io, `${describeHistoryPath(loaded, dbPath)}: ${pathProblem}`);
  // Loaded here, not at the top: `--help` and every bad-input path stay free of the probes and SQLite.
  const { openMonitorRuntime } = await import('../monitor/runtime.js');
  const opened = openMonitorRuntime({
    targets: settings.targets,
    timeoutMs: settings.timeoutMs,
    intervalMs: settings.intervalMs,
    dbPath,
    platform: io.platform,
    layers: layerSettingsFrom(settings, io.env),
    ...(io.runCheck === undefined ? {} : { runCheck: io.runCheck }),
    ...(io.clock === undefined ? {} : { clock: io.clock }),
    ...(io.readNetworkFingerprint === undefined ? {} : { readNetworkFingerprint: io.readNetworkFingerprint }),
  });
  if (!opened.ok) return usageError(io, `${describeHistoryPath(loaded, dbPath)}: ${opened.error.message}`);
  const runtime = opened.runtime;
  const clock = io.clock ?? { now: () => Date.now() };

  if (mode.verbose && !mode.json) {
    io.stderr.write(`internet-conn: config file: ${loaded.configFile ?? 'none'}\n`);
    for (const name of MONITOR_SETTINGS) {
      io.stderr.write(
        `internet-conn: setting ${name}=${formatSettingValue(settings[name])} (${loaded.sources[name]})\n`,
      );
    }
  }
  const printer = attachMonitorPrinter(runtime, { stdout: io.stdout, stderr: io.stderr, ...mode });
  if (runtime.recoveredOutage !== null) {
    printer.warning(
      clock.now(),
      'recovered-outage',
      `an outage left open by an earlier run that did not stop cleanly was closed at its last recorded check`,
    );
  }
  const pendingLogs = logChecks(runtime, log, printer, clock);
  const metrics = await startMetrics(runtime, loaded, printer, clock);
  io.onRuntime?.(runtime);

  printer.started({
    at: clock.now(),
    db: runtime.dbPath,
    historyNote: runtime.historyNote,
    targets: settings.targets.map(formatEndpoint),
    intervalMs: settings.intervalMs,
    timeoutMs: settings.timeoutMs,
    metricsUrl: metrics?.url ?? null,
  });
  runtime.start();

  await stopRequested(io.signal);
  // Stopping ends an open outage at this moment and writes it, then closes the database.
  await runtime.stop();
  await metrics?.close();
  await pendingLogs.settled();
  printer.stopped(clock.now(), runtime.dbPath);
  return 0;
}

/** Resolves when the signal aborts (Ctrl-C, SIGTERM, SIGHUP); never without one. */
function stopRequested(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Appends each check to `--log-file`; a failing write is reported once, and monitoring goes on. */
function logChecks(
  runtime: MonitorRuntime,
  log: CheckLog | null,
  printer: MonitorPrinter,
  clock: { now(): number },
): { settled(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  let warned = false;
  if (log !== null) {
    runtime.monitor.on('check-completed', (event) => {
      chain = chain
        .then(() => log.write(event.report, new Date(event.at)))
        .catch((error: unknown) => {
          if (warned) return;
          warned = true;
          const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
          printer.warning(clock.now(), 'log-file', `cannot append to the log file (${code})`);
        });
    });
  }
  return { settled: () => chain };
}

/**
 * `--metrics-listen`: the Prometheus endpoint fed by the same monitor events. A bind failure is reported
 * and monitoring goes on without metrics (docs/metrics.md).
 */
async function startMetrics(
  runtime: MonitorRuntime,
  loaded: LoadedSettings,
  printer: MonitorPrinter,
  clock: { now(): number },
): Promise<{ url: string; close(): Promise<void> } | null> {
  const listen = loaded.settings.metricsListen;
  if (listen === null) return null;
  const { createMetrics, startMetricsServer } = await import('../metrics/index.js');
  const metrics = createMetrics();
  const detach = metrics.attach(runtime.monitor);
  const started = await startMetricsServer({ listen, registry: metrics.registry });
  if (!started.ok) {
    detach();
    printer.warning(clock.now(), 'metrics', `${started.message}; monitoring without metrics`);
    return null;
  }
  return {
    url: started.server.url,
    close: async () => {
      detach();
      await started.server.close();
    },
  };
}
