import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from './user-error';

export interface Command {
  name: string;
  summary: string;
  run(args: string[]): Promise<void>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with the flags every command shares (--help), strict, and errors as user errors. */
export function parseCommandArgs(args: string[], options: Options, positionalNames: string[] = []) {
  const { values, positionals } = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  if (positionals.length > positionalNames.length) throw new UserError(`Unexpected argument "${positionals[positionalNames.length]}"`);
  return { values: values as Record<string, string | boolean | undefined>, positionals };
}

export function printHelp(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
