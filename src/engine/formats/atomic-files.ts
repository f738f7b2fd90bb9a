import { existsSync, linkSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { FirthError } from '../../shared/errors';
import { writeChunksFlushed, type Chunks } from '../io/atomic-write';
import { fileSystemError } from '../io/file-errors';
import { temporaryNameFor } from '../io/temporary-name';
import { trackTemporary, untrackTemporary } from '../io/tracked-temporaries';

/** A file written in full to a temporary name beside its target, waiting to be put in place. */
export interface StagedFile {
  target: string;
  temporary: string;
  sizeBytes: number;
  sha256: string;
}

export type { Chunks };

/**
 * Streams `chunks` into a temporary file beside `target`, flushed to disk, hashing as it goes. Nothing
 * is visible under the target name until commitStagedFiles; a failure removes the temporary file.
 */
export async function stageFile(target: string, chunks: Chunks): Promise<StagedFile> {
  const temporary = temporaryNameFor(target);
  trackTemporary(temporary);
  try {
    return { target, temporary, ...(await writeChunksFlushed(temporary, chunks)) };
  } catch (error) {
    rmSync(temporary, { force: true });
    untrackTemporary(temporary);
    throw fileSystemError(error, 'write', target);
  }
}

/** Removes the temporary files of staged files that will not be committed. */
export function discardStagedFiles(files: StagedFile[]): void {
  for (const file of files) {
    rmSync(file.temporary, { force: true });
    untrackTemporary(file.temporary);
  }
}

/** Throws 'already-exists' for the first target that exists, unless `force`. */
export function checkTargetsFree(targets: string[], force: boolean): void {
  if (force) return;
  for (const target of targets) {
    if (existsSync(target)) {
      throw new FirthError('already-exists', `${target} already exists (export with force to overwrite it)`, { file: target });
    }
  }
}

/**
 * Puts every staged file under its target name. With `force` a rename replaces what is there.
 * Without it each file is hard-linked in place, which fails instead of overwriting when a target
 * appeared since the check; then the files already placed are taken back, so an export is all or
 * nothing. File systems without hard links get an existence check and a rename.
 */
export function commitStagedFiles(files: StagedFile[], force: boolean): void {
  const placed: string[] = [];
  try {
    for (const file of files) {
      if (force) {
        renameSync(file.temporary, file.target);
      } else {
        placeWithoutOverwriting(file);
        placed.push(file.target);
      }
      untrackTemporary(file.temporary);
    }
  } catch (error) {
    for (const target of placed) rmSync(target, { force: true });
    discardStagedFiles(files);
    throw fileSystemError(error, 'write', files[placed.length]?.target ?? '');
  }
}

function placeWithoutOverwriting(file: StagedFile): void {
  try {
    linkSync(file.temporary, file.target);
    unlinkSync(file.temporary);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new FirthError('already-exists', `${file.target} already exists (export with force to overwrite it)`, { file: file.target });
    }
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  }
  checkTargetsFree([file.target], false);
  renameSync(file.temporary, file.target);
}
