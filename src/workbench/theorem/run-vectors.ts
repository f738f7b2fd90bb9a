// A run's factors as the theorem view needs them, read by the files the run folder holds, whatever
// its model: W.npy and C.npy (every model writes both), b and b̃ when the run has biases (GloVe),
// and for SPPMI-SVD the singular values, to set the eigenvalue weighting to ½ — W = U·Σ^½ and
// C = V·Σ^½, so that w·c is the rank-d SVD's own cell of SPPMI whatever p the run was saved with.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FirthError } from '../../shared/errors';
import { parseNpyHeader, readNpyMatrix } from '../../engine/formats/npy';
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
    pair.wordBias = Float32Array.from(readVector(join(folder, wordBiasFile), W.rows));
    pair.contextBias = Float32Array.from(readVector(join(folder, contextBiasFile), W.rows));
  }
  return { pair, words };
}

/** W = U·Σ^p → U·Σ^½: column i times σᵢ^(½ − p) (σᵢ = 0 stays 0 when p > ½: U's column is gone). */
function rescaleToHalf(folder: string, pair: FactorPair, eig: number): void {
  const file = join(folder, 'singular-values.npy');
  if (!existsSync(file)) throw new FirthError('not-found', `${file} does not exist: the run's W and C cannot be set to U·Σ^½ and V·Σ^½ without it`, { file });
  const singularValues = readVector(file, pair.dimensions);
  const scale = Array.from(singularValues, (value) => (value > 0 ? Math.pow(value, 0.5 - eig) : 0));
  const d = pair.dimensions;
  for (const matrix of [pair.W, pair.C]) for (let index = 0; index < matrix.length; index++) matrix[index] *= scale[index % d];
}

/** A 1-D float32 or float64 .npy vector (shape (n,) or (n, 1)) of `length` values (any length when absent). */
export function readVector(file: string, length?: number): Float64Array {
  const bytes = new Uint8Array(readFileSync(file));
  const header = parseNpyHeader(bytes, file);
  const itemBytes = header.descr === '<f8' ? 8 : header.descr === '<f4' ? 4 : 0;
  const count = header.shape[0];
  if (itemBytes === 0 || !(header.shape.length === 1 || (header.shape.length === 2 && header.shape[1] === 1))) {
    throw new FirthError('corrupt-file', `${file} must be a 1-D float32 or float64 vector (found ${header.descr}, shape (${header.shape.join(', ')}))`, { file });
  }
  if (length !== undefined && count !== length) throw new FirthError('corrupt-file', `${file} holds ${count} values where ${length} are expected`, { file });
  if (bytes.length - header.dataOffset < count * itemBytes) throw new FirthError('corrupt-file', `${file} is cut short`, { file });
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset, count * itemBytes);
  return Float64Array.from({ length: count }, (_, index) => (itemBytes === 8 ? view.getFloat64(index * 8, true) : view.getFloat32(index * 4, true)));
}
