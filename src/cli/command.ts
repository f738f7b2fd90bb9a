import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from './user-error';

export interface Command {
  name: string;
  run(args: string[]): Promise<void>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with the flags every command shares (--help), strict, and errors as user errors. */
export function parseCommandArgs(args: string[], options: Options, positionalNames: string[] = []) {
  const { values, positionals } = parseArgs({ args: joinNegativeValues(args, options), options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  if (positionals.length > positionalNames.length) throw new UserError(`Unexpected argument "${positionals[positionalNames.length]}"`);
  return { values: values as Record<string, string | boolean | undefined>, positionals };
}

export function printHelp(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** A flag that must be a whole number ≥ minimum, or absent (undefined). */
export function wholeNumberFlag(values: Record<string, unknown>, flag: string, minimum = 1): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) throw new UserError(`--${flag} must be a whole number ≥ ${minimum} (got "${String(raw)}")`);
  return value;
}

/**
 * `--window -1` as `--window=-1`: parseArgs takes a value starting with "-" for an option and calls
 * the argument ambiguous; joined, the value reaches the option's own check, which names its range.
 */
function joinNegativeValues(args: string[], options: Options): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const name = /^--([^=]+)$/.exec(args[index])?.[1];
    const next = args[index + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d|Infinity|NaN)/.test(next)) {
      joined.push(`--${name}=${next}`);
      index++;
    } else {
      joined.push(args[index]);
    }
  }
  return joined;
}
