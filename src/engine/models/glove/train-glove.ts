// GloVe (Pennington et al. 2014) as the reference C code trains it: counts with 1/distance weights,
// the non-zero cells shuffled once, then `iterations` passes of per-cell AdaGrad over them
// (compute/reference/glove-epoch.ts). The counts are Firth's own (cooccurrence/), so GloVe, SGNS,
// SPPMI-SVD and MF-SGNS of one project see the same windows.

import { countOptionsOf } from '../../cooccurrence/count-options-of';
import { availableParallelism } from 'node:os';
import { FirthError } from '../../../shared/errors';
import type { GloveSettings } from '../../../shared/hyperparameters/glove';
import type { Progress } from '../../../shared/progress';
import { gloveCellsReference, type GloveCells, type GloveTables } from '../../compute/reference/glove-epoch';
import { countCooccurrences } from '../../cooccurrence/count';
import type { CooccurrenceMatrix } from '../../cooccurrence/cooccurrence-matrix';
import { throwIfCancelled } from '../../long-work';
import { createXoshiro128 } from '../../random/xoshiro128';
import { startGloveIterations } from './train-glove-wasm';

export interface GloveInput {
  ids: Int32Array;
  vocabularySize: number;
}

export interface GloveIteration {
  iteration: number;
  /** GloVe's figure: the mean of ½·f(N_ij)·(w·c + b + b̃ − log N_ij)² over the cells, during the pass. */
  cost: number;
  seconds: number;
}

export interface GloveResult {
  dimensions: number;
  threads: number;
  /** V×d word and context vectors, float32. */
  W: Float32Array;
  C: Float32Array;
  wordBiases: Float64Array;
  contextBiases: Float64Array;
  costCurve: GloveIteration[];
  cells: number;
  timingsMs: { count: number; train: number };
}

export interface GloveOptions {
  /** wasm (default): compute/cpu/glove.wat on `threads` worker threads, Hogwild; typescript: the reference, one thread. */
  kernel?: 'wasm' | 'typescript';
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  threads?: number;
  memoryBudgetBytes?: number;
}

/** The non-zero cells with log N and f(N), shuffled (Fisher–Yates, seeded) once, as GloVe's shuffle tool does. */
export function shuffledCells(counts: CooccurrenceMatrix, xMax: number, alpha: number, seed: number): GloveCells {
  const size = counts.rowPointers[counts.rows];
  const order = new Uint32Array(size);
  for (let index = 0; index < size; index++) order[index] = index;
  const random = createXoshiro128(seed ^ 0x5f3759df);
  for (let index = size - 1; index > 0; index--) {
    const other = Math.floor(random.nextFloat() * (index + 1));
    const kept = order[index];
    order[index] = order[other];
    order[other] = kept;
  }
  const rowOf = new Uint32Array(size);
  for (let row = 0; row < counts.rows; row++) rowOf.fill(row, counts.rowPointers[row], counts.rowPointers[row + 1]);
  const cells: GloveCells = { rows: new Uint32Array(size), columns: new Uint32Array(size), logCounts: new Float64Array(size), weights: new Float64Array(size) };
  for (let index = 0; index < size; index++) {
    const slot = order[index];
    const value = counts.values[slot];
    cells.rows[index] = rowOf[slot];
    cells.columns[index] = counts.columnIndices[slot];
    cells.logCounts[index] = Math.log(value);
    cells.weights[index] = value > xMax ? 1 : Math.pow(value / xMax, alpha);
  }
  return cells;
}

/**
 * GloVe's start: every parameter, biases included, uniform in [−½, ½)/d; accumulators at 1. The values
 * are float32-representable, so the float32 tables of the cpu kernel and the reference start alike.
 */
export function initialGloveTables(V: number, d: number, seed: number): GloveTables {
  const random = createXoshiro128(seed);
  const parameters = Float64Array.from({ length: 2 * V * (d + 1) }, () => Math.fround((random.nextFloat() - 0.5) / d));
  return { vocabularySize: V, dimensions: d, parameters, squaredGradients: new Float64Array(parameters.length).fill(1) };
}

