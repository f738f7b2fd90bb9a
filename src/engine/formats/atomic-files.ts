import { createHash } from 'node:crypto';
import { existsSync, linkSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { FirthError } from '../../shared/errors';
import { fileErrorReason } from '../io/file-error-reasons';
import { temporaryNameFor } from '../io/temporary-name';
import { trackTemporary, untrackTemporary } from '../io/tracked-temporaries';

/** A file written in full to a temporary name beside its target, waiting to be put in place. */
export interface StagedFile {
  target: string;
  temporary: string;
  sizeBytes: number;
  sha256: string;
}

export type Chunks = Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

/** Collects small strings into writes of about this size, so the disk sees few large writes. */
const writeBytes = 4 * 1024 * 1024;

function writeError(file: string, error: unknown): FirthError {
  if (error instanceof FirthError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FirthError('not-found', `Cannot write ${file}: its folder does not exist`, { file });
  return new FirthError('io', `Cannot write ${file}: ${fileErrorReason(error)}`, { file });
}

/**
 * Streams `chunks` into a temporary file beside `target`, flushed to disk, hashing as it goes. Nothing
 * is visible under the target name until commitStagedFiles; a failure removes the temporary file.
 */
export async function stageFile(target: string, chunks: Chunks): Promise<StagedFile> {
  const temporary = temporaryNameFor(target);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  let handle;
  trackTemporary(temporary);
  try {
    handle = await open(temporary, 'wx');
    const pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending);
      pending.length = 0;
      pendingBytes = 0;
      hash.update(bytes);
      sizeBytes += bytes.length;
      let offset = 0;
      while (offset < bytes.length) offset += (await handle!.write(bytes, offset, bytes.length - offset)).bytesWritten;
    };
    for await (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= writeBytes) await flush();
    }
    if (pendingBytes > 0) await flush();
    await handle.sync();
    await handle.close();
    handle = undefined;
    return { target, temporary, sizeBytes, sha256: hash.digest('hex') };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    rmSync(temporary, { force: true });
    untrackTemporary(temporary);
    throw writeError(target, error);
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
    throw error instanceof FirthError ? error : writeError(files[placed.length]?.target ?? '', error);
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
