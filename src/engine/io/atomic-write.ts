import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { temporaryNameFor } from './temporary-name';

// Writing files so that nobody sees half of one: the bytes go to a name nobody reads yet, are flushed
// to disk, and only then take the real name (a rename, or a folder's rename for a run folder).

export type Chunks = Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

/** Collects small strings into writes of about this size, so the disk sees few large writes. */
const writeBytes = 4 * 1024 * 1024;

/**
 * Streams `chunks` into a new file (it must not exist yet), flushed to disk before it resolves, hashing
 * as it goes. The caller puts the file in place (rename) or removes it when this fails.
 */
export async function writeChunksFlushed(file: string, chunks: Chunks): Promise<{ sizeBytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const handle = await open(file, 'wx');
  try {
    const pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending);
      pending.length = 0;
      pendingBytes = 0;
      hash.update(bytes);
      sizeBytes += bytes.length;
      let offset = 0;
      while (offset < bytes.length) offset += (await handle.write(bytes, offset, bytes.length - offset)).bytesWritten;
    };
    for await (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= writeBytes) await flush();
    }
    if (pendingBytes > 0) await flush();
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { sizeBytes, sha256: hash.digest('hex') };
}

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