/** Word (offset 0) or context (offset V) rows of the tables as V×d float32, and their biases. */
export function gloveVectors(tables: GloveTables, offset: 0 | 1): { vectors: Float32Array; biases: Float64Array } {
  const { vocabularySize: V, dimensions: d, parameters } = tables;
  const vectors = new Float32Array(V * d);
  const biases = new Float64Array(V);
  for (let word = 0; word < V; word++) {
    const start = (word + offset * V) * (d + 1);
    for (let b = 0; b < d; b++) vectors[word * d + b] = parameters[start + b];
    biases[word] = parameters[start + d];
  }
  return { vectors, biases };
}

/** Cells between two checks for cancellation and progress. */
const slice = 1 << 15;
const yieldIntervalMs = 50;
const reportIntervalMs = 200;

export async function trainGlove(input: GloveInput, settings: GloveSettings, options: GloveOptions = {}): Promise<GloveResult> {
  const { signal, onProgress } = options;
  const V = input.vocabularySize;
  const d = settings.dimensions;
  let started = performance.now();
  const counts = await countCooccurrences(input.ids, V, countOptionsOf(settings), { signal, onProgress, threads: options.threads, memoryBudgetBytes: options.memoryBudgetBytes });
  const countMs = performance.now() - started;
  const cells = shuffledCells(counts, settings.xMax, settings.alpha, settings.seed);
  const size = cells.rows.length;
  if (size === 0) throw new FirthError('invalid-input', 'The corpus has no co-occurring word pairs within the window: nothing to factorise', { field: 'window' });

  let tables = initialGloveTables(V, d, settings.seed);
  started = performance.now();
  const costCurve: GloveIteration[] = [];
  let lastYield = performance.now();
  let lastReport = -Infinity;
  /** Progress (throttled), a yield to the event loop now and then (so an abort can arrive), cancel. */
  const pause = async (iteration: number, cellsDone: number) => {
    const now = performance.now();
    if (now - lastReport >= reportIntervalMs) {
      lastReport = now;
      const last = costCurve.at(-1);
      onProgress?.({ phase: 'train', done: iteration + cellsDone / size, total: settings.iterations, unit: 'iterations', details: { iteration: iteration + 1, ...(last ? { loss: last.cost } : {}) } });
    }
    if (now - lastYield >= yieldIntervalMs) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    throwIfCancelled(signal);
  };
  const finishIteration = (iteration: number, cost: number) => {
    costCurve.push({ iteration: iteration + 1, cost: cost / size, seconds: (performance.now() - started) / 1000 });
    onProgress?.({ phase: 'train', done: iteration + 1, total: settings.iterations, unit: 'iterations', details: { iteration: iteration + 1, loss: cost / size } });
  };
  const threads = Math.max(1, options.threads ?? availableParallelism());
  if (options.kernel === 'typescript') {
    // The reference stores the vectors and accumulators in float32, as the cpu kernel does.
    const stepOptions = { ...settings, tablePrecision: 'float32' as const };
    for (let iteration = 0; iteration < settings.iterations; iteration++) {
      let cost = 0;
      for (let start = 0; start < size; start += slice) {
        const end = Math.min(size, start + slice);
        cost += gloveCellsReference(tables, cells, start, end, stepOptions);
        await pause(iteration, end);
      }
      finishIteration(iteration, cost);
    }
  } else {
    const iterations = await startGloveIterations(tables, cells, threads);
    try {
      for (let iteration = 0; iteration < settings.iterations; iteration++) {
        const cost = await iterations.iterate(settings.learningRate, settings.gradientClip, (done) => pause(iteration, done));
        finishIteration(iteration, cost);
      }
      tables = iterations.tables();
    } finally {
      await iterations.dispose();
    }
  }
  const trainMs = performance.now() - started;
  const words = gloveVectors(tables, 0);
  const contexts = gloveVectors(tables, 1);
  return {
    dimensions: d,
    threads: options.kernel === 'typescript' ? 1 : threads,
    W: words.vectors,
    C: contexts.vectors,
    wordBiases: words.biases,
    contextBiases: contexts.biases,
    costCurve,
    cells: size,
    timingsMs: { count: countMs, train: trainMs },
  };
}
