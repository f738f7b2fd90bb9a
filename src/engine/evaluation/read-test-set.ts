import { openRegularFile } from '../io/regular-file';
import { basename, extname } from 'node:path';
import { FirthError } from '../../shared/errors';
import { fileSystemError } from '../io/file-errors';
import { parseAnalogySet, type AnalogySet, type ParseAnalogyOptions } from './analogy-set';
import { parseSimilaritySet, type SimilaritySet } from './similarity-set';

// Reading a test set from disk; parsing stays in the pure parse* functions. A set is named after
// its file ("simlex999.txt" → "simlex999").

async function readText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    // Never a FIFO or a device: reading one would not end.
    const handle = await openRegularFile(file, 'a test set');
    try {
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileSystemError(error, 'read', file);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FirthError('corrupt-file', `${file} is not UTF-8 text`, { file });
  }
}

export function testSetName(file: string): string {
  return basename(file, extname(file));
}

export async function readSimilaritySet(file: string): Promise<SimilaritySet> {
  return parseSimilaritySet(await readText(file), testSetName(file));
}

export async function readAnalogySet(file: string, options: ParseAnalogyOptions = {}): Promise<AnalogySet> {
  return parseAnalogySet(await readText(file), testSetName(file), options);
}
