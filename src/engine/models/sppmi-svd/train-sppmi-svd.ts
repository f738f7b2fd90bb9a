import { countOptionsOf } from '../../cooccurrence/count-options-of';
import { FirthError } from '../../../shared/errors';
import type { SppmiSvdSettings } from '../../../shared/hyperparameters/sppmi-svd';
import type { Progress } from '../../../shared/progress';
import type { Kernels } from '../../compute/kernels';
import { countCooccurrences, countCooccurrencesForSppmi } from '../../cooccurrence/count';
import { contextVectors, wordPlusContextVectors, wordVectors } from '../../linalg/eigen-weighting';
import { nonZeroCount, type CsrMatrix } from '../../compute/csr';
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
  /**
   * The SVD's kernels, or their start still under way: only the SVD uses them, so a caller may
   * start them (the backend probe, a GPU device or the worker pool, about 0.15 s) beside counting.
   */
  kernels: Kernels | Promise<Kernels>;
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
type Counts = Awaited<ReturnType<typeof countCooccurrences>>;

const countWorkOf = (options: TrainOptions) => ({
  signal: options.signal,
  onProgress: options.onProgress,
  threads: options.threads,
  memoryBudgetBytes: options.memoryBudgetBytes,
});

function checkCells(cells: number): number {
  if (cells === 0) {
    throw new FirthError('invalid-input', 'The corpus has no co-occurring word pairs within the window: nothing to factorise', { field: 'window' });
  }
  return cells;
}

function checkNonZeros(matrix: CsrMatrix, settings: SppmiSvdSettings): number {
  const nonZeros = nonZeroCount(matrix);
  if (nonZeros === 0) {
    throw new FirthError('invalid-input', `No cell has PMI above log k = log ${settings.shiftK}: lower shift k`, { field: 'shiftK' });
  }
  return nonZeros;
}

/** Stage 1: the co-occurrence counts of the corpus at the settings' window, weighting and subsampling. */
export async function countStage(input: SppmiSvdInput, settings: SppmiSvdSettings, options: TrainOptions): Promise<{ counts: Counts; cells: number }> {
  const counts = await countCooccurrences(input.ids, input.vocabularySize, countOptionsOf(settings), countWorkOf(options));
  return { counts, cells: checkCells(counts.rowPointers[counts.rows]) };
}

/** Stage 2: SPPMI of the counts at the settings' cds α and shift k. */
export async function sppmiStage(counts: Counts, settings: SppmiSvdSettings, options: TrainOptions): Promise<{ matrix: CsrMatrix; nonZeros: number }> {
  const matrix = await sppmi(counts, { cds: settings.cds, shiftK: settings.shiftK }, { signal: options.signal, onProgress: options.onProgress });
  return { matrix, nonZeros: checkNonZeros(matrix, settings) };
}

/**
 * Stages 1 and 2 for one training (a sweep keeps the counts for several SPPMI settings: countStage,
 * then sppmiStage): on worker threads SPPMI is made where N was counted, and N is never copied out
 * of their memory (count.ts's countCooccurrencesForSppmi; the same matrix bit for bit). The times
 * stay apart: counting ends when N is complete, SPPMI when its matrix is copied out.
 */
export async function countAndSppmiStages(
  input: SppmiSvdInput,
  settings: SppmiSvdSettings,
  options: TrainOptions,
): Promise<{ matrix: CsrMatrix; nonZeros: number; cells: number; countMs: number; sppmiMs: number }> {
  const clock = () => performance.now();
  const started = clock();
  const sppmiOptions = { cds: settings.cds, shiftK: settings.shiftK };
  const counted = await countCooccurrencesForSppmi(input.ids, input.vocabularySize, countOptionsOf(settings), sppmiOptions, countWorkOf(options));
  if ('counts' in counted) {
    const cells = checkCells(counted.counts.rowPointers[counted.counts.rows]);
    const countedAtMs = clock();
    const { matrix, nonZeros } = await sppmiStage(counted.counts, settings, options);
    return { matrix, nonZeros, cells, countMs: countedAtMs - started, sppmiMs: clock() - countedAtMs };
  }
  const cells = checkCells(counted.cells);
  const nonZeros = checkNonZeros(counted.sppmi, settings);
  return { matrix: counted.sppmi, nonZeros, cells, countMs: counted.countedAtMs - started, sppmiMs: clock() - counted.countedAtMs };
}

