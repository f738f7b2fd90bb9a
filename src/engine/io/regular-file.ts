// Every file Firth reads is checked to be a regular file before the first read. Opening a named
// pipe (FIFO) for reading blocks until a writer appears — forever, on a thread of Node's pool that
// no signal frees — so files are opened without blocking and refused when they are not plain files.

import { constants, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { FirthError } from '../../shared/errors';
import { fileSystemError } from './file-errors';

/** O_NONBLOCK makes open() of a FIFO return at once; it changes nothing for regular files. */
const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function kindOf(info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function notRegular(file: string, kind: string, what: string): FirthError {
  const article = kind.startsWith('not ') ? `${file} is ${kind}` : `${file} is ${kind}, not ${what}`;
  return new FirthError('invalid-input', `${article}: give a regular file`, { file });
}

/** A Node error from reading `file` as a FirthError naming the file (the one translator's words). */
export function readError(file: string, error: unknown): FirthError {
  return fileSystemError(error, 'read', file);
}

/**
 * Opens `file` for reading when it is a regular file; a FIFO, socket, device or folder is refused
 * with a message naming it (`what`: "a corpus file", "a vector file", …), without ever blocking.
 */
export async function openRegularFile(file: string, what = 'a file'): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, openFlags);
  } catch (error) {
    // A socket cannot even be opened (ENXIO): say what it is rather than why open failed.
    checkRegularFile(file, what);
    throw readError(file, error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notRegular(file, kindOf(info), what);
    return handle;
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw readError(file, error);
  }
}

/** The same check by name, for readers that take a path (readFileSync and friends). */
export function checkRegularFile(file: string, what = 'a file'): void {
  let info;
  try {
    info = statSync(file);
  } catch (error) {
    throw readError(file, error);
  }
  if (!info.isFile()) throw notRegular(file, kindOf(info), what);
}
