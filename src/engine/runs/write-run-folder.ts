import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FirthError } from '../../shared/errors';
import { writeChunksFlushed, type Chunks } from '../io/atomic-write';
import { fileSystemError } from '../io/file-errors';
import { makeFolder } from '../io/make-folder';
import { checkRunFolderReplaceable, moveToTrash, pathExists } from '../io/replace-with-trash';
import { PARTIAL_RECORD_FILE, stagingFolderName } from './staging-names';
import { trackTemporary, untrackTemporary } from '../io/tracked-temporaries';

export type RunFileContent = Chunks;

export interface RunFile {
  name: string;
  content: RunFileContent;
}

/**
 * Writes a run's files into a hidden staging folder beside `folder`, flushed to disk, then renames
 * the staging folder into place: a run folder either holds every file or does not exist, so an
 * interrupted or cancelled run never leaves a folder that looks complete. The last file is written
 * after the others are on disk: `run.json` should come last.
 * With `force` an earlier run folder there is moved to `trashFolder`; nothing else is ever replaced.
 */
export async function writeRunFolder(
  folder: string,
  files: RunFile[],
  options: { force?: boolean; trashFolder?: string; staging?: string } = {},
): Promise<void> {
  checkRunFolderFree(folder, options.force ?? false);
  const staging = options.staging ?? join(dirname(folder), stagingFolderName(basename(folder)));
  trackTemporary(staging);
  try {
    // Like `mkdir -p`: a project's runs/ folder appears with its first run.
    makeFolder(staging);
    rmSync(join(staging, PARTIAL_RECORD_FILE), { force: true });
    // All but the last at once, so their flushes to disk overlap; the last (run.json) after them.
    const last = files.at(-1);
    // Every write settles before a failure is reported, so none is still going when the staging folder is removed.
    const written = await Promise.allSettled(files.slice(0, -1).map((file) => writeChunksFlushed(join(staging, file.name), file.content)));
    const failed = written.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    if (last) await writeChunksFlushed(join(staging, last.name), last.content);
    if (pathExists(folder)) {
      // Checked again: something may have appeared there while the run trained.
      checkRunFolderFree(folder, options.force ?? false);
      if (!options.trashFolder) throw new FirthError('internal', `Replacing ${folder} needs the data folder's trash, and none was given`, { file: folder });
      moveToTrash(folder, options.trashFolder);
    }
    renameSync(staging, folder);
  } catch (error) {
    try {
      rmSync(staging, { recursive: true, force: true });
    } catch {
      // The staging folder could not even be made (its parent is not a folder): nothing to remove.
    }
    throw fileSystemError(error, 'write the run folder', folder);
  } finally {
    untrackTemporary(staging);
  }
}

/** Fails before any work when the output folder exists and may not be replaced (only a run folder may, with force). */
export const checkRunFolderFree = checkRunFolderReplaceable;

/**
 * Makes the staging folder as a run starts, holding only a small record of what it is: a run killed
 * at any stage then shows as interrupted (its writer's pid is in the name), not as nothing.
 */
export function beginRunFolder(folder: string, record: Record<string, unknown>): string {
  const staging = join(dirname(folder), stagingFolderName(basename(folder)));
  trackTemporary(staging);
  try {
    makeFolder(staging);
    writeFileSync(join(staging, PARTIAL_RECORD_FILE), `${JSON.stringify({ ...record, pid: process.pid, startedAt: new Date().toISOString() }, null, 2)}\n`);
  } catch (error) {
    abandonRunFolder(staging);
    if (error instanceof FirthError) throw new FirthError('io', `Cannot write the run folder ${folder}: ${error.message}`, { file: folder });
    throw fileSystemError(error, 'write the run folder', folder);
  }
  return staging;
}

/** Removes a staging folder whose run ended without a run folder (failed or cancelled). */
export function abandonRunFolder(staging: string): void {
  try {
    rmSync(staging, { recursive: true, force: true });
  } catch {
    // the next start empties it
  }
  untrackTemporary(staging);
}
