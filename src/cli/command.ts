import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from './user-error';

export interface Command {
  name: string;
  run(args: string[]): Promise<void>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with the flags every command shares (--help), strict, and errors as user errors. */
export function parseCommandArgs(args: string[], options: Options, positionalNames: string[] = []) {
  const { values, positionals } = parseStrict(args, { ...options, help: { type: 'boolean', short: 'h' } });
  if (positionals.length > positionalNames.length) throw new UserError(`Unexpected argument "${positionals[positionalNames.length]}"`);
  return { values: values as Record<string, string | boolean | undefined>, positionals };
}

function parseStrict(args: string[], options: Options) {
  try {
    return parseArgs({ args: joinNegativeValues(args, options), options, allowPositionals: true, strict: true });
  } catch (error) {
    const unknown = (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /Unknown option '(-{1,2}[^']+)'/.exec((error as Error).message)?.[1] : undefined;
    if (!unknown) throw error;
    const suggestion = nearestOption(unknown.replace(/^-+/, ''), Object.keys(options));
    throw new UserError(`Unknown option ${unknown}${suggestion ? `: did you mean --${suggestion}?` : ' (see --help)'}`);
  }
}

/** The option name closest to a mistyped one (edit distance at most a third of its length, and ≥ 1), if any. */
export function nearestOption(typed: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(typed.length / 3));
  for (const name of names) {
    const distance = editDistance(typed.toLowerCase(), name.toLowerCase());
    if (distance <= bestDistance && (best === undefined || distance < bestDistance)) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
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
