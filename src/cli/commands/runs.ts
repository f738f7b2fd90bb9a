import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunSummary } from '../../shared/runs';
import { isProcessAlive, removeStaleTemporaries } from '../../engine/io/stale-temporaries';
import { parseStagingFolderName } from '../../engine/runs/staging-names';
import { defaultDataFolder } from '../../workbench/data-folder';
import { listRuns } from '../../workbench/runs/list-runs';
import { parseCommandArgs, printHelp, type Command } from '../command';
import { UserError } from '../user-error';

const help = `Usage: firth runs [FOLDER] [--project NAME] [--json] [--clean]

Lists the runs in FOLDER (a folder of run folders, or a project folder: its runs/) or in the project
NAME of the data folder, newest first, with their status:
  done          finished; its vectors can be used
  running       being trained by a live Firth process
  interrupted   training stopped before the run was finished (the process was killed or crashed)
  damaged       a run folder Firth cannot use (run.json unreadable or newer, W.npy missing): the reason is shown

  --project <name>   A project in the data folder
  --json             The list as JSON
  --clean            Delete the interrupted runs (what is left of them: their hidden staging folders)`;

export const runsCommand: Command = {
  name: 'runs',
  async run(args) {
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
  const rows = runs.map((run) => [run.id, run.status, run.model ?? '-', run.createdAt?.slice(0, 19).replace('T', ' ') ?? '-', run.problem ?? '']);
  const widths = [0, 1, 2, 3].map((column) => Math.max(...[['run', 'status', 'model', 'created'][column], ...rows.map((row) => row[column])].map((cell) => cell.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column < 4 ? cell.padEnd(widths[column]) : cell))
      .join('  ')
      .trimEnd();
  return [line(['run', 'status', 'model', 'created', 'problem']), ...rows.map(line)].join('\n');
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
