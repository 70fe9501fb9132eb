import { LAYER_SETTING_NAMES, layerSettingsFrom } from '../config/layer-settings.js';
import type { CheckOptions, CheckReport } from '../check.js';
import { describeSetting, formatSettingValue, loadSettings, type LoadedSettings } from '../config/load.js';
import type { SettingName } from '../config/schema.js';
import type { ProbeResult } from '../probes/types.js';
import { parseArgv, type FlagSpec } from './args.js';
import { EXIT, exitCodeForStatus } from './exit-codes.js';
import { renderHelp, type CommandHelp } from './help.js';
import { renderHuman } from './human-output.js';
import { printSettingWarnings, usageError, type CliIo } from './io.js';
import { renderJson } from './json-output.js';
import { openCheckLog, type CheckLog } from './log-file.js';
import { describeProbe } from './probe-outcome.js';
import { createProgress, type Progress } from './progress.js';
import { isInteractive, paintFor } from './terminal.js';
import { settingFlagSpecs, settingFlagValues } from './setting-flags.js';
import { readVersion } from './version.js';

/** The settings `check` reads; a setting joins when the check uses it, so no flag silently does nothing. */
const CHECK_SETTINGS: readonly SettingName[] = ['targets', 'timeoutMs', 'logFile', ...LAYER_SETTING_NAMES];

const COMMAND_FLAGS: readonly (FlagSpec & { readonly help: string; readonly label: string })[] = [
  { name: 'fast', kind: 'boolean', label: '--fast', help: 'answer "online" as soon as one target connects' },
  {
    name: 'json',
    kind: 'boolean',
    label: '--json',
    help: 'print one JSON document on stdout and nothing else',
  },
  { name: 'verbose', kind: 'boolean', label: '--verbose', help: "print every probe's details on stderr" },
  {
    name: 'config',
    kind: 'string',
    valueName: 'PATH',
    label: '--config PATH',
    help: 'read settings from this JSON file',
  },
  { name: 'help', kind: 'boolean', short: 'h', label: '-h, --help', help: 'show this help' },
  { name: 'version', kind: 'boolean', label: '--version', help: 'print the version' },
];

const SETTING_FLAGS: readonly FlagSpec[] = settingFlagSpecs(CHECK_SETTINGS);

const CHECK_HELP: CommandHelp = {
  usage: 'internet-conn [check] [flags]',
  summary: 'Checks once whether this machine is online and, if not, says why and what to do.',
  flags: COMMAND_FLAGS.map((flag) => ({ flag: flag.label, help: flag.help })),
  settings: CHECK_SETTINGS,
};

export async function runCheckCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgv(argv, [...COMMAND_FLAGS, ...SETTING_FLAGS]);
  if (!parsed.ok) return usageError(io, `${parsed.message} (see internet-conn check --help)`);
  const { flags, positionals } = parsed.args;
  if (flags['help'] === true) {
    io.stdout.write(renderHelp(CHECK_HELP));
    return 0;
  }
  if (flags['version'] === true) {
    io.stdout.write(`${await readVersion()}\n`);
    return 0;
  }
  if (positionals.length > 0) return usageError(io, `unexpected argument ${JSON.stringify(positionals[0])}`);

  const loaded = await loadSettings({
    flags: settingFlagValues(flags, CHECK_SETTINGS),
    configFlag: typeof flags['config'] === 'string' ? flags['config'] : undefined,
    env: io.env,
    cwd: io.cwd,
    platform: io.platform,
  });
  if (!loaded.ok) return usageError(io, loaded.message);
  printSettingWarnings(io, loaded);

  let log: CheckLog | null = null;
  if (loaded.settings.logFile !== null) {
    const opened = await openCheckLog(loaded.settings.logFile);
    if (!opened.ok) return usageError(io, `${describeSetting('logFile', loaded)}: ${opened.reason}`);
    log = opened.log;
  }
  try {
    return await checkAndReport(io, loaded, log, {
      fast: flags['fast'] === true,
      json: flags['json'] === true,
      verbose: flags['verbose'] === true,
    });
  } finally {
    await log?.close();
  }
}

interface Mode {
  readonly fast: boolean;
  readonly json: boolean;
  readonly verbose: boolean;
}

async function checkAndReport(
  io: CliIo,
  loaded: LoadedSettings,
  log: CheckLog | null,
  mode: Mode,
): Promise<number> {
  // Imported here, not at the top: `--help` and every bad-input path stay free of the probe code.
  const runCheck = io.runCheck ?? (await import('../check.js')).runCheck;
  const progress = createProgress(io.stderr, isInteractive(io.stderr, io.env));
  if (mode.verbose) describeSettings(progress, loaded);

  const printed = new Set<ProbeResult>();
  const options: CheckOptions = {
    targets: loaded.settings.targets,
    timeoutMs: loaded.settings.timeoutMs,
    fast: mode.fast,
    layers: layerSettingsFrom(loaded.settings, io.env),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    onProbeDone: (result, done, total) => {
      progress.update(done, total);
      if (mode.verbose) {
        printed.add(result);
        progress.log(`probe ${describeProbe(result)}`);
      }
    },
  };
  let report: CheckReport;
  try {
    report = await runCheck(options);
  } finally {
    progress.stop();
  }
  if (mode.verbose) {
    for (const probe of report.probes.filter((one) => !printed.has(one))) {
      io.stderr.write(`probe ${describeProbe(probe)}\n`);
    }
  }
  // An interrupted check saw nothing about the network: it is neither printed nor logged as an outage.
  if (io.signal?.aborted === true) {
    io.stderr.write('internet-conn: interrupted\n');
    return EXIT.interrupted;
  }
  if (mode.json) {
    io.stdout.write(renderJson(report, io.stdout.isTTY === true));
  } else {
    io.stdout.write(
      renderHuman(report, { paint: paintFor(isInteractive(io.stdout, io.env)), fast: mode.fast }),
    );
  }
  // The verdict is printed first: a log file on a full disk must not swallow it.
  try {
    await log?.write(report, io.now?.() ?? new Date());
  } catch (error) {
    io.stderr.write(`internet-conn: could not write the log file: ${(error as Error).message}\n`);
  }
  return exitCodeForStatus(report.status);
}

function describeSettings(progress: Progress, loaded: LoadedSettings): void {
  progress.log(`config file: ${loaded.configFile ?? 'none'}`);
  for (const name of CHECK_SETTINGS) {
    progress.log(`setting ${name}=${formatSettingValue(loaded.settings[name])} (${loaded.sources[name]})`);
  }
}
