import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { FirthError } from '../../shared/errors';
import type { MatrixChoice } from './embedding';
import { readCsv } from './csv';
import { splitFields } from './text-rows';
import { readGloveText } from './glove-text';
import { embeddingFormats, type EmbeddingFormat, type ImportOptions, type ImportResult } from './import-types';
import { readNpyBundle } from './npy-bundle';
import { readProjectorBundle } from './projector';
import { isRunFolder, readRunFolder, runDefaultMatrix } from './run-folder';
import { fileSystemError } from '../io/file-errors';
import { openForReading } from './text-lines';
import { readWord2vecBinary } from './word2vec-binary';
import { parseWord2vecHeader, readWord2vecText } from './word2vec-text';

export type LoadableFormat = EmbeddingFormat | 'run';

export interface LoadEmbeddingOptions extends ImportOptions {
  /** Which matrix of a run folder (default: the run's own, W or GloVe's W + C); other sources hold one matrix and accept only 'w'. */
  matrix?: MatrixChoice;
  /** Skip detection. */
  format?: LoadableFormat;
  /** The word list of a .npy file, when it is not vocab.txt beside it. */
  vocabularyFile?: string;
}

const sniffBytes = 64 * 1024;

/**
 * What a path holds, from the folder's files or the file's first bytes: a .npy magic; a word2vec
 * header followed by text rows (word2vec text) or by binary (word2vec binary); else rows of a word
 * and numbers (GloVe). `.csv` and `.npy` are taken by their extension.
 */
export async function detectEmbeddingFormat(path: string): Promise<LoadableFormat> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (error) {
    throw fileSystemError(error, 'read', path);
  }
  if (isFolder) {
    if (isRunFolder(path)) return 'run';
    if (existsSync(join(path, 'projector_config.json')) || existsSync(join(path, 'metadata.tsv'))) return 'projector';
    if (existsSync(join(path, 'vectors.npy'))) return 'npy';
    throw new FirthError(
      'not-found',
      `${path} holds no embedding: expected a run folder (vocab.tsv and W.npy), a Projector bundle (metadata.tsv) or vectors.npy with vocab.txt`,
      { file: path },
    );
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.npy') return 'npy';
  if (extension === '.csv') return 'csv';

  const handle = await openForReading(path);
  let head: Uint8Array;
  try {
    const buffer = new Uint8Array(sniffBytes);
    const { bytesRead } = await handle.read(buffer, 0, sniffBytes, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.length >= 6 && head[0] === 0x93 && new TextDecoder('latin1').decode(head.subarray(1, 6)) === 'NUMPY') return 'npy';
  const firstNewline = head.indexOf(0x0a);
  const firstLine = new TextDecoder('latin1').decode(head.subarray(0, firstNewline < 0 ? head.length : firstNewline)).replace(/\r$/, '');
  const header = parseWord2vecHeader(firstLine);
  if (!header) return extension === '.bin' ? 'word2vec-binary' : 'glove';
  if (firstNewline < 0) return 'word2vec-text';
  // A text row is a word and d numbers; binary rows start the same way but continue in raw floats.
  const rest = head.subarray(firstNewline + 1);
  const secondNewline = rest.indexOf(0x0a);
  if (secondNewline >= 0) {
    // Latin-1 never fails to decode: a text file with a badly encoded word is still text.
    const secondLine = new TextDecoder('latin1').decode(rest.subarray(0, secondNewline)).replace(/\r$/, '');
    const fields = splitFields(secondLine);
    const numeric = fields.slice(1).every((field) => field !== '' && !Number.isNaN(Number(field)));
    return fields.length === header.dimensions + 1 && numeric ? 'word2vec-text' : 'word2vec-binary';
  }
  // No second line in the first 64 KiB: a text row of d numbers would have ended by now.
  return rest.length >= header.dimensions * 4 + 1 && header.dimensions * 30 < sniffBytes ? 'word2vec-binary' : 'word2vec-text';
}

/**
 * Loads an embedding from a run folder or any supported file, detecting the format unless given.
 * Malformed records fail with an error naming the file and line or record; with `skipInvalid`
 * they are left out and listed in the result.
 */
export async function loadEmbedding(path: string, options: LoadEmbeddingOptions = {}): Promise<ImportResult> {
  const format = options.format ?? (await detectEmbeddingFormat(path));
  const matrix = options.matrix ?? (format === 'run' ? runDefaultMatrix(path) : 'w');
  if (format !== 'run' && matrix !== 'w') {
    throw new FirthError('invalid-input', `${path} holds one matrix; the ${matrix.toUpperCase()} matrix comes only from a Firth run folder`, {
      field: 'matrix',
    });
  }
  switch (format) {
    case 'run':
      return readRunFolder(path, matrix, options);
    case 'word2vec-text':
      return readWord2vecText(path, options);
    case 'word2vec-binary':
      return readWord2vecBinary(path, options);
    case 'glove':
      return readGloveText(path, options);
    case 'csv':
      return readCsv(path, options);
    case 'projector':
      return readProjectorBundle(path, options);
    case 'npy': {
      const isFolder = (await stat(path)).isDirectory();
      return readNpyBundle(isFolder ? join(path, 'vectors.npy') : path, options);
    }
    default:
      throw new FirthError('invalid-input', `format must be one of run, ${embeddingFormats.join(', ')} (got "${String(format)}")`, { field: 'format' });
  }
}
