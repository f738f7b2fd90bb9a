// A run's factors as the theorem view needs them, read by the files the run folder holds, whatever
// its model: W.npy and C.npy (every model writes both), b and b̃ when the run has biases (GloVe),
// and for SPPMI-SVD the singular values, to set the eigenvalue weighting to ½ — W = U·Σ^½ and
// C = V·Σ^½, so that w·c is the rank-d SVD's own cell of SPPMI whatever p the run was saved with.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FirthError } from '../../shared/errors';
import { readNpyMatrix, readNpyVector } from '../../engine/formats/npy';
import { scaleColumns, symmetricSplitScale } from '../../engine/models/sppmi-svd/symmetric-split';
import { ImportProblems } from '../../engine/formats/import-problems';
import { readWordList } from '../../engine/formats/vocabulary-files';
import type { FactorPair } from '../../engine/theorem/factor-pair';

/** The bias files a run with biases writes: b (one per word) and b̃ (one per context). */
export const wordBiasFile = 'word-biases.npy';
export const contextBiasFile = 'context-biases.npy';

export interface RunFactors {
  pair: FactorPair;
  /** vocab.tsv's words, in row order. */
  words: string[];
}

/** Whether a run folder stores biases (b and b̃), before reading anything. */
export function hasBiasFiles(folder: string): boolean {
  return existsSync(join(folder, wordBiasFile)) && existsSync(join(folder, contextBiasFile));
}

/** W, C (rescaled to Σ^½ when `eig` is given and not ½), biases if present, and the words. */
export async function readRunFactors(folder: string, options: { eig?: number; signal?: AbortSignal } = {}): Promise<RunFactors> {
  const wordFile = join(folder, 'W.npy');
  const contextFile = join(folder, 'C.npy');
  if (!existsSync(wordFile)) throw new FirthError('not-found', `${wordFile} does not exist: this run has no word vectors`, { file: wordFile });
  if (!existsSync(contextFile)) {
    throw new FirthError('invalid-input', `${folder} has no context vectors (C.npy): the theorem view needs them to compute w·c. Train the run again to write ${contextFile}.`, {
      file: contextFile,
    });
  }
  const vocabularyFile = join(folder, 'vocab.tsv');
  if (!existsSync(vocabularyFile)) throw new FirthError('not-found', `${vocabularyFile} does not exist: the run's words are unknown`, { file: vocabularyFile });
  const { words } = await readWordList(vocabularyFile, new ImportProblems(vocabularyFile, false), { withCounts: true, signal: options.signal });
  const W = await readNpyMatrix(wordFile);
  const C = await readNpyMatrix(contextFile);
  if (C.rows !== W.rows || C.columns !== W.columns) {
    throw new FirthError('corrupt-file', `${contextFile} is ${C.rows}×${C.columns} but W.npy is ${W.rows}×${W.columns}`, { file: contextFile });
  }
  if (W.rows !== words.length) {
    throw new FirthError('corrupt-file', `${wordFile} has ${W.rows} rows but ${vocabularyFile} has ${words.length} words`, { file: wordFile });
  }
  const pair: FactorPair = { rows: W.rows, dimensions: W.columns, W: W.values, C: C.values };
  if (options.eig !== undefined && options.eig !== 0.5) rescaleToHalf(folder, pair, options.eig);
  if (hasBiasFiles(folder)) {
    pair.wordBias = Float32Array.from(readNpyVector(join(folder, wordBiasFile), W.rows));
    pair.contextBias = Float32Array.from(readNpyVector(join(folder, contextBiasFile), W.rows));
  }
  return { pair, words };
}

/** W = U·Σ^p → U·Σ^½: column i times σᵢ^(½ − p) (σᵢ = 0 stays 0 when p > ½: U's column is gone). */
function rescaleToHalf(folder: string, pair: FactorPair, eig: number): void {
  const file = join(folder, 'singular-values.npy');
  if (!existsSync(file)) throw new FirthError('not-found', `${file} does not exist: the run's W and C cannot be set to U·Σ^½ and V·Σ^½ without it`, { file });
  scaleColumns([pair.W, pair.C], symmetricSplitScale(readNpyVector(file, pair.dimensions), eig, pair.dimensions));
}

