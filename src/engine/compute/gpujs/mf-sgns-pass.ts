// A whole MF-SGNS pass on gpu.js webgpu with W and C on the device, and the count tiles resident for
// the run (docs/kernels.md, "MF-SGNS on the gpu backend"). W and C are held per shard (W_a, C_b), so a
// training (mf-sgns-training.ts) keeps them, their gradients and the optimiser's state there across
// steps; run() uploads them for one pass and reads the gradients back (calibration, tests).
// Per tile (rows of shard a, columns of shard b), every array a kernel reads is a pipeline buffer:
//
//   M   = W_a·C_bᵀ                        scores kernel, [n, m]
//   G   = (N + N⁻)∘σ(M) − N               gradient kernel, [n, m], N from the resident dense count tile
//   ℓ_i = Σ_j N·softplus(−x) + N⁻·softplus(x)   row-loss kernel, [m], read back (float64 sum on the host)
//   ∇W_a ← ∇W_a + G·C_b,  ∇C_b ← ∇C_b + Gᵀ·W_a  accumulating kernels, [d, m] and [d, n]
//
// The kernels are written one output per thread (no Array(4)): gpu.js webgpu binds only single-value
// pipeline results as arguments (docs/kernels.md, gpu.js pitfall 5), and every binding is indexed flat.
// Pipeline kernels are immutable: each call writes a new buffer, so a kernel may take its own previous
// output (the running gradient sums, the optimiser's moments) and the inputs of a step stay intact.
// N⁻ is k·N_i·P(j), or k·(N_i − N_ij)·P(j) under hilbert. The dense count tiles cost 4·V² bytes of
// device memory, which bounds the vocabulary this path accepts (residentSgnsPassFits).

import type { GPU, IKernelRunShortcut } from 'gpu.js';
import { FirthError } from '../../../shared/errors';
import { throwIfCancelled } from '../../long-work';
import type { ResidentSgnsPass, ResidentSgnsTraining, SgnsMatrixTiles } from '../sgns-matrix-tiles';
import { createGpujsResidentSgnsTraining } from './mf-sgns-training';
import type { QuadKernelSettings } from './quad-layout';

/** Device memory the resident count tiles may take: beyond it the pass runs tile by tile through the host. */
export const residentCountBytesLimit = 2 * 2 ** 30;

/**
 * Whether the pass fits: the count tiles (4·V² bytes) and a training's tables within
 * residentCountBytesLimit — W, C, their gradients, Adam's two moments per table and the previous
 * step's W, C and moments kept for undo: 16 V×d float32 tables, 64·V·d bytes — and every index exact
 * in float32 (below 2²⁴, docs/kernels.md, gpu.js pitfall 5): V·d in W and C, m·n in a tile; no shard empty.
 */
export function residentSgnsPassFits(shardStart: Uint32Array, d: number): boolean {
  const shards = shardStart.length - 1;
  const V = shardStart[shards];
  let largest = 0;
  let smallest = Infinity;
  for (let shard = 0; shard < shards; shard++) {
    largest = Math.max(largest, shardStart[shard + 1] - shardStart[shard]);
    smallest = Math.min(smallest, shardStart[shard + 1] - shardStart[shard]);
  }
  // An empty shard (more shards than words, tests only) has no device buffer to hold: the host path takes it.
  return smallest > 0 && 4 * V * V + 64 * V * d <= residentCountBytesLimit && V * d < 2 ** 24 && largest * largest < 2 ** 24;
}

/** softplus(x) with one exp, e = exp(−|x|); log(1 + e) taken as e − e²/2 where float32's 1 + e has lost e. */
const softplusLines = `    const e = Math.exp(-Math.abs(x));
    let softplus = Math.log(1 + e);
    if (e < 0.0001) {
      softplus = e - 0.5 * e * e;
    }
    if (x > 0) {
      softplus = softplus + x;
    }`;

const copySource = `function (values) {
  return values[this.thread.y * this.constants.width + this.thread.x];
}`;

const zerosSource = `function () {
  return 0;
}`;

