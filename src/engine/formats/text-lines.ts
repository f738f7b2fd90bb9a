import { stat } from 'node:fs/promises';
import { FirthError } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import { fileSystemError } from '../io/file-errors';
import { openRegularFile } from '../io/regular-file';

export type TextEncoding = 'utf-8' | 'latin1';

/** Lines of one chunk of a file. `null` stands for a line whose bytes are not valid UTF-8. */
export interface TextLineBatch {
  /** 1-based number of lines[0] in the file. */
  firstLineNumber: number;
  lines: Array<string | null>;
}

export interface ReadTextLinesOptions {
  encoding?: TextEncoding;
  /** Bytes read per step (8 MiB): memory stays at a few chunks however large the file is. */
  chunkBytes?: number;
  signal?: AbortSignal;
  /** Called after each chunk with the bytes read so far (phase 'read', unit 'bytes'). */
  onProgress?: (progress: Progress) => void;
}

/** Stops long reads: the error has code 'cancelled' so callers can tell it from a failure. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new FirthError('cancelled', 'Cancelled');
}

const newline = 0x0a;
const defaultChunkBytes = 8 * 1024 * 1024;

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * Decodes complete lines. The fast path decodes the whole chunk at once; only when that fails does
 * it decode line by line, so one bad word costs one null, not the chunk.
 */
function decodeLines(bytes: Uint8Array, encoding: TextEncoding): Array<string | null> {
  if (encoding === 'latin1') return new TextDecoder('latin1').decode(bytes).split('\n').map(stripCarriageReturn);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes).split('\n').map(stripCarriageReturn);
  } catch {
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const lines: Array<string | null> = [];
    let start = 0;
    for (;;) {
      const end = bytes.indexOf(newline, start);
      const slice = bytes.subarray(start, end < 0 ? bytes.length : end);
      try {
        lines.push(stripCarriageReturn(strict.decode(slice)));
      } catch {
        lines.push(null);
      }
      if (end < 0) return lines;
      start = end + 1;
    }
  }
}

/**
 * Streams a text file as batches of lines, never holding more than a chunk (plus one unfinished
 * line) in memory: a multi-gigabyte vector file imports without becoming one JS string. Lines split
 * on LF; a CR before it and a UTF-8 byte-order mark at the start are dropped.
 */
export async function* readTextLines(file: string, options: ReadTextLinesOptions = {}): AsyncGenerator<TextLineBatch> {
  const encoding = options.encoding ?? 'utf-8';
  const chunkBytes = Math.max(16, options.chunkBytes ?? defaultChunkBytes);
  const handle = await openForReading(file);
  try {
    const totalBytes = options.onProgress ? (await handle.stat()).size : 0;
    let readBytes = 0;
    let pending: Uint8Array = new Uint8Array(0);
    let lineNumber = 1;
    let atStart = true;
    for (;;) {
      throwIfCancelled(options.signal);
      const chunk = new Uint8Array(pending.length + chunkBytes);
      chunk.set(pending);
      const { bytesRead } = await handle.read(chunk, pending.length, chunkBytes, null);
      readBytes += bytesRead;
      options.onProgress?.({ phase: 'read', done: readBytes, total: totalBytes, unit: 'bytes' });
      let filled = chunk.subarray(0, pending.length + bytesRead);
      if (atStart && filled.length >= 3) {
        if (filled[0] === 0xef && filled[1] === 0xbb && filled[2] === 0xbf) filled = filled.subarray(3);
        atStart = false;
      }
      const endOfFile = bytesRead === 0;
      if (endOfFile) {
        if (filled.length > 0) yield { firstLineNumber: lineNumber, lines: decodeLines(filled, encoding) };
        return;
      }
      const lastNewline = filled.lastIndexOf(newline);
      if (lastNewline < 0) {
        // A line longer than a chunk: keep reading until it ends.
        pending = filled;
        continue;
      }
      const lines = decodeLines(filled.subarray(0, lastNewline), encoding);
      yield { firstLineNumber: lineNumber, lines };
      lineNumber += lines.length;
      pending = filled.slice(lastNewline + 1);
    }
  } finally {
    await handle.close();
  }
}

/** Opens a file for reading; a missing file or a folder becomes a FirthError a person can act on. */
export async function openForReading(file: string) {
  try {
    return await openRegularFile(file, 'a vector file');
  } catch (error) {
    throw fileSystemError(error, 'read', file);
  }
}

export async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    throw fileSystemError(error, 'read', file);
  }
}
