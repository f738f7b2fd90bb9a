import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RunNameSchema, RunNoteSchema, type RunSummary } from '../../shared/runs';
import { annotateRunFolder } from '../../workbench/runs/annotate-run';
import { hasRunRecord } from '../../workbench/runs/run-record';
import { isProcessAlive, removeStaleTemporaries } from '../../engine/io/stale-temporaries';
import { parseStagingFolderName } from '../../engine/runs/staging-names';
import { defaultDataFolder } from '../../workbench/data-folder';
import { listRuns } from '../../workbench/runs/list-runs';
import { parseCommandArgs, printHelp, type Command } from '../command';
import { UserError } from '../user-error';

const help = `Usage: firth runs [FOLDER] [--project NAME] [--json] [--clean]
       firth runs rename RUN NAME [--project NAME]
       firth runs note RUN TEXT [--project NAME]

Lists the runs in FOLDER (a folder of run folders, or a project folder: its runs/) or in the project
NAME of the data folder, newest first, with their status:
  done          finished; its vectors can be used
  running       being trained by a live Firth process
  interrupted   training stopped before the run was finished (the process was killed or crashed)
  damaged       a run folder Firth cannot use (run.json unreadable or newer, W.npy missing): the reason is shown

  --project <name>   A project in the data folder
  --json             The list as JSON
  --clean            Delete the interrupted runs (what is left of them: their hidden staging folders)

rename gives a finished run a name, note writes a note on it (both kept in its run.json; the folder
keeps its name). RUN is a run folder, or a run's id with --project. An empty NAME or TEXT ("")
removes the name or the note.`;

export const runsCommand: Command = {
  name: 'runs',
  async run(args) {
    if (args[0] === 'rename' || args[0] === 'note') return labelRun(args[0], args.slice(1));
    const { values, positionals } = parseCommandArgs(args, { project: { type: 'string' }, json: { type: 'boolean' }, clean: { type: 'boolean' } }, ['folder']);
    if (values.help) return printHelp(help);
    const folder = runsFolderOf(positionals[0], values.project as string | undefined);
    // The next start tidies what killed processes left: big files go, an interrupted run stays listed.
    removeStaleTemporaries(folder);
    if (values.clean) {
      const removed = removeInterruptedRuns(folder);
      process.stderr.write(`Deleted ${removed.length} interrupted run${removed.length === 1 ? '' : 's'}${removed.length ? `: ${removed.join(', ')}` : ''}\n`);
    }
    const runs = listRuns(folder, () => false);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      return;
    }
    process.stdout.write(runs.length === 0 ? `No runs in ${folder}\n` : `${formatRuns(runs)}\n`);
  },
};

/** `firth runs rename RUN NAME` and `firth runs note RUN TEXT`. */
function labelRun(action: 'rename' | 'note', args: string[]): void {
  const { values, positionals } = parseCommandArgs(args, { project: { type: 'string' } }, ['run', action === 'rename' ? 'name' : 'text']);
  if (values.help) return printHelp(help);
  const [run, text] = positionals;
  if (run === undefined || text === undefined) {
    throw new UserError(action === 'rename' ? 'Usage: firth runs rename RUN NAME (NAME "" removes the name)' : 'Usage: firth runs note RUN TEXT (TEXT "" removes the note)');
  }
  const folder = runFolderOf(run, values.project as string | undefined);
  const parsed = (action === 'rename' ? RunNameSchema : RunNoteSchema).safeParse(text);
  if (!parsed.success) throw new UserError(parsed.error.issues[0]?.message ?? 'Invalid text');
  const label = annotateRunFolder(folder, action === 'rename' ? { name: parsed.data } : { note: parsed.data });
  const value = action === 'rename' ? label.name : label.note;
  const what = action === 'rename' ? 'name' : 'note';
  process.stdout.write(value === undefined ? `Removed the ${what} of ${label.runId}\n` : `${label.runId}: ${what} "${value}"\n`);
}

/** A run folder: a path, or a run's id in a project's runs/. */
function runFolderOf(run: string, project: string | undefined): string {
  const folder = project !== undefined ? join(runsFolderOf(undefined, project), run) : resolve(run);
  if (!existsSync(folder)) throw new UserError(`${folder} does not exist`);
  if (!hasRunRecord(folder)) throw new UserError(`${folder} is not a finished run (it has no run.json)`);
  return folder;
}

function runsFolderOf(folder: string | undefined, project: string | undefined): string {
  if (folder !== undefined && project !== undefined) throw new UserError('Give a FOLDER or --project, not both');
  if (project !== undefined) {
    const projectFolder = join(defaultDataFolder(), 'projects', project);
    if (!existsSync(join(projectFolder, 'project.json'))) throw new UserError(`No project named "${project}" in ${join(defaultDataFolder(), 'projects')}`);
    return join(projectFolder, 'runs');
  }
  if (folder === undefined) throw new UserError('Name the folder of runs, or a project with --project (see firth runs --help)');
  const absolute = resolve(folder);
  if (!existsSync(absolute)) throw new UserError(`${absolute} does not exist`);
  return existsSync(join(absolute, 'project.json')) ? join(absolute, 'runs') : absolute;
}

function formatRuns(runs: RunSummary[]): string {
  // The name column only when a run has one; a note shows as the last column (its first line).
  const named = runs.some((run) => run.name !== undefined);
  const header = ['run', ...(named ? ['name'] : []), 'status', 'model', 'created', 'problem / note'];
  const rows = runs.map((run) => [
    run.id,
    ...(named ? [run.name ?? '-'] : []),
    run.status,
    run.model ?? '-',
    run.createdAt?.slice(0, 19).replace('T', ' ') ?? '-',
    run.problem ?? run.note?.split('\n')[0] ?? '',
  ]);
  const padded = header.length - 1;
  const widths = header.slice(0, padded).map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column < padded ? cell.padEnd(widths[column]) : cell))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Removes the staging folders whose writer is gone; returns the run names. Finished runs are never touched. */
function removeInterruptedRuns(folder: string): string[] {
  const removed: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const staging = entry.isDirectory() ? parseStagingFolderName(entry.name) : undefined;
    if (!staging || isProcessAlive(staging.pid)) continue;
    rmSync(join(folder, entry.name), { recursive: true, force: true });
    removed.push(staging.runName);
  }
  return removed;
}