const scoresSource = `function (W, C) {
  const w = this.thread.y * this.constants.d;
  const c = this.thread.x * this.constants.d;
  let sum = 0;
  for (let k = 0; k < this.constants.d; k++) {
    sum += W[w + k] * C[c + k];
  }
  return sum;
}`;
const gradientSource = `function (scores, counts, negativeRows, probabilities, negative, hilbert) {
  const cell = this.thread.y * this.constants.n + this.thread.x;
  const x = scores[cell];
  const positive = counts[cell];
  let weight = negativeRows[this.thread.y] * probabilities[this.thread.x] + positive;
  if (hilbert > 0) {
    weight = weight - negative * positive * probabilities[this.thread.x];
  }
  const e = Math.exp(-Math.abs(x));
  let sigma = e / (1 + e);
  if (x >= 0) {
    sigma = 1 / (1 + e);
  }
  return weight * sigma - positive;
}`;

const rowLossSource = `function (scores, counts, negativeRows, probabilities, negative, hilbert) {
  const offset = this.thread.x * this.constants.n;
  const rowNegative = negativeRows[this.thread.x];
  let sum = 0;
  for (let j = 0; j < this.constants.n; j++) {
    const x = scores[offset + j];
    const positive = counts[offset + j];
${softplusLines}
    let weight = rowNegative * probabilities[j] + positive;
    if (hilbert > 0) {
      weight = weight - negative * positive * probabilities[j];
    }
    sum += weight * softplus - positive * x;
  }
  return sum;
}`;

// ∇W_a[i][k] += Σ_j G[i][j]·C_b[j·d + k]  (output [d, m])
const gradWSource = `function (previous, gradient, C) {
  const i = this.thread.y;
  const k = this.thread.x;
  const g = i * this.constants.n;
  let sum = 0;
  for (let j = 0; j < this.constants.n; j++) {
    sum += gradient[g + j] * C[j * this.constants.d + k];
  }
  return previous[i * this.constants.d + k] + sum;
}`;

// ∇C_b[j][k] += Σ_i G[i][j]·W_a[i·d + k]  (output [d, n])
const gradCSource = `function (previous, gradient, W) {
  const j = this.thread.y;
  const k = this.thread.x;
  let sum = 0;
  for (let i = 0; i < this.constants.m; i++) {
    sum += gradient[i * this.constants.n + j] * W[i * this.constants.d + k];
  }
  return previous[j * this.constants.d + k] + sum;
}`;

/** A pipeline buffer (gpu.js webgpu's WebGPUBufferResult). */
export interface DeviceArray {
  toArray(): Promise<unknown>;
  delete(): void;
}

export type Kernel = (...values: unknown[]) => unknown;

/** What a training on the device needs of the pass: its kernels, uploads, counted reads and the pass itself. */
export interface DeviceContext {
  shardStart: Uint32Array;
  dimensions: number;
  /** A kernel compiled once per source, shape and constants; pipeline kernels return DeviceArrays. */
  kernel(key: string, source: string, output: number[], constants: Record<string, number>, argumentTypes: Record<string, string>, loop: number, pipeline: boolean): Kernel;
  call<T>(run: Kernel, ...values: unknown[]): Promise<T>;
  upload(values: Float32Array, rows: number, width: number): Promise<DeviceArray>;
  /** A DeviceArray's values (rows of a 2-D output, a Float32Array of a 1-D one), counted as a readback of `floats` values. */
  read(array: DeviceArray, floats: number): Promise<unknown>;
  /** Reads from the device so far, and the floats they carried. */
  counts(): { readbacks: number; floats: number };
  /** Values read back from a non-pipeline kernel, counted like read(). */
  counted<T>(values: T, floats: number): T;
  /**
   * The loss at W_a, C_b (per shard, on the device) and the gradients ∇W_a, ∇C_b left on the device;
   * every buffer it made is freed if it throws.
   */
  pass(words: DeviceArray[], contexts: DeviceArray[], signal?: AbortSignal, onTile?: () => void): Promise<{ loss: number; gradW: DeviceArray[]; gradC: DeviceArray[] }>;
}

