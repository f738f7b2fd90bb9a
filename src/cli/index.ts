import { parseArgs } from 'node:util';
import { describeError, FirthError } from '../shared/errors';
import { appVersion } from '../workbench/app-version';
import { infoCommand } from './commands/info';
import { serveCommand } from './commands/serve';
import { UserError } from './user-error';

const usage = `Usage: firth <command> [options]

Commands:
  info                 Show the version, the data folder and the compute backends
  serve                Serve the app in a browser, on 127.0.0.1 only, behind a token

Options:
  --backend <name>     auto | gpu | cpu | webasm (default: setting, or FIRTH_BACKEND)
  --port <n>           serve: port to listen on (default 7357; 0 picks a free one)
  --json               info: print JSON
  -h, --help           Show this help
  -v, --version        Show the version

Exit codes: 0 ok, 1 user error, 2 internal error.
`;

/** Runs one command; returns the exit code (0 ok, 1 user error, 2 internal error). */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        backend: { type: 'string' },
        port: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
    const [command, ...rest] = positionals;
    if (values.version) return print(`${appVersion}\n`);
    if (values.help || command === undefined || command === 'help') return print(usage);
    if (rest.length > 0) throw new UserError(`Unexpected argument "${rest[0]}" (see firth --help)`);
    switch (command) {
      case 'info':
        await infoCommand(values);
        return 0;
      case 'serve':
        await serveCommand(values);
        return 0;
      default:
        throw new UserError(`Unknown command "${command}" (see firth --help)`);
    }
  } catch (error) {
    return reportError(error);
  }
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

function reportError(error: unknown): number {
  const isUserError =
    error instanceof UserError ||
    (error instanceof FirthError && error.code !== 'internal') ||
    (error as NodeJS.ErrnoException)?.code?.startsWith?.('ERR_PARSE_ARGS');
  const message = error instanceof FirthError ? describeError(error.toJSON()) : (error as Error)?.message ?? String(error);
  process.stderr.write(`firth: ${message.split('\n')[0]}\n`);
  if (!isUserError && process.env.FIRTH_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
  return isUserError ? 1 : 2;
}
