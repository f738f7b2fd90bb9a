// MF-SGNS: the SGNS objective over the whole co-occurrence matrix (Kenyon-Dean & Newell's hilbert),
//
//   L = Σ_ij N_ij·softplus(−w_i·c_j) + N⁻_ij·softplus(w_i·c_j),   N⁻_ij = k·N_i·P_α(j),
//
// whose optimum per cell is w_i·c_j = PMI_α(i, j) − log k (Levy & Goldberg 2014). A step is one pass
// over every tile of the matrix (sgns-matrix-pass.ts) followed by ONE optimiser update of all of W and C
// (full batch): with Adam that converged faster per pass than hilbert's update per tile on the
// benchmark words, and it makes the step's loss the exact loss of one set of parameters.
// On the gpu backend the parameters, gradients and optimiser state stay on the device across steps
// (step-parameters.ts); on the others they live on the host.

import { countOptionsOf } from '../../cooccurrence/count-options-of';
import { freemem } from 'node:os';
import { FirthError } from '../../../shared/errors';
import type { MfSgnsSettings } from '../../../shared/hyperparameters/mf-sgns';
import type { Progress } from '../../../shared/progress';
import type { Kernels } from '../../compute/kernels';
import { countCooccurrences } from '../../cooccurrence/count';
import { throwIfCancelled } from '../../long-work';
import { createXoshiro128 } from '../../random/xoshiro128';
import { checkMfSgnsMemory, estimateMfSgnsMemory } from './memory-estimate';
import { sgnsMatrixPass } from './sgns-matrix-pass';
import { deviceStepParameters, hostStepParameters } from './step-parameters';
import { stridedLayout, tileCells, toShardOrder, toWordOrder } from './strided-tiles';
import { loadSppmiSvdWarmStart } from './warm-start';

export interface MfSgnsInput {
  /** Word ids (−1 out of vocabulary, −2 sentence end), vocabulary in count order. */
  ids: Int32Array;
  vocabularySize: number;
  /** The vocabulary's words, to check a warm start against. */
  words?: readonly string[];
}

export interface MfSgnsStep {
  step: number;
  /** The full-matrix SGNS loss at the parameters of this step (before its update). */
  loss: number;
  learningRate: number;
  seconds: number;
}

export interface MfSgnsResult {
  /** The words trained: the first V of the vocabulary (the cap). */
  vocabularySize: number;
  dimensions: number;
  /** V×d, word order. */
  W: Float32Array;
  C: Float32Array;
  lossCurve: MfSgnsStep[];
  /** Steps whose loss or gradient was NaN or Inf: undone, learning rate halved to the one given. */
  rejectedSteps: Array<{ step: number; learningRate: number }>;
  stoppedBy: 'steps' | 'tolerance';
  cooccurrenceCells: number;
  shards: number;
  /** Multiply-adds ×2 of the three GEMMs per pass, over the training time. */
  gflopsPerSecond: number;
  timingsMs: { count: number; train: number };
}

export interface MfSgnsOptions {
  kernels: Kernels;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  threads?: number;
  /** The most memory the run may use; half the free memory when absent. */
  memoryBudgetBytes?: number;
  /** Fixed shard count (tests); by default tiles of at most 2048×2048. */
  shards?: number;
}

/** Ids at or past the cap become out of vocabulary (−1); the vocabulary is in count order, so the cap keeps the most frequent. */
export function capVocabulary(ids: Int32Array, cap: number): Int32Array {
  const capped = new Int32Array(ids.length);
  for (let position = 0; position < ids.length; position++) capped[position] = ids[position] >= cap ? -1 : ids[position];
  return capped;
}

/** Halvings of the learning rate before a run that keeps producing NaN is given up. */
const mostRejections = 30;
const reportIntervalMs = 200;

