// Warm start from an SPPMI-SVD run: its W = U·Σ^p and C = V·Σ^p become U·Σ^½ and V·Σ^½ (the
// symmetric split of the SVD), so MF-SGNS starts from the explicit factorisation of SPPMI.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FirthError } from '../../../shared/errors';
import { readNpyMatrix, readNpyVector } from '../../formats/npy';
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

/**
 * Reads an SPPMI-SVD run folder and checks it against this run: the same words in the same order
 * (when `words` is known, else the same number) and the same dimensions; errors name both.
 */
export async function loadSppmiSvdWarmStart(folder: string, words: readonly string[] | undefined, V: number, dimensions: number): Promise<WarmStart> {
  const recordFile = join(folder, 'run.json');
  const text = await readTextFile(recordFile);
  let record: { model?: unknown; settings?: { model?: { eig?: unknown } } };
  try {
    record = JSON.parse(text) as typeof record;
  } catch {
    throw new FirthError('corrupt-file', `init: ${recordFile} is not JSON`, { field: 'init', file: recordFile });
  }
  if (record.model !== 'sppmi-svd') {
    throw new FirthError('invalid-input', `init: ${folder} is a ${String(record.model)} run; a warm start needs an SPPMI-SVD run`, { field: 'init' });
  }
  const eig = typeof record.settings?.model?.eig === 'number' ? record.settings.model.eig : 0.5;

  const vocabularyFile = join(folder, 'vocab.tsv');
  const theirs = parseVocabularyTsv(await readTextFile(vocabularyFile), vocabularyFile).words;
  if (theirs.length !== V) {
    throw new FirthError('invalid-input', `init: the SPPMI-SVD run ${folder} has ${theirs.length} words but this run has ${V}: use the same corpus settings and vocabulary cap`, { field: 'init' });
  }
  if (words) {
    const first = theirs.findIndex((word, index) => word !== words[index]);
    if (first >= 0) {
      throw new FirthError('invalid-input', `init: word ${first + 1} of the SPPMI-SVD run ${folder} is "${theirs[first]}" but this run's is "${words[first]}": the vocabularies differ`, { field: 'init' });
    }
  }
  const [W, C] = [await readNpyMatrix(join(folder, 'W.npy')), await readNpyMatrix(join(folder, 'C.npy'))];
  if (W.columns !== dimensions || C.columns !== dimensions || W.rows !== V || C.rows !== V) {
    throw new FirthError('invalid-input', `init: the SPPMI-SVD run ${folder} has ${W.columns} dimensions but this run asks for ${dimensions}`, { field: 'init' });
  }
  if (eig !== 0.5) {
    // U·Σ^½ = (U·Σ^p)·Σ^(½ − p), column by column.
    scaleColumns([W.values, C.values], symmetricSplitScale(readNpyVector(join(folder, 'singular-values.npy'), dimensions), eig, dimensions));
  }
  return { W: W.values, C: C.values };
}
