// The "theorem" view of a run: how close a trained model comes to the matrix it implicitly factorises.
//
//   sgns       Levy & Goldberg (2014): w·c → PMI_α(w, c) − log k per cell; sampled cells of both sides.
//   sppmi-svd  the rank-d SVD keeps Σ_{i≤d} σᵢ² of ‖SPPMI‖²_F (Eckart–Young): the share it keeps.
//
// Both rebuild the run's co-occurrence counts from its corpus and settings (run.json), through the
// corpus cache, exactly as the trainers counted them.

import { checkRegularFile } from '../../engine/io/regular-file';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Theorem } from '../../shared/compare';
import { FirthError } from '../../shared/errors';
import { CorpusSettingsSchema } from '../../shared/hyperparameters/corpus';
import { SgnsSettingsSchema } from '../../shared/hyperparameters/sgns';
import { SppmiSvdSettingsSchema } from '../../shared/hyperparameters/sppmi-svd';
import type { Progress } from '../../shared/progress';
import { theoremSample } from '../../engine/compare/theorem-sample';
import { countCooccurrences } from '../../engine/cooccurrence/count';
import { loadOrBuildCorpus, type CachedCorpus } from '../../engine/corpus/corpus-cache';
import { parseNpyHeader, readNpyMatrix, type NpyMatrix } from '../../engine/formats/npy';
import { throwIfCancelled } from '../../engine/long-work';
import { sppmi } from '../../engine/pmi/sppmi';
import { sppmiCountOptions } from '../../engine/models/sppmi-svd';

export interface TheoremRequest {
  /** A run folder written by a trainer: run.json, vocab.tsv, W.npy, C.npy (…). */
  folder: string;
  /** SGNS: the most cells to sample (stratified by count). */
  sample: number;
  seed: number;
  /** Where prepared corpora are cached (data folder/cache/corpora). */
  cacheFolder: string;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

interface RunJson {
  model: string;
  corpusFile: string;
  corpusSha256: string | undefined;
  vocabularySize: number | undefined;
  corpusSettings: unknown;
  modelSettings: unknown;
}

export async function computeTheorem(input: TheoremRequest): Promise<Theorem> {
  const run = readRunJson(input.folder);
  if (run.model === 'sgns') return sgnsTheorem(input, run);
  if (run.model === 'sppmi-svd') return sppmiSvdTheorem(input, run);
  const file = join(input.folder, 'run.json');
  throw new FirthError('invalid-input', `${file}: model "${run.model}" has no theorem view (sgns and sppmi-svd have)`, { file, field: 'model' });
}

async function sgnsTheorem(input: TheoremRequest, run: RunJson): Promise<Theorem> {
  const { folder, signal, onProgress } = input;
  const settings = parseSettings(folder, 'settings.model', () => SgnsSettingsSchema.parse(run.modelSettings ?? {}));
  const contextFile = join(folder, 'C.npy');
  if (!existsSync(contextFile)) {
    throw new FirthError(
      'invalid-input',
      `${folder} has no context vectors (C.npy): the theorem view needs them to compute w·c. Train the run again to write ${contextFile}.`,
      { file: contextFile },
    );
  }
  const wordFile = join(folder, 'W.npy');
  if (!existsSync(wordFile)) throw new FirthError('not-found', `${wordFile} does not exist: this run has no word vectors`, { file: wordFile });

  const corpus = await rebuildCorpus(input, run);
  const V = corpus.vocabulary.words.length;
  // SGNS discards subsampled tokens before windowing (word2vec.c), hence 'dirty'. The count module
  // keeps a token with probability √(t/f) (hyperwords), where word2vec keeps √(t/f) + t/f, and draws
  // once where SGNS draws again every epoch: close to, not exactly, the pairs SGNS saw.
  const counts = await countCooccurrences(
    corpus.ids,
    V,
    {
      window: settings.window,
      // word2vec shrinks the window at random, uniformly on 1…L: expected weight (L − d + 1)/L.
      weighting: settings.fixedWindow ? 'flat' : 'dyn',
      subsample: settings.subsample,
      subsampleMode: 'dirty',
      oovMode: 'dirty',
      seed: settings.seed,
    },
    { signal, onProgress },
  );
  const W = await readVectors(wordFile, V);
  const C = await readVectors(contextFile, V);
  if (C.columns !== W.columns) {
    throw new FirthError('corrupt-file', `${contextFile} is ${C.rows}×${C.columns} but W.npy is ${W.rows}×${W.columns}`, { file: contextFile });
  }
  throwIfCancelled(signal);

  const sample = theoremSample({
    counts,
    alpha: settings.nsExponent,
    k: settings.negative,
    W: W.values,
    C: C.values,
    d: W.columns,
    sampleSize: input.sample,
    seed: input.seed,
  });
  if (!Number.isFinite(sample.pearson) || !Number.isFinite(sample.spearman)) {
    throw new FirthError('invalid-input', `${input.folder}: ${sample.row.length} observed cells are too few (or too uniform) to correlate w·c with PMI`, { file: input.folder });
  }
  const words = corpus.vocabulary.words;
  return {
    model: 'sgns',
    negatives: settings.negative,
    alpha: settings.nsExponent,
    window: settings.window,
    cells: sample.cells,
    sampled: sample.row.length,
    shiftedPmi: Array.from(sample.shiftedPmi),
    dot: Array.from(sample.dot),
    count: Array.from(sample.count),
    pearson: sample.pearson,
    spearman: sample.spearman,
    words: Array.from(sample.row, (row) => words[row]),
    contexts: Array.from(sample.column, (column) => words[column]),
  };
}

async function sppmiSvdTheorem(input: TheoremRequest, run: RunJson): Promise<Theorem> {
  const { folder, signal, onProgress } = input;
  const settings = parseSettings(folder, 'settings.model', () => SppmiSvdSettingsSchema.parse(run.modelSettings ?? {}));
  const singularValues = readSingularValues(folder);
  const corpus = await rebuildCorpus(input, run);
  const work = { signal, onProgress };
  // The same counts and SPPMI as trainSppmiSvd (engine/models/sppmi-svd.ts).
  const counts = await countCooccurrences(corpus.ids, corpus.vocabulary.words.length, sppmiCountOptions(settings), work);
  const matrix = await sppmi(counts, { cds: settings.cds, shiftK: settings.shiftK }, work);
  let frobeniusSquared = 0;
  for (const value of matrix.values) frobeniusSquared += value * value;
  let kept = 0;
  for (const value of singularValues) kept += value * value;
  return {
    model: 'sppmi-svd',
    dimensions: singularValues.length,
    singularValues: Array.from(singularValues),
    energy: frobeniusSquared > 0 ? kept / frobeniusSquared : 0,
    frobeniusSquared,
  };
}

function readRunJson(folder: string): RunJson {
  const file = join(folder, 'run.json');
  if (!existsSync(file)) {
    throw new FirthError('not-found', `${file} does not exist: ${folder} is not a Firth run folder (or its training did not finish)`, { file });
  }
  let record: Record<string, unknown>;
  checkRegularFile(file, 'a run record');
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new FirthError('corrupt-file', `${file} is not valid JSON: ${(error as Error).message}`, { file });
  }
  if (typeof record !== 'object' || record === null) throw new FirthError('corrupt-file', `${file} does not hold a run record`, { file });
  const corpus = (record.corpus ?? {}) as Record<string, unknown>;
  const settings = (record.settings ?? {}) as Record<string, unknown>;
  if (typeof record.model !== 'string') throw new FirthError('corrupt-file', `${file} names no model`, { file, field: 'model' });
  if (typeof corpus.file !== 'string' || corpus.file === '') {
    throw new FirthError('corrupt-file', `${file} does not say which corpus the run was trained on (corpus.file)`, { file, field: 'corpus.file' });
  }
  return {
    model: record.model,
    corpusFile: corpus.file,
    corpusSha256: typeof corpus.sha256 === 'string' ? corpus.sha256 : undefined,
    vocabularySize: typeof record.vocabularySize === 'number' ? record.vocabularySize : undefined,
    corpusSettings: settings.corpus,
    modelSettings: settings.model,
  };
}

