// Opening a corpus file, with the errors a person can act on ("not found", "permission denied",
// "is a folder", "is empty") instead of Node's errno strings. Every reader of a corpus starts here, so
// these checks run before any work.

import type { FileHandle } from 'node:fs/promises';
import { openRegularFile } from '../io/regular-file';
import { FirthError } from '../../shared/errors';
import { fileSystemError } from '../io/file-errors';

export interface OpenCorpusFile {
  handle: FileHandle;
  sizeBytes: number;
  modifiedMs: number;
  /** The file starts with the gzip magic number (1F 8B): read it through gunzip. */
  compressed: boolean;
}

export async function openCorpusFile(file: string): Promise<OpenCorpusFile> {
  let handle: FileHandle;
  try {
    // A named pipe or a device is refused before the first read (reading one would never end).
    handle = await openRegularFile(file, 'a corpus file');
  } catch (error) {
    throw fileSystemError(error, 'read', file);
  }
  try {
    const info = await handle.stat();
    if (info.size === 0) throw new FirthError('invalid-input', `${file} is empty`, { file });
    const magic = new Uint8Array(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    const compressed = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
    return { handle, sizeBytes: info.size, modifiedMs: info.mtimeMs, compressed };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw fileSystemError(error, 'read', file);
  }
}
