import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { temporaryNameFor } from './temporary-name';

/**
 * Writes a file so that readers see the old content or the new, never half of it: the bytes go to
 * a temporary file in the same folder, are flushed, and the temporary file is renamed over the target.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const temporary = temporaryNameFor(file);
  try {
    const descriptor = openSync(temporary, 'wx');
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(descriptor, bytes, offset, bytes.length - offset);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
