import { FirthError } from '../../shared/errors';

/** Node's error codes in words a person can act on. */
const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'it already exists',
  EISDIR: 'it is a folder, not a file',
  EMFILE: 'too many files are open',
};

/**
 * A Node file-system error as a FirthError that names the file and says why in plain words: every
 * reader and writer of the engine and the service translates its errors here. `action` is what was
 * being done ("read", "write", "create the project folder"). A missing file is 'not-found', a folder
 * where a file was expected 'invalid-input', anything else 'io'; a FirthError passes unchanged.
 */
export function fileSystemError(error: unknown, action: string, file: string): FirthError {
  if (error instanceof FirthError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code === 'ENOENT') {
    const reason = action === 'read' ? 'it does not exist' : 'no such file or folder';
    return new FirthError('not-found', `Cannot ${action} ${file}: ${reason}`, { file });
  }
  const reason = reasons[code] ?? (error instanceof Error ? error.message : String(error));
  return new FirthError(code === 'EISDIR' ? 'invalid-input' : 'io', `Cannot ${action} ${file}: ${reason}`, { file });
}
