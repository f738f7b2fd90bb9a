// The theorem view of a run: how close a trained model comes to the matrix it factorises (Levy &
// Goldberg 2014: SGNS with k negatives has its per-cell optimum at w·c = PMI_α − log k), over every
// observed cell of the run's own counts, rebuilt from its corpus and settings (run.json) through the
// corpus cache exactly as the trainers counted them; and the full-matrix SGNS loss of every run of
// the project on shared words and counts. Any run with W.npy and C.npy has a theorem view: the
// settings and files say what its score and target are (theorem-profile.ts, run-vectors.ts).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Theorem } from '../../shared/compare';
import { FirthError } from '../../shared/errors';
import { CorpusSettingsSchema } from '../../shared/hyperparameters/corpus';
import type { Progress } from '../../shared/progress';
import { createKernels } from '../../engine/compute/create-kernels';
import type { Kernels } from '../../engine/compute/kernels';
import { countCooccurrences } from '../../engine/cooccurrence/count';
import { loadOrBuildCorpus, type CachedCorpus } from '../../engine/corpus/corpus-cache';
import { throwIfCancelled, type LongWorkOptions } from '../../engine/long-work';
import type { CooccurrenceMatrix } from '../../engine/cooccurrence/cooccurrence-matrix';
import { sppmi } from '../../engine/pmi/sppmi';
import { theoremFigures } from '../../engine/theorem/theorem-figures';
import { theoremSentence } from '../../engine/theorem/theorem-sentence';
import { readRunRecord, runRecordPath, type StoredRunRecord } from '../runs/run-record';
import { objectiveRun, projectLosses, projectRuns } from './project-losses';
import { hasBiasFiles, readRunFactors, type RunFactors } from './run-vectors';
import { readNpyVector } from '../../engine/formats/npy';
import { theoremProfile, type TheoremProfile } from './theorem-profile';

