// Streams a corpus file as text, never holding more than a chunk: text8 is one 100 MB line, so the
// reader cannot cut at line ends; it yields chunks of arbitrary size and the tokenizer carries a
// partial token from one to the next. Plain UTF-8 and gzip (detected by its magic number, whatever
// the file is called) are read the same way; a BOM is dropped. Binary data is refused early with the
// byte offset of the first NUL byte or invalid UTF-8 sequence, so a person can find it.

import { Transform, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FirthError } from '../../shared/errors';
import { throwIfCancelled, trackPhase, type LongWorkOptions } from '../long-work';
import { fileSystemError } from '../io/file-errors';
import { openCorpusFile } from './open-corpus-file';
import { findInvalidUtf8, incompleteTailLength } from './utf8';

export interface ReadTextOptions extends LongWorkOptions {
  /** Bytes per read (default 1 MiB). Tiny values exist for tests of chunk boundaries. */
  chunkBytes?: number;
  /** Sees every byte of the file as stored (before decompression), e.g. to hash it on the way. */
  onRawBytes?: (bytes: Uint8Array) => void;
}

const defaultChunkBytes = 1 << 20;
/** zlib refuses output chunks below 64 bytes. */
const smallestGunzipChunk = 64;

function concatenate(first: Uint8Array, second: Uint8Array): Uint8Array {
  if (first.length === 0) return second;
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first, 0);
  joined.set(second, first.length);
  return joined;
}

function invalidText(file: string, compressed: boolean, what: string, offset: number): FirthError {
  const where = compressed ? ' of the decompressed text' : '';
  return new FirthError('invalid-input', `${file} is not UTF-8 text: ${what} at byte offset ${offset}${where}`, { file });
}

/** Yields the file's text in chunks; progress is in bytes of the file as stored. */
export async function* readTextChunks(file: string, options: ReadTextOptions = {}): AsyncGenerator<string, void, undefined> {
  const chunkBytes = Math.max(1, Math.floor(options.chunkBytes ?? defaultChunkBytes));
  throwIfCancelled(options.signal);
  const opened = await openCorpusFile(file);
  const { compressed } = opened;
  const raw = opened.handle.createReadStream({ start: 0, highWaterMark: chunkBytes, autoClose: false });
  const onRawBytes = options.onRawBytes;
  const stages: Readable[] = [raw];
  if (onRawBytes) {
    stages.push(
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          onRawBytes(chunk);
          callback(null, chunk);
        },
      }),
    );
  }
  if (compressed) stages.push(createGunzip({ chunkSize: Math.max(smallestGunzipChunk, chunkBytes) }));
  // pipeline destroys every stage when one fails or when the consumer stops early.
  const source: Readable = stages.length === 1 ? raw : (pipeline(stages, () => undefined) as unknown as Readable);

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0; // bytes of text (after decompression) decoded so far
  let pending: Uint8Array = new Uint8Array(0); // the start of a character cut by the chunk's end
  try {
    const progress = trackPhase('read', opened.sizeBytes, 'bytes', options);
    for await (const chunk of source) {
      const bytes = chunk as Buffer;
      const nul = bytes.indexOf(0);
      if (nul >= 0) throw invalidText(file, compressed, 'binary data (a NUL byte)', offset + nul);
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        const invalid = findInvalidUtf8(concatenate(pending, bytes), false);
        throw invalidText(file, compressed, 'an invalid byte sequence', offset - pending.length + Math.max(0, invalid));
      }
      const tail = concatenate(pending, bytes.subarray(Math.max(0, bytes.length - 3)));
      pending = tail.slice(tail.length - incompleteTailLength(tail));
      offset += bytes.length;
      if (text.length > 0) yield text;
      await progress.pause(raw.bytesRead);
    }
    try {
      const rest = decoder.decode();
      if (rest.length > 0) yield rest;
    } catch {
      throw invalidText(file, compressed, 'a character cut off by the end of the file', offset - pending.length);
    }
    progress.finish();
  } catch (error) {
    if (error instanceof FirthError) throw error;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (compressed && typeof code === 'string' && code.startsWith('Z_')) {
      throw new FirthError('corrupt-file', `${file} is not a readable gzip file (${(error as Error).message})`, { file });
    }
    throw fileSystemError(error, 'read', file);
  } finally {
    source.destroy();
    raw.destroy();
    await opened.handle.close().catch(() => undefined);
  }
}