export async function createGpujsResidentSgnsPass(gpu: GPU, problem: SgnsMatrixTiles): Promise<ResidentSgnsPass> {
  const { shardStart, dimensions: d, cells, negativeRows, contextProbabilities, negative, hilbert } = problem;
  const shards = shardStart.length - 1;
  const V = shardStart[shards];
  if (!residentSgnsPassFits(shardStart, d)) {
    throw new FirthError('invalid-input', `the resident MF-SGNS pass holds 4·V² bytes of counts on the device: V = ${V} is too large`, { field: 'maxSize' });
  }
  const size = (shard: number) => shardStart[shard + 1] - shardStart[shard];
  const compiled = new Map<string, IKernelRunShortcut>();
  const kernel: DeviceContext['kernel'] = (key, source, output, constants, argumentTypes, loop, pipeline) => {
    const name = `${key}|${output.join('x')}|${JSON.stringify(constants)}|${pipeline}`;
    let compiledKernel = compiled.get(name);
    if (!compiledKernel) {
      const settings = { output, constants, argumentTypes, returnType: 'Number', loopMaxIterations: Math.max(1, loop), asyncMode: true, precision: 'single' } as QuadKernelSettings;
      compiledKernel = gpu.createKernel(source, pipeline ? ({ ...settings, pipeline: true, immutable: true } as QuadKernelSettings) : settings);
      compiled.set(name, compiledKernel);
    }
    return compiledKernel as unknown as Kernel;
  };
  const call = async <T>(run: Kernel, ...values: unknown[]): Promise<T> => (await Promise.resolve(run(...values))) as T;
  const upload = (values: Float32Array, rows: number, width: number) =>
    call<DeviceArray>(kernel('copy', copySource, [width, rows], { width }, { values: 'Array' }, 1, true), values);
  const zeros = (rows: number, width: number) => call<DeviceArray>(kernel('zeros', zerosSource, [width, rows], {}, {}, 1, true));

  // The dense count tiles, once for the run.
  const countTiles: DeviceArray[][] = [];
  for (let a = 0; a < shards; a++) {
    countTiles.push([]);
    for (let b = 0; b < shards; b++) {
      const dense = new Float32Array(size(a) * size(b));
      const tile = cells[a][b];
      for (let slot = 0; slot < tile.index.length; slot++) dense[tile.index[slot]] = tile.values[slot];
      countTiles[a].push(await upload(dense, size(a), size(b)));
    }
  }
  const rowWeights = Array.from({ length: shards }, (_, a) => Float32Array.from(negativeRows.subarray(shardStart[a], shardStart[a + 1])));
  const columnProbabilities = Array.from({ length: shards }, (_, b) => Float32Array.from(contextProbabilities.subarray(shardStart[b], shardStart[b + 1])));
  const counter = { readbacks: 0, floats: 0 };
  let disposed = false;
  const trainings: ResidentSgnsTraining[] = [];
  const checkLive = () => {
    if (disposed) throw new FirthError('cancelled', 'the resident MF-SGNS pass was disposed');
  };

  const devicePass: DeviceContext['pass'] = async (words, contexts, signal, onTile) => {
    checkLive();
    // The buffers this pass holds; each is deleted as soon as the kernels that read it are submitted
    // (WebGPU frees a buffer only once the work reading it is done), and all of them on an error.
    const live = new Set<DeviceArray>();
    const keep = <T extends DeviceArray>(array: T): T => (live.add(array), array);
    const drop = (array: DeviceArray) => {
      live.delete(array);
      array.delete();
    };
    try {
      const gradC: DeviceArray[] = [];
      const gradW: DeviceArray[] = [];
      for (let b = 0; b < shards; b++) gradC.push(keep(await zeros(size(b), d)));
      let loss = 0;
      const flags = { negative, hilbert: hilbert ? 1 : 0 };
      for (let a = 0; a < shards; a++) {
        const m = size(a);
        let gradW_a = keep(await zeros(m, d));
        for (let b = 0; b < shards; b++) {
          throwIfCancelled(signal);
          const n = size(b);
          if (m === 0 || n === 0) continue;
          const scores = keep(await call<DeviceArray>(kernel('scores', scoresSource, [n, m], { d }, { W: 'Array', C: 'Array' }, d, true), words[a], contexts[b]));
          const cellTypes = { scores: 'Array', counts: 'Array', negativeRows: 'Array', probabilities: 'Array', negative: 'Float', hilbert: 'Float' };
          const cellArguments = [scores, countTiles[a][b], rowWeights[a], columnProbabilities[b], flags.negative, flags.hilbert];
          const gradient = keep(await call<DeviceArray>(kernel('gradient', gradientSource, [n, m], { n }, cellTypes, 1, true), ...cellArguments));
          const rowLosses = counted(await call<Float32Array>(kernel('row-loss', rowLossSource, [m], { n }, cellTypes, n, false), ...cellArguments), m);
          for (const value of rowLosses) loss += value;
          const previousW = gradW_a;
          gradW_a = keep(await call<DeviceArray>(kernel('grad-w', gradWSource, [d, m], { n, d }, { previous: 'Array', gradient: 'Array', C: 'Array' }, n, true), gradW_a, gradient, contexts[b]));
          const previousC = gradC[b];
          gradC[b] = keep(await call<DeviceArray>(kernel('grad-c', gradCSource, [d, n], { m, n, d }, { previous: 'Array', gradient: 'Array', W: 'Array' }, m, true), gradC[b], gradient, words[a]));
          for (const array of [scores, gradient, previousW, previousC]) drop(array);
          onTile?.();
        }
        gradW.push(gradW_a);
      }
      // The gradients are the caller's now.
      for (const array of [...gradW, ...gradC]) live.delete(array);
      return { loss, gradW, gradC };
    } finally {
      // WebGPU defers freeing a buffer until the work that reads it is done.
      for (const array of live) array.delete();
    }
  };
  const read = async (array: DeviceArray, floats: number) => counted((await array.toArray()) as Float32Array[], floats);
  const counted = <T>(values: T, floats: number): T => {
    counter.readbacks++;
    counter.floats += floats;
    return values;
  };
  const uploadShards = async (table: Float32Array, held: DeviceArray[]) => {
    for (let a = 0; a < shards; a++) held.push(await upload(table.subarray(shardStart[a] * d, shardStart[a + 1] * d), size(a), d));
    return held;
  };
  const context: DeviceContext = { shardStart, dimensions: d, kernel, call, upload, read, counted, counts: () => ({ ...counter }), pass: devicePass };

  return {
    get readbacks() {
      return counter.readbacks;
    },
    async run(W, C, gradW, gradC, signal, onTile) {
      checkLive();
      const held: DeviceArray[] = [];
      try {
        const words = await uploadShards(W, []);
        held.push(...words);
        const contexts = await uploadShards(C, []);
        held.push(...contexts);
        const result = await devicePass(words, contexts, signal, onTile);
        held.push(...result.gradW, ...result.gradC);
        for (const [gradients, target] of [
          [result.gradW, gradW],
          [result.gradC, gradC],
        ] as const) {
          for (let a = 0; a < shards; a++) {
            const rows = await read(gradients[a], size(a) * d);
            for (let i = 0; i < size(a); i++) for (let k = 0; k < d; k++) target[(shardStart[a] + i) * d + k] = rows[i][k];
          }
        }
        // WGSL may assume no NaN or infinity: a gradient that came back with one makes the loss NaN, so the step is rejected.
        for (const values of [gradW, gradC]) for (const value of values) if (!Number.isFinite(value)) return Number.NaN;
        return result.loss;
      } finally {
        for (const array of held) array.delete();
      }
    },
    async train(W, C, optimizer) {
      checkLive();
      const training = await createGpujsResidentSgnsTraining(context, W, C, optimizer);
      trainings.push(training);
      return training;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const training of trainings) training.dispose();
      for (const row of countTiles) for (const tile of row) tile.delete();
      for (const compiledKernel of compiled.values()) compiledKernel.destroy();
      compiled.clear();
    },
  };
}
