import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FirthError } from '../../shared/errors';
import { moveToTrash } from '../../engine/io/replace-with-trash';
import { parseStagingFolderName } from '../../engine/runs/staging-names';
import { listRuns } from './list-runs';

/**
 * Moves one run of a runs folder to the trash: a finished or damaged run's folder, or what an
 * interrupted run left (its hidden staging folder). Nothing is removed for good, and a run that is
 * still being written is refused: deleting it would pull the folder from under its writer.
 */
export function deleteRun(runsFolder: string, runId: string, trashFolder: string, isWriting: (folder: string) => boolean): { runId: string; trashedTo: string } {
  const run = listRuns(runsFolder, isWriting).find((candidate) => candidate.id === runId);
  if (!run) throw new FirthError('not-found', `No run named ${runId} in ${runsFolder}: it may have been deleted or moved`, { field: 'runId' });
  if (run.status === 'running') {
    throw new FirthError('locked', `Run ${runId} is still training: cancel it first, then delete it`, { field: 'runId' });
  }
  if (run.status !== 'interrupted') return { runId, trashedTo: moveToTrash(run.folder, trashFolder) };
  // An interrupted run is its staging folders (one per try that died); all of them go, in one trash entry each.
  const staging = readdirSync(runsFolder).filter((name) => parseStagingFolderName(name)?.runName === runId);
  const trashed = staging.map((name) => moveToTrash(join(runsFolder, name), trashFolder, runId));
  return { runId, trashedTo: trashed[0] ?? trashFolder };
}