export async function trainMfSgns(input: MfSgnsInput, settings: MfSgnsSettings, options: MfSgnsOptions): Promise<MfSgnsResult> {
  const { kernels, signal, onProgress } = options;
  const V = Math.min(settings.maxSize, input.vocabularySize);
  const d = settings.dimensions;
  if (V < 2) throw new FirthError('invalid-input', `MF-SGNS needs at least 2 words in the vocabulary (got ${V})`, { field: 'maxSize' });
  if (d > V) throw new FirthError('invalid-input', `dimensions (${d}) must be at most the vocabulary (${V} words)`, { field: 'dimensions' });
  const layout = stridedLayout(V, options.shards);
  const memory = estimateMfSgnsMemory(layout, d, input.ids.length, settings.window);
  checkMfSgnsMemory(memory, options.memoryBudgetBytes ?? freemem() / 2, V, d);

  const warmStart = settings.init === 'random' ? undefined : await loadSppmiSvdWarmStart(settings.init, input.words?.slice(0, V), V, d);

  let started = performance.now();
  const ids = V < input.vocabularySize ? capVocabulary(input.ids, V) : input.ids;
  const counts = await countCooccurrences(ids, V, countOptionsOf(settings), { signal, onProgress, threads: options.threads, memoryBudgetBytes: options.memoryBudgetBytes });
  const countMs = performance.now() - started;
  const cooccurrenceCells = counts.rowPointers[counts.rows];
  if (cooccurrenceCells === 0) {
    throw new FirthError('invalid-input', 'The corpus has no co-occurring word pairs within the window: nothing to factorise', { field: 'window' });
  }

  // The negative term's marginals: k·N_i per row and P_α(j) per column, in shard order.
  const negativeRows = new Float64Array(V);
  const contextProbabilities = new Float64Array(V);
  let smoothedTotal = 0;
  for (let word = 0; word < V; word++) smoothedTotal += Math.pow(counts.columnSums[word], settings.cds);
  for (let word = 0; word < V; word++) {
    negativeRows[layout.position[word]] = settings.negative * counts.rowSums[word];
    contextProbabilities[layout.position[word]] = Math.pow(counts.columnSums[word], settings.cds) / smoothedTotal;
  }
  const problem = { layout, dimensions: d, cells: tileCells(layout, counts), negativeRows, contextProbabilities, negative: settings.negative, hilbert: settings.negativeTerm === 'hilbert' };

  let W: Float32Array;
  let C: Float32Array;
  if (warmStart) {
    W = toShardOrder(layout, warmStart.W, d);
    C = toShardOrder(layout, warmStart.C, d);
  } else {
    // GloVe's and word2vec's small uniform start, (u − ½)/d, for both tables: both must move from the start.
    const random = createXoshiro128(settings.seed);
    W = Float32Array.from({ length: V * d }, () => (random.nextFloat() - 0.5) / d);
    C = Float32Array.from({ length: V * d }, () => (random.nextFloat() - 0.5) / d);
  }
  // A backend with device memory (gpu) keeps W, C, their gradients and the optimiser's state there
  // across steps; the others run the pass tile by tile and the optimiser on the host.
  const resident = await kernels.residentSgnsPass?.({ ...problem, shardStart: layout.shardStart });
  const parameters = resident ? deviceStepParameters(await resident.train(W, C, settings.optimizer)) : hostStepParameters(sgnsMatrixPass(problem, kernels), W, C, settings.optimizer);

  try {
    started = performance.now();
    const tiles = layout.shards * layout.shards;
    const lossCurve: MfSgnsStep[] = [];
    const rejectedSteps: MfSgnsResult['rejectedSteps'] = [];
    let learningRate = settings.learningRate;
    let step = 0;
    let updated = false;
    let stoppedBy: MfSgnsResult['stoppedBy'] = 'steps';
    let lastReport = -Infinity;
    const report = (tilesDone: number, force = false) => {
      const now = performance.now();
      if (!force && now - lastReport < reportIntervalMs) return;
      lastReport = now;
      const last = lossCurve.at(-1);
      onProgress?.({
        phase: 'train',
        done: Math.min(settings.steps, step + tilesDone / tiles),
        total: settings.steps,
        unit: 'steps',
        details: { step, lr: learningRate, ...(last ? { loss: last.loss } : {}) },
      });
    };
    let passes = 0;
    for (;;) {
      let tilesDone = 0;
      const loss = await parameters.pass(signal, () => report(++tilesDone));
      passes++;
      if (!Number.isFinite(loss)) {
        if (!updated) throw new FirthError('invalid-input', 'The initial vectors give a NaN or infinite loss: nothing to train from', { field: 'init' });
        // Back to the parameters before the last update, and take it again at half the rate.
        parameters.undo();
        // The restored parameters are the previous step's, whose loss stays the curve's last entry (and
        // what progress reports while the step is retaken): the curve never shows a step that was undone.
        step--;
        learningRate /= 2;
        rejectedSteps.push({ step: step + 1, learningRate });
        onProgress?.({ phase: 'train', done: step, total: settings.steps, unit: 'steps', details: { step, lr: learningRate, rejectedStep: step + 1 } });
        if (rejectedSteps.length > mostRejections) {
          throw new FirthError('invalid-input', `MF-SGNS kept producing NaN after ${mostRejections} halvings of the learning rate (now ${learningRate}): lower learningRate`, { field: 'learningRate' });
        }
      } else {
        const entry = { step, loss, learningRate, seconds: (performance.now() - started) / 1000 };
        // A retaken step (after a rejection) recomputes the loss of parameters already on the curve.
        if (lossCurve.at(-1)?.step === step) lossCurve[lossCurve.length - 1] = entry;
        else lossCurve.push(entry);
        report(0, true);
        if (step >= settings.steps) break;
        const previous = lossCurve.at(-2);
        if (settings.tolerance > 0 && previous && Math.abs(previous.loss - loss) <= settings.tolerance * Math.abs(previous.loss)) {
          stoppedBy = 'tolerance';
          break;
        }
        await parameters.update(learningRate);
        updated = true;
        step++;
      }
      throwIfCancelled(signal);
    }
    // On the device, W and C come back here, once.
    ({ W, C } = await parameters.read());
    const trainMs = performance.now() - started;
    const flopsPerPass = 3 * 2 * V * V * d;
    return {
      vocabularySize: V,
      dimensions: d,
      W: toWordOrder(layout, W, d),
      C: toWordOrder(layout, C, d),
      lossCurve,
      rejectedSteps,
      stoppedBy,
      cooccurrenceCells,
      shards: layout.shards,
      gflopsPerSecond: (flopsPerPass * passes) / (trainMs / 1000) / 1e9,
      timingsMs: { count: countMs, train: trainMs },
    };
  } finally {
    parameters.dispose();
    resident?.dispose();
  }
}