function parseSettings<T>(folder: string, field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const file = join(folder, 'run.json');
    throw new FirthError('corrupt-file', `${file}: ${field} cannot be read: ${(error as Error).message}`, { file, field });
  }
}

/** The run's corpus as it was trained on, from the cache or rebuilt; refused if the file changed since. */
async function rebuildCorpus(input: TheoremRequest, run: RunJson): Promise<CachedCorpus> {
  const corpusSettings = parseSettings(input.folder, 'settings.corpus', () => CorpusSettingsSchema.parse(run.corpusSettings ?? {}));
  if (!existsSync(run.corpusFile)) {
    throw new FirthError('not-found', `${run.corpusFile}, the corpus this run was trained on, does not exist: the theorem view recounts it`, {
      file: run.corpusFile,
    });
  }
  const corpus = await loadOrBuildCorpus(run.corpusFile, corpusSettings, input.cacheFolder, { signal: input.signal, onProgress: input.onProgress });
  const changed =
    (run.corpusSha256 !== undefined && corpus.statistics.sha256 !== run.corpusSha256) ||
    (run.vocabularySize !== undefined && corpus.vocabulary.words.length !== run.vocabularySize);
  if (changed) {
    throw new FirthError('invalid-input', `${run.corpusFile} has changed since the run in ${input.folder} was trained: its counts cannot be rebuilt`, {
      file: run.corpusFile,
    });
  }
  return corpus;
}

async function readVectors(file: string, rows: number): Promise<NpyMatrix> {
  const matrix = await readNpyMatrix(file);
  if (matrix.rows !== rows) {
    throw new FirthError('corrupt-file', `${file} has ${matrix.rows} rows but the run's vocabulary has ${rows} words`, { file });
  }
  return matrix;
}

/** singular-values.npy: a 1-D float64 (or float32) vector, as trainSppmiSvd writes it. */
function readSingularValues(folder: string): Float64Array {
  const file = join(folder, 'singular-values.npy');
  if (!existsSync(file)) throw new FirthError('not-found', `${file} does not exist: the theorem view needs the run's singular values`, { file });
  const bytes = new Uint8Array(readFileSync(file));
  const header = parseNpyHeader(bytes, file);
  const itemBytes = header.descr === '<f8' ? 8 : header.descr === '<f4' ? 4 : 0;
  if (itemBytes === 0 || header.shape.length !== 1) {
    throw new FirthError('corrupt-file', `${file} must be a 1-D float64 vector (found ${header.descr}, shape (${header.shape.join(', ')}))`, { file });
  }
  const count = header.shape[0];
  if (bytes.length - header.dataOffset < count * itemBytes) throw new FirthError('corrupt-file', `${file} is cut short`, { file });
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset, count * itemBytes);
  return Float64Array.from({ length: count }, (_, index) => (itemBytes === 8 ? view.getFloat64(index * 8, true) : view.getFloat32(index * 4, true)));
}