/**
 * Stage 3: the truncated SVD of the SPPMI matrix at `dimensions` singular triplets, by the settings'
 * solver; `start` warm-starts the block Krylov solver (a sweep's neighbouring grid point).
 */
export async function svdStage(
  matrix: CsrMatrix,
  dimensions: number,
  settings: SppmiSvdSettings,
  options: TrainOptions,
  start?: { vectors: Float32Array; columns: number },
): Promise<{ svd: TruncatedSvd; statistics?: SvdStatistics }> {
  const { signal, onProgress } = options;
  const kernels = await options.kernels;
  const svdProgress = (done: number, total: number) => onProgress?.({ phase: 'svd', done, total, unit: 'steps' });
  if (settings.solver === 'randomized') {
    const svd = await randomizedSvd(matrix, dimensions, {
      kernels,
      seed: settings.seed,
      oversample: settings.oversample,
      powerIterations: settings.powerIterations,
      signal,
      onProgress: (progress) => svdProgress(progress.done, progress.total),
    });
    return { svd };
  }
  const krylov = await blockKrylovSvd(matrix, dimensions, {
    kernels,
    seed: settings.seed,
    ...(start ? { start } : {}),
    signal,
    onProgress: (progress) => svdProgress(progress.done, progress.total),
  });
  return { svd: krylov, statistics: krylov.statistics };
}

/** The first d singular triplets of a larger truncated SVD: the same as an SVD at d, computed once. */
export function truncateSvd(svd: TruncatedSvd, d: number): TruncatedSvd {
  if (d === svd.rank) return svd;
  if (d > svd.rank) throw new FirthError('internal', `Cannot truncate an SVD of rank ${svd.rank} to ${d}`);
  const keep = (factor: Float32Array, count: number) => {
    const out = new Float32Array(count * d);
    for (let row = 0; row < count; row++) out.set(factor.subarray(row * svd.rank, row * svd.rank + d), row * d);
    return out;
  };
  return { ...svd, rank: d, U: keep(svd.U, svd.rows), V: keep(svd.V, svd.columns), S: svd.S.slice(0, d) };
}

/** Stage 4: word and context vectors (and w + c) of a truncated SVD at the settings' eigenvalue weighting p. */
export function vectorsStage(svd: TruncatedSvd, settings: SppmiSvdSettings): Pick<SppmiSvdResult, 'W' | 'C' | 'WC' | 'singularValues' | 'dimensions'> {
  return {
    dimensions: svd.rank,
    W: wordVectors(svd, settings.eig),
    C: contextVectors(svd, settings.eig),
    ...(settings.wc ? { WC: wordPlusContextVectors(svd, settings.eig) } : {}),
    singularValues: svd.S,
  };
}

/** Refuses d ≥ V before any work. */
export function checkDimensions(dimensions: number, vocabularySize: number): void {
  if (dimensions >= vocabularySize) {
    throw new FirthError('invalid-input', `dimensions (${dimensions}) must be smaller than the vocabulary (${vocabularySize} words)`, { field: 'dimensions' });
  }
}

export async function trainSppmiSvd(input: SppmiSvdInput, settings: SppmiSvdSettings, options: TrainOptions): Promise<SppmiSvdResult> {
  checkDimensions(settings.dimensions, input.vocabularySize);
  const clock = () => performance.now();

  // The float64 counts, the largest thing held, are not kept past SPPMI (when made at all).
  const { matrix, nonZeros, cells, countMs, sppmiMs } = await countAndSppmiStages(input, settings, options);

  const started = clock();
  const { svd, statistics } = await svdStage(matrix, settings.dimensions, settings, options);
  const svdMs = clock() - started;

  return {
    ...vectorsStage(svd, settings),
    cooccurrenceCells: cells,
    sppmiNonZeros: nonZeros,
    ...(statistics ? { svdStatistics: statistics } : {}),
    timingsMs: { count: countMs, sppmi: sppmiMs, svd: svdMs },
  };
}
