/**
 * A small strict argument parser. Written out rather than node:util parseArgs so every mistake gets
 * our own one-line message naming the flag, and so `--timeout -5` reaches the validator as a value
 * (which then says "must not be negative") instead of being taken for an unknown flag.
 */

export type FlagKind = 'boolean' | 'string' | 'list';

export interface FlagSpec {
  /** Without the leading `--`. */
  readonly name: string;
  readonly kind: FlagKind;
  /** One letter, without the `-`. */
  readonly short?: string;
  /** Shown in "needs a value" messages (`IP:PORT`). */
  readonly valueName?: string;
}

export type FlagValue = boolean | string | readonly string[];

export interface ParsedArgs {
  readonly flags: Readonly<Record<string, FlagValue>>;
  readonly positionals: readonly string[];
}

export type ArgsResult =
  { readonly ok: true; readonly args: ParsedArgs } | { readonly ok: false; readonly message: string };

export function parseArgv(argv: readonly string[], specs: readonly FlagSpec[]): ArgsResult {
  const flags: Record<string, FlagValue> = {};
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const written = equals === -1 ? arg : arg.slice(0, equals);
    const spec = arg.startsWith('--')
      ? specs.find((candidate) => candidate.name === written.slice(2))
      : specs.find((candidate) => candidate.short !== undefined && `-${candidate.short}` === written);
    if (spec === undefined) return { ok: false, message: `unknown flag ${written}` };

    if (spec.kind === 'boolean') {
      if (equals !== -1) return { ok: false, message: `${written} does not take a value` };
      flags[spec.name] = true;
      continue;
    }
    let value: string;
    if (equals !== -1) {
      value = arg.slice(equals + 1);
    } else {
      const next = argv[index + 1];
      // `--target --json` is a forgotten value, not a target called "--json".
      if (next === undefined || next.startsWith('--')) {
        return {
          ok: false,
          message: `${written} needs a value${spec.valueName ? ` (${spec.valueName})` : ''}`,
        };
      }
      value = next;
      index += 1;
    }
    const previous = flags[spec.name];
    flags[spec.name] =
      spec.kind === 'list'
        ? [...(Array.isArray(previous) ? (previous as readonly string[]) : []), value]
        : value;
  }
  return { ok: true, args: { flags, positionals } };
}
