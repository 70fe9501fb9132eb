/**
 * `internet-conn serve`: the monitor and its history without a desktop, with the status window in a
 * browser. One HTTP server carries the page, the JSON API, its events and Prometheus /metrics. Loopback
 * by default; any other address requires a token (made up and printed when none is given).
 */
import { LAYER_SETTING_NAMES, layerSettingsFrom } from '../config/layer-settings.js';
import { dirname, join } from 'node:path';
import { pinnedSettings } from '../api/pinned-settings.js';
import { loadSettings, type LoadedSettings } from '../config/load.js';
import type { SettingName } from '../config/schema.js';
import { formatEndpoint } from '../probes/types.js';
import { parseArgv, type FlagSpec } from './args.js';
import { renderHelp, type CommandHelp } from './help.js';
import { describeHistoryPath, historyPath } from './history-source.js';
import { printSettingWarnings, usageError, type CliIo } from './io.js';
import type { MonitorIo } from './monitor-command.js';
import { attachMonitorPrinter } from './monitor-output.js';
import { settingFlagSpecs, settingFlagValues } from './setting-flags.js';

export interface ServeIo extends MonitorIo {
  /** The built renderer; defaults to the package's dist/renderer/. */
  readonly rendererDir?: string;
  /** Called once the server listens: a test learns the port (listen on port 0) and the token here. */
  readonly onListening?: (info: {
    readonly url: string;
    readonly port: number;
    readonly token: string | null;
  }) => void;
}

const SERVE_SETTINGS: readonly SettingName[] = [
  'targets',
  'timeoutMs',
  'intervalMs',
  'db',
  'metricsListen',
  'listen',
  'token',
  ...LAYER_SETTING_NAMES,
];

const COMMAND_FLAGS: readonly (FlagSpec & { readonly help: string; readonly label: string })[] = [
  {
    name: 'config',
    kind: 'string',
    valueName: 'PATH',
    label: '--config PATH',
    help: 'read settings from this JSON file',
  },
  { name: 'help', kind: 'boolean', short: 'h', label: '-h, --help', help: 'show this help' },
];

export const SERVE_HELP: CommandHelp = {
  usage: 'internet-conn serve [--listen 127.0.0.1:8470] [--token TOKEN] [--db PATH] [flags]',
  summary:
    'Monitors like `internet-conn monitor` and serves the status window to a browser, with its JSON API\n' +
    '(/api/…), live events (/api/events) and Prometheus metrics (/metrics) on the same port. Listens on\n' +
    'loopback by default. Any other address requires a token: one is made up and printed if --token is\n' +
    'not given, and every /api and /metrics request must send it (Authorization: Bearer TOKEN).\n' +
    'Settings saved from the window are kept in settings.json beside the history database.',
  flags: COMMAND_FLAGS.map((flag) => ({ flag: flag.label, help: flag.help })),
  settings: SERVE_SETTINGS,
  exitStatus:
    'Exit status: 0 stopped by Ctrl-C, SIGTERM or SIGHUP (history saved), 64 usage or configuration error,\n' +
    '70 internal error (a bug: please report it).',
};

export async function runServeCommand(argv: readonly string[], cliIo: CliIo): Promise<number> {
  const io = cliIo as ServeIo;
  const parsed = parseArgv(argv, [...COMMAND_FLAGS, ...settingFlagSpecs(SERVE_SETTINGS)]);
  if (!parsed.ok) return usageError(io, `${parsed.message} (see internet-conn serve --help)`);
  const { flags, positionals } = parsed.args;
  if (flags['help'] === true) {
    io.stdout.write(renderHelp(SERVE_HELP));
    return 0;
  }
  if (positionals.length > 0) return usageError(io, `unexpected argument ${JSON.stringify(positionals[0])}`);

  const loaded = await loadSettings({
    flags: settingFlagValues(flags, SERVE_SETTINGS),
    configFlag: typeof flags['config'] === 'string' ? flags['config'] : undefined,
    env: io.env,
    cwd: io.cwd,
    platform: io.platform,
  });
  if (!loaded.ok) return usageError(io, loaded.message);
  printSettingWarnings(io, loaded);
  return serveUntilStopped(io, loaded);
}

