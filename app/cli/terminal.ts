/** The part of a writable stream the CLI uses; process.stdout and a test's capture both fit. */
export interface CliStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean | undefined;
}

/**
 * Colour and animation only for a person at a terminal: never into a pipe, a file or a log, and
 * never when the user asked for none (https://no-color.org) or the terminal cannot show it.
 */
export function isInteractive(stream: CliStream, env: Readonly<Record<string, string | undefined>>): boolean {
  return stream.isTTY === true && (env['NO_COLOR'] ?? '') === '' && env['TERM'] !== 'dumb';
}

export interface Paint {
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly red: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
}

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\x1b[${open}m${text}\x1b[${close}m`;

const COLOURS: Paint = {
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  red: wrap(31, 39),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
};

const plain = (text: string): string => text;
const PLAIN: Paint = { green: plain, yellow: plain, red: plain, bold: plain, dim: plain };

export function paintFor(colour: boolean): Paint {
  return colour ? COLOURS : PLAIN;
}
