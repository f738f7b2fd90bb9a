import { FirthError } from '../shared/errors';
import { fileErrorReason } from '../engine/io/file-error-reasons';


/** A Node file-system error as a FirthError that names the file and says why in plain words. */
export function fileSystemError(error: unknown, action: string, file: string): FirthError {
  if (error instanceof FirthError) return error;
  const code = (error as NodeJS.ErrnoException)?.code ?? '';
  const reason = fileErrorReason(error);
  return new FirthError(code === 'ENOENT' ? 'not-found' : 'io', `Cannot ${action} ${file}: ${reason}`, { file });
}