async function serveUntilStopped(io: ServeIo, loaded: LoadedSettings): Promise<number> {
  const { settings } = loaded;
  // Loaded here, not at the top: `--help` and every bad-input path stay free of SQLite and the probes.
  const [
    { createCoreApi },
    { editableFromSettings, endpointsOf, retentionFor },
    { createLiveCheck },
    { openSettingsStore },
    { openMonitorRuntime },
    { createHistoryQueries },
    { createMetrics, startMetricsServer },
    { startServeServer },
    { generateToken, tokenRequired },
    { defaultRendererDir },
  ] = await Promise.all([
    import('../api/core-api.js'),
    import('../api/editable-settings.js'),
    import('../api/live-check.js'),
    import('../api/settings-store.js'),
    import('../monitor/runtime.js'),
    import('../history/queries.js'),
    import('../metrics/index.js'),
    import('../serve/server.js'),
    import('../serve/security.js'),
    import('../serve/renderer-dir.js'),
  ]);

  const listen = settings.listen;
  const needsToken = tokenRequired(listen.host);
  const token = settings.token ?? (needsToken ? generateToken() : null);

  const dbPath = historyPath(loaded, io);
  const cliSettings = editableFromSettings(settings);
  const pinned = pinnedSettings(cliSettings, loaded.sources, 'a command-line flag or environment variable');
  const store = await openSettingsStore({
    path: dbPath === ':memory:' ? null : join(dirname(dbPath), 'settings.json'),
    defaults: cliSettings,
    pinned: pinned.values,
  });
  const effective = store.get();

  const realCheck = io.runCheck ?? (await import('../check.js')).runCheck;
  const liveCheck = createLiveCheck(realCheck, {
    targets: endpointsOf(effective),
    timeoutMs: effective.timeoutMs,
  });
  const opened = openMonitorRuntime({
    targets: endpointsOf(effective),
    timeoutMs: effective.timeoutMs,
    intervalMs: effective.intervalMs,
    dbPath,
    platform: io.platform,
    layers: layerSettingsFrom(settings, io.env),
    runCheck: liveCheck.runCheck,
    retention: retentionFor(effective),
    ...(io.clock === undefined ? {} : { clock: io.clock }),
    ...(io.readNetworkFingerprint === undefined ? {} : { readNetworkFingerprint: io.readNetworkFingerprint }),
  });
  if (!opened.ok) return usageError(io, `${describeHistoryPath(loaded, dbPath)}: ${opened.error.message}`);
  const runtime = opened.runtime;
  const clock = io.clock ?? { now: () => Date.now() };

  const notices = pinned.notice === null ? [] : [pinned.notice];
  const api = createCoreApi({
    runtime,
    queries: runtime.db === null ? null : createHistoryQueries(runtime.db),
    settingsStore: store,
    liveCheck,
    notices,
  });
  const metrics = createMetrics();
  const detachMetrics = metrics.attach(runtime.monitor);
  const printer = attachMonitorPrinter(runtime, {
    stdout: io.stdout,
    stderr: io.stderr,
    json: false,
    verbose: false,
  });

  const started = await startServeServer({
    listen,
    token,
    api,
    rendererDir: io.rendererDir ?? defaultRendererDir(),
    metrics,
  });
  if (!started.ok) {
    detachMetrics();
    api.dispose();
    await runtime.stop();
    return usageError(io, `--listen ${JSON.stringify(formatEndpoint(listen))}: ${started.message}`);
  }
  const server = started.server;

  let extraMetrics: { close(): Promise<void> } | null = null;
  if (settings.metricsListen !== null) {
    const extra = await startMetricsServer({ listen: settings.metricsListen, registry: metrics.registry });
    if (extra.ok) extraMetrics = extra.server;
    else
      printer.warning(
        clock.now(),
        'metrics',
        `${extra.message}; metrics stay available at ${server.url}metrics`,
      );
  }

  // 0.0.0.0 and :: are "every address", not addresses to browse to (Windows and macOS refuse them):
  // print the loopback form, which reaches the same server from this machine, and say how to reach it
  // from elsewhere.
  const everyAddress = listen.host === '0.0.0.0' || listen.host === '::';
  const baseUrl = everyAddress
    ? `http://${formatEndpoint({ host: listen.host === '::' ? '::1' : '127.0.0.1', port: server.port, family: listen.host === '::' ? 6 : 4 })}/`
    : server.url;
  const fragment = token === null ? '' : `#token=${token}`;
  io.stdout.write(`internet-conn: status page at ${baseUrl}${fragment}\n`);
  if (everyAddress) {
    io.stderr.write(
      `internet-conn: listening on every address of this machine; from another one open http://<this machine's address>:${server.port}/${fragment}\n`,
    );
  }
  if (needsToken) {
    io.stderr.write(
      `internet-conn: ${listen.host} is not a loopback address, so a token is required: every /api and /metrics ` +
        `request must send "Authorization: Bearer <token>"${settings.token === null ? ' (this token was generated for this run; set --token or INTERNET_CONN_TOKEN to keep one)' : ''}.\n`,
    );
  }
  io.stderr.write(
    `internet-conn: monitoring ${effective.targets.length} target${effective.targets.length === 1 ? '' : 's'}; ` +
      `${runtime.dbPath === null ? 'no history' : `history in ${runtime.dbPath}`}; metrics at ${server.url}metrics. Ctrl-C stops.\n`,
  );
  if (store.notice !== null) printer.warning(clock.now(), 'settings', store.notice);

  io.onRuntime?.(runtime);
  runtime.start();
  io.onListening?.({ url: server.url, port: server.port, token });

  await stopRequested(io.signal);
  await server.close();
  await extraMetrics?.close();
  detachMetrics();
  api.dispose();
  // Stopping ends an open outage at this moment and writes it, then closes (checkpoints) the database.
  await runtime.stop();
  printer.stopped(clock.now(), runtime.dbPath);
  return 0;
}

function stopRequested(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
