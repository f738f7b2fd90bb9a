// How fast a backend runs MF-SGNS's matrix pass, measured on a small synthetic problem, so the Runs
// form can say the time per step before a run starts. The rate is in the trainer's own units
// (results.gflopsPerSecond: the three GEMMs' 6·V²·d flops over the whole pass's time, element-wise
// kernel and transposes included), so a calibrated rate and a finished run's rate mean the same.

import { mfSgnsFlopsPerStep } from '../../../shared/training-estimate';
import type { Kernels } from '../../compute/kernels';
import { createXoshiro128 } from '../../random/xoshiro128';
import { sgnsMatrixPass } from './sgns-matrix-pass';
import { stridedLayout, type TileCells } from './strided-tiles';

/**
 * One pass over a V×V matrix in a single tile (V at most a tile side), timed after a first pass that
 * warms the kernels up; returns GFLOP/s in the trainer's units. The observed cells are empty: the
 * dense negative term, which every cell pays, dominates the element-wise work.
 */
export async function calibrateMfSgnsPass(kernels: Kernels, V: number, d: number, signal?: AbortSignal): Promise<number> {
  const layout = stridedLayout(V, 1);
  const random = createXoshiro128(7);
  const W = Float32Array.from({ length: V * d }, () => (random.nextFloat() - 0.5) / d);
  const C = Float32Array.from({ length: V * d }, () => (random.nextFloat() - 0.5) / d);
  const empty: TileCells = { index: new Uint32Array(0), values: new Float64Array(0) };
  const pass = sgnsMatrixPass(
    {
      layout,
      dimensions: d,
      cells: [[empty]],
      negativeRows: new Float64Array(V).fill(50),
      contextProbabilities: new Float64Array(V).fill(1 / V),
      negative: 5,
      hilbert: false,
    },
    kernels,
  );
  const gradW = new Float64Array(V * d);
  const gradC = new Float64Array(V * d);
  await pass(W, C, gradW, gradC, signal);
  const started = performance.now();
  await pass(W, C, gradW, gradC, signal);
  const seconds = Math.max(1e-6, (performance.now() - started) / 1000);
  return mfSgnsFlopsPerStep(V, d) / seconds / 1e9;
}