export interface TheoremRequest {
  /** A run folder written by a trainer: run.json, vocab.tsv, W.npy, C.npy (…). */
  folder: string;
  /** The loss table covers the first N words every run shares (default 5,000). */
  lossVocabulary?: number;
  /** Where prepared corpora are cached (data folder/cache/corpora). */
  cacheFolder: string;
  /** Threads of the counting and of the loss's matrix products; one per core when absent. */
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

export async function computeTheorem(input: TheoremRequest): Promise<Theorem> {
  const { folder, signal, onProgress } = input;
  const work = { signal, onProgress };
  const record = readRunRecord(folder);
  const profile = theoremProfile(record, folder, hasBiasFiles(folder));
  const factors = await readRunFactors(folder, { eig: profile.eig, signal });
  const { pair } = factors;
  const { counts, noiseCounts } = await runCounts(input, { folder, record, profile, factors });
  throwIfCancelled(signal);

  const figures = await theoremFigures(
    {
      counts,
      noiseCounts,
      pair,
      target: profile.target,
      k: profile.k,
      alpha: profile.alpha,
      weight: profile.loss === 'glove' ? 'glove' : 'sgns',
      negativeTerm: profile.negativeTerm,
      xMax: profile.xMax,
      gloveExponent: profile.gloveExponent,
    },
    work,
  );

  const project = await projectRuns({ folder, record, profile, factors }, work);
  const objective = objectiveRun(project);
  const objectiveCounts = objective.current ? { counts, noiseCounts } : await runCounts(input, objective);
  const kernels = await cpuKernels(input.threads);
  let loss: Theorem['loss'];
  try {
    const matmul = kernels && ((...args: Parameters<Kernels['matmul']>) => kernels.matmul(...args));
    loss = await projectLosses(project, { run: objective, ...objectiveCounts }, { words: input.lossVocabulary ?? 5_000, matmul }, work);
  } finally {
    await kernels?.dispose();
  }

  const spectrum = profile.loss === 'svd' ? await sppmiSpectrum(folder, counts, profile.k, profile.alpha, work) : undefined;
  const biased = pair.wordBias !== undefined;
  const targetLabel = profile.target === 'shifted-pmi' ? 'PMI − log k' : 'log N';
  return {
    model: record.model,
    target: profile.target,
    targetLabel,
    scoreLabel: biased ? 'w·c + b + b̃' : 'w·c',
    negatives: profile.k,
    alpha: profile.alpha,
    window: profile.counting.window,
    weighting: profile.counting.weighting,
    vocabulary: pair.rows,
    dimensions: pair.dimensions,
    ...figures,
    negativeTerm: profile.negativeTerm,
    weightLabel:
      profile.loss === 'glove'
        ? `GloVe's f(N) = min(1, (N/${profile.xMax})^${profile.gloveExponent})`
        : profile.negativeTerm === 'hilbert'
          ? "the SGNS cell weight with hilbert's negative term, N_ij + k·(N_i − N_ij)·P_α(j)"
          : 'the SGNS cell weight N_ij + k·N_i·P_α(j)',
    loss,
    sentence: theoremSentence({
      target: profile.target,
      loss: profile.loss,
      bands: figures.bands,
      weightedPearson: figures.weightedPearson,
      vocabulary: pair.rows,
      dimensions: pair.dimensions,
      negativeTerm: profile.negativeTerm,
    }),
    ...(spectrum ? { spectrum } : {}),
  };
}

/** SPPMI-SVD: its singular values and the share of ‖SPPMI‖²_F they keep (Eckart–Young), when the run stored them. */
async function sppmiSpectrum(folder: string, counts: CooccurrenceMatrix, k: number, alpha: number, work: LongWorkOptions): Promise<Theorem['spectrum']> {
  const file = join(folder, 'singular-values.npy');
  if (!existsSync(file)) return undefined;
  const singularValues = Array.from(readNpyVector(file));
  const matrix = await sppmi(counts, { cds: alpha, shiftK: k }, work);
  let frobeniusSquared = 0;
  for (const value of matrix.values) frobeniusSquared += value * value;
  const kept = singularValues.reduce((sum, value) => sum + value * value, 0);
  return { singularValues, energy: frobeniusSquared > 0 ? kept / frobeniusSquared : 0, frobeniusSquared };
}

/** A run's co-occurrence counts, as it trained on them, and what its P_α is made of. */
async function runCounts(
  input: TheoremRequest,
  run: { folder: string; record: StoredRunRecord; profile: TheoremProfile; factors: RunFactors },
): Promise<{ counts: CooccurrenceMatrix; noiseCounts?: Float64Array }> {
  const rows = run.factors.pair.rows;
  const corpus = await rebuildCorpus(input, run.folder, run.record, run.factors.words);
  const counts = await countCooccurrences(capVocabulary(corpus.ids, rows), rows, run.profile.counting, {
    signal: input.signal,
    onProgress: input.onProgress,
    threads: input.threads,
  });
  if (counts.rowPointers[counts.rows] === 0) {
    throw new FirthError('invalid-input', `${run.record.corpus.file} has no co-occurring word pairs within the window of ${run.folder}: there is no matrix to compare with`, {
      file: run.record.corpus.file,
    });
  }
  return { counts, noiseCounts: run.profile.noise === 'unigram' ? corpus.vocabulary.counts.slice(0, rows) : undefined };
}

/** The matrix products of the loss on the cpu backend; plain TypeScript (slower, same sums) if it cannot start. */
async function cpuKernels(threads: number | undefined): Promise<Kernels | undefined> {
  try {
    return await createKernels('cpu', { threads });
  } catch {
    return undefined;
  }
}

/** A run trained on its R most frequent words only (a vocabulary cap): the other words are out of vocabulary. */
function capVocabulary(ids: Int32Array, rows: number): Int32Array {
  let capped = false;
  for (let index = 0; index < ids.length && !capped; index++) capped = ids[index] >= rows;
  if (!capped) return ids;
  return ids.map((id) => (id >= rows ? -1 : id));
}

/** The run's corpus as it was trained on, from the cache or rebuilt; refused if the file or its words changed since. */
async function rebuildCorpus(input: TheoremRequest, folder: string, record: StoredRunRecord, words: string[]): Promise<CachedCorpus> {
  const file = record.corpus.file;
  let corpusSettings;
  try {
    corpusSettings = CorpusSettingsSchema.parse(record.settings.corpus ?? {});
  } catch (error) {
    const recordFile = runRecordPath(folder);
    throw new FirthError('corrupt-file', `${recordFile}: settings.corpus cannot be read: ${(error as Error).message}`, { file: recordFile, field: 'settings.corpus' });
  }
  if (!existsSync(file)) {
    throw new FirthError('not-found', `${file}, the corpus this run was trained on, does not exist: the theorem view recounts it`, { file });
  }
  const corpus = await loadOrBuildCorpus(file, corpusSettings, input.cacheFolder, { signal: input.signal, onProgress: input.onProgress });
  const vocabulary = corpus.vocabulary.words;
  const changed =
    (record.corpus.sha256 !== undefined && corpus.statistics.sha256 !== record.corpus.sha256) ||
    words.length > vocabulary.length ||
    words.some((word, row) => vocabulary[row] !== word);
  if (changed) throw new FirthError('invalid-input', `${file} has changed since the run in ${folder} was trained: its counts cannot be rebuilt`, { file });
  return corpus;
}
