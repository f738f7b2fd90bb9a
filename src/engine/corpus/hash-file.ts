// SHA-256 of a file as stored: the key under which a corpus's vocabulary and ids are cached. Hashing
// the stored bytes (not the decompressed text) is cheaper and is what `sha256sum` shows a person.

import { createHash } from 'node:crypto';
import { trackPhase, type LongWorkOptions } from '../long-work';
import { fileSystemError } from '../io/file-errors';
import { openCorpusFile } from './open-corpus-file';

export async function hashFile(file: string, work: LongWorkOptions = {}): Promise<string> {
  const opened = await openCorpusFile(file);
  const hash = createHash('sha256');
  const stream = opened.handle.createReadStream({ start: 0, highWaterMark: 1 << 20, autoClose: false });
  try {
    const progress = trackPhase('hash', opened.sizeBytes, 'bytes', work);
    let done = 0;
    for await (const chunk of stream) {
      hash.update(chunk as Buffer);
      done += (chunk as Buffer).length;
      await progress.pause(done);
    }
    progress.finish();
    return hash.digest('hex');
  } catch (error) {
    throw fileSystemError(error, 'read', file);
  } finally {
    stream.destroy();
    await opened.handle.close().catch(() => undefined);
  }
}
