// Node's file-system error codes in words a person can act on: every place that turns an fs error
// into a message reads this one table, so no raw ENOTDIR or EACCES reaches a user.

const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'it already exists',
  EISDIR: 'it is a folder',
  ENOTEMPTY: 'the folder is not empty',
  EBUSY: 'it is in use',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EXDEV: 'it is on another disk',
  EINVAL: 'the name is not valid here',
  EIO: 'the disk reported an input/output error',
  ENXIO: 'it is a device, not a file',
  EAGAIN: 'it is not ready to be read (a pipe or a device?)',
  ETXTBSY: 'it is in use',
  EFBIG: 'the file is too large',
};

/** The plain-words reason for a Node fs error, or its message when the code is not one of ours. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  return reasons[code] ?? (error instanceof Error ? error.message : String(error));
}
