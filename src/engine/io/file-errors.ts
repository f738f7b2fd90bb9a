import { FirthError } from '../../shared/errors';
import { fileErrorReason } from './file-error-reasons';

/**
 * A Node file-system error as a FirthError that names the file and says why in plain words: every
 * reader and writer of the engine and the service translates its errors here, with the reasons of
 * `file-error-reasons.ts`. `action` is what was being done ("read", "write", "create the project
 * folder"). A missing file (or a path through a file) is 'not-found', a folder where a file was
 * expected 'invalid-input', anything else 'io'; a FirthError passes unchanged.
 */
export function fileSystemError(error: unknown, action: string, file: string): FirthError {
  if (error instanceof FirthError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const reading = action === 'read';
  if (code === 'ENOENT') {
    return new FirthError('not-found', `Cannot ${action} ${file}: ${reading ? 'it does not exist' : fileErrorReason(error)}`, { file });
  }
  if (code === 'ENOTDIR' && reading) {
    return new FirthError('not-found', `Cannot read ${file}: it does not exist: a part of its path is not a folder`, { file });
  }
  if (code === 'EISDIR') return new FirthError('invalid-input', `Cannot ${action} ${file}: it is a folder, not a file`, { file });
  return new FirthError('io', `Cannot ${action} ${file}: ${fileErrorReason(error)}`, { file });
}
