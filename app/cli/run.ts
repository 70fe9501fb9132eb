import { runCheckCommand } from './check-command.js';
import { EXIT } from './exit-codes.js';
import { runExportCommand } from './export-command.js';
import { runHistoryCommand } from './history-command.js';
import { usageError, type CliIo } from './io.js';
import { runMonitorCommand } from './monitor-command.js';
import { runServeCommand } from './serve-command.js';

export type { CliIo, CliStream } from './io.js';

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: ReadonlyMap<string, Command> = new Map([
  ['check', runCheckCommand],
  ['monitor', runMonitorCommand],
  ['history', runHistoryCommand],
  ['export', runExportCommand],
  ['serve', runServeCommand],
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
    const command = COMMANDS.get(name);
    if (command === undefined) {
      return usageError(
        io,
        `unknown command ${JSON.stringify(name)}; commands: ${[...COMMANDS.keys()].join(', ')}`,
      );
    }
    return await command(named ? argv.slice(1) : argv, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`internet-conn: internal error: ${message.split('\n')[0] ?? ''}\n`);
    return EXIT.internalError;
  }
}
