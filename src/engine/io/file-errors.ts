import { FirthError } from '../shared/errors';

const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'it already exists',
  EISDIR: 'it is a folder',
};

/** A Node file-system error as a FirthError that names the file and says why in plain words. */
export function fileSystemError(error: unknown, action: string, file: string): FirthError {
  if (error instanceof FirthError) return error;
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  const reason = reasons[code] ?? (error as Error)?.message ?? String(error);
  return new FirthError(code === 'ENOENT' ? 'not-found' : 'io', `Cannot ${action} ${file}: ${reason}`, { file });
}
