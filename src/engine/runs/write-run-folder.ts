import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FirthError } from '../../shared/errors';
import { writeChunksFlushed, type Chunks } from '../io/atomic-write';
import { fileSystemError } from '../io/file-errors';

export type RunFileContent = Chunks;

export interface RunFile {
  name: string;
  content: RunFileContent;
}

/**
 * Writes a run's files into a hidden staging folder beside `folder`, flushed to disk, then renames
 * the staging folder into place: a run folder either holds every file or does not exist, so an
 * interrupted or cancelled run never leaves a folder that looks complete. `run.json` should come last.
 */
export async function writeRunFolder(folder: string, files: RunFile[], options: { force?: boolean } = {}): Promise<void> {
  checkRunFolderFree(folder, options.force ?? false);
  const stamp = `${process.pid}-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const staging = join(dirname(folder), `.${basename(folder)}.partial-${stamp}`);
  try {
    // Like `mkdir -p`: a project's runs/ folder appears with its first run.
    mkdirSync(staging, { recursive: true });
    for (const file of files) await writeChunksFlushed(join(staging, file.name), file.content);
    if (existsSync(folder)) {
      const previous = join(dirname(folder), `.${basename(folder)}.replaced-${stamp}`);
      renameSync(folder, previous);
      renameSync(staging, folder);
      rmSync(previous, { recursive: true, force: true });
    } else {
      renameSync(staging, folder);
    }
  } catch (error) {
    try {
      rmSync(staging, { recursive: true, force: true });
    } catch {
      // The staging folder could not even be made (its parent is not a folder): nothing to remove.
    }
    throw fileSystemError(error, 'write the run folder', folder);
  }
}

/** Fails before any work when the output folder exists and may not be replaced. */
export function checkRunFolderFree(folder: string, force: boolean): void {
  if (!force && existsSync(folder)) {
    throw new FirthError('already-exists', `${folder} already exists: choose another --out or pass --force to replace it`, { file: folder, field: 'out' });
  }
}
