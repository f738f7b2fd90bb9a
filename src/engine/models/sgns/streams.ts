// Random streams of a run, all from its seed: one for the initial vectors, one per thread for the
// training loop (subsampling, window, noise draws). Thread i's stream does not depend on how many
// threads run, so a one-thread run and the reference share thread 0's stream.

import { createXoshiro128, xoshiro128FromState } from '../../random/xoshiro128';

export type RandomState = [number, number, number, number];

export interface RunStreams {
  initial: RandomState;
  threads: RandomState[];
}

export function runStreams(seed: number, threads: number): RunStreams {
  const seeder = createXoshiro128(seed);
  const draw = (): RandomState => [seeder.nextUint32(), seeder.nextUint32(), seeder.nextUint32(), seeder.nextUint32()];
  const initial = draw();
  const threadStates: RandomState[] = [];
  for (let thread = 0; thread < threads; thread++) {
    const state = draw();
    // The one state xoshiro cannot leave; xoshiro128FromState makes the same substitution.
    if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
    threadStates.push(state);
  }
  return { initial, threads: threadStates };
}

/** d rounded up to whole f32x4 vectors: rows are padded with zeros that training keeps at zero. */
export function paddedStride(dimensions: number): number {
  return Math.ceil(dimensions / 4) * 4;
}

/**
 * W as word2vec.c starts it, U(−0.5/d, 0.5/d) per coordinate (row by row, d draws each), laid out with
 * `stride` floats per row. C starts at zero.
 */
export function initialWordVectors(V: number, dimensions: number, stride: number, state: RandomState, into?: Float32Array): Float32Array {
  const W = into ?? new Float32Array(V * stride);
  const random = xoshiro128FromState(...state);
  for (let word = 0; word < V; word++) {
    const row = word * stride;
    for (let i = 0; i < dimensions; i++) W[row + i] = (random.nextFloat() - 0.5) / dimensions;
    for (let i = dimensions; i < stride; i++) W[row + i] = 0;
  }
  return W;
}

/** The first `dimensions` floats of each `stride`-float row, as a dense V×d matrix. */
export function unpad(matrix: Float32Array, V: number, dimensions: number, stride: number): Float32Array {
  if (stride === dimensions) return matrix.slice(0, V * dimensions);
  const dense = new Float32Array(V * dimensions);
  for (let word = 0; word < V; word++) dense.set(matrix.subarray(word * stride, word * stride + dimensions), word * dimensions);
  return dense;
}
