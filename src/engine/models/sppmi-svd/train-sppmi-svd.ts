import { FirthError } from '../../../shared/errors';
import type { SppmiSvdSettings } from '../../../shared/hyperparameters/sppmi-svd';
import type { Progress } from '../../../shared/progress';
import type { Kernels } from '../../compute/kernels';
import { countCooccurrences } from '../../cooccurrence/count';
import { contextVectors, wordPlusContextVectors, wordVectors } from '../../linalg/eigen-weighting';
import { nonZeroCount } from '../../compute/csr';
import { blockKrylovSvd, type SvdStatistics } from '../../linalg/block-krylov-svd';
import { randomizedSvd, type TruncatedSvd } from '../../linalg/randomized-svd';
import { sppmi } from '../../pmi/sppmi';

export interface SppmiSvdInput {
  /** The encoded corpus: word ids, −1 for out-of-vocabulary tokens, −2 at sentence ends. */
  ids: Int32Array;
  vocabularySize: number;
}

export interface SppmiSvdResult {
  dimensions: number;
  /** W = U·Σ^p, V×d row-major. */
  W: Float32Array;
  /** C = V·Σ^p. */
  C: Float32Array;
  /** W + C, when asked for. */
  WC?: Float32Array;
  singularValues: Float64Array;
  cooccurrenceCells: number;
  sppmiNonZeros: number;
  /** Block Krylov only: passes over the matrix, Krylov dimension, convergence, GFLOP/s. */
  svdStatistics?: SvdStatistics;
  timingsMs: { count: number; sppmi: number; svd: number };
}

export interface TrainOptions {
  kernels: Kernels;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** Counting threads (one per core when absent) and memory budget (count.ts's CountWork). */
  threads?: number;
  memoryBudgetBytes?: number;
}

/**
 * SPPMI-SVD (Levy & Goldberg 2014): count co-occurrences in a symmetric window, take
 * SPPMI(w,c) = max(PMI_α(w,c) − log k, 0), and factorise it by truncated SVD, SPPMI ≈ U·Σ·Vᵀ.
 * Word vectors W = U·Σ^p, context vectors C = V·Σ^p.
 */
/** How SPPMI-SVD counts co-occurrences from its settings: training and the theorem view agree on it. */
export function sppmiCountOptions(settings: SppmiSvdSettings) {
  return {
    window: settings.window,
    weighting: settings.weighting,
    subsample: settings.subsample,
    subsampleMode: settings.subsampleMode,
    oovMode: settings.oovMode,
    seed: settings.seed,
  };
}

export async function trainSppmiSvd(input: SppmiSvdInput, settings: SppmiSvdSettings, options: TrainOptions): Promise<SppmiSvdResult> {
  const { kernels, signal, onProgress } = options;
  const V = input.vocabularySize;
  if (settings.dimensions >= V) {
    throw new FirthError('invalid-input', `dimensions (${settings.dimensions}) must be smaller than the vocabulary (${V} words)`, { field: 'dimensions' });
  }
  const work = { signal, onProgress };
  const countWork = { ...work, threads: options.threads, memoryBudgetBytes: options.memoryBudgetBytes };
  const clock = () => performance.now();

  let started = clock();
  let counts: Awaited<ReturnType<typeof countCooccurrences>> | undefined = await countCooccurrences(
    input.ids,
    V,
    sppmiCountOptions(settings),
    countWork,
  );
  const countMs = clock() - started;
  const cooccurrenceCells = counts.rowPointers[counts.rows];
  if (cooccurrenceCells === 0) {
    throw new FirthError('invalid-input', 'The corpus has no co-occurring word pairs within the window: nothing to factorise', { field: 'window' });
  }

  started = clock();
  const matrix = await sppmi(counts, { cds: settings.cds, shiftK: settings.shiftK }, work);
  counts = undefined; // the float64 counts are the largest thing held: free them before the SVD
  const sppmiMs = clock() - started;
  const sppmiNonZeros = nonZeroCount(matrix);
  if (sppmiNonZeros === 0) {
    throw new FirthError('invalid-input', `No cell has PMI above log k = log ${settings.shiftK}: lower shift k`, { field: 'shiftK' });
  }

  started = clock();
  const svdProgress = (done: number, total: number) => onProgress?.({ phase: 'svd', done, total, unit: 'steps' });
  let svd: TruncatedSvd;
  let svdStatistics: SvdStatistics | undefined;
  if (settings.solver === 'randomized') {
    svd = await randomizedSvd(matrix, settings.dimensions, {
      kernels,
      seed: settings.seed,
      oversample: settings.oversample,
      powerIterations: settings.powerIterations,
      signal,
      onProgress: (progress) => svdProgress(progress.done, progress.total),
    });
  } else {
    const krylov = await blockKrylovSvd(matrix, settings.dimensions, {
      kernels,
      seed: settings.seed,
      signal,
      onProgress: (progress) => svdProgress(progress.done, progress.total),
    });
    svd = krylov;
    svdStatistics = krylov.statistics;
  }
  const svdMs = clock() - started;

  return {
    dimensions: settings.dimensions,
    W: wordVectors(svd, settings.eig),
    C: contextVectors(svd, settings.eig),
    ...(settings.wc ? { WC: wordPlusContextVectors(svd, settings.eig) } : {}),
    singularValues: svd.S,
    cooccurrenceCells,
    sppmiNonZeros,
    ...(svdStatistics ? { svdStatistics } : {}),
    timingsMs: { count: countMs, sppmi: sppmiMs, svd: svdMs },
  };
}
