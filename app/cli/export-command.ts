import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadSettings } from '../config/load.js';
import type { SettingName } from '../config/schema.js';
import type { ExportFormat } from '../history/export.js';
import { parseArgv, type FlagSpec } from './args.js';
import { renderHelp, type CommandHelp } from './help.js';
import { databaseFileAt } from '../history/files.js';
import { historyPath, nowMs, openHistoryForReading } from './history-source.js';
import { usageError, type CliIo } from './io.js';
import { settingFlagSpecs, settingFlagValues } from './setting-flags.js';
import { parseSince } from './since.js';

const EXPORT_SETTINGS: readonly SettingName[] = ['db'];
const FORMATS: readonly ExportFormat[] = ['csv', 'json'];
type What = 'outages' | 'checks';
const WHATS: readonly What[] = ['outages', 'checks'];

/**
 * Outages by default: they are kept forever and are what people send to their provider. Raw checks
 * are kept 7 days (history/retention.ts), so `--what checks` covers at most the last week.
 */
export const DEFAULT_WHAT: What = 'outages';
export const DEFAULT_FORMAT: ExportFormat = 'csv';

const COMMAND_FLAGS: readonly (FlagSpec & { readonly help: string; readonly label: string })[] = [
  {
    name: 'format',
    kind: 'string',
    valueName: 'csv|json',
    label: '--format csv|json',
    help: `CSV (RFC 4180, UTC ISO times) or JSON (default ${DEFAULT_FORMAT})`,
  },
  {
    name: 'what',
    kind: 'string',
    valueName: 'outages|checks',
    label: '--what outages|checks',
    help: `outages (kept forever) or raw checks (kept 7 days) (default ${DEFAULT_WHAT})`,
  },
  {
    name: 'since',
    kind: 'string',
    valueName: 'SPAN|DATE',
    label: '--since SPAN|DATE',
    help: 'only from this far back: 24h, 7d, 30d, or a date/time (default: everything kept)',
  },
  {
    name: 'output',
    kind: 'string',
    short: 'o',
    valueName: 'FILE',
    label: '-o, --output FILE',
    help: 'write to this file (replaced if it exists) instead of stdout',
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

export const EXPORT_HELP: CommandHelp = {
  usage:
    'internet-conn export [--format csv|json] [--what outages|checks] [--since SPAN|DATE] [--output FILE] [--db PATH]',
  summary:
    'Exports the recorded outages (or raw checks) for a spreadsheet, a script or your internet provider.\n' +
    'Outages that overlap the window are included whole; an ongoing one has an empty end.',
  flags: COMMAND_FLAGS.map((flag) => ({ flag: flag.label, help: flag.help })),
  settings: EXPORT_SETTINGS,
  exitStatus:
    'Exit status: 0 exported (an empty history gives just the header), 64 usage or configuration error.',
};

export async function runExportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgv(argv, [...COMMAND_FLAGS, ...settingFlagSpecs(EXPORT_SETTINGS)]);
  if (!parsed.ok) return usageError(io, `${parsed.message} (see internet-conn export --help)`);
  const { flags, positionals } = parsed.args;
  if (flags['help'] === true) {
    io.stdout.write(renderHelp(EXPORT_HELP));
    return 0;
  }
  if (positionals.length > 0) return usageError(io, `unexpected argument ${JSON.stringify(positionals[0])}`);

  const format = oneOf(flags['format'], FORMATS, DEFAULT_FORMAT);
  if (!format.ok) return usageError(io, `--format ${format.given}: must be ${FORMATS.join(' or ')}`);
  const what = oneOf(flags['what'], WHATS, DEFAULT_WHAT);
  if (!what.ok) return usageError(io, `--what ${what.given}: must be ${WHATS.join(' or ')}`);
  const now = nowMs(io);
  let from = 0;
  if (typeof flags['since'] === 'string') {
    const since = parseSince(flags['since'], now);
    if (!since.ok) return usageError(io, `--since ${JSON.stringify(flags['since'])}: ${since.reason}`);
    from = since.value;
  }
  const output = typeof flags['output'] === 'string' ? flags['output'] : null;
  if (output !== null && output.trim() === '')
    return usageError(io, '--output "": is empty; expected a file path');

  const loaded = await loadSettings({
    flags: settingFlagValues(flags, EXPORT_SETTINGS),
    configFlag: typeof flags['config'] === 'string' ? flags['config'] : undefined,
    env: io.env,
    cwd: io.cwd,
    platform: io.platform,
  });
  if (!loaded.ok) return usageError(io, loaded.message);
  // "Replaced if it exists" must never mean the history itself: outages are kept forever, and one
  // `-o history.sqlite` would swap them for a two-line CSV.
  if (output !== null) {
    const clash = databaseFileAt(resolve(io.cwd, output), historyPath(loaded, io));
    if (clash !== null) {
      return usageError(
        io,
        `--output ${JSON.stringify(output)}: is the history database's own file ${clash}; choose another file`,
      );
    }
  }
  const source = await openHistoryForReading(loaded, io);
  if (source.kind === 'bad') return usageError(io, source.message);

  const { exportChecks, exportOutages } = await import('../history/export.js');
  const { createHistoryQueries } = await import('../history/queries.js');
  // Everything from `from` on, including anything stamped after now by a clock that was ahead.
  const window = { from, to: Number.MAX_SAFE_INTEGER };
  let text: string;
  if (source.kind === 'empty') {
    text = what.value === 'outages' ? exportOutages([], format.value) : exportChecks([], format.value);
  } else {
    try {
      const queries = createHistoryQueries(source.db, { now: () => now });
      text =
        what.value === 'outages'
          ? exportOutages(queries.outages(window), format.value)
          : exportChecks(queries.checks(window), format.value);
    } finally {
      source.db.close();
    }
  }

  if (output === null) {
    io.stdout.write(text);
    return 0;
  }
  const path = resolve(io.cwd, output);
  try {
    await writeFile(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return usageError(io, `--output ${JSON.stringify(output)}: cannot write it (${code})`);
  }
  return 0;
}

function oneOf<T extends string>(
  given: unknown,
  allowed: readonly T[],
  fallback: T,
): { ok: true; value: T } | { ok: false; given: string } {
  if (given === undefined) return { ok: true, value: fallback };
  const text = String(given);
  const value = allowed.find((candidate) => candidate === text.trim().toLowerCase());
  return value === undefined ? { ok: false, given: JSON.stringify(text) } : { ok: true, value };
}
