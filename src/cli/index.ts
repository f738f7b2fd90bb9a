import { describeError, FirthError } from '../shared/errors';
import { appVersion } from '../workbench/app-version';
import type { Command } from './command';
import { UserError } from './user-error';
import { installInterruptHandling, interruptExitCode } from './cancel-on-interrupt';
import { probeGpuEarly } from './probe-gpu-early';

/** Each command's module is loaded only when it runs: `firth --help` and `firth info` start at once. */
interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
  /** Work worth starting before the command's modules load (see probe-gpu-early.ts). */
  startEarly?(args: string[]): void;
}

const commands: CommandEntry[] = [
  { name: 'info', summary: 'Show the version, the data folder and the compute backends', load: async () => (await import('./commands/info')).infoCommand },
  {
    name: 'corpus',
    summary: 'Import a corpus into the cache and print its statistics: firth corpus FILE [--min-count 5 …]',
    load: async () => (await import('./commands/corpus')).corpusCommand,
  },
  {
    name: 'train',
    summary: 'Train a model on a corpus: firth train sppmi-svd --corpus FILE --out DIR',
    load: async () => (await import('./commands/train')).trainCommand,
    startEarly: probeGpuEarly,
  },
  {
    name: 'sweep',
    summary: 'Train a grid of settings, sharing counts and SVDs: firth sweep --model sppmi-svd --grid window=2,5 …',
    load: async () => (await import('./commands/sweep')).sweepCommand,
    startEarly: probeGpuEarly,
  },
  { name: 'runs', summary: "List a project's or a folder's runs with their status; rename or annotate a run (firth runs rename/note)", load: async () => (await import('./commands/runs')).runsCommand },
  { name: 'eval', summary: 'Score a run or vector file on similarity and analogy sets', load: async () => (await import('./commands/eval')).evalCommand },
  {
    name: 'neighbors',
    summary: 'Nearest words to a word or to an expression like "king - man + woman"',
    load: async () => (await import('./commands/neighbors')).neighborsCommand,
  },
  { name: 'theorem', summary: "How close a run comes to PMI − log k, by count band, and every run's full-matrix SGNS loss", load: async () => (await import('./commands/theorem')).theoremCommand },
  { name: 'similarity', summary: 'The cosine similarity of two words in a run or vector file', load: async () => (await import('./commands/similarity')).similarityCommand },
  { name: 'doesnt-match', summary: 'The word that fits least with the others of a list', load: async () => (await import('./commands/doesnt-match')).doesntMatchCommand },
  { name: 'export', summary: 'Write a run or vector file as word2vec, GloVe, .npy, Projector or CSV', load: async () => (await import('./commands/export')).exportCommand },
  { name: 'serve', summary: 'Serve the app in a browser, on 127.0.0.1 only, behind a token', load: async () => (await import('./commands/serve')).serveCommand },
];

const usage = `Usage: firth [--verbose] <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(20)} ${command.summary}`).join('\n')}

Run \`firth <command> --help\` for a command's options.
--verbose (or FIRTH_VERBOSE=1) also prints the GPU driver's own messages when the GPU is probed.
Environment: FIRTH_BACKEND (auto|gpu|cpu|webasm), FIRTH_DATA_DIR (settings, projects, caches).
Exit codes: 0 ok, 1 user error, 2 internal error, 130 interrupted (Ctrl+C), 143 terminated (SIGTERM).
`;

/** Runs one command; returns the exit code (0 ok, 1 user error, 2 internal error). */
export async function main(argv: string[]): Promise<number> {
  // --verbose may stand anywhere; FIRTH_VERBOSE carries it to worker threads, where backends are probed too.
  if (argv.includes('--verbose')) process.env.FIRTH_VERBOSE = '1';
  const [name, ...rest] = argv.filter((argument) => argument !== '--verbose');
  installInterruptHandling();
  try {
    if (name === '--version' || name === '-v') return print(`${appVersion}\n`);
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') return print(usage);
    const command = commands.find((candidate) => candidate.name === name);
    if (!command) throw new UserError(`Unknown command "${name}" (see firth --help)`);
    command.startEarly?.(rest);
    await (await command.load()).run(rest);
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
  // A file and line help; an internal field name ("field query") does not, on the command line.
  const message = error instanceof FirthError ? describeError({ ...error.toJSON(), where: withoutField(error.toJSON().where) }) : ((error as Error)?.message ?? String(error));
  process.stderr.write(`firth: ${message.split('\n')[0]}\n`);
  if (!isUserError && process.env.FIRTH_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
  return isUserError ? 1 : 2;
}

function withoutField<T extends { field?: string } | undefined>(where: T): T | undefined {
  if (!where) return undefined;
  const { field: _field, ...rest } = where;
  return Object.keys(rest).length > 0 ? (rest as T) : undefined;
}
