import { describeError, FirthError } from '../shared/errors';
import { appVersion } from '../workbench/app-version';
import { evalCommand } from './commands/eval';
import { exportCommand } from './commands/export';
import { infoCommand } from './commands/info';
import { neighborsCommand } from './commands/neighbors';
import { runsCommand } from './commands/runs';
import { serveCommand } from './commands/serve';
import { trainCommand } from './commands/train';
import type { Command } from './command';
import { UserError } from './user-error';
import { installInterruptHandling, interruptExitCode } from './cancel-on-interrupt';

const commands: Command[] = [infoCommand, trainCommand, runsCommand, evalCommand, neighborsCommand, exportCommand, serveCommand];

const usage = `Usage: firth <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(20)} ${command.summary}`).join('\n')}

Run \`firth <command> --help\` for a command's options.
Environment: FIRTH_BACKEND (auto|gpu|cpu|webasm), FIRTH_DATA_DIR (settings, projects, caches).
Exit codes: 0 ok, 1 user error, 2 internal error, 130 interrupted (Ctrl+C), 143 terminated (SIGTERM).
`;

/** Runs one command; returns the exit code (0 ok, 1 user error, 2 internal error). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  installInterruptHandling();
  try {
    if (name === '--version' || name === '-v') return print(`${appVersion}\n`);
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') return print(usage);
    const command = commands.find((candidate) => candidate.name === name);
    if (!command) throw new UserError(`Unknown command "${name}" (see firth --help)`);
    await command.run(rest);
    return interruptExitCode() ?? 0;
  } catch (error) {
    const code = reportError(error);
    return interruptExitCode() ?? code;
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
    String((error as NodeJS.ErrnoException)?.code ?? '').startsWith('ERR_PARSE_ARGS');
  const message = error instanceof FirthError ? describeError(error.toJSON()) : ((error as Error)?.message ?? String(error));
  process.stderr.write(`firth: ${message.split('\n')[0]}\n`);
  if (!isUserError && process.env.FIRTH_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
  return isUserError ? 1 : 2;
}
