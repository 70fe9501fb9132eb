import { runCheckCommand } from './check-command.js';
import { EXIT } from './exit-codes.js';
import { usageError, type CliIo } from './io.js';

export type { CliIo, CliStream } from './io.js';

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

// Only `check` is part of the entry bundle. The other commands pull in SQLite, HTTP and metrics, so
// they are separate bundles (scripts/build.mjs) loaded when named: a one-shot check starts faster.
const COMMANDS: ReadonlyMap<string, () => Promise<Command>> = new Map([
  ['check', () => Promise.resolve(runCheckCommand)],
  ['monitor', async () => (await import('./monitor-command.js')).runMonitorCommand],
  ['history', async () => (await import('./history-command.js')).runHistoryCommand],
  ['export', async () => (await import('./export-command.js')).runExportCommand],
  ['serve', async () => (await import('./serve-command.js')).runServeCommand],
]);
const DEFAULT_COMMAND = 'check';

/**
 * The whole CLI as a function: arguments and an environment in, an exit status out. Nothing it
 * does may end in a stack trace; a bug is reported in one line with exit status 70.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const first = argv[0];
    const named = first !== undefined && !first.startsWith('-');
    const name = named ? first : DEFAULT_COMMAND;
    const loadCommand = COMMANDS.get(name);
    if (loadCommand === undefined) {
      return usageError(
        io,
        `unknown command ${JSON.stringify(name)}; commands: ${[...COMMANDS.keys()].join(', ')}`,
      );
    }
    const command = await loadCommand();
    return await command(named ? argv.slice(1) : argv, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`internet-conn: internal error: ${message.split('\n')[0] ?? ''}\n`);
    return EXIT.internalError;
  }
}
