// A whole MF-SGNS pass on gpu.js webgpu with W and C resident on the device for the pass, and the
// count tiles resident for the run (docs/kernels.md, "MF-SGNS on the gpu backend"). Per step: W and C
// go up once, each tile's row losses (m floats) come back, and the gradients come back once per shard.
// Per tile (rows of shard a, columns of shard b), every array a kernel reads is a pipeline buffer:
//
//   M   = W_a·C_bᵀ                        scores kernel, [n, m], reads W and C at the shards' offsets
//   G   = (N + N⁻)∘σ(M) − N               gradient kernel, [n, m], N from the resident dense count tile
//   ℓ_i = Σ_j N·softplus(−x) + N⁻·softplus(x)   row-loss kernel, [m], read back (float64 sum on the host)
//   ∇W_a ← ∇W_a + G·C_b,  ∇C_b ← ∇C_b + Gᵀ·W_a  accumulating kernels, [d, m] and [d, n]
//
// The kernels are written one output per thread (no Array(4)): gpu.js webgpu binds only single-value
// pipeline results as arguments (docs/kernels.md, gpu.js pitfall 5), and every binding is indexed flat.
// N⁻ is k·N_i·P(j), or k·(N_i − N_ij)·P(j) under hilbert. The dense count tiles cost 4·V² bytes of
// device memory, which bounds the vocabulary this path accepts (residentSgnsPassFits).

import type { GPU, IKernelRunShortcut } from 'gpu.js';
import { FirthError } from '../../../shared/errors';
import { throwIfCancelled } from '../../long-work';
import type { ResidentSgnsPass, SgnsMatrixTiles } from '../sgns-matrix-tiles';
import type { QuadKernelSettings } from './quad-layout';

/** Device memory the resident count tiles may take: beyond it the pass runs tile by tile through the host. */
export const residentCountBytesLimit = 2 * 2 ** 30;

/**
 * Whether the pass fits: the count tiles and tables within residentCountBytesLimit, and every index
 * exact in float32 (below 2²⁴, docs/kernels.md, gpu.js pitfall 5): V·d in W and C, m·n in a tile.
 */
