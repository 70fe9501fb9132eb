import type { HistoryDatabase } from '../history/database.js';
import { loadSettings } from '../config/load.js';
import type { SettingName } from '../config/schema.js';
import { parseArgv, type FlagSpec } from './args.js';
import { renderHelp, type CommandHelp } from './help.js';
import { renderHistoryHuman, renderHistoryJson, type HistoryView } from './history-output.js';
import { nowMs, openHistoryForReading } from './history-source.js';
import { summarizeHistory, type HistorySummary } from './history-summary.js';
import { usageError, type CliIo } from './io.js';
import { settingFlagSpecs, settingFlagValues } from './setting-flags.js';
import { parseSince } from './since.js';

const HISTORY_SETTINGS: readonly SettingName[] = ['db'];
export const DEFAULT_SINCE = '24h';

const COMMAND_FLAGS: readonly (FlagSpec & { readonly help: string; readonly label: string })[] = [
  {
    name: 'since',
    kind: 'string',
    valueName: 'SPAN|DATE',
    label: '--since SPAN|DATE',
    help: `report from this far back: 24h, 7d, 30d, or a date/time like 2026-12-01 (default ${DEFAULT_SINCE})`,
  },
  { name: 'json', kind: 'boolean', label: '--json', help: 'print one JSON document on stdout' },
  {
    name: 'config',
    kind: 'string',
    valueName: 'PATH',
    label: '--config PATH',
    help: 'read settings from this JSON file',
  },
  { name: 'help', kind: 'boolean', short: 'h', label: '-h, --help', help: 'show this help' },
];

export const HISTORY_HELP: CommandHelp = {
  usage: 'internet-conn history [--since 24h|7d|30d|DATE] [--db PATH] [--json]',
  summary:
    'Summarises the recorded history: uptime, latency (min/median/max) and every outage with its cause.\n' +
    'Uptime is the share of the monitored time that was not offline (limited counts as up), by time, not by\n' +
    'check count; time the monitor was not running counts neither way.\n' +
    'Reads the database `internet-conn monitor` writes; it may run while a monitor is recording.',
  flags: COMMAND_FLAGS.map((flag) => ({ flag: flag.label, help: flag.help })),
  settings: HISTORY_SETTINGS,
  exitStatus:
    'Exit status: 0 report printed (also when nothing is recorded yet), 64 usage or configuration error.',
};

export async function runHistoryCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgv(argv, [...COMMAND_FLAGS, ...settingFlagSpecs(HISTORY_SETTINGS)]);
  if (!parsed.ok) return usageError(io, `${parsed.message} (see internet-conn history --help)`);
  const { flags, positionals } = parsed.args;
  if (flags['help'] === true) {
    io.stdout.write(renderHelp(HISTORY_HELP));
    return 0;
  }
  if (positionals.length > 0) return usageError(io, `unexpected argument ${JSON.stringify(positionals[0])}`);

  const now = nowMs(io);
  const sinceText = typeof flags['since'] === 'string' ? flags['since'] : DEFAULT_SINCE;
  const since = parseSince(sinceText, now);
  if (!since.ok) return usageError(io, `--since ${JSON.stringify(sinceText)}: ${since.reason}`);

  const loaded = await loadSettings({
    flags: settingFlagValues(flags, HISTORY_SETTINGS),
    configFlag: typeof flags['config'] === 'string' ? flags['config'] : undefined,
    env: io.env,
    cwd: io.cwd,
    platform: io.platform,
  });
  if (!loaded.ok) return usageError(io, loaded.message);

  const source = await openHistoryForReading(loaded, io);
  if (source.kind === 'bad') return usageError(io, source.message);
  const { createHistoryQueries } = await import('../history/queries.js');
  const window = { from: since.value, to: now + 1 };
  let summary: HistorySummary;
  let stoppedAt: number | null = null;
  if (source.kind === 'empty') {
    summary = emptySummary(window);
  } else {
    try {
      summary = summarizeHistory(createHistoryQueries(source.db, { now: () => now }), window);
      const open = summary.outages.find((outage) => outage.endedAt === null);
      if (open !== undefined) stoppedAt = await whenRecordingStopped(source.db, open.startedAt, now);
    } finally {
      source.db.close();
    }
  }
  const view: HistoryView = { summary, dbPath: source.path, sinceText, now, stoppedAt };
  io.stdout.write(
    flags['json'] === true ? renderHistoryJson(view, io.stdout.isTTY === true) : renderHistoryHuman(view),
  );
  return 0;
}

/**
 * An open outage whose monitor is gone (killed, or the machine lost power) is not "ongoing": it was last
 * seen at the last check recorded during it. Null while a monitor still records (or the file is too old
 * to tell); the next monitor to start closes it there for good.
 */
async function whenRecordingStopped(
  db: HistoryDatabase,
  startedAt: number,
  now: number,
): Promise<number | null> {
  const { isRecording } = await import('../history/writer-lock.js');
  if (isRecording(db, now) !== false) return null;
  const { lastCheckSince } = await import('../history/store.js');
  return lastCheckSince(db, startedAt) ?? startedAt;
}

function emptySummary(window: HistorySummary['window']): HistorySummary {
  return {
    window,
    uptime: {
      window,
      checks: 0,
      online: 0,
      limited: 0,
      offline: 0,
      uptimePercent: null,
      onlinePercent: null,
    },
    time: { monitoredMs: 0, offlineMs: 0, limitedMs: 0 },
    latency: null,
    outages: [],
    longestOutage: null,
    checksEver: 0,
  };
}
