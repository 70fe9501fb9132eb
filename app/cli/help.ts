import { CONFIG_ENV } from '../config/config-file.js';
import { SETTINGS_SCHEMA, type SettingName } from '../config/schema.js';

export interface CommandFlagHelp {
  readonly flag: string;
  readonly help: string;
}

export interface CommandHelp {
  readonly usage: string;
  readonly summary: string;
  /** Flags that belong to the command only (not settings). */
  readonly flags: readonly CommandFlagHelp[];
  /** Settings the command reads, documented from the schema so help cannot drift from it. */
  readonly settings: readonly SettingName[];
  /** The exit-status line; defaults to the check's (0, 1, 2, 64, 70, 130). */
  readonly exitStatus?: string;
}

/** The check's exit codes, README's table in one line; 70 and 130 included, scripts test for them. */
const CHECK_EXIT_STATUS =
  'Exit status: 0 online, 1 offline, 2 limited, 64 usage or configuration error, 70 internal error\n' +
  '(a bug: please report it), 130 interrupted (Ctrl-C, SIGTERM or SIGHUP).';

export function renderHelp(command: CommandHelp): string {
  const specs = SETTINGS_SCHEMA.filter((spec) => command.settings.includes(spec.name));
  const settingRows = specs.map(
    (spec) => [`--${spec.flag} ${spec.valueName}`, `${spec.help} [${spec.env}]`] as const,
  );
  const rows = [...command.flags.map((flag) => [flag.flag, flag.help] as const), ...settingRows];
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const row = ([flag, help]: readonly [string, string]): string => `  ${flag.padEnd(width)}${help}`;
  return [
    `Usage: ${command.usage}`,
    '',
    command.summary,
    '',
    'Flags:',
    ...command.flags.map((flag) => row([flag.flag, flag.help])),
    '',
    'Settings (flag, then [environment variable]):',
    ...settingRows.map(row),
    '',
    'Precedence: flag > environment > config file > defaults. Lists: repeat the flag, or separate',
    'items with commas in the environment variable. Durations: milliseconds (500), or a number with',
    'ms, s, m or h (500ms, 1.5s, 5s, 1m, 1h).',
    '',
    `Config file (JSON): --config PATH, else $${CONFIG_ENV}, else`,
    '$XDG_CONFIG_HOME/internet-conn/config.json or ~/.config/internet-conn/config.json',
    '(%APPDATA%\\internet-conn\\config.json on Windows), read only if it exists.',
    ...wrap(`Keys: ${SETTINGS_SCHEMA.map((spec) => spec.file).join(', ')}. Unknown keys are errors.`, 96),
    '',
    command.exitStatus ?? CHECK_EXIT_STATUS,
    '',
  ].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return line === '' ? lines : [...lines, line];
}