export function residentSgnsPassFits(shardStart: Uint32Array, d: number): boolean {
  const shards = shardStart.length - 1;
  const V = shardStart[shards];
  let largest = 0;
  for (let shard = 0; shard < shards; shard++) largest = Math.max(largest, shardStart[shard + 1] - shardStart[shard]);
  return 4 * V * V + 16 * V * d <= residentCountBytesLimit && V * d < 2 ** 24 && largest * largest < 2 ** 24;
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

const scoresSource = `function (W, C, wOffset, cOffset) {
  const w = wOffset + this.thread.y * this.constants.d;
  const c = cOffset + this.thread.x * this.constants.d;
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

// ∇W_a[i][k] += Σ_j G[i][j]·C[cOffset + j·d + k]  (output [d, m])
const gradWSource = `function (previous, gradient, C, cOffset) {
  const i = this.thread.y;
  const k = this.thread.x;
  const g = i * this.constants.n;
  let sum = 0;
  for (let j = 0; j < this.constants.n; j++) {
    sum += gradient[g + j] * C[cOffset + j * this.constants.d + k];
  }
  return previous[i * this.constants.d + k] + sum;
}`;

// ∇C_b[j][k] += Σ_i G[i][j]·W[wOffset + i·d + k]  (output [d, n])
const gradCSource = `function (previous, gradient, W, wOffset) {
  const j = this.thread.y;
  const k = this.thread.x;
  let sum = 0;
  for (let i = 0; i < this.constants.m; i++) {
    sum += gradient[i * this.constants.n + j] * W[wOffset + i * this.constants.d + k];
  }
  return previous[j * this.constants.d + k] + sum;
}`;

/** A pipeline buffer (gpu.js webgpu's WebGPUBufferResult). */
interface DeviceArray {
  toArray(): Promise<unknown>;
  delete(): void;
}

type Kernel = (...values: unknown[]) => unknown;

export async function createGpujsResidentSgnsPass(gpu: GPU, problem: SgnsMatrixTiles): Promise<ResidentSgnsPass> {
  const { shardStart, dimensions: d, cells, negativeRows, contextProbabilities, negative, hilbert } = problem;
  const shards = shardStart.length - 1;
  const V = shardStart[shards];
  if (!residentSgnsPassFits(shardStart, d)) {
    throw new FirthError('invalid-input', `the resident MF-SGNS pass holds 4·V² bytes of counts on the device: V = ${V} is too large`, { field: 'maxSize' });
  }
  const size = (shard: number) => shardStart[shard + 1] - shardStart[shard];
  const compiled = new Map<string, IKernelRunShortcut>();
  const kernel = (key: string, source: string, output: number[], constants: Record<string, number>, argumentTypes: Record<string, string>, loop: number, pipeline: boolean): Kernel => {
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
  let readbacks = 0;
  let disposed = false;
  const read = async (array: DeviceArray): Promise<Float32Array[]> => {
    readbacks++;
    return (await array.toArray()) as Float32Array[];
  };

  return {
    get readbacks() {
      return readbacks;
    },
    async run(W, C, gradW, gradC, signal, onTile) {
      if (disposed) throw new FirthError('cancelled', 'the resident MF-SGNS pass was disposed');
      // The buffers this pass holds now; each is deleted as soon as the kernels that read it are submitted
      // (WebGPU frees a buffer only once the work reading it is done), and all of them on an error.
      const live = new Set<DeviceArray>();
      const keep = <T extends DeviceArray>(array: T): T => (live.add(array), array);
      const drop = (array: DeviceArray) => {
        live.delete(array);
        array.delete();
      };
      try {
        const words = keep(await upload(W, V, d));
        const contexts = keep(await upload(C, V, d));
        const gradC_b: DeviceArray[] = [];
        for (let b = 0; b < shards; b++) gradC_b.push(keep(await zeros(size(b), d)));
        let loss = 0;
        const flags = { negative, hilbert: hilbert ? 1 : 0 };
        for (let a = 0; a < shards; a++) {
          const m = size(a);
          let gradW_a = keep(await zeros(m, d));
          for (let b = 0; b < shards; b++) {
            throwIfCancelled(signal);
            const n = size(b);
            if (m === 0 || n === 0) continue;
            const scores = keep(
              await call<DeviceArray>(
                kernel('scores', scoresSource, [n, m], { d }, { W: 'Array', C: 'Array', wOffset: 'Float', cOffset: 'Float' }, d, true),
                words,
                contexts,
                shardStart[a] * d,
                shardStart[b] * d,
              ),
            );
            const cellTypes = { scores: 'Array', counts: 'Array', negativeRows: 'Array', probabilities: 'Array', negative: 'Float', hilbert: 'Float' };
            const cellArguments = [scores, countTiles[a][b], rowWeights[a], columnProbabilities[b], flags.negative, flags.hilbert];
            const gradient = keep(await call<DeviceArray>(kernel('gradient', gradientSource, [n, m], { n }, cellTypes, 1, true), ...cellArguments));
            const rowLosses = (await call<Float32Array>(kernel('row-loss', rowLossSource, [m], { n }, cellTypes, n, false), ...cellArguments)) as Float32Array;
            readbacks++;
            for (const value of rowLosses) loss += value;
            const previousW = gradW_a;
            gradW_a = keep(
              await call<DeviceArray>(kernel('grad-w', gradWSource, [d, m], { n, d }, { previous: 'Array', gradient: 'Array', C: 'Array', cOffset: 'Float' }, n, true), gradW_a, gradient, contexts, shardStart[b] * d),
            );
            const previousC = gradC_b[b];
            gradC_b[b] = keep(
              await call<DeviceArray>(kernel('grad-c', gradCSource, [d, n], { m, n, d }, { previous: 'Array', gradient: 'Array', W: 'Array', wOffset: 'Float' }, m, true), gradC_b[b], gradient, words, shardStart[a] * d),
            );
            for (const array of [scores, gradient, previousW, previousC]) drop(array);
            onTile?.();
          }
          const rows = await read(gradW_a);
          drop(gradW_a);
          for (let i = 0; i < m; i++) for (let k = 0; k < d; k++) gradW[(shardStart[a] + i) * d + k] = rows[i][k];
        }
        for (let b = 0; b < shards; b++) {
          const rows = await read(gradC_b[b]);
          for (let j = 0; j < size(b); j++) for (let k = 0; k < d; k++) gradC[(shardStart[b] + j) * d + k] = rows[j][k];
        }
        // WGSL may assume no NaN or infinity: a gradient that came back with one makes the loss NaN, so the step is rejected.
        for (const values of [gradW, gradC]) for (const value of values) if (!Number.isFinite(value)) return Number.NaN;
        return loss;
      } finally {
        // WebGPU defers freeing a buffer until the work that reads it is done.
        for (const array of live) array.delete();
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const row of countTiles) for (const tile of row) tile.delete();
      for (const compiledKernel of compiled.values()) compiledKernel.destroy();
      compiled.clear();
    },
  };
}
