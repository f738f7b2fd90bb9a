// Warm start from an SPPMI-SVD run: its W = U·Σ^p and C = V·Σ^p become U·Σ^½ and V·Σ^½ (the
// symmetric split of the SVD), so MF-SGNS starts from the explicit factorisation of SPPMI.

import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FirthError } from '../../../shared/errors';
import { isModelId, models } from '../../../shared/models';
import { readNpyMatrix, readNpyVector } from '../../formats/npy';
import { readRunRecord } from '../../formats/run-record';
import { scaleColumns, symmetricSplitScale } from '../sppmi-svd/symmetric-split';
import { parseVocabularyTsv } from '../../corpus/vocabulary-tsv';
import { fileSystemError } from '../../io/file-errors';

export interface WarmStart {
  /** V×d in word order. */
  W: Float32Array;
  C: Float32Array;
}

async function readTextFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw fileSystemError(error, 'read', file);
  }
}

/** What a warm start's errors call the run: its id (the folder's name) and the folder. */
const runName = (folder: string) => `"${basename(folder)}" (${folder})`;

/**
 * The SPPMI-SVD run a warm start reads, checked through its run.json (read as every run.json is,
 * version and schema checked): an SPPMI-SVD run, with `dimensions` when that is known. Errors name
 * the run. Returns the eigenvalue weight p its W = U·Σ^p was saved with.
 */
export function checkSppmiSvdRun(folder: string, dimensions?: number): { eig: number } {
  let record;
  try {
    record = readRunRecord(folder);
  } catch (error) {
    if (error instanceof FirthError) throw new FirthError(error.code, `init: the run ${runName(folder)} cannot be read: ${error.message}`, { ...error.where, field: 'init' });
    throw error;
  }
  if (record.model !== 'sppmi-svd') {
    const model = isModelId(record.model) ? models[record.model].label : record.model;
    throw new FirthError('invalid-input', `init: the run ${runName(folder)} is a run of ${model}; a warm start needs an SPPMI-SVD run`, { field: 'init' });
  }
  if (dimensions !== undefined && record.dimensions !== undefined && record.dimensions !== dimensions) {
    throw new FirthError('invalid-input', `init: the SPPMI-SVD run ${runName(folder)} has ${record.dimensions} dimensions but this run asks for ${dimensions}`, { field: 'init' });
  }
  const eig = record.settings.model?.eig;
  return { eig: typeof eig === 'number' ? eig : 0.5 };
}

/**
 * Reads an SPPMI-SVD run folder and checks it against this run: the same words in the same order
 * (when `words` is known, else the same number) and the same dimensions; errors name the run and both values.
 */
export async function loadSppmiSvdWarmStart(folder: string, words: readonly string[] | undefined, V: number, dimensions: number): Promise<WarmStart> {
  const { eig } = checkSppmiSvdRun(folder, dimensions);
  const vocabularyFile = join(folder, 'vocab.tsv');
  const theirs = parseVocabularyTsv(await readTextFile(vocabularyFile), vocabularyFile).words;
  if (theirs.length !== V) {
    throw new FirthError(
      'invalid-input',
      `init: the SPPMI-SVD run ${runName(folder)} has ${theirs.length} words but this run has ${V}: use the same corpus, corpus settings and vocabulary cap`,
      { field: 'init' },
    );
  }
  if (words) {
    const first = theirs.findIndex((word, index) => word !== words[index]);
    if (first >= 0) {
      throw new FirthError(
        'invalid-input',
        `init: word ${first + 1} of the SPPMI-SVD run ${runName(folder)} is "${theirs[first]}" but this run's is "${words[first]}": the vocabularies differ`,
        { field: 'init' },
      );
    }
  }
  const [W, C] = [await readNpyMatrix(join(folder, 'W.npy')), await readNpyMatrix(join(folder, 'C.npy'))];
  if (W.columns !== dimensions || C.columns !== dimensions || W.rows !== V || C.rows !== V) {
    throw new FirthError(
      'invalid-input',
      `init: the SPPMI-SVD run ${runName(folder)} has ${W.rows}×${W.columns} vectors but this run needs ${V}×${dimensions}`,
      { field: 'init' },
    );
  }
  if (eig !== 0.5) {
    // U·Σ^½ = (U·Σ^p)·Σ^(½ − p), column by column.
    scaleColumns([W.values, C.values], symmetricSplitScale(readNpyVector(join(folder, 'singular-values.npy'), dimensions), eig, dimensions));
  }
  return { W: W.values, C: C.values };
}
